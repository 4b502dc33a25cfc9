"""The dashboard dock: big numbers (today's intake, open, overdue, this week's rates) and four
small charts (intake against closed per day, the overdue trend, open cases by category, this
week's closing rates by community). The charts are built once; a refresh reads on a worker lane
and only sets data on them. Bursts of changes are coalesced: at most one read per 2 s. While the
dock is hidden (a tab behind the timeline) it does not read; it reads when shown."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...render.palette import OVERDUE
from ...services.task_runner import SingleFlight, TaskRunner
from ...store.dashboard import DashboardFigures, day_labels
from ..common.plain_text import plain

log = logging.getLogger(__name__)

THROTTLE_MS = 2_000  # at most one read per 2 s, however many cases change
COALESCE_MS = 600  # a burst waits for its last change: longer than the feed's 300 ms poll
CLOCK_MS = 60_000  # today and this week move on without any change
WIDE_RATIO = 3.2  # wider than this (width / height): the charts in one row
LOWEST_GRIDS = 6  # the communities shown: this week's lowest 结案率, the ones to chase

LoadDashboard = Callable[[datetime], DashboardFigures]


def _import_charts() -> None:
    """pyqtgraph takes most of a second to import: not on the window's start-up path, but on a
    worker after it, so that the dock's first showing finds it loaded."""
    from ...render import charts  # noqa: F401


class Tile(QFrame):
    """A caption over a big number."""

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = plain(QLabel(caption, self))
        self.caption.setStyleSheet("color: #555;")
        self.value = plain(QLabel("—", self))
        self.value.setObjectName(f"tile_{name}_value")
        font = self.value.font()
        font.setPointSize(max(font.pointSize(), 9) * 2)
        font.setBold(True)
        self.value.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def set_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {OVERDUE};" if alert else "")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class DashboardDock(QDockWidget):
    refreshed = Signal()  # the tiles and charts show a new read

    def __init__(
        self,
        runner: TaskRunner,
        load: LoadDashboard,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("仪表板"), parent)
        self.setObjectName("dashboard_dock")
        self._load = load
        self._clock = clock
        self._reads = SingleFlight(runner, "count")
        self._stale = False
        self._since_read = QElapsedTimer()
        self.figures: DashboardFigures | None = None
        self.reads = 0  # reads shown so far (tests and the log)

        body = QWidget(self)
        self.tiles = {
            "today": Tile(self.tr("今日新增"), "today", body),
            "open": Tile(self.tr("在办"), "open", body),
            "overdue": Tile(self.tr("超期"), "overdue", body),
            "handling": Tile(self.tr("本周处置率"), "handling", body),
            "closing": Tile(self.tr("本周结案率"), "closing", body),
            "ontime": Tile(self.tr("本周按期结案率"), "ontime", body),
            "rework": Tile(self.tr("本周返工率"), "rework", body),
        }
        row = QHBoxLayout()
        row.setSpacing(6)
        for tile in self.tiles.values():
            row.addWidget(tile)
        self.updated_label = plain(QLabel(body))
        self.updated_label.setObjectName("dashboard_updated")
        self.updated_label.setStyleSheet("color: #777;")
        self.updated_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.updated_label, 1)

        self._body = body
        self._views: list[QWidget] = []
        self._charts = QGridLayout()
        self._charts.setSpacing(4)
        self._wide: bool | None = None
        self._runner = runner
        self._warming = False

        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addLayout(self._charts, 1)
        self.setWidget(body)

        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.timeout.connect(self.refresh)
        self._minute = QTimer(self)
        self._minute.setInterval(CLOCK_MS)
        self._minute.timeout.connect(self.refresh)

    # -- the charts, built when first shown ----------------------------------------------
    def _build_charts(self) -> None:
        if self._views:
            return
        from ...render.charts import (
            CategoryChart,
            IntakeClosedChart,
            RatesByGridChart,
            TrendChart,
            chart_widget,
        )

        body = self._body
        view, plot = chart_widget(body)
        self.intake_chart: IntakeClosedChart = IntakeClosedChart(
            plot, self.tr("每日新增与办结"), lines=True, names=(self.tr("新增"), self.tr("办结"))
        )
        self._views.append(view)
        view, plot = chart_widget(body)
        self.trend_chart: TrendChart = TrendChart(
            plot, self.tr("超期"), self.tr("超期趋势（按处置期限）")
        )
        self._views.append(view)
        view, plot = chart_widget(body)
        self.category_chart: CategoryChart = CategoryChart(plot, self.tr("在办案件类别（前10）"))
        self._views.append(view)
        view, plot = chart_widget(body)
        self.rates_chart: RatesByGridChart = RatesByGridChart(
            plot, [self.tr("结案率")], self.tr("本周结案率最低的社区")
        )
        self._views.append(view)
        for view in self._views:
            view.setMinimumSize(220, 175)  # ten category names, one a line
        size = self.size()
        self._place_charts(size.height() > 0 and size.width() / size.height() > WIDE_RATIO)

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read again now (on the count lane); while hidden, when shown."""
        self._throttle.stop()
        if not self._minute.isActive():
            self._minute.start()
        if not self.isVisible():
            self._stale = True
            if not self._views and not self._warming:
                self._warming = True
                self._runner.run("export", _import_charts, lambda _none: None)
            return
        self._build_charts()
        self._stale = False
        self._since_read.start()
        self._reads.request(self._prepare, self._on_failed)

    def cases_changed(self, ids: frozenset[int]) -> None:
        """Cases changed somewhere: read again soon, once for a burst, at most every 2 s."""
        if not ids or self._throttle.isActive():
            return
        elapsed = self._since_read.elapsed() if self._since_read.isValid() else THROTTLE_MS
        self._throttle.start(max(COALESCE_MS, THROTTLE_MS - elapsed))

    def _prepare(self) -> tuple[Callable[[], DashboardFigures], Callable[[DashboardFigures], None]]:
        load, now = self._load, self._clock()
        return lambda: load(now), self._on_loaded

    def _on_failed(self, error: BaseException) -> None:
        log.warning("dashboard read failed: %s", error)
        self.updated_label.setText(self.tr("读取失败"))

    def _on_loaded(self, figures: DashboardFigures) -> None:
        self._build_charts()
        self.figures = figures
        self.reads += 1
        self._show_tiles(figures)
        days = figures.days
        labels = day_labels(days)
        self.intake_chart.set_data(labels, [d.intake for d in days], [d.closed for d in days])
        self.trend_chart.set_data(labels, [d.overdue for d in days])
        self.category_chart.set_data(
            [k.name for k in figures.categories], [k.count for k in figures.categories]
        )
        rated = [g for g in figures.grid_rates if g.closing is not None]
        lowest = sorted(rated, key=lambda g: (g.closing, g.code))[:LOWEST_GRIDS]
        self.rates_chart.set_data([g.name for g in lowest], [[g.closing for g in lowest]])
        self.updated_label.setText(
            self.tr("%1 · 更新于 %2")
            .replace("%1", figures.rates.week)
            .replace("%2", figures.now.strftime("%H:%M"))
        )
        self.refreshed.emit()

    def _show_tiles(self, f: DashboardFigures) -> None:
        self.tiles["today"].set_value(f"{f.today_intake:,}")
        self.tiles["open"].set_value(f"{f.open_cases:,}")
        self.tiles["overdue"].set_value(f"{f.overdue:,}", alert=f.overdue > 0)
        self.tiles["handling"].set_value(percent(f.rates.handling))
        self.tiles["closing"].set_value(percent(f.rates.closing))
        self.tiles["ontime"].set_value(percent(f.rates.ontime))
        self.tiles["rework"].set_value(percent(f.rates.rework))

    # -- layout ----------------------------------------------------------------------------
    def _place_charts(self, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        for i, view in enumerate(self._views):
            self._charts.removeWidget(view)
            row, column = (0, i) if wide else divmod(i, 2)
            self._charts.addWidget(view, row, column)
        for i in range(4):
            self._charts.setColumnStretch(i, 1 if wide or i < 2 else 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._build_charts()
        if self._stale:
            QTimer.singleShot(0, self.refresh)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._place_charts(size.height() > 0 and size.width() / size.height() > WIDE_RATIO)
