"""[9/10] The rectification ledger out: the PDF's text (pdftotext) holds the title, every
header on every page and every case of the filter, its page count is what its footers say; the
PNG pages (pdftoppm) are A4 landscape; the workbook is laid out as a clerk prints it."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from commandcenter.cli import main
from commandcenter.reports.ledger import HEADERS

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is a system package"
)
FROM, TO = date(2026, 10, 1), date(2026, 10, 31)


def _community(db: Path) -> tuple[str, str]:
    with sqlite3.connect(db) as conn:
        code, name = conn.execute(
            "SELECT g.code, g.name FROM grids g JOIN cases c ON c.grid_code LIKE g.code || '%'"
            " WHERE g.level = 2 AND g.is_current GROUP BY g.code ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return code, name


ACCEPTED = ("accepted", "dispatched", "handled", "escalated", "closed", "shelved")


def _cases(db: Path, grid: str, states: tuple[str, ...] = ()) -> list[str]:
    query = (
        "SELECT case_no FROM cases WHERE grid_code >= ? AND grid_code < ? || '~'"
        " AND reported_at >= ? AND reported_at < ?"
    )
    args: list[object] = [grid, grid, str(datetime(2026, 10, 1)), str(datetime(2026, 11, 1))]
    if states:
        query += f" AND state IN ({','.join('?' * len(states))})"
        args += states
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(query + " ORDER BY reported_at, case_no", args)]


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # a form feed ends every page


def _export(db: Path, out: Path, *extra: str) -> int:
    return main(["ledger", "export", "--db", str(db), *extra, "--out", str(out)])


def test_the_pdf_holds_the_title_every_header_on_every_page_and_every_case(
    template_db: Path, tmp_path: Path
) -> None:
    grid, name = _community(template_db)
    # No --state: the accepted problems ([13/20] 7: not 待受理, 不予受理, 已作废).
    wanted = _cases(template_db, grid, ACCEPTED)
    assert len(wanted) > 40  # several pages
    pdf = tmp_path / "ledger.pdf"
    period = ["--from", FROM.isoformat(), "--to", TO.isoformat()]
    assert _export(template_db, pdf, "--grid", grid, *period, "--format", "pdf") == 0
    pages = _pdf_pages(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert len(pages) == count > 1
    title = f"商都路办事处{name}问题整改台账（2026年10月1日至2026年10月31日）"
    assert title in pages[0].replace(" ", "")
    for n, page in enumerate(pages, start=1):
        flat = page.replace(" ", "")
        assert all(h in flat for h in HEADERS), f"page {n} lacks the header row"
        assert f"第{n}页共{count}页" in flat
    found = re.findall(r"SD\d{12}", "".join(pages))
    assert found == wanted  # every case of the filter, once, in order, nothing else
    last = pages[-1].replace(" ", "")
    for label in ("网格长（签字）", "督查员（签字）", "负责人（签字）", "日期："):
        assert label in last
    assert not list(tmp_path.glob(".*partial"))


def test_the_pages_render_as_a4_landscape(template_db: Path, tmp_path: Path) -> None:
    grid, _name = _community(template_db)
    pdf = tmp_path / "ledger.pdf"
    assert _export(template_db, pdf, "--grid", grid, "--from", "2026-10-01", "--format", "pdf") == 0
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 2
    from PySide6.QtGui import QImage

    page = QImage(str(images[0]))
    assert abs(page.width() / page.height() - 297 / 210) < 0.01


def test_a_state_filter_and_the_workbook(template_db: Path, tmp_path: Path) -> None:
    grid, name = _community(template_db)
    wanted = _cases(template_db, grid, ("closed",))
    out = tmp_path / "ledger.xlsx"
    args = ["--grid", grid, "--from", "2026-10-01", "--to", "2026-10-31", "--state", "已办结"]
    assert _export(template_db, out, *args, "--format", "xlsx") == 0
    book = load_workbook(out)
    sheet = book.worksheets[0]
    assert book.active is sheet and sheet.title == "整改台账"
    assert sheet["A1"].value.startswith(f"商都路办事处{name}问题整改台账")
    assert [c.value for c in sheet[3]] == list(HEADERS)
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == wanted
    assert [r[0] for r in rows] == list(range(1, len(wanted) + 1))
    assert {r[11] for r in rows} == {"已办结"}
    assert all(isinstance(r[6], datetime) for r in rows)
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    lists = book.worksheets[1]
    assert lists.sheet_state == "hidden"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1.startswith(f"'{lists.title}'!$A$1")
    assert str(validation.sqref).startswith("L4:")
    assert "待受理" in [c.value for c in lists["A"]]
    width = sheet.column_dimensions["C"].width
    assert width > sheet.column_dimensions["A"].width  # fitted to the descriptions


def test_bad_filters_are_refused_by_name_and_nothing_is_written(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ledger.pdf"
    assert _export(template_db, out, "--grid", "NOPE", "--format", "pdf") == 2
    assert "no grid with the code 'NOPE'" in capsys.readouterr().err
    assert _export(template_db, out, "--state", "done", "--format", "pdf") == 2
    assert "unknown state 'done'" in capsys.readouterr().err
    assert _export(template_db, out, "--category", "X99", "--format", "xlsx") == 2
    assert "no category with the code 'X99'" in capsys.readouterr().err
    assert _export(template_db, out, "--format", "doc") == 2
    assert list(tmp_path.iterdir()) == []
