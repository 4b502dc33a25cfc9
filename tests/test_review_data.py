"""[10/10] The cases the review meeting goes through: open at the week's end (or now, while the
week runs) and overdue or urgent/high priority. A finished week is judged as it stood at its end,
from the times the cases keep, not by what they have become since."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from commandcenter import defaults
from commandcenter.domain.periods import week_period
from commandcenter.features.review_pack import build_review
from commandcenter.store.database import open_readonly
from commandcenter.store.review import review_data

NOW = datetime(2026, 11, 20, 17, 0)  # Friday of 2026-W47
W46_END = datetime(2026, 11, 16)


def _rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def test_the_running_week_shows_the_open_cases_as_they_stand(street_db: Path) -> None:
    db = open_readonly(street_db)
    try:
        data = review_data(db.engine, week_period("2026-W47"), defaults.scoring_weights(), NOW)
    finally:
        db.dispose()
    assert data.asof == NOW
    expected = _rows(
        street_db,
        "SELECT case_no FROM cases WHERE state IN "
        "('reported','accepted','dispatched','handled','escalated') AND reported_at < ? AND "
        "(priority IN ('urgent','high') OR (state != 'escalated' AND due_at < ?))",
        NOW.isoformat(" "),
        NOW.isoformat(" "),
    )
    assert sorted(k.case_no for k in data.cases) == sorted(no for (no,) in expected)
    assert len(data.cases) > 20
    for k in data.cases:
        late = k.due_at is not None and k.due_at < NOW and k.state.value != "escalated"
        assert (k.overdue_hours is not None) == late
    # grid by grid, the most overdue first within a grid
    keys = [(k.grid2_code, k.overdue_hours is None, -(k.overdue_hours or 0)) for k in data.cases]
    assert keys == sorted(keys)


def test_a_finished_week_is_judged_as_it_stood_at_its_end(street_db: Path) -> None:
    end = W46_END.isoformat(" ")
    # overdue at the end of W46 (handling deadline passed, not handled by then), closed since
    closed_since = _rows(
        street_db,
        "SELECT case_no, handle_due_at FROM cases WHERE state = 'closed' AND closed_at >= ? "
        "AND dispatched_at < ? AND handle_due_at < ? "
        "AND (first_handled_at IS NULL OR first_handled_at >= ?) AND reported_at < ?",
        end,
        end,
        end,
        end,
        end,
    )
    assert closed_since, "the street has cases overdue at the end of W46 and closed since"
    # closed before W46 ended: not the meeting's business that week
    closed_before = _rows(
        street_db,
        "SELECT case_no FROM cases WHERE closed_at < ? AND priority IN ('urgent','high')",
        end,
    )
    assert closed_before
    db = open_readonly(street_db)
    try:
        document = build_review(db.engine, week_period("2026-W46"), defaults.scoring_weights(), NOW)
    finally:
        db.dispose()
    assert document.asof == W46_END
    slides = {s.case_no: s for s in document.slides}
    for case_no, handle_due in closed_since:
        slide = slides[case_no]
        assert slide.is_overdue and slide.state == "现已办结"
        assert slide.deadline == handle_due[:16]
    assert not slides.keys() & {no for (no,) in closed_before}
    reported_after = _rows(street_db, "SELECT case_no FROM cases WHERE reported_at >= ?", end)
    assert not slides.keys() & {no for (no,) in reported_after}


def test_the_walk_keeps_every_case_even_of_a_grid_no_longer_in_the_tree(
    street_db: Path,
) -> None:
    from dataclasses import replace

    from commandcenter.ui.review.presenter_window import walk

    db = open_readonly(street_db)
    try:
        document = build_review(db.engine, week_period("2026-W47"), defaults.scoring_weights(), NOW)
    finally:
        db.dispose()
    orphan = replace(document.slides[0], case_no="SD-ORPHAN", grid2_code="410171001099")
    document = replace(document, slides=(*document.slides, orphan))
    pages = walk(document)
    cases = [p.case.case_no for p in pages if p.case is not None]
    assert sorted(cases) == sorted(s.case_no for s in document.slides)
    assert cases[-1] == "SD-ORPHAN"
    assert [p.grid.code for p in pages if p.case is None] == [g.code for g in document.grids]
