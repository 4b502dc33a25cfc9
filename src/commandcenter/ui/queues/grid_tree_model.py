"""The grid tree as a model over plain Python lists: a district has some 4 000 grids, and
refreshing their counts every few seconds must not cost the GUI thread more than a few
milliseconds (item-by-item updates of a QStandardItemModel took seconds at that size). Counts are
replaced in one go and announced per block of siblings that changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ...domain.model import GRID_LEVEL_NAMES
from ...store.directory import GridChoice
from ...store.queues import Queue
from ..common.i18n import DOMAIN_CONTEXT, QT_TRANSLATE_NOOP, tr_label

Index = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_QUEUES = (Queue.REPORTED, Queue.ACCEPTED, Queue.DISPATCHED, Queue.HANDLED, Queue.OVERDUE)
OVERDUE_COLUMN = len(COUNT_QUEUES)
SHORT_LABELS = {
    Queue.REPORTED: QT_TRANSLATE_NOOP("GridTreeModel", "受理"),
    Queue.ACCEPTED: QT_TRANSLATE_NOOP("GridTreeModel", "派遣"),
    Queue.DISPATCHED: QT_TRANSLATE_NOOP("GridTreeModel", "处置"),
    Queue.HANDLED: QT_TRANSLATE_NOOP("GridTreeModel", "核查"),
    Queue.OVERDUE: QT_TRANSLATE_NOOP("GridTreeModel", "超期"),
}
_BADGE = QBrush(QColor("#c62828"))
_BADGE_TEXT = QBrush(QColor("white"))
_MAX_BLOCKS = 16  # above this many changed blocks of siblings, one layout change instead
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(eq=False)
class _Node:
    grid: GridChoice | None  # None for the invisible root
    parent: _Node | None
    row: int
    children: list[_Node] = field(default_factory=list)
    counts: tuple[int, ...] = (0,) * len(COUNT_QUEUES)


def subtree_totals(
    by_grid: Mapping[str, Mapping[Queue, int]], parents: Mapping[str, str | None]
) -> dict[str, tuple[int, ...]]:
    """Each grid's counts with its subtree's, in COUNT_QUEUES order. Plain Python, so the
    window computes it on a worker thread beside the query."""
    totals: dict[str, list[int]] = {}
    for code, counts in by_grid.items():
        own = [counts.get(q, 0) for q in COUNT_QUEUES]
        node: str | None = code
        while node is not None and node in parents:
            total = totals.setdefault(node, [0] * len(COUNT_QUEUES))
            for i, n in enumerate(own):
                total[i] += n
            node = parents[node]
    return {code: tuple(total) for code, total in totals.items()}


class GridTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node(None, None, 0)
        self._nodes: dict[str, _Node] = {}
        self._parents: dict[str, str | None] = {}
        # The dock is narrow: two characters a column, the queue's full name as its tooltip.
        self._headers = [self.tr("网格")] + [self.tr(SHORT_LABELS[q]) for q in COUNT_QUEUES]
        self._tooltips = [self.tr("网格")] + [tr_label(q) for q in COUNT_QUEUES]

    # -- filling ---------------------------------------------------------------------------
    def set_grids(self, grids: Sequence[GridChoice]) -> None:
        self.beginResetModel()
        self._root = _Node(None, None, 0)
        self._nodes = {}
        for grid in sorted(grids, key=lambda g: (g.level, g.code)):
            parent = self._nodes.get(grid.parent_code or "", self._root)
            node = _Node(grid, parent, len(parent.children))
            parent.children.append(node)
            self._nodes[grid.code] = node
        self._parents = {
            code: (n.parent.grid.code if n.parent and n.parent.grid else None)
            for code, n in self._nodes.items()
        }
        self.endResetModel()

    def set_counts(self, by_grid: Mapping[str, Mapping[Queue, int]]) -> None:
        """Open cases per grid code (as the store counts them); each grid shows its subtree."""
        self.set_totals(subtree_totals(by_grid, self.parents()))

    def parents(self) -> dict[str, str | None]:
        """Each grid's parent code (a copy), for subtree_totals off the GUI thread."""
        return dict(self._parents)

    def set_totals(self, totals: Mapping[str, tuple[int, ...]]) -> None:
        """Counts per grid already added up its subtree (subtree_totals), in COUNT_QUEUES order;
        only the blocks of siblings that changed are announced."""
        zero = (0,) * len(COUNT_QUEUES)
        changed: dict[int, tuple[_Node, int, int]] = {}  # parent id -> (parent, first, last)
        updates: list[tuple[_Node, tuple[int, ...]]] = []
        for code, node in self._nodes.items():
            new = totals.get(code, zero)
            if new == node.counts:
                continue
            updates.append((node, new))
            assert node.parent is not None
            key = id(node.parent)
            first, last = changed.get(key, (node.parent, node.row, node.row))[1:]
            changed[key] = (node.parent, min(first, node.row), max(last, node.row))
        if len(changed) > _MAX_BLOCKS:
            # Hundreds of dataChanged signals cost the view a walk of the tree each (a third of a
            # second for a district's first counts); one layout change costs a millisecond and
            # keeps expansion and selection, as the tree's shape is unchanged.
            self.layoutAboutToBeChanged.emit()
            for node, new in updates:
                node.counts = new
            self.layoutChanged.emit()
            return
        for node, new in updates:
            node.counts = new
        for parent, first, last in changed.values():
            parent_index = self._index_of(parent)
            self.dataChanged.emit(
                self.index(first, 1, parent_index),
                self.index(last, len(COUNT_QUEUES), parent_index),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole],
            )

    # -- reading ---------------------------------------------------------------------------
    def count(self, code: str, queue: Queue) -> int:
        return self._nodes[code].counts[COUNT_QUEUES.index(queue)]

    def index_of(self, code: str) -> QModelIndex:
        node = self._nodes.get(code)
        return self._index_of(node) if node is not None else QModelIndex()

    def code_at(self, index: Index) -> str | None:
        node = self._node(index)
        return node.grid.code if node is not None and node.grid is not None else None

    # -- QAbstractItemModel ------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent) if parent.isValid() else self._root
        if node is None or not (0 <= row < len(node.children)):
            return QModelIndex()
        if not 0 <= column < len(self._headers):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(child)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self._index_of(node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            node = self._node(parent)
            return len(node.children) if node is not None else 0
        return len(self._root.children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None or node.grid is None:
            return None
        column = index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return node.grid.name
            if role == CODE_ROLE:
                return node.grid.code
            if role == Qt.ItemDataRole.ToolTipRole:
                level = GRID_LEVEL_NAMES.get(node.grid.level, "")
                return f"{QCoreApplication.translate(DOMAIN_CONTEXT, level)} · {node.grid.code}"
            return None
        n = node.counts[column - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(n) if n else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT.value)
        if column == OVERDUE_COLUMN and n:
            if role == Qt.ItemDataRole.BackgroundRole:
                return _BADGE
            if role == Qt.ItemDataRole.ForegroundRole:
                return _BADGE_TEXT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section:
            return int(_RIGHT.value)
        return None

    # -- helpers -----------------------------------------------------------------------------
    def _node(self, index: Index) -> _Node | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, _Node) else None

    def _index_of(self, node: _Node) -> QModelIndex:
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)
