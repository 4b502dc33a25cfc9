"""Who a case is dispatched to: a grid leader (独立处理), one department, or joint enforcement
(联合执法) by several departments. Part of the dispatch dialog; it builds the engine's handler
payload (docs: domain/transitions.py) and says, in words, what is still missing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import HandlerKind, Role
from ...domain.model import Person
from ...store.directory import Directory

_CODE = Qt.ItemDataRole.UserRole
_KINDS = (HandlerKind.GRID_LEADER, HandlerKind.DEPARTMENT, HandlerKind.JOINT)


class HandlerPicker(QWidget):
    """Radio buttons for the kind of handler over one page per kind.

    The default kind follows the category: its default department when it has one, else the
    grid leader (the street's own 独立处理), which is how the street office routes most cases."""

    def __init__(
        self,
        directory: Directory,
        grid_code: str,
        default_department: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._buttons = QButtonGroup(self)
        row = QHBoxLayout()
        texts = (self.tr("网格长"), self.tr("职能部门"), self.tr("联合执法"))
        for i, (kind, text) in enumerate(zip(_KINDS, texts, strict=True)):
            button = QRadioButton(text, self)
            button.setObjectName(f"handler_kind_{kind.value}")
            self._buttons.addButton(button, i)
            row.addWidget(button)
        row.addStretch(1)

        self.leader = QComboBox(self)
        self.leader.setObjectName("leader")
        for person in self._leaders(grid_code):
            self.leader.addItem(self._leader_text(person), person.code)

        self.department = QComboBox(self)
        self.department.setObjectName("department")
        for code, name in directory.departments:
            self.department.addItem(name, code)
        if default_department is not None:
            self.department.setCurrentIndex(max(0, self.department.findData(default_department)))

        self.joint = QListWidget(self)
        self.joint.setObjectName("joint_departments")
        for code, name in directory.departments:
            item = QListWidgetItem(name, self.joint)
            item.setData(_CODE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = code == default_department
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        # Thirteen departments as a grid of check boxes (three columns at the dialog's minimum
        # width) rather than a long column to scroll.
        self.joint.setFlow(QListView.Flow.LeftToRight)
        self.joint.setWrapping(True)
        self.joint.setResizeMode(QListView.ResizeMode.Adjust)
        widest = max((self.joint.sizeHintForColumn(0), 80))
        row_height = self.joint.sizeHintForRow(0) + 4
        self.joint.setGridSize(QSize(widest + 16, row_height))
        rows = -(-len(directory.departments) // 3)
        self.joint.setFixedHeight(rows * row_height + 2 * self.joint.frameWidth() + 4)

        # Only the current kind's field is shown (a stacked widget would keep the height of the
        # tallest page and leave a gap under the combo boxes).
        self._pages: tuple[QWidget, ...] = (self.leader, self.department, self.joint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        for page in self._pages:
            outer.addWidget(page)
        self._buttons.idToggled.connect(self._on_kind_toggled)
        default = HandlerKind.DEPARTMENT if default_department else HandlerKind.GRID_LEADER
        self.set_kind(default)

    # -- public ------------------------------------------------------------------------
    def kind(self) -> HandlerKind:
        return _KINDS[max(0, self._buttons.checkedId())]

    def set_kind(self, kind: HandlerKind) -> None:
        button = self._buttons.button(_KINDS.index(kind))
        button.setChecked(True)
        self._show_page(_KINDS.index(kind))

    def joint_departments(self) -> list[str]:
        out = []
        for i in range(self.joint.count()):
            item = self.joint.item(i)
            if item.checkState() is Qt.CheckState.Checked:
                out.append(str(item.data(_CODE)))
        return out

    def problem(self) -> str | None:
        """What is missing for the engine to accept the handler, in the user's words."""
        kind = self.kind()
        if kind is HandlerKind.GRID_LEADER and self.leader.currentData() is None:
            return self.tr("请选择网格长")
        if kind is HandlerKind.DEPARTMENT and self.department.currentData() is None:
            return self.tr("请选择职能部门")
        if kind is HandlerKind.JOINT and len(self.joint_departments()) < 2:
            return self.tr("联合执法至少选择两个部门")
        return None

    def payload(self) -> dict[str, Any]:
        kind = self.kind()
        out: dict[str, Any] = {"handler_kind": kind.value}
        if kind is HandlerKind.GRID_LEADER:
            out["person"] = self.leader.currentData()
        elif kind is HandlerKind.DEPARTMENT:
            department = str(self.department.currentData())
            out["departments"] = [department]
            # The department's liaison becomes the assigned handler, as cases dispatched by the
            # seeder and the district carry it: then only he (or a duty officer) reports handling.
            liaison = self._liaison(department)
            if liaison is not None:
                out["person"] = liaison
        else:
            out["departments"] = self.joint_departments()
        return out

    # -- helpers -----------------------------------------------------------------------
    def _leaders(self, grid_code: str) -> list[Person]:
        leaders = self._directory.grid_leaders_for(grid_code)
        return leaders or self._directory.with_role(Role.GRID_LEADER)

    def _leader_text(self, person: Person) -> str:
        grids = [g.name for code in person.grids if (g := self._directory.grid(code))]
        return f"{person.name}（{'、'.join(grids)}）" if grids else person.name

    def _liaison(self, department: str) -> str | None:
        return next(
            (
                p.code
                for p in self._directory.with_role(Role.DEPARTMENT_LIAISON)
                if p.department == department
            ),
            None,
        )

    def _show_page(self, index: int) -> None:
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)

    def _on_kind_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self._show_page(index)
