"""The dashboard's figures in one read: today's intake, open and overdue cases, this week's rates,
intake against closed and the overdue trend per office day, open cases by category, this week's
closing rates by community. Each series is one grouped query, never a query per day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import Engine, and_, func, select

from ..domain.periods import week_period
from ..domain.supervision import SUPERVISABLE
from ..domain.transitions import OPEN_STATES
from . import schema as t
from .indicators import DUE_FOR_HANDLING, IndicatorRepository, not_handled_by_deadline

c = t.cases.c

RATE_KEYS = ("handling_rate", "closing_rate", "ontime_rate", "rework_rate")
TOP_CATEGORIES = 10


@dataclass(frozen=True, slots=True)
class WeekRates:
    """This ISO week's 处置率, 结案率, 按期结案率, 返工率 (0..1; None: nothing was due)."""

    week: str
    handling: float | None
    closing: float | None
    ontime: float | None
    rework: float | None


@dataclass(frozen=True, slots=True)
class DayFigures:
    day: date
    intake: int  # reported that day
    closed: int  # closed that day
    overdue: int  # handling deadline that day, not handled by it (§I6 `overdue`)


@dataclass(frozen=True, slots=True)
class CategoryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class GridRates:
    code: str
    name: str
    closing: float | None
    ontime: float | None


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    now: datetime
    today_intake: int
    open_cases: int
    overdue: int  # the window's overdue queue: supervisable, current deadline passed
    rates: WeekRates
    days: tuple[DayFigures, ...]  # oldest first, today last
    categories: tuple[CategoryCount, ...]  # open cases, largest first
    grid_rates: tuple[GridRates, ...]  # this week, per level-2 grid (community)


def _start(day: date) -> datetime:
    return datetime.combine(day, time())


def _as_date(value: Any) -> date:
    """func.date() gives 'YYYY-MM-DD' on SQLite and a date on PostgreSQL."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _per_day(engine: Engine, column: Any, condition: Any, first: date, end: datetime) -> Any:
    day = func.date(column)
    query = (
        select(day, func.count())
        .where(column >= _start(first), column < end, condition)
        .group_by(day)
    )
    with engine.connect() as conn:
        return {_as_date(d): int(n) for d, n in conn.execute(query)}


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _counts(engine: Engine, now: datetime) -> tuple[int, int, int]:
    today = _start(now.date())
    open_states = [s.value for s in OPEN_STATES]
    overdue = and_(c.state.in_([s.value for s in SUPERVISABLE]), c.due_at < now)
    with engine.connect() as conn:
        intake = conn.scalar(
            select(func.count()).where(
                c.reported_at >= today, c.reported_at < today + timedelta(days=1)
            )
        )
        open_cases = conn.scalar(select(func.count()).where(c.state.in_(open_states)))
        late = conn.scalar(select(func.count()).where(overdue))
    return int(intake or 0), int(open_cases or 0), int(late or 0)


def _days(engine: Engine, now: datetime, days: int) -> tuple[DayFigures, ...]:
    last = now.date()
    first = last - timedelta(days=days - 1)
    end = _start(last) + timedelta(days=1)
    H = c.handle_due_at
    intake = _per_day(engine, c.reported_at, True, first, end)
    closed = _per_day(engine, c.closed_at, True, first, end)
    late = and_(DUE_FOR_HANDLING, not_handled_by_deadline(now))
    overdue = _per_day(engine, H, late, first, end)
    span = (first + timedelta(days=i) for i in range(days))
    return tuple(DayFigures(d, intake.get(d, 0), closed.get(d, 0), overdue.get(d, 0)) for d in span)


def _categories(engine: Engine) -> tuple[CategoryCount, ...]:
    k = t.categories.c
    n = func.count().label("n")
    query = (
        select(c.category_code, func.max(k.name), n)
        .select_from(t.cases.join(t.categories, k.code == c.category_code))
        .where(c.state.in_([s.value for s in OPEN_STATES]))
        .group_by(c.category_code)
        .order_by(n.desc(), c.category_code)
        .limit(TOP_CATEGORIES)
    )
    with engine.connect() as conn:
        return tuple(
            CategoryCount(code, name, int(count)) for code, name, count in conn.execute(query)
        )


def _grid_rates(indicators: IndicatorRepository, now: datetime) -> tuple[GridRates, ...]:
    by_grid = indicators.figures("grid2", week_period(now.date()), now)
    out: list[GridRates] = []
    for entity in indicators.entities("grid2"):
        fig = by_grid.get(entity.code)
        rates = fig.rates() if fig is not None else {}
        out.append(
            GridRates(
                entity.code,
                entity.name,
                _float(rates.get("closing_rate")),
                _float(rates.get("ontime_rate")),
            )
        )
    return tuple(out)


def _week_rates(indicators: IndicatorRepository, now: datetime) -> WeekRates:
    period = week_period(now.date())
    fig = indicators.figures(None, period, now).get("")
    rates = fig.rates() if fig is not None else {}
    values = [_float(rates.get(key)) for key in RATE_KEYS]
    year, number, _ = now.date().isocalendar()
    week = f"{year}-W{number:02d}"
    return WeekRates(week, *values)


def dashboard_figures(engine: Engine, now: datetime, days: int = 30) -> DashboardFigures:
    """Everything the dashboard shows, as of `now` (naive office wall-clock time)."""
    indicators = IndicatorRepository(engine)
    intake, open_cases, overdue = _counts(engine, now)
    return DashboardFigures(
        now=now,
        today_intake=intake,
        open_cases=open_cases,
        overdue=overdue,
        rates=_week_rates(indicators, now),
        days=_days(engine, now, max(1, days)),
        categories=_categories(engine),
        grid_rates=_grid_rates(indicators, now),
    )


def day_labels(days: Iterable[DayFigures]) -> list[str]:
    """Axis labels of the per-day charts: month-day."""
    return [d.day.strftime("%m-%d") for d in days]
