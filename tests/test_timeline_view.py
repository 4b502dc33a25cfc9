"""The escalation timeline as drawn: each bar in its level's lane (区级 above 网格), left to right
and as long as its stage took; a running bar reaching the now line; a missed deadline inside the
bar that missed it; the hover naming stage, lane and who; an axis whose labels never overlap."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from commandcenter import defaults
from commandcenter.domain.enums import EscalationLevel, TimeUnit
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.projection import DeadlinePolicy
from commandcenter.domain.timeline import Timeline, TimelineEvent, build_timeline
from commandcenter.ui.timeline.timeline_view import TimelineView

E = EventType
G, C, S, D = (
    EscalationLevel.GRID,
    EscalationLevel.COMMUNITY,
    EscalationLevel.STREET,
    EscalationLevel.DISTRICT,
)
POLICY = DeadlinePolicy(defaults.calendar(), (3, TimeUnit.WORKING_DAYS))


def ev(type_: EventType, at: str, actor: str | None = "张三", **payload: object) -> TimelineEvent:
    return TimelineEvent(type_, datetime.fromisoformat(at), payload, actor)


def raised_and_reworked() -> Timeline:
    """Closed: raised to the community while overdue, reworked once, verified."""
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),
        ev(E.ACCEPT, "2026-11-02T09:30"),
        ev(E.DISPATCH, "2026-11-02T10:00", handler_kind="grid_leader", person="P1"),
        ev(E.SUPERVISE, "2026-11-05T09:00", None),
        ev(E.RAISE_LEVEL, "2026-11-05T12:00", None, level=2),
        ev(E.HANDLE, "2026-11-06T10:00", "李四"),
        ev(E.REWORK, "2026-11-06T15:00", "王五"),
        ev(E.HANDLE, "2026-11-09T11:00", "李四"),
        ev(E.VERIFY_PASS, "2026-11-09T16:00", "王五"),
    ]
    return build_timeline(events, POLICY, now=datetime(2026, 11, 20))


def escalated_to_district() -> Timeline:
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),
        ev(E.ACCEPT, "2026-11-02T09:10"),
        ev(E.ESCALATE, "2026-11-02T09:40"),
        ev(E.DISTRICT_DISPATCH, "2026-11-03T14:00", None, handler_kind="department"),
    ]
    return build_timeline(events, POLICY, now=datetime(2026, 11, 4, 10, 0))


def running_overdue() -> Timeline:
    """Still being handled, days past its deadline, raised to the community then the street."""
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),
        ev(E.ACCEPT, "2026-11-02T09:20"),
        ev(E.DISPATCH, "2026-11-02T10:00", handler_kind="grid_leader", person="P1"),
        ev(E.SUPERVISE, "2026-11-05T10:00", None),
        ev(E.RAISE_LEVEL, "2026-11-05T14:00", None, level=2),
        ev(E.RAISE_LEVEL, "2026-11-06T10:00", None, level=3),
    ]
    return build_timeline(events, POLICY, now=datetime(2026, 11, 9, 15, 0))


def extended() -> Timeline:
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),
        ev(E.ACCEPT, "2026-11-02T09:10"),
        ev(E.DISPATCH, "2026-11-02T10:00", handler_kind="grid_leader", person="P1"),
        ev(E.EXTENSION_REQUEST, "2026-11-04T09:00", "李四", days=2),
        ev(E.EXTENSION_APPROVE, "2026-11-04T10:00", "赵六", days=2),
    ]
    return build_timeline(events, POLICY, now=datetime(2026, 11, 6, 9, 0))


def just_accepted() -> Timeline:
    events = [ev(E.REPORT, "2026-11-02T09:00"), ev(E.ACCEPT, "2026-11-02T09:20")]
    return build_timeline(events, POLICY, now=datetime(2026, 11, 2, 10, 30))


@pytest.fixture
def view(qtbot: QtBot) -> TimelineView:
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(900, 240)
    return widget


def centre_y(view: TimelineView, i: int) -> float:
    return view.bar_rect(i).center().y()


def near(image: QImage, x: float, y: float, wanted: Callable[[QColor], bool]) -> bool:
    """Whether a pixel within a pixel of (x, y) has the wanted colour."""
    return any(
        wanted(image.pixelColor(round(x) + dx, round(y) + dy))
        for dx in (-1, 0, 1)
        for dy in (-1, 0, 1)
    )


def is_red(c: QColor) -> bool:
    return c.red() > 150 and c.green() < 100 and c.blue() < 100


def is_blue(c: QColor) -> bool:
    return c.blue() > 150 and c.red() < 100


def test_a_raised_case_steps_up_the_lanes(view: TimelineView) -> None:
    timeline = running_overdue()
    view.set_timeline(timeline)
    assert [b.lane for b in timeline.bars] == [G, G, G, C, S]
    assert centre_y(view, 0) == centre_y(view, 1) == centre_y(view, 2)
    assert centre_y(view, 2) > centre_y(view, 3) > centre_y(view, 4)

    timeline = escalated_to_district()
    view.set_timeline(timeline)
    assert [b.lane for b in timeline.bars] == [G, G, D, D]
    assert centre_y(view, 2) < centre_y(view, 1)
    # Four lanes apart: the district one is the top lane, the grid one the bottom.
    assert centre_y(view, 1) - centre_y(view, 2) > 0.6 * view.height()


def test_bars_run_left_to_right_as_long_as_their_stage_took(view: TimelineView) -> None:
    timeline = raised_and_reworked()
    view.set_timeline(timeline)
    rects = [view.bar_rect(i) for i in range(len(timeline.bars))]
    first, last = timeline.bars[0], timeline.bars[-1]
    px_per_second = (rects[-1].right() - rects[0].left()) / (last.end - first.start).total_seconds()
    for bar, rect, previous in zip(timeline.bars[1:], rects[1:], rects, strict=False):
        assert rect.left() == pytest.approx(previous.left() + previous.width(), abs=1.5) or (
            previous.width() == 3.0  # a stage too short to see, widened
        )
        assert rect.left() > previous.left()
        assert rect.width() == pytest.approx(bar.duration.total_seconds() * px_per_second, abs=2)
    # The half-hour of acceptance is under two pixels at this scale, and still drawn.
    assert rects[0].width() == 3.0


def test_a_running_bar_ends_at_the_now_line(view: TimelineView) -> None:
    timeline = running_overdue()
    view.set_timeline(timeline)
    now_x = view.now_x()
    assert now_x is not None
    running = view.bar_rect(len(timeline.bars) - 1)
    assert running.right() == pytest.approx(now_x, abs=1)
    image = view.grab().toImage()
    district_lane_y = view.bar_rect(4).top() - view.height() * 0.2  # empty: only the line
    assert near(image, now_x, district_lane_y, is_blue)

    view.set_timeline(raised_and_reworked())
    assert view.now_x() is None


def test_a_missed_deadline_shows_inside_the_bar_that_missed_it(view: TimelineView) -> None:
    timeline = running_overdue()
    view.set_timeline(timeline)
    handle = timeline.bars[2]
    assert handle.due_at is not None and handle.overdue_by is not None
    rect = view.bar_rect(2)
    due_x = view.x_at(handle.due_at)
    assert rect.left() < due_x < rect.right() - 10
    # The red line stands out past the bar's edge, in the bar's lane.
    image = view.grab().toImage()
    assert near(image, due_x, rect.bottom() + 2, is_red)
    assert not near(image, due_x - 30, rect.bottom() + 2, is_red)


def test_hovering_a_bar_tells_its_stage_lane_and_who(view: TimelineView) -> None:
    view.set_timeline(raised_and_reworked())
    tip = view.tooltip_at(view.bar_rect(5).center())
    assert tip.splitlines()[0] == "处置 · 社区"
    assert "开始 11-06 15:00（王五 返工）" in tip
    assert "结束 11-09 11:00（李四 处置反馈）" in tip
    assert "历时 2天20小时" in tip and "时限 11-11 15:00" in tip
    overdue = view.tooltip_at(view.bar_rect(2).center())
    assert overdue.startswith("处置 · 网格") and "超期 2小时" in overdue

    view.set_timeline(running_overdue())
    running = view.tooltip_at(view.bar_rect(4).center())
    assert running.startswith("处置 · 街道") and "结束 进行中" in running
    assert "系统 提级" in running and "超期 4天5小时" in running


def test_hovering_a_mark_tells_the_event(view: TimelineView) -> None:
    timeline = raised_and_reworked()
    view.set_timeline(timeline)
    assert [m.event.type for m in timeline.markers] == [E.SUPERVISE, E.RAISE_LEVEL, E.REWORK]
    assert view.tooltip_at(view.marker_rect(0).center()) == "超时督办 · 网格\n11-05 09:00 · 系统"
    assert view.tooltip_at(view.marker_rect(2).center()) == "返工 · 社区\n11-06 15:00 · 王五"
    # Each mark sits just above the bar line of its own lane.
    supervise, rework = view.marker_rect(0), view.marker_rect(2)
    assert (
        view.bar_rect(3).bottom() < supervise.top() and supervise.bottom() <= view.bar_rect(2).top()
    )
    assert rework.bottom() <= view.bar_rect(5).top() < rework.bottom() + 6
    # Nothing under the pointer in the empty district lane.
    assert view.tooltip_at(QPointF(view.width() / 2, view.bar_rect(3).top() - 90)) == ""


def test_marks_close_in_time_stay_apart(view: TimelineView) -> None:
    timeline = extended()
    view.set_timeline(timeline)
    assert [m.event.type for m in timeline.markers] == [E.EXTENSION_REQUEST, E.EXTENSION_APPROVE]
    request, approve = view.marker_rect(0), view.marker_rect(1)
    assert not request.intersects(approve)
    assert "申请延期" in view.tooltip_at(request.center())
    assert "批准延期" in view.tooltip_at(approve.center())


def test_the_pointer_shows_the_tooltip(qtbot: QtBot, view: TimelineView) -> None:
    view.set_timeline(escalated_to_district())
    view.show()
    qtbot.waitExposed(view)
    qtbot.mouseMove(view, view.bar_rect(2).center().toPoint())
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "区级办理 · 区级" in QToolTip.text())
    assert "时限 无" in QToolTip.text()
    qtbot.mouseMove(view, QPoint(view.width() - 5, 5))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_without_a_case_it_says_so(view: TimelineView) -> None:
    view.set_timeline(running_overdue())
    view.set_timeline(None)
    assert view.timeline() is None
    image = view.grab().toImage()
    assert view.tooltip_at(QPointF(450, 120)) == "" and view.axis_labels() == []
    with pytest.raises(IndexError):
        view.bar_rect(0)
    # Grey words in the middle, nothing at the edges.
    middle = [image.pixelColor(x, 120) for x in range(380, 520)]
    assert any(c.red() < 200 for c in middle)
    assert all(image.pixelColor(x, 20) == image.pixelColor(0, 0) for x in range(0, 900, 10))


def test_resizing_keeps_the_proportions(view: TimelineView) -> None:
    timeline = raised_and_reworked()
    view.set_timeline(timeline)

    def shape() -> tuple[list[float], float, float]:
        rects = [view.bar_rect(i) for i in range(len(timeline.bars))]
        left, span = rects[0].left(), rects[-1].right() - rects[0].left()
        return (
            [(r.left() - left) / span for r in rects],
            span,
            centre_y(view, 0) - centre_y(view, 3),
        )

    small, small_span, small_rise = shape()
    view.resize(1800, 480)
    large, large_span, large_rise = shape()
    assert large == pytest.approx(small, abs=0.005)
    assert large_span > 1.9 * small_span and large_rise > 1.9 * small_rise


@pytest.mark.parametrize("size", [(360, 160), (900, 240), (1800, 300)])
@pytest.mark.parametrize(
    "make", [raised_and_reworked, escalated_to_district, running_overdue, just_accepted]
)
def test_axis_labels_fit_and_never_overlap(
    view: TimelineView, make: Callable[[], Timeline], size: tuple[int, int]
) -> None:
    view.set_timeline(make())
    view.resize(*size)
    labels = view.axis_labels()
    assert (2 if size[0] < 600 else 4) <= len(labels) <= 8
    for (rect, _text), (following, _next_text) in pairwise(labels):
        assert rect.right() < following.left()
    assert labels[0][0].left() >= 0 and labels[-1][0].right() <= size[0]
    assert all(rect.bottom() <= size[1] for rect, _text in labels)


def test_axis_labels_name_days_over_long_spans_and_hours_over_short(view: TimelineView) -> None:
    view.set_timeline(raised_and_reworked())
    # Closed 11-09 16:00: the axis ends with the case, one label a day.
    days = ["11-03", "11-04", "11-05", "11-06", "11-07", "11-08", "11-09"]
    assert [text for _r, text in view.axis_labels()] == days
    view.set_timeline(just_accepted())
    texts = [text for _r, text in view.axis_labels()]
    assert texts[:3] == ["11-02 09:00", "11-02 09:30", "11-02 10:00"]
