"""One case's escalation timeline, drawn: four lanes with 区级 at the top and 网格 at the bottom, so
a raised level visibly steps up; a bar per stage coloured by its light; deadline lines; the now
line; marks for supervision, extension, rework and raised levels; a tooltip for each bar and mark.

The geometry is worked out when the timeline or the size changes; painting only draws it."""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ...domain.enums import EscalationLevel
from ...domain.lifecycle import EventType
from ...domain.supervision import Light
from ...domain.timeline import Bar, Marker, Timeline, TimelineEvent
from ..common.i18n import QT_TRANSLATE_NOOP, tr_label
from ..common.plain_text import tooltip
from .timeline_geometry import (
    DAY_LABELS_AFTER,
    DAY_STEPS,
    MAX_TICKS,
    MIN_BAR_WIDTH,
    TICK_GAP,
    TIME_FORMAT,
    TIME_STEPS,
    Lane,
    Layout,
    Scale,
    axis_end,
    deadlines,
    tick_times,
)
from .timeline_model import LIGHT_COLOURS, duration_text, lane_label, stage_label

E = EventType
LANES_TOP_DOWN = (
    EscalationLevel.DISTRICT,
    EscalationLevel.STREET,
    EscalationLevel.COMMUNITY,
    EscalationLevel.GRID,
)
# The glyph in a mark's badge, and the badge's colour.
GLYPHS: dict[EventType, tuple[str, QColor]] = {
    E.SUPERVISE: (QT_TRANSLATE_NOOP("TimelineView", "督"), QColor("#c62828")),
    E.EXTENSION_REQUEST: (QT_TRANSLATE_NOOP("TimelineView", "延"), QColor("#00838f")),
    E.EXTENSION_APPROVE: (QT_TRANSLATE_NOOP("TimelineView", "延"), QColor("#00838f")),
    E.REWORK: (QT_TRANSLATE_NOOP("TimelineView", "返"), QColor("#6a1b9a")),
    E.RAISE_LEVEL: ("↑", QColor("#1565c0")),
    E.ESCALATE: ("↑", QColor("#1565c0")),
    E.SHELVE_REQUEST: (QT_TRANSLATE_NOOP("TimelineView", "挂"), QColor("#5d4037")),
    E.REOPEN: (QT_TRANSLATE_NOOP("TimelineView", "启"), QColor("#2e7d32")),
}
DISTRICT_EVENTS = frozenset({E.DISTRICT_DISPATCH, E.DISTRICT_CLOSE})
LANE_FILLS = (QColor("#f4f7fa"), QColor("#e9eef3"))
GRID_LINE = QColor("#d5dde4")
AXIS_COLOUR = QColor("#546e7a")
NOW_COLOUR = QColor("#1565c0")
DUE_COLOUR = QColor("#c62828")
YELLOW_LINE = QColor("#ff8f00")
DARK_TEXT = QColor("#212121")
EMPTY_TEXT = QColor("#90a4ae")
FAINT = 0.35  # opacity of the deadlines of stages done in time


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self._timeline: Timeline | None = None
        self._layout: Layout | None = None
        self._retranslate()

    # Public API

    def set_timeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        self._relayout()
        self.update()

    def timeline(self) -> Timeline | None:
        return self._timeline

    def bar_rect(self, i: int) -> QRectF:
        """Bar `i` of the timeline, in widget coordinates."""
        return QRectF(self._require_layout().bars[i])

    def marker_rect(self, i: int) -> QRectF:
        return QRectF(self._require_layout().markers[i])

    def x_at(self, at: datetime) -> float:
        """Where `at` falls on the time axis."""
        return self._require_layout().scale.x(at)

    def now_x(self) -> float | None:
        """The now line's x, None when the case has ended (or none is shown)."""
        layout = self._current_layout()
        return layout.now_x if layout is not None else None

    def axis_labels(self) -> list[tuple[QRectF, str]]:
        layout = self._current_layout()
        if layout is None:
            return []
        return [(QRectF(rect), text) for _x, rect, text in layout.ticks]

    def tooltip_at(self, pos: QPointF) -> str:
        """What hovering at `pos` shows: a mark, else a bar, else ""."""
        layout, timeline = self._current_layout(), self._timeline
        if layout is None or timeline is None:
            return ""
        for i in reversed(range(len(layout.markers))):
            if layout.markers[i].adjusted(-1, -1, 1, 1).contains(pos):
                return self._marker_text(timeline.markers[i])
        for i in reversed(range(len(layout.bars))):
            if layout.bars[i].adjusted(-2, -2, 2, 2).contains(pos):
                return self._bar_text(timeline.bars[i])
        return ""

    def sizeHint(self) -> QSize:
        return QSize(720, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 160)

    # Events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self._relayout()
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        text = self.tooltip_at(event.position())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), tooltip(text), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        QToolTip.hideText()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        layout, timeline = self._current_layout(), self._timeline
        if layout is None or timeline is None:
            painter.setPen(EMPTY_TEXT)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._empty)
            return
        self._paint_lanes(painter, layout, timeline)
        self._paint_bars(painter, layout, timeline)
        self._paint_deadlines(painter, layout)
        self._paint_markers(painter, layout, timeline)
        self._paint_now(painter, layout)
        self._paint_axis(painter, layout)

    # Words

    def _retranslate(self) -> None:
        self._empty = self.tr("未选择案件")

    def _who(self, event: TimelineEvent) -> str:
        if event.actor:
            return event.actor
        return self.tr("区级平台") if event.type in DISTRICT_EVENTS else self.tr("系统")

    def _bar_text(self, bar: Bar) -> str:
        def when(event: TimelineEvent) -> str:
            return f"{event.at.strftime(TIME_FORMAT)}（{self._who(event)} {tr_label(event.type)}）"

        lines = [f"{stage_label(bar.stage)} · {lane_label(bar.lane)}"]
        lines.append(self.tr("开始 %1").replace("%1", when(bar.started_by)))
        if bar.ended_by is None:
            lines.append(self.tr("结束 进行中"))
        else:
            lines.append(self.tr("结束 %1").replace("%1", when(bar.ended_by)))
        lines.append(self.tr("历时 %1").replace("%1", duration_text(bar.duration)))
        if bar.due_at is None:
            lines.append(self.tr("时限 无"))
        else:
            due = self.tr("时限 %1").replace("%1", bar.due_at.strftime(TIME_FORMAT))
            late = bar.overdue_by
            if late is not None:
                due += self.tr("，超期 %1").replace("%1", duration_text(late))
            lines.append(due)
        return "\n".join(lines)

    def _marker_text(self, marker: Marker) -> str:
        event = marker.event
        lines = [f"{event.type.label} · {lane_label(marker.lane)}"]
        lines.append(f"{event.at.strftime(TIME_FORMAT)} · {self._who(event)}")
        if event.note:
            lines.append(event.note)
        return "\n".join(lines)

    # Geometry

    def _require_layout(self) -> Layout:
        layout = self._current_layout()
        if layout is None:
            raise IndexError("no timeline shown")
        return layout

    def _current_layout(self) -> Layout | None:
        # A hidden widget gets its resize event only when shown; its geometry is asked before.
        if self._timeline is not None and (
            self._layout is None or self._layout.size != self.size()
        ):
            self._relayout()
        return self._layout

    def _relayout(self) -> None:
        timeline = self._timeline
        if timeline is None:
            self._layout = None
            return
        fm = QFontMetricsF(self.font())
        gutter = max(fm.horizontalAdvance(lane_label(level)) for level in LANES_TOP_DOWN) + 16
        top = fm.height() + 4  # room for the now line's label
        axis = fm.height() + 10
        plot = QRectF(gutter + 8, top, max(1.0, self.width() - gutter - 20), 0)
        plot.setBottom(max(top + 4 * 8, self.height() - axis))
        scale = Scale(timeline.start, axis_end(timeline), plot.left(), plot.width())
        lanes = self._lanes_in(plot)
        by_level = {lane.level: lane for lane in lanes}
        bars = tuple(self._bar_geometry(b, by_level[b.lane], scale) for b in timeline.bars)
        markers, stems = self._marker_geometry(timeline.markers, by_level, scale, plot)
        self._layout = Layout(
            size=self.size(),
            scale=scale,
            plot=plot,
            lanes=lanes,
            bars=bars,
            markers=markers,
            marker_stems=stems,
            deadlines=deadlines(timeline.bars, by_level, scale),
            ticks=self._ticks(scale, fm, plot.bottom() + 6),
            now_x=scale.x(timeline.now) if timeline.running is not None else None,
        )

    def _lanes_in(self, plot: QRectF) -> tuple[Lane, ...]:
        height = plot.height() / len(LANES_TOP_DOWN)
        bar_height = min(24.0, max(8.0, height * 0.42))
        lanes = []
        for i, level in enumerate(LANES_TOP_DOWN):
            band = QRectF(0, plot.top() + i * height, self.width(), height)
            # The bar sits low in its lane, leaving the space above it for the marks.
            centre = band.top() + height * 0.64
            lanes.append(Lane(level, band, centre - bar_height / 2, bar_height))
        return tuple(lanes)

    @staticmethod
    def _bar_geometry(bar: Bar, lane: Lane, scale: Scale) -> QRectF:
        left = scale.x(bar.start)
        width = max(MIN_BAR_WIDTH, scale.x(bar.end) - left)
        return QRectF(left, lane.bar_top, width, lane.bar_height)

    @staticmethod
    def _marker_geometry(
        markers: tuple[Marker, ...],
        lanes: dict[EscalationLevel, Lane],
        scale: Scale,
        plot: QRectF,
    ) -> tuple[tuple[QRectF, ...], tuple[QLineF, ...]]:
        rects, stems = [], []
        last_right: dict[EscalationLevel, float] = {}
        for marker in markers:
            lane = lanes[marker.lane]
            size = min(18.0, max(11.0, lane.band.height() * 0.38))
            x = scale.x(marker.at)
            # Marks close in time sit side by side rather than on top of each other.
            centre = max(x, last_right.get(marker.lane, -math.inf) + 1 + size / 2)
            centre = min(max(centre, plot.left() + size / 2 - 4), plot.right() + size / 2)
            bottom = lane.bar_top - 2
            rect = QRectF(centre - size / 2, bottom - size, size, size)
            last_right[marker.lane] = rect.right()
            rects.append(rect)
            stems.append(QLineF(centre, bottom, x, lane.bar_top))
        return tuple(rects), tuple(stems)

    def _ticks(
        self, scale: Scale, fm: QFontMetricsF, y: float
    ) -> tuple[tuple[float, QRectF, str], ...]:
        span = scale.t1 - scale.t0
        days = span > DAY_LABELS_AFTER
        fmt = "%m-%d" if days else TIME_FORMAT
        label_width = fm.horizontalAdvance("00-00" if days else "00-00 00:00")
        room = max(2, min(MAX_TICKS, int(scale.width // (label_width + TICK_GAP))))
        instants = tick_times(scale.t0, scale.t1, DAY_STEPS if days else TIME_STEPS, room)
        ticks: list[tuple[float, QRectF, str]] = []
        for at in instants:
            x, text = scale.x(at), at.strftime(fmt)
            width = fm.horizontalAdvance(text)
            rect = QRectF(x - width / 2, y, width, fm.height())
            clear = not ticks or rect.left() >= ticks[-1][1].right() + TICK_GAP / 2
            if clear and rect.left() >= 0 and rect.right() <= self.width():
                ticks.append((x, rect, text))
        return tuple(ticks)

    # Painting

    def _paint_lanes(self, painter: QPainter, layout: Layout, timeline: Timeline) -> None:
        used = set(timeline.lanes_used)
        for i, lane in enumerate(layout.lanes):
            painter.fillRect(lane.band, LANE_FILLS[i % 2])
        painter.setPen(QPen(GRID_LINE, 1))
        for x, _rect, _text in layout.ticks:
            painter.drawLine(QLineF(x, layout.plot.top(), x, layout.plot.bottom()))
        font = QFont(self.font())
        for lane in layout.lanes:
            font.setBold(lane.level in used)
            painter.setFont(font)
            painter.setPen(DARK_TEXT if lane.level in used else EMPTY_TEXT)
            label = QRectF(4, lane.bar_top - 10, layout.plot.left() - 16, lane.bar_height + 20)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(label, align, lane_label(lane.level))
        painter.setFont(self.font())

    def _paint_bars(self, painter: QPainter, layout: Layout, timeline: Timeline) -> None:
        fm = painter.fontMetrics()
        for bar, rect in zip(timeline.bars, layout.bars, strict=True):
            colour = LIGHT_COLOURS[bar.light]
            radius = min(4.0, rect.width() / 2, rect.height() / 2)
            shape = rect.adjusted(0.5, 0, -0.5, 0) if rect.width() > 4 else rect
            if bar.running:
                self._paint_running_bar(painter, shape, colour, radius)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(shape, radius, radius)
            text = stage_label(bar.stage)
            if fm.horizontalAdvance(text) + 8 <= rect.width() and fm.height() <= rect.height() + 4:
                dark = bar.running or bar.light is Light.YELLOW
                painter.setPen(DARK_TEXT if dark else QColor("white"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _paint_running_bar(painter: QPainter, rect: QRectF, colour: QColor, radius: float) -> None:
        """A paler fill with a hatched, open end: the stage is still under way."""
        pale = QColor(colour)
        pale.setAlphaF(0.35)
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(pale)
        painter.drawRoundedRect(rect, radius, radius)
        hatch = QRectF(rect)
        hatch.setLeft(max(rect.left(), rect.right() - 28))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
        painter.drawRoundedRect(hatch, radius, radius)

    @staticmethod
    def _paint_deadlines(painter: QPainter, layout: Layout) -> None:
        for deadline in layout.deadlines:
            alpha = 1.0 if deadline.strong else FAINT
            halo = QColor(255, 255, 255, round(220 * alpha))
            colour = QColor(DUE_COLOUR if deadline.due else YELLOW_LINE)
            colour.setAlphaF(alpha)
            painter.setPen(QPen(halo, 4))
            painter.drawLine(deadline.line)
            style = Qt.PenStyle.SolidLine if deadline.due else Qt.PenStyle.DashLine
            painter.setPen(QPen(colour, 2 if deadline.due else 1.5, style))
            painter.drawLine(deadline.line)

    def _paint_markers(self, painter: QPainter, layout: Layout, timeline: Timeline) -> None:
        font = QFont(self.font())
        for marker, rect, stem in zip(
            timeline.markers, layout.markers, layout.marker_stems, strict=True
        ):
            glyph, colour = GLYPHS.get(marker.event.type, ("•", AXIS_COLOUR))
            painter.setPen(QPen(colour, 1))
            painter.drawLine(stem)
            painter.setPen(QPen(QColor("white"), 1))
            painter.setBrush(colour)
            painter.drawEllipse(rect)
            font.setPixelSize(max(6, round(rect.height() * 0.66)))
            painter.setFont(font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr(glyph))
        painter.setFont(self.font())

    def _paint_now(self, painter: QPainter, layout: Layout) -> None:
        if layout.now_x is None:
            return
        x, plot = layout.now_x, layout.plot
        painter.setPen(QPen(NOW_COLOUR, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QLineF(x, plot.top() - 2, x, plot.bottom()))
        text = self.tr("现在")
        width = painter.fontMetrics().horizontalAdvance(text)
        left = min(max(0.0, x - width / 2), self.width() - width)
        painter.setPen(NOW_COLOUR)
        painter.drawText(QRectF(left, 0, width, plot.top() - 2), Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _paint_axis(painter: QPainter, layout: Layout) -> None:
        plot = layout.plot
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
        for x, rect, text in layout.ticks:
            painter.drawLine(QLineF(x, plot.bottom(), x, plot.bottom() + 4))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
