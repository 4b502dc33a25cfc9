"""[9/10] The rectification ledger in from Excel: the exported workbook imported into a database
of the same street without cases gives back the same ledger, and importing it again adds nothing;
a ledger typed by hand (title rows, blank rows, gaps in 序号, other header names, the date forms
clerks type) is read; a workbook with planted errors yields exactly those errors, with their row
numbers, and leaves the database as it was."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from commandcenter.cli import main
from commandcenter.domain.clock import office_now
from commandcenter.features.ledger_import import LedgerImport, check_ledger
from commandcenter.reports.ledger_read import is_footer
from commandcenter.store.database import open_database


def _sheet_rows(path: Path) -> list[tuple[object, ...]]:
    sheet = load_workbook(path)["整改台账"]
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("cases", "case_events", "ledger_entries", "outbox", "changes")
        }


def _import(db: Path, xlsx: Path, *extra: str) -> int:
    return main(["ledger", "import", "--db", str(db), "--xlsx", str(xlsx), *extra])


def test_export_import_export_gives_the_same_ledger_and_a_second_import_adds_nothing(
    template_db: Path, empty_street: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    period = ["--from", "2026-10-01", "--to", "2026-11-20"]
    export = ["ledger", "export", *period, "--format", "xlsx", "--out"]
    assert main([*export, str(first), "--db", str(template_db)]) == 0
    rows = _sheet_rows(first)
    assert len(rows) > 500  # a month and a half of the street: every state, every source
    capsys.readouterr()

    assert _import(db, first) == 0
    assert f"{len(rows) - 3} cases imported, 0 skipped" in capsys.readouterr().err
    assert main([*export, str(second), "--db", str(db)]) == 0
    assert _sheet_rows(second) == rows  # title, unit, header and every cell of every row
    after = _counts(db)
    assert after["outbox"] == 0  # imported history stays on this workstation

    assert _import(db, first) == 0
    assert "0 cases imported" in capsys.readouterr().err
    assert _counts(db) == after


def _street(db: Path) -> dict[str, str]:
    """Names to type: a grid with a leader (under a community), a leaf category, departments."""
    with sqlite3.connect(db) as conn:
        grid, community = conn.execute(
            "SELECT g.name, p.name FROM grids g JOIN grids p ON p.code = g.parent_code"
            " WHERE g.level = 3 AND g.is_current ORDER BY g.code LIMIT 1"
        ).fetchone()
        category, code = conn.execute(
            "SELECT name, code FROM categories WHERE time_limit IS NOT NULL ORDER BY code LIMIT 1"
        ).fetchone()
        group = conn.execute(
            "SELECT name FROM categories WHERE time_limit IS NULL ORDER BY code LIMIT 1"
        ).fetchone()[0]
        departments = [r[0] for r in conn.execute("SELECT name FROM departments LIMIT 2")]
    return {
        "grid": grid,
        "path": f"{community}/{grid}",
        "category": category,
        "code": code,
        "group": group,
        "dept": departments[0],
        "joint": "、".join(departments),
    }


HEADER = ("序号", "编码", "存在问题", "网格", "问题类型", "问题来源", "发现日期", "责任人",
          "责任部门", "整改情况", "完成时限", "状态", "完成时间", "备注")  # fmt: skip


def _typed_workbook(path: Path, rows: list[tuple[object, ...]]) -> None:
    """A clerk's own workbook: two merged title rows, a note row, blank rows and gaps in 序号."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "十一月"
    sheet["A1"] = "商都路办事处问题整改台账"
    sheet.merge_cells("A1:N1")
    sheet["A2"] = "填报单位：商都路办事处长效办"
    sheet.merge_cells("A2:N2")
    sheet.append(HEADER)  # row 3
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_a_typed_ledger_with_planted_errors(
    empty_street: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    s = _street(db)
    year = office_now().year
    good = (s["grid"], s["category"], "网格巡查")
    rows: list[tuple[object, ...]] = [
        # row 4: a real Excel date, closed, handled by the grid leader
        (1, None, "人行道堆放建筑垃圾", *good, datetime(2026, 11, 3, 9, 30), "", "",
         "已清运", datetime(2026, 11, 5), "已办结", datetime(2026, 11, 4, 16, 0), ""),
        (2, None, "商户占道经营", s["path"], s["code"], "", "2026.11.3", "", s["dept"],
         "", "2026/11/10", "整改中", None, "督办"),  # row 5: code, 社区/网格, dotted date
        (None,) * 14,  # row 6: blank
        (5, "", "   ", *good, "2026年11月3日 8:05", "", "", "", "", "待受理", "", ""),  # 7
        (6, None, "井盖缺失", "不存在的网格", s["category"], "", "2026-11-2", "", "", "",
         "", "待受理", "", ""),  # row 8: unknown grid
        (7, None, "乱贴小广告", *good, "2026.13.5", "", "", "", "", "待受理", "", ""),  # 9
        (8, None, "广告牌松动", s["grid"], "没有这个类别", "", "11月3日", "", "", "", "上周",
         "待受理", "", ""),  # row 10: unknown category, a deadline that is not a date
        (9, None, "绿地毁损", s["grid"], s["group"], "", "11月3日", "", "", "", "",
         "待受理", "", ""),  # row 11: a group, not a category
        (10, None, "路灯不亮", *good, "11月4日 10:00", "", "", "", "", "做完了", "", ""),  # 12
        (11, None, "垃圾满溢", *good, "2026/11/5", "", "", "已清理", "", "已办结", "", ""),  # 13
        (12, None, "油烟扰民", *good, "2099/1/1", "", "", "", "", "待受理", "", ""),  # 14
        (13, None, "违章搭建", s["grid"], s["category"], "电视台", "11月6日", "", s["joint"],
         "联合执法拆除", "11月9日", "已办结", "11月8日 15:30", ""),  # row 15: bad source
        (),  # row 16: blank
        (16, None, "违章搭建", s["grid"], s["category"], "", "11月6日", "", s["joint"],
         "联合执法拆除", "11月9日", "已办结", "11月8日 15:30", ""),  # row 17: joint, 11月x日
    ]  # fmt: skip
    xlsx = tmp_path / "typed.xlsx"
    _typed_workbook(xlsx, rows)
    before = _counts(db)
    dates = "2026.11.3, 2026/11/3, 2026-11-03, 11月3日 or 2026年11月3日, optionally with a time"
    expected = [
        "row 7, column 存在问题: empty",
        "row 8, column 网格: no grid named '不存在的网格' in this street office",
        "row 9, column 发现日期: '2026.13.5' is not a date: there is no such day or time",
        "row 10, column 问题类型: no category named '没有这个类别' in the taxonomy",
        f"row 10, column 完成时限: '上周' is neither a date ({dates}) nor a time limit"
        " (3个工作日, 5天, 一周)",
        f"row 11, column 问题类型: '{s['group']}' is a group of categories; name the category"
        " within it",
        "row 12, column 状态: unknown state '做完了'; the states are"
        " 待受理、待派遣、处置中、待核查、已上报、已办结、不予受理、已作废、挂账",
        "row 13, column 完成时间: empty, but the state is 已办结: when was it closed?",
        "row 14, column 发现日期: 2099-01-01 00:00 is in the future",
        "row 15, column 问题来源: unknown source '电视台'; the sources are"
        " 网格巡查、市民热线、代表接待点、上级交办、督查发现、卫星图斑",
        # 整改情况 can head either column: its cells (texts of measures) decided it.
        "note: column 整改情况 read as 整改措施: 0 of its 4 filled cells are states",
    ]
    capsys.readouterr()
    assert _import(db, xlsx) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == expected
    assert "nothing imported" in out.err
    assert _counts(db) == before

    # The dry run of the same file with the bad rows skipped says what it would add.
    skips = [a for n in (7, 8, 9, 10, 11, 12, 13, 14, 15) for a in ("--skip-row", str(n))]
    assert _import(db, xlsx, *skips, "--dry-run") == 0
    assert "3 cases to import" in capsys.readouterr().err
    assert _counts(db) == before

    assert _import(db, xlsx, *skips) == 0
    assert "3 cases imported, 0 skipped" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        cases = conn.execute(
            "SELECT c.case_no, c.description, c.state, c.reported_at, c.closed_at,"
            " c.handler_kind, c.category_code FROM cases c ORDER BY c.reported_at"
        ).fetchall()
    assert [c[1:5] for c in cases] == [
        ("商户占道经营", "dispatched", "2026-11-03 00:00:00.000000", None),
        ("人行道堆放建筑垃圾", "closed", "2026-11-03 09:30:00.000000",
         "2026-11-04 16:00:00.000000"),
        ("违章搭建", "closed", f"{year}-11-06 00:00:00.000000",
         f"{year}-11-08 15:30:00.000000"),
    ]  # fmt: skip
    assert [c[5] for c in cases] == ["department", "grid_leader", "joint"]
    assert all(c[0].startswith("TZ2026110") for c in cases)

    # Keyed by grid, category, found time and description: the same file adds nothing again.
    imported = _counts(db)
    assert _import(db, xlsx, *skips) == 0
    assert "0 cases imported, 3 skipped" in capsys.readouterr().err
    assert _counts(db) == imported


def test_files_that_are_not_ledgers_are_refused_by_name(
    empty_street: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    text = tmp_path / "ledger.xlsx"
    text.write_text("序号,问题描述\n")
    assert _import(db, text) == 2
    assert "not an Excel workbook" in capsys.readouterr().err
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("序号", "问题描述", "所属网格", "发现时间"))
    book.save(tmp_path / "short.xlsx")
    assert _import(db, tmp_path / "short.xlsx") == 2
    assert "row 1: no column 问题类别、整改状态" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO sync_meta (key, value) VALUES ('server', 'https://p:1')")
    _typed_workbook(tmp_path / "typed.xlsx", [])
    assert _import(db, tmp_path / "typed.xlsx") == 2
    assert "syncs with the district platform" in capsys.readouterr().err
    assert _counts(db)["cases"] == 0


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("ledger.xlsx", "序号,问题描述\n".encode(), "a text or another kind of file named .xlsx"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "Excel 97–2003"),
        ("ledger.csv", "序号,问题描述\n".encode(), "but a .csv file: save it as .xlsx"),
        ("empty.xlsx", b"", "an empty file"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_words_of_our_own(
    empty_street: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    says: str,
) -> None:
    """[12/20] 10: Python's or openpyxl's English ("File is not a zip file") never reaches
    the clerk."""
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    path = tmp_path / name
    path.write_bytes(content)
    assert _import(db, path) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1, err
    for library in ("zip file", "openpyxl", "Traceback", "Errno"):
        assert library not in err, err


def test_a_workbook_cut_short_is_said_to_be_damaged(
    empty_street: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("序号", "问题描述", "所属网格", "问题类别", "发现时间", "整改状态"))
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert _import(db, cut) == 2
    err = capsys.readouterr().err
    assert "a damaged Excel workbook" in err and "zip" not in err.replace(".xlsx", ""), err


def test_signature_and_footer_lines_are_skipped_with_a_note(
    empty_street: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """[12/20] 10: what offices write under a ledger (制表人, 审核人, 日期：, 负责人签字) is
    recognised and skipped with a note, not reported as bad rows."""
    db = tmp_path / "street.db"
    db.write_bytes(empty_street.read_bytes())
    s = _street(db)
    good = (s["grid"], s["category"], "网格巡查")
    rows: list[tuple[object, ...]] = [
        (1, None, "人行道堆放建筑垃圾", *good, "2026/11/3 9:30", "", "", "", "", "待受理", "", ""),
        (2, None, "商户占道经营", *good, "2026/11/4 10:00", "", "", "", "", "待受理", "", ""),
        (),
        ("制表人：张三", None, None, "审核人：李四", None, None, "日期：2026年11月20日"),  # row 7
        (None, "负责人签字：", None, None, None, None, None, None, "（盖章）"),  # row 8
    ]  # fmt: skip
    xlsx = tmp_path / "signed.xlsx"
    _typed_workbook(xlsx, rows)
    checked = check_ledger_file(db, xlsx)
    assert checked.problems == []
    assert [(k.row, k.why) for k in checked.skipped] == [
        (7, "a signature or footer line"),
        (8, "a signature or footer line"),
    ]
    capsys.readouterr()
    assert _import(db, xlsx) == 0
    err = capsys.readouterr().err
    assert "2 rows, 2 cases imported, 2 skipped" in err, err


def check_ledger_file(db: Path, xlsx: Path) -> LedgerImport:
    database = open_database(db)
    try:
        return check_ledger(database.engine, xlsx, office_now())
    finally:
        database.dispose()


def test_a_row_of_a_case_is_never_taken_for_a_footer() -> None:
    assert is_footer(["制表人：张三", "日期：2026年11月20日"])
    assert is_footer(["负责人签字：", "（盖章）"])
    assert not is_footer([1, "制表人乱扔垃圾", "南岗第一网格"])  # a number: a case's row
    assert not is_footer(["日期不清的违章搭建", "南岗第一网格", "违法建设", "2026/11/3", "待受理"])
    assert not is_footer([])
