"""整改台账 in the window: opened from 报表 › 整改台账…, it lists exactly the cases of its filter
(this month so far by default; the grid's subtree, the period, the category and the state as
chosen), a burst of filter edits asking once; it saves real PDF and Excel files and says in words
when it cannot; the print preview paints the pages; printing paints them on the export lane."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from commandcenter.app import App, build_app
from commandcenter.domain.enums import CaseState
from commandcenter.reports.ledger import LedgerDocument
from commandcenter.store.database import open_readonly
from commandcenter.store.directory import Directory, GridChoice
from commandcenter.store.ledger import LedgerQuery
from commandcenter.ui.ledger.ledger_room import LedgerRoom
from commandcenter.ui.ledger.ledger_view import LedgerView, file_stem
from windows import show_window

NOW = datetime(2026, 11, 21, 9, 0)
# 未办结: accepted and not yet closed ([13/20] 7: not 待受理; 挂账 is not done).
OPEN = ("accepted", "dispatched", "handled", "escalated", "shelved")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is a system package"
)


def _cases(
    db: Path,
    grid: str | None = None,
    period: tuple[date, date] | None = None,
    states: tuple[str, ...] = (),
    kind: str | None = None,
) -> list[str]:
    """The ledger's cases straight from SQL, in its order."""
    query, args = "SELECT c.case_no FROM cases c JOIN categories k ON k.code = c.category_code", []
    query += " WHERE 1"
    if grid:
        query += " AND c.grid_code >= ? AND c.grid_code < ? || '~'"
        args += [grid, grid]
    if period:
        query += " AND c.reported_at >= ? AND c.reported_at < date(?, '+1 day')"
        args += [period[0].isoformat(), period[1].isoformat()]
    if states:
        query += f" AND c.state IN ({','.join('?' * len(states))})"
        args += states
    if kind:
        query += " AND k.kind = ?"
        args.append(kind)
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(query + " ORDER BY c.reported_at, c.case_no", args)]


def _community(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        (code,) = conn.execute(
            "SELECT g.code FROM grids g JOIN cases c ON c.grid_code LIKE g.code || '%'"
            " WHERE g.level = 2 AND g.is_current GROUP BY g.code ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return str(code)


class CountingLoad:
    """The window's loader, counting the queries and the threads they ran on."""

    def __init__(self, load: Any) -> None:
        self.load = load
        self.queries: list[LedgerQuery] = []
        self.threads: set[str] = set()

    def __call__(self, query: LedgerQuery) -> LedgerDocument:
        self.queries.append(query)
        self.threads.add(threading.current_thread().name)
        result: LedgerDocument = self.load(query)
        return result


@pytest.fixture
def app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False, show_map=False)
    room = _room(built)
    room.load = CountingLoad(room.load)
    show_window(qtbot, built, (1200, 800))
    yield built
    built.close()


def _current(qtbot: QtBot, view: LedgerView) -> None:
    qtbot.waitUntil(view.is_current, timeout=10_000)


@pytest.fixture
def view(qtbot: QtBot, app: App) -> LedgerView:
    action = _room(app).action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+L"
    menus = {a.text(): a.menu() for a in app.window.menuBar().actions()}
    assert action in menus["报表(&R)"].actions()
    action.trigger()  # 报表 › 整改台账…
    opened = _room(app).ledger
    assert opened is not None
    qtbot.waitUntil(opened.isVisible, timeout=2_000)
    _current(qtbot, opened)
    return opened


def test_opened_from_the_menu_it_lists_what_is_unfinished_whenever_found(
    app: App, view: LedgerView, street_db: Path, qtmodeltester: Any
) -> None:
    """[13/20] 7: it opens on 未办结 across all dates, never on an empty month."""
    wanted = _cases(street_db, states=OPEN)
    assert len(wanted) > 100
    assert view.model.case_numbers() == wanted
    assert view.windowTitle() == "整改台账"
    with sqlite3.connect(street_db) as conn:
        first, last = conn.execute(
            f"SELECT min(reported_at), max(reported_at) FROM cases WHERE state IN {OPEN}"
        ).fetchone()
    start, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    assert view.title.text() == (
        f"商都路办事处问题整改台账（{start.year}年{start.month}月{start.day}日至"
        f"{end.year}年{end.month}月{end.day}日）"
    )
    assert view.count.text() == f"共 {len(wanted)} 条"
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "案件编号"
    load = _room(app).load
    assert isinstance(load, CountingLoad)
    assert load.threads == {"cc-read_0"}  # never the GUI thread
    assert _room(app).open() is view  # one per window
    qtmodeltester.check(view.model)


def test_the_grid_period_category_and_state_filters_change_the_rows(
    qtbot: QtBot, app: App, view: LedgerView, street_db: Path
) -> None:
    community = _community(street_db)
    october = (date(2026, 10, 1), date(2026, 10, 31))
    load = _room(app).load
    assert isinstance(load, CountingLoad)
    asked = len(load.queries)
    # A burst of edits, as a user picks every state, a grid and a period: one query after the
    # pause.
    view.filters.state.setCurrentIndex(view.filters.state.findData(""))
    view.filters.any_date.click()
    view.filters.grid.setCurrentIndex(view.filters.grid.findData(community))
    view.filters.date_from.setDate(QDate(2026, 10, 1))
    view.filters.date_to.setDate(QDate(2026, 10, 31))
    _current(qtbot, view)
    assert len(load.queries) == asked + 1
    assert load.queries[-1] == LedgerQuery(community, *october)
    wanted = _cases(street_db, community, october)
    assert 40 < len(wanted) < len(_cases(street_db, period=october))
    assert view.model.case_numbers() == wanted
    assert view.count.text() == f"共 {len(wanted)} 条"

    view.filters.state.setCurrentIndex(view.filters.state.findText("未办结"))
    _current(qtbot, view)
    assert view.model.case_numbers() == _cases(street_db, community, october, OPEN)

    assert view.set_states({CaseState.CLOSED})
    _current(qtbot, view)
    closed = _cases(street_db, community, october, ("closed",))
    assert load.queries[-1].states == frozenset({CaseState.CLOSED}), load.queries[-1]
    assert closed and view.model.case_numbers() == closed

    view.filters.category.setCurrentIndex(view.filters.category.findText("城市提升"))
    _current(qtbot, view)
    city = _cases(street_db, community, october, ("closed",), kind="city")
    assert 0 < len(city) < len(closed)
    assert view.model.case_numbers() == city

    view.filters.any_date.click()
    _current(qtbot, view)
    assert not view.filters.date_from.isEnabled()
    every_day = _cases(street_db, community, None, ("closed",), kind="city")
    assert len(every_day) > len(city)
    assert view.model.case_numbers() == every_day

    assert view.set_grid(None) and view.set_states(())
    view.filters.category.setCurrentIndex(0)
    _current(qtbot, view)
    assert view.model.rowCount() == len(_cases(street_db))


def test_a_grid_that_no_longer_exists_is_said_in_words(
    qtbot: QtBot, app: App, view: LedgerView
) -> None:
    directory = app.window.directory
    assert directory is not None
    gone = GridChoice("999999", "已撤销网格", 2, None, None)
    view.set_directory(
        Directory(directory.people, directory.departments, directory.categories, (gone,))
    )
    with qtbot.waitSignal(view.load_failed, timeout=10_000) as failed:
        view.set_grid("999999")
    assert "所选网格或类别已不存在" in str(failed.args[0])
    assert view.status.text() == failed.args[0]
    assert view.model.rowCount() == 0 and not view.pdf_button.isEnabled()
    view.set_directory(directory)  # the grid is gone from the choice: the whole street again
    _current(qtbot, view)
    assert view.model.rowCount() > 100 and view.pdf_button.isEnabled()


@needs_poppler
def test_save_as_pdf_and_excel_write_real_files(
    qtbot: QtBot, view: LedgerView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.set_period(date(2026, 11, 16), date(2026, 11, 20))
    _current(qtbot, view)
    wanted = view.model.case_numbers()
    assert 20 < len(wanted) < 200
    offered: list[str] = []

    def choose(name: str) -> Any:
        def dialog(_parent: Any, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
            offered.append(suggested)
            return str(tmp_path / name), ""

        return dialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose("台账"))  # no suffix typed
    with qtbot.waitSignal(view.saved, timeout=15_000) as saved:
        qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "台账.pdf"
    assert saved.args == [str(pdf)]
    assert Path(offered[0]).name == file_stem(view.title.text()) + ".pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "商都路办事处问题整改台账（2026年11月16日至2026年11月20日）" in text.replace(" ", "")
    assert re.findall(r"SD\d{12}", text) == wanted
    assert str(pdf) in view.status.text()

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose("台账.xlsx"))
    with qtbot.waitSignal(view.saved, timeout=15_000):
        view.xlsx_button.click()
    assert Path(offered[1]).suffix == ".xlsx"
    sheet = load_workbook(tmp_path / "台账.xlsx").worksheets[0]
    assert sheet["A1"].value == view.title.text()
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == wanted


def test_a_file_that_cannot_be_written_is_said_in_words(
    qtbot: QtBot, view: LedgerView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no such folder" / "台账.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(missing), ""))
    with qtbot.waitSignal(view.save_failed, timeout=15_000) as failed:
        view.pdf_button.click()
    assert failed.args[0] == f"保存失败：文件夹不存在（{missing.parent}）"
    assert view.status.text() == failed.args[0]
    box = view.findChild(QMessageBox, "ledger_problem")
    assert box is not None and box.isVisible() and box.text() == failed.args[0]
    box.accept()
    assert not missing.exists()
    # Cancelling the file dialog writes nothing and says nothing.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    view.xlsx_button.click()
    assert view.status.text() == failed.args[0]


@needs_poppler
def test_the_print_preview_paints_the_pages_and_printing_paints_on_the_export_lane(
    qtbot: QtBot, view: LedgerView, tmp_path: Path
) -> None:
    view.set_period(date(2026, 11, 16), date(2026, 11, 20))
    _current(qtbot, view)
    dialog = view.open_print_preview()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() > 1, timeout=10_000)
    assert preview.orientation().name == "Landscape"
    previewed = preview.pageCount()
    dialog.reject()

    chooser = view.open_print_dialog()
    assert chooser is not None
    qtbot.waitUntil(chooser.isVisible, timeout=5_000)
    chooser.reject()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert view.document is not None
    with qtbot.waitSignal(view.printed, timeout=15_000) as printed:
        view.print_to(printer, view.document)
    del printer  # the file is complete when the printer is gone
    pages = int(printed.args[0])
    assert pages == previewed
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(rf"Pages:\s+{pages}\b", info)


def test_without_a_ledger_the_menu_entry_stays_disabled(qtbot: QtBot, street_db: Path) -> None:
    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False, show_map=False)
    try:
        _room(built).load = None
        show_window(qtbot, built, (1200, 800))
        assert not _room(built).action.isEnabled()
        assert _room(built).open() is None
    finally:
        built.close()


def _room(app: App) -> LedgerRoom:
    room = app.window.room(LedgerRoom)
    assert room is not None
    return room
