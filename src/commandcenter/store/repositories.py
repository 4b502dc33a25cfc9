"""Repositories: queries returning domain objects or plain frozen values, never rows or ORM
objects. Each takes an Engine and opens its own short connection per call."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, insert, select, update

from ..domain.enums import CaseState
from ..domain.errors import DomainError
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

    def unknown_people(self, codes: Iterable[str]) -> list[str]:
        """The codes among `codes` that are no person's (for grid leaders), sorted."""
        wanted = sorted(set(codes))
        known: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                query = select(t.people.c.code).where(t.people.c.code.in_(chunk))
                known.update(conn.execute(query).scalars())
        return [code for code in wanted if code not in known]

    def save_versions(
        self, added: Sequence[Grid], changed: Sequence[Grid], valid_from: datetime
    ) -> None:
        """In one transaction: each `changed` grid (carrying the id of the current row it
        replaces) becomes a new current version of its code and the row it replaces stops being
        current; each `added` grid becomes version 1 of a new code. Cases keep pointing at the
        rows they were filed in. Raises GridsChangedMeanwhile, writing nothing, when a replaced
        row is no longer current or an added code has appeared since they were read."""
        g = t.grids
        with self.engine.begin() as conn:
            for grid in changed:
                done = conn.execute(
                    update(g).where(g.c.id == grid.id, g.c.is_current.is_(True)),
                    {"is_current": False},
                )
                if done.rowcount != 1:
                    raise GridsChangedMeanwhile(grid.code)
            for grid in added:
                current = select(g.c.id).where(g.c.code == grid.code, g.c.is_current.is_(True))
                if conn.execute(current).first() is not None:
                    raise GridsChangedMeanwhile(grid.code)
            for grid in (*changed, *added):
                _insert_version(conn, grid, valid_from)


class GridsChangedMeanwhile(DomainError):
    code = "grids_changed_meanwhile"

    def __init__(self, grid_code: str) -> None:
        super().__init__(
            f"grid {grid_code} was changed by someone else meanwhile; nothing was written, "
            "run it again",
            grid=grid_code,
        )


def _insert_version(conn: Connection, grid: Grid, valid_from: datetime) -> None:
    g = t.grids
    last = conn.scalar(select(func.max(g.c.version)).where(g.c.code == grid.code))
    geometry = json.dumps(grid.geometry, separators=(",", ":")) if grid.geometry else None
    conn.execute(
        insert(g).values(
            code=grid.code,
            version=(last or 0) + 1,
            name=grid.name,
            level=grid.level,
            parent_code=grid.parent,
            leader_code=grid.leader,
            geometry=geometry,
            is_current=True,
            valid_from=valid_from,
        )
    )


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
