"""The read side of the case queues (SPEC §3: 待受理 … 全部 with filters): windows of rows, counts
per queue, and rows by id for refreshing what changed. Qt-free; the window's table models fetch
through this on a worker.

Filtering and sorting happen in SQL. Text search narrows by the bigram index where the database
has one (store/text_search.py explains the tokens) and always decides by LIKE, so every character
of a term is literal and nothing a user types reaches SQL or FTS syntax."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    false,
    func,
    or_,
    select,
)

from ..domain.enums import CaseState, EscalationLevel, Priority, Source
from ..domain.supervision import SUPERVISABLE, Light
from . import schema as t
from . import text_search
from .engine import contains_like, search_index_rowids

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


_PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}
_STATE_RANK = {state: i for i, state in enumerate(CaseState)}
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
# SQLite allows 32 766 bound parameters; stay far below for any dialect.
_IDS_PER_QUERY = 500


def _rank(col: Any, ranks: dict[Any, int]) -> ColumnElement[int]:
    return case(*((col == str(value), rank) for value, rank in ranks.items()), else_=len(ranks))


_SORT_COLUMNS: dict[SortKey, Any] = {
    SortKey.CASE_NO: c.case_no,
    SortKey.REPORTED_AT: c.reported_at,
    SortKey.DUE_AT: c.due_at,
    SortKey.PRIORITY: _rank(c.priority, _PRIORITY_RANK),
    SortKey.STATE: _rank(c.state, _STATE_RANK),
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
    if light is Light.NONE:
        return or_(c.yellow_at.is_(None), c.due_at.is_(None))
    with_deadline = and_(c.yellow_at.is_not(None), c.due_at.is_not(None))
    if light is Light.GREEN:
        return and_(with_deadline, c.yellow_at > now)
    if light is Light.YELLOW:
        return and_(c.yellow_at <= now, c.due_at >= now)
    return and_(with_deadline, c.due_at < now)


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
        query = (
            self._rows_query()
            .where(*self._conditions(filter, with_queue=True))
            .order_by(*self._order(sort))
            .offset(offset)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_to_row(r) for r in conn.execute(query)]

    def count(self, filter: QueueFilter) -> int:
        query = select(func.count()).select_from(t.cases)
        query = query.where(*self._conditions(filter, with_queue=True))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def queue_counts(self, filter: QueueFilter) -> dict[Queue, int]:
        """Every queue's count under the filter's other conditions (its `queue` is ignored):
        one scan, a sum per queue."""
        sums = [
            func.coalesce(func.sum(case((cond, 1), else_=0)), 0).label(queue.value)
            for queue in Queue
            if (cond := _queue_condition(queue, filter.now)) is not None
        ]
        query = select(func.count().label(Queue.ALL.value), *sums).select_from(t.cases)
        query = query.where(*self._conditions(filter, with_queue=False))
        with self.engine.connect() as conn:
            row = conn.execute(query).one()._mapping
        return {queue: int(row[queue.value]) for queue in Queue}

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
        joined = t.cases.join(t.categories, t.categories.c.code == c.category_code).join(
            t.grids, t.grids.c.id == c.grid_id
        )
        return select(*_ROW_COLUMNS).select_from(joined)

    @staticmethod
    def _order(sort: QueueSort) -> list[Any]:
        key = _SORT_COLUMNS[SortKey(sort.key)]
        ordered = [key.desc(), c.id.desc()] if sort.descending else [key.asc(), c.id.asc()]
        if sort.key is SortKey.DUE_AT:
            # Without a deadline last, in both directions (SQLite puts NULL first ascending).
            ordered.insert(0, c.due_at.is_(None).asc())
        return ordered

    def _conditions(self, f: QueueFilter, *, with_queue: bool) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        queue = _queue_condition(f.queue, f.now) if with_queue else None
        if queue is not None:
            out.append(queue)
        if f.grid_prefix:
            # '~' sorts after every character grid codes use: the range is the subtree.
            out += [c.grid_code >= f.grid_prefix, c.grid_code < f.grid_prefix + "~"]
        for col, values in (
            (c.category_code, f.categories),
            (c.source, f.sources),
            (c.priority, f.priorities),
        ):
            if values:
                out.append(col.in_(sorted(str(v) for v in values)))
        if f.light is not None:
            out.append(_light_condition(f.light, f.now))
        if f.reported_from is not None:
            out.append(c.reported_at >= _day_start(f.reported_from))
        if f.reported_to is not None:
            out.append(c.reported_at < _day_start(f.reported_to + timedelta(days=1)))
        out += self._text_conditions(f.text)
        return out

    def _text_conditions(self, text: str) -> list[ColumnElement[bool]]:
        terms = text_search.terms(text)
        if not terms:
            return []
        if not all(text_search.searchable(term) for term in terms):
            return [false()]
        out = [self._contains(term) for term in terms]
        match = text_search.match_expression(terms)
        rowids = search_index_rowids(self.engine, match) if match else None
        if rowids is not None:
            out.insert(0, c.id.in_(rowids))
        return out

    def _contains(self, term: str) -> ColumnElement[bool]:
        pattern = text_search.like_pattern(term)
        columns: Sequence[Any] = (c.case_no, c.description, c.address)
        return or_(*(contains_like(self.engine, col, pattern) for col in columns))


def _to_row(r: Any) -> QueueRow:
    return QueueRow(
        id=r.id,
        case_no=r.case_no,
        state=CaseState(r.state),
        category_code=r.category_code,
        category_name=r.category_name,
        source=Source(r.source),
        priority=Priority(r.priority),
        grid_code=r.grid_code,
        grid_name=r.grid_name,
        description=r.description,
        address=r.address,
        reported_at=r.reported_at,
        due_at=r.due_at,
        yellow_at=r.yellow_at,
        escalation_level=EscalationLevel(r.escalation_level),
        handler_person_code=r.handler_person_code,
        rework_count=int(r.rework_count),
        supervised=bool(r.supervised),
    )


__all__ = [
    "CaseQueueRepository",
    "Queue",
    "QueueFilter",
    "QueueRow",
    "QueueSort",
    "SortKey",
]
