"""登录 / 切换用户: the duty officer picks who is signed in to the running window. Until there
are accounts, signing in is choosing a person of the directory; a district has thousands, so
the list filters as one types (name, code or role, every character taken literally) and by role.
Everything comes in through the Directory, already loaded; the dialog reads no database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...domain.model import Person
from ...store.directory import Directory
from ..common.i18n import tr_label
from ..common.plain_text import plain
from ..common.read_only_table import ReadOnlyTableModel

Index = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole
# The district platform and the supervision rules are actors, not people at the desk.
SIGN_IN_ROLES = tuple(r for r in Role if r not in (Role.DISTRICT, Role.SYSTEM))
# Keys in the filter box that move through the list, so the hands stay on the keyboard.
_NAVIGATION_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
)
_MAX_COLUMN_WIDTH = 180


class PeopleTableModel(ReadOnlyTableModel):
    """The directory's people in its order (by code): name, code, roles, grids or department.

    Texts and filter keys are built once here, so data() and the filter only index."""

    NAME, CODE, ROLES, PLACE = range(4)

    def __init__(self, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        headers = (self.tr("姓名"), self.tr("编号"), self.tr("角色"), self.tr("网格 / 部门"))
        people = directory.people
        texts = [self._row_texts(directory, p) for p in people]
        self.set_rows(people, texts, headers)
        # The place column is shown but not searched: the filter box says name, code or role.
        self._keys = [tuple(t.casefold() for t in row[:3]) for row in texts]
        self._row_of = {p.code: row for row, p in enumerate(people)}

    def role_data(self, row: int, column: int, role: int) -> Any:
        if role == CODE_ROLE:
            return self.person_at(row).code
        return None

    def person_at(self, row: int) -> Person:
        person: Person = self.row_at(row)
        return person

    def row_of(self, code: str) -> int | None:
        return self._row_of.get(code)

    def search_keys(self, row: int) -> tuple[str, ...]:
        """Name, code and role texts of a row, case-folded."""
        return self._keys[row]

    def _row_texts(self, directory: Directory, person: Person) -> tuple[str, str, str, str]:
        roles = [tr_label(r) for r in Role if r in person.roles]
        grids = [g.name for code in person.grids if (g := directory.grid(code)) is not None]
        if grids:
            place = "、".join(grids)
        elif person.department:
            place = directory.department_name(person.department)
        else:
            place = ""
        return (person.name, person.code, "、".join(roles) or self.tr("（无角色）"), place)


class PeopleFilterProxyModel(QSortFilterProxyModel):
    """Rows whose name, code or role contains the text (case-insensitive, no wildcards or
    patterns) and who hold the role, when one is set."""

    def __init__(self, people: PeopleTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people = people
        self._needle = ""
        self._role: Role | None = None
        self.setSourceModel(people)

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_role(self, role: Role | None) -> None:
        if role is not self._role:
            self.beginFilterChange()
            self._role = role
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._role is not None and self._role not in self._people.person_at(source_row).roles:
            return False
        return not self._needle or any(
            self._needle in k for k in self._people.search_keys(source_row)
        )


class SignInDialog(QDialog):
    """Pick the person to sign in as. The current one is selected at the start; after a filter
    hides the selection, the first match is selected, so typing a name and pressing Enter signs
    in. OK (or Enter, or a double-click on a row) accepts; chosen() then gives the person."""

    person_chosen = Signal(str)  # the person's code, on acceptance

    def __init__(
        self, directory: Directory, current_code: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登录"))
        self.setMinimumSize(420, 320)
        self.resize(520, 480)
        self._chosen: Person | None = None
        self.model = PeopleTableModel(directory, self)
        self.proxy = PeopleFilterProxyModel(self.model, self)

        current = directory.person(current_code) if current_code else None
        self.current_person = plain(QLabel(self))
        self.current_person.setObjectName("current_person")
        if current is None:
            self.current_person.setText(self.tr("当前无人登录"))
        else:
            self.current_person.setText(
                self.tr("当前用户：%1（%2）")
                .replace("%1", current.name)
                .replace("%2", current.code)
            )

        self.person_filter = QLineEdit(self)
        self.person_filter.setObjectName("person_filter")
        self.person_filter.setPlaceholderText(self.tr("按姓名、编号或角色筛选"))
        self.person_filter.setClearButtonEnabled(True)
        self.person_filter.installEventFilter(self)
        self.role_filter = QComboBox(self)
        self.role_filter.setObjectName("role_filter")
        self.role_filter.addItem(self.tr("全部角色"), None)
        for role in SIGN_IN_ROLES:
            # The value, not the member: a StrEnum crosses into Qt as a plain str.
            self.role_filter.addItem(tr_label(role), role.value)
        filters = QHBoxLayout()
        filters.addWidget(self.person_filter, 1)
        filters.addWidget(self.role_filter)

        self.people = self._people_view()
        self.match_count = QLabel(self)
        self.match_count.setObjectName("match_count")

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("取消"))
        self.cancel_button.setObjectName("cancel")

        layout = QVBoxLayout(self)
        layout.addWidget(self.current_person)
        layout.addLayout(filters)
        layout.addWidget(self.people, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.match_count, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.person_filter.textChanged.connect(self._on_person_filter_text_changed)
        self.role_filter.currentIndexChanged.connect(self._on_role_filter_current_index_changed)
        self.people.selectionModel().selectionChanged.connect(self._on_people_selection_changed)
        self.people.doubleClicked.connect(self._on_people_double_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        if current is not None:
            self.select_person(current.code)
        self._on_people_selection_changed()
        self._update_match_count()
        self.person_filter.setFocus()

    # -- public ------------------------------------------------------------------------
    def chosen(self) -> Person | None:
        """The person signed in as, once the dialog was accepted; None before or if cancelled."""
        return self._chosen

    def selected_person(self) -> Person | None:
        rows = self.people.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.person_at(self.proxy.mapToSource(rows[0]).row())

    def select_person(self, code: str) -> bool:
        """Select and show the person's row; False when the filters hide him or he is unknown."""
        row = self.model.row_of(code)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self._select(index)
        return True

    def accept(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        self._chosen = person
        self.person_chosen.emit(person.code)
        super().accept()

    # -- Qt overrides ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Only now does the view know its height, so the current person lands mid-list.
        rows = self.people.selectionModel().selectedRows()
        if rows:
            self.people.scrollTo(rows[0], QAbstractItemView.ScrollHint.PositionAtCenter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.person_filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION_KEYS
        ):
            QApplication.sendEvent(self.people, event)
            return True
        return super().eventFilter(watched, event)

    # -- slots -------------------------------------------------------------------------
    def _on_person_filter_text_changed(self, text: str) -> None:
        kept = self.selected_person()
        self.proxy.set_text(text)
        self._after_filter_change(kept)

    def _on_role_filter_current_index_changed(self, index: int) -> None:
        kept = self.selected_person()
        value = self.role_filter.itemData(index)
        self.proxy.set_role(Role(value) if value else None)
        self._after_filter_change(kept)

    def _on_people_selection_changed(
        self, selected: QItemSelection | None = None, deselected: QItemSelection | None = None
    ) -> None:
        self.ok_button.setEnabled(self.selected_person() is not None)

    def _on_people_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._select(index)
            self.accept()

    # -- helpers -----------------------------------------------------------------------
    def _people_view(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("people")
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        # Sized once from a sample of rows (resizeContentsPrecision), not on every filter change.
        view.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            width = min(header.sectionSize(column) + 12, _MAX_COLUMN_WIDTH)
            header.resizeSection(column, width)
        return view

    def _select(self, index: QModelIndex) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.people.selectionModel().setCurrentIndex(index, flags)
        self.people.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _after_filter_change(self, kept: Person | None) -> None:
        # In single selection a view moves the selection to the row after a removed one; that
        # neighbour is arbitrary, so the first match is selected instead.
        if (kept is None or not self.select_person(kept.code)) and self.proxy.rowCount() > 0:
            self._select(self.proxy.index(0, 0))
        self._on_people_selection_changed()
        self._update_match_count()

    def _update_match_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == 0:
            text = self.tr("没有匹配的人员")
        elif shown == total:
            text = self.tr("共 %1 人").replace("%1", str(total))
        else:
            text = (
                self.tr("筛出 %1 人，共 %2 人").replace("%1", str(shown)).replace("%2", str(total))
            )
        self.match_count.setText(text)
