"""从 Excel 导入整改台账: the clerk picks a ledger typed in Excel and sees, before anything is
written, what it would add (each row: its number or a new one, description, grid, category, found
time, state), what it skips (already recorded) and every problem (row, column, problem). Rows with
problems can be ticked to be left out and the file checked again; 导入 is offered only when no
problem remains, and writes all the rows or none. Checking and writing run on the lanes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services.task_runner import TaskRunner
from ..common.plain_text import plain

if TYPE_CHECKING:
    from ...features.ledger_import import LedgerImport

CheckLedger = Callable[[Path, Sequence[int]], "LedgerImport"]
CommitLedger = Callable[["LedgerImport"], "LedgerImport"]


def _item(text: object) -> QStandardItem:
    item = QStandardItem("" if text is None else str(text))
    item.setEditable(False)
    return item


class LedgerImportDialog(QDialog):
    checked = Signal(object)  # LedgerImport: a check finished
    imported = Signal(list)  # the case numbers written

    def __init__(
        self,
        runner: TaskRunner,
        check: CheckLedger,
        commit: CommitLedger,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledger_import_dialog")
        self.setWindowTitle(self.tr("从 Excel 导入整改台账"))
        self.resize(1100, 620)
        self.runner = runner
        self._check = check
        self._commit = commit
        self.path: Path | None = None
        self.outcome: LedgerImport | None = None
        self._busy = False

        self.file_label = plain(QLabel(self.tr("尚未选择文件"), self))
        self.choose_button = QPushButton(self.tr("选择文件…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.summary = plain(QLabel(self))
        self.summary.setWordWrap(True)

        self.cases_model = QStandardItemModel(0, 7, self)
        self.cases_model.setHorizontalHeaderLabels(
            [
                self.tr("行"),
                self.tr("案件编号"),
                self.tr("问题描述"),
                self.tr("所属网格"),
                self.tr("问题类别"),
                self.tr("发现时间"),
                self.tr("整改状态"),
            ]
        )
        self.problems_model = QStandardItemModel(0, 3, self)
        self.problems_model.setHorizontalHeaderLabels(
            [self.tr("行（勾选跳过）"), self.tr("列"), self.tr("问题")]
        )
        self.skipped_model = QStandardItemModel(0, 3, self)
        self.skipped_model.setHorizontalHeaderLabels(
            [self.tr("行"), self.tr("案件编号"), self.tr("原因")]
        )
        self.notes_model = QStandardItemModel(0, 3, self)
        self.notes_model.setHorizontalHeaderLabels([self.tr("行"), self.tr("列"), self.tr("说明")])
        self.tabs = QTabWidget(self)
        self.cases_view = self._table(self.cases_model, stretch=2)
        self.problems_view = self._table(self.problems_model, stretch=2)
        self.skipped_view = self._table(self.skipped_model, stretch=2)
        self.tabs.addTab(self.cases_view, "")
        self.tabs.addTab(self.problems_view, "")
        self.tabs.addTab(self.skipped_view, "")
        self.notes_view = self._table(self.notes_model, stretch=2)
        self.tabs.addTab(self.notes_view, "")

        self.recheck_button = QPushButton(self.tr("跳过勾选的行并重新检查"), self)
        self.recheck_button.clicked.connect(self.recheck)
        self.import_button = QPushButton(self.tr("导入"), self)
        self.import_button.setObjectName("ledger_import_button")
        self.import_button.clicked.connect(self.commit)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recheck_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._show(None)

    def _table(self, model: QStandardItemModel, stretch: int) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    # -- actions ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择整改台账"), "", self.tr("Excel 工作簿 (*.xlsx)")
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path, skip_rows: Sequence[int] = ()) -> None:
        """Check `path` (on the read lane); the preview shows what it would add."""
        self.path = path
        self.file_label.setText(str(path))
        self._run_check(tuple(skip_rows))

    def skip_rows(self) -> list[int]:
        """The rows ticked to be left out (and those left out before)."""
        rows = set(self._skipped_before)
        for r in range(self.problems_model.rowCount()):
            item = self.problems_model.item(r, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                rows.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(rows)

    def recheck(self) -> None:
        if self.path is not None:
            self._run_check(tuple(self.skip_rows()))

    def commit(self) -> None:
        result = self.outcome
        if result is None or not result.ok or not result.cases or self._busy:
            return
        self._set_busy(True, self.tr("正在导入…"))
        self.runner.run("write", lambda: self._commit(result), self._on_committed, self._on_failed)

    # -- answers ---------------------------------------------------------------------------
    _skipped_before: tuple[int, ...] = ()

    def _run_check(self, skip: tuple[int, ...]) -> None:
        path = self.path
        assert path is not None
        self._skipped_before = skip
        self._set_busy(True, self.tr("正在检查…"))
        self.runner.run("read", lambda: self._check(path, skip), self._on_checked, self._on_failed)

    def _on_checked(self, result: LedgerImport) -> None:
        self._busy = False
        self.outcome = result
        self._show(result)
        self.checked.emit(result)

    def _on_committed(self, result: LedgerImport) -> None:
        self._busy = False
        self.outcome = result
        self._show(result)
        self.imported.emit(list(result.written))

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        self.outcome = None
        self._show(None)
        self.summary.setText(self.tr("未能完成：%1").replace("%1", str(error)))
        self.summary.setStyleSheet("color: #b00020;")

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.summary.setText(text)
        self.summary.setStyleSheet("")
        self.import_button.setEnabled(False)
        self.recheck_button.setEnabled(False)
        self.choose_button.setEnabled(not busy)

    def _show(self, result: LedgerImport | None) -> None:
        self.choose_button.setEnabled(True)
        for model in (self.cases_model, self.problems_model, self.skipped_model, self.notes_model):
            model.removeRows(0, model.rowCount())
        cases = result.cases if result else []
        problems = result.problems if result else []
        skipped = result.skipped if result else []
        committed = result is not None and result.committed
        written = list(result.written) if result else []
        for n, case in enumerate(cases):
            row = case.row
            number = written[n] if committed and n < len(written) else case.case_no
            self.cases_model.appendRow(
                [
                    _item(row.row),
                    _item(number or self.tr("（新编号）")),
                    _item(row.description),
                    _item(case.grid_name),
                    _item(case.category_name),
                    _item(f"{case.found_at:%Y-%m-%d %H:%M}"),
                    _item(case.state.label),
                ]
            )
        for problem in problems:
            first = _item(problem.row)
            first.setCheckable(True)
            first.setData(problem.row, Qt.ItemDataRole.UserRole)
            self.problems_model.appendRow([first, _item(problem.column), _item(problem.text)])
        for skip in skipped:
            self.skipped_model.appendRow([_item(skip.row), _item(skip.case_no), _item(skip.why)])
        self.tabs.setTabText(0, self.tr("将导入 (%1)").replace("%1", str(len(cases))))
        self.tabs.setTabText(1, self.tr("问题 (%1)").replace("%1", str(len(problems))))
        self.tabs.setTabText(2, self.tr("已跳过 (%1)").replace("%1", str(len(skipped))))
        notes = result.notes if result else []
        for note in notes:
            where = _item(note.row) if note.row else _item(self.tr("全表"))
            said = _item(note.text)
            said.setToolTip(note.text)
            self.notes_model.appendRow([where, _item(note.column), said])
        self.tabs.setTabText(3, self.tr("提示 (%1)").replace("%1", str(len(notes))))
        if problems:
            self.tabs.setCurrentIndex(1)
        self.recheck_button.setEnabled(bool(problems) or bool(self._skipped_before))
        self.import_button.setEnabled(
            result is not None and result.ok and bool(cases) and not committed
        )
        self.summary.setStyleSheet("color: #b00020;" if problems else "")
        if result is None:
            self.summary.setText(self.tr("选择一个 Excel 台账：导入前会逐行检查并列出问题。"))
        elif committed:
            self.summary.setText(
                self.tr("已导入 %1 条案件，跳过 %2 行。")
                .replace("%1", str(len(written)))
                .replace("%2", str(len(skipped)))
            )
        elif problems:
            rows = len({p.row for p in problems})
            self.summary.setText(
                self.tr("%1 行有 %2 个问题：改正文件或勾选跳过这些行后重新检查。未导入任何内容。")
                .replace("%1", str(rows))
                .replace("%2", str(len(problems)))
            )
        else:
            text = self.tr("工作表 %1 共 %2 行：将导入 %3 条，跳过 %4 行（已有记录）。")
            for key, value in (
                ("%1", result.sheet),
                ("%2", str(result.rows)),
                ("%3", str(len(cases))),
                ("%4", str(len(skipped))),
            ):
                text = text.replace(key, value)
            if notes:
                text += self.tr("另有 %1 条提示，见“提示”页。").replace("%1", str(len(notes)))
            self.summary.setText(text)
