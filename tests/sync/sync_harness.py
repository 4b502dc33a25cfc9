"""Workstations for the sync tests: real local SQLite databases, the real sync engine over real
HTTP to the reference platform (a subprocess on 127.0.0.1), short timeouts and backoff."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, select

from commandcenter import defaults
from commandcenter.demo.photos import make_photo
from commandcenter.district import schema as pt
from commandcenter.domain.enums import HandlerKind, Priority, Role, Source
from commandcenter.domain.lifecycle import EventType as E
from commandcenter.domain.projection import Projection, projection_from_json
from commandcenter.domain.transitions import Command
from commandcenter.store import schema as t
from commandcenter.store.case_commands import NewCase, projection_from_row
from commandcenter.store.database import Database, open_database
from commandcenter.store.sync_store import SyncStore
from commandcenter.sync.api import PlatformApi
from commandcenter.sync.sync_engine import SyncEngine
from commandcenter.sync.transport import RetryPolicy, Transport

# Tests: 1 s read timeouts, 50 ms – 1 s backoff.
TEST_TIMEOUT = (1.0, 1.0)
TEST_RETRY = RetryPolicy(attempts=10, base_s=0.05, cap_s=1.0, max_wait_s=5.0)


@dataclass
class Workstation:
    path: Path
    db: Database
    store: SyncStore
    engine: SyncEngine
    transport: Transport

    @classmethod
    def open(
        cls, path: Path, server: str, *, keep_alive: bool = True, seed: int = 0
    ) -> Workstation:
        db = open_database(path)
        store = SyncStore(db.engine, defaults.calendar())
        transport = Transport(
            server,
            timeout=TEST_TIMEOUT,
            retry=TEST_RETRY,
            keep_alive=keep_alive,
            rng=random.Random(seed),
        )
        return cls(path, db, store, SyncEngine(store, PlatformApi(transport), db.blobs), transport)

    def close(self) -> None:
        self.transport.close()
        self.db.dispose()

    def sign_in(self, username: str, password: str = "demo") -> None:
        self.engine.sign_in(username, password, datetime.now().replace(microsecond=0))

    # -- people and places of the synced street --------------------------------------------
    def people(self, role: Role) -> list[str]:
        with self.db.engine.connect() as conn:
            return sorted(
                conn.execute(
                    select(t.person_roles.c.person_code).where(t.person_roles.c.role == role.value)
                ).scalars()
            )

    def leaf_grid_with_member(self) -> tuple[str, str]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(t.person_grids.c.grid_code, t.person_grids.c.person_code)
                .join(t.person_roles, t.person_roles.c.person_code == t.person_grids.c.person_code)
                .join(t.grids, t.grids.c.code == t.person_grids.c.grid_code)
                .where(t.person_roles.c.role == "grid_member", t.grids.c.level == 4)
                .order_by(t.person_grids.c.grid_code)
            ).first()
        assert rows is not None
        return rows.grid_code, rows.person_code

    def leaf_category(self) -> str:
        with self.db.engine.connect() as conn:
            code = conn.scalar(
                select(t.categories.c.code)
                .where(t.categories.c.time_limit.is_not(None))
                .order_by(t.categories.c.code)
            )
        assert code is not None
        return str(code)

    def case_id(self, case_number: str) -> int:
        with self.db.engine.connect() as conn:
            found = conn.scalar(select(t.cases.c.id).where(t.cases.c.case_no == case_number))
        assert found is not None
        return int(found)

    def projections(self) -> dict[str, tuple[Projection, str, str, str]]:
        """case uuid -> (projection, category, grid, priority)."""
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(t.cases)).all()
        return {
            r.uuid: (projection_from_row(r), r.category_code, r.grid_code, r.priority) for r in rows
        }

    def statuses(self) -> dict[str, int]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(t.case_events.c.status, t.case_events.c.id)).all()
        out: dict[str, int] = {}
        for status, _ in rows:
            out[status] = out.get(status, 0) + 1
        return out


def server_projections(db_url: str, street: str) -> dict[str, tuple[Projection, str, str, str]]:
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(pt.cases).where(pt.cases.c.street == street)).all()
    finally:
        engine.dispose()
    return {
        r.uuid: (projection_from_json(r.projection), r.category, r.grid_code, r.priority)
        for r in rows
    }


def server_engine(db_url: str) -> Engine:
    return create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")


def local_lifecycle(ws: Workstation, cases: int, start: datetime) -> list[str]:
    """`cases` new cases worked through report → accept → dispatch → handle → verify, all
    recorded at this workstation (5 events each, queued); returns their case numbers."""
    commands = ws.store.commands
    grid, member = ws.leaf_grid_with_member()
    duty = ws.people(Role.DUTY_OFFICER)[0]
    leader = ws.people(Role.GRID_LEADER)[0]
    inspector = ws.people(Role.INSPECTOR)[0]
    category = ws.leaf_category()
    numbers = []
    at = start
    # A photo on every third report, four different ones: most go to the platform more than
    # once (the second time it holds the photo already).
    photos = [make_photo(random.Random(k), "before", category) for k in range(4)]
    for i in range(cases):
        attached = []
        if i % 3 == 0:
            data = photos[i % 4]
            attached.append((ws.db.blobs.put(data), "image/png", len(data)))
        rec = commands.report(
            NewCase(
                "",  # numbered by the workstation: SD{day}{its letter}{nnn}
                category,
                Source.PATROL,
                Priority.NORMAL,
                grid,
                f"测试问题{i}",
                "商都路1号",
                None,
                None,
            ),
            Command(E.REPORT, member, Role.GRID_MEMBER, at, "巡查上报"),
            attached,
        )
        numbers.append(rec.case_no)
        steps: list[tuple[E, str, Role, dict[str, Any]]] = [
            (E.ACCEPT, duty, Role.DUTY_OFFICER, {}),
            (
                E.DISPATCH,
                duty,
                Role.DUTY_OFFICER,
                {"handler_kind": HandlerKind.GRID_LEADER.value, "person": leader},
            ),
            (E.HANDLE, leader, Role.GRID_LEADER, {}),
            (E.VERIFY_PASS, inspector, Role.INSPECTOR, {}),
        ]
        for k, (type_, actor, role, payload) in enumerate(steps, start=1):
            commands.apply(
                rec.case_id,
                Command(type_, actor, role, at + timedelta(minutes=k), "办理", payload),
            )
        at += timedelta(seconds=7)
    return numbers
