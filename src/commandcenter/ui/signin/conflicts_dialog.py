"""同步冲突: the events the platform did not take — a conflict (another workstation's change was
committed first) or a rejection (the platform's rules) — each with the platform's reason and its
view of the case. The duty officer re-applies one (recorded again on the case as it is now, a new
event for the platform) or dismisses it (kept in the history, no longer listed). Reads and
writes run on the lanes; the dialog never touches the database itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QObject,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import CaseState
from ...services.task_runner import TaskRunner
from ...store.sync_store import Refusal
from ..common.i18n import tr_label
from ..common.plain_text import plain, tooltip
from ..common.read_only_table import ReadOnlyTableModel


class RefusalTableModel(ReadOnlyTableModel):
    CASE, EVENT, AT, ACTOR, OUTCOME, PLATFORM, REASON = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        headers = (
            self.tr("案件编号"),
            self.tr("操作"),
            self.tr("时间"),
            self.tr("操作人"),
            self.tr("结果"),
            self.tr("平台上的状态"),
            self.tr("原因"),
        )
        self.set_rows((), (), headers)

    def set_refusals(self, refusals: list[Refusal], names: Callable[[str], str]) -> None:
        self.set_rows(refusals, (self._row_texts(r, names) for r in refusals))

    def refusal_at(self, row: int) -> Refusal:
        refusal: Refusal = self.row_at(row)
        return refusal

    def tooltip_text(self, row: int, column: int) -> str:
        text = self.text(row, column)
        refusal = self.refusal_at(row)
        if column == self.REASON and refusal.message:
            # The platform's own words, for the shift leader or support.
            said = self.tr("平台说明：%s") % refusal.message
            text = f"{text}\n{said}"
        return tooltip(text)

    def _row_texts(self, r: Refusal, names: Callable[[str], str]) -> tuple[str, ...]:
        outcome = self.tr("冲突") if r.status == "conflict" else self.tr("驳回")
        platform = ""
        if r.server_case:
            state = r.server_case.get("state")
            try:
                platform = tr_label(CaseState(str(state)))
            except ValueError:
                platform = str(state or "")
        return (
            r.case_no,
            tr_label(r.type),
            r.at.strftime("%m-%d %H:%M"),
            names(r.actor) if r.actor else self.tr("系统"),
            outcome,
            platform,
            self.reason_text(r.reason) or r.message or r.reason or "",
        )

    def reason_text(self, reason: str | None) -> str:
        """The platform's reason code in words; "" for a code this version does not know."""
        texts = {
            "illegal_transition": self.tr("平台上的案件已被他人处理，状态已变化，此操作不再适用"),
            "state_conflict": self.tr("与平台上案件的当前状态冲突"),
            "duplicate_case_no": self.tr("案件编号在平台上已被占用"),
            "outside_prefix": self.tr("案件编号不属于本街道的编号段"),
            "role_not_allowed": self.tr("该角色不能执行此操作"),
            "not_allowed": self.tr("此账号无权提交此操作"),
            "not_your_event": self.tr("此账号只能提交本人的操作"),
            "other_street": self.tr("案件不属于本街道"),
            "unknown_case": self.tr("平台上没有这个案件"),
            "unknown_grid": self.tr("平台上没有这个网格"),
            "unknown_category": self.tr("平台上没有这个案件类别"),
            "unknown_person": self.tr("平台上没有这个人员"),
            "unknown_department": self.tr("平台上没有这个部门"),
            "invalid_field": self.tr("内容不符合平台要求"),
            "missing_field": self.tr("缺少平台要求的内容"),
        }
        return texts.get(reason or "", "")


class ConflictsDialog(QDialog):
    """Re-apply or dismiss each refused event. `changed` after either went through (the caller
    syncs at once and refreshes its counts)."""

    changed = Signal()
    loaded = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        load: Callable[[], list[Refusal]],
        reapply: Callable[[Refusal], object],
        dismiss: Callable[[Refusal], None],
        names: Callable[[str], str] = lambda code: code,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("同步冲突"))
        self.resize(900, 420)
        self._runner = runner
        self._load = load
        self._reapply = reapply
        self._dismiss = dismiss
        self._names = names
        self._busy = False
        self.model = RefusalTableModel(self)
        self.explanation = QLabel(
            self.tr(
                "以下操作未被区级平台接受（另一工作站先提交了冲突的操作，或不符合平台规则），"
                "只保存在本机。重新提交：按案件当前状态再次记录并上传；放弃：保留在案件记录中，"
                "不再列出。"
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("refusals")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.message = plain(QLabel(self))
        self.message.setObjectName("conflicts_message")
        self.message.setWordWrap(True)
        self.reapply_button = QPushButton(self.tr("重新提交"), self)
        self.reapply_button.setObjectName("reapply")
        self.dismiss_button = QPushButton(self.tr("放弃"), self)
        self.dismiss_button.setObjectName("dismiss")
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setObjectName("close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.reapply_button, self.dismiss_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.reapply_button.clicked.connect(self._on_reapply_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- public ------------------------------------------------------------------------
    def refresh(self) -> None:
        self._runner.run("read", self._load, self._on_loaded, self._on_failed)

    def selected(self) -> Refusal | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.refusal_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    # -- slots -------------------------------------------------------------------------
    def _on_loaded(self, refusals: list[Refusal]) -> None:
        kept = self.selected()
        self.model.set_refusals(refusals, self._names)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            header = self.table.horizontalHeader()
            header.resizeSection(column, min(header.sectionSize(column) + 12, 200))
        row = next((i for i, r in enumerate(refusals) if kept and r.event_id == kept.event_id), 0)
        if refusals:
            self.table.selectRow(row)
        elif not self.message.text():
            self.message.setText(self.tr("没有未处理的冲突"))
        self._update_buttons()
        self.loaded.emit()

    def _on_reapply_clicked(self) -> None:
        refusal = self.selected()
        if refusal is None or self._busy:
            return
        self._run(
            lambda: self._reapply(refusal),
            self.tr("已重新提交 %1 的“%2”，等待上传")
            .replace("%1", refusal.case_no)
            .replace("%2", tr_label(refusal.type)),
        )

    def _on_dismiss_clicked(self) -> None:
        refusal = self.selected()
        if refusal is None or self._busy:
            return
        self._run(
            lambda: self._dismiss(refusal),
            self.tr("已放弃 %1 的“%2”")
            .replace("%1", refusal.case_no)
            .replace("%2", tr_label(refusal.type)),
        )

    def _run(self, work: Callable[[], object], done_text: str) -> None:
        self._busy = True
        self._update_buttons()

        def done(_result: object) -> None:
            self._busy = False
            self.message.setText(done_text)
            self.changed.emit()
            self.refresh()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(self.tr("未能完成：%s") % getattr(error, "message", error))
            self.refresh()

        self._runner.run("write", work, done, failed)

    def _on_failed(self, error: BaseException) -> None:
        self.message.setText(self.tr("读取失败：%s") % error)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None and not self._busy
        self.reapply_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)
