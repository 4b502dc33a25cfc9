"""A case's events, oldest first: when, what, who in which role, the note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from ...store.case_detail import EventRow
from ..common.i18n import QT_TRANSLATE_NOOP, tr_label
from ..common.read_only_table import ReadOnlyTableModel

_HEADERS = (
    QT_TRANSLATE_NOOP("CaseEventTableModel", "时间"),
    QT_TRANSLATE_NOOP("CaseEventTableModel", "环节"),
    QT_TRANSLATE_NOOP("CaseEventTableModel", "经办人"),
    QT_TRANSLATE_NOOP("CaseEventTableModel", "说明"),
)


def _who(e: EventRow) -> str:
    name = e.actor_name or e.actor_code or ""
    return f"{name}（{tr_label(e.role)}）" if name else tr_label(e.role)


class CaseEventTableModel(ReadOnlyTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.set_events(())

    def set_events(self, events: Sequence[EventRow]) -> None:
        headers = tuple(self.tr(h) for h in _HEADERS)
        self.set_rows(events, (self._cells(e) for e in events), headers)

    def _cells(self, e: EventRow) -> tuple[str, ...]:
        photos = self.tr("（照片%1）").replace("%1", str(len(e.attachments)))
        what = tr_label(e.type) + (photos if e.attachments else "")
        if e.dispatched_to:  # whom it went to
            what += " → " + "、".join(e.dispatched_to)
        who = _who(e)
        if e.on_behalf_of:  # typed at the desk for the handler
            who += self.tr("代%1录入").replace("%1", "、".join(e.on_behalf_of))
        return (e.at.strftime("%m-%d %H:%M"), what, who, e.note)

    def role_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.UserRole:
            return self.event_at(row).id
        return None

    def event_at(self, row: int) -> EventRow:
        event: EventRow = self.row_at(row)
        return event
