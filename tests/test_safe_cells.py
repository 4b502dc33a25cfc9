"""[12/20] 2: text stays text in every workbook and CSV the project writes. A description, a
measure, a grid's or a leader's name starting with `=`, `+`, `-`, `@`, a tab or a carriage
return is written as a string cell shown literally (with Excel's quote prefix), never as a
formula; in a CSV it is prefixed with `'` (OWASP); characters XML cannot carry do not fail the
workbook."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text as sql

from commandcenter.features.ledger_export import LedgerExportRequest, export_ledger
from commandcenter.features.stats import StatsRequest, stats_report
from commandcenter.reports.safe_cells import FORMULA_STARTS, csv_field, write_cell, write_csv
from commandcenter.store.database import open_database

PAYLOADS = {
    "=": '=HYPERLINK("http://127.0.0.1/x","点此查看")',
    "+": "+1+1 占道经营",
    "-": "-2+3 店外经营",
    "@": "@SUM(A1:A9)",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}
DAY = date(2026, 11, 18)


def test_every_dangerous_first_character_has_a_payload() -> None:
    assert set(PAYLOADS) == set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.fixture
def hostile_db(street_db: Path) -> Path:
    """The street with six cases of DAY described by the payloads, and a level-2 grid and its
    leader named like formulas."""
    db = open_database(street_db)  # its connections know the search index's functions
    with db.engine.begin() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                sql("SELECT id FROM cases WHERE date(reported_at) = :day ORDER BY id LIMIT 6"),
                {"day": DAY.isoformat()},
            )
        ]
        assert len(ids) == 6
        for case_id, payload in zip(ids, PAYLOADS.values(), strict=True):
            conn.execute(
                sql("UPDATE cases SET description = :d WHERE id = :id"),
                {"d": payload, "id": case_id},
            )
        grid, leader = conn.execute(
            sql("SELECT code, leader_code FROM grids WHERE level = 2 AND is_current ORDER BY code")
        ).first()
        conn.execute(
            sql("UPDATE grids SET name = '=1+1社区' WHERE code = :g AND is_current"), {"g": grid}
        )
        conn.execute(sql("UPDATE people SET name = '@张三' WHERE code = :p"), {"p": leader})
    db.dispose()
    return street_db


def test_the_ledger_workbook_holds_every_payload_as_literal_text(
    hostile_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "台账.xlsx"
    export_ledger(
        LedgerExportRequest(hostile_db, out, "xlsx", date_from=DAY, date_to=DAY),
    )
    sheet = load_workbook(out)["整改台账"]
    texts = {}
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                texts[cell.coordinate] = cell.value
                if cell.value.startswith(FORMULA_STARTS):
                    assert cell.quotePrefix, cell.coordinate  # stays text when edited
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    shown = set(texts.values())
    for text in PAYLOADS.values():
        assert text in shown, repr(text)  # exactly as typed, nothing added or lost
    assert any(t.startswith("=1+1社区") for t in shown)
    with zipfile.ZipFile(out) as book:
        xml = book.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml  # no formula anywhere in the sheet


def test_characters_xml_cannot_carry_do_not_fail_the_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    write_cell(sheet, 1, 1, "违建\x01台账\x1f")  # type: ignore[arg-type]
    write_cell(sheet, 1, 2, "行一\n行二\t末尾")  # type: ignore[arg-type]
    book.save(tmp_path / "x.xlsx")
    again = load_workbook(tmp_path / "x.xlsx").active
    assert again is not None
    assert again["A1"].value == "违建\ufffd台账\ufffd" and again["B1"].value == "行一\n行二\t末尾"


def test_the_stats_csv_prefixes_text_that_starts_like_a_formula(hostile_db: Path) -> None:
    report = stats_report(
        StatsRequest(hostile_db, "grid2", week="2026-W47", format="csv", now=datetime(2026, 11, 20))
    )
    rows = list(csv.DictReader(io.StringIO(report.text)))
    names = [r["name"] for r in rows]
    assert "'=1+1社区" in names, names
    for row in rows:
        for key, value in row.items():
            assert (
                not value.startswith(FORMULA_STARTS) or value.lstrip("-").replace(".", "").isdigit()
            ), (key, value)


def test_csv_fields_text_guarded_numbers_kept() -> None:
    assert [csv_field(v) for v in ("=1", "-x", "商都", -3, 0.5, None)] == [
        "'=1",
        "'-x",
        "商都",
        -3,
        0.5,
        "",
    ]
    text = write_csv(["a", "b"], [{"a": "@x", "b": -1}, {"a": "\t=2"}])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["'@x", "-1"], ["'\t=2", ""]]


def test_no_module_writes_a_cell_or_a_csv_but_through_the_safe_writer() -> None:
    root = Path(__file__).resolve().parent.parent / "src" / "commandcenter"
    writes = re.compile(
        r"csv\.(writer|DictWriter)\(|\.cell\([^()]*,[^()]*,[^()]*\)|\.value\s*=[^=]|\.append\(\["
    )
    found = [
        f"{p.relative_to(root)}:{n}"
        for p in root.rglob("*.py")
        if p.name != "safe_cells.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line) and ("openpyxl" in p.read_text(encoding="utf-8") or "csv" in line)
    ]
    assert found == [], "write cells and CSV rows through reports/safe_cells.py"
