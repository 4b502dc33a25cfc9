"""The lifecycle engine as pure functions: a command is checked against the lifecycle table, the
role table and the fields each transition requires, and turned into the next projection. The
store writes what `decide` returns; the seeder and the district server use the same checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .enums import CaseState, EscalationLevel, HandlerKind, Role
from .errors import DomainError, ValidationError
from .lifecycle import REOPEN_WINDOW_DAYS, EventType, transition_for
from .projection import DeadlinePolicy, FoldEvent, Projection, apply_event

E = EventType


class RoleNotAllowed(DomainError):
    """The role may not record this event, or the person does not hold the role."""

    code = "role_not_allowed"


class MissingField(ValidationError):
    code = "missing_field"


@dataclass(frozen=True, slots=True)
class Command:
    type: EventType
    actor: str | None
    role: Role
    at: datetime
    note: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)

    def as_fold_event(self) -> FoldEvent:
        return FoldEvent(self.type, self.at, self.payload)


# Events whose note is their substance: a reason, a handling report.
_NOTE_REQUIRED = {
    E.REJECT_INVALID: "a reason",
    E.HANDLE: "a note on what was done",
    E.REWORK: "what is still wrong",
    E.ESCALATE: "why it is beyond the street",
    E.EXTENSION_REQUEST: "a reason",
    E.SHELVE_REQUEST: "a reason",
    E.VOID: "a reason",
    E.REOPEN: "a reason",
}
_HANDLER_ROLES = {Role.GRID_LEADER, Role.DEPARTMENT_LIAISON}


def _require_handler(payload: Mapping[str, Any], what: str) -> None:
    raw: Any = payload.get("handler_kind")
    try:
        kind = HandlerKind(raw)
    except ValueError:
        raise MissingField(
            f"{what}: choose a grid leader, one department, or joint enforcement",
            field="handler_kind",
        ) from None
    departments = payload.get("departments") or []
    if kind is HandlerKind.GRID_LEADER and not payload.get("person"):
        raise MissingField(f"{what}: name the grid leader", field="person")
    if kind is HandlerKind.DEPARTMENT and len(departments) != 1:
        raise MissingField(f"{what}: name exactly one department", field="departments")
    if kind is HandlerKind.JOINT and len(set(departments)) < 2:
        raise MissingField(
            f"{what}: joint enforcement needs at least two departments", field="departments"
        )


def _check_raise(command: Command, current: Projection) -> None:
    """提级 moves a case up within the street; the district is reached only by 上报 (escalate),
    which sends the case up and sets 已上报."""
    level = command.payload.get("level")
    try:
        target = EscalationLevel(level) if level is not None else current.escalation_level + 1
    except ValueError:
        raise ValidationError(f"not an escalation level: {level!r}", field="level") from None
    if target <= current.escalation_level:
        raise ValidationError(
            f"the case is already at the {current.escalation_level.label} level", field="level"
        )
    if target >= EscalationLevel.DISTRICT:
        raise ValidationError("to reach the district, escalate the case (上报)", field="level")


def check(
    command: Command,
    current: Projection | None,
    *,
    actor_roles: frozenset[Role] | None = None,
) -> None:
    """Raise IllegalTransition, RoleNotAllowed or MissingField; return when the command may be
    recorded. `actor_roles`: the roles the person holds (None: not checked, e.g. the district)."""
    state = current.state if current else None
    row = transition_for(state, command.type)
    if command.role not in row.roles:
        allowed = ", ".join(sorted(r.value for r in row.roles))
        raise RoleNotAllowed(
            f"role {command.role.value} may not record {command.type.value} (allowed: {allowed})",
            role=command.role,
            event=command.type,
        )
    if actor_roles is not None and command.role not in actor_roles:
        raise RoleNotAllowed(
            f"{command.actor} does not hold the role {command.role.value}", role=command.role
        )
    what = command.type.label
    if command.type in _NOTE_REQUIRED and not command.note.strip():
        raise MissingField(f"{what}: {_NOTE_REQUIRED[command.type]} is required", field="note")
    payload = command.payload
    if command.type in (E.DISPATCH, E.DISTRICT_DISPATCH):
        _require_handler(payload, what)
    elif command.type is E.REJECT_DUPLICATE and not payload.get("duplicate_of"):
        raise MissingField(f"{what}: name the case it duplicates", field="duplicate_of")
    elif command.type in (E.EXTENSION_REQUEST, E.EXTENSION_APPROVE):
        days = payload.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
            raise MissingField(f"{what}: the extra working days (1-60)", field="days")
    if current is None:
        return
    if command.type is E.RAISE_LEVEL:
        _check_raise(command, current)
    if command.type in (E.EXTENSION_REQUEST, E.SHELVE_REQUEST) and current.pending_request:
        raise ValidationError(f"{what}: a {current.pending_request} request is already waiting")
    if command.type is E.EXTENSION_APPROVE and current.pending_request != "extension":
        raise ValidationError(f"{what}: there is no extension request to approve")
    if command.type is E.SHELVE_APPROVE and current.pending_request != "shelve":
        raise ValidationError(f"{what}: there is no shelving request to approve")
    if (
        command.type in (E.HANDLE, E.EXTENSION_REQUEST, E.SHELVE_REQUEST)
        and command.role in _HANDLER_ROLES
        and current.handler_person
        and command.actor != current.handler_person
    ):
        raise RoleNotAllowed(
            f"{what}: only the assigned handler ({current.handler_person}) or a duty officer",
            role=command.role,
        )
    closed = current.closed_at
    if (
        command.type is E.REOPEN
        and closed
        and command.at - closed > timedelta(days=REOPEN_WINDOW_DAYS)
    ):
        raise ValidationError(f"{what}: closed more than {REOPEN_WINDOW_DAYS} days ago", field="at")
    if command.at < current.updated_at:
        raise ValidationError(f"{what}: earlier than the case's last event", field="at")


def decide(
    command: Command,
    current: Projection,
    policy: DeadlinePolicy,
    *,
    actor_roles: frozenset[Role] | None = None,
) -> Projection:
    """Check the command and return the projection after it."""
    check(command, current, actor_roles=actor_roles)
    return apply_event(current, command.as_fold_event(), policy)


OPEN_STATES = frozenset(
    {
        CaseState.REPORTED,
        CaseState.ACCEPTED,
        CaseState.DISPATCHED,
        CaseState.HANDLED,
        CaseState.ESCALATED,
    }
)
