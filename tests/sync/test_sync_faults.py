"""Pushing through a network that resets, drops, truncates or delays connections: every event
arrives exactly once, and both sides end with the same projection of every case."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from fault_proxy import FaultProxy
from harness import Platform
from sqlalchemy import func, select
from sync_harness import Workstation, local_lifecycle, server_engine, server_projections

from commandcenter.district import schema as pt
from commandcenter.sync.errors import Offline, ServerBusy


@pytest.mark.slow
def test_1000_events_through_faults_arrive_once_and_agree(
    platform: Platform, platform_db: str, workstation: Callable[..., Workstation]
) -> None:
    port = int(platform.base.rsplit(":", 1)[1])
    with FaultProxy(port, rate=0.3, seed=11) as proxy:
        ws = workstation(proxy.url, keep_alive=False, seed=5)
        ws.engine.push_batch = 25
        ws.engine.page_limit = 200
        proxy.rate = 0.0
        ws.sign_in("shangdu-duty")
        ws.engine.sync()
        street = ws.engine.who.street if ws.engine.who else None
        assert street
        start = datetime.now().replace(microsecond=0) - timedelta(hours=3)
        numbers = local_lifecycle(ws, 200, start)
        assert ws.store.counts().pending == 1000
        proxy.rate = 0.3
        failures = 0
        deadline = time.monotonic() + 150
        while True:
            try:
                ws.engine.sync()
                break
            except (Offline, ServerBusy):
                failures += 1
                assert time.monotonic() < deadline, "the sync never got through"
        faults = {k: v for k, v in proxy.stats.items() if k != "connections"}
        assert sum(faults.values()) >= 20, proxy.stats
        assert proxy.stats["reset_after_response"] > 0, proxy.stats
        proxy.rate = 0.0
        ws.engine.sync()  # a last pull over a healed network: the feed is read to its head
    counts = ws.store.counts()
    assert counts.pending == 0 and counts.refused == 0, counts
    statuses = ws.statuses()
    assert set(statuses) == {"settled"}, statuses
    engine = server_engine(platform_db)
    try:
        with engine.connect() as conn:
            ours = conn.execute(
                select(pt.cases.c.uuid, func.count(pt.events.c.uuid))
                .join(pt.events, pt.events.c.case_uuid == pt.cases.c.uuid)
                .where(pt.cases.c.case_no.in_(numbers))
                .group_by(pt.cases.c.uuid)
            ).all()
            photos = conn.execute(
                select(func.count(func.distinct(pt.blobs.c.sha256))).where(
                    pt.blobs.c.sha256.in_(ws.store.attachment_hashes())
                )
            ).scalar()
    finally:
        engine.dispose()
    assert photos == len(ws.store.attachment_hashes())
    assert len(ours) == 200, "lost cases"
    assert {n for _, n in ours} == {5}, "lost or duplicated events"
    server = server_projections(platform_db, street)
    local = ws.projections()
    assert set(local) == set(server)
    differ = [u for u in server if server[u] != local[u]]
    assert not differ, (differ[:3], [(server[u], local[u]) for u in differ[:1]])
