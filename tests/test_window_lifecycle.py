"""A case's whole life driven through the window as its users would: the duty officer finds the
new report by its number, accepts it with F2 and dispatches it to the grid leader; the grid
leader signs in and reports handling with a photo; the inspector sends it back; the grid leader
handles it again; the inspector verifies it and it closes. The database then holds exactly these
events, in this order, by these people. Hostile search strings typed into the window find the
right rows and change nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QRadioButton, QToolButton
from pytestqt.qtbot import QtBot
from shapely.geometry import shape
from sqlalchemy import text

from commandcenter import defaults
from commandcenter.app import App, build_app
from commandcenter.domain.enums import CaseState, Priority, Role, Source
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.transitions import Command
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.case_detail import CaseDetail
from commandcenter.store.database import Database, open_database
from commandcenter.store.queues import CaseQueueRepository, Queue, QueueFilter
from commandcenter.ui.case.case_action_dialog import CaseActionDialog
from commandcenter.ui.case.case_panel_dock import SHA_ROLE, THUMB
from commandcenter.ui.main_window import MainWindow
from commandcenter.ui.signin.sign_in_dialog import SignInDialog
from qt_input import type_text
from windows import Clock, show_window

E = EventType
S = CaseState
START = datetime(2026, 11, 21, 9, 0)
CASE_NO = "ZZ-FLOW-0001"


def _first(db: Database, sql: str) -> str:
    with db.engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    assert value is not None, sql
    return str(value)


def _report(db: Database, officer: str, case_no: str, description: str, address: str) -> None:
    """A hotline report waiting for acceptance, as the district platform or the 12345 hotline
    would deliver it."""
    grid = _first(db, "SELECT code FROM grids WHERE level = 3 AND is_current ORDER BY code")
    category = _first(
        db, "SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY code LIMIT 1"
    )
    case = NewCase(
        case_no,
        category,
        Source.HOTLINE,
        Priority.NORMAL,
        grid,
        description,
        address,
        None,
        None,
    )
    command = Command(E.REPORT, officer, Role.DUTY_OFFICER, START - timedelta(minutes=30))
    CaseCommands(db.engine, defaults.calendar()).report(case, command)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def app(qtbot: QtBot, street_db: Path, tmp_path: Path, clock: Clock) -> Iterator[App]:
    db = open_database(street_db)
    officer = _first(
        db, "SELECT person_code FROM person_roles WHERE role = 'duty_officer' ORDER BY 1"
    )
    _report(
        db,
        officer,
        CASE_NO,
        "市民反映：人行道上有商贩占道经营，影响通行",
        "商都路与心怡路交叉口东南角",
    )
    # Text a search must take literally: quotes, LIKE wildcards, a backslash, brackets.
    _report(
        db,
        officer,
        "ZZ-FLOW-0002",
        "店外立牌写着\"全场5折%\"，O'Brien 咖啡 [占] 道_口 ' OR 1=1 -- 占道%",
        "C:\\temp\\路 100%_",
    )
    built = build_app(db, clock=clock, settings_path=tmp_path / "window.ini")
    show_window(qtbot, built, (1600, 1000))
    yield built
    built.close()


# -- what a user does ----------------------------------------------------------------------
def find_case(qtbot: QtBot, window: MainWindow, case_no: str) -> CaseDetail:
    """Open the 全部 tab, type the number into the search box and click the row."""
    tabs = window.queues.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(6).center())
    assert window.queues.current_queue() is Queue.ALL
    type_text(qtbot, window.queues.search, case_no)

    def found() -> None:
        assert window.model.rowCount() == 1
        assert window.model.loaded_rows()[0].case_no == case_no

    qtbot.waitUntil(found, timeout=5_000)
    table = window.queues.table
    rect = table.visualRect(window.model.index(0, 0, QModelIndex()))
    with qtbot.waitSignal(
        window.case_shown, timeout=5_000, check_params_cb=lambda d: d.case_no == case_no
    ) as shown:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail: CaseDetail = shown.args[0]
    return detail


def sign_in(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """用户 → 登录 / 切换用户 (Ctrl+L): type the person's code, Enter."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)
    qtbot.keyClick(window.queues.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SignInDialog, "sign_in_dialog")
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    type_text(qtbot, dialog.person_filter, code)
    assert dialog.selected_person() is not None
    assert dialog.selected_person().code == code  # type: ignore[union-attr]
    qtbot.keyClick(dialog.person_filter, Qt.Key.Key_Return)
    assert window.person is not None and window.person.code == code
    assert code in window.person_label.text() or window.person.name in window.person_label.text()


def visible_actions(window: MainWindow) -> set[EventType]:
    return {e for e, a in window.case.event_actions.items() if a.isVisible() and a.isEnabled()}


def open_by_button(qtbot: QtBot, window: MainWindow, event: EventType) -> CaseActionDialog:
    button = window.case_dock.toolbar.widgetForAction(window.case.event_actions[event])
    assert isinstance(button, QToolButton)
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=2_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return _dialog(window, event)


def open_by_key(
    qtbot: QtBot, window: MainWindow, event: EventType, key: Qt.Key
) -> CaseActionDialog:
    # The window manager gives focus back to the window when a dialog closes; offscreen, we do.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)
    qtbot.keyClick(window.queues.table, key)
    return _dialog(window, event)


def _dialog(window: MainWindow, event: EventType) -> CaseActionDialog:
    dialog = window.findChild(QDialog, "action_dialog")
    assert isinstance(dialog, CaseActionDialog) and dialog.isVisible()
    assert dialog.action.event is event
    return dialog


def confirm(
    qtbot: QtBot, window: MainWindow, dialog: CaseActionDialog, state: CaseState
) -> CaseDetail:
    """Click the dialog's OK and wait until the case panel shows the case in `state`."""
    ok = dialog.findChild(QPushButton, "ok")
    with qtbot.waitSignal(
        window.case_shown,
        timeout=5_000,
        check_params_cb=lambda d: d is not None and d.projection.state is state,
    ) as shown:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    detail: CaseDetail = shown.args[0]
    return detail


def photo(path: Path) -> Path:
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#4a7"))
    assert image.save(str(path), "PNG")
    return path


# -- the tests -----------------------------------------------------------------------------
def test_a_case_lives_its_whole_life_through_the_window(
    app: App, qtbot: QtBot, clock: Clock, tmp_path: Path
) -> None:
    window = app.window
    assert window.person is not None
    officer = window.person.code
    inspector = _first(
        app.db, "SELECT person_code FROM person_roles WHERE role = 'inspector' ORDER BY 1"
    )

    # 值班员: find the report, accept it (F2), dispatch it to the grid leader (F3).
    case = find_case(qtbot, window, CASE_NO)
    assert case.projection.state is S.REPORTED
    assert visible_actions(window) == {E.ACCEPT, E.REJECT_DUPLICATE}
    clock.advance(5)
    accept = open_by_key(qtbot, window, E.ACCEPT, Qt.Key.Key_F2)
    case = confirm(qtbot, window, accept, S.ACCEPTED)
    assert E.DISPATCH in visible_actions(window)
    # The row stays where it is in 全部 and shows the new state.
    assert window.model.loaded_rows()[0].state is S.ACCEPTED

    clock.advance(5)
    dispatch = open_by_key(qtbot, window, E.DISPATCH, Qt.Key.Key_F3)
    assert dispatch.handler is not None
    leader_button = dispatch.findChild(QRadioButton, "handler_kind_grid_leader")
    qtbot.mouseClick(leader_button, Qt.MouseButton.LeftButton)
    leader = dispatch.handler.leader.currentData()
    assert leader is not None
    case = confirm(qtbot, window, dispatch, S.DISPATCHED)
    assert case.projection.handler_person == leader
    # The desk does not verify its own dispatch.
    assert E.VERIFY_PASS not in visible_actions(window)

    # 网格长: report handling with a photo taken on the spot.
    sign_in(qtbot, window, leader)
    assert E.HANDLE in visible_actions(window)
    assert E.DISPATCH not in visible_actions(window)
    clock.advance(90)
    handle = open_by_button(qtbot, window, E.HANDLE)
    ok = handle.findChild(QPushButton, "ok")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # the note is required
    assert handle.isVisible() and "处置情况" in handle.error.text()
    type_text(qtbot, handle.note, "已劝离商贩，清理现场")
    assert handle.photos is not None
    shot = photo(tmp_path / "现场照片.png")
    assert handle.photos.add_photos([shot]) == []
    case = confirm(qtbot, window, handle, S.HANDLED)
    assert len(case.attachments) == 1
    assert case.attachments[0].sha256 == hashlib.sha256(shot.read_bytes()).hexdigest()

    # 核查员: the stall is back; rework (F7).
    sign_in(qtbot, window, inspector)
    assert visible_actions(window) >= {E.VERIFY_PASS, E.REWORK}
    clock.advance(60)
    rework = open_by_key(qtbot, window, E.REWORK, Qt.Key.Key_F7)
    type_text(qtbot, rework.note, "复查时商贩仍在原处经营")
    case = confirm(qtbot, window, rework, S.DISPATCHED)
    assert case.projection.rework_count == 1

    # 网格长 again, then 核查员 verifies and the case closes.
    sign_in(qtbot, window, leader)
    clock.advance(120)
    handle = open_by_key(qtbot, window, E.HANDLE, Qt.Key.Key_F4)
    type_text(qtbot, handle.note, "联合城管取缔流动摊点，设置提示牌")
    case = confirm(qtbot, window, handle, S.HANDLED)

    sign_in(qtbot, window, inspector)
    clock.advance(30)
    verify = open_by_key(qtbot, window, E.VERIFY_PASS, Qt.Key.Key_F6)
    case = confirm(qtbot, window, verify, S.CLOSED)
    assert E.HANDLE not in visible_actions(window)
    qtbot.waitUntil(lambda: window.model.loaded_rows()[0].state is S.CLOSED, timeout=3_000)

    with app.db.engine.connect() as conn:
        events = conn.execute(
            text(
                "SELECT e.type, e.from_state, e.to_state, e.actor_code, e.role, e.note, e.at,"
                " (SELECT count(*) FROM attachments a WHERE a.event_id = e.id)"
                " FROM case_events e JOIN cases c ON c.id = e.case_id"
                " WHERE c.case_no = :no ORDER BY e.id"
            ),
            {"no": CASE_NO},
        ).all()
        row = conn.execute(
            text("SELECT state, rework_count, handler_person_code FROM cases WHERE case_no = :no"),
            {"no": CASE_NO},
        ).one()
    assert [(e[0], e[1], e[2], e[3], e[4]) for e in events] == [
        ("report", None, "reported", officer, "duty_officer"),
        ("accept", "reported", "accepted", officer, "duty_officer"),
        ("dispatch", "accepted", "dispatched", officer, "duty_officer"),
        ("handle", "dispatched", "handled", leader, "grid_leader"),
        ("rework", "handled", "dispatched", inspector, "inspector"),
        ("handle", "dispatched", "handled", leader, "grid_leader"),
        ("verify_pass", "handled", "closed", inspector, "inspector"),
    ]
    assert [e[5] for e in events][3:6] == [
        "已劝离商贩，清理现场",
        "复查时商贩仍在原处经营",
        "联合城管取缔流动摊点，设置提示牌",
    ]
    assert [e[7] for e in events] == [0, 0, 0, 1, 0, 0, 0]
    times = [e[6] for e in events]
    assert times == sorted(times) and str(times[-1]).startswith("2026-11-21 14:")
    assert tuple(row) == ("closed", 1, leader)


HOSTILE = (
    "'",
    "%",
    "_",
    "\\",
    "%_\\",
    "' OR 1=1 --",
    "'; DROP TABLE cases; --",
    '" OR ""="',
    "占道%",
    "_道",
    "_口",
    "[占]",
    "*",
    "NULL",
    "o'brien",
    "5折% [占]",
)


def _checksum(db: Database) -> str:
    digest = hashlib.sha256()
    with db.engine.connect() as conn:
        tables = ("sqlite_master", "cases", "case_events", "changes", "people", "grids")
        for table in (*tables, "case_search_data", "case_search_idx"):
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_hostile_search_strings_typed_into_the_window_are_literal_and_harmless(
    app: App, qtbot: QtBot
) -> None:
    window = app.window
    app.window.stop_live()  # nothing else writes while we compare checksums
    before = _checksum(app.db)
    tabs = window.queues.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(6).center())
    with app.db.engine.connect() as conn:
        texts = conn.execute(text("SELECT case_no, description, address FROM cases")).all()
    for term in HOSTILE:
        window.queues.search.clear()
        type_text(qtbot, window.queues.search, term)
        qtbot.keyClick(window.queues.search, Qt.Key.Key_Return)
        needles = term.lower().split()
        expected = {
            no
            for no, desc, addr in texts
            if all(n in f"{no}\n{desc}\n{addr}".lower() for n in needles)
        }

        def shown(term: str = term, expected: set[str] = expected) -> None:
            assert window.queues.search.text() == term
            assert window.model.total == len(expected), term
            assert {row.case_no for row in window.model.loaded_rows()} == expected

        qtbot.waitUntil(shown, timeout=5_000)
    assert _checksum(app.db) == before
    count = CaseQueueRepository(app.db.engine).count(QueueFilter(now=START, queue=Queue.ALL))
    assert count == 2002


def test_signing_in_as_another_person_changes_the_actions_at_once(app: App, qtbot: QtBot) -> None:
    window = app.window
    find_case(qtbot, window, CASE_NO)
    assert visible_actions(window) == {E.ACCEPT, E.REJECT_DUPLICATE}
    viewer = _first(app.db, "SELECT person_code FROM person_roles WHERE role = 'viewer' ORDER BY 1")
    sign_in(qtbot, window, viewer)
    assert visible_actions(window) == set()
    button = window.case_dock.toolbar.widgetForAction(window.case.event_actions[E.ACCEPT])
    assert button is not None
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=2_000)
    qtbot.keyClick(window.queues.table, Qt.Key.Key_F2)
    assert window.findChild(QDialog, "action_dialog") is None
    # Cancelling the sign-in keeps whoever is signed in.
    dialog = window.open_sign_in()
    assert dialog is not None
    type_text(qtbot, dialog.person_filter, "P")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert window.person is not None and window.person.code == viewer


def test_the_supervision_timer_flags_overdue_cases_in_the_open_window(
    app: App, qtbot: QtBot, clock: Clock
) -> None:
    window = app.window
    service = app.live.supervision
    assert service is not None
    qtbot.waitUntil(lambda: not service.busy, timeout=30_000)  # the tick at start-up

    def system_events() -> int:
        with app.db.engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM case_events WHERE role = 'system'")
                ).scalar()
                or 0
            )

    before = system_events()
    clock.advance(10 * 24 * 60)  # ten days on: deadlines have passed
    with qtbot.waitSignal(service.tick_finished, timeout=60_000) as ticked:
        service.run_now()
    report = ticked.args[0]
    assert report.cases > 0 and report.events == system_events() - before
    overdue = CaseQueueRepository(app.db.engine).count(
        QueueFilter(now=clock.now, queue=Queue.OVERDUE)
    )
    # The change feed brings the tick's writes to the tabs without a refresh.
    qtbot.waitUntil(lambda: window.queues.tabs.tabText(4) == f"超期 {overdue:,}", timeout=5_000)


def test_a_tick_that_cannot_run_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    from commandcenter.services.supervision_service import SupervisionService

    bad = tmp_path / "not-a-database.db"
    bad.write_text("这不是数据库")
    service = SupervisionService(bad, lambda: START)
    try:
        with qtbot.waitSignal(service.tick_failed, timeout=60_000) as failed:
            service.run_now()
        assert "not-a-database.db" in failed.args[0]
        assert not service.busy
        assert bad.read_text() == "这不是数据库"
    finally:
        # The window owns its service; here nothing else would.
        with qtbot.waitSignal(service.destroyed, timeout=5_000):
            service.deleteLater()


def test_a_held_supervision_runs_the_missed_tick_on_release(qtbot: QtBot, tmp_path: Path) -> None:
    """While a sync writes page after page the tick waits its turn instead of failing on the
    write lock; the tick asked for meanwhile runs when the sync is done."""
    from commandcenter.services.supervision_service import SupervisionService
    from commandcenter.store.database import open_database

    path = tmp_path / "street.db"
    open_database(path).dispose()
    service = SupervisionService(path, lambda: START, interval_ms=3_600_000)
    try:
        service.hold(True)
        ran: list[object] = []
        service.tick_finished.connect(ran.append)
        with qtbot.assertNotEmitted(service.tick_finished):
            service.start()  # the start-up tick, held
        # A tick is a child process, and busy from the moment it starts: held, none started,
        # so no tick_finished can follow (a fixed wait was shorter than a tick anyway).
        assert not service.busy
        assert ran == []
        with qtbot.waitSignal(service.tick_finished, timeout=60_000):
            service.hold(False)
        assert len(ran) == 1
    finally:
        service.stop()
        with qtbot.waitSignal(service.destroyed, timeout=5_000):
            service.deleteLater()


def test_photo_thumbnails_open_full_size(app: App, qtbot: QtBot) -> None:
    with app.db.engine.connect() as conn:
        case_no, sha, count = conn.execute(
            text(
                "SELECT c.case_no, min(a.sha256), count(*) FROM attachments a"
                " JOIN case_events e ON e.id = a.event_id JOIN cases c ON c.id = e.case_id"
                " GROUP BY c.id ORDER BY c.id LIMIT 1"
            )
        ).one()
    window = app.window
    find_case(qtbot, window, case_no)
    photos = window.case_dock.photos
    assert photos.isVisible() and photos.count() == count
    original = QImage()
    assert original.loadFromData(app.db.blobs.get(sha))
    row = next(i for i in range(photos.count()) if photos.item(i).data(SHA_ROLE) == sha)
    item = photos.item(row)
    assert max(item.icon().availableSizes()[0].toTuple()) <= THUMB
    centre = photos.visualItemRect(item).center()
    # A double click is a press, then the double-click event (QTest sends only the latter).
    qtbot.mouseClick(photos.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(photos.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    viewer = window.case_dock.findChild(QDialog)
    assert viewer is not None and viewer.isVisible()
    assert case_no in viewer.windowTitle()
    shown = viewer.findChild(QLabel, "photo").pixmap()
    assert (shown.width(), shown.height()) == (original.width(), original.height())
    viewer.close()


def test_a_case_taken_by_someone_else_meanwhile_is_refused_in_words(
    app: App, qtbot: QtBot, clock: Clock
) -> None:
    window = app.window
    case = find_case(qtbot, window, CASE_NO)
    clock.advance(5)
    dialog = open_by_key(qtbot, window, E.ACCEPT, Qt.Key.Key_F2)
    # Another duty officer accepts the same report from another workstation first.
    assert window.person is not None
    other = CaseCommands(app.db.engine, defaults.calendar())
    other.apply(case.id, Command(E.ACCEPT, window.person.code, Role.DUTY_OFFICER, clock.now))
    with qtbot.waitSignal(window.action_failed, timeout=5_000) as failed:
        qtbot.mouseClick(dialog.findChild(QPushButton, "ok"), Qt.MouseButton.LeftButton)
    assert "状态已变化" in failed.args[0] and "受理立案" in failed.args[0]
    with app.db.engine.connect() as conn:
        accepts = conn.execute(
            text(
                "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id"
                " WHERE c.case_no = :no AND e.type = 'accept'"
            ),
            {"no": CASE_NO},
        ).scalar()
    assert accepts == 1


def test_accepting_suggests_the_grid_the_point_lies_in(
    app: App, qtbot: QtBot, clock: Clock
) -> None:
    with app.db.engine.connect() as conn:
        filed, other = conn.execute(
            text("SELECT code, geometry FROM grids WHERE level = 3 AND is_current ORDER BY code")
        ).all()[:2]
        category = conn.execute(
            text("SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY 1")
        ).scalar()
    point = shape(json.loads(other[1])).representative_point()
    CaseCommands(app.db.engine, defaults.calendar()).report(
        NewCase(
            "ZZ-POINT-1",
            str(category),
            Source.HOTLINE,
            Priority.NORMAL,
            filed[0],  # the caller named the wrong block
            "井盖缺失",
            "某路口",
            point.x,
            point.y,
        ),
        Command(E.REPORT, window_person(app), Role.DUTY_OFFICER, START - timedelta(minutes=5)),
    )
    window = app.window
    find_case(qtbot, window, "ZZ-POINT-1")
    dialog = open_by_key(qtbot, window, E.ACCEPT, Qt.Key.Key_F2)
    assert dialog.grid is not None and dialog.grid.currentData() == other[0]


def window_person(app: App) -> str:
    assert app.window.person is not None
    return app.window.person.code
