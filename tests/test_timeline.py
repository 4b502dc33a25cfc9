"""The escalation timeline of a case, from its events: one bar per stage and lane with the right
times, deadlines and lights; a level raised mid-stage continues the bar in the higher lane; the
district's time is a bar in the district lane; marks for supervision, extension and rework."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from commandcenter import defaults
from commandcenter.domain.enums import EscalationLevel, TimeUnit
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.projection import DeadlinePolicy
from commandcenter.domain.supervision import Light
from commandcenter.domain.timeline import DISTRICT_STAGE, TimelineEvent, build_timeline

E = EventType
G, C, S, D = (
    EscalationLevel.GRID,
    EscalationLevel.COMMUNITY,
    EscalationLevel.STREET,
    EscalationLevel.DISTRICT,
)


@pytest.fixture(scope="module")
def policy() -> DeadlinePolicy:
    return DeadlinePolicy(defaults.calendar(), (3, TimeUnit.WORKING_DAYS))


def ev(type_: EventType, at: str, actor: str | None = "张三", **payload: object) -> TimelineEvent:
    return TimelineEvent(type_, datetime.fromisoformat(at), payload, actor)


def test_a_case_raised_to_the_community_reworked_and_closed(policy: DeadlinePolicy) -> None:
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),  # a Monday
        ev(E.ACCEPT, "2026-11-02T09:30"),
        ev(E.DISPATCH, "2026-11-02T10:00", handler_kind="grid_leader", person="P1"),
        ev(E.SUPERVISE, "2026-11-05T10:30", None),
        ev(E.RAISE_LEVEL, "2026-11-05T12:00", None, level=2),
        ev(E.HANDLE, "2026-11-06T10:00", "李四"),
        ev(E.REWORK, "2026-11-06T15:00", "王五"),
        ev(E.HANDLE, "2026-11-09T11:00", "李四"),
        ev(E.VERIFY_PASS, "2026-11-09T16:00", "王五"),
    ]
    timeline = build_timeline(events, policy, now=datetime(2026, 11, 20))
    got = [(b.stage, b.lane, b.start.isoformat(), b.end.isoformat()) for b in timeline.bars]
    assert got == [
        ("accept", G, "2026-11-02T09:00:00", "2026-11-02T09:30:00"),
        ("dispatch", G, "2026-11-02T09:30:00", "2026-11-02T10:00:00"),
        ("handle", G, "2026-11-02T10:00:00", "2026-11-05T12:00:00"),
        ("handle", C, "2026-11-05T12:00:00", "2026-11-06T10:00:00"),
        ("verify", C, "2026-11-06T10:00:00", "2026-11-06T15:00:00"),
        ("handle", C, "2026-11-06T15:00:00", "2026-11-09T11:00:00"),
        ("verify", C, "2026-11-09T11:00:00", "2026-11-09T16:00:00"),
    ]
    assert timeline.running is None and timeline.end == datetime(2026, 11, 9, 16)
    handle_g, handle_c = timeline.bars[2], timeline.bars[3]
    # Three working days from Monday 10:00: Thursday 10:00; both parts keep that deadline.
    assert handle_g.due_at == handle_c.due_at == datetime(2026, 11, 5, 10, 0)
    assert handle_g.light is Light.RED and handle_g.overdue_by == timedelta(hours=2)
    assert handle_c.ended_by is not None and handle_c.ended_by.actor == "李四"
    assert timeline.bars[0].light is Light.GREEN and timeline.bars[0].duration == timedelta(
        minutes=30
    )
    assert [(m.event.type, m.lane) for m in timeline.markers] == [
        (E.SUPERVISE, G),
        (E.RAISE_LEVEL, C),
        (E.REWORK, C),
    ]
    assert timeline.lanes_used == (G, C)


def test_an_escalated_case_waits_in_the_district_lane_and_runs_to_now(
    policy: DeadlinePolicy,
) -> None:
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),
        ev(E.ACCEPT, "2026-11-02T09:10"),
        ev(E.ESCALATE, "2026-11-02T09:40"),
        ev(E.DISTRICT_DISPATCH, "2026-11-03T14:00", None, handler_kind="department"),
    ]
    now = datetime(2026, 11, 4, 10, 0)
    timeline = build_timeline(events, policy, now=now)
    got = [(b.stage, b.lane, b.running) for b in timeline.bars]
    assert got == [
        ("accept", G, False),
        ("dispatch", G, False),
        (DISTRICT_STAGE, D, False),
        ("handle", D, True),
    ]
    waiting, handling = timeline.bars[2], timeline.bars[3]
    assert waiting.due_at is None and waiting.light is Light.NONE
    assert waiting.duration == timedelta(hours=28, minutes=20)
    assert handling.end == now and handling.ended_by is None
    assert handling.due_at is not None and handling.light is Light.GREEN
    assert timeline.running is handling and timeline.end == now
    assert [m.event.type for m in timeline.markers] == [E.ESCALATE]


def test_an_extension_moves_the_running_deadline(policy: DeadlinePolicy) -> None:
    events = [
        ev(E.REPORT, "2026-11-02T09:00"),
        ev(E.ACCEPT, "2026-11-02T09:10"),
        ev(E.DISPATCH, "2026-11-02T10:00", handler_kind="grid_leader", person="P1"),
        ev(E.EXTENSION_REQUEST, "2026-11-04T09:00", "李四", days=2),
        ev(E.EXTENSION_APPROVE, "2026-11-04T10:00", "赵六", days=2),
    ]
    timeline = build_timeline(events, policy, now=datetime(2026, 11, 6, 9, 0))
    handle = timeline.bars[-1]
    assert handle.stage == "handle" and handle.running
    assert handle.due_at == datetime(2026, 11, 9, 10, 0)  # Thursday 10:00 + 2 working days
    assert handle.light is Light.GREEN  # judged against the moved deadline
    assert [m.event.type for m in timeline.markers] == [E.EXTENSION_REQUEST, E.EXTENSION_APPROVE]


def test_a_timeline_needs_the_report_first(policy: DeadlinePolicy) -> None:
    with pytest.raises(ValueError, match="report"):
        build_timeline([ev(E.ACCEPT, "2026-11-02T09:10")], policy, now=datetime(2026, 11, 3))
