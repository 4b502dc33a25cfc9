"""The read side of the case queues (SPEC §3: 待受理 … 全部 with filters): windows of rows, counts
per queue, and rows by id for refreshing what changed. Qt-free; the window's table models fetch
through this on a worker.

Filtering and sorting happen in SQL. Text search narrows by the bigram index where the database
has one (store/text_search.py explains the tokens) and always decides by LIKE, so every character
of a term is literal and nothing a user types reaches SQL or FTS syntax."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import total_ordering
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    false,
    func,
    literal_column,
    or_,
    select,
)

from ..domain.enums import CaseState, EscalationLevel, Priority, Source
from ..domain.supervision import SUPERVISABLE, Light
from . import schema as t
from . import text_search
from .rows import RowMapper
from .sqlite import contains_like, search_index_rowids

c = t.cases.c


class Queue(StrEnum):
    REPORTED = "reported"
    ACCEPTED = "accepted"
    DISPATCHED = "dispatched"
    HANDLED = "handled"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    ALL = "all"

    @property
    def label(self) -> str:
        return _QUEUE_LABELS[self]


_QUEUE_LABELS = {
    Queue.REPORTED: "待受理",
    Queue.ACCEPTED: "待派遣",
    Queue.DISPATCHED: "处置中",
    Queue.HANDLED: "待核查",
    Queue.OVERDUE: "超期",
    Queue.ESCALATED: "已上报",
    Queue.ALL: "全部",
}
# The queues that are simply a state.
_QUEUE_STATES = {
    Queue.REPORTED: CaseState.REPORTED,
    Queue.ACCEPTED: CaseState.ACCEPTED,
    Queue.DISPATCHED: CaseState.DISPATCHED,
    Queue.HANDLED: CaseState.HANDLED,
    Queue.ESCALATED: CaseState.ESCALATED,
}


@dataclass(frozen=True, kw_only=True)
class QueueFilter:
    """What the queue tabs show. `now` is the time the overdue queue and the traffic light are
    judged at (the stored yellow_at/due_at against it), passed in so a window is consistent."""

    now: datetime
    queue: Queue = Queue.ALL
    # A grid with its subtree: codes nest by prefix.
    grid_prefix: str | None = None
    # Exact leaf category codes, source and priority values; empty means any.
    categories: frozenset[str] = field(default_factory=frozenset)
    sources: frozenset[str] = field(default_factory=frozenset)
    priorities: frozenset[str] = field(default_factory=frozenset)
    # Only cases with a deadline are green, yellow or red; Light.NONE picks those without one.
    light: Light | None = None
    # Whole days, both included.
    reported_from: date | None = None
    reported_to: date | None = None
    # Whitespace-separated terms, each to be found in the case number, description or address.
    text: str = ""


class SortKey(StrEnum):
    CASE_NO = "case_no"
    REPORTED_AT = "reported_at"
    DUE_AT = "due_at"
    PRIORITY = "priority"
    STATE = "state"
    GRID_CODE = "grid_code"


@dataclass(frozen=True)
class QueueSort:
    """Ascending priority runs low → urgent and state runs in lifecycle order (CaseState's order);
    cases without a deadline come last either way. Equal keys are ordered by case id in the same
    direction, so windows never overlap or skip."""

    key: SortKey
    descending: bool = False


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    case_no: str
    state: CaseState
    category_code: str
    category_name: str
    source: Source
    priority: Priority
    grid_code: str
    grid_name: str
    description: str
    address: str
    reported_at: datetime
    due_at: datetime | None
    yellow_at: datetime | None
    escalation_level: EscalationLevel
    handler_person_code: str | None
    rework_count: int
    supervised: bool


_ROW_COLUMNS = (
    c.id,
    c.case_no,
    c.state,
    c.category_code,
    t.categories.c.name.label("category_name"),
    c.source,
    c.priority,
    c.grid_code,
    t.grids.c.name.label("grid_name"),
    c.description,
    c.address,
    c.reported_at,
    c.due_at,
    c.yellow_at,
    c.escalation_level,
    c.handler_person_code,
    c.rework_count,
    c.supervised,
)
# More matches than this over all cases, and a page is found by walking the sort's index.
_WALK_ABOVE = 2_000
# SQLite allows 32 766 bound parameters; stay far below for any dialect.
_IDS_PER_QUERY = 500


def _rank(column: str, values: tuple[str, ...]) -> ColumnElement[int]:
    # Literal SQL, not bound parameters: the expression indexes of migration 0005 match it.
    return literal_column(t.rank_sql(f"{t.cases.name}.{column}", values))


_SORT_COLUMNS: dict[SortKey, Any] = {
    SortKey.CASE_NO: c.case_no,
    SortKey.REPORTED_AT: c.reported_at,
    SortKey.DUE_AT: c.due_at,
    SortKey.PRIORITY: _rank("priority", t.PRIORITY_ORDER),
    SortKey.STATE: _rank("state", t.STATE_ORDER),
    SortKey.GRID_CODE: c.grid_code,
}


def _overdue(now: datetime) -> ColumnElement[bool]:
    return and_(c.state.in_([s.value for s in SUPERVISABLE]), c.due_at < now)


def _queue_condition(queue: Queue, now: datetime) -> ColumnElement[bool] | None:
    if queue is Queue.ALL:
        return None
    if queue is Queue.OVERDUE:
        return _overdue(now)
    return c.state == _QUEUE_STATES[queue].value


def _light_condition(light: Light, now: datetime) -> ColumnElement[bool]:
    """`domain.supervision.light` as SQL; tests/test_traffic_light.py holds the two equal.
    Red is decided first there, so green and yellow both need the deadline not yet passed: a
    yellow mark after the deadline (a synced or extended case) is red once late, not green."""
    if light is Light.NONE:
        return or_(c.yellow_at.is_(None), c.due_at.is_(None))
    if light is Light.RED:
        return and_(c.yellow_at.is_not(None), c.due_at < now)
    # A comparison with NULL is never true: these leave out cases without a deadline.
    not_late = c.due_at >= now
    if light is Light.GREEN:
        return and_(c.yellow_at > now, not_late)
    return and_(c.yellow_at <= now, not_late)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


class CaseQueueRepository:
    """Each call opens its own short connection (a read engine beside the writer is fine)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- queries ---------------------------------------------------------------------------
    def page(
        self, filter: QueueFilter, sort: QueueSort, offset: int = 0, limit: int = 100
    ) -> list[QueueRow]:
        if offset < 0 or limit < 0:
            raise ValueError("offset and limit must be 0 or more")
        whole = filter.queue is Queue.ALL
        with self.engine.connect() as conn:
            text_index = whole and not self._common_text(conn, filter.text)
            # Over all cases, a filter matching many of them (a street's 100 000) is best
            # served by walking the sort's index and testing the filter, a narrow one (a
            # level-3 grid's few hundred) by its own index and a short sort.
            walk = whole and not filter.text and self._count(conn, filter) > _WALK_ABOVE
            query = (
                self._rows_query()
                .where(
                    *self._conditions(
                        filter, with_queue=True, text_index=text_index, unindexed=walk
                    )
                )
                .order_by(*self._order(sort, by_index=whole))
                # Literal numbers (they are ints): with a bound LIMIT SQLite's planner cannot
                # tell a page from the whole and may walk a sort-order index over a short sort.
                .offset(literal_column(str(int(offset))))
                .limit(literal_column(str(int(limit))))
            )
            return [_to_row(r) for r in conn.execute(query)]

    def _common_text(self, conn: Any, text: str) -> bool:
        """True when the text's bigrams occur in at least 1 % of cases (占道 in about 9 %): then
        walking the cases in sort order and testing LIKE finds a page after a few thousand rows,
        where handing tens of thousands of candidate ids from the index costs a quarter second.
        Counting candidates in the index takes milliseconds."""
        match = text_search.match_expression(text_search.terms(text))
        rowids = search_index_rowids(self.engine, match) if match else None
        if rowids is None:
            return False
        candidates = conn.execute(select(func.count()).select_from(rowids.subquery())).scalar()
        total = conn.execute(select(func.max(c.id))).scalar() or 0
        return bool(candidates * 100 >= total)

    def count(self, filter: QueueFilter) -> int:
        with self.engine.connect() as conn:
            return self._count(conn, filter)

    def _count(self, conn: Any, filter: QueueFilter) -> int:
        query = select(func.count()).select_from(t.cases)
        # A state queue is small: testing LIKE on its rows beats any candidate list.
        use_index = filter.queue is Queue.ALL
        query = query.where(*self._conditions(filter, with_queue=True, text_index=use_index))
        return int(conn.execute(query).scalar_one())

    def queue_counts(self, filter: QueueFilter) -> dict[Queue, int]:
        """Every queue's count under the filter's other conditions (its `queue` is ignored).
        A count per queue, each through its state's index: one scan of a million cases summing
        all queues at once took a third of a second."""
        return {queue: self.count(replace(filter, queue=queue)) for queue in Queue}

    def grid_counts(self, now: datetime) -> dict[str, dict[Queue, int]]:
        """Open cases per grid code, for each state queue and 超期, for the grid tree (it adds
        them up its levels). Only open states are read, through the state index."""
        open_queues = [q for q in _QUEUE_STATES]
        overdue = func.sum(case((_overdue(now), 1), else_=0))
        query = (
            select(c.grid_code, c.state, func.count(), overdue)
            .where(c.state.in_([_QUEUE_STATES[q].value for q in open_queues]))
            # State first: grouping by grid first made SQLite walk the grid index over all cases.
            .group_by(c.state, c.grid_code)
        )
        by_state = {_QUEUE_STATES[q].value: q for q in open_queues}
        out: dict[str, dict[Queue, int]] = {}
        with self.engine.connect() as conn:
            for grid_code, state, n, late in conn.execute(query):
                counts = out.setdefault(grid_code, dict.fromkeys(Queue, 0))
                counts[by_state[state]] += n
                counts[Queue.OVERDUE] += int(late or 0)
                counts[Queue.ALL] += n
        return out

    def rows_matching(self, filter: QueueFilter, ids: Iterable[int]) -> list[QueueRow]:
        """Those of these cases that the filter (its queue included) selects, in no order: how
        a window learns where changed cases now belong without reading its whole queue."""
        wanted = sorted(set(ids))
        conditions = self._conditions(filter, with_queue=True)
        out: list[QueueRow] = []
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), _IDS_PER_QUERY):
                chunk = wanted[i : i + _IDS_PER_QUERY]
                query = self._rows_query().where(c.id.in_(chunk), *conditions)
                out += [_to_row(r) for r in conn.execute(query)]
        return out

    def rows_by_ids(self, ids: Iterable[int]) -> list[QueueRow]:
        """The rows of these cases in the order asked, leaving out ids that do not exist."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, QueueRow] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), _IDS_PER_QUERY):
                chunk = wanted[i : i + _IDS_PER_QUERY]
                for r in conn.execute(self._rows_query().where(c.id.in_(chunk))):
                    found[r.id] = _to_row(r)
        return [found[i] for i in wanted if i in found]

    # -- building blocks -------------------------------------------------------------------
    @staticmethod
    def _rows_query() -> Select:
        return select(*_ROW_COLUMNS).select_from(t.CASES_WITH_NAMES)

    @staticmethod
    def _order(sort: QueueSort, *, by_index: bool = True) -> list[Any]:
        """The ORDER BY of a sort. A state queue holds a few thousand cases of a district's
        million: found by the state's index and sorted, they come in milliseconds, while walking
        a sort-order index and skipping the other states can take a good fraction of a second.
        `by_index=False` wraps the key so that no index can serve the order."""
        key = _SORT_COLUMNS[SortKey(sort.key)]
        if not by_index:
            key = key + 0 if sort.key in (SortKey.PRIORITY, SortKey.STATE) else key.op("||")("")
        first = key.desc() if sort.descending else key.asc()
        if sort.key is SortKey.DUE_AT:
            # Without a deadline last in both directions; the index on due_at serves both.
            first = first.nulls_last()
        return [first, c.id.desc() if sort.descending else c.id.asc()]

    def _conditions(
        self,
        f: QueueFilter,
        *,
        with_queue: bool,
        text_index: bool = True,
        unindexed: bool = False,
    ) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        queue = _queue_condition(f.queue, f.now) if with_queue else None
        if queue is not None:
            out.append(queue)
        # A state queue is a few thousand cases: the state's index must find them, and the
        # other conditions only test them. Left indexable, a grid range covering a street's
        # 100 000 cases lured SQLite into walking the grid index (1.5 s for the tab counts).
        col = self._unindexed if queue is not None or unindexed else (lambda column: column)
        if f.grid_prefix:
            # '~' sorts after every character grid codes use: the range is the subtree.
            grid = col(c.grid_code)
            out += [grid >= f.grid_prefix, grid < f.grid_prefix + "~"]
        for column, values in (
            (c.category_code, f.categories),
            (c.source, f.sources),
            (c.priority, f.priorities),
        ):
            if values:
                out.append(col(column).in_(sorted(str(v) for v in values)))
        if f.light is not None:
            out.append(_light_condition(f.light, f.now))
        reported = col(c.reported_at)
        if f.reported_from is not None:
            out.append(reported >= _day_start(f.reported_from))
        if f.reported_to is not None:
            out.append(reported < _day_start(f.reported_to + timedelta(days=1)))
        out += self._text_conditions(f.text, text_index)
        return out

    def _unindexed(self, column: Any) -> Any:
        """The column as an expression no index serves: SQLite's unary + returns its operand
        unchanged. Other databases plan with statistics and get the column itself."""
        if self.engine.dialect.name != "sqlite":
            return column
        return literal_column(f"+{t.cases.name}.{column.name}", type_=column.type)

    def _text_conditions(self, text: str, use_index: bool) -> list[ColumnElement[bool]]:
        terms = text_search.terms(text)
        if not terms:
            return []
        if not all(text_search.searchable(term) for term in terms):
            return [false()]
        out = [self._contains(term) for term in terms]
        match = text_search.match_expression(terms)
        rowids = search_index_rowids(self.engine, match) if match and use_index else None
        if rowids is not None:
            out.insert(0, c.id.in_(rowids))
        return out

    def _contains(self, term: str) -> ColumnElement[bool]:
        pattern = text_search.like_pattern(term)
        columns: Sequence[Any] = (c.case_no, c.description, c.address)
        return or_(*(contains_like(self.engine, col, pattern) for col in columns))


@total_ordering
class _Reversed:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.value == other.value

    def __lt__(self, other: _Reversed) -> bool:
        return bool(other.value < self.value)

    def __hash__(self) -> int:
        return hash(self.value)


_PRIORITY_POSITION = {value: i for i, value in enumerate(t.PRIORITY_ORDER)}
_STATE_POSITION = {value: i for i, value in enumerate(t.STATE_ORDER)}


def sort_key(row: QueueRow, sort: QueueSort) -> tuple[Any, ...]:
    """The key that orders rows in Python exactly as `page` orders them in SQL (text compares
    by code point, as SQLite's BINARY collation does on UTF-8), so a window can place a
    changed case among the rows it holds."""
    values: dict[SortKey, Any] = {
        SortKey.CASE_NO: row.case_no,
        SortKey.REPORTED_AT: row.reported_at,
        SortKey.DUE_AT: row.due_at,
        SortKey.PRIORITY: _PRIORITY_POSITION.get(row.priority.value, len(_PRIORITY_POSITION)),
        SortKey.STATE: _STATE_POSITION.get(row.state.value, len(_STATE_POSITION)),
        SortKey.GRID_CODE: row.grid_code,
    }
    value = values[SortKey(sort.key)]
    missing = value is None
    if missing:
        value = datetime.min
    if sort.descending:
        return (missing, _Reversed(value), _Reversed(row.id))
    return (missing, value, row.id)


# The columns of _ROW_COLUMNS are named like the row's fields.
_to_row = RowMapper(QueueRow)


__all__ = [
    "CaseQueueRepository",
    "Queue",
    "QueueFilter",
    "QueueRow",
    "QueueSort",
    "SortKey",
    "sort_key",
]
