"""Cases on the server: the projection kept as JSON beside its columns, the view clients are
sent, and the server's merge rule for one event (`merge`), which both the intake and the
consistency check (`refold`) use.

The merge rule (SPEC §4): status transitions apply in commit order and one that is illegal
against the server's state is a conflict; non-status events (supervision, extension and
shelving requests, approvals of an extension, raising the level) are kept as a union: an event
the case's state no longer allows is recorded but does not move the projection. Events may
arrive later than they happened (offline work): the projection's `updated_at` never goes back."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Row, select

from ..domain.calendar import WorkingCalendar
from ..domain.enums import CaseState, EscalationLevel, HandlerKind, TimeUnit
from ..domain.errors import IllegalTransition, ValidationError
from ..domain.lifecycle import TRANSITIONS, EventType
from ..domain.projection import DeadlinePolicy, FoldEvent, Projection, apply_event, initial
from ..protocol import CaseView, to_wire
from . import schema as t

# Events that never change the state: merged as a union.
NON_STATUS = frozenset(tr.event for tr in TRANSITIONS if tr.target is None)

_DATETIMES = {
    f.name for f in dataclasses.fields(Projection) if f.type in ("datetime", "datetime | None")
}
_ENUMS: dict[str, type[Enum]] = {
    "state": CaseState,
    "escalation_level": EscalationLevel,
    "handler_kind": HandlerKind,
}


def projection_json(p: Projection) -> str:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(p):
        value = getattr(p, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return json.dumps(out, sort_keys=True)


def projection_from_json(text: str) -> Projection:
    data = json.loads(text)
    values: dict[str, Any] = {}
    for name, value in data.items():
        if value is not None and name in _DATETIMES:
            value = datetime.fromisoformat(value)
        elif value is not None and name in _ENUMS:
            value = _ENUMS[name](value)
        elif name == "handler_departments":
            value = tuple(value)
        values[name] = value
    return Projection(**values)


def projection_columns(p: Projection) -> dict[str, Any]:
    """The case row's columns that mirror the projection."""
    return {
        "state": p.state.value,
        "escalation_level": int(p.escalation_level),
        "handler_person": p.handler_person,
        "due_at": p.due_at,
        "updated_at": p.updated_at,
        "projection": projection_json(p),
    }


def case_view(row: Row | Mapping[str, Any]) -> CaseView:
    r = row._mapping if isinstance(row, Row) else row
    return CaseView(
        case_uuid=r["uuid"],
        case_no=r["case_no"],
        street=r["street"],
        grid_code=r["grid_code"],
        category=r["category"],
        priority=r["priority"],
        state=r["state"],
        escalation_level=r["escalation_level"],
        handler_person=r["handler_person"],
        due_at=to_wire(r["due_at"]),
        updated_at=to_wire(r["updated_at"]) or "",
    )


class Policies:
    """The deadline policy of each category (its handling limit), read once."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self._limits: dict[str, tuple[float, TimeUnit]] = {}

    def for_category(self, conn: Connection, category: str) -> DeadlinePolicy:
        limit = self._limits.get(category)
        if limit is None:
            row = conn.execute(
                select(t.categories.c.time_limit, t.categories.c.time_unit).where(
                    t.categories.c.code == category
                )
            ).first()
            if row is None or row.time_limit is None:
                raise ValidationError(
                    f"unknown category or a group, not a leaf: '{category}'", field="category"
                )
            limit = self._limits[category] = (row.time_limit, TimeUnit(row.time_unit))
        return DeadlinePolicy(self.calendar, limit)


def merge(p: Projection, ev: FoldEvent, policy: DeadlinePolicy) -> Projection | None:
    """The projection after `ev` under the server's merge rule; None when a non-status event is
    kept without moving the projection. Raises IllegalTransition for a status event the state
    does not allow (the caller answers it as a conflict)."""
    try:
        after = apply_event(p, ev, policy)
    except (IllegalTransition, ValidationError, ValueError):
        if ev.type in NON_STATUS:
            return None
        raise
    if after.updated_at < p.updated_at:
        after = dataclasses.replace(after, updated_at=p.updated_at)
    return after


def refold(
    events: Iterable[tuple[EventType, datetime, Mapping[str, Any], bool]], policy: DeadlinePolicy
) -> Projection:
    """The projection from a case's stored events in commit order (type, at, payload, folded):
    what the stored projection must equal."""
    it = iter(events)
    first_type, first_at, _payload, _folded = next(it)
    assert first_type is EventType.REPORT
    p = initial(first_at, policy)
    for type_, at, payload, folded in it:
        if not folded:
            continue
        after = merge(p, FoldEvent(type_, at, payload), policy)
        assert after is not None
        p = after
    return p
