"""[13/20] 1: the case panel never drifts from the list. Through the widgets — search, switch
tabs, act — the panel shows the selected row of the visible list or nothing, F2–F9 never reach
a case the list does not show, every action dialog names the case it acts on, and an action on a
case that left the list while its dialog was open is refused with a word."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from commandcenter.app import App, build_app
from commandcenter.domain.enums import CaseState
from commandcenter.domain.lifecycle import EventType
from commandcenter.store.database import open_database
from commandcenter.store.queues import Queue
from commandcenter.ui.main_window import MainWindow
from qt_input import type_text
from test_window_lifecycle import START, _first, _report, confirm, find_case, open_by_key
from windows import Clock, show_window

E = EventType
FIRST, SECOND = "ZZ-DESK-0001", "ZZ-DESK-0002"


@pytest.fixture
def app(qtbot: QtBot, street_db: Path, tmp_path: Path) -> Iterator[App]:
    db = open_database(street_db)
    officer = _first(
        db, "SELECT person_code FROM person_roles WHERE role = 'duty_officer' ORDER BY 1"
    )
    _report(db, officer, FIRST, "市民反映：人行道上有商贩占道经营", "商都路1号")
    _report(db, officer, SECOND, "市民反映：小区门口垃圾堆放", "商都路2号")
    built = build_app(db, clock=Clock(START), settings_path=tmp_path / "window.ini")
    show_window(qtbot, built, (1600, 1000))
    yield built
    built.close()


def _shown(window: MainWindow) -> str | None:
    case = window.case_dock.case
    return case.case_no if case is not None else None


def _listed(window: MainWindow) -> list[str]:
    return [r.case_no for r in window.model.loaded_rows()]


def _panel_follows_the_list(window: MainWindow) -> None:
    """The invariant: the panel shows the selected row of the visible list, or nothing."""
    selected = window.queues.current_case_id()
    case = window.case_dock.case
    if selected is None:
        assert case is None, f"the panel shows {case.case_no} while no row is selected"
    else:
        assert case is not None and case.id == selected
        assert case.case_no in _listed(window)


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.model.rows_loaded, timeout=5_000):
        window.queues.search.clear()
        type_text(qtbot, window.queues.search, text)


def _tab(qtbot: QtBot, window: MainWindow, queue: Queue) -> None:
    tabs = window.queues.tabs
    with qtbot.waitSignal(window.model.rows_loaded, timeout=5_000):
        index = list(Queue).index(queue)
        qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())


def _no_dialog(window: MainWindow) -> bool:
    dialog = window.findChild(QDialog, "action_dialog")
    return dialog is None or not dialog.isVisible()


def test_search_tabs_and_actions_keep_the_panel_on_the_list(app: App, qtbot: QtBot) -> None:
    window = app.window
    case = find_case(qtbot, window, FIRST)  # 全部, searched, clicked
    assert case.case_no == FIRST
    _panel_follows_the_list(window)

    # Searching the other number: the list shows it alone, the panel not the first any more.
    _search(qtbot, window, SECOND)
    assert _listed(window) == [SECOND]
    qtbot.waitUntil(lambda: _shown(window) is None, timeout=5_000)
    _panel_follows_the_list(window)
    # F2 reaches nothing: no case is selected.
    window.activateWindow()
    qtbot.keyClick(window.queues.table, Qt.Key.Key_F2)
    assert _no_dialog(window)

    # Back to the first, accepted (F2): in 全部 it stays, selected and shown.
    _search(qtbot, window, FIRST)
    table = window.queues.table
    with qtbot.waitSignal(window.case_shown, timeout=5_000):
        table.selectRow(0)
    dialog = open_by_key(qtbot, window, E.ACCEPT, Qt.Key.Key_F2)
    assert FIRST in dialog.windowTitle()  # the dialog names the case it acts on
    confirm(qtbot, window, dialog, CaseState.ACCEPTED)
    _panel_follows_the_list(window)
    assert _shown(window) == FIRST

    # 待受理 no longer lists it: switching there, the panel lets it go.
    window.queues.search.clear()
    _tab(qtbot, window, Queue.REPORTED)
    assert FIRST not in _listed(window)
    _panel_follows_the_list(window)
    assert _shown(window) != FIRST
    # 待派遣 lists it; searched and selected there, F3 opens on it.
    _tab(qtbot, window, Queue.ACCEPTED)
    _panel_follows_the_list(window)
    _search(qtbot, window, FIRST)
    assert _listed(window) == [FIRST]
    _panel_follows_the_list(window)
    with qtbot.waitSignal(window.case_shown, timeout=5_000):
        table.selectRow(0)
    _panel_follows_the_list(window)
    dispatch = open_by_key(qtbot, window, E.DISPATCH, Qt.Key.Key_F3)
    assert FIRST in dispatch.windowTitle()
    dispatch.reject()


def test_an_action_on_a_case_that_left_the_list_is_refused(app: App, qtbot: QtBot) -> None:
    window = app.window
    find_case(qtbot, window, FIRST)
    dialog = open_by_key(qtbot, window, E.ACCEPT, Qt.Key.Key_F2)
    assert FIRST in dialog.windowTitle()
    # While the dialog is open, the list changes under it (another search).
    window.queues.search.setText(SECOND)
    with qtbot.waitSignal(window.model.rows_loaded, timeout=5_000):
        window.queues.apply_filter()
    with qtbot.waitSignal(window.action_failed, timeout=5_000) as refused:
        qtbot.mouseClick(dialog.findChild(QPushButton, "ok"), Qt.MouseButton.LeftButton)
    assert refused.args[0] == f"案件{FIRST}已不在当前列表中，未执行受理立案"
    with app.db.engine.connect() as conn:
        state = conn.exec_driver_sql("SELECT state FROM cases WHERE case_no = ?", (FIRST,)).scalar()
    assert state == CaseState.REPORTED.value  # nothing written
    _panel_follows_the_list(window)


def test_a_case_opened_from_elsewhere_is_shown_in_the_list(app: App, qtbot: QtBot) -> None:
    """The map, an alert or a wall card opens a case the list may not show: the list switches
    to 全部 searching its number, and selects it."""
    window = app.window
    _tab(qtbot, window, Queue.OVERDUE)
    with app.db.engine.connect() as conn:
        case_id = conn.exec_driver_sql("SELECT id FROM cases WHERE case_no = ?", (SECOND,)).scalar()
    assert isinstance(case_id, int)
    with qtbot.waitSignal(
        window.case_shown,
        timeout=10_000,
        check_params_cb=lambda d: d is not None and d.id == case_id,
    ):
        window.open_case(case_id)
    assert window.queues.current_queue() is Queue.ALL
    assert window.queues.search.text() == SECOND
    assert window.queues.current_case_id() == case_id
    _panel_follows_the_list(window)
