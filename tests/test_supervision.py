"""[2/10] Traffic lights from stored deadlines; supervision and escalation by `tick`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from commandcenter import defaults
from commandcenter.cli import main
from commandcenter.domain.enums import CaseState, EscalationLevel, Priority, Role, Source
from commandcenter.domain.errors import ValidationError
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.supervision import Light, light, parse_rules
from commandcenter.domain.transitions import Command
from commandcenter.store import schema as t
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.database import Database
from factories import BLOCKS, small_street

E = EventType
MONDAY = datetime(2026, 11, 16, 9, 0)
LEADER = {"handler_kind": "grid_leader", "person": "leader1"}


@pytest.fixture
def street(tmp_path: Path) -> Database:
    db = small_street(tmp_path / "street.db")
    yield db
    db.dispose()


def _dispatched(cc: CaseCommands, no: str, category: str = "CS01", at: datetime = MONDAY) -> int:
    case = cc.report(
        NewCase(
            no, category, Source.PATROL, Priority.NORMAL, BLOCKS[0], "占道", "商都路", None, None
        ),
        Command(E.REPORT, "member", Role.GRID_MEMBER, at),
    ).case_id
    cc.apply(case, Command(E.ACCEPT, "duty", Role.DUTY_OFFICER, at))
    cc.apply(case, Command(E.DISPATCH, "duty", Role.DUTY_OFFICER, at, payload=LEADER))
    return case


def test_traffic_light_at_the_edges_of_the_limit(street: Database) -> None:
    calendar = defaults.calendar()
    cc = CaseCommands(street.engine, calendar)
    case = _dispatched(cc, "L1")  # 占道经营: 4 working hours from Monday 9:00
    p = cc.refold(case)[0]
    assert p.due_at == datetime(2026, 11, 16, 15, 30)
    limit = 4 * 60

    def at(share: float) -> datetime:
        return calendar.add_working_minutes(MONDAY, share * limit)

    assert light(at(0.799), p.yellow_at, p.due_at) is Light.GREEN
    assert light(at(0.8), p.yellow_at, p.due_at) is Light.YELLOW
    assert light(at(1.0), p.yellow_at, p.due_at) is Light.YELLOW
    assert light(at(1.001), p.yellow_at, p.due_at) is Light.RED
    assert p.yellow_at == datetime(2026, 11, 16, 14, 42)  # 3 h 12 min of work, lunch skipped
    assert light(at(1.0), None, None) is Light.NONE


def _counts(db: Database) -> tuple[int, ...]:
    with db.engine.connect() as conn:
        return tuple(
            conn.scalar(select(func.count()).select_from(tab)) or 0
            for tab in (t.case_events, t.changes, t.outbox)
        )


def _tick(db: Database, now: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["tick", "--db", str(db.path), "--now", now]) == 0
    return capsys.readouterr().out


def test_tick_escalates_exactly_the_cases_due_and_is_idempotent(
    street: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    cc = CaseCommands(street.engine, defaults.calendar())
    # CS01 is due Monday 15:30; the rules then raise after 4, 8 and 16 more working hours:
    # community Tue 10:00, street Wed 11:00 (+8 h), district Fri 15:30 (+16 h).
    early = _dispatched(cc, "A1")
    late = _dispatched(cc, "A2", at=datetime(2026, 11, 17, 9, 0))  # due Tue 15:30
    safety = _dispatched(cc, "A3", category="TZ04")  # 24 urgent hours: due Tue 9:00, at once
    handled = _dispatched(cc, "A4")
    cc.apply(handled, Command(E.HANDLE, "leader1", Role.GRID_LEADER, MONDAY, "已处理"))

    out = _tick(street, "2026-11-16T15:30", capsys)  # exactly at the deadline: not yet overdue
    assert "0 changed" in out

    _tick(street, "2026-11-17T11:00", capsys)
    p = {c: cc.refold(c)[0] for c in (early, late, safety, handled)}
    assert p[early].supervised and p[early].escalation_level is EscalationLevel.COMMUNITY
    assert not p[late].supervised and p[late].escalation_level is EscalationLevel.GRID
    assert p[safety].supervised and p[safety].escalation_level is EscalationLevel.STREET
    # Verification (1 working day) was due Tuesday 9:00: supervised, but a handled case waits
    # for the inspector, so its level does not rise.
    assert p[handled].supervised and p[handled].escalation_level is EscalationLevel.GRID

    before = _counts(street)
    assert "0 changed" in _tick(street, "2026-11-17T11:00", capsys)
    assert _counts(street) == before

    out = _tick(street, "2026-11-20T15:00", capsys)
    assert cc.refold(early)[0].escalation_level is EscalationLevel.STREET, out
    _tick(street, "2026-11-20T15:31", capsys)
    p = {c: cc.refold(c) for c in (early, late, safety, handled)}
    for stored, folded in p.values():
        assert stored == folded
    assert p[early][0].state is CaseState.ESCALATED
    assert p[early][0].escalation_level is EscalationLevel.DISTRICT
    assert p[late][0].escalation_level is EscalationLevel.STREET  # due a day later
    assert p[handled][0].state is CaseState.HANDLED
    assert p[handled][0].escalation_level is EscalationLevel.GRID
    with street.engine.connect() as conn:
        kinds = conn.execute(
            select(t.case_events.c.type, t.case_events.c.role)
            .where(t.case_events.c.case_id == early, t.case_events.c.origin == "local")
            .order_by(t.case_events.c.id)
        ).all()
    assert [k for k, _ in kinds][-4:] == ["supervise", "raise_level", "raise_level", "escalate"]
    assert {r for _, r in kinds[-4:]} == {"system"}


def test_tick_batches_many_cases(street: Database, capsys: pytest.CaptureFixture[str]) -> None:
    cc = CaseCommands(street.engine, defaults.calendar())
    for i in range(25):
        _dispatched(cc, f"B{i:03d}")
    from commandcenter.store.supervision_tick import SupervisionTick

    report = SupervisionTick(street.engine, defaults.calendar(), defaults.supervision_rules()).run(
        datetime(2026, 11, 17, 11, 0), batch=10
    )
    assert report.batches == 3 and report.cases == 25 and report.supervised == 25


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"raise_after_working_hours": [4, -1, 2]}', "three positive delays"),
        ('{"immediate": {"TZ04": "province"}}', "immediate level of 'TZ04'"),
    ],
)
def test_bad_rules_are_named(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_rules(text)


def test_tick_with_a_bad_rules_file_exits_2(
    street: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text('{"supervise_after_minutes": -5}')
    before = _counts(street)
    code = main(
        ["tick", "--db", str(street.path), "--now", "2026-11-20T10:00", "--rules", str(bad)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "supervise_after_minutes" in err and len(err.strip().splitlines()) == 1
    assert _counts(street) == before


def test_editable_working_hours(tmp_path: Path) -> None:
    path = tmp_path / "calendar.json"
    path.write_text('{"working_hours": [["09:00", "12:00"], ["13:00", "17:00"]]}')
    cal = defaults.calendar(path)
    assert cal.add_working_minutes(datetime(2026, 11, 16, 11, 0), 120) == datetime(
        2026, 11, 16, 14, 0
    )
    path.write_text('{"working_hours": [["09:00", "12:00"], ["11:00", "17:00"]]}')
    with pytest.raises(ValidationError, match="not overlap"):
        defaults.calendar(path)


def test_an_extension_gives_a_new_deadline_and_a_new_supervision(
    street: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    cc = CaseCommands(street.engine, defaults.calendar())
    case = _dispatched(cc, "X1")  # due Monday 15:30
    _tick(street, "2026-11-16T16:00", capsys)
    assert cc.refold(case)[0].supervised
    at = datetime(2026, 11, 16, 16, 30)
    cc.apply(
        case, Command(E.EXTENSION_REQUEST, "leader1", Role.GRID_LEADER, at, "需协调", {"days": 1})
    )
    p = cc.apply(
        case, Command(E.EXTENSION_APPROVE, "shift", Role.SHIFT_LEADER, at, payload={"days": 1})
    ).projection
    assert p.due_at == datetime(2026, 11, 17, 15, 30) and not p.supervised
    assert "0 changed" in _tick(street, "2026-11-17T15:00", capsys)
    assert "1 changed" in _tick(street, "2026-11-17T16:00", capsys)
    stored, folded = cc.refold(case)
    assert stored == folded and stored.supervised
