"""A case's events, oldest first: when, what, who in which role, the note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ...store.case_detail import EventRow
from ..common.i18n import QT_TRANSLATE_NOOP, tr_label
from ..common.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex
_HEADERS = (
    QT_TRANSLATE_NOOP("CaseEventTableModel", "时间"),
    QT_TRANSLATE_NOOP("CaseEventTableModel", "环节"),
    QT_TRANSLATE_NOOP("CaseEventTableModel", "经办人"),
    QT_TRANSLATE_NOOP("CaseEventTableModel", "说明"),
)


def _who(e: EventRow) -> str:
    name = e.actor_name or e.actor_code or ""
    return f"{name}（{tr_label(e.role)}）" if name else tr_label(e.role)


class CaseEventTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: list[EventRow] = []

    def set_events(self, events: Sequence[EventRow]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def _photos(self, n: int) -> str:
        return self.tr("（照片%1）").replace("%1", str(n))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        e = self._events[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts: tuple[str, ...] = (
                e.at.strftime("%m-%d %H:%M"),
                tr_label(e.type) + (self._photos(len(e.attachments)) if e.attachments else ""),
                _who(e),
                e.note,
            )
            text = texts[index.column()]
            return tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return self.tr(_HEADERS[section])
        return None

    def event_at(self, row: int) -> EventRow:
        return self._events[row]
