"""The reference data a page of the platform's feed brings (departments, categories, grids,
people), written over the local copies: the platform owns them. A grid's newest version is the
current one; a person's roles and grids are replaced whole."""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, insert, select, update

from . import schema as t
from .pulled_page import PulledPage
from .writes import upsert


def write_reference(conn: Connection, page: PulledPage) -> int:
    """Upserts the page's departments, categories, grids and people; returns how many it held.
    A department the database does not know is left off a category or a person."""
    _departments(conn, page)
    _categories(conn, page)
    _grids(conn, page)
    # After the grids: a person leads the grids whose current version names him.
    _people(conn, page)
    return len(page.departments) + len(page.categories) + len(page.grids) + len(page.people)


def _departments(conn: Connection, page: PulledPage) -> None:
    for code, name in page.departments:
        upsert(conn, t.departments, {"code": code}, {"name": name})


def _categories(conn: Connection, page: PulledPage) -> None:
    known_departments = set(conn.execute(select(t.departments.c.code)).scalars())
    for c in page.categories:
        dept = c["department"] if c["department"] in known_departments else None
        upsert(
            conn,
            t.categories,
            {"code": c["code"]},
            {
                "name": c["name"],
                "kind": c["kind"],
                "parent_code": c["parent"],
                "time_limit": c["time_limit"],
                "time_unit": c["time_unit"],
                "department_code": dept,
                "priority": c["priority"],
                "closing_condition": "",
                "taxonomy_version": "district",
            },
        )


def _grids(conn: Connection, page: PulledPage) -> None:
    for g in page.grids:
        existing = conn.execute(
            select(t.grids.c.id).where(
                t.grids.c.code == g["code"], t.grids.c.version == g["version"]
            )
        ).scalar()
        values = {
            "name": g["name"],
            "level": g["level"],
            "parent_code": g["parent"],
            "leader_code": g["leader"],
            "geometry": g["geometry"],
        }
        newest = conn.scalar(select(func.max(t.grids.c.version)).where(t.grids.c.code == g["code"]))
        current = newest is None or g["version"] >= newest
        if current:
            conn.execute(
                update(t.grids)
                .where(t.grids.c.code == g["code"], t.grids.c.version != g["version"])
                .values(is_current=False)
            )
        if existing is None:
            conn.execute(
                insert(t.grids).values(
                    code=g["code"], version=g["version"], is_current=current, **values
                )
            )
        else:
            conn.execute(
                update(t.grids).where(t.grids.c.id == existing).values(is_current=current, **values)
            )


def _people(conn: Connection, page: PulledPage) -> None:
    known_departments = set(conn.execute(select(t.departments.c.code)).scalars())
    for p in page.people:
        dept = p["department"] if p["department"] in known_departments else None
        upsert(
            conn,
            t.people,
            {"code": p["code"]},
            {
                "name": p["name"],
                "phone": p["phone"],
                "department_code": dept,
                "sunk_staff": False,
            },
        )
        conn.execute(delete(t.person_roles).where(t.person_roles.c.person_code == p["code"]))
        if p["roles"]:
            conn.execute(
                insert(t.person_roles),
                [{"person_code": p["code"], "role": r} for r in sorted(set(p["roles"]))],
            )
        conn.execute(delete(t.person_grids).where(t.person_grids.c.person_code == p["code"]))
        grids = sorted(set(p["grids"]))
        if grids:
            leaders = dict(
                conn.execute(
                    select(t.grids.c.code, t.grids.c.leader_code).where(
                        t.grids.c.code.in_(grids), t.grids.c.is_current.is_(True)
                    )
                ).all()
            )
            conn.execute(
                insert(t.person_grids),
                [
                    {
                        "person_code": p["code"],
                        "grid_code": code,
                        "duty": "leader" if leaders.get(code) == p["code"] else "member",
                    }
                    for code in grids
                ],
            )
