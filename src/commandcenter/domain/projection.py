"""A case's current state as the fold of its events. The store keeps this projection on the case
row; a test checks it always equals the fold."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any

from .calendar import WorkingCalendar
from .enums import CaseState, EscalationLevel, HandlerKind, TimeUnit
from .lifecycle import EventType, next_state

E = EventType

# The deadline of each stage other than handling (whose limit is the category's).
STAGE_OF_STATE = {
    CaseState.REPORTED: "accept",
    CaseState.ACCEPTED: "dispatch",
    CaseState.DISPATCHED: "handle",
    CaseState.HANDLED: "verify",
}
DEFAULT_STAGE_LIMITS: dict[str, tuple[float, TimeUnit]] = {
    "accept": (2, TimeUnit.WORKING_HOURS),
    "dispatch": (2, TimeUnit.WORKING_HOURS),
    "verify": (1, TimeUnit.WORKING_DAYS),
}
YELLOW_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class FoldEvent:
    type: EventType
    at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    calendar: WorkingCalendar
    handle_limit: tuple[float, TimeUnit]
    stage_limits: Mapping[str, tuple[float, TimeUnit]] = field(
        default_factory=lambda: DEFAULT_STAGE_LIMITS
    )

    def limit(self, stage: str) -> tuple[float, TimeUnit]:
        return self.handle_limit if stage == "handle" else self.stage_limits[stage]

    def window(self, start: datetime, limit: float, unit: TimeUnit) -> tuple[datetime, datetime]:
        """(yellow_at, due_at): 80 % and 100 % of the limit, in the unit's own time."""
        cal = self.calendar
        due = cal.deadline(start, limit, unit)
        if unit in (TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS):
            used = cal.working_minutes_between(start, due)
            return cal.add_working_minutes(start, used * YELLOW_SHARE), due
        return start + (due - start) * YELLOW_SHARE, due


@dataclass(frozen=True, slots=True)
class Projection:
    state: CaseState
    updated_at: datetime
    accepted_at: datetime | None = None
    handled_at: datetime | None = None
    closed_at: datetime | None = None
    escalation_level: EscalationLevel = EscalationLevel.GRID
    handler_kind: HandlerKind | None = None
    handler_person: str | None = None
    handler_departments: tuple[str, ...] = ()
    duplicate_of: str | None = None
    stage: str | None = None
    stage_started_at: datetime | None = None
    yellow_at: datetime | None = None
    due_at: datetime | None = None
    rework_count: int = 0
    redispatch_count: int = 0
    extension_count: int = 0
    supervised: bool = False
    # "extension" or "shelve" while a request waits for the shift leader's approval.
    pending_request: str | None = None
    # For the indicators (docs/indicators.md): the first dispatch, the handling deadline H of
    # the first handling stage (moved by its extensions), the first handling report, the first
    # rework, and when a case was rejected, voided or shelved.
    dispatched_at: datetime | None = None
    handle_due_at: datetime | None = None
    first_handled_at: datetime | None = None
    first_rework_at: datetime | None = None
    ended_at: datetime | None = None
    # Working minutes from the first dispatch to the last handling report (§I9).
    handling_minutes: float | None = None


def _handler(payload: Mapping[str, Any]) -> dict[str, Any]:
    kind = payload.get("handler_kind")
    return {
        "handler_kind": HandlerKind(kind) if kind else None,
        "handler_person": payload.get("person"),
        "handler_departments": tuple(payload.get("departments") or ()),
    }


def apply_event(p: Projection, ev: FoldEvent, policy: DeadlinePolicy) -> Projection:
    """The projection after one more event (no role or field checks: see domain/transitions.py)."""
    state = next_state(p.state, ev.type)
    changes: dict[str, Any] = {"state": state, "updated_at": ev.at}
    t = ev.type
    if t is E.ACCEPT:
        changes["accepted_at"] = ev.at
    elif t is E.REJECT_DUPLICATE:
        changes["duplicate_of"] = ev.payload.get("duplicate_of")
        changes["ended_at"] = ev.at
    elif t in (E.REJECT_INVALID, E.VOID, E.SHELVE_APPROVE):
        changes["ended_at"] = ev.at
    elif t in (E.DISPATCH, E.DISTRICT_DISPATCH):
        changes.update(_handler(ev.payload))
        if p.handler_kind is not None:
            changes["redispatch_count"] = p.redispatch_count + 1
    elif t is E.HANDLE:
        changes["handled_at"] = ev.at
        if p.dispatched_at is not None:
            minutes = policy.calendar.working_minutes_between(p.dispatched_at, ev.at)
            changes["handling_minutes"] = round(minutes, 3)
        if p.first_handled_at is None:
            changes["first_handled_at"] = ev.at
    elif t is E.REWORK:
        changes["rework_count"] = p.rework_count + 1
        if p.first_rework_at is None:
            changes["first_rework_at"] = ev.at
    elif t in (E.VERIFY_PASS, E.CLOSE, E.DISTRICT_CLOSE):
        changes["closed_at"] = ev.at
    elif t is E.REOPEN:
        changes["closed_at"] = None
    elif t is E.ESCALATE:
        changes["escalation_level"] = EscalationLevel.DISTRICT
    elif t is E.RAISE_LEVEL:
        level = ev.payload.get("level")
        target = EscalationLevel(level) if level else EscalationLevel(p.escalation_level + 1)
        changes["escalation_level"] = max(p.escalation_level, target)
    elif t is E.SUPERVISE:
        changes["supervised"] = True
    elif t is E.EXTENSION_REQUEST:
        changes["pending_request"] = "extension"
    elif t is E.SHELVE_REQUEST:
        changes["pending_request"] = "shelve"
    elif t is E.EXTENSION_APPROVE and p.due_at is not None and p.stage_started_at is not None:
        changes["extension_count"] = p.extension_count + 1
        changes["pending_request"] = None
        changes["supervised"] = False  # a new deadline: overdue again means supervised again
        extra = float(ev.payload.get("days", 1))
        due = policy.calendar.deadline(p.due_at, extra, TimeUnit.WORKING_DAYS)
        used = policy.calendar.working_minutes_between(p.stage_started_at, due)
        yellow = policy.calendar.add_working_minutes(p.stage_started_at, used * 0.8)
        changes.update(due_at=due, yellow_at=yellow)
        if p.first_handled_at is None:
            changes["handle_due_at"] = due  # still the first handling stage: H moves too

    stage = STAGE_OF_STATE.get(state)
    # A new stage starts its own clock; rework and reopen restart the handling stage.
    if stage != p.stage or t in (E.REWORK, E.REOPEN, E.DISPATCH, E.DISTRICT_DISPATCH):
        if stage is None:
            changes.update(stage=None, stage_started_at=None, yellow_at=None, due_at=None)
        else:
            yellow, due = policy.window(ev.at, *policy.limit(stage))
            changes.update(stage=stage, stage_started_at=ev.at, yellow_at=yellow, due_at=due)
        changes["supervised"] = False
        changes["pending_request"] = None
    if t in (E.DISPATCH, E.DISTRICT_DISPATCH) and p.dispatched_at is None:
        changes.update(dispatched_at=ev.at, handle_due_at=changes.get("due_at"))
    return replace(p, **changes)


def initial(reported_at: datetime, policy: DeadlinePolicy) -> Projection:
    """A case just reported: its accept stage has started."""
    yellow, due = policy.window(reported_at, *policy.limit("accept"))
    return Projection(
        state=CaseState.REPORTED,
        updated_at=reported_at,
        stage="accept",
        stage_started_at=reported_at,
        yellow_at=yellow,
        due_at=due,
    )


def fold(events: Iterable[FoldEvent], policy: DeadlinePolicy) -> Projection:
    """The projection after these events, oldest first; IllegalTransition on a bad path."""
    it = iter(events)
    first = next(it)
    if first.type is not E.REPORT:
        next_state(None, first.type)  # raises: a case starts with its report
    p = initial(first.at, policy)
    for ev in it:
        p = apply_event(p, ev, policy)
    return p


# -- as JSON (the platform keeps it beside the case; a client keeps the platform's) ----------
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
