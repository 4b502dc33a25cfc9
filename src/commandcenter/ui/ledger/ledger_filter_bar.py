"""The ledger's filters in one row: the grid (its whole subtree; an entry for the whole street),
the category (a kind with all its categories, or one), the state (every one, those not closed,
or one) and the period found in (this month so far by default, or any date), and 查询. The
combos hold plain keys, which Qt can compare; what a key stands for is kept beside them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ...domain.enums import CaseState, CategoryKind
from ...store.directory import CategoryChoice, Directory, GridChoice
from ...store.ledger import ACCEPTED_PROBLEMS, UNFINISHED, LedgerQuery
from ..common.i18n import tr_label

_INDENT = "\u3000"  # an ideographic space: the combos' tree levels


def month_so_far(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


class LedgerFilterBar(QWidget):
    edited = Signal()  # any filter changed (the view waits for a pause before asking)
    query_requested = Signal()  # 查询: ask now

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = self._combo("ledger_grid")
        self.category = self._combo("ledger_category")
        self.state = self._combo("ledger_state")
        # As `ledger export`: the accepted problems unless 全部 says otherwise; opens on 未办结.
        self._state_sets: dict[str, frozenset[CaseState]] = {
            "problems": ACCEPTED_PROBLEMS,  # not "accepted": that is 已受理's value
            "open": UNFINISHED,
            "": frozenset(),
        }
        self._state_sets |= {s.value: frozenset({s}) for s in CaseState}
        self._category_sets: dict[str, frozenset[str]] = {"": frozenset()}
        self.state.addItem(self.tr("已受理问题"), "problems")
        self.state.addItem(self.tr("未办结"), "open")
        self.state.addItem(self.tr("全部（含待受理、不予受理、已作废）"), "")
        for s in CaseState:
            self.state.addItem(tr_label(s), s.value)
        self.state.setCurrentIndex(1)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        start, end = month_so_far(today)
        for edit, name, day in (
            (self.date_from, "ledger_from", start),
            (self.date_to, "ledger_to", end),
        ):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))
        self.date_from.dateChanged.connect(self._on_date_from_changed)
        self.date_to.dateChanged.connect(self._on_date_to_changed)
        self.any_date = QCheckBox(self.tr("不限日期"), self)
        self.any_date.setObjectName("ledger_any_date")
        self.any_date.toggled.connect(self._on_any_date_toggled)
        # Opens on what is still to rectify, whenever it was found: never an empty month.
        self.any_date.setChecked(True)
        self.query_button = QPushButton(self.tr("查询"), self)
        self.query_button.setObjectName("ledger_query")
        self.query_button.setToolTip(self.tr("按当前条件重新查询（F5）"))
        self.query_button.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.query_button.clicked.connect(lambda _checked=False: self.query_requested.emit())

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (self.tr("网格"), self.grid),
            (self.tr("类别"), self.category),
            (self.tr("状态"), self.state),
            (self.tr("发现日期"), self.date_from),
        ):
            row.addWidget(QLabel(label, self))
            row.addWidget(widget)
            row.addSpacing(8)
        row.addWidget(QLabel(self.tr("至"), self))
        row.addWidget(self.date_to)
        row.addWidget(self.any_date)
        row.addStretch(1)
        row.addWidget(self.query_button)
        self.set_directory(None)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaxVisibleItems(24)
        combo.currentIndexChanged.connect(lambda _index: self.edited.emit())
        return combo

    def set_directory(self, directory: Directory | None) -> None:
        """The grids and categories to choose from (the choice is kept where it still exists)."""
        grids = directory.grids if directory else ()
        streets = [g for g in grids if g.level == 1]
        everything = (
            self.tr("%1（全街道）").replace("%1", streets[0].name)
            if len(streets) == 1
            else self.tr("全部网格")
        )
        shown = [g for g in grids if not (len(streets) == 1 and g is streets[0])]
        _refill(self.grid, [(everything, ""), *_grid_entries(shown)])
        entries = [(self.tr("全部类别"), "")]
        self._category_sets = {"": frozenset()}
        for kind, label, leaves in _by_kind(directory.categories if directory else ()):
            entries.append((label, f"kind:{kind}"))
            self._category_sets[f"kind:{kind}"] = frozenset(code for _name, code in leaves)
            entries += [(_INDENT + name, code) for name, code in leaves]
            self._category_sets |= {code: frozenset({code}) for _name, code in leaves}
        _refill(self.category, entries)

    def query(self) -> LedgerQuery:
        """What the filters ask for now."""
        dates = not self.any_date.isChecked()
        return LedgerQuery(
            grid=self.grid.currentData() or None,
            date_from=_day(self.date_from.date()) if dates else None,
            date_to=_day(self.date_to.date()) if dates else None,
            categories=self._category_sets.get(self.category.currentData() or "", frozenset()),
            states=self._state_sets.get(self.state.currentData() or "", frozenset()),
        )

    def set_grid(self, code: str | None) -> bool:
        """Choose a grid (None: the whole street); False when it is not offered."""
        return _choose(self.grid, code or "")

    def set_states(self, states: Iterable[CaseState]) -> bool:
        """Choose the entry of these states (none: every state); False when there is none."""
        wanted = frozenset(states)
        key = next((k for k, v in self._state_sets.items() if v == wanted), None)
        return key is not None and _choose(self.state, key)

    def set_period(self, start: date | None, end: date | None = None) -> None:
        """A period (both days included); None: every date."""
        self.any_date.setChecked(start is None)
        if start is not None:
            end = end or start
            self.date_to.setDate(QDate(end.year, end.month, end.day))
            self.date_from.setDate(QDate(start.year, start.month, start.day))

    def _on_date_from_changed(self, value: QDate) -> None:
        if value > self.date_to.date():
            self.date_to.setDate(value)
        self.edited.emit()

    def _on_date_to_changed(self, value: QDate) -> None:
        if value < self.date_from.date():
            self.date_from.setDate(value)
        self.edited.emit()

    def _on_any_date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(not on)
        self.date_to.setEnabled(not on)
        self.edited.emit()


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _choose(combo: QComboBox, key: str) -> bool:
    index = combo.findData(key)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def _refill(combo: QComboBox, entries: Sequence[tuple[str, str]]) -> None:
    """Replace the entries, keeping the chosen one when it is still there (no signal unless
    the choice changed)."""
    wanted, had = combo.currentData(), combo.count() > 0
    combo.blockSignals(True)
    combo.clear()
    for text, data in entries:
        combo.addItem(text, data)
    index = next((i for i, (_t, d) in enumerate(entries) if d == wanted), 0)
    combo.setCurrentIndex(index)
    combo.blockSignals(False)
    if had and combo.currentData() != wanted:
        combo.currentIndexChanged.emit(index)


def _grid_entries(grids: Sequence[GridChoice]) -> list[tuple[str, str]]:
    """Depth first, each indented by its depth under the whole street's entry."""
    codes = {g.code for g in grids}
    children: dict[str | None, list[GridChoice]] = {}
    for g in grids:
        children.setdefault(g.parent_code if g.parent_code in codes else None, []).append(g)
    out: list[tuple[str, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for g in sorted(children.get(parent, ()), key=lambda g: g.code):
            out.append((_INDENT * depth + g.name, g.code))
            walk(g.code, depth + 1)

    walk(None, 1)
    return out


def _by_kind(
    categories: Iterable[CategoryChoice],
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(kind, its label, [(name, code)]): the leaf categories under their kind (台账信息,
    城市提升…), in the kinds' order; a leaf under a middle category (三非 / 非法生产) names it."""
    known = {k.value: k for k in CategoryKind}
    groups: dict[str, list[tuple[str, str]]] = {}
    for c in categories:
        top = known[c.kind].label if c.kind in known else c.kind
        name = c.name if c.parent_name in (None, top) else f"{c.parent_name} / {c.name}"
        groups.setdefault(c.kind, []).append((name, c.code))
    order = list(known)
    kinds = sorted(groups, key=lambda k: (order.index(k) if k in known else len(order), k))
    return [(k, tr_label(known[k]) if k in known else k, groups[k]) for k in kinds]
