"""[12/20] 10: ledgers as offices type them. A header that can mean two columns (整改情况) is read
by its values, and the reading said; a source or time limit typed in words is read where it has
one meaning and explained where it has not; a 责任单位 close to a department but not it is a
warning naming the nearest; an unknown category suggests the nearest; and (Hypothesis) ledgers
with random header spellings, title rows, blank rows, footer lines and date forms import to the
same cases as the clean one."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from commandcenter import defaults
from commandcenter.domain.clock import office_now
from commandcenter.domain.enums import TimeUnit
from commandcenter.features.ledger_import import LedgerImport, check_ledger
from commandcenter.reports.ledger_read import AMBIGUOUS, SYNONYMS
from commandcenter.store.database import open_database
from test_ledger_import import _import, _street


def _workbook(path: Path, header: list[str], rows: list[list[object]], titles: int = 1) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for k in range(titles):
        sheet.append([f"商都路办事处问题整改台账（{k + 1}）"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _check(db: Path, xlsx: Path) -> LedgerImport:
    database = open_database(db)
    try:
        return check_ledger(database.engine, xlsx, office_now(), calendar=defaults.calendar())
    finally:
        database.dispose()


@pytest.fixture
def street(empty_street: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    return db, _street(db)


def test_a_header_of_two_meanings_is_read_by_its_values(
    street: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    db, s = street
    # 整改情况 heads the states here (no 状态 column): a column of state words is the state.
    header = ["问题描述", "网格", "问题类型", "发现日期", "整改措施", "整改情况"]
    rows: list[list[object]] = [
        ["人行道堆放建筑垃圾", s["grid"], s["category"], "2026/11/3 9:30", "已清运", "未整改"],
        ["商户占道经营", s["grid"], s["category"], "2026/11/4 10:00", "", "整改中"],
        ["绿地毁损", s["grid"], s["category"], "2026/11/5 10:00", "", "待受理"],
    ]
    xlsx = tmp_path / "states.xlsx"
    _workbook(xlsx, header, rows)
    checked = _check(db, xlsx)
    assert checked.problems == [] and len(checked.cases) == 3
    assert [c.state.label for c in checked.cases] == ["处置中", "处置中", "待受理"]
    assert [n.text for n in checked.notes] == [
        "column 整改情况 read as 整改状态: 3 of its 3 filled cells are states"
        " (未整改、整改中、待受理)"
    ]
    # Beside a 状态 column, the same header of texts is the measures.
    header = ["问题描述", "网格", "问题类型", "发现日期", "整改情况", "状态"]
    rows = [["井盖缺失", s["grid"], s["category"], "2026/11/3 9:30", "已更换井盖", "待受理"]]
    _workbook(xlsx, header, rows)
    checked = _check(db, xlsx)
    assert checked.problems == [] and checked.cases[0].row.measures == "已更换井盖"
    assert "column 整改情况 read as 整改措施" in checked.notes[0].text


def test_sources_and_time_limits_typed_in_words(
    street: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, s = street
    header = ["问题描述", "网格", "问题类型", "问题来源", "发现日期", "整改时限", "状态"]
    found = "2026/11/3 9:30"  # a Tuesday
    rows: list[list[object]] = [
        ["占道经营", s["grid"], s["category"], "12345热线", found, "3个工作日", "待受理"],
        ["乱堆乱放", s["grid"], s["category"], "巡查", found, "五天", "待受理"],
        ["违章搭建", s["grid"], s["category"], "上级交办", found, "一周内", "待受理"],
        ["油烟扰民", s["grid"], s["category"], "群众反映", found, "长期", "待受理"],  # row 6
        ["噪音扰民", s["grid"], s["category"], "信访", found, "尽快整改", "待受理"],  # row 7
    ]
    xlsx = tmp_path / "words.xlsx"
    _workbook(xlsx, header, rows)
    checked = _check(db, xlsx)
    said = [str(p) for p in checked.problems]
    assert said == [
        "row 6, column 问题来源: '群众反映' may be 市民热线 or 代表接待点: write which",
        "row 6, column 整改时限: '长期' gives no time limit: type the date it was due "
        "(2026.11.3, 2026/11/3, 2026-11-03, 11月3日 or 2026年11月3日, optionally with a time)"
        " or a duration (3个工作日, 5天, 一周)",
        "row 7, column 问题来源: '信访' may be 市民热线 or 代表接待点 or 上级交办: write which",
        "row 7, column 整改时限: '尽快整改' gives no time limit: type the date it was due "
        "(2026.11.3, 2026/11/3, 2026-11-03, 11月3日 or 2026年11月3日, optionally with a time)"
        " or a duration (3个工作日, 5天, 一周)",
    ]
    # Without those two rows, the rest is read.
    _workbook(xlsx, header, rows[:3])
    checked = _check(db, xlsx)
    assert checked.problems == []
    at = datetime(2026, 11, 3, 9, 30)
    calendar = defaults.calendar()
    assert [(c.source.label, c.row.due_at) for c in checked.cases] == [
        ("市民热线", calendar.deadline(at, 3, TimeUnit.WORKING_DAYS)),
        ("网格巡查", at + timedelta(days=5)),
        ("上级交办", at + timedelta(days=7)),
    ]
    assert checked.cases[0].row.due_at == datetime(2026, 11, 6, 9, 30)  # Tue + 3 working days


def test_a_unit_near_a_department_is_a_warning_and_an_unknown_category_suggests(
    street: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, s = street
    header = ["问题描述", "网格", "问题类型", "发现日期", "责任单位", "状态"]
    rows: list[list[object]] = [
        ["占道经营", s["grid"], s["category"], "2026/11/3 9:30", "城管局", "整改中"],
        ["店外经营", s["grid"], s["category"], "2026/11/3 9:40", "城管执法局", "整改中"],
    ]
    xlsx = tmp_path / "units.xlsx"
    _workbook(xlsx, header, rows)
    checked = _check(db, xlsx)
    assert checked.problems == []
    (warning,) = checked.notes
    assert (warning.row, warning.column) == (3, "责任单位")
    assert warning.text.startswith("'城管局' is not a department (nearest: 城管执法局")
    assert checked.cases[0].handler["handler_kind"] == "grid_leader"
    assert checked.cases[1].handler["handler_kind"] == "department"
    capsys.readouterr()
    assert _import(db, xlsx, "--dry-run") == 0
    out = capsys.readouterr()
    assert "note: row 3, column 责任单位: '城管局' is not a department" in out.out
    assert "1 notes" in out.err
    # An unknown category: the nearest ones named.
    rows = [["占道", s["grid"], "占到经营", "2026/11/3 9:30", "", "待受理"]]
    _workbook(xlsx, header, rows)
    (problem,) = _check(db, xlsx).problems
    assert problem.text.startswith(
        "no category named '占到经营' in the taxonomy; nearest: 占道经营"
    )


# -- Hypothesis: messy ledgers import to the same cases as the clean one -----------------------
CANONICAL = ["序号", "问题描述", "所属网格", "问题类别", "来源", "发现时间", "整改措施",
             "整改状态", "办结时间", "责任单位"]  # fmt: skip
SOURCE_TYPED = {"网格巡查": ["网格巡查", "巡查", "日常巡查", "patrol"],
                "市民热线": ["市民热线", "12345热线", "热线"],
                "上级交办": ["上级交办", "交办"]}  # fmt: skip
STATE_TYPED = {"已办结": ["已办结", "已整改", "办结", "完成"], "处置中": ["处置中", "整改中"],
               "待受理": ["待受理"]}  # fmt: skip
FOOTERS = [
    ["制表人：张三", None, "审核人：李四"],
    ["日期：2026年11月20日"],
    ["负责人签字：", "（盖章）"],
]


def _date_forms(at: datetime) -> list[object]:
    return [
        at,
        f"{at.year}.{at.month}.{at.day} {at:%H:%M}",
        f"{at.year}/{at.month}/{at.day} {at:%H:%M}",
        f"{at:%Y-%m-%d %H:%M}",
        f"{at.year}年{at.month}月{at.day}日 {at.hour}:{at:%M}",
        f"{at.year}年{at.month}月{at.day}日{at.hour}时{at.minute}分",
    ]


def _clean_cases(s: dict[str, str]) -> list[dict[str, Any]]:
    base = office_now().replace(hour=9, minute=30, second=0, microsecond=0) - timedelta(days=20)
    plans = [
        ("人行道堆放建筑垃圾", "网格巡查", "已办结", "已清运", s["dept"]),
        ("商户占道经营", "市民热线", "处置中", "", s["dept"]),
        ("井盖缺失", "上级交办", "待受理", "", ""),
        ("乱贴小广告", "网格巡查", "已办结", "已清理", ""),
        ("油烟扰民", "市民热线", "处置中", "", ""),
    ]
    return [
        {
            "序号": n + 1,
            "问题描述": text,
            "所属网格": s["grid"],
            "问题类别": s["category"],
            "来源": source,
            "发现时间": base + timedelta(days=n, minutes=7 * n),
            "整改措施": measures,
            "整改状态": state,
            "办结时间": base + timedelta(days=n + 2) if state == "已办结" else None,
            "责任单位": unit,
        }
        for n, (text, source, state, measures, unit) in enumerate(plans)
    ]


def _write(path: Path, cases: list[dict[str, Any]], rng: random.Random | None) -> None:
    """The clean ledger (rng None), or one typed as a random office would."""
    columns = list(CANONICAL)
    headers = {c: c for c in columns}
    if rng is not None:
        rng.shuffle(columns)
        headers = {c: rng.choice(SYNONYMS[c]) for c in columns}
        if rng.random() < 0.5:  # the state column headed 整改情况, the measures unambiguously
            headers["整改状态"] = rng.choice(sorted(AMBIGUOUS))
            headers["整改措施"] = rng.choice(["整改措施", "处置措施", "整改举措"])
        # A header's spacing and brackets as typed: 发现时间（年月日）, 问 题 描 述.
        headers = {
            c: rng.choice([h, f"{h}（必填）", " ".join(h), f"{h}："]) if c != "序号" else h
            for c, h in headers.items()
        }
        if len(set(headers.values())) < len(headers):
            headers = {c: c for c in columns}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    titles = rng.randint(0, 3) if rng else 0
    for k in range(titles):
        sheet.append(["商都路办事处问题整改台账" if k == 0 else f"填报单位：长效办（{k}）"])
        if rng and rng.random() < 0.5:
            sheet.merge_cells(start_row=k + 1, start_column=1, end_row=k + 1, end_column=6)
    sheet.append([headers[c] for c in columns])
    for case in cases:
        while rng and rng.random() < 0.3:
            sheet.append([])  # blank rows between
        typed = dict(case)
        if rng is not None:
            typed["发现时间"] = rng.choice(_date_forms(case["发现时间"]))
            if case["办结时间"] is not None:
                typed["办结时间"] = rng.choice(_date_forms(case["办结时间"]))
            typed["来源"] = rng.choice(SOURCE_TYPED[case["来源"]])
            typed["整改状态"] = rng.choice(STATE_TYPED[case["整改状态"]])
            typed["序号"] = rng.choice([case["序号"], None, case["序号"] * 2])
        sheet.append([typed[c] for c in columns])
    if rng is not None:
        for footer in rng.sample(FOOTERS, rng.randint(0, len(FOOTERS))):
            if rng.random() < 0.5:
                sheet.append([])
            sheet.append(footer)
    book.save(path)


def _cases_of(checked: LedgerImport) -> list[tuple[object, ...]]:
    return [
        (
            c.row.description,
            c.grid_code,
            c.category_code,
            c.source,
            c.found_at,
            c.state,
            c.row.closed_at,
            c.row.measures,
            dict(c.handler),
        )
        for c in checked.cases
    ]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_messy_ledgers_import_to_the_same_cases_as_the_clean_one(
    street: tuple[Path, dict[str, str]], tmp_path: Path, seed: int
) -> None:
    db, s = street
    cases = _clean_cases(s)
    clean, messy = tmp_path / "clean.xlsx", tmp_path / f"messy-{seed}.xlsx"
    _write(clean, cases, None)
    expected = _check(db, clean)
    assert expected.problems == [] and len(expected.cases) == len(cases)
    _write(messy, cases, random.Random(seed))
    got = _check(db, messy)
    assert [str(p) for p in got.problems] == []
    assert _cases_of(got) == _cases_of(expected)
    messy.unlink()
