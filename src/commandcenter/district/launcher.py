"""The reference platform as a child process on loopback, for `commandcenter demo`: a demo
district seeded once into a file (kept between runs), served on a free port of 127.0.0.1 with the
simulator on, stopped with the demo."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from .. import defaults
from ..domain.errors import DomainError
from .database import PlatformDatabase
from .seed import SeedReport, seed_demo

COMMAND = [sys.executable, "-m", "commandcenter.district.cli"]


class PlatformStartError(DomainError):
    code = "platform_start_failed"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed_platform(path: Path, *, cases: int, weeks: int, seed: int = 1) -> SeedReport | None:
    """The demo district in `path`, seeded if the file is missing (written beside it and moved
    into place when complete, so an interrupted seeding leaves nothing half-filled). None when
    it was there already."""
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    db = PlatformDatabase(f"sqlite:///{partial}")
    try:
        db.create_schema()
        report = seed_demo(
            db, defaults.taxonomy(), defaults.calendar(), cases=cases, weeks=weeks, seed=seed
        )
    finally:
        db.dispose()
    os.replace(partial, path)
    return report


def migrate_platform(path: Path) -> None:
    """The demo platform's database brought to this program's schema (it may date from an
    earlier version of the demo)."""
    db = PlatformDatabase(f"sqlite:///{path}")
    try:
        db.migrate()
    finally:
        db.dispose()


@dataclass
class RunningPlatform:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self, timeout_s: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout_s)

    def __enter__(self) -> RunningPlatform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_platform(
    db_path: Path,
    log: Path,
    *,
    simulate: float | None = None,
    port: int | None = None,
    timeout_s: float = 60.0,
) -> RunningPlatform:
    """Serve `db_path` on 127.0.0.1; returns once the platform answers (or raises, with the
    end of its log)."""
    port = port or free_port()
    args = [*COMMAND, "--db", str(db_path), "--port", str(port), "--log-level", "warning"]
    if simulate:
        args += ["--simulate", str(simulate)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as fh:
        process = subprocess.Popen(
            args,
            stdout=fh,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    running = RunningPlatform(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout_s
    with requests.Session() as http:
        http.trust_env = False
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise PlatformStartError(
                    f"the demo platform exited ({process.returncode}): {_tail(log)}"
                )
            with contextlib.suppress(requests.RequestException):
                if http.get(f"{running.url}/api/v1/time", timeout=1).status_code == 200:
                    return running
            time.sleep(0.2)
    running.stop()
    raise PlatformStartError(f"the demo platform did not answer within {timeout_s:.0f} s")


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the demo dies, however it dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _tail(log: Path, lines: int = 5) -> str:
    try:
        return " | ".join(log.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no log)"
