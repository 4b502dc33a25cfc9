"""One queue of cases as a table: rows come from SQL in windows of PAGE rows on the read lane
(canFetchMore/fetchMore as the view scrolls); `data()` only reads rows already in memory.

A new filter or sort replaces the rows (a reset: it is a new question). Changed cases are merged
in place: the model asks which of them the filter now selects and moves, inserts, removes or
updates just those rows, so the selection and scroll position stay where the user left them."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from ...domain.supervision import Light, light
from ...services.task_runner import TaskRunner
from ...store.queues import (
    CaseQueueRepository,
    QueueFilter,
    QueueRow,
    QueueSort,
    SortKey,
    sort_key,
)
from ..common.i18n import QT_TRANSLATE_NOOP, tr_label
from ..common.plain_text import tooltip

log = logging.getLogger(__name__)

PAGE = 200
# More changed cases than this at once (a first sync, a bulk import): the page is read again
# rather than merged case by case, which costs the GUI thread a pass over the rows per case.
MERGE_AT_MOST = 100
# Newest first: what arrived last is what the duty officer looks at first.
DEFAULT_SORT = QueueSort(SortKey.REPORTED_AT, descending=True)
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LIGHT_ROLE = Qt.ItemDataRole.UserRole + 2

_LIGHT_COLOURS = {
    Light.GREEN: QColor("#2e7d32"),
    Light.YELLOW: QColor("#f9a825"),
    Light.RED: QColor("#c62828"),
}
_LIGHT_TEXT = {
    Light.GREEN: QT_TRANSLATE_NOOP("CaseQueueTableModel", "绿"),
    Light.YELLOW: QT_TRANSLATE_NOOP("CaseQueueTableModel", "黄"),
    Light.RED: QT_TRANSLATE_NOOP("CaseQueueTableModel", "红"),
    Light.NONE: "",
}

Index = QModelIndex | QPersistentModelIndex


def _time(value: datetime | None) -> str:
    return value.strftime("%m-%d %H:%M") if value else ""


# (header, sort key or None, text of a row)
_COLUMNS: list[tuple[str, SortKey | None, Callable[[QueueRow], str]]] = [
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "案件编号"), SortKey.CASE_NO, lambda r: r.case_no),
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "状态"), SortKey.STATE, lambda r: tr_label(r.state)),
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "灯"), None, lambda r: ""),
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "类别"), None, lambda r: r.category_name),
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "网格"), SortKey.GRID_CODE, lambda r: r.grid_name),
    (
        QT_TRANSLATE_NOOP("CaseQueueTableModel", "优先级"),
        SortKey.PRIORITY,
        lambda r: tr_label(r.priority),
    ),
    (
        QT_TRANSLATE_NOOP("CaseQueueTableModel", "上报时间"),
        SortKey.REPORTED_AT,
        lambda r: _time(r.reported_at),
    ),
    (
        QT_TRANSLATE_NOOP("CaseQueueTableModel", "处置时限"),
        SortKey.DUE_AT,
        lambda r: _time(r.due_at),
    ),
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "地址"), None, lambda r: r.address),
    (QT_TRANSLATE_NOOP("CaseQueueTableModel", "问题描述"), None, lambda r: r.description),
]
LIGHT_COLUMN = 2
# data() runs for every visible cell on every repaint: nothing is built there that can be built
# once here.
_LIGHT_BRUSHES = {light: QBrush(colour) for light, colour in _LIGHT_COLOURS.items()}
_WHITE = QBrush(QColor("white"))
_CENTRE = int(Qt.AlignmentFlag.AlignCenter.value)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CaseQueueTableModel(QAbstractTableModel):
    rows_loaded = Signal()  # the first window of a new filter or sort is in
    total_changed = Signal(int)
    load_failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        repository: CaseQueueRepository,
        query: QueueFilter,
        sort: QueueSort = DEFAULT_SORT,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._repo = repository
        self._filter = query
        self._sort = sort
        self._rows: list[QueueRow] = []
        self._total = 0
        self._total_known = True
        self._counting = False
        self._count_again = False
        self._generation = 0
        self._fetching = False

    # -- the question ----------------------------------------------------------------------
    @property
    def query(self) -> QueueFilter:
        return self._filter

    @property
    def sort_order(self) -> QueueSort:
        return self._sort

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: QueueFilter, sort: QueueSort | None = None) -> None:
        """Ask again from the first row; the rows change when the answer arrives. The rows come
        first; a full page's total is counted after, on the count lane."""
        self._filter = query
        self._sort = sort or self._sort
        self._generation += 1
        generation, f, s = self._generation, self._filter, self._sort
        self._fetching = True

        def load() -> list[QueueRow]:
            return self._repo.page(f, s, 0, PAGE)

        self._runner.run("read", load, lambda r: self._on_first_page(generation, r), self._fail)

    @property
    def total_known(self) -> bool:
        """False while a full first page is shown and its total is still being counted."""
        return self._total_known

    def set_now(self, now: datetime) -> None:
        """The time lights are judged at; repaints the light column only."""
        if now == self._filter.now:
            return
        self._filter = replace(self._filter, now=now)
        if self._rows:
            top = self.index(0, LIGHT_COLUMN)
            bottom = self.index(len(self._rows) - 1, LIGHT_COLUMN)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def _on_first_page(self, generation: int, rows: list[QueueRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.beginResetModel()
        self._rows = rows
        self._total = len(rows)
        self._total_known = len(rows) < PAGE
        self.endResetModel()
        self.rows_loaded.emit()
        if self._total_known:
            self.total_changed.emit(self._total)
        else:
            self._count(generation)

    def _count(self, generation: int) -> None:
        """Count the current filter's rows on the count lane; one count at a time, and one
        more after it when asked again meanwhile."""
        if self._counting:
            self._count_again = True
            return
        self._counting, self._count_again = True, False
        f = self._filter

        def counted(total: int) -> None:
            self._counting = False
            if self._count_again:  # asked again meanwhile (a live change, a new full page)
                self._count(self._generation)
            elif generation == self._generation:
                self._on_counted(total)

        def failed(error: BaseException) -> None:
            self._counting = False
            self._fail(error)

        self._runner.run("count", lambda: self._repo.count(f), counted, failed)

    def _on_counted(self, total: int) -> None:
        self._total = max(total, len(self._rows))
        self._total_known = True
        self.total_changed.emit(self._total)

    def _fail(self, error: BaseException) -> None:
        self._fetching = False
        log.error("queue read failed: %s", error)
        self.load_failed.emit(error)

    # -- windows as the view scrolls -------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetching:
            return False
        # Before the count is in, a full last page means there may be more.
        more = len(self._rows) % PAGE == 0 if not self._total_known else False
        return more or len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, f, s, offset = self._generation, self._filter, self._sort, len(self._rows)

        def load() -> list[QueueRow]:
            return self._repo.page(f, s, offset, PAGE)

        self._runner.run("read", load, lambda rows: self._on_more(generation, offset, rows))

    def _on_more(self, generation: int, offset: int, rows: list[QueueRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if offset != len(self._rows):
            return  # live changes moved the rows meanwhile; the view will ask again
        known = {r.id for r in self._rows}
        fresh = [r for r in rows if r.id not in known]
        if len(rows) < PAGE and not self._total_known:
            self._total, self._total_known = len(self._rows) + len(fresh), True
            self.total_changed.emit(self._total)
        if not fresh:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    # -- live changes ----------------------------------------------------------------------
    def refresh_cases(
        self, case_ids: Iterable[int], done: Callable[[], None] | None = None
    ) -> None:
        """Re-read these cases under the current filter and merge them into the rows (a flood
        of them: the first page again)."""
        ids = frozenset(case_ids)
        if not ids:
            return
        if len(ids) > MERGE_AT_MOST:
            self.set_query(self._filter)
            if done is not None:
                self.rows_loaded.connect(done, Qt.ConnectionType.SingleShotConnection)
            return
        generation, f = self._generation, self._filter

        def merged(matched: list[QueueRow]) -> None:
            if generation == self._generation:
                self._merge(ids, matched)
            if done is not None:
                done()

        self._runner.run("read", lambda: self._repo.rows_matching(f, ids), merged, self._fail)

    def _merge(self, ids: frozenset[int], matched: list[QueueRow]) -> None:
        found = {r.id: r for r in matched}
        complete = self._total_known and len(self._rows) >= self._total  # every row is loaded
        for case_id in sorted(ids):
            position = self._position(case_id)
            row = found.get(case_id)
            if position is not None and row is None:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
            elif position is not None and row is not None:
                self._move_or_update(position, row)
            elif row is not None:
                self._insert(row, complete)
        if complete:
            self._total = len(self._rows)
            self.total_changed.emit(self._total)
        else:
            # Rows beyond the loaded window may have come or gone: count again.
            self._count(self._generation)

    def _keys(self, rows: list[QueueRow]) -> list[tuple[Any, ...]]:
        return [sort_key(r, self._sort) for r in rows]

    def _insert(self, row: QueueRow, complete: bool) -> None:
        key = sort_key(row, self._sort)
        at = bisect.bisect_left(self._keys(self._rows), key)
        if at == len(self._rows) and not complete:
            return  # beyond the loaded window: it comes with a later fetch
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, row)
        self.endInsertRows()

    def _move_or_update(self, position: int, row: QueueRow) -> None:
        others = self._rows[:position] + self._rows[position + 1 :]
        target = bisect.bisect_left(self._keys(others), sort_key(row, self._sort))
        if target != position:
            # Qt counts the destination before the move.
            destination = target if target < position else target + 1
            self.beginMoveRows(QModelIndex(), position, position, QModelIndex(), destination)
            others.insert(target, row)
            self._rows = others
            self.endMoveRows()
        else:
            self._rows[position] = row
        self.dataChanged.emit(self.index(target, 0), self.index(target, len(_COLUMNS) - 1))

    def _position(self, case_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), None)

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == LIGHT_COLUMN:
                return (
                    self.tr(_LIGHT_TEXT[self._light(row)])
                    if self._light(row) is not Light.NONE
                    else ""
                )
            return _COLUMNS[column][2](row)
        if role == CASE_ID_ROLE:
            return row.id
        if role == LIGHT_ROLE:
            return self._light(row).value
        if column == LIGHT_COLUMN:
            if role == Qt.ItemDataRole.BackgroundRole:
                return _LIGHT_BRUSHES.get(self._light(row))
            if role == Qt.ItemDataRole.ForegroundRole:
                return _WHITE
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _CENTRE
        if role == Qt.ItemDataRole.ToolTipRole and column >= len(_COLUMNS) - 2:
            return tooltip(_COLUMNS[column][2](row))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_COLUMNS)
        ):
            return self.tr(_COLUMNS[section][0])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is SQL's: a column without a sort key keeps the current order."""
        if not 0 <= column < len(_COLUMNS):
            return
        key = _COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(self._filter, QueueSort(key, descending))

    @staticmethod
    def column_for(key: SortKey) -> int:
        return next(i for i, c in enumerate(_COLUMNS) if c[1] is key)

    # -- helpers for views -----------------------------------------------------------------
    def case_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: int) -> int | None:
        return self._position(case_id)

    def loaded_rows(self) -> list[QueueRow]:
        return list(self._rows)

    def _light(self, row: QueueRow) -> Light:
        return light(self._filter.now, row.yellow_at, row.due_at)
