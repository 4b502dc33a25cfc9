"""The escalation wall: exactly the running escalations of the street (open, and supervised,
raised or with the district), most urgent first; it follows `tick` when the supervision
escalates more cases; full screen on F11; `screenshot --view wall`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commandcenter import defaults
from commandcenter.app import App, build_app
from commandcenter.domain.supervision import Light
from commandcenter.store.database import open_database, open_readonly
from commandcenter.store.escalations import WallRow, running_escalations, urgency
from commandcenter.ui.main_window import MainWindow
from commandcenter.ui.wall.wall_room import WallRoom
from windows import Clock, show_window

NOW = datetime(2026, 11, 21, 9, 0)
RUNNING_SQL = (
    "SELECT id FROM cases WHERE state IN ('reported','accepted','dispatched','handled',"
    "'escalated') AND (escalation_level > 1 OR supervised OR state = 'escalated')"
)


def _assert_urgency_order(rows: list[WallRow], now: datetime) -> None:
    ranks = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, Light.NONE: 3}
    for a, b in pairwise(rows):
        assert urgency(a, now) <= urgency(b, now)
        assert ranks[a.light] <= ranks[b.light]
        left_a, left_b = a.time_left(now), b.time_left(now)
        if a.light is b.light and left_a is not None and left_b is not None:
            assert left_a <= left_b  # the most overdue, or the least time left, first


def test_the_wall_holds_exactly_the_running_escalations_most_urgent_first(
    street_db: Path,
) -> None:
    db = open_readonly(street_db)
    try:
        with db.engine.connect() as conn:
            expected = {r[0] for r in conn.execute(text(RUNNING_SQL))}
        rows = running_escalations(db.engine, defaults.calendar(), NOW)
    finally:
        db.dispose()
    assert len(expected) > 20
    assert [r.case_id for r in rows if r.case_id in expected] == [r.case_id for r in rows]
    assert {r.case_id for r in rows} == expected
    _assert_urgency_order(rows, NOW)
    assert rows[0].light is Light.RED
    district = [r for r in rows if r.due_at is None]
    assert district and all(r.light is Light.NONE for r in district)
    assert rows[-len(district) :] == district  # with the district: after every deadline
    assert all(r.responsible for r in rows)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def app(qtbot: QtBot, street_db: Path, clock: Clock) -> Iterator[App]:
    built = build_app(open_database(street_db), clock=clock)
    assert built.live.supervision is not None
    show_window(qtbot, built, (1400, 900))
    service = built.live.supervision
    qtbot.waitUntil(lambda: not service.busy, timeout=30_000)  # the tick at start-up
    yield built
    built.close()


def test_the_wall_follows_tick(app: App, qtbot: QtBot, clock: Clock) -> None:
    window = app.window
    wall = _wall_room(window).open()
    assert wall is not None
    with qtbot.waitSignal(wall.rows_shown, timeout=10_000):
        pass
    before = {r.case_id for r in wall.model.rows()}
    with app.db.engine.connect() as conn:
        assert before == {r[0] for r in conn.execute(text(RUNNING_SQL))}
    _assert_urgency_order(wall.model.rows(), clock.now)
    assert wall.counts.text().startswith(f"共 {len(before)} 件")

    clock.now = NOW + timedelta(days=3)
    command = [sys.executable, "-m", "commandcenter.cli", "tick", "--db", str(app.db.path)]
    done = subprocess.run(
        [*command, "--now", clock.now.isoformat()], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    with app.db.engine.connect() as conn:
        after = {r[0] for r in conn.execute(text(RUNNING_SQL))}
    assert after - before, "the tick escalated nothing new"
    qtbot.waitUntil(lambda: {r.case_id for r in wall.model.rows()} == after, timeout=5_000)
    _assert_urgency_order(wall.model.rows(), clock.now)


def test_f11_shows_the_wall_full_screen_and_escape_returns(app: App, qtbot: QtBot) -> None:
    wall = _wall_room(app.window).open()
    assert wall is not None
    qtbot.waitUntil(wall.isVisible, timeout=2_000)
    wall.activateWindow()
    qtbot.waitUntil(wall.isActiveWindow, timeout=2_000)
    qtbot.keyClick(wall.view, Qt.Key.Key_F11)
    qtbot.waitUntil(wall.isFullScreen, timeout=2_000)
    qtbot.keyClick(wall.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wall.isFullScreen(), timeout=2_000)


def test_screenshot_of_the_wall(street_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "wall.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "commandcenter.cli",
            "screenshot",
            "--db",
            str(street_db),
            "--view",
            "wall",
            "--size",
            "1280x720",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def _wall_room(window: MainWindow) -> WallRoom:
    room = window.room(WallRoom)
    assert room is not None
    return room


def test_every_card_is_filled_and_its_lanes_are_named_large(qapp: object) -> None:
    """[13/20] 6: the timeline runs from the words to the time left (no empty third), at the
    same place on every card; the lane names are as large as a lane lets them be, bold."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetricsF

    from commandcenter.ui.wall.escalation_wall import (
        INFO_WIDTH,
        LEFT_WIDTH,
        ROW_HEIGHT,
        card_parts,
        lane_font,
    )

    big, huge = QFont(), QFont()
    big.setPointSizeF(12.5)
    big.setBold(True)
    huge.setPointSizeF(16)
    huge.setBold(True)
    for width in (1200.0, 1600.0, 2400.0):
        rect = QRectF(6, 4, width, ROW_HEIGHT - 8)
        info, track, block = card_parts(rect, big, huge, "SD202611150001")
        assert info.width() <= width * INFO_WIDTH and block.width() <= width * LEFT_WIDTH
        assert track.left() - info.right() <= 12 and block.left() - track.right() <= 16
        # The time left fits its block, the longest it says included.
        assert QFontMetricsF(huge).horizontalAdvance("超期 99天23小时") <= block.width()
        # The timeline takes what the words and the time leave: well over a third.
        assert track.width() > width / 3
        assert card_parts(rect, big, huge, "SD202611150002") == (info, track, block)
    lane = (ROW_HEIGHT - 16) / 4
    font = lane_font(QFont(), lane)
    assert font.bold() and font.pixelSize() >= int(lane * 0.85) >= 16
