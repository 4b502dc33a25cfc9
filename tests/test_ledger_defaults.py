"""[13/20] 7: what the ledger lists by default. Window and `ledger export` alike list the
accepted problems (not 待受理, 不予受理, 已作废) unless told `--state all`; `--state 未办结` takes
those accepted and not yet closed, as the window's choice does; the window opens on 未办结 across
all dates (never an empty month); 备注 says 超期办结 with how late."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from commandcenter.cli import main
from commandcenter.domain.enums import CaseState
from commandcenter.features.ledger_export import build_ledger, parse_states
from commandcenter.store.database import open_readonly
from commandcenter.store.ledger import (
    ACCEPTED_PROBLEMS,
    UNFINISHED,
    LedgerQuery,
    late_by,
    ledger_records,
)
from commandcenter.ui.ledger.ledger_filter_bar import LedgerFilterBar

S = CaseState
NEVER_PROBLEMS = {S.REPORTED, S.REJECTED, S.VOIDED}


def test_the_state_words_of_the_command_line() -> None:
    assert parse_states(()) == ACCEPTED_PROBLEMS
    assert not ACCEPTED_PROBLEMS & NEVER_PROBLEMS
    assert parse_states(("未办结",)) == UNFINISHED == ACCEPTED_PROBLEMS - {S.CLOSED}
    assert parse_states(("all",)) == frozenset()  # no state left out
    assert parse_states(("已办结", "已整改")) == {S.CLOSED}
    assert parse_states(("待受理", "未办结")) == UNFINISHED | {S.REPORTED}


def test_export_lists_the_accepted_problems_unless_told_all(
    template_db: Path, tmp_path: Path
) -> None:
    db = open_readonly(template_db)
    try:
        every = ledger_records(db.engine, LedgerQuery())
        default = build_ledger(db.engine, LedgerQuery(states=parse_states(())))
    finally:
        db.dispose()
    held = {r.state for r in every}
    assert held & NEVER_PROBLEMS, "the seeded street has reports, rejections or voids"
    assert len(default.rows) == sum(r.state in ACCEPTED_PROBLEMS for r in every)
    out = tmp_path / "ledger.xlsx"
    args = ["ledger", "export", "--db", str(template_db), "--format", "xlsx", "--out", str(out)]
    for extra, expected in (
        ([], sum(r.state in ACCEPTED_PROBLEMS for r in every)),
        (["--state", "all"], len(every)),
        (["--state", "未办结"], sum(r.state in UNFINISHED for r in every)),
    ):
        assert main([*args, *extra]) == 0
        sheet = load_workbook(out).active
        assert sheet is not None
        numbers = [row[1] for row in sheet.iter_rows(min_row=1, values_only=True)]
        rows = [n for n in numbers if isinstance(n, str) and n[:2].isalpha() and n[2:4] == "20"]
        assert len(rows) == expected, extra


def test_a_case_closed_late_says_so_with_how_late(template_db: Path) -> None:
    db = open_readonly(template_db)
    try:
        records = ledger_records(db.engine, LedgerQuery(states=frozenset({S.CLOSED})))
    finally:
        db.dispose()
    late = [r for r in records if r.due_at and r.closed_at and r.closed_at > r.due_at]
    on_time = [r for r in records if r.due_at and r.closed_at and r.closed_at <= r.due_at]
    assert late and on_time
    for r in late[:20]:
        assert r.remark.startswith(f"超期办结（{late_by(r.closed_at - r.due_at)}）"), r.remark  # type: ignore[operator]
    assert not any("超期办结" in r.remark for r in on_time)


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (1, "超1分钟"),
        (45, "超45分钟"),
        (60, "超1小时"),
        (24 * 60, "超1天"),
        (51 * 60 + 5, "超2天3小时"),
    ],
)
def test_how_late_is_said(minutes: int, said: str) -> None:
    assert late_by(timedelta(minutes=minutes)) == said


def test_the_window_opens_on_unfinished_across_all_dates(qtbot: QtBot) -> None:
    bar = LedgerFilterBar(datetime(2026, 11, 21).date())
    qtbot.addWidget(bar)
    query = bar.query()
    assert query.states == UNFINISHED
    assert query.date_from is None and query.date_to is None
    assert bar.any_date.isChecked() and not bar.date_from.isEnabled()
    assert bar.state.currentText() == "未办结"
    assert bar.set_states(()) and bar.query().states == frozenset()
    assert bar.set_states(ACCEPTED_PROBLEMS) and bar.state.currentText() == "已受理问题"
