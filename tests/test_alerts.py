"""Alerts: a case turning red and a new urgent report each raise the alert signal exactly once,
however many refreshes follow; what was there when the window opened does not alert; the status
bar lists them and opens their case; without a tray or audio the alerts still reach the list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commandcenter import defaults
from commandcenter.app import App, build_app
from commandcenter.domain.enums import Priority, Role, Source
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.transitions import Command
from commandcenter.services.alert_service import Alert, AlertService
from commandcenter.store.alerts import turned_red, urgent_reports
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.database import Database, open_database
from windows import Clock, show_window

NOW = datetime(2026, 11, 21, 9, 0)


def _next_deadline(db: Database) -> tuple[int, datetime]:
    """The dispatched case whose deadline comes first after NOW."""
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT id, due_at FROM cases WHERE state = 'dispatched' AND due_at > :now"
                " ORDER BY due_at LIMIT 1"
            ),
            {"now": NOW},
        ).one()
    return int(row[0]), datetime.fromisoformat(str(row[1]))


def test_turned_red_takes_the_window_open_closed(street_db: Path) -> None:
    db = open_database(street_db)
    try:
        case_id, due = _next_deadline(db)
        assert case_id in {c.case_id for c in turned_red(db.engine, NOW, due)}
        assert case_id not in {c.case_id for c in turned_red(db.engine, due, due + timedelta(1))}
        assert case_id not in {
            c.case_id for c in turned_red(db.engine, NOW, due - timedelta(seconds=1))
        }
        urgent = urgent_reports(db.engine)
        assert all(c.priority is Priority.URGENT and c.state.value == "reported" for c in urgent)
    finally:
        db.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def app(qtbot: QtBot, street_db: Path, clock: Clock) -> Iterator[App]:
    # No map: alerts do not touch it, and a test this quick can close the window before the
    # map page (built on a worker) arrives, which MapDock.start then loads into a deleted page.
    built = build_app(open_database(street_db), clock=clock, show_map=False)
    show_window(qtbot, built, (1400, 900))
    alerts = built.live.alerts
    assert alerts is not None
    qtbot.waitUntil(lambda: alerts.started, timeout=5_000)
    supervision = built.live.supervision
    assert supervision is not None
    qtbot.waitUntil(lambda: not supervision.busy, timeout=30_000)  # the start-up tick
    yield built
    built.close()


def _collect(service: AlertService) -> list[Alert]:
    got: list[Alert] = []
    service.alert_raised.connect(got.append)
    return got


def test_a_case_turning_red_alerts_once(app: App, qtbot: QtBot, clock: Clock) -> None:
    window = app.window
    service = app.live.alerts
    assert service is not None
    got = _collect(service)
    case_id, due = _next_deadline(app.db)
    clock.now = due - timedelta(minutes=1)
    service.check_now()
    qtbot.waitUntil(lambda: not service.busy, timeout=5_000)  # that look has ended
    assert [a for a in got if a.case.case_id == case_id] == []  # not yet
    clock.now = due + timedelta(minutes=1)
    with qtbot.waitSignal(
        service.alert_raised, timeout=5_000, check_params_cb=lambda a: a.case.case_id == case_id
    ):
        service.check_now()
    for _ in range(3):  # more refreshes: the timer, the change feed
        service.check_now()
        service.cases_changed({case_id})
        qtbot.waitUntil(lambda: not service.busy, timeout=5_000)
    mine = [a for a in got if a.case.case_id == case_id]
    assert len(mine) == 1 and mine[0].kind == Alert.RED
    # The status bar lists it; choosing it opens the case.
    button = window.alerts_button
    assert button.unread >= 1 and button.text().startswith("提醒")
    button.menu_.aboutToShow.emit()
    entry = next(a for a in button.menu_.actions() if mine[0].case.case_no in a.text())
    assert "[超期]" in entry.text()
    with qtbot.waitSignal(
        window.case_shown, timeout=5_000, check_params_cb=lambda d: d.id == case_id
    ):
        entry.trigger()
    assert button.unread == 0


def test_a_new_urgent_report_alerts_once_and_old_ones_not_at_all(
    app: App, qtbot: QtBot, clock: Clock
) -> None:
    service = app.live.alerts
    assert service is not None
    got = _collect(service)
    with app.db.engine.connect() as conn:
        grid = conn.execute(text("SELECT code FROM grids WHERE level = 3 ORDER BY 1")).scalar()
        category = conn.execute(
            text("SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY 1")
        ).scalar()
        officer = conn.execute(
            text("SELECT person_code FROM person_roles WHERE role = 'duty_officer' ORDER BY 1")
        ).scalar()
    already = {c.case_id for c in urgent_reports(app.db.engine)}
    commands = CaseCommands(app.db.engine, defaults.calendar())
    new = commands.report(
        NewCase(
            "ZZ-URGENT-1",
            str(category),
            Source.HOTLINE,
            Priority.URGENT,
            str(grid),
            "燃气管道泄漏，居民闻到异味",
            "商都路12号",
            None,
            None,
        ),
        Command(EventType.REPORT, str(officer), Role.DUTY_OFFICER, NOW),
    )
    with qtbot.waitSignal(
        service.alert_raised,
        timeout=5_000,
        check_params_cb=lambda a: a.case.case_id == new.case_id,
    ):
        pass  # the change feed brings it
    for _ in range(3):
        service.cases_changed({new.case_id, *already})
        service.check_now()
        qtbot.waitUntil(lambda: not service.busy, timeout=5_000)
    urgent = [a for a in got if a.kind == Alert.URGENT]
    assert [a.case.case_id for a in urgent] == [new.case_id]


def test_without_tray_or_audio_an_alert_still_reaches_the_list(app: App) -> None:
    window = app.window
    notifier = window.notifier
    assert notifier is not None
    # This machine (offscreen, no PulseAudio) has neither; notify must simply do without.
    db = app.db
    case_id, _due = _next_deadline(db)
    case = next(
        c for c in turned_red(db.engine, NOW, NOW + timedelta(days=30)) if c.case_id == case_id
    )
    alert = Alert(Alert.RED, case, NOW)
    notifier.notify(alert)
    before = len(window.alerts_button.alerts())
    assert app.live.alerts is not None
    app.live.alerts.alert_raised.emit(alert)
    assert len(window.alerts_button.alerts()) == before + 1
