"""The timeline's geometry, worked out when the timeline or the size changes (the view only
paints it): the scale of times to x, the lanes, the deadlines' lines, the axis' round ticks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QLineF, QRectF, QSize

from ...domain.enums import EscalationLevel
from ...domain.timeline import Bar, Timeline

TIME_FORMAT = "%m-%d %H:%M"
MIN_BAR_WIDTH = 3.0
MIN_SPAN = timedelta(minutes=30)
RIGHT_MARGIN = 0.03  # of the span, after the last end or deadline
DAY_LABELS_AFTER = timedelta(days=4)
MAX_TICKS = 8
TICK_GAP = 14.0  # px between two axis labels
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
TIME_STEPS = (
    *(MINUTE * m for m in (1, 2, 5, 10, 15, 30)),
    *(HOUR * h for h in (1, 2, 3, 6, 12)),
)
DAY_STEPS = tuple(DAY * d for d in (1, 2, 3, 4, 7, 14, 28))


@dataclass(frozen=True)
class Scale:
    """Times to x: `t0` at `left`, `t1` at `left + width`."""

    t0: datetime
    t1: datetime
    left: float
    width: float

    def x(self, at: datetime) -> float:
        return self.left + (at - self.t0) / (self.t1 - self.t0) * self.width


@dataclass(frozen=True)
class Lane:
    level: EscalationLevel
    band: QRectF
    bar_top: float
    bar_height: float


@dataclass(frozen=True)
class Deadline:
    line: QLineF
    due: bool  # the deadline itself (red), else the yellow warning (amber, dashed)
    strong: bool  # of a stage running or overdue; else faint


@dataclass(frozen=True)
class Layout:
    size: QSize  # of the widget it was worked out for
    scale: Scale
    plot: QRectF  # the lanes right of the gutter, above the axis
    lanes: tuple[Lane, ...]  # top down
    bars: tuple[QRectF, ...]
    markers: tuple[QRectF, ...]
    marker_stems: tuple[QLineF, ...]
    deadlines: tuple[Deadline, ...]
    ticks: tuple[tuple[float, QRectF, str], ...]  # x, label rect, label
    now_x: float | None


def axis_end(timeline: Timeline) -> datetime:
    """The axis runs past the end and the running stage's deadline, by a margin, and never
    collapses."""
    # A running stage's deadline is what is still ahead; a finished case's end is its end.
    running = timeline.running
    ahead = [running.due_at] if running is not None and running.due_at is not None else []
    end = max([timeline.end, *ahead])
    span = max(end - timeline.start, MIN_SPAN)
    return timeline.start + span * (1 + RIGHT_MARGIN)


def deadlines(
    bars: tuple[Bar, ...], lanes: dict[EscalationLevel, Lane], scale: Scale
) -> tuple[Deadline, ...]:
    """A short line across the bar's lane at each deadline, once per lane and instant (a level
    raised mid-stage keeps its deadline). The deadlines of stages done in time are faint: the
    ones that matter are those missed or still ahead."""
    strong: dict[tuple[EscalationLevel, datetime, bool], bool] = {}
    for bar in bars:
        live = bar.running or bar.overdue_by is not None
        for at, due in ((bar.yellow_at, False), (bar.due_at, True)):
            if at is not None:
                key = (bar.lane, at, due)
                strong[key] = strong.get(key, False) or live
    out = []
    for (level, at, due), live in strong.items():
        lane, x = lanes[level], scale.x(at)
        line = QLineF(x, lane.bar_top - 4, x, lane.bar_top + lane.bar_height + 4)
        out.append(Deadline(line, due, live))
    # Faint under strong, and red over amber.
    return tuple(sorted(out, key=lambda d: (d.strong, d.due)))


def tick_times(
    t0: datetime, t1: datetime, steps: tuple[timedelta, ...], most: int
) -> list[datetime]:
    """Round instants in [t0, t1], as many as fit, at most `most`: whole steps from t0's midnight,
    or from its Monday when counting weeks."""
    span = t1 - t0
    fallback = DAY * max(1, math.ceil(span / DAY / max(1, most - 1)))
    midnight = datetime.combine(t0.date(), datetime.min.time(), t0.tzinfo)
    for step in (*steps, fallback):
        base = midnight - DAY * midnight.weekday() if step % (7 * DAY) == timedelta(0) else midnight
        first = base + step * math.ceil((t0 - base) / step)
        times = []
        at = first
        while at <= t1:
            times.append(at)
            at += step
        if len(times) <= most:
            return times
    return [t0]
