"""The escalation wall's rows (SPEC §3): every running escalation of the street — open cases the
supervision has reached (督办) or that went up a level, or sit with the district (已上报) — each
with its timeline, who is responsible and the time left, most urgent first."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, or_, select

from ..domain.calendar import WorkingCalendar
from ..domain.enums import CaseState, EscalationLevel, Role, TimeUnit
from ..domain.lifecycle import EventType
from ..domain.projection import DeadlinePolicy
from ..domain.supervision import Light, light
from ..domain.timeline import Timeline, TimelineEvent, build_timeline
from . import schema as t

OPEN_STATES = (
    CaseState.REPORTED,
    CaseState.ACCEPTED,
    CaseState.DISPATCHED,
    CaseState.HANDLED,
    CaseState.ESCALATED,
)
_CHUNK = 500
_LIGHT_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, Light.NONE: 3}


@dataclass(frozen=True)
class WallRow:
    case_id: int
    case_no: str
    state: CaseState
    grid_code: str
    grid_name: str
    category_name: str
    description: str
    level: EscalationLevel
    supervised: bool
    responsible: str  # the handler, the departments, or the grid's leader
    yellow_at: datetime | None
    due_at: datetime | None
    light: Light
    timeline: Timeline

    def time_left(self, now: datetime) -> timedelta | None:
        """Until the running stage's deadline; negative when overdue, None without one."""
        return self.due_at - now if self.due_at is not None else None


def urgency(row: WallRow, now: datetime) -> tuple[int, float, int, str]:
    """Red first, most overdue first; then yellow and green, least time left first; then the
    cases with the district (no street deadline), longest there first. A higher level first
    within a tie, then the case number."""
    left = row.time_left(now)
    if left is None:
        seconds = -(now - row.timeline.bars[-1].start).total_seconds() if row.timeline.bars else 0
    else:
        seconds = left.total_seconds()
    return (_LIGHT_RANK[row.light], seconds, -int(row.level), row.case_no)


def running_escalations(
    engine: Engine, calendar: WorkingCalendar, now: datetime, grid_prefix: str | None = None
) -> list[WallRow]:
    """The wall, most urgent first (see `urgency`)."""
    c = t.cases.c
    query = (
        select(
            t.cases,
            t.categories.c.name.label("category_name"),
            t.categories.c.time_limit,
            t.categories.c.time_unit,
            t.grids.c.name.label("grid_name"),
            t.grids.c.leader_code,
        )
        .select_from(t.CASES_WITH_NAMES)
        .where(
            c.state.in_([s.value for s in OPEN_STATES]),
            or_(
                c.escalation_level > int(EscalationLevel.GRID),
                c.supervised.is_(True),
                c.state == CaseState.ESCALATED.value,
            ),
        )
    )
    if grid_prefix:
        query = query.where(c.grid_code.startswith(grid_prefix, autoescape=True))
    with engine.connect() as conn:
        cases = conn.execute(query).all()
        ids = [r.id for r in cases]
        events = _events(conn, ids)
        names = dict(conn.execute(select(t.people.c.code, t.people.c.name)).all())
        departments = dict(conn.execute(select(t.departments.c.code, t.departments.c.name)).all())
    rows = []
    for r in cases:
        if r.time_limit is None or not events.get(r.id):
            continue
        policy = DeadlinePolicy(calendar, (float(r.time_limit), TimeUnit(r.time_unit)))
        timeline = build_timeline(
            [
                TimelineEvent(e.type, e.at, e.payload, names.get(e.actor or ""), e.role, e.note)
                for e in events[r.id]
            ],
            policy,
            now,
        )
        running = timeline.running
        yellow = running.yellow_at if running else None
        due = running.due_at if running else None
        rows.append(
            WallRow(
                case_id=r.id,
                case_no=r.case_no,
                state=CaseState(r.state),
                grid_code=r.grid_code,
                grid_name=r.grid_name,
                category_name=r.category_name,
                description=r.description,
                level=EscalationLevel(r.escalation_level),
                supervised=bool(r.supervised),
                responsible=_responsible(r, names, departments),
                yellow_at=yellow,
                due_at=due,
                light=light(now, yellow, due),
                timeline=timeline,
            )
        )
    rows.sort(key=lambda row: urgency(row, now))
    return rows


def _responsible(row: object, names: dict[str, str], departments: dict[str, str]) -> str:
    person = getattr(row, "handler_person_code", None)
    if person:
        return names.get(person, person)
    codes = [d for d in (getattr(row, "handler_departments", "") or "").split(",") if d]
    if codes:
        return "、".join(departments.get(d, d) for d in codes)
    leader = getattr(row, "leader_code", None)
    return names.get(leader, leader) if leader else ""


def _events(conn: object, ids: Iterable[int]) -> dict[int, list[TimelineEvent]]:
    e = t.case_events.c
    out: dict[int, list[TimelineEvent]] = {}
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for r in conn.execute(  # type: ignore[attr-defined]
            select(e.case_id, e.type, e.at, e.payload, e.actor_code, e.role, e.note)
            .where(e.case_id.in_(chunk))
            .order_by(e.case_id, e.id)
        ):
            out.setdefault(r.case_id, []).append(
                TimelineEvent(
                    EventType(r.type),
                    r.at,
                    json.loads(r.payload) if r.payload else {},
                    r.actor_code,  # a code here; running_escalations puts the name in
                    Role(r.role),
                    r.note,
                )
            )
    return out
