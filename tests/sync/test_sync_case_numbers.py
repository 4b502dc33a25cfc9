"""[12/20] 6 at the workstation: a case filed without a number gets the workstation's next,
{street prefix}{day}{its letter}{nnn}. Two desks of one street that file offline on the same day
never collide: both push, the platform applies all, and each desk holds both desks' cases under
the numbers they were filed with. A desk that never signed in online has no letter and says so;
the 999th case of a day is the last."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from harness import Platform
from sqlalchemy import select, update
from sync_harness import Workstation

from commandcenter.domain.enums import Priority, Role, Source
from commandcenter.domain.errors import ValidationError
from commandcenter.domain.lifecycle import EventType as E
from commandcenter.domain.transitions import Command
from commandcenter.store import schema as t
from commandcenter.store.case_commands import NewCase, Recorded


def _file(ws: Workstation, at: datetime, text: str = "占道经营") -> Recorded:
    grid, member = ws.leaf_grid_with_member()
    return ws.store.commands.report(
        NewCase(
            "",
            ws.leaf_category(),
            Source.PATROL,
            Priority.NORMAL,
            grid,
            text,
            "商都路8号",
            None,
            None,
        ),
        Command(E.REPORT, member, Role.GRID_MEMBER, at, "上报"),
    )


def _numbers(ws: Workstation) -> set[str]:
    with ws.db.engine.connect() as conn:
        return set(conn.execute(select(t.cases.c.case_no)).scalars())


def test_two_desks_filing_offline_on_one_day_never_collide(
    platform: Platform, workstation: Callable[..., Workstation]
) -> None:
    a, b = workstation(platform.base, "a"), workstation(platform.base, "b")
    for ws in (a, b):  # each signs in online once: its letter is issued
        ws.sign_in("shangdu-duty")
        ws.engine.sync()
        ws.engine.sign_in_offline("shangdu-duty", "demo", frozenset({Role.DUTY_OFFICER}))
    assert (a.store.meta()["letter"], b.store.meta()["letter"]) == ("A", "B")
    at = datetime.now().replace(microsecond=0) - timedelta(minutes=40)
    day = f"SD{at:%Y%m%d}"
    filed_a = [_file(a, at + timedelta(minutes=k)).case_no for k in range(3)]
    filed_b = [_file(b, at + timedelta(minutes=k)).case_no for k in range(2)]
    assert filed_a == [f"{day}A001", f"{day}A002", f"{day}A003"]
    assert filed_b == [f"{day}B001", f"{day}B002"]
    for ws in (a, b):
        ws.sign_in("shangdu-duty")
        report = ws.engine.sync()
        assert report.refused == 0 and not report.errors, report
    a.engine.sync()  # a pulls b's
    for ws in (a, b):
        assert ws.store.counts().pending == 0 and ws.store.refusals() == []
        assert set(filed_a + filed_b) <= _numbers(ws)


def test_a_desk_without_a_letter_says_so_and_the_999th_case_is_the_last(
    platform: Platform, workstation: Callable[..., Workstation]
) -> None:
    ws = workstation(platform.base, "never")
    ws.sign_in("shangdu-duty")
    ws.engine.sync()
    ws.store.set_meta({"letter": None})  # as before its first online sign-in with a letter
    at = datetime.now().replace(microsecond=0) - timedelta(minutes=10)
    with pytest.raises(ValidationError, match="no letter for case numbers yet: sign in"):
        _file(ws, at)
    ws.sign_in("shangdu-duty")  # the same letter again
    first = _file(ws, at)
    assert first.case_no == f"SD{at:%Y%m%d}A001"
    with ws.db.engine.begin() as conn:  # as if 998 more were filed today
        conn.execute(
            update(t.cases)
            .where(t.cases.c.id == first.case_id)
            .values(case_no=f"SD{at:%Y%m%d}A999")
        )
    with pytest.raises(ValidationError, match="numbered 999 cases on"):
        _file(ws, at)
    with ws.db.engine.connect() as conn:  # nothing half-written
        assert conn.scalar(select(t.cases.c.id).order_by(t.cases.c.id.desc())) == first.case_id
