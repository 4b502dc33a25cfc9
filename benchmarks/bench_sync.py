"""[8/10] Sync with the district platform over loopback, for one street office's year
(商都路办事处 signed in as shangdu-duty):

- initial sync: a fresh workstation database pulls the whole feed (`SyncEngine.pull`: every
  page fetched, parsed strictly, converted and applied with its cursor), beside the floor, which
  is the same page bodies decoded with `json.loads` and their cases and events inserted with
  plain `sqlite3` into the same schema (a migrated workstation database, WAL, synchronous
  NORMAL, one transaction per page; the search index's triggers fire there too, as they do in
  the app; foreign keys off, since the floor holds no grids or categories). Target within 3x the
  floor. Photos are fetched after the pull and timed apart; the time to fetch every page alone
  is printed for context.
- incremental sync: another account of the street pushes 100 events to the platform (50 new
  cases reported and accepted), then one whole `SyncEngine.sync()` brings them. Target < 1 s.

The platform is seeded once with the demo district (10 streets, so 商都路 gets a tenth of the
cases) over 52 weeks and kept in bench-data/ (not in git). The generator makes about 5.3 events
a case, so 20 000 cases come with about 106 000 events, not the issue's 200 000: the counts
printed are the real ones. CC_BENCH_SYNC_CASES sets the district's cases (default 200000)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from commandcenter import defaults
from commandcenter.district.launcher import start_platform
from commandcenter.domain.enums import CaseState
from commandcenter.domain.errors import IllegalTransition
from commandcenter.domain.lifecycle import EventType, next_state
from commandcenter.protocol import MAX_PAGE
from commandcenter.store.database import open_database
from commandcenter.store.sqlite import register_functions
from commandcenter.store.sync_store import SyncStore
from commandcenter.sync.api import PlatformApi
from commandcenter.sync.sync_engine import SyncEngine
from commandcenter.sync.transport import Transport

DATA = Path(__file__).resolve().parents[1] / "bench-data"
CASES = int(os.environ.get("CC_BENCH_SYNC_CASES", "200000"))
WEEKS = 52
STREET = "410171001"
USER, OTHER, PASSWORD = "shangdu-duty", "shangdu-leader", "demo"
ROUNDS = 5
CHANGES = 100
ZONE = ZoneInfo("Asia/Shanghai")
PLATFORM = [sys.executable, "-m", "commandcenter.district.cli"]


def platform_database() -> Path:
    """The demo district's year on the platform, seeded once and kept in bench-data/."""
    path = DATA / f"platform-{CASES}-{WEEKS}w.db"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in DATA.glob(partial.name + "*"):
        stale.unlink()
    minutes = max(1, round(CASES / 200_000 * 6))
    print(f"seeding {path} ({CASES:,} cases, about {minutes} minutes, once) …", flush=True)
    seed = ["--seed-demo", "--cases", str(CASES), "--weeks", str(WEEKS), "--seed", "1"]
    subprocess.run(
        [*PLATFORM, "--db", str(partial), *seed, "--log-level", "warning"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    partial.rename(path)
    return path


@contextmanager
def running_platform(db: Path, log: Path) -> Iterator[str]:
    """The platform serving `db` on a free port of 127.0.0.1 (the demo's launcher)."""
    with start_platform(db, log) as running:
        yield running.url


def sign_in(http: requests.Session, base: str, username: str) -> str:
    r = http.post(
        base + "/api/v1/sessions",
        json={"username": username, "password": PASSWORD},
        timeout=30,
    )
    r.raise_for_status()
    return str(r.json()["token"])


def fetch_pages(base: str, token: str) -> tuple[list[bytes], float]:
    """Every page of the feed as the workstation asks for it (same path, limit and cursors);
    returns the bodies and the seconds spent on the network alone."""
    pages: list[bytes] = []
    seconds = 0.0
    since: str | None = None
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        while True:
            params = {"limit": str(MAX_PAGE), **({"since": since} if since else {})}
            t0 = time.perf_counter()
            r = http.get(base + "/api/v1/changes", params=params, timeout=60)
            body = r.content
            seconds += time.perf_counter() - t0
            r.raise_for_status()
            pages.append(body)
            page = json.loads(body)
            since = page["next"]
            if not page["more"]:
                return pages, seconds


# The case columns a view on the feed sets, by their name in its projection.
_VIEW_COLUMNS = {
    "state": "state",
    "updated_at": "updated_at",
    "accepted_at": "accepted_at",
    "handled_at": "handled_at",
    "closed_at": "closed_at",
    "escalation_level": "escalation_level",
    "handler_kind": "handler_kind",
    "handler_person": "handler_person_code",
    "handler_departments": "handler_departments",
    "duplicate_of": "duplicate_of",
    "stage": "stage",
    "stage_started_at": "stage_started_at",
    "yellow_at": "yellow_at",
    "due_at": "due_at",
    "rework_count": "rework_count",
    "redispatch_count": "redispatch_count",
    "extension_count": "extension_count",
    "supervised": "supervised",
    "pending_request": "pending_request",
    "dispatched_at": "dispatched_at",
    "handle_due_at": "handle_due_at",
    "first_handled_at": "first_handled_at",
    "first_rework_at": "first_rework_at",
    "ended_at": "ended_at",
    "handling_minutes": "handling_minutes",
}


class Floor:
    """The same page bodies, decoded and written with plain sqlite3: a case row per report, an
    event row per event (its attachments too), each case view as an UPDATE of its row."""

    def __init__(self, path: Path) -> None:
        open_database(path).dispose()  # the workstation's schema, built by its migrations
        self.conn = sqlite3.connect(path, isolation_level=None)
        register_functions(self.conn)  # the search index's triggers call it
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = OFF")  # no grids or categories here
        self.case_ids: dict[str, int] = {}
        self.states: dict[int, CaseState] = {}
        self.seq = 0
        self.cases = self.events = 0
        columns = list(_VIEW_COLUMNS.values())
        sets = ", ".join(f"{c} = ?" for c in [*columns, "category_code", "grid_code"])
        self.update_sql = (
            f"UPDATE cases SET {sets}, priority = ?, server_projection = ? WHERE id = ?"
        )

    def page(self, body: bytes) -> None:
        page = json.loads(body)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        events: list[tuple[Any, ...]] = []
        files: list[tuple[str, str, str, int]] = []
        views: list[tuple[Any, ...]] = []
        for change in page["changes"]:
            kind = change["kind"]
            if kind == "event":
                self._event(change["event"], change["folded"], events, files)
            elif kind == "case":
                v = change["case"]
                p = v["projection"]
                values = [p.get(k) for k in _VIEW_COLUMNS]
                values[8] = ",".join(p.get("handler_departments") or ()) or None
                views.append(
                    (
                        *values,
                        v["category"],
                        v["grid_code"],
                        v["priority"],
                        json.dumps(p, ensure_ascii=False),
                        self.case_ids[v["case_uuid"]],
                    )
                )
        conn.executemany(
            "INSERT INTO case_events (uuid, case_id, type, from_state, to_state, at, actor_code,"
            " role, note, payload, origin, status, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            events,
        )
        if files:
            conn.executemany(
                "INSERT OR IGNORE INTO attachments (sha256, event_id, mime, size) "
                "SELECT ?, id, ?, ? FROM case_events WHERE uuid = ?",
                [(sha, mime, size, ev) for ev, sha, mime, size in files],
            )
        conn.executemany(self.update_sql, views)
        conn.execute("COMMIT")
        self.events += len(events)

    def _event(self, ev: dict[str, Any], folded: bool, events: list, files: list) -> None:
        case_id = self.case_ids.get(ev["case_uuid"])
        if case_id is None:
            case_id = self._new_case(ev)
        before = self.states[case_id]
        type_ = EventType(ev["type"])
        after = before
        if folded:
            try:
                after = next_state(None if type_ is EventType.REPORT else before, type_)
            except (IllegalTransition, ValueError):
                after = before
        self.states[case_id] = after
        self.seq += 1
        payload = ev.get("payload")
        events.append(
            (
                ev["uuid"],
                case_id,
                ev["type"],
                None if type_ is EventType.REPORT else before.value,
                after.value,
                ev["at"],
                ev.get("actor"),
                ev["role"],
                ev.get("note", ""),
                json.dumps(payload, ensure_ascii=False, sort_keys=True) if payload else None,
                "pulled",
                "settled" if folded else "unfolded",
                self.seq,
            )
        )
        for a in ev.get("attachments", ()):
            files.append((ev["uuid"], a["sha256"], a["mime"], a["size"]))

    def _new_case(self, ev: dict[str, Any]) -> int:
        c = ev["case"]
        cur = self.conn.execute(
            "INSERT INTO cases (uuid, case_no, state, category_code, source, priority, grid_id,"
            " grid_code, description, address, lon, lat, reported_at, reporter_code,"
            " escalation_level, rework_count, redispatch_count, extension_count, supervised,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,0,0,0,0,?)",
            (
                ev["case_uuid"],
                c["case_no"],
                "reported",
                c["category"],
                c["source"],
                c["priority"],
                0,
                c["grid_code"],
                c["description"],
                c["address"],
                c.get("lon"),
                c.get("lat"),
                ev["at"],
                ev.get("actor"),
                ev["at"],
            ),
        )
        case_id = int(cur.lastrowid or 0)
        self.case_ids[ev["case_uuid"]] = case_id
        self.states[case_id] = CaseState.REPORTED
        self.cases += 1
        return case_id

    def close(self) -> None:
        self.conn.close()


def _wire_now(delta: timedelta = timedelta()) -> str:
    return (datetime.now(ZONE).replace(microsecond=0) + delta).isoformat()


class Colleague:
    """Another account of the street office, working through the platform's API: each call
    reports new cases and accepts them (two events a case)."""

    def __init__(self, base: str, client_db: Path) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {sign_in(self.http, base, OTHER)}"
        with sqlite3.connect(client_db) as conn:
            self.grid, self.member = conn.execute(
                "SELECT pg.grid_code, pg.person_code FROM person_grids pg"
                " JOIN person_roles r ON r.person_code = pg.person_code"
                " JOIN grids g ON g.code = pg.grid_code AND g.is_current"
                " WHERE r.role = 'grid_member' AND g.level = 4 ORDER BY 1, 2 LIMIT 1"
            ).fetchone()
            (self.duty,) = conn.execute(
                "SELECT person_code FROM person_roles WHERE role = 'duty_officer' ORDER BY 1"
            ).fetchone()
            (self.category,) = conn.execute(
                "SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY code"
            ).fetchone()
        self.numbers = 0

    def work(self, events: int) -> None:
        batch = []
        for _ in range(events // 2):
            self.numbers += 1
            case_uuid = str(uuid.uuid4())
            batch.append(self._report(case_uuid))
            batch.append(
                {
                    "uuid": str(uuid.uuid4()),
                    "case_uuid": case_uuid,
                    "type": "accept",
                    "at": _wire_now(timedelta(seconds=-30)),
                    "actor": self.duty,
                    "role": "duty_officer",
                    "note": "受理",
                }
            )
        r = self.http.post(self.base + "/api/v1/events", json={"events": batch}, timeout=60)
        r.raise_for_status()
        refused = [x for x in r.json()["results"] if x["status"] != "applied"]
        if refused:
            raise SystemExit(f"the platform refused the colleague's events: {refused[:3]}")

    def _report(self, case_uuid: str) -> dict[str, Any]:
        return {
            "uuid": str(uuid.uuid4()),
            "case_uuid": case_uuid,
            "type": "report",
            "at": _wire_now(timedelta(seconds=-60)),
            "actor": self.member,
            "role": "grid_member",
            "note": "巡查上报",
            "case": {
                "case_no": f"BS{os.getpid() % 10000:04d}{self.numbers:06d}",
                "category": self.category,
                "source": "patrol",
                "priority": "normal",
                "grid_code": self.grid,
                "description": "商都路与九如路交叉口东北角有流动摊贩占道经营",
                "address": "商都路与九如路交叉口",
                "lon": 113.7312,
                "lat": 34.7601,
            },
        }

    def close(self) -> None:
        self.http.close()


def street_counts(platform_db: Path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{platform_db}?mode=ro", uri=True) as conn:
        cases = conn.execute("SELECT count(*) FROM cases WHERE street = ?", (STREET,)).fetchone()
        events = conn.execute(
            "SELECT count(*) FROM events e JOIN cases c ON c.uuid = e.case_uuid WHERE c.street = ?",
            (STREET,),
        ).fetchone()
    return int(cases[0]), int(events[0])


def local_counts(client_db: Path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{client_db}?mode=ro", uri=True) as conn:
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()
        events = conn.execute("SELECT count(*) FROM case_events").fetchone()
    return int(cases[0]), int(events[0])


@dataclass
class Measured:
    cases: int
    events: int
    pages: int
    pulled: int
    initial_s: float
    photos: int
    photos_s: float
    rounds: list[float] = field(default_factory=list)
    brought: list[int] = field(default_factory=list)


def workstation_sync(base: str, client_db: Path) -> Measured:
    """A fresh workstation: the initial pull, its photos, then the incremental rounds."""
    db = open_database(client_db)
    transport = Transport(base)
    engine = SyncEngine(SyncStore(db.engine, defaults.calendar()), PlatformApi(transport), db.blobs)
    try:
        engine.sign_in(USER, PASSWORD, datetime.now().replace(microsecond=0))
        t0 = time.perf_counter()
        pulled = engine.pull()
        initial_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        photos = engine.fetch_photos()
        photos_s = time.perf_counter() - t0
        engine.sync()  # settles: nothing new but what the rounds bring
        cases, events = local_counts(client_db)
        out = Measured(
            cases, events, pulled.pages, pulled.pulled, initial_s, photos.photos, photos_s
        )
        colleague = Colleague(base, client_db)
        try:
            for _ in range(ROUNDS):
                colleague.work(CHANGES)
                t0 = time.perf_counter()
                report = engine.sync()
                out.rounds.append(time.perf_counter() - t0)
                out.brought.append(report.pulled)
        finally:
            colleague.close()
        return out
    finally:
        transport.close()
        db.dispose()


def main() -> None:
    source = platform_database()
    with tempfile.TemporaryDirectory(prefix="cc-bench-sync-") as tmp:
        folder = Path(tmp)
        platform_db = folder / "platform.db"
        shutil.copyfile(source, platform_db)  # the incremental rounds write to it
        want_cases, want_events = street_counts(platform_db)
        with running_platform(platform_db, folder / "platform.log") as base:
            with requests.Session() as http:
                token = sign_in(http, base, USER)
            bodies, fetch_s = fetch_pages(base, token)
            m = workstation_sync(base, folder / "workstation.db")
        if (m.cases, m.events) != (want_cases, want_events):
            raise SystemExit(
                f"the pull brought {m.cases} cases and {m.events} events, not "
                f"{want_cases} and {want_events}"
            )
        floor = Floor(folder / "floor.db")
        t0 = time.perf_counter()
        for body in bodies:
            floor.page(body)
        floor_s = time.perf_counter() - t0
        floor.close()

    print(
        f"sync data: 商都路办事处 {m.cases:,} cases, {m.events:,} events "
        f"(the generator makes {m.events / max(1, m.cases):.1f} events a case, not the issue's "
        f"10); {len(bodies)} pages of up to {MAX_PAGE} changes, "
        f"{sum(map(len, bodies)) / 1e6:.0f} MB"
    )
    ratio = m.initial_s / floor_s if floor_s else float("nan")
    print(
        f"initial sync (pull of {m.pages} pages, {m.pulled:,} events): {m.initial_s:.1f} s "
        f"vs floor {floor_s:.1f} s (json.loads + plain sqlite3, {floor.cases:,} cases, "
        f"{floor.events:,} events) = {ratio:.2f}x (target <= 3x) "
        f"{'PASS' if ratio <= 3 else 'FAIL'}"
    )
    print(
        f"fetching every page alone: {fetch_s:.1f} s; then {m.photos} photos: "
        f"{m.photos_s:.1f} s (not in the pull)"
    )
    late = max(m.rounds)
    print(
        f"incremental sync of {CHANGES} changes ({OTHER} pushed {CHANGES // 2} reports and "
        f"{CHANGES // 2} accepts; pulled {', '.join(map(str, m.brought))}): {ROUNDS} rounds, "
        f"median {statistics.median(m.rounds):.2f} s, max {late:.2f} s "
        f"(target < 1 s) {'PASS' if late < 1 else 'FAIL'}"
    )
