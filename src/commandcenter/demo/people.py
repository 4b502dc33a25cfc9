"""The staff of a demo street office: desk officers, inspectors, department liaisons, and a leader
for every grid with deputies and members below (SPEC §1: about 300 people for 商都路)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..domain.enums import Role
from ..domain.model import Department, Person
from . import names

DESK_ROLES: tuple[tuple[Role, int], ...] = (
    (Role.SHIFT_LEADER, 3),
    (Role.DUTY_OFFICER, 6),
    (Role.INSPECTOR, 4),
    (Role.ADMIN, 1),
    (Role.VIEWER, 3),
)


@dataclass
class StreetStaff:
    people: list[Person] = field(default_factory=list)
    # (person, grid code, duty) with duty leader / deputy / member
    assignments: list[tuple[str, str, str]] = field(default_factory=list)
    leaders: dict[str, str] = field(default_factory=dict)  # grid code -> leader code
    members: dict[str, list[str]] = field(default_factory=dict)  # grid code -> members
    liaisons: dict[str, str] = field(default_factory=dict)  # department -> person

    def with_role(self, role: Role) -> list[str]:
        return [p.code for p in self.people if role in p.roles]


@dataclass(frozen=True, slots=True)
class GridRef:
    code: str
    level: int
    parent: str | None


def build_staff(
    slug: str,
    grids: Sequence[GridRef],
    departments: Sequence[Department],
    rng: random.Random,
    name_source: Iterator[str],
) -> StreetStaff:
    staff = StreetStaff()
    counter = 0

    def add(roles: set[Role], *, dept: str | None = None, sunk: bool = False) -> str:
        nonlocal counter
        counter += 1
        code = f"{slug}-{counter:04d}"
        staff.people.append(
            Person(
                code=code,
                name=next(name_source),
                phone=names.phone(rng),
                roles=frozenset(roles),
                department=dept,
                sunk_staff=sunk,
            )
        )
        return code

    for role, count in DESK_ROLES:
        for _ in range(count):
            add({role})
    for dept in departments:
        staff.liaisons[dept.code] = add({Role.DEPARTMENT_LIAISON}, dept=dept.code)

    children: dict[str, int] = {}
    for g in grids:
        if g.parent is not None:
            children[g.parent] = children.get(g.parent, 0) + 1
    for g in sorted(grids, key=lambda g: (g.level, g.code)):
        if g.level == 1:
            continue
        # Street staff sink into level-2 and level-3 grids as leaders (下沉人员).
        leader = add({Role.GRID_LEADER}, sunk=g.level <= 3 and rng.random() < 0.6)
        staff.leaders[g.code] = leader
        staff.assignments.append((leader, g.code, "leader"))
        if g.level == 2:
            deputy = add({Role.GRID_LEADER})
            staff.assignments.append((deputy, g.code, "deputy"))
        is_leaf = children.get(g.code, 0) == 0
        if is_leaf:
            members = [add({Role.GRID_MEMBER}) for _ in range(2 + (rng.random() < 0.3))]
            staff.members[g.code] = members
            staff.assignments.extend((m, g.code, "member") for m in members)
    return staff
