"""Cases on the server: the projection kept as JSON beside its columns, the view clients are
sent, and the server's merge rule for one event (`merge`), which both the intake and the
consistency check (`refold`) use.

The merge rule itself is the domain's (domain/merge.py), shared with the clients."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from ..domain.calendar import WorkingCalendar
from ..domain.lifecycle import EventType
from ..domain.merge import merge
from ..domain.projection import (
    DeadlinePolicy,
    FoldEvent,
    Projection,
    initial,
    projection_from_json,
    projection_json,
)
from ..protocol import CaseProjection, CaseView, to_wire
from ..store.deadline_policies import DeadlinePolicies
from . import schema as t


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
        projection=CaseProjection.of(projection_from_json(r["projection"])),
    )


class Policies(DeadlinePolicies):
    """The deadline policies of the platform's categories."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        super().__init__(calendar, t.categories)


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
