"""One dialog for every action of the case panel: a summary of the case, the fields the event needs
and nothing else, and an OK button named after the action. Its checks mirror the engine's
(domain/transitions.py `check`): a request the dialog lets through never fails there for a missing
note, handler, duplicate or number of days. Everything it shows comes in through the CaseDetail
and the Directory; it reads no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.actions import Action
from ...domain.enums import CaseState, EscalationLevel, Priority
from ...domain.lifecycle import EventType, transition_for
from ...features.case_action import ActionRequest
from ...store.case_detail import CaseDetail, EventRow
from ...store.directory import CategoryChoice, Directory
from ..common.i18n import tr_label
from ..common.plain_text import plain, tooltip
from .handler_picker import HandlerPicker
from .photo_picker import PhotoPicker
from .verify_evidence import evidence_frame

E = EventType
_DATA = Qt.ItemDataRole.UserRole
DEFAULT_EXTENSION_DAYS = 3
MAX_EXTENSION_DAYS = 60


def duplicate_note(case_no: str) -> str:
    return f"与案件{case_no}重复"


class CaseActionDialog(QDialog):
    def __init__(
        self,
        action: Action,
        case: CaseDetail,
        directory: Directory,
        *,
        suggested_grid: str | None = None,
        images: Mapping[str, QImage] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._images = dict(images or {})
        self.action = action
        self.case = case
        self._directory = directory
        self._request: ActionRequest | None = None
        self.setWindowTitle(
            self.tr("%1 — %2").replace("%1", tr_label(action)).replace("%2", case.case_no)
        )
        self.setMinimumWidth(560)
        self.category: QComboBox | None = None
        self.priority: QComboBox | None = None
        self.grid: QComboBox | None = None
        self.duplicates: QTableWidget | None = None
        self.mark_duplicate: QPushButton | None = None
        self.duplicate_of: QLineEdit | None = None
        self.handler: HandlerPicker | None = None
        self.days: QSpinBox | None = None
        self.photos: PhotoPicker | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self._summary())
        self.evidence: QFrame | None = None
        if action.event in (E.VERIFY_PASS, E.REWORK):
            self.evidence = evidence_frame(self, self.case, self._images)
            layout.addWidget(self.evidence)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        event = action.event
        if event is E.ACCEPT:
            self._build_accept(suggested_grid)
        elif event is E.REJECT_DUPLICATE:
            self._build_reject_duplicate()
        elif event is E.DISPATCH:
            self._build_dispatch()
        elif event is E.RAISE_LEVEL:
            self._build_raise_level()
        elif event in (E.EXTENSION_REQUEST, E.EXTENSION_APPROVE):
            self._build_extension()
        elif event is E.SHELVE_APPROVE:
            self._add_pending_request_row()
        label, self._note_problem = self._note_texts().get(event, (self.tr("备注（可选）"), ""))
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(110 if self._note_problem else 70)
        self.form.addRow(label, self.note)
        if event is E.HANDLE:
            self.photos = PhotoPicker(self)
            self.photos.setObjectName("photo_picker")
            self.photos.photos_refused.connect(self._show_error)
            self.form.addRow(self.tr("处置后照片"), self.photos)
        if self.duplicates is not None and event is E.ACCEPT:
            layout.addWidget(self._duplicates_box())

        self.error = plain(QLabel(self))
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr_label(action))
        self.ok_button.setObjectName("ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- public ------------------------------------------------------------------------
    def request(self) -> ActionRequest:
        """What the user asked for; valid once the dialog was accepted. Its event is the
        action's, or REJECT_DUPLICATE when a candidate duplicate was marked from 受理立案."""
        if self._request is None:
            raise RuntimeError("the action dialog was not accepted")
        return self._request

    def add_photos(self, paths: Iterable[Path | str]) -> list[str]:
        """Attach photos (what the 添加照片… file dialog does); returns the refused files'
        problems, which the dialog also shows."""
        if self.photos is None:
            raise RuntimeError(f"{self.action.event.value} takes no photos")
        return self.photos.add_photos(paths)

    # -- fields ------------------------------------------------------------------------
    def _summary(self) -> QFrame:
        case = self.case
        frame = QFrame(self)
        frame.setObjectName("summary")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(frame)
        category = next(
            (c for c in self._directory.categories if c.code == case.category_code), None
        )
        rows = (
            (self.tr("案件编号"), f"{case.case_no}　{tr_label(case.state)}"),
            (self.tr("类别"), self._category_text(category) if category else case.category_name),
            (self.tr("网格"), case.grid_name),
            (self.tr("地址"), case.address),
            (self.tr("描述"), case.description),
        )
        for label, text in rows:
            value = plain(QLabel(text, frame))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
        return frame

    @staticmethod
    def _category_text(category: CategoryChoice) -> str:
        parent = category.parent_name
        return f"{parent} / {category.name}" if parent else category.name

    def _build_accept(self, suggested_grid: str | None) -> None:
        case = self.case
        self.category = QComboBox(self)
        self.category.setObjectName("category")
        for c in self._directory.categories:
            self.category.addItem(self._category_text(c), c.code)
        if self.category.findData(case.category_code) < 0:
            self.category.addItem(case.category_name, case.category_code)
        self.category.setCurrentIndex(self.category.findData(case.category_code))
        self.priority = QComboBox(self)
        self.priority.setObjectName("priority")
        for p in Priority:
            self.priority.addItem(tr_label(p), p.value)
        self.priority.setCurrentIndex(self.priority.findData(case.priority.value))
        self.grid = QComboBox(self)
        self.grid.setObjectName("grid")
        for g in self._directory.grids:
            if g.level >= 3:
                self.grid.addItem(g.name, g.code)
                self.grid.setItemData(self.grid.count() - 1, g.code, Qt.ItemDataRole.ToolTipRole)
        if self.grid.findData(case.grid_code) < 0:
            self.grid.addItem(case.grid_name, case.grid_code)
        preferred = suggested_grid if self.grid.findData(suggested_grid) >= 0 else case.grid_code
        self.grid.setCurrentIndex(self.grid.findData(preferred))
        self.category.currentIndexChanged.connect(self._on_category_changed)
        self.form.addRow(self.tr("类别"), self.category)
        self.form.addRow(self.tr("优先级"), self.priority)
        self.form.addRow(self.tr("网格"), self.grid)
        if case.duplicates:
            self._make_duplicates_table()
            self.mark_duplicate = QPushButton(self.tr("标记为重复"), self)
            self.mark_duplicate.setObjectName("mark_duplicate")
            allowed = transition_for(CaseState.REPORTED, E.REJECT_DUPLICATE).roles
            if self.action.role not in allowed:
                self.mark_duplicate.setEnabled(False)
                self.mark_duplicate.setToolTip(self.tr("您的角色不能作重复不予受理"))
            self.mark_duplicate.clicked.connect(self._on_mark_duplicate_clicked)

    def _make_duplicates_table(self) -> QTableWidget:
        headers = [self.tr("案件编号"), self.tr("状态"), self.tr("距离"), self.tr("上报时间")]
        table = QTableWidget(len(self.case.duplicates), len(headers) + 1, self)
        table.setObjectName("duplicates")
        table.setHorizontalHeaderLabels([*headers, self.tr("描述")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        for row, d in enumerate(self.case.duplicates):
            texts = (
                d.case_no,
                tr_label(d.state),
                f"{round(d.distance_m)} m",
                d.reported_at.strftime("%Y-%m-%d %H:%M"),
                d.description,
            )
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(_DATA, d.case_no)
                item.setToolTip(tooltip(d.address if col < 4 else f"{d.description}\n{d.address}"))
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers), QHeaderView.ResizeMode.Stretch)
        rows = min(len(self.case.duplicates), 4)
        table.setFixedHeight(header.sizeHint().height() + rows * table.rowHeight(0) + 4)
        table.selectRow(0)
        self.duplicates = table
        return table

    def _duplicates_box(self) -> QGroupBox:
        assert self.duplicates is not None and self.mark_duplicate is not None
        box = QGroupBox(self.tr("疑似重复案件（同类别、50 米内、7 天内）"), self)
        layout = QVBoxLayout(box)
        layout.addWidget(self.duplicates)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("选中一行后可直接作重复不予受理"), box), 1)
        row.addWidget(self.mark_duplicate)
        layout.addLayout(row)
        return box

    def _build_reject_duplicate(self) -> None:
        self.duplicate_of = QLineEdit(self)
        self.duplicate_of.setObjectName("duplicate_of")
        self.duplicate_of.setPlaceholderText(self.tr("被重复的案件编号"))
        if self.case.duplicates:
            table = self._make_duplicates_table()
            table.itemSelectionChanged.connect(self._on_duplicates_selection_changed)
            self.duplicate_of.setText(self.case.duplicates[0].case_no)
            self.form.addRow(self.tr("疑似重复"), table)
        self.form.addRow(self.tr("重复案件编号"), self.duplicate_of)

    def _build_dispatch(self) -> None:
        category = next(
            (c for c in self._directory.categories if c.code == self.case.category_code), None
        )
        department = category.department_code if category else None
        self.handler = HandlerPicker(self._directory, self.case.grid_code, department, self)
        self.handler.setObjectName("handler")
        self.form.addRow(self.tr("处置人"), self.handler)

    def _build_raise_level(self) -> None:
        current = self.case.projection.escalation_level
        target = EscalationLevel(min(current + 1, EscalationLevel.DISTRICT))
        text = self.tr("%1 → %2").replace("%1", tr_label(current)).replace("%2", tr_label(target))
        level = QLabel(text, self)
        level.setObjectName("level")
        self.form.addRow(self.tr("处置层级"), level)

    def _build_extension(self) -> None:
        self.days = QSpinBox(self)
        self.days.setObjectName("days")
        self.days.setRange(1, MAX_EXTENSION_DAYS)
        self.days.setSuffix(self.tr(" 个工作日"))
        self.days.setValue(DEFAULT_EXTENSION_DAYS)
        due = self.case.projection.due_at
        if due is not None:
            self.form.addRow(self.tr("当前期限"), QLabel(due.strftime("%Y-%m-%d %H:%M"), self))
        if self.action.event is E.EXTENSION_APPROVE:
            pending = self._pending(E.EXTENSION_REQUEST)
            days = pending.payload.get("days") if pending else None
            if isinstance(days, int) and not isinstance(days, bool):
                self.days.setValue(days)
            self._add_pending_request_row()
        self.form.addRow(self.tr("延长"), self.days)

    def _pending(self, request: EventType) -> EventRow | None:
        return next((e for e in reversed(self.case.events) if e.type is request), None)

    def _add_pending_request_row(self) -> None:
        kind = E.EXTENSION_REQUEST if self.action.event is E.EXTENSION_APPROVE else E.SHELVE_REQUEST
        pending = self._pending(kind)
        if pending is None:
            return
        who = pending.actor_name or tr_label(pending.role)
        text = f"{who}　{pending.at:%Y-%m-%d %H:%M}"
        if "days" in pending.payload:
            text += self.tr("　申请 %1 个工作日").replace("%1", str(pending.payload["days"]))
        if pending.note:
            text += f"\n{pending.note}"
        label = plain(QLabel(text, self))
        label.setObjectName("request")
        label.setWordWrap(True)
        self.form.addRow(self.tr("申请"), label)

    def _note_texts(self) -> dict[EventType, tuple[str, str]]:
        """(field label, the error when empty) of the events whose note the engine requires."""
        return {
            E.REJECT_INVALID: (self.tr("不予受理理由"), self.tr("请填写不予受理的理由")),
            E.HANDLE: (self.tr("处置情况"), self.tr("请填写处置情况")),
            E.REWORK: (self.tr("仍存在的问题"), self.tr("请填写仍存在的问题")),
            E.ESCALATE: (self.tr("上报理由"), self.tr("请说明超出街道处置权限的原因")),
            E.EXTENSION_REQUEST: (self.tr("延期理由"), self.tr("请填写延期理由")),
            E.SHELVE_REQUEST: (self.tr("挂账理由"), self.tr("请填写挂账理由")),
            E.VOID: (self.tr("作废理由"), self.tr("请填写作废理由")),
            E.REOPEN: (self.tr("重新启动理由"), self.tr("请填写重新启动的理由")),
        }

    # -- validation and result ---------------------------------------------------------
    def _problem(self) -> tuple[str, QWidget] | None:
        if self._note_problem and not self.note.toPlainText().strip():
            return self._note_problem, self.note
        if self.handler is not None and (problem := self.handler.problem()):
            return problem, self.handler
        if self.duplicate_of is not None:
            other = self.duplicate_of.text().strip()
            if not other:
                return self.tr("请填写重复的案件编号"), self.duplicate_of
            if other == self.case.case_no:
                return self.tr("不能与本案件自身重复"), self.duplicate_of
        if self.days is not None and not 1 <= self.days.value() <= MAX_EXTENSION_DAYS:
            return self.tr("延期天数须在 1 到 60 个工作日之间"), self.days
        return None

    def _payload(self) -> dict[str, Any]:
        event = self.action.event
        if event is E.ACCEPT:
            return self._accept_payload()
        if self.handler is not None:
            return self.handler.payload()
        if self.duplicate_of is not None:
            return {"duplicate_of": self.duplicate_of.text().strip()}
        if self.days is not None:
            return {"days": self.days.value()}
        if event is E.RAISE_LEVEL:
            # Naming the level makes a second officer's raise from the same view fail instead
            # of raising the case twice.
            return {"level": int(self.case.projection.escalation_level) + 1}
        return {}

    def _accept_payload(self) -> dict[str, Any]:
        assert self.category is not None and self.priority is not None and self.grid is not None
        case = self.case
        out: dict[str, Any] = {}
        if self.category.currentData() != case.category_code:
            out["category"] = self.category.currentData()
        if self.priority.currentData() != case.priority.value:
            out["priority"] = self.priority.currentData()
        if self.grid.currentData() != case.grid_code:
            out["grid_code"] = self.grid.currentData()
        return out

    def _finish(self, request: ActionRequest) -> None:
        self._request = request
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _on_buttons_accepted(self) -> None:
        problem = self._problem()
        if problem is not None:
            text, widget = problem
            self._show_error(text)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        note = self.note.toPlainText().strip()
        payload = self._payload()
        if self.action.event is E.REJECT_DUPLICATE and not note:
            note = duplicate_note(payload["duplicate_of"])
        self._finish(
            ActionRequest(
                case_id=self.case.id,
                event=self.action.event,
                role=self.action.role,
                note=note,
                payload=payload,
                photos=self.photos.paths() if self.photos is not None else (),
            )
        )

    def _on_category_changed(self, _index: int) -> None:
        assert self.category is not None and self.priority is not None
        code = self.category.currentData()
        category = next((c for c in self._directory.categories if c.code == code), None)
        if category is not None:
            self.priority.setCurrentIndex(self.priority.findData(category.priority.value))

    def _on_mark_duplicate_clicked(self) -> None:
        assert self.duplicates is not None
        rows = self.duplicates.selectionModel().selectedRows()
        if not rows:
            self._show_error(self.tr("请先选中重复的案件"))
            return
        case_no = self.case.duplicates[rows[0].row()].case_no
        self._finish(
            ActionRequest(
                case_id=self.case.id,
                event=E.REJECT_DUPLICATE,
                role=self.action.role,
                note=duplicate_note(case_no),
                payload={"duplicate_of": case_no},
            )
        )

    def _on_duplicates_selection_changed(self) -> None:
        assert self.duplicates is not None and self.duplicate_of is not None
        rows = self.duplicates.selectionModel().selectedRows()
        if rows:
            self.duplicate_of.setText(self.case.duplicates[rows[0].row()].case_no)
