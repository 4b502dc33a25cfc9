"""The grid tree: street, communities, blocks and sub-grids, each with its open cases per queue
and a red badge for overdue ones. Counts add up the tree (a grid counts its subtree). Choosing a
grid narrows the queues to it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeView, QWidget

from ...store.directory import GridChoice
from ...store.queues import Queue
from .grid_tree_model import COUNT_QUEUES, GridTreeModel

NAME_SAMPLE = "第一社区第三网格"  # eight characters of a name


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
        # Fixed widths wide enough for five digits (a district street's open cases) or the
        # header: sizing columns to their contents would measure thousands of rows on every
        # refresh. The name takes the rest.
        metrics = QFontMetrics(self.view.font())
        digits = metrics.horizontalAdvance("99999")
        counts = 0
        for column in range(1, len(COUNT_QUEUES) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(digits, metrics.horizontalAdvance(label)) + 12
            header.resizeSection(column, width)
            counts += width
        # The names keep room for a grid's name under its levels of indent whatever the
        # language and the dock's width (under --lang en it came up with 2–3 characters of
        # it): the name column takes what the counts leave, never less, and the tree scrolls
        # sideways when the dock is narrower than that.
        self.name_width = metrics.horizontalAdvance(NAME_SAMPLE) + 3 * self.view.indentation()
        self._counts_width = counts
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        # However the window shares its width out, the names stay in view (the counts scroll).
        frame = 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()
        self.view.setMinimumWidth(self.name_width + frame)
        self.view.viewport().installEventFilter(self)
        self._fit_names()
        self.view.clicked.connect(self._on_view_clicked)
        self.setWidget(self.view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_names()
        return super().eventFilter(watched, event)

    def _fit_names(self) -> None:
        spare = self.view.viewport().width() - self._counts_width
        self.view.header().resizeSection(0, max(self.name_width, spare))

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
