"""[10/10] The weekly supervision notice (督查通报) out of `commandcenter notice`: its PDF's text
(pdftotext) lists exactly the week's overdue cases (§I6 of docs/indicators.md, found here by SQL
of our own) and the cases sent back for rework in the week, ranks every level-2 grid, carries
the title, the issuing office and the date; it is A4 portrait; what the user can fix fails with
one line and exit 2, writing nothing."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from commandcenter import defaults
from commandcenter.cli import main
from commandcenter.domain.periods import week_period
from commandcenter.store.database import open_readonly
from commandcenter.store.indicators import stats_table

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is a system package"
)
NOW = datetime(2026, 11, 20, 17, 0)  # the seeded street's last day, W47 still running
CASE_NO = re.compile(r"SD\d{12}")
OFFICE = "商都路办事处网格化管理督查室"


def _t(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S.%f}"  # as SQLAlchemy stores times in SQLite


def _overdue(db: Path, week: str) -> list[str]:
    """§I6 `overdue`: H in the week, not voided/shelved before H, not handled by H, and H
    passed by the week's end (or now, while it runs)."""
    period = week_period(week)
    asof = min(period.end, NOW)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT case_no FROM cases WHERE handle_due_at >= ? AND handle_due_at < ?"
            " AND NOT (state IN ('voided', 'shelved') AND ended_at IS NOT NULL"
            "          AND ended_at < handle_due_at)"
            " AND (first_handled_at IS NULL OR first_handled_at > handle_due_at)"
            " AND handle_due_at < ?",
            (_t(period.start), _t(period.end), _t(asof)),
        ).fetchall()
    return sorted(r[0] for r in rows)


def _reworked(db: Path, week: str) -> list[str]:
    period = week_period(week)
    asof = min(period.end, NOW)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT DISTINCT c.case_no FROM case_events e JOIN cases c ON c.id = e.case_id"
            " WHERE e.type = 'rework' AND e.at >= ? AND e.at < ?",
            (_t(period.start), _t(asof)),
        ).fetchall()
    return sorted(r[0] for r in rows)


def _notice(db: Path, out: Path, week: str) -> int:
    return main(
        ["notice", "--db", str(db), "--week", week, "--now", NOW.isoformat(), "--out", str(out)]
    )


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _section(text: str, start: str, end: str) -> str:
    flat = re.sub(r"[ \t]+", "", text)  # pdftotext spaces out justified Chinese
    return flat[flat.index(start) : flat.index(end)]


@pytest.fixture(scope="module")
def notices(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The notices of W46 (over by NOW) and W47 (running at NOW), written once."""
    folder = tmp_path_factory.mktemp("notices")
    out = {}
    for week in ("2026-W46", "2026-W47"):
        out[week] = folder / f"notice-{week}.pdf"
        assert _notice(template_db, out[week], week) == 0
    return out


@pytest.mark.parametrize("week", ["2026-W46", "2026-W47"])
def test_the_notice_lists_exactly_the_overdue_cases_of_the_week(
    template_db: Path, notices: dict[str, Path], week: str
) -> None:
    wanted = _overdue(template_db, week)
    assert len(wanted) >= 5  # a week with something to report
    section = _section(_text(notices[week]), "二、超期案件", "三、返工案件")
    found = CASE_NO.findall(section)
    assert sorted(found) == wanted  # each once, and no other case
    db = open_readonly(template_db)
    try:
        table = stats_table(db.engine, "grid2", week_period(week), defaults.scoring_weights(), NOW)
    finally:
        db.dispose()
    assert len(found) == table.total["overdue"]  # the very count of `stats --week`
    assert f"超期案件共{len(found)}件" in section


def test_the_reworked_cases_of_the_week_are_listed(
    template_db: Path, notices: dict[str, Path]
) -> None:
    wanted = _reworked(template_db, "2026-W46")
    assert wanted
    section = _section(_text(notices["2026-W46"]), "三、返工案件", "四、本周排名")
    assert sorted(CASE_NO.findall(section)) == wanted


def test_it_ranks_every_grid_and_carries_title_office_and_date(
    template_db: Path, notices: dict[str, Path]
) -> None:
    with sqlite3.connect(template_db) as conn:
        grids = [
            r[0] for r in conn.execute("SELECT name FROM grids WHERE level = 2 AND is_current")
        ]
    assert len(grids) > 10
    text = _text(notices["2026-W46"])
    ranking = _section(text, "四、本周排名", "五、工作要求")
    for name in grids:
        assert name in ranking, name
    flat = re.sub(r"\s+", "", text)  # the title runs over two lines
    assert flat.startswith(OFFICE + "第46期")  # the red masthead, then the serial
    assert "关于2026年第46周网格化管理工作情况的督查通报" in flat
    assert f"{OFFICE}2026年11月20日" in flat  # the signature: office over the date
    assert "抄送：" in flat and "2026年11月20日印发" in flat
    pages = text.split("\f")[:-1]
    assert len(pages) > 1
    for n, page in enumerate(pages, start=1):
        assert f"—{n}—" in page.replace(" ", ""), f"page {n} lacks its number"


def test_the_notice_is_a4_portrait(notices: dict[str, Path]) -> None:
    pdf = notices["2026-W47"]
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert len(sizes) == pages
    assert all(float(w) < float(h) for w, h in sizes)  # portrait


@pytest.mark.parametrize(
    ("week", "folder", "says"),
    [
        ("2026-W60", "", "2026 has no week 60"),
        ("2026-W47", "missing", "is not a directory"),
        ("2026-W47", "a-file", "is not a directory"),
        ("2026-W48", "", "2026-W48 has not begun by 2026-11-20 17:00"),
    ],
)
def test_what_the_user_can_fix_is_one_line_and_exit_2_and_no_file(
    template_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    week: str,
    folder: str,
    says: str,
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    out = (tmp_path / folder / "notice.pdf") if folder else tmp_path / "notice.pdf"
    before = sorted(tmp_path.rglob("*"))
    assert _notice(template_db, out, week) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, not even a partial file
