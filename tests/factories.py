"""A small hand-built street for engine tests: the shipped taxonomy, one street with two
communities and their blocks, and one person per role."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from shapely.geometry import box, mapping

from commandcenter import defaults
from commandcenter.domain.enums import Role
from commandcenter.store import schema as t
from commandcenter.store.bulk import BulkInserter
from commandcenter.store.database import Database, open_database

STREET = "410171001"
BLOCKS = ("410171001001001", "410171001001002", "410171001002001")
PEOPLE = {
    "duty": Role.DUTY_OFFICER,
    "shift": Role.SHIFT_LEADER,
    "inspector": Role.INSPECTOR,
    "leader1": Role.GRID_LEADER,
    "leader2": Role.GRID_LEADER,
    "member": Role.GRID_MEMBER,
    "liaison": Role.DEPARTMENT_LIAISON,
    "viewer": Role.VIEWER,
}


def small_street(path: Path) -> Database:
    db = open_database(path)
    tax = defaults.taxonomy()
    with db.engine.begin() as conn:
        bulk = BulkInserter(conn)
        bulk.insert(t.departments, ("code", "name"), [(d.code, d.name) for d in tax.departments])
        bulk.insert(
            t.categories,
            [c.name for c in t.categories.columns],
            [
                (
                    c.code, c.name, c.kind.value, c.parent, c.time_limit,
                    c.time_unit.value if c.time_unit else None, c.department,
                    c.priority.value, c.closing_condition, tax.version,
                )
                for c in tax.categories
            ],
        )  # fmt: skip
        grids = [(STREET, "商都路办事处", 1, None, box(113.70, 34.74, 113.76, 34.78))]
        grids += [
            (STREET + "001", "东瑞园社区", 2, STREET, box(113.70, 34.74, 113.73, 34.78)),
            (STREET + "002", "南岗社区", 2, STREET, box(113.73, 34.74, 113.76, 34.78)),
            (BLOCKS[0], "东瑞园一区", 3, STREET + "001", box(113.70, 34.74, 113.73, 34.76)),
            (BLOCKS[1], "东瑞园二区", 3, STREET + "001", box(113.70, 34.76, 113.73, 34.78)),
            (BLOCKS[2], "南岗一区", 3, STREET + "002", box(113.73, 34.74, 113.76, 34.78)),
        ]
        columns = "code version name level parent_code leader_code geometry is_current valid_from"
        bulk.insert(
            t.grids,
            columns.split(),
            [
                (code, 1, name, level, parent, "leader1" if level == 3 else None,
                 json.dumps(mapping(geom)), True, bulk.ts(datetime(2026, 1, 1)))
                for code, name, level, parent, geom in grids
            ],
        )  # fmt: skip
        bulk.insert(
            t.people,
            ("code", "name", "phone", "department_code", "sunk_staff"),
            [
                (code, code, "13800000000", "CGZF" if role is Role.DEPARTMENT_LIAISON else None, 0)
                for code, role in PEOPLE.items()
            ],
        )
        bulk.insert(
            t.person_roles, ("person_code", "role"), [(c, r.value) for c, r in PEOPLE.items()]
        )
        bulk.insert(
            t.settings,
            ("key", "value"),
            [("street_code", STREET), ("street_name", "商都路办事处")],
        )
    return db


def attach_report_photos(path: Path, now: datetime, count: int = 3) -> list[str]:
    """Gives `count` open urgent or high-priority cases reported before `now` and without
    photos the street's first photo on their report: cases the review meeting must show with a
    photo (a tenth of the seeded cases have photos, so a week's selection may have none).
    Returns their case numbers."""
    from sqlalchemy import insert, select

    from commandcenter.domain.transitions import OPEN_STATES

    db = open_database(path, create=False)
    try:
        with db.engine.begin() as conn:
            a, e, c = t.attachments.c, t.case_events.c, t.cases.c
            sha, mime, size = conn.execute(select(a.sha256, a.mime, a.size).limit(1)).one()
            with_photos = select(e.case_id).join(t.attachments, a.event_id == e.id)
            rows = conn.execute(
                select(c.id, c.case_no)
                .where(
                    c.state.in_([s.value for s in OPEN_STATES]),
                    c.priority.in_(("urgent", "high")),
                    c.reported_at < now,
                    c.id.not_in(with_photos),
                )
                .order_by(c.case_no)
                .limit(count)
            ).all()
            for case_id, _ in rows:
                report = conn.scalar(
                    select(e.id).where(e.case_id == case_id, e.type == "report").limit(1)
                )
                conn.execute(
                    insert(t.attachments).values(sha256=sha, event_id=report, mime=mime, size=size)
                )
    finally:
        db.dispose()
    assert len(rows) == count, "the street has open important cases without photos"
    return [no for _, no in rows]
