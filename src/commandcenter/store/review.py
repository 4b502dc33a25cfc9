"""What the Thursday review meeting and the weekly supervision notice read: the level-2 grids'
figures (the very rows of `commandcenter stats --by grid2`), twelve weeks of intake against
closed, the open cases the meeting goes through (overdue, or urgent/high priority) with their
photos and responsible grid leader, and the week's overdue and reworked cases. No Qt."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, case, func, or_, select
from sqlalchemy.sql import ColumnElement

from ..domain.clock import office_now
from ..domain.enums import CaseState, Priority
from ..domain.indicators import Weights
from ..domain.lifecycle import EventType
from ..domain.periods import Period, week_period
from ..domain.review import NoticeCase, Person, ReviewCase, ReviewData, WeekCount
from ..domain.supervision import SUPERVISABLE
from ..domain.transitions import OPEN_STATES
from . import schema as t
from .indicators import (
    DUE_FOR_HANDLING,
    IndicatorRepository,
    not_handled_by_deadline,
    stats_tables,
)
from .ledger import LedgerGrid, ancestors, current_grids, leader_code, street_name

TREND_WEEKS = 12
IMPORTANT = (Priority.URGENT.value, Priority.HIGH.value)
PHOTOS_PER_CASE = 3
c = t.cases.c


def asof_of(period: Period, now: datetime | None) -> datetime:
    return min(period.end, now or office_now())


def review_data(
    engine: Engine, period: Period, weights: Weights, now: datetime | None = None
) -> ReviewData:
    """Everything the review view, the presenter and the pack show (a worker's call)."""
    now = now or office_now()
    asof = asof_of(period, now)
    table = stats_tables(engine, "grid2", [period], weights, now)[0]
    with engine.connect() as conn:
        grids = current_grids(conn)
        people = _people(conn)
        street = street_name(conn, grids)
        cases = _review_cases(conn, asof, asof >= now, grids, people)
    leaders = {row["code"]: _person(people, leader_code(grids, row["code"])) for row in table.rows}
    return ReviewData(
        street=street,
        period=period,
        asof=asof,
        rows=tuple(table.rows),
        total=table.total,
        weeks=tuple(weekly_counts(engine, period, now=now)),
        leaders=leaders,
        cases=tuple(cases),
    )


def weekly_counts(
    engine: Engine,
    period: Period,
    weeks: int = TREND_WEEKS,
    by: str | None = None,
    now: datetime | None = None,
) -> list[WeekCount]:
    """New (reported) and closed per week, the last one the period's week, as `stats` counts
    them (`new`, `closed_in_period`)."""
    repo = IndicatorRepository(engine)
    out = []
    first = period.start.date() - timedelta(days=7 * (weeks - 1))
    for i in range(weeks):
        week = week_period(first + timedelta(days=7 * i))
        fig = repo.figures(by, week, now).get("")
        counts = fig.counts if fig else {}
        out.append(
            WeekCount(
                week.label, week.start, counts.get("new", 0), counts.get("closed_in_period", 0)
            )
        )
    return out


def _people(conn: Connection) -> dict[str, Person]:
    p = t.people.c
    return {
        r.code: Person(r.code, r.name, r.phone)
        for r in conn.execute(select(p.code, p.name, p.phone))
    }


def _person(people: Mapping[str, Person], code: str | None) -> Person | None:
    if code is None:
        return None
    return people.get(code, Person(code, code, ""))


def grid2_of(grids: Mapping[str, LedgerGrid], code: str) -> LedgerGrid | None:
    return next((g for g in ancestors(grids, code) if g.level == 2), None)


def _places(grids: Mapping[str, LedgerGrid], code: str) -> tuple[str, str, str]:
    """(level-2 grid code, its name, the grid's own name); a grid gone from the tree stands
    for itself."""
    own = grids[code].name if code in grids else code
    top = grid2_of(grids, code)
    return (top.code, top.name, own) if top else (code, own, own)


def _review_cases(
    conn: Connection,
    asof: datetime,
    live: bool,
    grids: Mapping[str, LedgerGrid],
    people: Mapping[str, Person],
) -> list[ReviewCase]:
    """The open cases at `asof` that are overdue or important. `live` (the week still runs,
    `asof` is now): the cases as they stand. A finished week is judged from the times the cases
    keep: open if reported before its end and neither closed nor ended before it; overdue if the
    stage running since before the end was due before it, or the handling deadline passed
    without a handling report by then."""
    supervisable = c.state.in_([s.value for s in SUPERVISABLE])
    stage_late = and_(supervisable, c.stage_started_at < asof, c.due_at < asof)
    handling_late = and_(
        c.dispatched_at < asof,
        c.handle_due_at < asof,
        or_(c.first_handled_at.is_(None), c.first_handled_at >= asof),
    )
    open_then: ColumnElement[bool]
    late: ColumnElement[bool]
    if live:
        open_then = c.state.in_([s.value for s in OPEN_STATES])
        late = and_(supervisable, c.due_at < asof)
    else:
        open_then = and_(
            or_(c.closed_at.is_(None), c.closed_at >= asof),
            or_(c.ended_at.is_(None), c.ended_at >= asof),
        )
        late = or_(stage_late, handling_late)
    rows = conn.execute(
        select(
            c.id,
            c.case_no,
            c.description,
            c.address,
            c.grid_code,
            c.priority,
            c.state,
            c.reported_at,
            c.due_at,
            case((late, 1), else_=0).label("late"),
            case((stage_late, c.due_at), else_=c.handle_due_at).label("deadline"),
            t.categories.c.name.label("category"),
        )
        .select_from(t.cases.join(t.categories, t.categories.c.code == c.category_code))
        .where(c.reported_at < asof, open_then, or_(late, c.priority.in_(IMPORTANT)))
    ).all()
    photos = _photos(conn, [r.id for r in rows])
    out = []
    for r in rows:
        grid2_code, grid2_name, grid_name = _places(grids, r.grid_code)
        deadline = r.due_at if live else (r.deadline or r.due_at)
        hours = None
        if r.late and deadline is not None and deadline < asof:
            hours = (asof - deadline).total_seconds() / 3600
        out.append(
            ReviewCase(
                case_id=r.id,
                case_no=r.case_no,
                description=r.description,
                address=r.address,
                grid2_code=grid2_code,
                grid2_name=grid2_name,
                grid_name=grid_name,
                category=r.category,
                priority=Priority(r.priority),
                state=CaseState(r.state),
                reported_at=r.reported_at,
                due_at=deadline,
                overdue_hours=hours,
                leader=_person(people, leader_code(grids, r.grid_code)),
                photos=photos.get(r.id, ()),
            )
        )
    order = {p.value: i for i, p in enumerate(Priority)}
    out.sort(
        key=lambda k: (
            k.grid2_code,
            k.overdue_hours is None,
            -(k.overdue_hours or 0),
            order[k.priority.value],
            k.case_no,
        )
    )
    return out


def _photos(conn: Connection, case_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The first photos of each case's history (the problem as reported), a few per case."""
    out: dict[int, list[str]] = {}
    e, a = t.case_events.c, t.attachments.c
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        rows = conn.execute(
            select(e.case_id, a.sha256)
            .select_from(t.attachments.join(t.case_events, e.id == a.event_id))
            .where(e.case_id.in_(chunk), a.mime.like("image/%"))
            .order_by(e.case_id, e.at, e.id, a.sha256)
        ).all()
        for case_id, sha in rows:
            got = out.setdefault(case_id, [])
            if len(got) < PHOTOS_PER_CASE and sha not in got:
                got.append(sha)
    return {k: tuple(v) for k, v in out.items()}


def notice_cases(
    engine: Engine, period: Period, now: datetime | None = None
) -> tuple[list[NoticeCase], dict[str, Person | None], str]:
    """The week's overdue cases (handling deadline in the week, not handled by it, the deadline
    passed: §I6 `overdue`, the cases `stats` counts) and the cases sent back for rework in the
    week; the level-2 grids' leaders; the street's name."""
    asof = asof_of(period, now)
    start, end = period.start, period.end
    handle_due = c.handle_due_at
    overdue = and_(
        handle_due >= start,
        handle_due < end,
        DUE_FOR_HANDLING,
        not_handled_by_deadline(asof),
    )
    e = t.case_events.c
    reworks = (
        select(e.case_id.label("case_id"), func.count().label("n"))
        .where(e.type == EventType.REWORK.value, e.at >= start, e.at < min(end, asof))
        .group_by(e.case_id)
        .subquery()
    )
    with engine.connect() as conn:
        grids = current_grids(conn)
        people = _people(conn)
        street = street_name(conn, grids)
        rows = conn.execute(
            select(
                c.id,
                c.case_no,
                c.description,
                c.grid_code,
                c.state,
                handle_due.label("due"),
                c.first_handled_at,
                t.categories.c.name.label("category"),
                reworks.c.n,
                case((overdue, 1), else_=0).label("is_overdue"),
            )
            .select_from(
                t.cases.join(t.categories, t.categories.c.code == c.category_code).outerjoin(
                    reworks, reworks.c.case_id == c.id
                )
            )
            .where(or_(overdue, reworks.c.n.is_not(None)))
        ).all()
    out = []
    for r in rows:
        grid2_code, _, grid_name = _places(grids, r.grid_code)
        out.append(
            NoticeCase(
                case_id=r.id,
                case_no=r.case_no,
                description=r.description,
                grid2_code=grid2_code,
                grid_name=grid_name,
                category=r.category,
                state=CaseState(r.state),
                due_at=r.due,
                handled_at=r.first_handled_at,
                reworks=int(r.n or 0),
                overdue=bool(r.is_overdue),
                leader=_person(people, leader_code(grids, r.grid_code)),
            )
        )
    out.sort(key=lambda k: (k.grid2_code, k.due_at or datetime.max, k.case_no))
    leaders = {
        g.code: _person(people, leader_code(grids, g.code)) for g in grids.values() if g.level == 2
    }
    return out, leaders, street
