"""Concurrent writers: the first committed dispatch wins and the second is a conflict with the
server's view; the feed hands out every change exactly once, in commit order, while writers
run."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from harness import Demo, Platform, case_no, event, events_of, report
from sqlalchemy import Engine, select

from commandcenter.district import schema as t


def test_two_dispatches_of_one_case_first_commit_wins(platform: Platform, demo: Demo) -> None:
    setup = platform.client("shangdu-duty")
    cases = []
    for _ in range(8):
        rep = report(case_no(), demo.grid, demo.category, demo.member)
        acc = event(rep["case_uuid"], "accept", demo.duty, "duty_officer")
        assert [r["status"] for r in setup.push(rep, acc)] == ["applied", "applied"]
        cases.append(rep["case_uuid"])
    # two workstations of the street, each with its own session
    desks = [platform.client("shangdu-duty"), platform.client("shangdu-leader")]
    handlers = [
        {"handler_kind": "grid_leader", "person": demo.grid_leader},
        {"handler_kind": "department", "departments": [demo.department]},
    ]
    for cid in cases:
        barrier = threading.Barrier(2)
        sent = [
            event(cid, "dispatch", demo.duty, "duty_officer", **handlers[0]),
            event(cid, "dispatch", demo.shift_leader, "shift_leader", **handlers[1]),
        ]

        def push(
            i: int, cid: str = cid, barrier: threading.Barrier = barrier, sent: list = sent
        ) -> dict:
            barrier.wait()
            (result,) = desks[i].push(sent[i])
            return result

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(push, range(2)))
        statuses = sorted(r["status"] for r in results)
        assert statuses == ["applied", "conflict"], results
        won = next(i for i, r in enumerate(results) if r["status"] == "applied")
        lost = results[1 - won]
        assert lost["reason"] == "illegal_transition"
        view = lost["case"]
        assert view["state"] == "dispatched"
        expected = demo.grid_leader if won == 0 else None
        assert view["handler_person"] == expected
    changes, _ = setup.drain()
    dispatches = Counter(e["case_uuid"] for e in events_of(changes) if e["type"] == "dispatch")
    assert all(dispatches[cid] == 1 for cid in cases)


def test_the_feed_gives_every_change_once_in_commit_order_under_concurrent_writers(
    platform: Platform, demo: Demo, engine: Engine
) -> None:
    reader = platform.client("shangdu-duty")
    _, start = reader.drain()
    writers = 3
    batches = 25
    applied: list[list[str]] = [[] for _ in range(writers)]
    done = threading.Event()

    def write(w: int) -> None:
        desk = platform.client("shangdu-duty")
        for _ in range(batches):
            rep = report(case_no(f"W{w}"), demo.grid, demo.category, demo.member)
            acc = event(rep["case_uuid"], "accept", demo.duty, "duty_officer")
            results = desk.push(rep, acc)
            assert [r["status"] for r in results] == ["applied", "applied"], results
            applied[w].extend([rep["uuid"], acc["uuid"]])

    seen: list[dict] = []
    pages = 0

    def read() -> None:
        nonlocal pages
        cursor = start
        while True:
            finished = done.is_set()
            page = reader.changes(cursor, limit=7)
            pages += 1
            seen.extend(page["changes"])
            cursor = page["next"]
            if finished and not page["more"]:
                return
            if not page["more"]:
                time.sleep(0.005)

    read_thread = threading.Thread(target=read)
    read_thread.start()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    done.set()
    read_thread.join(timeout=120)
    assert not read_thread.is_alive()

    pulled = [e["uuid"] for e in events_of(seen)]
    expected = [u for part in applied for u in part]
    assert len(pulled) == len(set(pulled)), "a change came twice"
    assert sorted(pulled) == sorted(expected), "a change was missed"
    with engine.connect() as conn:
        order = [
            row.uuid
            for row in conn.execute(
                select(t.events.c.uuid)
                .where(t.events.c.uuid.in_(expected))
                .order_by(t.events.c.seq)
            )
        ]
    assert pulled == order, "the feed is not in commit order"
    # every event is followed by its case's view after it
    for i, change in enumerate(seen):
        if change["kind"] == "event":
            after = seen[i + 1]
            assert after["kind"] == "case"
            assert after["case"]["case_uuid"] == change["event"]["case_uuid"]
    # each writer's own events keep their order (report before accept)
    for part in applied:
        positions = [pulled.index(u) for u in part]
        assert positions == sorted(positions)
    assert pages > 10
