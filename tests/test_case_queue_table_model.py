"""The queue table model on the seeded street (2 000 cases, pages of 200): rows arrive before
their count, pages follow as the view scrolls in SQL's order, a newer filter wins over an older
answer, and cases changed elsewhere are merged in place with the total kept right."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from commandcenter import defaults
from commandcenter.domain.enums import Priority, Role, Source
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.transitions import Command
from commandcenter.services.task_runner import TaskRunner
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.database import Database, open_database
from commandcenter.store.queues import CaseQueueRepository, Queue, QueueFilter
from commandcenter.ui.queues.case_queue_table_model import (
    DEFAULT_SORT,
    MERGE_AT_MOST,
    PAGE,
    CaseQueueTableModel,
)

NOW = datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def db(street_db: Path) -> Iterator[Database]:
    database = open_database(street_db)
    yield database
    database.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    lanes = TaskRunner()
    yield lanes
    lanes.shutdown()


def _model(runner: TaskRunner, db: Database, **filters: object) -> CaseQueueTableModel:
    repo = CaseQueueRepository(db.read_engine())
    return CaseQueueTableModel(runner, repo, QueueFilter(now=NOW, **filters))  # type: ignore[arg-type]


def _load(qtbot: QtBot, model: CaseQueueTableModel, **filters: object) -> None:
    with qtbot.waitSignal(model.rows_loaded, timeout=5_000):
        model.set_query(QueueFilter(now=NOW, **filters))  # type: ignore[arg-type]


def _officer(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(
            conn.exec_driver_sql(
                "SELECT person_code FROM person_roles WHERE role = 'duty_officer' ORDER BY 1"
            ).scalar()
        )


def test_rows_come_first_and_the_count_after(
    qtbot: QtBot, runner: TaskRunner, db: Database
) -> None:
    model = _model(runner, db, queue=Queue.ALL)
    with qtbot.waitSignal(model.rows_loaded, timeout=5_000):
        model.set_query(QueueFilter(now=NOW, queue=Queue.ALL))
    assert model.rowCount() == PAGE
    assert not model.total_known and model.canFetchMore()
    with qtbot.waitSignal(model.total_changed, timeout=5_000) as counted:
        pass
    assert counted.args == [2000] and model.total == 2000 and model.total_known


def test_a_small_result_is_counted_by_its_rows(
    qtbot: QtBot, runner: TaskRunner, db: Database
) -> None:
    model = _model(runner, db)
    expected = CaseQueueRepository(db.engine).count(QueueFilter(now=NOW, queue=Queue.HANDLED))
    assert 0 < expected < PAGE
    with qtbot.waitSignal(model.total_changed, timeout=5_000) as counted:
        model.set_query(QueueFilter(now=NOW, queue=Queue.HANDLED))
    assert counted.args == [expected] and model.rowCount() == expected
    assert model.total_known and not model.canFetchMore()


def test_pages_follow_in_the_order_sql_gives(
    qtbot: QtBot, runner: TaskRunner, db: Database
) -> None:
    model = _model(runner, db)
    _load(qtbot, model, queue=Queue.ALL)
    while model.canFetchMore():
        before = model.rowCount()
        model.fetchMore()
        qtbot.waitUntil(lambda before=before: model.rowCount() > before, timeout=5_000)
    assert model.rowCount() == 2000 and model.total == 2000
    whole = CaseQueueRepository(db.engine).page(
        QueueFilter(now=NOW, queue=Queue.ALL), DEFAULT_SORT, 0, 5000
    )
    assert [r.id for r in model.loaded_rows()] == [r.id for r in whole]


def test_the_newest_question_wins(qtbot: QtBot, runner: TaskRunner, db: Database) -> None:
    model = _model(runner, db)
    loaded: list[int] = []
    model.rows_loaded.connect(lambda: loaded.append(model.rowCount()))
    model.set_query(QueueFilter(now=NOW, queue=Queue.ALL))
    with qtbot.waitSignal(model.total_changed, timeout=5_000):
        model.set_query(QueueFilter(now=NOW, queue=Queue.HANDLED))
    # Lanes answer in order: once these are in, every answer to the older question is too.
    drained: list[object] = []
    for lane in ("read", "count"):
        runner.run(lane, lambda: None, drained.append)
    qtbot.waitUntil(lambda: len(drained) == 2, timeout=5_000)
    handled = CaseQueueRepository(db.engine).count(QueueFilter(now=NOW, queue=Queue.HANDLED))
    assert loaded == [handled] and model.total == handled
    assert {r.state.value for r in model.loaded_rows()} == {"handled"}


def test_changed_cases_are_merged_and_the_total_follows(
    qtbot: QtBot, runner: TaskRunner, db: Database
) -> None:
    model = _model(runner, db)
    _load(qtbot, model, queue=Queue.REPORTED)
    reported = model.total
    assert 0 < reported < PAGE
    commands = CaseCommands(db.engine, defaults.calendar())
    officer = _officer(db)
    with db.engine.connect() as conn:
        grid = conn.exec_driver_sql("SELECT code FROM grids WHERE level = 3 ORDER BY 1").scalar()
        category = conn.exec_driver_sql(
            "SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY 1"
        ).scalar()
    new = commands.report(
        NewCase(
            "ZZ-MERGE-1",
            category,
            Source.HOTLINE,
            Priority.NORMAL,
            grid,
            "新报案件",
            "某路",
            None,
            None,
        ),
        Command(EventType.REPORT, officer, Role.DUTY_OFFICER, NOW),
    )
    leaving = model.case_id(reported - 1)
    assert leaving is not None
    commands.apply(leaving, Command(EventType.ACCEPT, officer, Role.DUTY_OFFICER, NOW))
    with qtbot.waitSignal(model.total_changed, timeout=5_000) as counted:
        model.refresh_cases({new.case_id, leaving})
    ids = [r.id for r in model.loaded_rows()]
    assert ids[0] == new.case_id  # the newest report sorts first
    assert leaving not in ids
    assert counted.args == [reported] and model.rowCount() == reported


def test_a_case_beyond_the_loaded_window_is_counted_not_shown(
    qtbot: QtBot, runner: TaskRunner, db: Database
) -> None:
    model = _model(runner, db)
    _load(qtbot, model, queue=Queue.ALL)
    qtbot.waitUntil(lambda: model.total_known, timeout=5_000)
    with db.engine.connect() as conn:
        grid = conn.exec_driver_sql("SELECT code FROM grids WHERE level = 3 ORDER BY 1").scalar()
        category = conn.exec_driver_sql(
            "SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY 1"
        ).scalar()
    # A late-synced report from last spring sorts far below the first page.
    old = CaseCommands(db.engine, defaults.calendar()).report(
        NewCase(
            "ZZ-OLD-1", category, Source.HOTLINE, Priority.NORMAL, grid, "旧案", "某路", None, None
        ),
        Command(EventType.REPORT, _officer(db), Role.DUTY_OFFICER, datetime(2026, 4, 1, 9)),
    )
    rows_before = [r.id for r in model.loaded_rows()]
    with qtbot.waitSignal(model.total_changed, timeout=5_000) as counted:
        model.refresh_cases({old.case_id})
    assert counted.args == [2001] and model.total == 2001
    assert [r.id for r in model.loaded_rows()] == rows_before


def test_a_flood_of_changes_reads_the_page_again_instead_of_merging(
    qtbot: QtBot, runner: TaskRunner, db: Database
) -> None:
    """A first sync writes thousands of cases at once: merging them one by one would hold the
    GUI thread for seconds (a pass over the rows for each); the page is read again instead."""
    model = _model(runner, db)
    _load(qtbot, model, queue=Queue.ALL)
    qtbot.waitUntil(lambda: model.total_known, timeout=5_000)
    with db.engine.connect() as conn:
        ids = list(conn.exec_driver_sql("SELECT id FROM cases ORDER BY id").scalars())
    assert len(ids) > MERGE_AT_MOST
    merged: list[object] = []
    model.rowsMoved.connect(lambda *a: merged.append(a))
    model.dataChanged.connect(lambda *a: merged.append(a))
    before = [r.id for r in model.loaded_rows()]
    with qtbot.waitSignal(model.rows_loaded, timeout=5_000):
        model.refresh_cases(ids)
    assert merged == []  # no case-by-case merge: a reset with the page read again
    assert [r.id for r in model.loaded_rows()] == before
    assert model.rowCount() == PAGE
