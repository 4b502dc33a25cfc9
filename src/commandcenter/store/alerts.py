"""What the alerts need to know (SPEC §3: new urgent cases and cases turning red): the cases whose
running deadline passed in a window of time, and which of some changed cases are urgent reports
waiting to be accepted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Select, select

from ..domain.enums import CaseState, Priority
from ..domain.supervision import SUPERVISABLE
from . import schema as t

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AlertCase:
    case_id: int
    case_no: str
    grid_name: str
    category_name: str
    priority: Priority
    state: CaseState
    due_at: datetime | None
    description: str


def _select() -> Select:
    c = t.cases.c
    return select(
        c.id,
        c.case_no,
        t.grids.c.name.label("grid_name"),
        t.categories.c.name.label("category_name"),
        c.priority,
        c.state,
        c.due_at,
        c.description,
    ).select_from(t.CASES_WITH_NAMES)


def _cases(rows: Iterable[object]) -> list[AlertCase]:
    return [
        AlertCase(
            r.id,  # type: ignore[attr-defined]
            r.case_no,  # type: ignore[attr-defined]
            r.grid_name,  # type: ignore[attr-defined]
            r.category_name,  # type: ignore[attr-defined]
            Priority(r.priority),  # type: ignore[attr-defined]
            CaseState(r.state),  # type: ignore[attr-defined]
            r.due_at,  # type: ignore[attr-defined]
            r.description,  # type: ignore[attr-defined]
        )
        for r in rows
    ]


def turned_red(engine: Engine, after: datetime, until: datetime) -> list[AlertCase]:
    """Open cases whose running stage's deadline fell in (after, until], oldest deadline first."""
    c = t.cases.c
    query = (
        _select()
        .where(
            c.state.in_([s.value for s in SUPERVISABLE]),
            c.due_at > after,
            c.due_at <= until,
        )
        .order_by(c.due_at, c.id)
    )
    with engine.connect() as conn:
        return _cases(conn.execute(query))


def urgent_reports(engine: Engine, ids: Iterable[int] | None = None) -> list[AlertCase]:
    """Urgent cases waiting to be accepted, among `ids` (all of them when None)."""
    c = t.cases.c
    base = _select().where(c.priority == Priority.URGENT.value, c.state == CaseState.REPORTED.value)
    out: list[AlertCase] = []
    with engine.connect() as conn:
        if ids is None:
            return _cases(conn.execute(base.order_by(c.id)))
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            out += _cases(conn.execute(base.where(c.id.in_(chunk)).order_by(c.id)))
    return out
