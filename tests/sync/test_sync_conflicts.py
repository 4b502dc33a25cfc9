"""Two workstations of one street office working offline on the same case: the platform applies
status changes in commit order, the second dispatch comes back as a conflict that stays local,
unfolded and listed until someone deals with it. Nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from harness import Platform
from sqlalchemy import select
from sync_harness import Workstation, server_engine, server_projections

from commandcenter.district import schema as pt
from commandcenter.domain.enums import HandlerKind, Priority, Role, Source
from commandcenter.domain.errors import DomainError
from commandcenter.domain.lifecycle import EventType as E
from commandcenter.domain.transitions import Command
from commandcenter.store.case_commands import NewCase
from commandcenter.sync.errors import BadCredentials


def _dispatch(ws: Workstation, case_id: int, actor: str, leader: str, at: datetime) -> str:
    rec = ws.store.commands.apply(
        case_id,
        Command(
            E.DISPATCH,
            actor,
            Role.DUTY_OFFICER,
            at,
            "派遣",
            {"handler_kind": HandlerKind.GRID_LEADER.value, "person": leader},
        ),
    )
    return rec.event_uuid


@pytest.mark.slow
def test_first_to_commit_wins_the_other_is_listed(
    platform: Platform, platform_db: str, workstation: Callable[..., Workstation]
) -> None:
    a = workstation(platform.base, "a")
    b = workstation(platform.base, "b")
    a.sign_in("shangdu-duty")
    a.engine.sync()
    b.sign_in("shangdu-duty")
    b.engine.sync()
    duty = a.engine.who.person if a.engine.who else ""
    leaders = a.people(Role.GRID_LEADER)
    grid, member = a.leaf_grid_with_member()
    now = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    rec = a.store.commands.report(
        NewCase(
            "",  # numbered by the workstation
            a.leaf_category(),
            Source.PATROL,
            Priority.HIGH,
            grid,
            "占道经营",
            "商都路2号",
            None,
            None,
        ),
        Command(E.REPORT, member, Role.GRID_MEMBER, now, "上报"),
    )
    a.store.commands.apply(
        rec.case_id, Command(E.ACCEPT, duty, Role.DUTY_OFFICER, now + timedelta(minutes=1), "受理")
    )
    a.engine.sync()
    b.engine.sync()
    case_b = b.case_id(rec.case_no)
    # Both offline now: each dispatches the case to another grid leader.
    first = _dispatch(a, rec.case_id, duty, leaders[0], now + timedelta(minutes=5))
    second = _dispatch(b, case_b, duty, leaders[1], now + timedelta(minutes=4))
    assert b.projections()[rec_uuid(b, case_b)][0].handler_person == leaders[1]
    a.engine.sync()  # a commits first
    report = b.engine.sync()
    assert report.refused == 1
    listed = b.store.refusals()
    assert [r.type for r in listed] == [E.DISPATCH]
    assert listed[0].status == "conflict" and listed[0].reason == "illegal_transition"
    assert listed[0].server_case is not None and listed[0].server_case["state"] == "dispatched"
    assert b.store.counts().refused == 1 and b.store.counts().pending == 0
    # b's case now shows what the platform holds: a's dispatch; b's stays in its history.
    uuid = rec_uuid(b, case_b)
    assert b.projections()[uuid][0].handler_person == leaders[0]
    street = b.engine.who.street if b.engine.who else ""
    assert server_projections(platform_db, street)[uuid] == b.projections()[uuid]
    engine = server_engine(platform_db)
    with engine.connect() as conn:
        on_server = set(
            conn.execute(select(pt.events.c.uuid).where(pt.events.c.case_uuid == uuid)).scalars()
        )
    engine.dispose()
    assert first in on_server and second not in on_server
    with b.db.engine.connect() as conn:
        from commandcenter.store import schema as t

        kept = conn.execute(
            select(t.case_events.c.status).where(t.case_events.c.uuid == second)
        ).scalar()
    assert kept == "conflict"
    # Re-applying is checked against the case as it is now: a second dispatch is not allowed.
    with pytest.raises(DomainError):
        b.store.reapply(listed[0].event_id, now + timedelta(minutes=9), duty, Role.DUTY_OFFICER)
    assert len(b.store.refusals()) == 1
    b.store.dismiss(listed[0].event_id)
    assert b.store.refusals() == [] and b.store.counts().refused == 0
    b.engine.sync()
    assert b.projections()[uuid] == a.projections()[uuid]


def rec_uuid(ws: Workstation, case_id: int) -> str:
    from commandcenter.store import schema as t

    with ws.db.engine.connect() as conn:
        return str(conn.scalar(select(t.cases.c.uuid).where(t.cases.c.id == case_id)))


def test_a_refused_event_is_reapplied_once_the_case_allows_it(
    platform: Platform, platform_db: str, workstation: Callable[..., Workstation]
) -> None:
    """Both report the case handled; b's comes back as a conflict. After the inspector sends it
    back for rework, b re-applies its handling report: a new key, applied, nothing listed."""
    a = workstation(platform.base, "a")
    b = workstation(platform.base, "b")
    for ws in (a, b):
        ws.sign_in("shangdu-duty")
        ws.engine.sync()
    duty = a.engine.who.person if a.engine.who else ""
    leader = a.people(Role.GRID_LEADER)[0]
    inspector = a.people(Role.INSPECTOR)[0]
    grid, member = a.leaf_grid_with_member()
    now = datetime.now().replace(microsecond=0) - timedelta(hours=2)
    rec = a.store.commands.report(
        NewCase(
            "",  # numbered by the workstation
            a.leaf_category(),
            Source.PATROL,
            Priority.NORMAL,
            grid,
            "垃圾堆放",
            "商都路3号",
            None,
            None,
        ),
        Command(E.REPORT, member, Role.GRID_MEMBER, now, "上报"),
    )
    a.store.commands.apply(
        rec.case_id, Command(E.ACCEPT, duty, Role.DUTY_OFFICER, now + timedelta(minutes=1), "受理")
    )
    _dispatch(a, rec.case_id, duty, leader, now + timedelta(minutes=2))
    a.engine.sync()
    b.engine.sync()
    case_b = b.case_id(rec.case_no)
    handled = Command(E.HANDLE, leader, Role.GRID_LEADER, now + timedelta(minutes=30), "已清理")
    a.store.commands.apply(rec.case_id, handled)
    b.store.commands.apply(case_b, handled)
    a.engine.sync()
    b.engine.sync()
    [listed] = b.store.refusals()
    assert listed.type is E.HANDLE and listed.status == "conflict"
    a.store.commands.apply(
        rec.case_id,
        Command(E.REWORK, inspector, Role.INSPECTOR, now + timedelta(minutes=40), "未清理干净"),
    )
    a.engine.sync()
    b.engine.sync()
    again = b.store.reapply(listed.event_id, now + timedelta(minutes=50), leader, Role.GRID_LEADER)
    assert again.event_uuid != str(listed.event_id)
    assert b.store.refusals() == [] and b.store.counts().pending == 1
    b.engine.sync()
    a.engine.sync()
    uuid = rec_uuid(b, case_b)
    assert b.projections()[uuid][0].state.value == "handled"
    assert b.projections()[uuid] == a.projections()[uuid]
    street = b.engine.who.street if b.engine.who else ""
    assert server_projections(platform_db, street)[uuid] == b.projections()[uuid]
    assert b.statuses().get("reapplied") == 1


def test_offline_sign_in_needs_an_earlier_online_one_and_the_right_password(
    platform: Platform, workstation: Callable[..., Workstation], tmp_path
) -> None:
    ws = workstation(platform.base, "ws")
    with pytest.raises(BadCredentials):
        ws.engine.sign_in_offline("shangdu-duty", "demo", frozenset({Role.DUTY_OFFICER}))
    ws.sign_in("shangdu-duty")
    ws.engine.sync()
    ws.engine.who = None
    with pytest.raises(BadCredentials):
        ws.engine.sign_in_offline("shangdu-duty", "wrong", frozenset({Role.DUTY_OFFICER}))
    with pytest.raises(BadCredentials):
        ws.engine.sign_in_offline("shangdu-leader", "demo", frozenset({Role.SHIFT_LEADER}))
    who = ws.engine.sign_in_offline("shangdu-duty", "demo", frozenset({Role.DUTY_OFFICER}))
    assert not who.online and who.token is None
    # His work queues; nothing is pushed without an online sign-in.
    grid, _ = ws.leaf_grid_with_member()
    now = datetime.now().replace(microsecond=0) - timedelta(minutes=30)
    ws.store.commands.report(
        NewCase(
            "",  # numbered by the workstation
            ws.leaf_category(),
            Source.RECEPTION,
            Priority.NORMAL,
            grid,
            "来访反映",
            "商都路4号",
            None,
            None,
        ),
        Command(E.REPORT, who.person, Role.DUTY_OFFICER, now, "来访登记"),
    )
    from commandcenter.sync.errors import SignInRequired

    with pytest.raises(SignInRequired):
        ws.engine.sync()
    assert ws.store.counts().pending == 1
    ws.sign_in("shangdu-duty")
    ws.engine.sync()
    assert ws.store.counts().pending == 0 and set(ws.statuses()) == {"settled"}
    # The password hash kept for offline sign-in is salted scrypt, never the password.
    from commandcenter.store import schema as t

    with ws.db.engine.connect() as conn:
        stored = conn.execute(select(t.local_accounts.c.password_hash)).scalars().all()
    assert stored and all(s.startswith("scrypt$") and "demo" not in s for s in stored)
