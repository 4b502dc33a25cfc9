"""[9/10] The window's ledger import: the preview lists what a typed ledger would add and every
problem by row and column; nothing is offered for import until the bad rows are fixed or ticked to
be skipped; 导入 writes the rest (on the write lane), a second check of the same file finds
nothing new; a database kept in step with the platform is refused in words."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from commandcenter import defaults
from commandcenter.features.ledger_import import LedgerImporter
from commandcenter.services.task_runner import TaskRunner
from commandcenter.store.database import Database, open_database
from commandcenter.ui.ledger.ledger_import_dialog import LedgerImportDialog
from commandcenter.ui.ledger.ledger_room import LedgerRoom

NOW = datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def db(street_db: Path) -> Iterator[Database]:
    database = open_database(street_db, create=False)
    yield database
    database.dispose()


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> Iterator[LedgerImportDialog]:
    runner = TaskRunner()
    importer = LedgerImporter(db.engine, defaults.calendar(), lambda: NOW)
    view = LedgerImportDialog(runner, importer.check, importer.commit)
    qtbot.addWidget(view)
    view.show()
    yield view
    runner.shutdown()


def _names(path: Path) -> tuple[str, str]:
    with sqlite3.connect(path) as conn:
        grid = conn.execute(
            "SELECT name FROM grids WHERE level = 3 AND is_current ORDER BY code LIMIT 1"
        ).fetchone()[0]
        category = conn.execute(
            "SELECT name FROM categories WHERE time_limit IS NOT NULL ORDER BY code LIMIT 1"
        ).fetchone()[0]
    return grid, category


def _workbook(path: Path, grid: str, category: str) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["商都路办事处问题整改台账"])
    sheet.append(["序号", "问题描述", "所属网格", "问题类别", "发现时间", "整改状态", "办结时间"])
    sheet.append(
        [1, "小区门口垃圾堆放", grid, category, "2026年11月18日 9:20", "已办结", "11月19日"]
    )
    sheet.append([2, "井盖破损", "没有的网格", category, "2026/11/18", "待受理", None])
    sheet.append([3, "共享单车乱停", grid, category, "2026.11.19", "处置中", None])
    book.save(path)


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])


def test_preview_skip_a_bad_row_and_import(
    qtbot: QtBot, dialog: LedgerImportDialog, street_db: Path, tmp_path: Path
) -> None:
    grid, category = _names(street_db)
    xlsx = tmp_path / "typed.xlsx"
    _workbook(xlsx, grid, category)
    before = _count(street_db)

    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.open_file(xlsx)
    assert dialog.problems_model.rowCount() == 1
    row = [dialog.problems_model.item(0, c).text() for c in range(3)]
    assert row == ["4", "所属网格", "no grid named '没有的网格' in this street office"]
    assert dialog.cases_model.rowCount() == 2  # the good rows, shown
    assert not dialog.import_button.isEnabled()  # but not imported while a problem remains
    assert "未导入任何内容" in dialog.summary.text()

    dialog.problems_model.item(0, 0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.recheck_button.click()
    assert dialog.problems_model.rowCount() == 0
    assert dialog.cases_model.rowCount() == 2
    assert [dialog.cases_model.item(r, 2).text() for r in range(2)] == [
        "小区门口垃圾堆放",
        "共享单车乱停",
    ]
    assert dialog.import_button.isEnabled()
    path = tmp_path / "dialog.png"
    assert dialog.grab().save(str(path))

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        dialog.import_button.click()
    numbers = imported.args[0]
    assert len(numbers) == 2 and all(n.startswith("TZ202611") for n in numbers)
    assert _count(street_db) == before + 2
    assert "已导入 2 条案件" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.open_file(xlsx, [4])
    assert dialog.cases_model.rowCount() == 0 and dialog.skipped_model.rowCount() == 2
    assert not dialog.import_button.isEnabled()


def test_a_platform_database_is_refused_in_words(
    qtbot: QtBot, dialog: LedgerImportDialog, street_db: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(street_db) as conn:
        conn.execute("INSERT INTO sync_meta (key, value) VALUES ('server', 'https://p:1')")
    grid, category = _names(street_db)
    xlsx = tmp_path / "typed.xlsx"
    _workbook(xlsx, grid, category)
    dialog.open_file(xlsx)
    qtbot.waitUntil(lambda: "syncs with the district platform" in dialog.summary.text())
    assert not dialog.import_button.isEnabled()


def test_the_ledger_window_imports_and_shows_the_new_cases(
    qtbot: QtBot, street_db: Path, tmp_path: Path
) -> None:
    from commandcenter.app import build_app
    from windows import show_window

    grid, category = _names(street_db)
    xlsx = tmp_path / "typed.xlsx"
    _workbook(xlsx, grid, category)
    built = build_app(
        open_database(street_db, create=False), clock=lambda: NOW, live=False, show_map=False
    )
    try:
        show_window(qtbot, built, (1200, 800))
        room = built.window.room(LedgerRoom)
        assert room is not None
        view = room.open()
        assert view is not None and view.import_button.isVisible()
        qtbot.waitUntil(view.is_current, timeout=10_000)
        shown = view.model.rowCount()
        dialog = view.open_import()
        assert dialog is not None
        with qtbot.waitSignal(dialog.checked, timeout=10_000):
            dialog.open_file(xlsx, [4])
        with qtbot.waitSignal(view.document_shown, timeout=10_000):
            dialog.import_button.click()  # imported: the ledger is read again
        # It opens on 未办结: the 处置中 row comes, the 已办结 one is not unfinished.
        qtbot.waitUntil(lambda: view.model.rowCount() == shown + 1, timeout=10_000)
    finally:
        built.close()


def test_a_read_only_window_offers_no_import(qtbot: QtBot, street_db: Path) -> None:
    from commandcenter.app import build_app
    from commandcenter.store.database import open_readonly
    from windows import show_window

    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False, show_map=False)
    try:
        show_window(qtbot, built, (1200, 800))
        room = built.window.room(LedgerRoom)
        assert room is not None
        view = room.open()
        assert view is not None and not view.import_button.isVisible()
        assert view.open_import() is None
    finally:
        built.close()


def test_the_notes_tab_says_how_a_header_was_read_and_which_unit_was_meant(
    qtbot: QtBot, dialog: LedgerImportDialog, street_db: Path, tmp_path: Path
) -> None:
    """[12/20] 10: what was read but said back (an ambiguous header, 城管局) is a tab of its
    own; it stops nothing."""
    grid, category = _names(street_db)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "问题描述", "所属网格", "问题类别", "发现时间", "责任单位", "整改情况"])
    sheet.append([1, "门店占道经营", grid, category, "2026/11/18 9:20", "城管局", "整改中"])
    sheet.append([2, "井盖破损", grid, category, "2026/11/19 10:00", "", "待受理"])
    xlsx = tmp_path / "notes.xlsx"
    book.save(xlsx)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.open_file(xlsx)
    assert dialog.problems_model.rowCount() == 0 and dialog.cases_model.rowCount() == 2
    assert dialog.import_button.isEnabled()
    assert dialog.tabs.tabText(3) == "提示 (2)"
    rows = [
        [dialog.notes_model.item(r, c).text() for c in range(3)]
        for r in range(dialog.notes_model.rowCount())
    ]
    assert rows[0][:2] == ["全表", ""] and rows[0][2].startswith("column 整改情况 read as 整改状态")
    assert rows[1][:2] == ["2", "责任单位"] and "nearest: 城管执法局" in rows[1][2]
    dialog.tabs.setCurrentIndex(3)
    dialog.resize(900, 420)
    assert dialog.grab().save(str(tmp_path / "notes.png"))
