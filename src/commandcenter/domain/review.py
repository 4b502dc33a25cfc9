"""The records the review meeting and the weekly notice are made of (read by store/review.py,
laid out by reports/review.py and reports/notice.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .enums import CaseState, Priority
from .periods import Period


@dataclass(frozen=True, slots=True)
class WeekCount:
    label: str  # 2026-W47
    start: datetime
    new: int
    closed: int


@dataclass(frozen=True, slots=True)
class Person:
    code: str
    name: str
    phone: str


@dataclass(frozen=True, slots=True)
class ReviewCase:
    """An open case the meeting looks at, as of `asof`."""

    case_id: int
    case_no: str
    description: str
    address: str
    grid2_code: str  # the level-2 grid whose report it belongs to
    grid2_name: str
    grid_name: str  # the case's own grid
    category: str
    priority: Priority
    state: CaseState
    reported_at: datetime
    due_at: datetime | None  # the deadline it is judged by (the running stage's, or handling)
    overdue_hours: float | None  # past due_at at `asof`; None: not overdue
    leader: Person | None  # the responsible grid leader (nearest up the tree)
    photos: tuple[str, ...]  # sha256 of the first photos of its history


@dataclass(frozen=True, slots=True)
class NoticeCase:
    """A case of the week's notice: overdue (§I6 of docs/indicators.md) or reworked."""

    case_id: int
    case_no: str
    description: str
    grid2_code: str
    grid_name: str
    category: str
    state: CaseState
    due_at: datetime | None  # the handling deadline H
    handled_at: datetime | None  # first handling report (None: none yet)
    reworks: int  # rework events in the week
    overdue: bool  # one of the week's overdue cases (else only reworked)
    leader: Person | None


@dataclass(frozen=True, slots=True)
class ReviewData:
    street: str
    period: Period
    asof: datetime  # the week's end, or now while the week runs
    rows: tuple[dict[str, Any], ...]  # the rows of `stats --by grid2` for the period
    total: dict[str, Any]  # and its total
    weeks: tuple[WeekCount, ...]  # TREND_WEEKS weeks ending with the period's
    leaders: Mapping[str, Person | None]  # level-2 grid code -> its leader
    cases: tuple[ReviewCase, ...]  # grid by grid (code order), most overdue first
