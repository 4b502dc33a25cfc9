"""The escalation timeline as a table, a row per bar: what the drawing shows, in words (the dock's
detail table, and what tests read)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import EscalationLevel
from ...domain.supervision import Light
from ...domain.timeline import Bar, Timeline
from ..common.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
BAR_ROLE = Qt.ItemDataRole.UserRole + 1

LIGHT_COLOURS = {
    Light.GREEN: QColor("#2e7d32"),
    Light.YELLOW: QColor("#f9a825"),
    Light.RED: QColor("#c62828"),
    Light.NONE: QColor("#78909c"),
}
_STAGES = {
    "accept": QT_TRANSLATE_NOOP("Timeline", "受理"),
    "dispatch": QT_TRANSLATE_NOOP("Timeline", "派遣"),
    "handle": QT_TRANSLATE_NOOP("Timeline", "处置"),
    "verify": QT_TRANSLATE_NOOP("Timeline", "核查"),
    "district": QT_TRANSLATE_NOOP("Timeline", "区级办理"),
}
_LANES = {
    EscalationLevel.GRID: QT_TRANSLATE_NOOP("Timeline", "网格"),
    EscalationLevel.COMMUNITY: QT_TRANSLATE_NOOP("Timeline", "社区"),
    EscalationLevel.STREET: QT_TRANSLATE_NOOP("Timeline", "街道"),
    EscalationLevel.DISTRICT: QT_TRANSLATE_NOOP("Timeline", "区级"),
}
_LIGHTS = {
    Light.GREEN: QT_TRANSLATE_NOOP("Timeline", "绿"),
    Light.YELLOW: QT_TRANSLATE_NOOP("Timeline", "黄"),
    Light.RED: QT_TRANSLATE_NOOP("Timeline", "红"),
    Light.NONE: "",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


def stage_label(stage: str) -> str:
    return _tr(_STAGES.get(stage, stage))


def lane_label(lane: EscalationLevel) -> str:
    return _tr(_LANES[lane])


def time_text(at: datetime | None) -> str:
    return at.strftime("%m-%d %H:%M") if at else "—"


def duration_text(span: timedelta) -> str:
    """天 / 小时 / 分钟, the two largest units that are not zero: 2天3小时, 5小时20分钟, 45分钟."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        (days, QCoreApplication.translate("Timeline", "天")),
        (hours, QCoreApplication.translate("Timeline", "小时")),
        (mins, QCoreApplication.translate("Timeline", "分钟")),
    ]
    shown = [f"{n}{unit}" for n, unit in parts if n][:2]
    return "".join(shown) or QCoreApplication.translate("Timeline", "不到1分钟")


class TimelineModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("Timeline", "层级"),
        QT_TRANSLATE_NOOP("Timeline", "环节"),
        QT_TRANSLATE_NOOP("Timeline", "开始"),
        QT_TRANSLATE_NOOP("Timeline", "结束"),
        QT_TRANSLATE_NOOP("Timeline", "历时"),
        QT_TRANSLATE_NOOP("Timeline", "时限"),
        QT_TRANSLATE_NOOP("Timeline", "灯"),
        QT_TRANSLATE_NOOP("Timeline", "经办"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bars: tuple[Bar, ...] = ()

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.beginResetModel()
        self._bars = timeline.bars if timeline is not None else ()
        self.endResetModel()

    def bar(self, row: int) -> Bar:
        return self._bars[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._bars)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return _tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._bars):
            return None
        bar = self._bars[index.row()]
        column = index.column()
        if role == BAR_ROLE:
            return bar
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(bar, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == 6 and bar.light is not Light.NONE:
            return QBrush(LIGHT_COLOURS[bar.light])
        if role == Qt.ItemDataRole.ForegroundRole and column == 6:
            return QBrush(QColor("white"))
        return None

    def _text(self, bar: Bar, column: int) -> str:
        if column == 0:
            return lane_label(bar.lane)
        if column == 1:
            return stage_label(bar.stage)
        if column == 2:
            return time_text(bar.start)
        if column == 3:
            return (
                QCoreApplication.translate("Timeline", "进行中")
                if bar.running
                else time_text(bar.end)
            )
        if column == 4:
            return duration_text(bar.duration)
        if column == 5:
            if bar.due_at is None:
                return "—"
            late = bar.overdue_by
            suffix = (
                QCoreApplication.translate("Timeline", "（超期%1）").replace(
                    "%1", duration_text(late)
                )
                if late
                else ""
            )
            return time_text(bar.due_at) + suffix
        if column == 6:
            return _tr(_LIGHTS[bar.light])
        people = [e.actor for e in (bar.started_by, bar.ended_by) if e is not None and e.actor]
        return " → ".join(dict.fromkeys(people))
