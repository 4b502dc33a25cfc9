"""升级督办墙: every running escalation of the street on one screen, most urgent first — for the
wall screen of the grid centre. Each row: the case, its grid and who is responsible, a compact
timeline across the four levels, and the time left or overdue in large type. F11 full screen,
Esc back; it refreshes when cases change and every minute (time left moves with the clock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import EscalationLevel
from ...domain.supervision import Light
from ...domain.timeline import Timeline
from ...store.escalations import WallRow
from ..common.plain_text import plain
from ..timeline.timeline_model import LIGHT_COLOURS, lane_label
from .wall_model import WALL_ROW_ROLE, WallModel, time_left_text, where_text

Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 96
INFO_WIDTH = 0.34  # of the row, for the case, grid and responsible person
LEFT_WIDTH = 0.22  # of the row, at most, for the time left
_WHERE_SAMPLE = "街道 · 处置处置"  # the widest 层级 · 环节 a card says
REFRESH_MS = 60_000
_LANE_FILL = (QColor("#eef2f5"), QColor("#e3e9ee"))
_DARK = QColor("#212121")
_MUTED = QColor("#546e7a")
_NOW = QColor("#1565c0")


class WallDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(0, ROW_HEIGHT)  # as wide as the list: it never scrolls sideways

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(WALL_ROW_ROLE)
        model = index.model()
        if not isinstance(row, WallRow) or not isinstance(model, WallModel):
            super().paint(painter, option, index)
            return
        now = model.now
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(6, 4, -6, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#dce9f7") if selected else QColor("white"))
        painter.drawRoundedRect(rect, 6, 6)
        # The light as a stripe down the left edge.
        painter.setBrush(LIGHT_COLOURS[row.light])
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 8, rect.height()), 3, 3)

        base = QFont(option.font)
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 1.25)
        big.setBold(True)
        huge = QFont(base)
        huge.setPointSizeF(base.pointSizeF() * 1.6)
        huge.setBold(True)
        second = f"{row.grid_name} · {row.category_name}"
        third = QCoreApplication.translate("Wall", "责任人：%1").replace(
            "%1", row.responsible or "—"
        )
        first = f"{row.case_no}  {where_text(row)}"
        left_text = time_left_text(row, now)
        info, track, left_block = card_parts(rect, big, huge, row.case_no)
        line = info.height() / 3
        painter.setPen(_DARK)
        painter.setFont(big)
        painter.drawText(
            QRectF(info.left(), info.top(), info.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            first,
        )
        painter.setFont(base)
        painter.setPen(_MUTED)
        elide = painter.fontMetrics().elidedText
        for i, text in ((1, second), (2, third)):
            box = QRectF(info.left(), info.top() + i * line, info.width(), line)
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                elide(text, Qt.TextElideMode.ElideRight, int(box.width())),
            )

        paint_compact_timeline(painter, track, row.timeline, now)

        painter.setFont(huge)
        colour = LIGHT_COLOURS[row.light] if row.light is not Light.NONE else _MUTED
        if row.light is Light.YELLOW:
            colour = QColor("#e65100")  # amber text reads badly on white
        painter.setPen(colour)
        painter.drawText(
            left_block,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            left_text,
        )
        painter.restore()


def card_parts(
    rect: QRectF, big: QFont, huge: QFont, case_no: str
) -> tuple[QRectF, QRectF, QRectF]:
    """A card's words, timeline and time left. The words as wide as the longest they hold (the
    grid's name elides), the time left as wide as its longest, the timeline the rest — the same
    on every card, so the tracks and their now-lines stand one above the other and no card
    keeps an empty third between its words and its time left."""
    sample = QCoreApplication.translate("Wall", "超期 %1").replace("%1", "99天23小时")
    needed = QFontMetricsF(big).horizontalAdvance(f"{case_no}  {_WHERE_SAMPLE}")
    info_width = min(rect.width() * INFO_WIDTH, max(rect.width() * 0.18, needed + 8))
    info = QRectF(rect.left() + 16, rect.top() + 2, info_width, rect.height())
    block_width = min(rect.width() * LEFT_WIDTH, QFontMetricsF(huge).horizontalAdvance(sample) + 16)
    left_block = QRectF(rect.right() - block_width - 8, rect.top(), block_width, rect.height())
    track = QRectF(info.right() + 12, rect.top() + 8, 0, rect.height() - 16)
    track.setRight(left_block.left() - 16)
    return info, track, left_block


def lane_font(base: QFont, lane_height: float) -> QFont:
    """The lane's name as large as the lane lets it be, bold: read from across the room."""
    font = QFont(base)
    font.setPixelSize(max(9, int(lane_height * 0.85)))
    font.setBold(True)
    return font


def paint_compact_timeline(
    painter: QPainter, rect: QRectF, timeline: Timeline, now: datetime
) -> None:
    """Four thin lanes (district on top), the bars coloured by light, the running stage's
    deadline as a red tick and now as a blue line; no words (the row says them)."""
    if rect.width() < 20 or not timeline.bars:
        return
    levels = list(EscalationLevel)
    lane_h = rect.height() / len(levels)
    small = lane_font(painter.font(), lane_h)
    metrics = QFontMetricsF(small)
    gutter = max(metrics.horizontalAdvance(lane_label(level)) for level in levels) + 6
    labels = QRectF(rect.left(), rect.top(), gutter, rect.height())
    rect = rect.adjusted(gutter, 0, 0, 0)
    start = timeline.start
    end = max(timeline.end, now)
    running = timeline.running
    if running is not None and running.due_at is not None:
        end = max(end, running.due_at)
    span = max((end - start).total_seconds(), 60.0) * 1.02

    def x(at: datetime) -> float:
        return rect.left() + (at - start).total_seconds() / span * rect.width()

    def lane_top(level: EscalationLevel) -> float:
        return rect.top() + (len(levels) - int(level)) * lane_h

    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for i, level in enumerate(levels):
        painter.setBrush(_LANE_FILL[i % 2])
        painter.drawRect(QRectF(rect.left(), lane_top(level), rect.width(), lane_h))
    painter.setFont(small)
    painter.setPen(_MUTED)
    for level in levels:
        if any(b.lane is level for b in timeline.bars):
            painter.drawText(
                QRectF(labels.left(), lane_top(level), labels.width() - 4, lane_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                lane_label(level),
            )
    for bar in timeline.bars:
        top = lane_top(bar.lane) + lane_h * 0.2
        left = x(bar.start)
        width = max(3.0, x(bar.end) - left)
        path = QPainterPath()
        path.addRoundedRect(QRectF(left, top, width, lane_h * 0.6), 2, 2)
        colour = QColor(LIGHT_COLOURS[bar.light])
        if bar.running:
            colour.setAlpha(170)
        painter.fillPath(path, colour)
    if running is not None and running.due_at is not None:
        painter.setPen(QPen(QColor("#c62828"), 2))
        dx = x(running.due_at)
        top = lane_top(running.lane)
        painter.drawLine(int(dx), int(top), int(dx), int(top + lane_h))
    if running is not None:
        painter.setPen(QPen(_NOW, 1.5, Qt.PenStyle.DashLine))
        nx = x(now)
        painter.drawLine(int(nx), int(rect.top()), int(nx), int(rect.bottom()))
    painter.restore()


class EscalationWall(QWidget):
    """The wall as its own window. `loader(now)` reads the rows (on a worker: `request_load`
    is handed a function and a callback by the owner)."""

    refresh_requested = Signal()
    rows_shown = Signal()

    def __init__(
        self,
        clock: Callable[[], datetime],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("EscalationWall")
        self.setWindowTitle(self.tr("升级督办墙"))
        self._clock = clock
        self.model = WallModel(self)
        self.title = plain(QLabel(title or self.tr("升级督办墙"), self))
        self.title.setObjectName("wall_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.counts = QLabel(self)
        self.counts.setObjectName("wall_counts")
        counts_font = self.counts.font()
        counts_font.setPointSizeF(counts_font.pointSizeF() * 1.3)
        self.counts.setFont(counts_font)
        self.clock_label = QLabel(self)
        self.clock_label.setFont(counts_font)
        self.full_screen = QPushButton(self.tr("全屏（F11）"), self)
        self.full_screen.setObjectName("wall_full_screen")
        self.full_screen.clicked.connect(self.toggle_full_screen)
        self.view = QListView(self)
        self.view.setObjectName("wall_list")
        self.view.setModel(self.model)
        self.view.setItemDelegate(WallDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setStyleSheet("QListView { background: #cfd8dc; border: none; }")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.counts)
        head.addSpacing(24)
        head.addWidget(self.clock_label)
        head.addSpacing(12)
        head.addWidget(self.full_screen)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        toggle = QAction(self)
        toggle.setShortcut(QKeySequence(Qt.Key.Key_F11))
        toggle.triggered.connect(self.toggle_full_screen)
        self.addAction(toggle)
        leave = QAction(self)
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.triggered.connect(self.showNormal)
        self.addAction(leave)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_requested.emit)
        self.resize(1400, 900)

    def start(self) -> None:
        self._timer.start()
        self.refresh_requested.emit()

    def stop(self) -> None:
        self._timer.stop()

    def set_rows(self, rows: list[WallRow], now: datetime) -> None:
        self.model.set_rows(rows, now)
        overdue = sum(1 for r in rows if r.light is Light.RED)
        district = sum(1 for r in rows if r.level is EscalationLevel.DISTRICT)
        self.counts.setText(
            self.tr("共 %1 件 · 超期 %2 件 · 区级 %3 件")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue))
            .replace("%3", str(district))
        )
        self.clock_label.setText(now.strftime("%m-%d %H:%M"))
        self.rows_shown.emit()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)
