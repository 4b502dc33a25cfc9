"""The command-centre window on the demo street, offscreen: it opens, shows the queues with
their counts and the first case, in a font that has every Chinese character it displays; its
models pass Qt's model tester; a case written by another process appears without a refresh."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from commandcenter.app import App, build_app
from commandcenter.domain.enums import CaseState, Role
from commandcenter.domain.lifecycle import EventType
from commandcenter.store.database import open_database, open_readonly
from commandcenter.store.queues import CaseQueueRepository, Queue, QueueFilter
from commandcenter.store.repositories import CaseRepository
from windows import show_window

NOW = datetime(2026, 11, 21, 9, 0)
SCREENSHOT = [sys.executable, "-m", "commandcenter.cli", "screenshot", "--db"]


def _cjk(text: str) -> set[str]:
    return {ch for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"}


def _model_texts(model, parent=None) -> list[str]:
    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            out.append(str(model.data(index, Qt.ItemDataRole.DisplayRole) or ""))
        out.extend(_model_texts(model, model.index(row, 0, parent)))
    return out


def _open(qtbot: QtBot, built: App) -> App:
    show_window(qtbot, built, (1600, 1000))
    return built


@pytest.fixture
def readonly_app(qtbot: QtBot, street_db: Path):
    db = open_readonly(street_db)
    built = _open(qtbot, build_app(db, clock=lambda: NOW, live=False))
    yield built
    built.close()


@pytest.fixture
def live_app(qtbot: QtBot, street_db: Path, tmp_path: Path):
    db = open_database(street_db)
    built = _open(
        qtbot,
        build_app(db, clock=lambda: NOW, settings_path=tmp_path / "window.ini"),
    )
    yield built
    built.close()


def test_window_shows_queues_counts_and_the_first_case(readonly_app: App) -> None:
    window = readonly_app.window
    assert "商都路办事处" in window.windowTitle()
    expected = CaseRepository(readonly_app.db.engine).count_by_state()
    tabs = window.queues.tabs
    assert tabs.tabText(0) == f"待受理 {expected[CaseState.REPORTED]:,}"
    assert tabs.tabText(6) == "全部 2,000"
    assert window.model.rowCount() == expected[CaseState.REPORTED]
    assert window.case_dock.case is not None
    assert window.case_dock.case.id == window.model.case_id(0)
    tree = window.grid_dock.model
    top = tree.index(0, 0)
    assert tree.rowCount() == 1 and tree.rowCount(top) == 14
    street = tree.data(top, Qt.ItemDataRole.UserRole + 1)
    assert window.grid_dock.count(street, Queue.REPORTED) == expected[CaseState.REPORTED]
    # The first duty officer sees 受理 and 重复 on a reported case, and nothing of the shift leader.
    visible = {e for e, a in window.case.event_actions.items() if a.isVisible() and a.isEnabled()}
    assert visible == {EventType.ACCEPT, EventType.REJECT_DUPLICATE}


def test_grid_tree_adds_counts_up_and_badges_overdue_grids(readonly_app: App) -> None:
    window = readonly_app.window
    tree = window.grid_dock.model
    repo = CaseQueueRepository(readonly_app.db.engine)
    overdue = repo.count(QueueFilter(now=NOW, queue=Queue.OVERDUE))
    assert overdue > 0
    street_index = tree.index(0, 0)
    street = tree.code_at(street_index)
    assert street is not None
    assert window.grid_dock.count(street, Queue.OVERDUE) == overdue
    communities = [tree.index(r, 0, street_index) for r in range(tree.rowCount(street_index))]
    for queue in (Queue.REPORTED, Queue.OVERDUE):
        parts = sum(window.grid_dock.count(tree.code_at(i) or "", queue) for i in communities)
        assert parts == window.grid_dock.count(street, queue)
    badge = QColor("#c62828")
    for index in communities:
        code = tree.code_at(index) or ""
        n = repo.count(QueueFilter(now=NOW, queue=Queue.OVERDUE, grid_prefix=code))
        assert window.grid_dock.count(code, Queue.OVERDUE) == n
        cell = index.siblingAtColumn(5)
        assert cell.data(Qt.ItemDataRole.DisplayRole) == (str(n) if n else "")
        brush = cell.data(Qt.ItemDataRole.BackgroundRole)
        assert (brush is not None and brush.color() == badge) == (n > 0)


def test_every_chinese_character_is_in_the_font(readonly_app: App) -> None:
    window = readonly_app.window
    checked = 0
    for widget, strings in (
        (window.queues.table, _model_texts(window.model)),
        (window.grid_dock.view, _model_texts(window.grid_dock.model)),
        (window.case_dock.event_view, _model_texts(window.case_dock.events)),
        (window, [window.windowTitle(), *(window.queues.tabs.tabText(i) for i in range(7))]),
        *((label, [label.text()]) for label in window.case_dock.fields.values()),
    ):
        assert isinstance(widget, QWidget)
        metrics = QFontMetrics(widget.font())
        for ch in set().union(*(_cjk(s) for s in strings)):
            assert metrics.inFontUcs4(ord(ch)), f"{ch!r} missing from {widget.font().family()}"
            checked += 1
    assert checked > 100


def test_queue_and_event_models_pass_the_model_tester(readonly_app: App, qtmodeltester) -> None:
    window = readonly_app.window
    window.queues.select_queue(Queue.ALL)
    qtmodeltester.check(window.model, force_py=True)
    qtmodeltester.check(window.case_dock.events, force_py=True)
    qtmodeltester.check(window.grid_dock.model, force_py=True)


def test_a_role_without_the_right_has_the_action_disabled_and_its_shortcut_does_nothing(
    qtbot: QtBot, street_db: Path
) -> None:
    db = open_database(street_db)
    repo = CaseRepository(db.engine)
    assert repo.count_by_state()[CaseState.REPORTED] > 0
    viewer = next(
        code
        for code, role in db.engine.connect().exec_driver_sql(
            "SELECT person_code, role FROM person_roles ORDER BY person_code"
        )
        if role == Role.VIEWER.value
    )
    built = _open(qtbot, build_app(db, person=viewer, clock=lambda: NOW, live=False))
    try:
        window = built.window
        accept = window.case.event_actions[EventType.ACCEPT]
        assert not accept.isEnabled() and not accept.isVisible()
        window.activateWindow()
        # Only an active window's shortcuts fire: inactive, F2 could do nothing even if it should.
        qtbot.waitUntil(window.isActiveWindow, timeout=2_000)
        # The shortcut triggers the action, and the action opens its dialog, at the key press.
        with qtbot.assertNotEmitted(accept.triggered):
            qtbot.keyClick(window.queues.table, Qt.Key.Key_F2)
        assert window.findChild(QWidget, "action_dialog") is None
        assert window.case.open_action(EventType.ACCEPT) is None
    finally:
        built.close()


def test_a_case_written_by_another_process_appears_with_the_selection_kept(
    live_app: App, qtbot: QtBot, street_db: Path
) -> None:
    window = live_app.window
    selected = window.queues.current_case_id()
    assert selected is not None
    before = window.model.rowCount()
    script = (
        "import sys\n"
        "from datetime import datetime\n"
        "from commandcenter import defaults\n"
        "from commandcenter.domain.transitions import Command\n"
        "from commandcenter.domain.enums import Priority, Role, Source\n"
        "from commandcenter.domain.lifecycle import EventType\n"
        "from commandcenter.store.case_commands import CaseCommands, NewCase\n"
        "from commandcenter.store.database import open_database\n"
        "db = open_database(sys.argv[1])\n"
        "conn = db.engine.connect()\n"
        'officer = conn.exec_driver_sql("SELECT person_code FROM person_roles'
        " WHERE role='duty_officer' ORDER BY person_code\").scalar()\n"
        "grid = conn.exec_driver_sql('SELECT code FROM grids WHERE level=3"
        " ORDER BY code').scalar()\n"
        "cat = conn.exec_driver_sql('SELECT code FROM categories WHERE time_limit IS NOT NULL"
        " ORDER BY code').scalar()\n"
        "conn.close()\n"
        "case = NewCase('ZZ-LIVE-0001', cat, Source.HOTLINE, Priority.NORMAL, grid,"
        " '另一台工作站登记的占道经营', '测试路1号', None, None)\n"
        "command = Command(EventType.REPORT, officer, Role.DUTY_OFFICER,"
        " datetime(2026, 11, 21, 8, 59))\n"
        "CaseCommands(db.engine, defaults.calendar()).report(case, command)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(street_db)], check=True, timeout=60)

    def appeared() -> None:
        assert window.model.rowCount() == before + 1
        assert any(r.case_no == "ZZ-LIVE-0001" for r in window.model.loaded_rows())

    # SPEC: rows and counts update within 1 s of another writer's commit.
    written = time.perf_counter()
    qtbot.waitUntil(appeared, timeout=3_000)
    assert window.queues.current_case_id() == selected
    qtbot.waitUntil(
        lambda: window.queues.tabs.tabText(0).endswith(f"{before + 1:,}"), timeout=3_000
    )
    assert time.perf_counter() - written < 1.0
    rows = CaseQueueRepository(live_app.db.engine).count(QueueFilter(now=NOW, queue=Queue.REPORTED))
    assert rows == before + 1


def test_layout_is_saved_between_runs(live_app: App, tmp_path: Path) -> None:
    window = live_app.window
    window.grid_dock.hide()
    window.save_layout()
    assert (tmp_path / "window.ini").exists()
    again = build_app(
        live_app.db, clock=lambda: NOW, live=False, settings_path=tmp_path / "window.ini"
    )
    try:
        again.window.show()
        assert again.window.grid_dock.isHidden()
    finally:
        again.window.close()
        again.runner.shutdown()


def test_screenshot_command_writes_the_window(street_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "main.png"
    result = subprocess.run(
        [*SCREENSHOT, str(street_db), "--view", "main", "--size", "1280x800", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    bad = subprocess.run(
        [*SCREENSHOT, str(street_db), "--as", "nobody", "--out", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "nobody" in bad.stderr
    assert not (tmp_path / "x.png").exists()
