"""`commandcenter-platform --seed-demo`: an empty platform filled with the demo district of the
case generator ([1/10]; 商都路 among its streets) and demo accounts. The generator writes a
client database in a temporary directory; its grids, people, taxonomy, cases, events and photos
are copied in one transaction, with the change feed a client pulls them from."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select

from ..demo.seeder import SeedOptions
from ..demo.seeder import seed as seed_client
from ..demo.streets import DISTRICT_CODE, DISTRICT_NAME, STREETS
from ..domain.calendar import WorkingCalendar
from ..domain.enums import Role
from ..domain.model import Taxonomy
from ..store import schema as c
from ..store.case_commands import projection_from_row
from ..store.database import open_database
from . import schema as t
from .accounts import add_account
from .attachments import grant
from .cases import case_view, projection_columns
from .database import PlatformDatabase, PlatformDatabaseError, local_now
from .records import category_body, event_body, grid_body, person_body

DEMO_PASSWORD = "demo"
DISTRICT_PERSON = "zhengdong-district"
# The accounts each street gets: (suffix, role of the person it acts as).
STREET_ACCOUNTS = (
    ("duty", Role.DUTY_OFFICER),
    ("leader", Role.SHIFT_LEADER),
    ("inspector", Role.INSPECTOR),
    ("grid", Role.GRID_LEADER),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    person: str
    name: str
    role: Role
    street: str


@dataclass(frozen=True, slots=True)
class SeedReport:
    grids: int
    people: int
    cases: int
    events: int
    accounts: list[DemoAccount]


def seed_demo(
    db: PlatformDatabase,
    taxonomy: Taxonomy,
    calendar: WorkingCalendar,
    *,
    cases: int = 3000,
    weeks: int = 12,
    seed: int = 1,
    end: date | datetime | None = None,
) -> SeedReport:
    with db.read_engine.connect() as conn:
        held = sum(
            conn.scalar(select(func.count()).select_from(table)) or 0
            for table in (t.grids, t.people, t.cases)
        )
    if held:
        raise PlatformDatabaseError(
            f"{db.url}: the platform already holds data; --seed-demo fills an empty one"
        )
    with tempfile.TemporaryDirectory(prefix="platform-seed-") as tmp:
        path = Path(tmp) / "district.db"
        options = SeedOptions(
            preset="district",
            cases=cases,
            weeks=weeks,
            # the platform's clock is the office's (Asia/Shanghai), whatever the machine's zone
            end=end or local_now(),
            seed=seed,
            taxonomy=taxonomy,
        )
        seed_client(path, options, calendar)
        client = open_database(path, create=False)
        try:
            with client.engine.connect() as src, db.writing() as w:
                return _Copy(src, w.conn, client.blobs, taxonomy).run(w)
        finally:
            client.dispose()


class _Copy:
    def __init__(self, src: Connection, dst: Connection, blobs: Any, taxonomy: Taxonomy) -> None:
        self.src = src
        self.dst = dst
        self.blobs = blobs
        self.taxonomy = taxonomy
        self.street_of_grid: dict[str, str] = {}
        self.street_of_slug = {s.slug: s.code for s in STREETS}

    def run(self, w: Any) -> SeedReport:
        self._taxonomy(w)
        n_grids = self._grids(w)
        people = self._people(w)
        n_cases, n_events = self._cases(w)
        accounts = self._accounts(people)
        return SeedReport(n_grids, len(people), n_cases, n_events, accounts)

    def _taxonomy(self, w: Any) -> None:
        tax = self.taxonomy
        departments = [{"code": d.code, "name": d.name} for d in tax.departments]
        self.dst.execute(insert(t.departments), departments)
        for dept in departments:
            w.change("department", None, dict(dept))
        rows = [
            {
                "code": cat.code,
                "name": cat.name,
                "kind": cat.kind.value,
                "parent": cat.parent,
                "time_limit": cat.time_limit,
                "time_unit": cat.time_unit.value if cat.time_unit else None,
                "department": cat.department,
                "priority": cat.priority.value,
                "closing_condition": cat.closing_condition,
            }
            for cat in tax.categories
        ]
        self.dst.execute(insert(t.categories), rows)
        for row in rows:
            w.change("category", None, category_body(row))

    def _grids(self, w: Any) -> int:
        src = self.src.execute(select(c.grids).order_by(c.grids.c.level, c.grids.c.code)).all()
        rows = []
        for g in src:
            street = g.code if g.level == 1 else self.street_of_grid[g.parent_code]
            self.street_of_grid[g.code] = street
            rows.append(
                {
                    "code": g.code,
                    "version": g.version,
                    "name": g.name,
                    "level": g.level,
                    "parent": g.parent_code,
                    "leader": g.leader_code,
                    "street": street,
                    "geometry": g.geometry or "null",
                    "is_current": bool(g.is_current),
                }
            )
        self.dst.execute(insert(t.grids), rows)
        for row in rows:
            w.change("grid", row["street"], grid_body(row))
        abbrev = {s.code: s.abbrev for s in STREETS}
        streets = sorted({row["street"] for row in rows})
        self.dst.execute(
            insert(t.case_prefixes),
            [{"street": s, "prefix": abbrev.get(s, f"S{s[-3:]}")} for s in streets],
        )
        return len(rows)

    def _people(self, w: Any) -> list[dict[str, Any]]:
        roles: dict[str, list[str]] = defaultdict(list)
        for code, role in self.src.execute(select(c.person_roles).order_by(c.person_roles.c.role)):
            roles[code].append(role)
        grids: dict[str, list[str]] = defaultdict(list)
        for code, grid in self.src.execute(
            select(c.person_grids.c.person_code, c.person_grids.c.grid_code).order_by(
                c.person_grids.c.grid_code
            )
        ):
            grids[code].append(grid)
        rows = [
            {
                "code": p.code,
                "name": p.name,
                "phone": p.phone,
                "roles": json.dumps(roles[p.code]),
                "grids": json.dumps(grids[p.code]),
                "department": p.department_code,
                "street": self.street_of_slug[p.code.rsplit("-", 1)[0]],
            }
            for p in self.src.execute(select(c.people).order_by(c.people.c.code))
        ]
        rows.append(
            {
                "code": DISTRICT_PERSON,
                "name": f"{DISTRICT_NAME}城市综合管理指挥中心",
                "phone": "0371-12319",
                "roles": json.dumps([Role.DISTRICT.value]),
                "grids": json.dumps([DISTRICT_CODE]),
                "department": None,
                "street": None,
            }
        )
        self.dst.execute(insert(t.people), rows)
        for row in rows:
            w.change("person", row["street"], person_body(row))
        return rows

    def _cases(self, w: Any) -> tuple[int, int]:
        case_rows: dict[int, dict[str, Any]] = {}
        for r in self.src.execute(select(c.cases)):
            case_rows[r.id] = {
                "uuid": r.uuid,
                "case_no": r.case_no,
                "street": self.street_of_grid[r.grid_code],
                "grid_code": r.grid_code,
                "category": r.category_code,
                "source": r.source,
                "priority": r.priority,
                "description": r.description,
                "address": r.address,
                "lon": r.lon,
                "lat": r.lat,
                "reported_at": r.reported_at,
                "reporter": r.reporter_code,
                **projection_columns(projection_from_row(r)),
            }
        if case_rows:
            self.dst.execute(insert(t.cases), list(case_rows.values()))
        attached: dict[int, list[dict[str, Any]]] = defaultdict(list)
        shas: dict[str, str] = {}
        for a in self.src.execute(select(c.attachments).order_by(c.attachments.c.sha256)):
            attached[a.event_id].append({"sha256": a.sha256, "mime": a.mime, "size": a.size})
            shas[a.sha256] = a.mime
        for sha, mime in sorted(shas.items()):
            data = self.blobs.get(sha)
            self.dst.execute(
                insert(t.blobs).values(sha256=sha, mime=mime, size=len(data), data=data)
            )
        events = self.src.execute(
            select(c.case_events).order_by(c.case_events.c.at, c.case_events.c.id)
        )
        rows: list[dict[str, Any]] = []
        last_seen: dict[int, int] = {}
        event_cases: dict[int, int] = {}
        for e in events:
            case = case_rows[e.case_id]
            event_cases[e.id] = e.case_id
            row = {
                "uuid": e.uuid,
                "case_uuid": case["uuid"],
                "type": e.type,
                "at": e.at,
                "actor": e.actor_code,
                "role": e.role,
                "note": e.note,
                "payload": json.dumps(
                    json.loads(e.payload) if e.payload else {}, ensure_ascii=False, sort_keys=True
                ),
                "attachments": json.dumps(attached.get(e.id, []), sort_keys=True),
                "folded": True,
                "received_at": e.at,
            }
            body = event_body(row, case if e.type == "report" else None)
            row["seq"] = w.change("event", case["street"], body, folded=True)
            rows.append(row)
            last_seen[e.case_id] = row["seq"]
        for part in _chunks(rows, 2000):
            self.dst.execute(insert(t.events), part)
        # The streets whose cases' events refer to a photo read it.
        grant(
            self.dst,
            [
                (a["sha256"], case_rows[e_case]["street"])
                for event_id, e_case in event_cases.items()
                for a in attached.get(event_id, [])
            ],
        )
        for case_id in sorted(last_seen, key=last_seen.__getitem__):
            case = case_rows[case_id]
            w.change("case", case["street"], case_view(case).model_dump(mode="json"))
        return len(case_rows), len(rows)

    def _accounts(self, people: list[dict[str, Any]]) -> list[DemoAccount]:
        accounts: list[DemoAccount] = []
        for street in STREETS:
            staff = [p for p in people if p["street"] == street.code]
            for suffix, role in STREET_ACCOUNTS:
                person = next(p for p in staff if role.value in json.loads(p["roles"]))
                accounts.append(
                    DemoAccount(
                        f"{street.slug}-{suffix}",
                        DEMO_PASSWORD,
                        person["code"],
                        person["name"],
                        role,
                        street.name,
                    )
                )
        accounts.append(
            DemoAccount(
                DISTRICT_PERSON,
                DEMO_PASSWORD,
                DISTRICT_PERSON,
                f"{DISTRICT_NAME}城市综合管理指挥中心",
                Role.DISTRICT,
                DISTRICT_NAME,
            )
        )
        for a in accounts:
            add_account(self.dst, a.username, a.person, a.password)
        return accounts


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
