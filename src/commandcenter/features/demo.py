"""The demo (`commandcenter demo`, `make demo`): the reference district platform seeded once into
the user data directory, started on 127.0.0.1 with its simulator, the demo street's workstation
signed in and synced, then the window opened on it. The window is the caller's collaborator
(`app.py`'s `demo_window`): it also says when the workstation's database is damaged and offers
the newest backup."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import paths
from ..district.launcher import migrate_platform, seed_platform, start_platform
from ..district.seed import DEMO_PASSWORD
from ..domain.errors import DomainError
from ..geo.tiles import TileSource
from ..store.backup import Backup, backups_of, restore_backup
from ..store.errors import DatabaseDamaged
from ..store.sqlite import check_sqlite_file
from ..sync.sync_engine import SignedIn
from .sync import SyncRequest, sync_once

DEMO_CASES = 20_000  # the district's; 商都路 gets a tenth
DEMO_WEEKS = 12
DEMO_USER = "shangdu-duty"


@dataclass(frozen=True)
class DemoRequest:
    db: Path | None = None  # the workstation's (default: demo-workstation.db in the data dir)
    simulate: float = 6.0  # simulated reports and answers a minute (0: none)
    language: str = "zh_CN"
    tiles: str | None = None  # a URL template with {z}/{x}/{y}, or an .mbtiles file
    tiles_gcj02: bool = False


@dataclass(frozen=True)
class DemoSession:
    """What the window opens on: the synced workstation and the running platform."""

    client: Path
    server: str
    who: SignedIn
    language: str
    tiles: TileSource


@dataclass(frozen=True)
class DemoResult:
    exit_code: int  # the window's

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class DemoWindow(Protocol):
    """The window's side of the demo (app.py)."""

    def open(self, session: DemoSession) -> int:
        """Runs the window on the session; its exit code."""

    def recover(self, error: DatabaseDamaged, backups: list[Backup]) -> Backup | None:
        """Says the workstation's database is damaged; the backup to put back, if chosen."""


Say = Callable[[str], None]  # progress for the person who started it


def run_demo(request: DemoRequest, window: DemoWindow, say: Say) -> DemoResult:
    try:  # before anything is seeded or opened
        tiles = TileSource.parse(request.tiles, gcj02=request.tiles_gcj02)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    if not has_display():
        raise DomainError(
            "no display to open the window on (DISPLAY is not set); "
            "run it on a desktop, or under xvfb-run"
        )
    data = paths.user_data_dir()
    platform_db = data / "demo-platform.db"
    client = request.db or data / "demo-workstation.db"
    if not platform_db.exists():
        say(f"Seeding the demo district into {platform_db} (once, about half a minute) …")
        seed_platform(platform_db, cases=DEMO_CASES, weeks=DEMO_WEEKS)
        if request.db is None:  # the workstation synced with the district seeded before
            _remove_database(client)
    migrate_platform(platform_db)
    recover_if_damaged(client, window, say)
    say("Starting the demo platform on 127.0.0.1 …")
    log_file = data / "demo-platform.log"
    with start_platform(platform_db, log_file, simulate=request.simulate) as running:
        who = demo_sync(client, running.url, DEMO_USER, DEMO_PASSWORD, say)
        session = DemoSession(client, running.url, who, request.language, tiles)
        return DemoResult(window.open(session))


def demo_sync(client: Path, server: str, username: str, password: str, say: Say) -> SignedIn:
    """Sign in as the demo duty officer and sync before the window opens (the first time, the
    street's grids, people and cases come down)."""
    say(f"Signing in as {username}; syncing {client} …")
    result = sync_once(
        SyncRequest(client, server, username, password),
        on_page=lambda n: say(f"  page {n}"),
    )
    r = result.report
    say(f"Synced: {r.pulled} events pulled, {r.pushed} pushed, {r.photos} photos")
    return result.who


def recover_if_damaged(client: Path, window: DemoWindow, say: Say) -> None:
    """A damaged workstation database is said in the window's words, with the newest backup
    offered; put back when chosen, else the damage is the demo's error."""
    try:
        check_sqlite_file(client, must_exist=False)
    except DatabaseDamaged as damaged:
        chosen = window.recover(damaged, backups_of(client))
        if chosen is None:
            raise
        restored = restore_backup(client, chosen.path)
        say(
            f"Restored {client} from {chosen.path}; the damaged file is kept as {restored.replaced}"
        )


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
        or sys.platform in ("win32", "darwin")
    )


def _remove_database(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
