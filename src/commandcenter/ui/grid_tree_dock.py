"""The grid tree: street, communities, blocks and sub-grids, each with its open cases per queue
and a red badge for overdue ones. Counts add up the tree (a grid counts its subtree). Choosing a
grid narrows the queues to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeView, QWidget

from ..domain.model import GRID_LEVEL_NAMES
from ..store.directory import GridChoice
from ..store.queues import Queue

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_QUEUES = (Queue.REPORTED, Queue.ACCEPTED, Queue.DISPATCHED, Queue.HANDLED, Queue.OVERDUE)
_BADGE = QColor("#c62828")


class GridTreeDock(QDockWidget):
    grid_selected = Signal(object)  # grid code, or None for every grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("网格"), parent)
        self.setObjectName("GridTreeDock")
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("网格")] + [self.tr(q.label) for q in COUNT_QUEUES]
        )
        self.view = QTreeView(self)
        self.view.setObjectName("grid_tree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COUNT_QUEUES) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._on_view_clicked)
        self.setWidget(self.view)
        self._items: dict[str, list[QStandardItem]] = {}
        self._parents: dict[str, str | None] = {}

    def set_grids(self, grids: Sequence[GridChoice]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._items.clear()
        self._parents = {g.code: g.parent_code for g in grids}
        for g in sorted(grids, key=lambda g: (g.level, g.code)):
            name = QStandardItem(g.name)
            name.setData(g.code, CODE_ROLE)
            name.setToolTip(f"{GRID_LEVEL_NAMES.get(g.level, '')} · {g.code}")
            row = [name] + [QStandardItem("") for _ in COUNT_QUEUES]
            for item in row:
                item.setEditable(False)
            for item in row[1:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            parent = self._items.get(g.parent_code or "")
            (parent[0] if parent else self.model.invisibleRootItem()).appendRow(row)
            self._items[g.code] = row
        self.view.expandToDepth(0)

    def set_counts(self, by_grid: Mapping[str, Mapping[Queue, int]]) -> None:
        """Open cases per grid code (as the store counts them); each grid shows its subtree."""
        totals: dict[str, dict[Queue, int]] = {
            code: dict.fromkeys(COUNT_QUEUES, 0) for code in self._items
        }
        for code, counts in by_grid.items():
            node: str | None = code
            while node is not None and node in totals:
                for queue in COUNT_QUEUES:
                    totals[node][queue] += counts.get(queue, 0)
                node = self._parents.get(node)
        for code, row in self._items.items():
            for column, queue in enumerate(COUNT_QUEUES, start=1):
                n = totals[code][queue]
                item = row[column]
                text = str(n) if n else ""
                if item.text() != text:
                    item.setText(text)
                if queue is Queue.OVERDUE:
                    item.setBackground(QBrush(_BADGE) if n else QBrush())
                    item.setForeground(QBrush(QColor("white")) if n else QBrush())

    def count(self, code: str, queue: Queue) -> int:
        row = self._items[code]
        text = row[1 + COUNT_QUEUES.index(queue)].text()
        return int(text) if text else 0

    def select_grid(self, code: str | None) -> None:
        if code is None:
            self.view.clearSelection()
        elif code in self._items:
            self.view.setCurrentIndex(self._items[code][0].index())
        self.grid_selected.emit(code)

    def _on_view_clicked(self, index: QModelIndex) -> None:
        code = self.model.itemFromIndex(index.siblingAtColumn(0)).data(CODE_ROLE)
        self.grid_selected.emit(code)
