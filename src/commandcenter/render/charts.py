"""Small pyqtgraph charts shared by the dashboard dock and the review meeting (view, PDF, PPTX).

Each chart takes a `pg.PlotItem`, builds its items once and updates them in place through
`set_data` (setOpts / setData): a live dashboard never clears and re-adds. Category labels (week
labels, grid names, category names) are axis ticks set with `AxisItem.setTicks`; a
`CategoryAxis` keeps only every n-th label where they would not fit. Long names go on horizontal
bars. A fixed palette that survives a black-and-white printer: intake blue, closed green,
overdue red. `render_chart` draws a chart offscreen into a QImage for the packs, finer than the
screen (`scale`) for print."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from .palette import CLOSED, INTAKE, OVERDUE

FONT_FAMILY = "WenQuanYi Micro Hei"
TICK_PT = 8
TITLE_PT = 10

SERIES = (INTAKE, CLOSED, "#e08a00", "#6a3d9a", "#5f6b73")  # for grouped bars beyond two
AXIS = "#333333"
GRID_LINE = "#e0e0e0"

INTAKE_NAME = "新增"
CLOSED_NAME = "办结"


def chart_font(points: int = TICK_PT, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSize(points)
    font.setBold(bold)
    return font


class CategoryAxis(pg.AxisItem):
    """An axis whose ticks are category labels at 0, 1, 2, …; when they do not fit, every n-th
    label is kept (recomputed on resize), never overlapping ones."""

    def __init__(self, orientation: str) -> None:
        self._labels: list[str] = []
        super().__init__(orientation)
        self.setPen(pg.mkPen(AXIS))
        self.setTextPen(pg.mkPen(AXIS))
        self.setTickFont(chart_font())
        # labels are thinned by _step; hiding them as overlapping also hid the end ones
        self.setStyle(autoExpandTextSpace=False, hideOverlappingLabels=False)

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    def shown_labels(self) -> list[str]:
        """The labels drawn now (all of them, or every n-th)."""
        return [text for level in (self._tickLevels or []) for _, text in level]

    def set_labels(self, labels: Sequence[str]) -> None:
        self._labels = list(labels)
        if self.orientation in ("left", "right"):
            metrics = QFontMetricsF(chart_font())
            widest = max((metrics.horizontalAdvance(text) for text in self._labels), default=0)
            self.setWidth(math.ceil(widest) + 10)
        self._apply()

    def resizeEvent(self, ev: Any = None) -> None:
        super().resizeEvent(ev)
        if getattr(self, "_labels", None):  # also called from AxisItem.__init__
            self._apply()

    def _apply(self) -> None:
        # counted from the last label: the latest period is the one always labelled
        step, last = self._step(), len(self._labels) - 1
        self.setTicks(
            [[(float(i), text) for i, text in enumerate(self._labels) if (last - i) % step == 0]]
        )

    def _step(self) -> int:
        count = len(self._labels)
        if count == 0:
            return 1
        metrics = QFontMetricsF(chart_font())
        if self.orientation in ("left", "right"):
            length, need = self.height(), metrics.height() + 2
        else:
            widest = max(metrics.horizontalAdvance(text) for text in self._labels)
            length, need = self.width(), widest + 8
        if length <= 0:
            return 1
        return max(1, math.ceil(need / (length / count)))


def _prepare(plot: pg.PlotItem, title: str, bottom: bool, left: bool) -> dict[str, Any]:
    """Static look of a dashboard/pack chart: dark axes, light grid, no mouse, category axes."""
    axes: dict[str, Any] = {}
    if bottom:
        axes["bottom"] = CategoryAxis("bottom")
    if left:
        axes["left"] = CategoryAxis("left")
    if axes:
        plot.setAxisItems(axes)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(AXIS))
        axis.setTextPen(pg.mkPen(AXIS))
        axis.setTickFont(chart_font())
        axis.setStyle(hideOverlappingLabels=False)
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.showGrid(x=not bottom, y=not left, alpha=0.18)
    if title:
        plot.setTitle(html.escape(title), color=AXIS, size=f"{TITLE_PT}pt")
        plot.titleLabel.item.setFont(chart_font(TITLE_PT, bold=True))
    return axes


def _legend(plot: pg.PlotItem, entries: Sequence[tuple[Any, str]]) -> pg.LegendItem:
    legend = plot.addLegend(offset=(-4, 2), colCount=len(entries), labelTextColor=AXIS)
    legend.setBrush(pg.mkBrush(255, 255, 255, 220))
    for item, name in entries:
        legend.addItem(item, html.escape(name))
    for _, label in legend.items:
        label.item.setFont(chart_font())
    return legend


class _ValueLabels:
    """Numbers beside bars; TextItems are pooled, hidden when not needed, never re-created."""

    def __init__(self, plot: pg.PlotItem, anchor: tuple[float, float]) -> None:
        self._plot = plot
        self._anchor = anchor
        self.items: list[pg.TextItem] = []

    def set(self, points: Sequence[tuple[float, float, str]], shown: bool = True) -> None:
        """One label a point; `shown` False keeps them (and the pool) but hidden: whether there
        is room depends on the chart's size, which must not decide what items it has."""
        while len(self.items) < len(points):
            item = pg.TextItem(color=AXIS, anchor=self._anchor)
            item.setFont(chart_font(TICK_PT - 1))
            self._plot.addItem(item, ignoreBounds=True)
            self.items.append(item)
        for item, (x, y, text) in zip(self.items, points, strict=False):
            item.setPlainText(text)
            item.setPos(x, y)
            item.setVisible(shown)
        for item in self.items[len(points) :]:
            item.setVisible(False)


def _legend_px(legend: pg.LegendItem | None) -> float:
    return 0.0 if legend is None else legend.boundingRect().height() + 6


class _Chart:
    """Keeps the view range fitted to the data and to the pixels the legend takes, again on
    every resize of the view (a dock being resized, a pack's image size)."""

    plot: pg.PlotItem
    legend: pg.LegendItem | None = None

    def _watch(self) -> None:
        self.plot.getViewBox().sigResized.connect(lambda _view: self._fit())

    def _view_px(self) -> tuple[float, float]:
        rect = self.plot.getViewBox().rect()
        return rect.width(), rect.height()

    def _fit(self) -> None:
        raise NotImplementedError


class _ColumnsChart(_Chart):
    """Periods along x, counts up y, the legend in room kept above the highest value."""

    _count = 0
    _top = 0.0

    def _fit(self) -> None:
        _, height = self._view_px()
        reserve = _legend_px(self.legend)
        top = max(1.0, self._top)
        if height > 1.8 * reserve:
            top = top * height / (height - reserve)
        self.plot.setXRange(-0.6, max(self._count, 1) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.05, padding=0)


class _RowsChart(_Chart):
    """Names down the left axis (first on top), values across, the legend in rows kept on top."""

    _rows = 0
    _right = 1.0

    def _reserve_rows(self) -> float:
        _, height = self._view_px()
        reserve = _legend_px(self.legend)
        rows = max(self._rows, 1)
        return reserve * rows / (height - reserve) if height > 1.8 * reserve else 0.0

    def _row_px(self) -> float:
        _, height = self._view_px()
        return height / (max(self._rows, 1) + self._reserve_rows())

    def _fit(self) -> None:
        self.plot.setYRange(-0.6 - self._reserve_rows(), max(self._rows, 1) - 0.4, padding=0)
        self.plot.setXRange(0, self._right, padding=0)


class IntakeClosedChart(_ColumnsChart):
    """新增 against 办结 per period: paired bars (or two lines with `lines=True`) and a legend."""

    def __init__(
        self,
        plot: pg.PlotItem,
        title: str = "",
        lines: bool = False,
        names: tuple[str, str] = (INTAKE_NAME, CLOSED_NAME),
    ) -> None:
        self.plot = plot
        self.lines = lines
        _prepare(plot, title, bottom=True, left=False)
        self.axis: CategoryAxis = plot.getAxis("bottom")
        self.intake: Any
        self.closed: Any
        if lines:
            self.intake = pg.PlotDataItem(pen=pg.mkPen(INTAKE, width=2))
            self.closed = pg.PlotDataItem(pen=pg.mkPen(CLOSED, width=2))
        else:
            self.intake = pg.BarGraphItem(x=[], height=[], width=0.38, brush=INTAKE, pen=None)
            self.closed = pg.BarGraphItem(x=[], height=[], width=0.38, brush=CLOSED, pen=None)
        plot.addItem(self.intake)
        plot.addItem(self.closed)
        self.legend = _legend(plot, [(self.intake, names[0]), (self.closed, names[1])])
        self._watch()

    def set_data(self, labels: Sequence[str], intake: Sequence[int], closed: Sequence[int]) -> None:
        xs = list(range(len(labels)))
        if self.lines:
            self.intake.setData(xs, list(intake))
            self.closed.setData(xs, list(closed))
        else:
            self.intake.setOpts(x=[x - 0.2 for x in xs], height=list(intake), width=0.38)
            self.closed.setOpts(x=[x + 0.2 for x in xs], height=list(closed), width=0.38)
        self.axis.set_labels(labels)
        self._count, self._top = len(labels), float(max([*intake, *closed], default=0))
        self._fit()


class RatesByGridChart(_RowsChart):
    """Grouped horizontal bars per grid (grid names on the left axis, first grid on top), one
    bar per series in percent, the number beside it where there is room; None draws no bar.
    values[i_series][i_grid] are 0..1. One series: no legend (the title names it)."""

    def __init__(self, plot: pg.PlotItem, series_names: Sequence[str], title: str = "") -> None:
        self.plot = plot
        self.series_names = list(series_names)
        _prepare(plot, title, bottom=False, left=True)
        self.axis: CategoryAxis = plot.getAxis("left")
        plot.invertY(True)
        plot.getAxis("bottom").setLabel("%", color=AXIS)
        count = max(1, len(self.series_names))
        self._thickness = 0.8 / count
        self.bars: list[pg.BarGraphItem] = []
        for i, _ in enumerate(self.series_names):
            colour = SERIES[i % len(SERIES)]
            bar = pg.BarGraphItem(x0=[], y=[], width=[], height=self._thickness, brush=colour)
            bar.setOpts(pen=None)
            plot.addItem(bar)
            self.bars.append(bar)
        self.values = _ValueLabels(plot, anchor=(0, 0.5))
        self._texts: list[tuple[float, float, str]] = []
        self._right = 112.0  # room for the numbers right of a full bar
        if len(self.bars) > 1:
            self.legend = _legend(plot, list(zip(self.bars, self.series_names, strict=True)))
        self._watch()

    def set_data(self, grid_names: Sequence[str], values: Sequence[Sequence[float | None]]) -> None:
        texts: list[tuple[float, float, str]] = []
        count = len(self.bars)
        for i, bar in enumerate(self.bars):
            series = values[i] if i < len(values) else []
            offset = (i - (count - 1) / 2) * self._thickness
            shown = [(g, v) for g, v in enumerate(series) if v is not None]
            ys = [g + offset for g, _ in shown]
            widths = [v * 100 for _, v in shown]
            bar.setOpts(x0=[0] * len(shown), y=ys, width=widths, height=self._thickness)
            texts += [(w + 1, y, f"{w:.0f}") for y, w in zip(ys, widths, strict=True)]
        self._texts = texts
        self.axis.set_labels(grid_names)
        self._rows = len(grid_names)
        self._fit()

    def _fit(self) -> None:
        super()._fit()
        roomy = self._row_px() * self._thickness >= QFontMetricsF(chart_font(TICK_PT - 1)).height()
        self.values.set(self._texts, shown=roomy)


class TrendChart(_ColumnsChart):
    """One line (with points) over labelled periods, e.g. the overdue trend. With a title the
    title names the line; without, a legend does."""

    def __init__(
        self, plot: pg.PlotItem, name: str, title: str = "", colour: str = OVERDUE
    ) -> None:
        self.plot = plot
        _prepare(plot, title, bottom=True, left=False)
        self.axis: CategoryAxis = plot.getAxis("bottom")
        self.line = pg.PlotDataItem(
            pen=pg.mkPen(colour, width=2),
            symbol="o",
            symbolSize=4,
            symbolBrush=colour,
            symbolPen=None,
        )
        plot.addItem(self.line)
        if not title:
            self.legend = _legend(plot, [(self.line, name)])
        self._watch()

    def set_data(self, labels: Sequence[str], values: Sequence[int]) -> None:
        self.line.setData(list(range(len(labels))), list(values))
        self.axis.set_labels(labels)
        self._count, self._top = len(labels), float(max(values, default=0))
        self._fit()


class CategoryChart(_RowsChart):
    """Horizontal bars of counts by category name, largest on top, count beside each bar."""

    def __init__(self, plot: pg.PlotItem, title: str = "", colour: str = INTAKE) -> None:
        self.plot = plot
        _prepare(plot, title, bottom=False, left=True)
        self.axis: CategoryAxis = plot.getAxis("left")
        plot.invertY(True)
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.65, brush=colour)
        self.bars.setOpts(pen=None)
        plot.addItem(self.bars)
        self.values = _ValueLabels(plot, anchor=(0, 0.5))
        self._watch()

    def set_data(self, names: Sequence[str], counts: Sequence[int]) -> None:
        pairs = sorted(zip(names, counts, strict=True), key=lambda p: -p[1])
        ys = list(range(len(pairs)))
        widths = [c for _, c in pairs]
        self.bars.setOpts(x0=[0] * len(pairs), y=ys, width=widths, height=0.65)
        top = max(widths, default=0)
        self.values.set([(c + top * 0.01, y, str(c)) for y, c in zip(ys, widths, strict=True)])
        self.axis.set_labels([n for n, _ in pairs])
        self._rows, self._right = len(pairs), max(1.0, top) * 1.15
        self._fit()


def chart_widget(parent: Any = None) -> tuple[pg.GraphicsLayoutWidget, pg.PlotItem]:
    """A white GraphicsLayoutWidget holding one PlotItem, for the dashboard and the review."""
    widget = pg.GraphicsLayoutWidget(parent)
    widget.setBackground("w")
    widget.ci.setContentsMargins(4, 4, 16, 4)  # right: half the last period's label
    plot = widget.addPlot()
    return widget, plot


def render_chart(
    build: Callable[[pg.PlotItem], object], width: int, height: int, scale: float = 1.0
) -> QImage:
    """Draws `build(plot)` offscreen into a white QImage: laid out at width x height logical
    pixels, painted at `scale` times that in each direction (the image's devicePixelRatio), so a
    print gets the same chart with crisper lines and text."""
    widget, plot = chart_widget()
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(width, height)
    # the layout gets its size from the view's resize event; without a show, set it directly
    widget.ci.setGeometry(QRectF(0, 0, width, height))
    widget.ci.layout.activate()
    build(plot)
    plot.layout.activate()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        if isinstance(axis, CategoryAxis) and axis.labels:
            axis.set_labels(axis.labels)
    if scale != 1.0:
        _paint_finer(widget.scene(), scale)
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)  # the painter maps the logical layout onto the pixels
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        widget.scene().render(painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height))
    finally:
        painter.end()
    widget.close()
    return image


def _paint_finer(scene: QGraphicsScene, scale: float) -> None:
    """What a devicePixelRatio does not scale by itself: cosmetic pens (pyqtgraph's default)
    are in device pixels, so axes, grid and lines would come out `scale` times thinner; and a
    scatter's symbol atlas is drawn at the widget's ratio (1 offscreen) and would be upscaled."""
    for item in scene.items():
        if isinstance(item, pg.AxisItem):
            item.setPen(_wider(item.pen(), scale))
        elif isinstance(item, pg.PlotDataItem):
            item.setPen(_wider(item.opts["pen"], scale))
        elif isinstance(item, pg.ScatterPlotItem):
            item.opts["useCache"] = False  # each symbol painted at the image's resolution


def _wider(pen: QPen, scale: float) -> QPen:
    if not pen.isCosmetic():
        return pen
    wider = QPen(pen)
    wider.setWidthF(max(pen.widthF(), 1.0) * scale)  # width 0 is a one-pixel cosmetic pen
    return wider
