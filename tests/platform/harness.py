"""Running the district platform for tests: real servers as subprocesses on 127.0.0.1, real
SQLite files and a real PostgreSQL cluster (initdb/pg_ctl as the postgres user)."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests
from sqlalchemy import Engine, func, select

from commandcenter.district import schema as t

PLATFORM = [sys.executable, "-m", "commandcenter.district.cli"]
ZONE = ZoneInfo("Asia/Shanghai")
TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_platform(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PLATFORM, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def wire_now(delta: timedelta = timedelta()) -> str:
    return (datetime.now(ZONE).replace(microsecond=0) + delta).isoformat()


# -- PostgreSQL ---------------------------------------------------------------------------
@dataclass
class PostgresCluster:
    """A throwaway cluster in a temporary directory, run as the postgres user."""

    bindir: Path
    root: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def create(self, name: str, template: str | None = None) -> str:
        clause = f" TEMPLATE {template}" if template else ""
        self.sql(f"CREATE DATABASE {name}{clause}")
        return self.url(name)

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[PostgresCluster]:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL is not installed (make setup installs `postgresql`)")
        bindir = Path(found[-1]).parent
        user = pwd.getpwnam("postgres")
        root = Path(tempfile.mkdtemp(prefix="cc-pg-"))
        os.chown(root, user.pw_uid, user.pw_gid)
        port = free_port()

        def as_postgres(*cmd: str) -> None:
            subprocess.run(
                ["runuser", "-u", "postgres", "--", *cmd],
                check=True,
                capture_output=True,
                timeout=120,
            )

        data = root / "data"
        try:
            as_postgres(
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            )
            options = (
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            as_postgres(
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            )
            yield cls(bindir, root, port)
        finally:
            with contextlib.suppress(Exception):
                as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
            shutil.rmtree(root, ignore_errors=True)


# -- the server and its clients -------------------------------------------------------------
@dataclass
class Client:
    base: str
    token: str | None = None
    http: requests.Session = field(default_factory=requests.Session)

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**out, **(extra or {})}

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.http.get(
            self.base + path, headers=self.headers(kw.pop("headers", None)), timeout=TIMEOUT, **kw
        )

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.http.post(
            self.base + path, headers=self.headers(kw.pop("headers", None)), timeout=TIMEOUT, **kw
        )

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.http.put(
            self.base + path, headers=self.headers(kw.pop("headers", None)), timeout=TIMEOUT, **kw
        )

    def head(self, path: str, **kw: Any) -> requests.Response:
        return self.http.head(
            self.base + path, headers=self.headers(kw.pop("headers", None)), timeout=TIMEOUT, **kw
        )

    def push(self, *events: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.post("/api/v1/events", json={"events": list(events)})
        assert r.status_code == 200, r.text
        return list(r.json()["results"])

    def changes(self, since: str | None = None, limit: int = 1000) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if since:
            params["since"] = since
        r = self.get("/api/v1/changes", params=params)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def drain(self, since: str | None = None, limit: int = 1000) -> tuple[list[dict], str]:
        """Every change after `since`, page by page; (changes, the last cursor)."""
        out: list[dict] = []
        while True:
            page = self.changes(since, limit)
            out.extend(page["changes"])
            since = page["next"]
            if not page["more"]:
                return out, since


@dataclass
class Platform:
    base: str
    db_url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def client(self, username: str | None = None, password: str = "demo") -> Client:
        c = Client(self.base)
        if username is not None:
            r = c.post("/api/v1/sessions", json={"username": username, "password": password})
            assert r.status_code == 201, r.text
            c.token = r.json()["token"]
        return c

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_platform(db_url: str, workdir: Path, *args: str) -> Platform:
    port = free_port()
    log = workdir / f"platform-{port}.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [*PLATFORM, "--db", db_url, "--port", str(port), "--log-level", "warning", *args],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    platform = Platform(f"http://127.0.0.1:{port}", db_url, proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the platform exited ({proc.returncode}):\n{platform.output()}")
        try:
            if requests.get(platform.base + "/api/v1/time", timeout=2).status_code == 200:
                return platform
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    platform.stop()
    raise RuntimeError(f"the platform did not answer within 60 s:\n{platform.output()}")


class SettableClock:
    """The platform's clock (naive office time, like `local_now`), moved on by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@contextlib.contextmanager
def platform_in_process(
    db_url: str, clock: SettableClock, token_ttl: timedelta
) -> Iterator[Client]:
    """The platform's app with the test's clock, served over real HTTP by uvicorn on a thread
    of this process (a subprocess cannot take a clock). The socket listens before the thread
    starts, so the first request waits in its backlog: nothing polls for readiness."""
    import threading

    import uvicorn

    from commandcenter import defaults
    from commandcenter.district.database import PlatformDatabase
    from commandcenter.district.server import create_app

    db = PlatformDatabase(db_url)
    app = create_app(db, defaults.calendar(), token_ttl=token_ttl, clock=clock)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield Client(f"http://127.0.0.1:{sock.getsockname()[1]}")
    finally:
        server.should_exit = True
        thread.join(timeout=TIMEOUT)
        sock.close()
        db.dispose()
    assert not thread.is_alive(), "the in-process platform did not stop"


def copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def new_uuid() -> str:
    return str(uuid.uuid4())


def events_of(changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c["event"] for c in changes if c["kind"] == "event"]


# -- events ---------------------------------------------------------------------------------
def report(
    case_no: str,
    grid: str,
    category: str,
    actor: str | None,
    role: str = "grid_member",
    *,
    case_uuid: str | None = None,
    at: str | None = None,
    attachments: Sequence[dict[str, Any]] = (),
    source: str = "patrol",
) -> dict[str, Any]:
    return {
        "uuid": new_uuid(),
        "case_uuid": case_uuid or new_uuid(),
        "type": "report",
        "at": at or wire_now(timedelta(seconds=-60)),
        "actor": actor,
        "role": role,
        "note": "",
        "case": {
            "case_no": case_no,
            "category": category,
            "source": source,
            "priority": "normal",
            "grid_code": grid,
            "description": "商都路与九如路交叉口东北角有流动摊贩占道经营",
            "address": "商都路与九如路交叉口",
            "lon": 113.7312,
            "lat": 34.7601,
        },
        "attachments": list(attachments),
    }


def event(
    case_uuid: str,
    type_: str,
    actor: str | None,
    role: str,
    note: str = "",
    *,
    at: str | None = None,
    **payload: Any,
) -> dict[str, Any]:
    return {
        "uuid": new_uuid(),
        "case_uuid": case_uuid,
        "type": type_,
        "at": at or wire_now(),
        "actor": actor,
        "role": role,
        "note": note,
        "payload": payload,
    }


# -- shared by the fixtures and the tests -------------------------------------------------
SEED_ARGS = ("--cases", "120", "--weeks", "2", "--seed", "3")


@dataclass(frozen=True)
class Template:
    backend: str
    source: str  # a file (SQLite) or a database name (PostgreSQL)
    seed_output: str


def sa_url(db_url: str) -> str:
    return db_url if "://" in db_url else f"sqlite:///{db_url}"


def counts(engine: Engine) -> dict[str, int]:
    """Rows of every table a write touches (bad input must leave them all as they were)."""
    tables = (t.changes, t.events, t.cases, t.idempotency, t.blobs, t.uploads, t.feed_head)
    with engine.connect() as conn:
        out = {
            tb.name: int(conn.scalar(select(func.count()).select_from(tb)) or 0) for tb in tables
        }
        out["head"] = int(conn.scalar(select(t.feed_head.c.seq)) or 0)
    return out


@dataclass(frozen=True)
class Demo:
    """People and places of the seeded district the tests act with."""

    street: str
    grid: str  # a leaf grid of 商都路 with members
    member: str
    grid_leader: str
    other_leader: str  # another grid leader of 商都路
    duty: str  # shangdu-duty's person
    shift_leader: str
    inspector: str
    category: str
    department: str
    other_street: str
    other_grid: str
    other_member: str


_case_numbers = itertools.count(1)


def case_no(tag: str = "T", prefix: str = "SD") -> str:
    """A number of the street's (商都路: SD), unique across the tests' processes."""
    return f"{prefix}20261208{tag}{os.getpid() % 1000:03d}{next(_case_numbers):06d}"


def error_reason(response: Any) -> str:
    body = response.json()
    assert set(body) <= {"reason", "message", "details"}, body
    assert re.fullmatch(r"[a-z_]+", body["reason"]), body
    assert body["message"], body
    return str(body["reason"])
