"""The case queues' read side against the seeded street: every answer is compared with the same
question asked of all rows in plain Python (read with plain sqlite3), never with the SQL under
test."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_mock_engine, func, select

from commandcenter import defaults
from commandcenter.domain.enums import CaseState, Priority, Role, Source
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.supervision import SUPERVISABLE, Light, light
from commandcenter.domain.transitions import Command
from commandcenter.store import schema as t
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.database import Database, open_database
from commandcenter.store.queues import (
    CaseQueueRepository,
    Queue,
    QueueFilter,
    QueueRow,
    QueueSort,
    SortKey,
    sort_key,
)

# After the seeded period (it ends 2026-11-20 23:59): every light and the overdue queue occur.
NOW = datetime(2026, 11, 21, 9, 0)
ALL_ROWS = 10**6


@dataclass(frozen=True)
class Case:
    id: int
    case_no: str
    state: str
    category_code: str
    source: str
    priority: str
    grid_code: str
    description: str
    address: str
    reported_at: datetime
    yellow_at: datetime | None
    due_at: datetime | None


def _ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def plain_cases(path: Path) -> list[Case]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT id, case_no, state, category_code, source, priority, grid_code, description,"
            " address, reported_at, yellow_at, due_at FROM cases ORDER BY id"
        ).fetchall()
    out = []
    for r in rows:
        reported, yellow, due = (_ts(v) for v in r[9:12])
        assert reported is not None
        out.append(Case(*r[:9], reported, yellow, due))  # type: ignore[arg-type]
    return out


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with sqlite3.connect(path) as conn:
        for row in conn.execute("SELECT * FROM cases ORDER BY id"):
            digest.update(repr(row).encode())
        for row in conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """ASCII letters in either case, as the search compares them (SQLite's LIKE does)."""
    return text.translate(_ASCII_LOWER)


def contains(case: Case, text: str) -> bool:
    fields = [fold(case.case_no), fold(case.description), fold(case.address)]
    return all(any(fold(term) in f for f in fields) for term in text.split())


@pytest.fixture(scope="module")
def queue_db(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One read-only-in-practice copy for the tests that only read."""
    path = tmp_path_factory.mktemp("queues") / "street.db"
    shutil.copyfile(template_db, path)
    db = open_database(path)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def repo(queue_db: Database) -> CaseQueueRepository:
    return CaseQueueRepository(queue_db.read_engine())


@pytest.fixture(scope="module")
def cases(queue_db: Database) -> list[Case]:
    return plain_cases(queue_db.path)


def ids(rows: list[QueueRow]) -> list[int]:
    return [r.id for r in rows]


def by_reported(selected: list[Case]) -> list[int]:
    return [c.id for c in sorted(selected, key=lambda c: (c.reported_at, c.id))]


def in_queue(case: Case, queue: Queue, now: datetime) -> bool:
    if queue is Queue.ALL:
        return True
    if queue is Queue.OVERDUE:
        return (
            CaseState(case.state) in SUPERVISABLE and case.due_at is not None and case.due_at < now
        )
    return case.state == queue.value


def check(
    repo: CaseQueueRepository,
    cases: list[Case],
    f: QueueFilter,
    wanted: Callable[[Case], bool],
) -> list[int]:
    """page (everything, by reported_at) and count agree with `wanted` over all rows."""
    expected = by_reported([c for c in cases if in_queue(c, f.queue, f.now) and wanted(c)])
    got = ids(repo.page(f, QueueSort(SortKey.REPORTED_AT), 0, ALL_ROWS))
    assert got == expected
    assert repo.count(f) == len(expected)
    return expected


# -- queues and filters ------------------------------------------------------------------------
@pytest.mark.parametrize("queue", list(Queue))
def test_each_queue_holds_exactly_its_cases(
    repo: CaseQueueRepository, cases: list[Case], queue: Queue
) -> None:
    got = check(repo, cases, QueueFilter(now=NOW, queue=queue), lambda c: True)
    assert got, f"the seeded street should have cases in {queue.label}"


def test_queue_counts_equal_each_queue_count(repo: CaseQueueRepository, cases: list[Case]) -> None:
    f = QueueFilter(now=NOW, queue=Queue.HANDLED, priorities=frozenset({"normal", "high"}))
    counts = repo.queue_counts(f)
    assert set(counts) == set(Queue)
    for queue in Queue:
        expected = sum(1 for c in cases if c.priority in f.priorities and in_queue(c, queue, NOW))
        assert counts[queue] == expected, queue


def test_overdue_is_judged_at_now(repo: CaseQueueRepository, cases: list[Case]) -> None:
    earlier = NOW - timedelta(days=20)
    now_count = check(repo, cases, QueueFilter(now=NOW, queue=Queue.OVERDUE), lambda c: True)
    then_count = check(repo, cases, QueueFilter(now=earlier, queue=Queue.OVERDUE), lambda c: True)
    assert len(then_count) < len(now_count)
    assert repo.queue_counts(QueueFilter(now=earlier))[Queue.OVERDUE] == len(then_count)


@pytest.mark.parametrize("prefix", ["410171001", "410171001001", "410171001001001", "4101710019"])
def test_grid_prefix_is_the_subtree(
    repo: CaseQueueRepository, cases: list[Case], prefix: str
) -> None:
    f = QueueFilter(now=NOW, grid_prefix=prefix)
    got = check(repo, cases, f, lambda c: c.grid_code.startswith(prefix))
    assert bool(got) == (prefix != "4101710019")


def test_category_source_priority_filters(repo: CaseQueueRepository, cases: list[Case]) -> None:
    common = sorted({c.category_code for c in cases})[:3]
    f = QueueFilter(now=NOW, categories=frozenset(common))
    assert check(repo, cases, f, lambda c: c.category_code in common)
    for source in Source:
        f = QueueFilter(now=NOW, sources=frozenset({source}))
        check(repo, cases, f, lambda c, s=source.value: c.source == s)  # type: ignore[misc]
    for priority in Priority:
        f = QueueFilter(now=NOW, queue=Queue.DISPATCHED, priorities=frozenset({priority}))
        check(repo, cases, f, lambda c, p=priority.value: c.priority == p)  # type: ignore[misc]
    both = QueueFilter(
        now=NOW, sources=frozenset({"hotline", "patrol"}), priorities=frozenset({"urgent"})
    )
    assert check(
        repo, cases, both, lambda c: c.source in ("hotline", "patrol") and c.priority == "urgent"
    )


@pytest.mark.parametrize("wanted", list(Light))
def test_light_filter_agrees_with_the_domain_light(
    repo: CaseQueueRepository, cases: list[Case], wanted: Light
) -> None:
    f = QueueFilter(now=NOW, light=wanted)
    got = check(repo, cases, f, lambda c: light(NOW, c.yellow_at, c.due_at) is wanted)
    assert got, wanted


def test_reported_days_are_inclusive(repo: CaseQueueRepository, cases: list[Case]) -> None:
    day = date(2026, 10, 12)
    one_day = QueueFilter(now=NOW, reported_from=day, reported_to=day)
    assert check(repo, cases, one_day, lambda c: c.reported_at.date() == day)
    span = QueueFilter(now=NOW, reported_from=day, reported_to=day + timedelta(days=6))
    check(repo, cases, span, lambda c: day <= c.reported_at.date() <= day + timedelta(days=6))
    since = QueueFilter(now=NOW, queue=Queue.OVERDUE, reported_from=day)
    check(repo, cases, since, lambda c: c.reported_at.date() >= day)


# -- sorting and paging ------------------------------------------------------------------------
_PRIORITY = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
_STATE = {s.value: i for i, s in enumerate(CaseState)}
_KEYS: dict[SortKey, Callable[[Case], Any]] = {
    SortKey.CASE_NO: lambda c: c.case_no,
    SortKey.REPORTED_AT: lambda c: c.reported_at,
    SortKey.PRIORITY: lambda c: _PRIORITY[c.priority],
    SortKey.STATE: lambda c: _STATE[c.state],
    SortKey.GRID_CODE: lambda c: c.grid_code,
}


def expected_order(selected: list[Case], key: SortKey, descending: bool) -> list[int]:
    if key is SortKey.DUE_AT:
        dated = [c for c in selected if c.due_at is not None]
        undated = [c for c in selected if c.due_at is None]
        ordered = sorted(dated, key=lambda c: (c.due_at, c.id), reverse=descending)
        return [c.id for c in ordered] + [
            c.id for c in sorted(undated, key=lambda c: c.id, reverse=descending)
        ]
    ordered = sorted(selected, key=lambda c: (_KEYS[key](c), c.id), reverse=descending)
    return [c.id for c in ordered]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SortKey))
def test_sorting_by_each_key(
    repo: CaseQueueRepository, cases: list[Case], key: SortKey, descending: bool
) -> None:
    f = QueueFilter(now=NOW, grid_prefix="410171001001")
    selected = [c for c in cases if c.grid_code.startswith("410171001001")]
    got = ids(repo.page(f, QueueSort(key, descending), 0, ALL_ROWS))
    assert got == expected_order(selected, key, descending)


@pytest.mark.parametrize("key", [SortKey.PRIORITY, SortKey.DUE_AT, SortKey.STATE])
def test_windows_concatenate_to_the_whole_ordered_list(
    repo: CaseQueueRepository, cases: list[Case], key: SortKey
) -> None:
    f = QueueFilter(now=NOW)
    sort = QueueSort(key, descending=True)
    whole = expected_order(cases, key, True)
    windows: list[int] = []
    for offset in range(0, len(cases) + 37, 37):
        windows += ids(repo.page(f, sort, offset, 37))
    assert windows == whole
    assert repo.page(f, sort, len(cases), 10) == []


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SortKey))
def test_python_sort_key_orders_rows_as_sql_does(
    repo: CaseQueueRepository, cases: list[Case], key: SortKey, descending: bool
) -> None:
    """A window places a changed case among its rows with sort_key: it must agree with SQL."""
    sort = QueueSort(key, descending)
    rows = repo.page(QueueFilter(now=NOW), sort, 0, ALL_ROWS)
    assert len(rows) == len(cases)
    assert ids(sorted(reversed(rows), key=lambda r: sort_key(r, sort))) == ids(rows)


def test_rank_orders_match_the_domain_enums() -> None:
    assert tuple(s.value for s in CaseState) == t.STATE_ORDER
    assert tuple(p.value for p in reversed(Priority)) == t.PRIORITY_ORDER


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SortKey))
def test_every_sort_of_the_whole_queue_reads_an_index(
    queue_db: Database, key: SortKey, descending: bool
) -> None:
    """Sorting all cases must not sort the table: on a million cases that took seconds."""
    engine = queue_db.read_engine()
    query = (
        CaseQueueRepository(engine)
        ._rows_query()
        .order_by(*CaseQueueRepository._order(QueueSort(key, descending)))
    )
    sql = str(query.limit(100).compile(engine, compile_kwargs={"literal_binds": True}))
    with sqlite3.connect(queue_db.path) as conn:
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
    # Sorting only the ties of an index's order (grid_code, then id) is cheap; the whole is not.
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_rows_matching_applies_the_filter_to_the_ids_given(
    repo: CaseQueueRepository, cases: list[Case]
) -> None:
    f = QueueFilter(now=NOW, queue=Queue.DISPATCHED)
    some = [c for c in cases[::7]]
    got = sorted(ids(repo.rows_matching(f, [c.id for c in some] + [10**9])))
    assert got == sorted(c.id for c in some if c.state == CaseState.DISPATCHED.value)
    assert repo.rows_matching(f, []) == []


def test_rows_carry_names_and_domain_values(repo: CaseQueueRepository, queue_db: Database) -> None:
    row = repo.page(QueueFilter(now=NOW, queue=Queue.DISPATCHED), QueueSort(SortKey.CASE_NO))[0]
    with sqlite3.connect(queue_db.path) as conn:
        grid_name, category_name = conn.execute(
            "SELECT g.name, k.name FROM cases c JOIN grids g ON g.id = c.grid_id"
            " JOIN categories k ON k.code = c.category_code WHERE c.id = ?",
            (row.id,),
        ).fetchone()
    assert (row.grid_name, row.category_name) == (grid_name, category_name)
    assert row.state is CaseState.DISPATCHED and isinstance(row.priority, Priority)
    assert isinstance(row.source, Source) and isinstance(row.due_at, datetime)


def test_rows_by_ids_in_the_order_asked(repo: CaseQueueRepository, cases: list[Case]) -> None:
    wanted = [cases[40].id, cases[3].id, 10**9, cases[1200].id, cases[3].id]
    got = repo.rows_by_ids(wanted)
    assert ids(got) == [cases[40].id, cases[3].id, cases[1200].id]
    assert got[1].case_no == cases[3].case_no
    assert len(repo.rows_by_ids(c.id for c in cases)) == len(cases)
    assert repo.rows_by_ids([]) == []


# -- text --------------------------------------------------------------------------------------
TERMS = [
    # two characters
    "占道",
    "小区",
    "路与",
    "招牌",
    # longer
    "占道经营",
    "交叉口西",
    "门头招牌",
    "居民要求纳入改造",
    # one character
    "道",
    "号",
    "，",
    # a term with punctuation inside, and two terms
    "大、垃",
    "占道 烧烤",
    "社区 号楼",
]


@pytest.mark.parametrize("text", TERMS)
def test_text_finds_exactly_the_rows_containing_it(
    repo: CaseQueueRepository, cases: list[Case], text: str
) -> None:
    got = check(repo, cases, QueueFilter(now=NOW, text=text), lambda c: contains(c, text))
    assert got, f"the seeded texts should contain {text!r}"


def test_text_with_other_filters(repo: CaseQueueRepository, cases: list[Case]) -> None:
    f = QueueFilter(now=NOW, queue=Queue.DISPATCHED, text="占道", grid_prefix="410171001001")
    check(repo, cases, f, lambda c: c.grid_code.startswith("410171001001") and contains(c, "占道"))
    counts = repo.queue_counts(QueueFilter(now=NOW, text="道"))
    for queue in Queue:
        expected = [c for c in cases if in_queue(c, queue, NOW) and contains(c, "道")]
        assert counts[queue] == len(expected)


def test_case_number_fragments(repo: CaseQueueRepository, cases: list[Case]) -> None:
    case_no = cases[777].case_no
    for text in (case_no, case_no[2:], case_no[:6], case_no[6:12], fold(case_no[:6]), "0025"):
        f = QueueFilter(now=NOW, text=text)
        assert check(repo, cases, f, lambda c, text=text: contains(c, text))  # type: ignore[misc]
    only = repo.page(QueueFilter(now=NOW, text=case_no[2:]), QueueSort(SortKey.CASE_NO))
    assert [r.case_no for r in only] == [case_no]


HOSTILE = [
    "%",
    "_",
    "\\",
    "'",
    '"',
    "' OR 1=1 --",
    '"; DROP TABLE cases; --',
    "NEAR(",
    "NEAR(占道 小区)",
    "*",
    "占道*",
    "AND",
    "OR",
    "NOT",
    "占道 AND",
    '占道"',
    '"占道"',
    "^",
    "^占道",
    ":",
    "grams:占道",
    "()",
    "\x00",
    "占\x00道",
    "\ud800",
    "🚧",
    "占道🚧",
    "%占道%",
    "占_道",
    "占道" * 400,
    "%" * 900,
    "占道" * 5000,
    "%" * 10_000,
    "🚧" * 10_000,
]


def test_hostile_text_finds_the_right_rows_and_changes_nothing(
    street_db: Path,
) -> None:
    cases = plain_cases(street_db)
    before = checksum(street_db)
    db = open_database(street_db)
    try:
        repo = CaseQueueRepository(db.engine)
        for text in HOSTILE:
            f = QueueFilter(now=NOW, text=text)
            check(repo, cases, f, lambda c, text=text: contains(c, text))  # type: ignore[misc]
            assert repo.queue_counts(f)[Queue.ALL] == repo.count(f)
    finally:
        db.dispose()
    assert checksum(street_db) == before


def test_a_reported_case_is_found_at_once(street_db: Path) -> None:
    db = open_database(street_db)
    try:
        commands = CaseCommands(db.engine, defaults.calendar())
        repo = CaseQueueRepository(db.read_engine())
        with sqlite3.connect(street_db) as conn:
            grid, reporter = conn.execute(
                "SELECT g.code, r.person_code FROM grids g, person_roles r"
                " WHERE g.level = 3 AND r.role = 'duty_officer' LIMIT 1"
            ).fetchone()
        new = NewCase(
            "SD209912310001", "CS01", Source.HOTLINE, Priority.NORMAL, grid,
            "市民来电反映翡翠巷口有流动摊贩占道卖瓜", "翡翠巷17号", None, None,
        )  # fmt: skip
        at = datetime(2026, 11, 21, 8, 30)
        report = Command(EventType.REPORT, reporter, Role.DUTY_OFFICER, at, "", {})
        case_id = commands.report(new, report).case_id
        f = QueueFilter(now=NOW, queue=Queue.REPORTED, text="翡翠巷口")
        assert ids(repo.page(f, QueueSort(SortKey.REPORTED_AT))) == [case_id]
        assert repo.count(QueueFilter(now=NOW, text="209912310001")) == 1
        assert repo.queue_counts(QueueFilter(now=NOW, text="翡翠"))[Queue.REPORTED] == 1
    finally:
        db.dispose()


# -- other dialects ------------------------------------------------------------------------
def test_other_dialects_search_by_like_alone() -> None:
    engine = create_mock_engine("postgresql://", lambda *a, **k: None)  # type: ignore[arg-type]
    repo = CaseQueueRepository(engine)  # type: ignore[arg-type]
    conditions = repo._conditions(QueueFilter(now=NOW, text="占道 5%"), with_queue=True)
    sql = str(select(func.count()).select_from(t.cases).where(*conditions).compile(engine))
    assert "MATCH" not in sql and "case_search" not in sql
    assert sql.count("ILIKE") == 6
