"""The escalation wall's rows as a list model, most urgent first (store/escalations.py decides the
order); what the wall draws and what tests read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ...store.escalations import WallRow
from ..common.plain_text import tooltip
from ..timeline.timeline_model import duration_text, lane_label, stage_label

Index = QModelIndex | QPersistentModelIndex
WALL_ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("Wall", text)


def time_left_text(row: WallRow, now: datetime) -> str:
    """剩余 5小时 / 超期 2天3小时 / 区级办理 3天 (with the district: no street deadline)."""
    left = row.time_left(now)
    if left is None:
        bars = row.timeline.bars
        since = now - bars[-1].start if bars else None
        text = QCoreApplication.translate("Wall", "区级办理")
        return f"{text} {duration_text(since)}" if since is not None else text
    if left.total_seconds() < 0:
        return QCoreApplication.translate("Wall", "超期 %1").replace("%1", duration_text(-left))
    return QCoreApplication.translate("Wall", "剩余 %1").replace("%1", duration_text(left))


def where_text(row: WallRow) -> str:
    running = row.timeline.running
    stage = stage_label(running.stage) if running else ""
    return (
        QCoreApplication.translate("Wall", "%1 · %2")
        .replace("%1", lane_label(row.level))
        .replace("%2", stage)
    )


class WallModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WallRow] = []
        self._now = datetime.min

    @property
    def now(self) -> datetime:
        return self._now

    def set_rows(self, rows: Sequence[WallRow], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def rows(self) -> list[WallRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == WALL_ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{row.case_no}  {row.grid_name}  {row.responsible}  "
                f"{where_text(row)}  {time_left_text(row, self._now)}"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{row.category_name}：{row.description}")
        return None
