"""The rectification ledger's rows (整改台账): the cases of a grid's subtree, a period (by the
time the problem was found), categories and states, each with what the ledger shows — the
responsible grid leader (the case's grid's leader, else the nearest ancestor's), the responsible
unit (the departments dispatched to, else the community), the measures (the last 处置 note), the
deadline, the state and what else the clerk notes (rework, extensions, supervision, escalation).
Read in a few queries whatever the number of cases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, func, select

from ..domain.enums import CaseState, EscalationLevel, HandlerKind, Source
from ..domain.errors import NotFound
from ..domain.lifecycle import EventType
from . import schema as t

# Events the platform did not take stay in the history but are not what happened.
_NOT_HAPPENED = ("conflict", "rejected", "dismissed")


@dataclass(frozen=True, slots=True)
class LedgerQuery:
    grid: str | None = None  # a grid's code: its whole subtree
    date_from: date | None = None  # found on or after
    date_to: date | None = None  # found on or before (the whole day)
    categories: frozenset[str] = field(default_factory=frozenset)
    states: frozenset[CaseState] = field(default_factory=frozenset)


# What the ledger lists unless asked otherwise: the problems accepted (not 待受理, 不予受理 or
# 已作废: those were never problems to rectify) — window and `ledger export` alike.
ACCEPTED_PROBLEMS = frozenset(CaseState) - {
    CaseState.REPORTED,
    CaseState.REJECTED,
    CaseState.VOIDED,
}
# 未办结: accepted and not yet closed (挂账 included: parked, not done).
UNFINISHED = ACCEPTED_PROBLEMS - {CaseState.CLOSED}


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    case_id: int
    case_no: str
    description: str
    address: str
    grid_code: str
    grid_name: str
    category_code: str
    category_name: str
    source: Source
    found_at: datetime
    grid_leader: str
    unit: str
    measures: str
    due_at: datetime | None
    state: CaseState
    closed_at: datetime | None
    remark: str


@dataclass(frozen=True, slots=True)
class LedgerGrid:
    code: str
    name: str
    level: int
    parent: str | None
    leader: str | None  # a person's code


def ledger_records(engine: Engine, query: LedgerQuery) -> list[LedgerRecord]:
    """The ledger's cases in the order found (then case number)."""
    c = t.cases.c
    conditions = []
    if query.grid:
        # '~' sorts after every character grid codes use: the range is the subtree.
        conditions += [c.grid_code >= query.grid, c.grid_code < query.grid + "~"]
    if query.date_from is not None:
        conditions.append(c.reported_at >= datetime.combine(query.date_from, time()))
    if query.date_to is not None:
        conditions.append(c.reported_at < datetime.combine(query.date_to + timedelta(1), time()))
    if query.categories:
        conditions.append(c.category_code.in_(sorted(query.categories)))
    if query.states:
        conditions.append(c.state.in_(sorted(s.value for s in query.states)))
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.cases).where(*conditions).order_by(c.reported_at, c.case_no)
        ).all()
        grids = current_grids(conn)
        people = dict(conn.execute(select(t.people.c.code, t.people.c.name)).all())
        departments = dict(conn.execute(select(t.departments.c.code, t.departments.c.name)).all())
        categories = dict(conn.execute(select(t.categories.c.code, t.categories.c.name)).all())
        measures = _last_notes(conn, [r.id for r in rows], EventType.HANDLE)
        typed = _typed(conn, select(c.id).where(*conditions))
    out = []
    for r in rows:
        grid = grids.get(r.grid_code)
        record = LedgerRecord(
            case_id=r.id,
            case_no=r.case_no,
            description=r.description,
            address=r.address,
            grid_code=r.grid_code,
            grid_name=grid.name if grid else r.grid_code,
            category_code=r.category_code,
            category_name=categories.get(r.category_code, r.category_code),
            source=Source(r.source),
            found_at=r.reported_at,
            grid_leader=_leader(grids, r.grid_code, people),
            unit=_unit(r, grids, departments),
            measures=measures.get(r.id, ""),
            due_at=r.due_at or r.handle_due_at,
            state=CaseState(r.state),
            closed_at=r.closed_at,
            remark=_remark(r),
        )
        entry = typed.get(r.id)
        if entry is not None and entry.case_updated_at == r.updated_at:
            # Imported from a clerk's Excel ledger and not moved on since: what he typed.
            record = replace(
                record,
                grid_leader=entry.grid_leader,
                unit=entry.unit,
                measures=entry.measures,
                due_at=entry.due_at,
                remark=entry.remark,
            )
        out.append(record)
    return out


def _typed(conn: Connection, case_ids: Select[Any]) -> dict[int, Row[Any]]:
    """case id -> what the clerk typed in the ledger the case was imported from (for the
    cases of `case_ids`, the ledger's own filter)."""
    e = t.ledger_entries
    rows = conn.execute(select(e).where(e.c.case_id.in_(case_ids))).all()
    return {r.case_id: r for r in rows}


def current_grids(conn: Connection) -> dict[str, LedgerGrid]:
    """code -> the current grid (the ledger's and the import's view of the tree)."""
    g = t.grids.c
    rows = conn.execute(
        select(g.code, g.name, g.level, g.parent_code, g.leader_code).where(g.is_current)
    ).all()
    return {r.code: LedgerGrid(r.code, r.name, r.level, r.parent_code, r.leader_code) for r in rows}


def ancestors(grids: Mapping[str, LedgerGrid], code: str | None) -> Iterable[LedgerGrid]:
    """The grid and its parents up to the street (a cycle stops it)."""
    seen: set[str] = set()
    while code and code in grids and code not in seen:
        seen.add(code)
        grid = grids[code]
        yield grid
        code = grid.parent


def leader_code(grids: Mapping[str, LedgerGrid], code: str) -> str | None:
    """The responsible grid leader: the grid's own, else the nearest ancestor's."""
    return next((g.leader for g in ancestors(grids, code) if g.leader), None)


def _leader(grids: Mapping[str, LedgerGrid], code: str, people: Mapping[str, str]) -> str:
    leader = leader_code(grids, code)
    return people.get(leader, leader) if leader else ""


def _unit(r: Row[Any], grids: Mapping[str, LedgerGrid], departments: Mapping[str, str]) -> str:
    codes = [d for d in (r.handler_departments or "").split(",") if d]
    if codes and r.handler_kind in (HandlerKind.DEPARTMENT.value, HandlerKind.JOINT.value):
        return "、".join(departments.get(d, d) for d in codes)
    # Handled within the grids: the community (level 2) answers for it.
    community = next((g for g in ancestors(grids, r.grid_code) if g.level == 2), None)
    return community.name if community else ""


def _remark(r: Row[Any]) -> str:
    parts = []
    due = r.due_at or r.handle_due_at
    if r.closed_at is not None and due is not None and r.closed_at > due:
        parts.append(f"超期办结（{late_by(r.closed_at - due)}）")
    if r.rework_count:
        parts.append(f"返工{r.rework_count}次")
    if r.extension_count:
        parts.append(f"延期{r.extension_count}次")
    if r.supervised:
        parts.append("已督办")
    if r.escalation_level and r.escalation_level > EscalationLevel.GRID:
        parts.append(f"升级至{EscalationLevel(r.escalation_level).label}")
    if r.duplicate_of:
        parts.append(f"重复：{r.duplicate_of}")
    return "；".join(parts)


def late_by(delta: timedelta) -> str:
    """How late, as a clerk writes it: 超3天2小时, 超5小时, 超40分钟."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"超{days}天{hours}小时" if hours else f"超{days}天"
    if hours:
        return f"超{hours}小时"
    return f"超{max(minutes, 1)}分钟"


def _last_notes(conn: Connection, case_ids: list[int], event: EventType) -> dict[int, str]:
    """case id -> the note of its last event of this type (that happened)."""
    e = t.case_events.c
    last = (
        select(func.max(e.id).label("id"))
        .where(e.type == event.value, e.status.not_in(_NOT_HAPPENED))
        .group_by(e.case_id)
        .subquery()
    )
    out: dict[int, str] = {}
    wanted = set(case_ids)
    rows = conn.execute(select(e.case_id, e.note).join(last, last.c.id == e.id)).all()
    for case_id, note in rows:
        if case_id in wanted:
            out[case_id] = note or ""
    return out


@dataclass(frozen=True, slots=True)
class LedgerPlace:
    street: str  # the street office's name
    grid: str | None  # the chosen grid's name (None: the whole street)


def street_name(conn: Connection, grids: Mapping[str, LedgerGrid]) -> str:
    """The street office's name: as the settings keep it, else the one level-1 grid's."""
    name = conn.scalar(select(t.settings.c.value).where(t.settings.c.key == "street_name"))
    if name:
        return str(name)
    tops = [g.name for g in grids.values() if g.level == 1]
    return tops[0] if len(tops) == 1 else ""


def ledger_place(engine: Engine, grid: str | None) -> LedgerPlace:
    """The names the title shows; an unknown grid code is refused, naming it."""
    with engine.connect() as conn:
        grids = current_grids(conn)
        street = street_name(conn, grids)
    if grid is None:
        return LedgerPlace(street, None)
    if grid not in grids:
        raise NotFound(f"no grid with the code {grid!r}", grid=grid)
    found = grids[grid]
    return LedgerPlace(street or found.name, None if found.level == 1 else found.name)


def category_subtree(engine: Engine, codes: Iterable[str]) -> frozenset[str]:
    """The categories and every one under them; an unknown code is refused, naming it."""
    with engine.connect() as conn:
        parents = dict(conn.execute(select(t.categories.c.code, t.categories.c.parent_code)).all())
    wanted = set(codes)
    unknown = sorted(wanted - parents.keys())
    if unknown:
        raise NotFound(f"no category with the code {unknown[0]!r}", category=unknown[0])
    out = set()
    for code in parents:
        seen, at = set(), code
        while at is not None and at not in seen:
            if at in wanted:
                out.add(code)
                break
            seen.add(at)
            at = parents.get(at)
    return frozenset(out)
