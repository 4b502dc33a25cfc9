"""The dashboard: its figures are the street's own counts (checked against SQL written here); the
dock in the window shows them, follows another writer's changes within the throttle with one
read for a burst, and keeps its chart items (no redraw from scratch)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select, text, update

from commandcenter.app import App, build_app
from commandcenter.store import schema as t
from commandcenter.store.dashboard import dashboard_figures
from commandcenter.store.database import open_database, open_readonly
from windows import Clock, show_window

NOW = datetime(2026, 11, 20, 16, 0)  # a Friday, the seeded street's last day
OPEN = "('reported','accepted','dispatched','handled','escalated')"
SUPERVISABLE = "('reported','accepted','dispatched','handled')"


def _sql(street_db: Path, query: str, **params: object) -> list[tuple]:
    db = open_readonly(street_db)
    try:
        with db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(query), params)]
    finally:
        db.dispose()


def _tiles_sql(street_db: Path, now: datetime) -> tuple[int, int, int]:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    ((today,),) = _sql(
        street_db,
        "SELECT count(*) FROM cases WHERE reported_at >= :a AND reported_at < :b",
        a=day,
        b=day + timedelta(days=1),
    )
    ((open_cases,),) = _sql(street_db, f"SELECT count(*) FROM cases WHERE state IN {OPEN}")
    ((late,),) = _sql(
        street_db,
        f"SELECT count(*) FROM cases WHERE state IN {SUPERVISABLE} AND due_at < :now",
        now=now,
    )
    return today, open_cases, late


def test_the_figures_are_the_streets_counts(street_db: Path) -> None:
    db = open_readonly(street_db)
    try:
        started = time.perf_counter()
        figures = dashboard_figures(db.engine, NOW)
        took = time.perf_counter() - started
    finally:
        db.dispose()
    assert took < 2.0
    today, open_cases, late = _tiles_sql(street_db, NOW)
    assert today > 0 and open_cases > 0 and late > 0
    assert (figures.today_intake, figures.open_cases, figures.overdue) == (today, open_cases, late)

    assert len(figures.days) == 30
    assert figures.days[-1].day == NOW.date()
    assert figures.days[0].day == NOW.date() - timedelta(days=29)
    for d in (figures.days[0], figures.days[-3], figures.days[-1]):
        start = datetime.combine(d.day, datetime.min.time())
        window = {"a": start, "b": start + timedelta(days=1), "now": NOW}
        ((intake, closed, overdue),) = _sql(
            street_db,
            "SELECT (SELECT count(*) FROM cases WHERE reported_at >= :a AND reported_at < :b),"
            " (SELECT count(*) FROM cases WHERE closed_at >= :a AND closed_at < :b),"
            " (SELECT count(*) FROM cases WHERE handle_due_at >= :a AND handle_due_at < :b"
            "  AND handle_due_at < :now"
            "  AND NOT (state IN ('voided','shelved') AND ended_at < handle_due_at)"
            "  AND (first_handled_at IS NULL OR first_handled_at > handle_due_at))",
            **window,
        )
        assert (d.intake, d.closed, d.overdue) == (intake, closed, overdue), d.day
    assert sum(d.intake for d in figures.days) > 300
    assert sum(d.overdue for d in figures.days) > 0

    by_category = _sql(
        street_db,
        "SELECT k.name, count(*) AS n FROM cases c JOIN categories k ON k.code = c.category_code"
        f" WHERE c.state IN {OPEN} GROUP BY c.category_code ORDER BY n DESC, c.category_code"
        " LIMIT 10",
    )
    assert [(k.name, k.count) for k in figures.categories] == by_category

    rates = figures.rates
    assert rates.week == "2026-W47"
    for value in (rates.handling, rates.closing, rates.ontime, rates.rework):
        assert value is not None and 0.0 <= value <= 1.0
    assert len(figures.grid_rates) == 14


@pytest.fixture
def app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    built = build_app(open_database(street_db), clock=Clock(NOW), show_map=False)
    show_window(qtbot, built, (1400, 900))
    yield built
    built.close()


def _tile(built: App, name: str) -> str:
    dock = built.window.dashboard_dock
    assert dock is not None
    return dock.tiles[name].value.text()


def test_the_dock_shows_the_figures_and_follows_a_burst_of_changes(
    qtbot: QtBot, app: App, street_db: Path
) -> None:
    window = app.window
    dock = window.dashboard_dock
    assert dock is not None
    assert dock.toggleViewAction() in window.menuBar().actions()[1].menu().actions()
    dock.raise_()  # a tab behind the timeline: it reads when shown
    qtbot.waitUntil(lambda: dock.reads >= 1, timeout=10_000)
    today, open_cases, late = _tiles_sql(street_db, NOW)
    assert _tile(app, "today") == f"{today:,}"
    assert _tile(app, "open") == f"{open_cases:,}"
    assert _tile(app, "overdue") == f"{late:,}"
    assert _tile(app, "closing").endswith("%")
    charts = (dock.intake_chart, dock.trend_chart, dock.category_chart, dock.rates_chart)
    items = [list(chart.plot.items) for chart in charts]
    series = (dock.intake_chart.intake, dock.trend_chart.line, dock.category_chart.bars)

    # Another writer reports three cases of today and closes two, in five transactions.
    open_ids = [
        r[0]
        for r in _sql(street_db, f"SELECT id FROM cases WHERE state IN {OPEN} ORDER BY id LIMIT 5")
    ]
    assert app.live.feed is not None
    seen: set[int] = set()
    app.live.feed.cases_changed.connect(lambda ids: seen.update(ids))
    reads = dock.reads
    written = time.perf_counter()
    c = t.cases.c
    for i, case_id in enumerate(open_ids):
        change = (
            {"reported_at": NOW - timedelta(minutes=10 + i)}
            if i < 3
            else {"state": "closed", "closed_at": NOW - timedelta(minutes=5)}
        )
        with app.db.engine.begin() as conn:
            conn.execute(update(t.cases).where(c.id == case_id).values(**change))
            conn.execute(insert(t.changes).values(case_id=case_id))
    qtbot.waitUntil(lambda: dock.reads > reads, timeout=5_000)
    assert time.perf_counter() - written < 3.0  # the 2 s throttle, and the read
    qtbot.waitUntil(lambda: seen >= set(open_ids), timeout=5_000)
    assert _tile(app, "today") == f"{today + 3:,}"
    assert _tile(app, "open") == f"{open_cases - 2:,}"
    # every change of the burst was heard, and no second read is coming for it
    assert dock.reads == reads + 1
    assert not dock._throttle.isActive() and not dock._reads.busy
    assert [list(chart.plot.items) for chart in charts] == items
    assert (dock.intake_chart.intake, dock.trend_chart.line, dock.category_chart.bars) == series
    assert dock.figures is not None
    assert dock.intake_chart.intake.yData[-1] == dock.figures.days[-1].intake == today + 3

    with app.db.engine.connect() as conn:
        assert conn.scalar(select(t.cases.c.state).where(c.id == open_ids[-1])) == "closed"


def test_the_app_starts_without_importing_the_charts() -> None:
    """pyqtgraph takes most of a second to import: the dashboard and the review bring it in
    when first shown (the dock warms it up on a worker after the window is up)."""
    import subprocess
    import sys

    code = "import sys, commandcenter.app; print('pyqtgraph' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "False"
