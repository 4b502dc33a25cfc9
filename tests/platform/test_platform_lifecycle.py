"""The lifecycle through the platform's API: the lifecycle and role tables checked on the
server, idempotent replays, the merge rules of SPEC §4, and who sees which street."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from harness import (
    Client,
    Demo,
    Platform,
    case_no,
    counts,
    event,
    events_of,
    new_uuid,
    report,
    wire_now,
)
from sqlalchemy import Engine


def _accepted(duty: Client, demo: Demo) -> str:
    """A new case of 商都路, reported by a grid member and accepted; its uuid."""
    rep = report(case_no(), demo.grid, demo.category, demo.member)
    acc = event(rep["case_uuid"], "accept", demo.duty, "duty_officer")
    assert [r["status"] for r in duty.push(rep, acc)] == ["applied", "applied"]
    return str(rep["case_uuid"])


def test_a_case_from_report_to_closed(platform: Platform, demo: Demo) -> None:
    duty = platform.client("shangdu-duty")
    start = duty.changes(limit=1000)
    _, cursor = duty.drain()
    rep = report(case_no(), demo.grid, demo.category, demo.member)
    cid = rep["case_uuid"]
    batch = [
        rep,
        event(cid, "accept", demo.duty, "duty_officer"),
        event(
            cid,
            "dispatch",
            demo.duty,
            "duty_officer",
            handler_kind="grid_leader",
            person=demo.grid_leader,
        ),
        event(cid, "handle", demo.grid_leader, "grid_leader", "摊贩已劝离，现场已清理"),
        event(cid, "verify_pass", demo.inspector, "inspector"),
    ]
    results = duty.push(*batch)
    assert [r["status"] for r in results] == ["applied"] * 5, results
    assert results[-1]["case"]["state"] == "closed"
    assert results[2]["case"]["handler_person"] == demo.grid_leader
    changes, _ = duty.drain(cursor)
    pulled = events_of(changes)
    assert [e["uuid"] for e in pulled if e["case_uuid"] == cid] == [e["uuid"] for e in batch]
    assert pulled[0]["case"]["case_no"] == rep["case"]["case_no"]
    views = [c["case"] for c in changes if c["kind"] == "case" and c["case"]["case_uuid"] == cid]
    assert [v["state"] for v in views] == [
        "reported",
        "accepted",
        "dispatched",
        "handled",
        "closed",
    ]
    kinds = {c["kind"] for c in duty.drain()[0]}
    assert kinds == {"event", "case", "grid", "category", "department", "person"}
    assert start["changes"], "the seeded district is on the feed"


def test_roles_and_lifecycle_are_checked_on_the_server(
    platform: Platform, demo: Demo, engine: Engine
) -> None:
    duty = platform.client("shangdu-duty")
    cid = _accepted(duty, demo)
    before = counts(engine)
    results = duty.push(
        # a grid member may not dispatch
        event(
            cid,
            "dispatch",
            demo.member,
            "grid_member",
            handler_kind="grid_leader",
            person=demo.grid_leader,
        ),
        # the actor does not hold the role he claims
        event(
            cid,
            "dispatch",
            demo.member,
            "duty_officer",
            handler_kind="grid_leader",
            person=demo.grid_leader,
        ),
        # a dispatch names its handler
        event(cid, "dispatch", demo.duty, "duty_officer"),
        # to someone who is not a grid leader
        event(
            cid,
            "dispatch",
            demo.duty,
            "duty_officer",
            handler_kind="grid_leader",
            person=demo.member,
        ),
        # handling before dispatch: illegal in the server's state
        event(cid, "handle", demo.grid_leader, "grid_leader", "已处理"),
        # an unknown case
        event(new_uuid(), "accept", demo.duty, "duty_officer"),
        # an actor the platform does not know
        event(cid, "void", "nobody-0001", "shift_leader", "误报"),
        # a time far ahead of the server's clock
        event(
            cid, "void", demo.shift_leader, "shift_leader", "误报", at=wire_now(timedelta(hours=2))
        ),
    )
    got = [(r["status"], r.get("reason")) for r in results]
    assert got == [
        ("rejected", "role_not_allowed"),
        ("rejected", "role_not_allowed"),
        ("rejected", "missing_field"),
        ("rejected", "invalid_field"),
        ("conflict", "illegal_transition"),
        ("rejected", "unknown_case"),
        ("rejected", "unknown_person"),
        ("rejected", "future_time"),
    ]
    assert results[4]["case"]["state"] == "accepted"
    after = counts(engine)
    # Only the idempotency store remembers the answers; no event, case or change was written.
    assert {k: v for k, v in after.items() if k != "idempotency"} == {
        k: v for k, v in before.items() if k != "idempotency"
    }
    assert after["idempotency"] == before["idempotency"] + len(results)


def test_streets_are_kept_apart(platform: Platform, demo: Demo) -> None:
    shangdu = platform.client("shangdu-duty")
    xiangyun = platform.client("xiangyun-duty")
    district = platform.client("zhengdong-district")
    cid = _accepted(shangdu, demo)
    # another street's desk may not act on 商都路's case, nor file in its grids
    (r1,) = xiangyun.push(event(cid, "void", demo.shift_leader, "shift_leader", "误报"))
    (r2,) = xiangyun.push(report(case_no(), demo.grid, demo.category, demo.other_member))
    assert (r1["status"], r1["reason"]) == ("rejected", "other_street")
    assert (r2["status"], r2["reason"]) == ("rejected", "other_street")
    # a grid leader's own account pushes only his own events
    grid = platform.client("shangdu-grid")
    (r3,) = grid.push(event(cid, "void", demo.shift_leader, "shift_leader", "误报"))
    assert (r3["status"], r3["reason"]) == ("rejected", "not_your_event")
    # only the district records district events
    (r4,) = shangdu.push(event(cid, "district_close", None, "district", "已办结"))
    assert (r4["status"], r4["reason"]) == ("rejected", "role_not_allowed")

    seen_x = xiangyun.drain()[0]
    streets_x = {c["case"]["street"] for c in seen_x if c["kind"] == "case"}
    assert streets_x == {demo.other_street}
    assert not any(c["event"]["case_uuid"] == cid for c in seen_x if c["kind"] == "event")
    people_x = {c["person"]["street"] for c in seen_x if c["kind"] == "person"}
    assert people_x <= {demo.other_street, None}
    grids_x = [c["grid"]["code"] for c in seen_x if c["kind"] == "grid"]
    assert grids_x and all(code.startswith(demo.other_street) for code in grids_x)
    seen_d = district.drain()[0]
    assert {c["case"]["street"] for c in seen_d if c["kind"] == "case"} >= {
        demo.street,
        demo.other_street,
    }


def test_replaying_a_batch_changes_nothing(platform: Platform, demo: Demo, engine: Engine) -> None:
    duty = platform.client("shangdu-duty")
    rep = report(case_no(), demo.grid, demo.category, demo.member)
    cid = rep["case_uuid"]
    batch = [
        rep,
        event(cid, "accept", demo.duty, "duty_officer"),
        event(
            cid,
            "dispatch",
            demo.duty,
            "duty_officer",
            handler_kind="department",
            departments=[demo.department],
        ),
    ]
    assert [r["status"] for r in duty.push(*batch)] == ["applied"] * 3
    before = counts(engine)
    _, cursor = duty.drain()
    replay = duty.push(*batch)
    assert [r["status"] for r in replay] == ["duplicate"] * 3
    assert [r["uuid"] for r in replay] == [e["uuid"] for e in batch]
    # sent again with other spacing, key order and UTC offset: still the same payload
    again = dict(reversed(list(batch[1].items())))
    again["at"] = datetime.fromisoformat(batch[1]["at"]).astimezone(UTC).isoformat()
    assert [r["status"] for r in duty.push(again)] == ["duplicate"]
    assert counts(engine) == before
    assert duty.drain(cursor)[0] == []

    # The same key with another payload refuses the whole batch; its fresh event is not applied.
    fresh = event(cid, "extension_request", demo.duty, "duty_officer", "雨天施工受阻", days=3)
    changed = {**batch[2], "note": "改派"}
    r = duty.post("/api/v1/events", json={"events": [fresh, changed]})
    assert r.status_code == 422
    body = r.json()
    assert body["reason"] == "idempotency_mismatch"
    assert body["details"]["uuid"] == batch[2]["uuid"]
    assert counts(engine) == before
    # …and the same key twice in one batch with different payloads likewise
    twin = {**fresh, "note": "另一个理由"}
    r = duty.post("/api/v1/events", json={"events": [fresh, twin]})
    assert (r.status_code, r.json()["reason"]) == (422, "idempotency_mismatch")
    assert counts(engine) == before


def test_merge_rules(platform: Platform, demo: Demo) -> None:
    duty = platform.client("shangdu-duty")
    cid = _accepted(duty, demo)
    dispatched_at = wire_now(timedelta(seconds=-30))
    handled_at = wire_now(timedelta(seconds=-20))
    results = duty.push(
        event(
            cid,
            "dispatch",
            demo.duty,
            "duty_officer",
            at=dispatched_at,
            handler_kind="grid_leader",
            person=demo.grid_leader,
        ),
        # recorded later on the server, though it happened before: non-status, applied
        event(cid, "supervise", None, "system", "超时督办", at=wire_now(timedelta(seconds=-5))),
        # work done offline arrives after the supervision: legal in commit order, applied
        event(cid, "handle", demo.grid_leader, "grid_leader", "已清理", at=handled_at),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    # updated_at never goes back
    assert results[2]["case"]["updated_at"] >= results[1]["case"]["updated_at"]
    close = event(cid, "verify_pass", demo.inspector, "inspector")
    assert duty.push(close)[0]["status"] == "applied"
    # status events illegal against the server's state: conflicts, with its view
    late_rework = event(cid, "rework", demo.inspector, "inspector", "仍有残留")
    (conflict,) = duty.push(late_rework)
    assert (conflict["status"], conflict["reason"]) == ("conflict", "illegal_transition")
    assert conflict["case"]["state"] == "closed"
    # non-status events merge as a union: kept, not folded into the projection
    note = event(cid, "supervise", None, "system", "督办：请尽快反馈")
    (kept,) = duty.push(note)
    assert (kept["status"], kept["reason"]) == ("applied", "not_folded")
    assert kept["case"]["state"] == "closed"
    changes, _ = duty.drain()
    mine = [c for c in changes if c["kind"] == "event" and c["event"]["case_uuid"] == cid]
    assert [(c["event"]["type"], c["folded"]) for c in mine][-3:] == [
        ("handle", True),
        ("verify_pass", True),
        ("supervise", False),
    ]
    assert late_rework["uuid"] not in {c["event"]["uuid"] for c in mine}
