"""The grid tree: street, communities, blocks and sub-grids, each with its open cases per queue
and a red badge for overdue ones. Counts add up the tree (a grid counts its subtree). Choosing a
grid narrows the queues to it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeView, QWidget

from ...store.directory import GridChoice
from ...store.queues import Queue
from .grid_tree_model import COUNT_QUEUES, GridTreeModel


class GridTreeDock(QDockWidget):
    grid_selected = Signal(object)  # grid code, or None for every grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("网格"), parent)
        self.setObjectName("GridTreeDock")
        self.model = GridTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("grid_tree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths wide enough for five digits (a district street's open cases) or the
        # header: sizing columns to their contents would measure thousands of rows on every
        # refresh. The name takes the rest.
        metrics = QFontMetrics(self.view.font())
        digits = metrics.horizontalAdvance("99999")
        for column in range(1, len(COUNT_QUEUES) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(digits, metrics.horizontalAdvance(label)) + 12)
        self.view.clicked.connect(self._on_view_clicked)
        self.setWidget(self.view)

    def set_grids(self, grids: Sequence[GridChoice]) -> None:
        self.model.set_grids(grids)
        self.view.expandToDepth(0)

    def count(self, code: str, queue: Queue) -> int:
        return self.model.count(code, queue)

    def select_grid(self, code: str | None) -> None:
        if code is None:
            self.view.clearSelection()
        else:
            index = self.model.index_of(code)
            if index.isValid():
                self.view.setCurrentIndex(index)
        self.grid_selected.emit(code)

    def _on_view_clicked(self, index: QModelIndex) -> None:
        self.grid_selected.emit(self.model.code_at(index))
