"""The lifecycle table of SPEC §2 (domain/lifecycle.py)."""

from __future__ import annotations

import pytest

from commandcenter.domain.enums import CaseState, Role
from commandcenter.domain.errors import IllegalTransition
from commandcenter.domain.lifecycle import (
    TRANSITIONS,
    EventType,
    allowed_events,
    fold_states,
    next_state,
    transition_for,
)

S, E = CaseState, EventType


@pytest.mark.parametrize(
    ("state", "event", "target"),
    [
        (None, E.REPORT, S.REPORTED),
        (S.REPORTED, E.ACCEPT, S.ACCEPTED),
        (S.REPORTED, E.REJECT_DUPLICATE, S.REJECTED),
        (S.REPORTED, E.REJECT_INVALID, S.REJECTED),
        (S.ACCEPTED, E.DISPATCH, S.DISPATCHED),
        (S.ACCEPTED, E.ESCALATE, S.ESCALATED),
        (S.DISPATCHED, E.ESCALATE, S.ESCALATED),
        (S.DISPATCHED, E.HANDLE, S.HANDLED),
        (S.HANDLED, E.VERIFY_PASS, S.CLOSED),
        (S.HANDLED, E.REWORK, S.DISPATCHED),
        (S.HANDLED, E.CLOSE, S.CLOSED),
        (S.DISPATCHED, E.EXTENSION_APPROVE, S.DISPATCHED),
        (S.DISPATCHED, E.SHELVE_APPROVE, S.SHELVED),
        (S.ACCEPTED, E.VOID, S.VOIDED),
        (S.CLOSED, E.REOPEN, S.DISPATCHED),
        (S.ESCALATED, E.DISTRICT_DISPATCH, S.DISPATCHED),
        (S.ESCALATED, E.DISTRICT_CLOSE, S.CLOSED),
    ],
)
def test_spec_transitions(state: CaseState | None, event: EventType, target: CaseState) -> None:
    assert next_state(state, event) is target


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (S.REPORTED, E.DISPATCH),  # must be accepted first
        (S.HANDLED, E.HANDLE),
        (S.CLOSED, E.VOID),  # void only before handling
        (S.REJECTED, E.ACCEPT),  # end states stay ended
        (S.VOIDED, E.REOPEN),
        (S.ESCALATED, E.DISPATCH),  # only the district dispatches an escalated case
        (None, E.ACCEPT),  # a case starts with its report
    ],
)
def test_forbidden_transitions_raise(state: CaseState | None, event: EventType) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_state(state, event)
    assert info.value.code == "illegal_transition"


def test_roles_follow_the_spec() -> None:
    assert transition_for(S.REPORTED, E.REJECT_INVALID).roles == {Role.SHIFT_LEADER}
    assert transition_for(S.HANDLED, E.VERIFY_PASS).roles == {Role.INSPECTOR}
    assert Role.DUTY_OFFICER in transition_for(S.DISPATCHED, E.HANDLE).roles
    assert transition_for(S.ESCALATED, E.DISTRICT_DISPATCH).roles == {Role.DISTRICT}


def test_end_states_allow_nothing_and_every_state_is_reachable() -> None:
    for state in (S.REJECTED, S.VOIDED, S.SHELVED):
        assert allowed_events(state) == []
    reachable = {t.target for t in TRANSITIONS if t.target}
    assert reachable == set(CaseState)


def test_fold_states_walks_a_rework_path() -> None:
    path = fold_states(
        [E.REPORT, E.ACCEPT, E.DISPATCH, E.HANDLE, E.REWORK, E.HANDLE, E.VERIFY_PASS]
    )
    assert path[-1] is S.CLOSED and path[4] is S.DISPATCHED
