"""The escalation timeline dock on seeded cases: one bar per stage and level, with the durations
and lanes the recorded events imply (derived here from the events table on its own terms, not
through the timeline code), and the `screenshot --view timeline` command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from commandcenter.app import App, build_app
from commandcenter.domain.enums import EscalationLevel
from commandcenter.store import schema as t
from commandcenter.store.database import Database, open_readonly
from commandcenter.ui.timeline.timeline_model import BAR_ROLE
from windows import show_window

NOW = datetime(2026, 11, 21, 9, 0)
END_STATES = {"closed", "rejected", "voided", "shelved"}
# Events after which a new stage clock runs (or the level changes) without a change of state.
RESTARTS = {"rework", "dispatch", "district_dispatch", "raise_level", "escalate", "reopen"}


@pytest.fixture
def app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False)
    show_window(qtbot, built, (1600, 1000))
    yield built
    built.close()


def _case_with(db: Database, where: str) -> int:
    with db.engine.connect() as conn:
        found = conn.execute(
            text(f"SELECT c.id FROM cases c WHERE {where} ORDER BY c.id LIMIT 1")
        ).scalar()
    assert found is not None, where
    return int(found)


def _expected_bars(db: Database, case_id: int) -> list[tuple[EscalationLevel, datetime, datetime]]:
    """(lane, start, end) per bar, from the events: a bar ends wherever the state changes, a
    stage restarts or the level changes; the lane is the level in force when it starts."""
    with db.engine.connect() as conn:
        e = t.case_events.c
        events = conn.execute(
            select(e.type, e.from_state, e.to_state, e.at, e.payload)
            .where(e.case_id == case_id)
            .order_by(e.id)
        ).all()
    level = EscalationLevel.GRID
    start = events[0].at
    lane = level
    bars = []
    for ev in events[1:]:
        changed = ev.from_state != ev.to_state or ev.type in RESTARTS
        if ev.type == "raise_level":
            payload = json.loads(ev.payload or "{}")
            level = EscalationLevel(payload.get("level") or level + 1)
        elif ev.type == "escalate":
            level = EscalationLevel.DISTRICT
        if changed:
            if start is not None:
                bars.append((lane, start, ev.at))
            start, lane = (None, level) if ev.to_state in END_STATES else (ev.at, level)
    if start is not None:
        bars.append((lane, start, max(NOW, events[-1].at)))
    return bars


@pytest.mark.parametrize(
    "where",
    [
        # raised twice while being handled, reworked, closed
        "c.state = 'closed' AND (SELECT count(*) FROM case_events e WHERE e.case_id = c.id"
        " AND e.type = 'raise_level') = 2 AND EXISTS (SELECT 1 FROM case_events e"
        " WHERE e.case_id = c.id AND e.type = 'rework')",
        # sent to the district and still there
        "c.state = 'escalated'",
        # running and overdue at a raised level
        "c.state = 'dispatched' AND c.escalation_level >= 2 AND c.due_at < '2026-11-21'",
    ],
)
def test_the_timeline_has_a_bar_per_stage_and_level(app: App, qtbot: QtBot, where: str) -> None:
    case_id = _case_with(app.db, where)
    window = app.window
    with qtbot.waitSignal(
        window.case_shown, timeout=5_000, check_params_cb=lambda d: d.id == case_id
    ):
        window.open_case(case_id)
    panel = window.timeline_dock.panel
    model = panel.model
    bars = [model.data(model.index(r, 0), BAR_ROLE) for r in range(model.rowCount())]
    assert [(b.lane, b.start, b.end) for b in bars] == _expected_bars(app.db, case_id)
    for row, bar in enumerate(bars):
        assert model.index(row, 4).data() and bar.duration == bar.end - bar.start
    # The drawing holds the same bars, each in its lane's row, left to right in time.
    view = panel.view
    rects = [view.bar_rect(i) for i in range(len(bars))]
    for (a, ra), (b, rb) in pairwise(zip(bars, rects, strict=True)):
        assert ra.left() <= rb.left()
        if a.lane < b.lane:
            assert rb.center().y() < ra.center().y()  # higher levels are drawn higher
    assert panel.summary.text().startswith(window.case_dock.case.case_no)  # type: ignore[union-attr]


def test_screenshot_of_a_case_timeline(street_db: Path, tmp_path: Path) -> None:
    db = open_readonly(street_db)
    case_id = _case_with(db, "c.state = 'escalated'")
    with db.engine.connect() as conn:
        case_no = conn.execute(
            text("SELECT case_no FROM cases WHERE id = :i"), {"i": case_id}
        ).scalar()
    db.dispose()
    out = tmp_path / "timeline.png"
    command = [sys.executable, "-m", "commandcenter.cli", "screenshot", "--db", str(street_db)]
    result = subprocess.run(
        [
            *command,
            "--view",
            "timeline",
            "--case",
            str(case_no),
            "--size",
            "1000x320",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 320)
    bad = subprocess.run(
        [*command, "--view", "timeline", "--case", "NO-SUCH", "--out", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "NO-SUCH" in bad.stderr
    assert not (tmp_path / "x.png").exists()
