"""What a signed-in person may do to a case now: the actions the window offers as buttons and
shortcuts. The lifecycle table says which events a state allows and for which roles; the engine's
`check` adds the case's own conditions (a request waiting, the assigned handler, the reopen
window, the escalation level). This module answers the same question before any field is filled
in, so the window enables exactly what `check` would accept (tests hold the two together)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .enums import EscalationLevel, Role
from .errors import IllegalTransition
from .lifecycle import REOPEN_WINDOW_DAYS, EventType, transition_for
from .projection import Projection

E = EventType

# The events a person records from the window, in the order the buttons show them. The district's
# events arrive by sync; supervision is the rules' (and an inspector's, from [5/10]'s wall).
USER_EVENTS: tuple[EventType, ...] = (
    E.ACCEPT,
    E.REJECT_DUPLICATE,
    E.REJECT_INVALID,
    E.DISPATCH,
    E.RAISE_LEVEL,
    E.ESCALATE,
    E.HANDLE,
    E.VERIFY_PASS,
    E.REWORK,
    E.CLOSE,
    E.EXTENSION_REQUEST,
    E.EXTENSION_APPROVE,
    E.SHELVE_REQUEST,
    E.SHELVE_APPROVE,
    E.VOID,
    E.REOPEN,
)

# When a person holds several roles that may record an event, the event is recorded in the first
# of them in this order (a shift leader acting at the desk records as shift leader).
ROLE_PREFERENCE: tuple[Role, ...] = (
    Role.SHIFT_LEADER,
    Role.DUTY_OFFICER,
    Role.INSPECTOR,
    Role.GRID_LEADER,
    Role.DEPARTMENT_LIAISON,
    Role.GRID_MEMBER,
    Role.ADMIN,
    Role.VIEWER,
)
_HANDLER_ROLES = frozenset({Role.GRID_LEADER, Role.DEPARTMENT_LIAISON})


@dataclass(frozen=True, slots=True)
class Action:
    event: EventType
    role: Role

    @property
    def label(self) -> str:
        return self.event.label


def role_for(event: EventType, current: Projection, roles: Iterable[Role]) -> Role | None:
    """The role in which this person would record `event` now, or None."""
    try:
        allowed = transition_for(current.state, event).roles
    except IllegalTransition:
        return None
    held = set(roles)
    return next((r for r in ROLE_PREFERENCE if r in held and r in allowed), None)


def _case_allows(
    event: EventType, role: Role, current: Projection, person: str | None, now: datetime
) -> bool:
    pending = current.pending_request
    if event in (E.EXTENSION_REQUEST, E.SHELVE_REQUEST) and pending:
        return False
    if event is E.EXTENSION_APPROVE and pending != "extension":
        return False
    if event is E.SHELVE_APPROVE and pending != "shelve":
        return False
    if (
        event in (E.HANDLE, E.EXTENSION_REQUEST, E.SHELVE_REQUEST)
        and role in _HANDLER_ROLES
        and current.handler_person
        and person != current.handler_person
    ):
        return False
    if event is E.RAISE_LEVEL and current.escalation_level + 1 >= EscalationLevel.DISTRICT:
        return False
    closed = current.closed_at
    if event is E.REOPEN and closed and now - closed > timedelta(days=REOPEN_WINDOW_DAYS):
        return False
    return now >= current.updated_at


def available_actions(
    current: Projection, person: str | None, roles: Iterable[Role], now: datetime
) -> list[Action]:
    """The actions `person` holding `roles` may take on a case in `current` at `now`, in button
    order. Fields an action needs (a note, a handler) are the dialog's to ask for."""
    held = frozenset(roles)
    out: list[Action] = []
    for event in USER_EVENTS:
        role = role_for(event, current, held)
        if role is not None and _case_allows(event, role, current, person, now):
            out.append(Action(event, role))
    return out
