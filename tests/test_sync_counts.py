"""The sync's counts (pending, refused) and its meta are read beside a writer, never behind it:
on the writer's engine SQLite's BEGIN IMMEDIATE queued them behind a tick's batch for up to the
busy timeout (10 s), and the window's 'pending' stood still meanwhile (seen as a timeout of
test_offline_sign_in_queues_then_pushes_after_online_sign_in under load)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from commandcenter import defaults
from commandcenter.store.database import open_database
from commandcenter.store.sync_store import SyncStore


def test_counts_and_meta_are_read_while_another_process_writes(street_db: Path) -> None:
    db = open_database(street_db)
    writer = sqlite3.connect(street_db, timeout=0, isolation_level=None)
    try:
        store = SyncStore(db.engine, defaults.calendar(), reader=db.read_engine())
        before = store.counts()
        writer.execute("BEGIN IMMEDIATE")  # another process's write transaction, held
        writer.execute("DELETE FROM outbox")
        started = time.perf_counter()
        counts, meta = store.counts(), store.meta()
        waited = time.perf_counter() - started
        assert waited < 2.0, f"the counts waited {waited:.1f} s behind the writer"
        assert counts == before and isinstance(meta, dict)  # the committed state
        writer.execute("COMMIT")
        assert store.counts().pending == 0
    finally:
        writer.close()
        db.dispose()
