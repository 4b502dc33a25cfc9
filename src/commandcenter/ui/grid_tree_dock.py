"""The grid tree: street, communities, blocks and sub-grids."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDockWidget, QTreeView, QWidget

from ..domain.model import GRID_LEVEL_NAMES, Grid

CODE_ROLE = 0x0101


class GridTreeDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("网格"), parent)
        self.setObjectName("GridTreeDock")
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([self.tr("网格"), self.tr("级别")])
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.setWidget(self.view)

    def set_grids(self, grids: Sequence[Grid]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        items: dict[str, QStandardItem] = {}
        for g in sorted(grids, key=lambda g: (g.level, g.code)):
            name = QStandardItem(g.name)
            name.setData(g.code, CODE_ROLE)
            name.setToolTip(g.code)
            name.setEditable(False)
            level = QStandardItem(GRID_LEVEL_NAMES.get(g.level, str(g.level)))
            level.setEditable(False)
            parent = items.get(g.parent) if g.parent else None
            (parent or self.model.invisibleRootItem()).appendRow([name, level])
            items[g.code] = name
        self.view.expandToDepth(0)
        self.view.resizeColumnToContents(0)
