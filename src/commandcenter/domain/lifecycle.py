"""The case lifecycle of SPEC §2 as one table: which event may happen in which state, the state it
leads to, and who may record it. Every change to a case is one of these events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .enums import CaseState, Role
from .errors import IllegalTransition

S = CaseState
R = Role


class EventType(StrEnum):
    REPORT = "report"
    ACCEPT = "accept"
    REJECT_DUPLICATE = "reject_duplicate"
    REJECT_INVALID = "reject_invalid"
    DISPATCH = "dispatch"
    ESCALATE = "escalate"
    RAISE_LEVEL = "raise_level"
    HANDLE = "handle"
    VERIFY_PASS = "verify_pass"
    REWORK = "rework"
    CLOSE = "close"
    EXTENSION_REQUEST = "extension_request"
    EXTENSION_APPROVE = "extension_approve"
    SHELVE_REQUEST = "shelve_request"
    SHELVE_APPROVE = "shelve_approve"
    VOID = "void"
    REOPEN = "reopen"
    DISTRICT_DISPATCH = "district_dispatch"
    DISTRICT_CLOSE = "district_close"
    SUPERVISE = "supervise"

    @property
    def label(self) -> str:
        return _EVENT_LABELS[self]


_EVENT_LABELS = {
    EventType.REPORT: "上报",
    EventType.ACCEPT: "受理立案",
    EventType.REJECT_DUPLICATE: "重复不予受理",
    EventType.REJECT_INVALID: "无效不予受理",
    EventType.DISPATCH: "派遣",
    EventType.ESCALATE: "上报区级",
    EventType.RAISE_LEVEL: "提级",
    EventType.HANDLE: "处置反馈",
    EventType.VERIFY_PASS: "核查通过",
    EventType.REWORK: "返工",
    EventType.CLOSE: "结案",
    EventType.EXTENSION_REQUEST: "申请延期",
    EventType.EXTENSION_APPROVE: "批准延期",
    EventType.SHELVE_REQUEST: "申请挂账",
    EventType.SHELVE_APPROVE: "批准挂账",
    EventType.VOID: "作废",
    EventType.REOPEN: "重新启动",
    EventType.DISTRICT_DISPATCH: "区级派遣",
    EventType.DISTRICT_CLOSE: "区级结案",
    EventType.SUPERVISE: "超时督办",
}

# Roles that handle a dispatched case (or record it on the handler's behalf).
_HANDLERS = frozenset({R.GRID_LEADER, R.DEPARTMENT_LIAISON, R.DUTY_OFFICER})
_DESK = frozenset({R.DUTY_OFFICER, R.SHIFT_LEADER})
_OPEN = (S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.HANDLED, S.ESCALATED)

REOPEN_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Transition:
    event: EventType
    sources: tuple[CaseState | None, ...]
    # None: the event does not change the state.
    target: CaseState | None
    roles: frozenset[Role]


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        EventType.REPORT,
        (None,),
        S.REPORTED,
        frozenset(
            {R.GRID_MEMBER, R.GRID_LEADER, R.DUTY_OFFICER, R.INSPECTOR, R.DISTRICT, R.SYSTEM}
        ),
    ),
    Transition(EventType.ACCEPT, (S.REPORTED,), S.ACCEPTED, _DESK),
    Transition(EventType.REJECT_DUPLICATE, (S.REPORTED,), S.REJECTED, _DESK),
    Transition(EventType.REJECT_INVALID, (S.REPORTED,), S.REJECTED, frozenset({R.SHIFT_LEADER})),
    Transition(EventType.DISPATCH, (S.ACCEPTED,), S.DISPATCHED, _DESK),
    # The supervision rules escalate too, when a case overdue long enough reaches the district.
    Transition(EventType.ESCALATE, (S.ACCEPTED, S.DISPATCHED), S.ESCALATED, _DESK | {R.SYSTEM}),
    Transition(EventType.RAISE_LEVEL, (S.ACCEPTED, S.DISPATCHED), None, _DESK | {R.SYSTEM}),
    Transition(EventType.HANDLE, (S.DISPATCHED,), S.HANDLED, _HANDLERS),
    Transition(EventType.VERIFY_PASS, (S.HANDLED,), S.CLOSED, frozenset({R.INSPECTOR})),
    Transition(EventType.REWORK, (S.HANDLED,), S.DISPATCHED, frozenset({R.INSPECTOR})),
    Transition(EventType.CLOSE, (S.HANDLED,), S.CLOSED, frozenset({R.SHIFT_LEADER})),
    Transition(EventType.EXTENSION_REQUEST, (S.DISPATCHED,), None, _HANDLERS),
    Transition(EventType.EXTENSION_APPROVE, (S.DISPATCHED,), None, frozenset({R.SHIFT_LEADER})),
    Transition(EventType.SHELVE_REQUEST, (S.DISPATCHED,), None, _HANDLERS),
    Transition(EventType.SHELVE_APPROVE, (S.DISPATCHED,), S.SHELVED, frozenset({R.SHIFT_LEADER})),
    Transition(
        EventType.VOID,
        (S.REPORTED, S.ACCEPTED, S.DISPATCHED),
        S.VOIDED,
        frozenset({R.SHIFT_LEADER}),
    ),
    Transition(
        EventType.REOPEN, (S.CLOSED,), S.DISPATCHED, frozenset({R.SHIFT_LEADER, R.INSPECTOR})
    ),
    Transition(EventType.DISTRICT_DISPATCH, (S.ESCALATED,), S.DISPATCHED, frozenset({R.DISTRICT})),
    Transition(EventType.DISTRICT_CLOSE, (S.ESCALATED,), S.CLOSED, frozenset({R.DISTRICT})),
    Transition(EventType.SUPERVISE, _OPEN, None, frozenset({R.SYSTEM, R.INSPECTOR})),
)

_BY_KEY: dict[tuple[CaseState | None, EventType], Transition] = {
    (source, t.event): t for t in TRANSITIONS for source in t.sources
}


def transition_for(state: CaseState | None, event: EventType) -> Transition:
    """The table row allowing `event` in `state`; IllegalTransition when there is none."""
    try:
        return _BY_KEY[(state, event)]
    except KeyError:
        where = state.value if state else "(new case)"
        raise IllegalTransition(
            f"event {event.value} is not allowed in state {where}", state=state, event=event
        ) from None


def next_state(state: CaseState | None, event: EventType) -> CaseState:
    t = transition_for(state, event)
    if t.target is None:
        assert state is not None
        return state
    return t.target


def allowed_events(state: CaseState | None) -> list[EventType]:
    """Events the table allows in `state`, in table order."""
    return [t.event for t in TRANSITIONS if state in t.sources]


def fold_states(events: Iterable[EventType]) -> Sequence[CaseState]:
    """The states a case passes through for this sequence of events; raises on the first illegal
    one."""
    state: CaseState | None = None
    path: list[CaseState] = []
    for event in events:
        state = next_state(state, event)
        path.append(state)
    return path
