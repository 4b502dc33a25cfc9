"""Repositories: queries returning domain objects or plain frozen values, never rows or ORM
objects. Each takes an Engine and opens its own short connection per call."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select

from ..domain.enums import CaseState
from ..domain.model import Grid
from . import schema as t


def _to_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class SettingsRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def all(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.settings.c.key, t.settings.c.value)).all()
        return {key: value for key, value in rows}


class GridRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def current(self, *, with_geometry: bool = True) -> list[Grid]:
        """The current version of every grid, sorted by code."""
        g = t.grids
        cols = [g.c.id, g.c.code, g.c.name, g.c.level, g.c.parent_code, g.c.leader_code]
        cols.append(g.c.version)
        if with_geometry:
            cols.append(g.c.geometry)
        query = select(*cols).where(g.c.is_current.is_(True)).order_by(g.c.code)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            Grid(
                id=r.id,
                code=r.code,
                name=r.name,
                level=r.level,
                parent=r.parent_code,
                leader=r.leader_code,
                version=r.version,
                geometry=json.loads(r.geometry) if with_geometry and r.geometry else None,
            )
            for r in rows
        ]

    def count_by_level(self) -> dict[int, int]:
        g = t.grids
        query = select(g.c.level, func.count()).where(g.c.is_current.is_(True)).group_by(g.c.level)
        with self.engine.connect() as conn:
            return {int(level): int(n) for level, n in conn.execute(query).all()}


@dataclass(frozen=True, slots=True)
class DatabaseSummary:
    cases_by_state: dict[str, int]
    departments: int
    events: int
    first_reported: datetime | None
    last_reported: datetime | None
    grids_by_level: dict[int, int]
    people: int


class CaseRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def count_by_state(self, grid_prefix: str | None = None) -> dict[CaseState, int]:
        c = t.cases
        query = select(c.c.state, func.count()).group_by(c.c.state)
        if grid_prefix:
            query = query.where(c.c.grid_code >= grid_prefix, c.c.grid_code < grid_prefix + "~")
        with self.engine.connect() as conn:
            found = {CaseState(s): int(n) for s, n in conn.execute(query).all()}
        return {state: found.get(state, 0) for state in CaseState}


def summarize(engine: Engine) -> DatabaseSummary:
    """What `commandcenter info` prints: counts that do not depend on the clock."""
    count = func.count()
    with engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(t.cases.c.reported_at), func.max(t.cases.c.reported_at))
        ).one()
        events = conn.scalar(select(count).select_from(t.case_events)) or 0
        departments = conn.scalar(select(count).select_from(t.departments)) or 0
        people = conn.scalar(select(count).select_from(t.people)) or 0
    by_state = CaseRepository(engine).count_by_state()
    return DatabaseSummary(
        cases_by_state={s.value: n for s, n in by_state.items()},
        departments=int(departments),
        events=int(events),
        first_reported=_to_datetime(first),
        last_reported=_to_datetime(last),
        grids_by_level=GridRepository(engine).count_by_level(),
        people=int(people),
    )
