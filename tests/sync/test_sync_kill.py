"""The sync killed at random moments (SIGKILL: no clean-up of any kind) and started again, 20
times, while work keeps being recorded: nothing is lost, nothing is applied twice, and the
database stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from harness import Platform
from sqlalchemy import func, select
from sync_harness import Workstation, local_lifecycle, server_engine, server_projections

from commandcenter.district import schema as pt

SYNC = [sys.executable, "-m", "commandcenter.cli", "sync"]


def _sync_process(db: str, server: str, log: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CC_PASSWORD": "demo"}
    return subprocess.Popen(
        [*SYNC, "--db", db, "--server", server, "--user", "shangdu-duty", "--timeout", "5"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_and_duplicates_nothing(
    platform: Platform, platform_db: str, workstation: Callable[..., Workstation]
) -> None:
    ws = workstation(platform.base, "ws")
    ws.sign_in("shangdu-duty")
    ws.engine.sync()
    street = ws.engine.who.street if ws.engine.who else ""
    start = datetime.now().replace(microsecond=0) - timedelta(hours=6)
    numbers = local_lifecycle(ws, 60, start)
    rng = random.Random(20)
    kills = rounds = 0
    # The kill falls anywhere in a sync's life, from its start-up to its last page, so the
    # window is the length of the last sync that ran to its end (a faster start-up must not
    # let most syncs finish before the signal, as a fixed 0.3-2 s window did).
    lifetime = 2.0
    log_path = ws.path.with_suffix(".log")
    with log_path.open("wb") as log:
        while kills < 20:
            rounds += 1
            assert rounds <= 60, f"only {kills} of {rounds} syncs were still running to be killed"
            began = time.monotonic()
            proc = _sync_process(str(ws.path), platform.base, log)
            time.sleep(rng.uniform(0.1, 0.9) * lifetime)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            if proc.returncode == -signal.SIGKILL:
                kills += 1
            else:
                assert proc.returncode == 0, log_path.read_text(errors="replace")
                lifetime = time.monotonic() - began
            # Work goes on at the desk between the syncs.
            numbers += local_lifecycle(ws, 10, start + timedelta(minutes=30 + 10 * rounds))
        done = _sync_process(str(ws.path), platform.base, log)
        assert done.wait(timeout=120) == 0, log_path.read_text(errors="replace")
    with sqlite3.connect(ws.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = ws.store.counts()
    assert counts.pending == 0 and counts.refused == 0, counts
    assert set(ws.statuses()) == {"settled"}, ws.statuses()
    engine = server_engine(platform_db)
    try:
        with engine.connect() as conn:
            per_case = conn.execute(
                select(pt.cases.c.case_no, func.count(pt.events.c.uuid))
                .join(pt.events, pt.events.c.case_uuid == pt.cases.c.uuid)
                .where(pt.cases.c.case_no.in_(numbers))
                .group_by(pt.cases.c.case_no)
            ).all()
    finally:
        engine.dispose()
    assert len(per_case) == len(numbers) == 60 + 10 * rounds, "lost cases"
    assert {n for _, n in per_case} == {5}, "lost or duplicated events"
    server = server_projections(platform_db, street)
    local = ws.projections()
    assert set(local) == set(server)
    assert [u for u in server if server[u] != local[u]] == []
