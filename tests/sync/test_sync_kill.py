"""The sync killed at random moments (SIGKILL: no clean-up of any kind) and started again, 20
times, while work keeps being recorded: nothing is lost, nothing is applied twice, and the
database stays sound. The moment is chosen by the sync's own progress, not by a clock: it is
killed right after the N-th batch pushed or page pulled that it reports (`-v`), so a faster or
slower machine kills it at the same steps."""

from __future__ import annotations

import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from harness import Platform
from sqlalchemy import func, select
from sync_harness import Workstation, local_lifecycle, server_engine, server_projections

from commandcenter.district import schema as pt

SYNC = [sys.executable, "-m", "commandcenter.cli", "-v", "sync"]
STEP = re.compile(r"commandcenter\.sync\.sync_engine: (pushed \d+ events|pulled page \d+)")


def _sync_process(db: str, server: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CC_PASSWORD": "demo"}
    return subprocess.Popen(
        [*SYNC, "--db", db, "--server", server, "--user", "shangdu-duty", "--timeout", "5"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The process's stderr, line by line as it writes them (None: it closed it)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _run_until_step(proc: subprocess.Popen[str], steps: int, log: list[str]) -> bool:
    """Let the sync run until it reports its `steps`-th step written, then SIGKILL it, and read
    what it wrote to its end; False when it ended before that step."""
    lines, seen, killed = _lines(proc), 0, False
    while (line := lines.get(timeout=60)) is not None:
        log.append(line)
        if STEP.search(line):
            seen += 1
            if seen == steps:
                proc.send_signal(signal.SIGKILL)
                killed = True
    assert proc.stderr is not None
    proc.stderr.close()
    return killed


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
    log: list[str] = []
    while kills < 20:
        rounds += 1
        assert rounds <= 40, f"only {kills} of {rounds} syncs were still running to be killed"
        proc = _sync_process(str(ws.path), platform.base)
        # Every round has at least a batch to push and a page to pull: one or two steps in
        # always kill; three may find the sync done.
        _run_until_step(proc, rng.choice([1, 1, 2, 2, 3]), log)
        proc.wait(timeout=30)
        if proc.returncode == -signal.SIGKILL:
            kills += 1
        else:  # it ended first (the signal can come just after its last step)
            assert proc.returncode == 0, "".join(log[-20:])
        # Work goes on at the desk between the syncs.
        numbers += local_lifecycle(ws, 10, start + timedelta(minutes=30 + 10 * rounds))
    done = _sync_process(str(ws.path), platform.base)
    assert _run_until_step(done, 10**9, log) is False
    assert done.wait(timeout=120) == 0, "".join(log[-20:])
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
