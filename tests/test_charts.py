"""The shared charts (render/charts.py): drawn offscreen at the asked size, not blank, in the
fixed palette, and with `scale` the same chart in finer pixels; set_data updates the same items
(no redraw from scratch); the axes show the given names, in the Chinese font."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QFontInfo, QImage
from pytestqt.qtbot import QtBot

from commandcenter.render.charts import (
    CLOSED,
    FONT_FAMILY,
    INTAKE,
    OVERDUE,
    CategoryAxis,
    CategoryChart,
    IntakeClosedChart,
    RatesByGridChart,
    TrendChart,
    chart_font,
    render_chart,
)

WEEKS = [f"W{w}" for w in range(36, 48)]
GRIDS = (
    "东瑞园社区 南岗社区 白佛社区 五州汇富社区 七里河社区 商鼎路社区 众意路社区 聚源路社区 "
    "心怡路社区 东风南路社区 永平路社区 康平路社区 通泰路社区 金水东路社区"
).split()
CATEGORIES = "占道经营 违法建设图斑 共享单车乱停放 垃圾暴露 井盖缺失 噪声扰民".split()
COUNTS = [12, 40, 7, 19, 3, 25]


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), dtype=np.uint8)
    rows = raw.reshape(image.height(), image.bytesPerLine())
    # a copy: the view would outlive the converted image's buffer
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def _share(image: QImage, colour: str) -> float:
    """Share of the image's pixels in `colour` (within a little antialiasing)."""
    c = QColor(colour)
    target = np.array([c.red(), c.green(), c.blue()], dtype=int)
    near = np.abs(_pixels(image).astype(int) - target).max(axis=2) <= 12
    return float(near.mean())


def _not_white(image: QImage) -> float:
    return float((_pixels(image) < 240).any(axis=2).mean())


def _intake(plot: pg.PlotItem) -> IntakeClosedChart:
    chart = IntakeClosedChart(plot, "每周新增与办结")
    chart.set_data(WEEKS, [100 + 7 * i for i in range(12)], [90 + 5 * i for i in range(12)])
    return chart


def _rates(plot: pg.PlotItem) -> RatesByGridChart:
    chart = RatesByGridChart(plot, ["结案率", "按期结案率"], "各社区结案率")
    closing: list[float | None] = [0.5 + i / 40 for i in range(len(GRIDS))]
    ontime: list[float | None] = [0.4 + i / 50 for i in range(len(GRIDS))]
    chart.set_data(GRIDS, [closing, ontime])
    return chart


def _trend(plot: pg.PlotItem) -> TrendChart:
    chart = TrendChart(plot, "超期", "超期趋势")
    chart.set_data(WEEKS, [i % 5 for i in range(12)])
    return chart


def _categories(plot: pg.PlotItem) -> CategoryChart:
    chart = CategoryChart(plot, "在办案件类别")
    chart.set_data(CATEGORIES, COUNTS)
    return chart


@pytest.mark.parametrize(
    ("build", "colours", "size"),
    [
        (_intake, (INTAKE, CLOSED), (800, 400)),
        (_rates, (INTAKE, CLOSED), (800, 600)),
        (_trend, (OVERDUE,), (500, 260)),
        (_categories, (INTAKE,), (500, 300)),
    ],
)
def test_a_chart_renders_offscreen_at_its_size_in_its_colours(
    qtbot: QtBot,
    build: Callable[[pg.PlotItem], object],
    colours: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    image = render_chart(build, *size)
    assert (image.width(), image.height()) == size
    assert 0.03 < _not_white(image) < 0.7  # drawn, on white
    for colour in colours:
        assert _share(image, colour) > 0.003, colour


def test_the_rates_chart_draws_no_bar_for_none(qtbot: QtBot) -> None:
    built: list[RatesByGridChart] = []

    def build(plot: pg.PlotItem) -> None:
        chart = RatesByGridChart(plot, ["结案率"], "")
        chart.set_data(["甲社区", "乙社区", "丙社区"], [[0.9, None, 0.0]])
        built.append(chart)

    render_chart(build, 400, 200)
    bar = built[0].bars[0]
    assert list(bar.opts["y"]) == [0, 2]
    assert list(bar.opts["width"]) == [90, 0]


def test_set_data_twice_updates_the_same_items(qtbot: QtBot) -> None:
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    view.resize(900, 700)
    plots = [view.addPlot(row=i // 2, col=i % 2) for i in range(4)]
    view.show()
    qtbot.waitExposed(view)
    intake = _intake(plots[0])
    rates = _rates(plots[1])
    trend = _trend(plots[2])
    categories = _categories(plots[3])
    qtbot.waitUntil(lambda: all(p.getViewBox().height() > 100 for p in plots))
    rates.set_data(GRIDS[:4], [[0.9, 0.8, 0.7, 0.6], [0.5, 0.4, 0.3, None]])
    assert sum(item.isVisible() for item in rates.values.items) == 7  # room for the numbers
    before = [list(p.items) for p in plots]
    axes = [p.getAxis(n) for p, n in zip(plots, ("bottom", "left", "bottom", "left"), strict=True)]
    items = [intake.intake, intake.closed, *rates.bars, trend.line, categories.bars]

    intake.set_data(WEEKS[:6], [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1])
    rates.set_data(GRIDS[:3], [[0.2, 0.4, None], [0.1, None, 0.3]])
    trend.set_data(WEEKS[:3], [9, 0, 4])
    categories.set_data(["垃圾暴露", "井盖缺失"], [1, 8])

    assert [list(p.items) for p in plots] == before
    assert [intake.intake, intake.closed, *rates.bars, trend.line, categories.bars] == items
    assert [
        p.getAxis(n) for p, n in zip(plots, ("bottom", "left", "bottom", "left"), strict=True)
    ] == axes
    assert list(intake.intake.opts["height"]) == [1, 2, 3, 4, 5, 6]
    assert list(trend.line.yData) == [9, 0, 4]
    assert categories.axis.shown_labels() == ["井盖缺失", "垃圾暴露"]  # largest first
    assert rates.axis.shown_labels() == GRIDS[:3]
    assert axes[0] is intake.axis and axes[3] is categories.axis


def test_the_axes_show_the_given_names(qtbot: QtBot) -> None:
    charts: dict[str, object] = {}
    render_chart(lambda p: charts.setdefault("rates", _rates(p)), 800, 600)
    render_chart(lambda p: charts.setdefault("categories", _categories(p)), 500, 300)
    render_chart(lambda p: charts.setdefault("weeks", _intake(p)), 800, 400)
    rates = charts["rates"]
    categories = charts["categories"]
    weeks = charts["weeks"]
    assert isinstance(rates, RatesByGridChart)
    assert isinstance(categories, CategoryChart)
    assert isinstance(weeks, IntakeClosedChart)
    assert rates.axis.shown_labels() == GRIDS  # 14 long names, every one on the left
    ranked = [name for _, name in sorted(zip(COUNTS, CATEGORIES, strict=True), reverse=True)]
    assert categories.axis.shown_labels() == ranked
    assert weeks.axis.shown_labels() == WEEKS
    assert QFontInfo(chart_font()).family() == FONT_FAMILY


def test_crowded_labels_are_thinned_and_the_latest_kept(qtbot: QtBot) -> None:
    days = [f"11-{d:02d}" for d in range(1, 31)]
    built: list[TrendChart] = []

    def build(plot: pg.PlotItem) -> None:
        chart = TrendChart(plot, "超期", "超期趋势")
        chart.set_data(days, list(range(30)))
        built.append(chart)

    render_chart(build, 360, 200)
    axis = built[0].axis
    assert isinstance(axis, CategoryAxis)
    shown = axis.shown_labels()
    assert 3 <= len(shown) < len(days)
    assert shown[-1] == "11-30"
    assert all(label in days for label in shown)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True in a 1-D mask."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _near(image: QImage, colour: str) -> np.ndarray:
    c = QColor(colour)
    target = np.array([c.red(), c.green(), c.blue()], dtype=int)
    return np.abs(_pixels(image).astype(int) - target).max(axis=2) <= 12


def _axis_columns(image: QImage) -> list[int]:
    """Columns dark over more than half the height: the left axis line."""
    dark = (_pixels(image) < 100).all(axis=2)
    return [int(x) for x in np.flatnonzero(dark.mean(axis=0) > 0.5)]


def test_a_finer_render_is_the_same_chart_in_three_times_the_pixels(qtbot: QtBot) -> None:
    one = render_chart(_intake, 800, 400)
    three = render_chart(_intake, 800, 400, scale=3)

    assert (three.width(), three.height()) == (2400, 1200)
    assert 0.03 < _not_white(three) < 0.7
    # the same layout: every bar where it was, the ink over the same box
    for colour in (INTAKE, CLOSED):
        row_one, row_three = _near(one, colour)[300], _near(three, colour)[900]
        bars_one, bars_three = _runs(row_one), _runs(row_three)
        assert len(bars_one) == len(bars_three) == len(WEEKS), colour
        for (a, b), (a3, b3) in zip(bars_one, bars_three, strict=True):
            assert abs(a - a3 / 3) <= 1.5 and abs(b - b3 / 3) <= 1.5, colour
    ink_one = np.argwhere((_pixels(one) < 200).any(axis=2))
    ink_three = np.argwhere((_pixels(three) < 200).any(axis=2))
    for low, high in ((ink_one.min(0), ink_three.min(0)), (ink_one.max(0), ink_three.max(0))):
        assert np.abs(low - high / 3).max() <= 3
    # lines keep their share of the chart: the one-pixel axis is three pixels wide, not one
    axis_one, axis_three = _axis_columns(one), _axis_columns(three)
    assert len(axis_one) == 1 and len(axis_three) == 3
    assert abs(axis_one[0] - axis_three[1] / 3) <= 1
