"""One full sync with the district platform without the window (`commandcenter sync`; the demo's
first sync before its window opens): sign in, push the outbox, pull the feed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import defaults
from ..domain.clock import office_now
from ..domain.errors import ValidationError
from ..store.database import open_database
from ..store.sync_store import SyncCounts, SyncStore
from ..sync.api import PlatformApi
from ..sync.sync_engine import SignedIn, SyncEngine, SyncReport
from ..sync.transport import Transport


@dataclass(frozen=True)
class SyncRequest:
    db: Path  # the local database (created if new)
    server: str  # the platform, e.g. https://grid.example:8765
    user: str
    password: str = dataclasses.field(repr=False)  # never logged, never on a command line
    ca_bundle: Path | None = None  # CA certificates to verify the platform with
    timeout_s: float = 30.0  # read timeout; connecting waits at most 10 s of it
    now: datetime | None = None  # the sign-in's time (default: the office's clock)


@dataclass(frozen=True)
class SyncResult:
    server: str
    who: SignedIn
    report: SyncReport
    counts: SyncCounts

    def as_json(self) -> dict[str, Any]:
        return {
            **dataclasses.asdict(self.report),
            "queued": self.counts.pending,
            "listed": self.counts.refused,
        }

    def lines(self) -> list[str]:
        r, c = self.report, self.counts
        return [
            f"synced with {self.server}: pushed {r.pushed} "
            f"({r.refused} refused, {r.later} waiting for their author), "
            f"pulled {r.pulled} events in {r.pages} pages, {r.photos} photos; "
            f"{c.pending} still queued, {c.refused} conflicts listed"
        ]


def sync_once(request: SyncRequest, on_page: Callable[[int], None] | None = None) -> SyncResult:
    """Signs in and syncs once. Raises sync.errors' BadCredentials (the user must fix it),
    Offline or ServerBusy (try again later), another SyncError (refused or out of protocol),
    ValidationError for a server address that is not one."""
    timeout = request.timeout_s or 30.0
    try:
        transport = Transport(
            request.server,
            timeout=(min(10.0, timeout), timeout),
            verify=str(request.ca_bundle) if request.ca_bundle else True,
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    db = open_database(request.db)
    try:
        engine = SyncEngine(
            SyncStore(db.engine, defaults.calendar()), PlatformApi(transport), db.blobs
        )
        now = request.now or office_now().replace(microsecond=0)
        who = engine.sign_in(request.user, request.password, now)
        report = engine.sync(on_page=on_page)
        return SyncResult(transport.base_url, who, report, engine.store.counts())
    finally:
        transport.close()
        db.dispose()
