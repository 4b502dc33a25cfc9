"""The reference data the window picks from: people with their roles and grids (sign-in, grid
leaders to dispatch to), departments, leaf categories and current grids. Small (a district has a
few thousand people and grids); loaded once on the read lane and kept as frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine, select

from ..domain.enums import Priority, Role
from ..domain.model import Person
from . import schema as t


@dataclass(frozen=True, slots=True)
class CategoryChoice:
    code: str
    name: str
    kind: str
    parent_name: str | None
    department_code: str | None
    priority: Priority


@dataclass(frozen=True, slots=True)
class GridChoice:
    code: str
    name: str
    level: int
    parent_code: str | None
    leader_code: str | None


@dataclass(frozen=True)
class Directory:
    people: tuple[Person, ...]
    departments: tuple[tuple[str, str], ...]  # (code, name), by code
    categories: tuple[CategoryChoice, ...]  # leaves, by code
    grids: tuple[GridChoice, ...]  # current versions, by code

    @cached_property
    def _people_by_code(self) -> dict[str, Person]:
        return {p.code: p for p in self.people}

    @cached_property
    def _grids_by_code(self) -> dict[str, GridChoice]:
        return {g.code: g for g in self.grids}

    def person(self, code: str) -> Person | None:
        return self._people_by_code.get(code)

    def with_role(self, role: Role) -> list[Person]:
        return [p for p in self.people if role in p.roles]

    def grid(self, code: str) -> GridChoice | None:
        return self._grids_by_code.get(code)

    def grid_leaders_for(self, grid_code: str) -> list[Person]:
        """Grid leaders of this grid or of a grid above it, nearest first (a level-4 case goes
        to its own leader before the level-3 leader)."""
        out: list[Person] = []
        code: str | None = grid_code
        while code:
            out += [
                p
                for p in self.people
                if Role.GRID_LEADER in p.roles and code in p.grids and p not in out
            ]
            grid = self.grid(code)
            code = grid.parent_code if grid else None
        return out

    def department_name(self, code: str) -> str:
        return dict(self.departments).get(code, code)


def default_person(directory: Directory) -> Person | None:
    """Who the window signs in as when nobody is named: the first duty officer by code."""
    officers = directory.with_role(Role.DUTY_OFFICER)
    return officers[0] if officers else (directory.people[0] if directory.people else None)


def load_directory(engine: Engine) -> Directory:
    with engine.connect() as conn:
        roles: dict[str, set[Role]] = {}
        for code, role in conn.execute(select(t.person_roles.c.person_code, t.person_roles.c.role)):
            roles.setdefault(code, set()).add(Role(role))
        grids_of: dict[str, list[str]] = {}
        pg = t.person_grids.c
        for code, grid in conn.execute(
            select(pg.person_code, pg.grid_code).order_by(pg.person_code, pg.grid_code)
        ):
            grids_of.setdefault(code, []).append(grid)
        p = t.people.c
        people = tuple(
            Person(
                code=r.code,
                name=r.name,
                phone=r.phone,
                roles=frozenset(roles.get(r.code, ())),
                grids=tuple(grids_of.get(r.code, ())),
                department=r.department_code,
                sunk_staff=bool(r.sunk_staff),
            )
            for r in conn.execute(select(t.people).order_by(p.code))
        )
        d = t.departments.c
        departments = tuple(
            (r.code, r.name) for r in conn.execute(select(d.code, d.name).order_by(d.code))
        )
        cat = t.categories.c
        names = dict(conn.execute(select(cat.code, cat.name)).all())
        categories = tuple(
            CategoryChoice(
                code=r.code,
                name=r.name,
                kind=r.kind,
                parent_name=names.get(r.parent_code) if r.parent_code else None,
                department_code=r.department_code,
                priority=Priority(r.priority),
            )
            for r in conn.execute(
                select(t.categories).where(cat.time_limit.is_not(None)).order_by(cat.code)
            )
        )
        g = t.grids.c
        grids = tuple(
            GridChoice(r.code, r.name, r.level, r.parent_code, r.leader_code)
            for r in conn.execute(
                select(g.code, g.name, g.level, g.parent_code, g.leader_code)
                .where(g.is_current.is_(True))
                .order_by(g.code)
            )
        )
    return Directory(people, departments, categories, grids)
