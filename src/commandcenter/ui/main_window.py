"""The command-centre window. For now: the street, its grid tree and the cases per state; the
queues, case panel, map and timeline docks come next ([4/10]–[6/10])."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import CaseState
from ..services.overview import Overview
from ..services.task_runner import TaskRunner
from .grid_tree_dock import GridTreeDock
from .state_count_table_model import StateCountTableModel


class MainWindow(QMainWindow):
    overview_loaded = Signal(object)

    def __init__(self, runner: TaskRunner, load: Callable[[], Overview]) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self._runner = runner
        self._load = load
        self.setWindowTitle(self.tr("网格指挥中心"))
        self.grid_dock = GridTreeDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.grid_dock)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.title = QLabel(self.tr("正在加载…"), central)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("", central)
        self.counts = StateCountTableModel(self)
        self.count_view = QTableView(central)
        self.count_view.setModel(self.counts)
        self.count_view.verticalHeader().hide()
        self.count_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.count_view, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("正在读取数据库…"))

    def refresh(self) -> None:
        self._runner.run("read", self._load, self._on_overview_loaded, self._on_load_failed)

    def _on_overview_loaded(self, overview: Overview) -> None:
        self.setWindowTitle(self.tr("网格指挥中心 — %s") % overview.street_name)
        self.title.setText(overview.street_name)
        levels = {lv: sum(1 for g in overview.grids if g.level == lv) for lv in (2, 3, 4)}
        self.subtitle.setText(
            self.tr("%1 · 二级网格 %2 个 · 三级网格 %3 个 · 四级网格 %4 个 · 案件 %5 件")
            .replace("%1", overview.district_name)
            .replace("%2", str(levels[2]))
            .replace("%3", str(levels[3]))
            .replace("%4", str(levels[4]))
            .replace("%5", f"{overview.total:,}")
        )
        self.grid_dock.set_grids(overview.grids)
        self.counts.set_counts(overview.counts)
        open_cases = sum(n for s, n in overview.counts.items() if s not in _FINISHED)
        self.statusBar().showMessage(
            self.tr("在办 %1 件 · 刷新于 %2")
            .replace("%1", f"{open_cases:,}")
            .replace("%2", datetime.now().strftime("%H:%M:%S"))
        )
        self.overview_loaded.emit(overview)

    def _on_load_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(self.tr("读取失败：%s") % error)


_FINISHED = {CaseState.CLOSED, CaseState.REJECTED, CaseState.VOIDED, CaseState.SHELVED}
