"""A case's escalation timeline (SPEC §3): its events replayed through the fold, cut into bars —
one per stage and escalation level (lanes: grid, community, street, district) — with each bar's
deadlines and traffic light, and markers for the events that happen within a stage (supervision,
extension, rework, a level raised).

A stage runs from the event that starts its clock (report, accept, dispatch, handle, rework…) to
the event that ends it; a level raised mid-stage ends the bar in the lower lane and continues it
in the higher one with the same deadline. A case sent to the district (已上报) has a bar in the
district lane, without a street deadline, until the district dispatches or closes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .enums import CaseState, EscalationLevel, Role
from .lifecycle import EventType
from .projection import DeadlinePolicy, FoldEvent, Projection, apply_event, initial
from .supervision import Light, light

E = EventType
DISTRICT_STAGE = "district"  # 已上报: with the district platform, no street deadline

# Events shown as marks on the bar they happen in.
MARKED: frozenset[EventType] = frozenset(
    {
        E.SUPERVISE,
        E.EXTENSION_REQUEST,
        E.EXTENSION_APPROVE,
        E.SHELVE_REQUEST,
        E.REWORK,
        E.RAISE_LEVEL,
        E.ESCALATE,
        E.REOPEN,
    }
)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One recorded event as the timeline needs it: the fold's fields and who recorded it."""

    type: EventType
    at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)
    actor: str | None = None  # a display name, or None for the system / district
    role: Role | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Bar:
    lane: EscalationLevel
    stage: str  # accept, dispatch, handle, verify, district
    start: datetime
    end: datetime  # `now` while running
    running: bool
    yellow_at: datetime | None
    due_at: datetime | None
    light: Light  # at its end, or now while running
    started_by: TimelineEvent
    ended_by: TimelineEvent | None  # None while running

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def overdue_by(self) -> timedelta | None:
        """How far past the deadline it ended (or is now); None when within it or without one."""
        if self.due_at is None or self.end <= self.due_at:
            return None
        return self.end - self.due_at


@dataclass(frozen=True, slots=True)
class Marker:
    lane: EscalationLevel
    at: datetime
    event: TimelineEvent


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    start: datetime
    end: datetime  # the last event of an ended case, else now
    now: datetime
    projection: Projection

    @property
    def running(self) -> Bar | None:
        return self.bars[-1] if self.bars and self.bars[-1].running else None

    @property
    def lanes_used(self) -> tuple[EscalationLevel, ...]:
        return tuple(sorted({b.lane for b in self.bars}))


@dataclass
class _Open:
    lane: EscalationLevel
    stage: str
    start: datetime
    yellow_at: datetime | None
    due_at: datetime | None
    started_by: TimelineEvent


def _stage_of(p: Projection) -> str | None:
    if p.state is CaseState.ESCALATED:
        return DISTRICT_STAGE
    return p.stage


def build_timeline(
    events: Sequence[TimelineEvent], policy: DeadlinePolicy, now: datetime
) -> Timeline:
    """The timeline of a case from its events (oldest first; the first is its report)."""
    if not events or events[0].type is not E.REPORT:
        raise ValueError("a timeline starts with the case's report")
    first = events[0]
    p = initial(first.at, policy)
    bars: list[Bar] = []
    markers: list[Marker] = []
    current: _Open | None = _Open(
        p.escalation_level, "accept", first.at, p.yellow_at, p.due_at, first
    )

    def close(at: datetime, by: TimelineEvent | None) -> None:
        nonlocal current
        if current is None:
            return
        end = at if by is not None else max(at, current.start)
        bars.append(
            Bar(
                lane=current.lane,
                stage=current.stage,
                start=current.start,
                end=end,
                running=by is None,
                yellow_at=current.yellow_at,
                due_at=current.due_at,
                light=light(end, current.yellow_at, current.due_at),
                started_by=current.started_by,
                ended_by=by,
            )
        )
        current = None

    for ev in events[1:]:
        before = p
        p = apply_event(p, FoldEvent(ev.type, ev.at, ev.payload), policy)
        stage = _stage_of(p)
        restarted = (stage, p.stage_started_at) != (_stage_of(before), before.stage_started_at)
        raised = p.escalation_level != before.escalation_level
        if current is not None and (restarted or raised or stage is None):
            close(ev.at, ev)
        elif current is not None and p.due_at != current.due_at:
            current.yellow_at, current.due_at = p.yellow_at, p.due_at  # an extension
        if current is None and stage is not None:
            deadline = (None, None) if stage == DISTRICT_STAGE else (p.yellow_at, p.due_at)
            current = _Open(p.escalation_level, stage, ev.at, *deadline, ev)
        if ev.type in MARKED:
            markers.append(Marker(p.escalation_level, ev.at, ev))
    last = events[-1].at
    end = max(now, last) if current is not None else last
    close(end, None)
    return Timeline(tuple(bars), tuple(markers), first.at, end, now, p)


def as_timeline_events(
    rows: Sequence[Any],
) -> list[TimelineEvent]:
    """TimelineEvents from rows with type, at, payload, actor_name, role and note attributes
    (the store's EventRow)."""
    return [
        TimelineEvent(r.type, r.at, dict(r.payload or {}), r.actor_name, r.role, r.note)
        for r in rows
    ]
