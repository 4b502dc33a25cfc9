"""Indicator counts by SQL aggregation (docs/indicators.md): one grouped query per period rule,
each a range scan on the index of the time that decides the period. Nothing loads cases one by
one into Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Engine,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.sql import ColumnElement

from ..domain.clock import office_now
from ..domain.enums import Role
from ..domain.errors import ValidationError
from ..domain.indicators import (
    Figures,
    Weights,
    competition_ranks,
    grade,
    rank_change,
    sum_figures,
)
from ..domain.periods import Period
from . import schema as t

BY = ("grid2", "grid3", "department", "person")
_CODE_LENGTH = {"grid2": 12, "grid3": 15}  # codes nest by prefix: 9 + 3 + 3 (+ 2) digits
c = t.cases.c


@dataclass(frozen=True, slots=True)
class Entity:
    code: str
    name: str


# §I6 of docs/indicators.md, shared by `stats`, the weekly notice and the dashboard's trend: a
# case is due for handling by its deadline H unless it was voided or shelved before H; it is
# overdue as of a time past H if no handling report came by H.
DUE_FOR_HANDLING: ColumnElement[bool] = not_(
    and_(
        c.state.in_(("voided", "shelved")),
        c.ended_at.is_not(None),
        c.ended_at < c.handle_due_at,
    )
)


def not_handled_by_deadline(asof: datetime) -> ColumnElement[bool]:
    """Overdue (§I6) as of `asof`: H passed and no handling report by H."""
    H = c.handle_due_at
    return and_(asof > H, or_(c.first_handled_at.is_(None), c.first_handled_at > H))


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class IndicatorRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def entities(self, by: str) -> list[Entity]:
        """Every entity of that level, with or without cases."""
        with self.engine.connect() as conn:
            if by in _CODE_LENGTH:
                level = 2 if by == "grid2" else 3
                rows = conn.execute(
                    select(t.grids.c.code, t.grids.c.name)
                    .where(t.grids.c.level == level, t.grids.c.is_current.is_(True))
                    .order_by(t.grids.c.code)
                ).all()
            elif by == "department":
                rows = conn.execute(
                    select(t.departments.c.code, t.departments.c.name).order_by(
                        t.departments.c.code
                    )
                ).all()
            elif by == "person":
                handlers = (Role.GRID_LEADER.value, Role.DEPARTMENT_LIAISON.value)
                rows = conn.execute(
                    select(t.people.c.code, t.people.c.name)
                    .where(
                        t.people.c.code.in_(
                            select(t.person_roles.c.person_code).where(
                                t.person_roles.c.role.in_(handlers)
                            )
                        )
                    )
                    .order_by(t.people.c.code)
                ).all()
            else:
                raise ValueError(f"unknown grouping {by!r}")
        return [Entity(code, name) for code, name in rows]

    # -- aggregation --------------------------------------------------------------------
    def figures(
        self, by: str | None, period: Period, now: datetime | None = None
    ) -> dict[str, Figures]:
        """Figures per entity code (`by` None: one total under the key '')."""
        asof = min(period.end, now or office_now())
        out: dict[str, Figures] = {}
        with self.engine.connect() as conn:
            for query in self._queries(by, period, asof):
                result = conn.execute(query)
                names = list(result.keys())[1:]
                minutes = names.index("handling_minutes") if "handling_minutes" in names else -1
                for key, *values in result:
                    fig = out.get(key or "")
                    if fig is None:
                        fig = out[key or ""] = Figures()
                    counts = fig.counts
                    for i, (name, value) in enumerate(zip(names, values, strict=True)):
                        if i == minutes:
                            fig.handling_minutes += float(value or 0)
                        else:
                            counts[name] += int(value or 0)
        return out

    def _queries(self, by: str | None, period: Period, asof: datetime) -> list[Any]:
        start, end = period.start, period.end
        H = c.handle_due_at
        families: list[tuple[ColumnElement[Any], ColumnElement[bool], Mapping[str, Any]]] = [
            (c.reported_at, literal(True), {"new": func.count()}),
            (
                c.accepted_at,
                literal(True),
                {"filed": func.count(), "missed": _count(c.source != "patrol")},
            ),
            (
                c.ended_at,
                and_(c.state == "rejected", c.duplicate_of.is_(None)),
                {"rejected_invalid": func.count()},
            ),
            (
                H,
                DUE_FOR_HANDLING,
                {
                    "due": func.count(),
                    "handled": _count(c.first_handled_at < asof),
                    "closed": _count(c.closed_at < asof),
                    "closed_on_time": _count(and_(c.closed_at < asof, c.handled_at <= H)),
                    "reworked": _count(c.first_rework_at < asof),
                    "overdue": _count(not_handled_by_deadline(asof)),
                    "overdue_open": _count(
                        and_(
                            asof > H,
                            or_(c.first_handled_at.is_(None), c.first_handled_at >= asof),
                            or_(c.ended_at.is_(None), c.ended_at >= asof),
                        )
                    ),
                },
            ),
            (
                c.closed_at,
                literal(True),
                {
                    "closed_in_period": func.count(),
                    "closed_grid": _count(c.escalation_level == 1),
                    "closed_community": _count(c.escalation_level == 2),
                    "closed_street": _count(c.escalation_level == 3),
                    "closed_district": _count(c.escalation_level == 4),
                },
            ),
            (
                c.handled_at,
                literal(True),
                {
                    "handled_in_period": func.count(),
                    "handling_minutes": func.coalesce(func.sum(c.handling_minutes), 0),
                },
            ),
        ]
        queries = []
        for time_column, condition, sums in families:
            where = and_(time_column >= start, time_column < end, condition)
            queries.append(self._grouped(by, where, sums))
        return queries

    def _grouped(self, by: str | None, where: ColumnElement[bool], sums: Mapping[str, Any]) -> Any:
        columns = [expr.label(name) for name, expr in sums.items()]
        if by is None:
            return select(literal("").label("key"), *columns).where(where)
        if by in _CODE_LENGTH:
            key = func.substr(c.grid_code, 1, _CODE_LENGTH[by])
            return select(key.label("key"), *columns).where(where).group_by(key)
        if by == "person":
            return (
                select(c.handler_person_code.label("key"), *columns)
                .where(where, c.handler_person_code.is_not(None))
                .group_by(c.handler_person_code)
            )
        # A joint-enforcement case counts for each department it names.
        d = t.departments.c
        named = ("," + c.handler_departments + ",").like("%," + d.code + ",%")
        return (
            select(d.code.label("key"), *columns)
            .select_from(t.cases.join(t.departments, named))
            .where(where)
            .group_by(d.code)
        )


@dataclass(frozen=True, slots=True)
class StatsTable:
    period: Period
    by: str
    rows: list[dict[str, Any]]
    total: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "by": self.by,
            "rows": self.rows,
            "total": self.total,
        }


def _row(fig: Figures, weights: Weights) -> dict[str, Any]:
    rates = fig.rates()
    score = weights.score(rates)
    out: dict[str, Any] = dict(fig.counts)
    for name, value in rates.items():
        out[name] = None if value is None else float(value)
    for level, share in fig.level_shares().items():
        out[f"closed_share_{level}"] = None if share is None else float(share)
    hours = fig.mean_handling_hours()
    out["mean_handling_hours"] = None if hours is None else float(hours)
    out["score"] = None if score is None else float(score)
    out["grade"] = grade(score)
    out["_score"] = score
    out["_rates"] = rates
    return out


def stats_table(
    engine: Engine,
    by: str,
    period: Period,
    weights: Weights,
    now: datetime | None = None,
) -> StatsTable:
    """One row per entity of `by` (including those without cases), with rank and its change
    against the previous period of the same length; and the total."""
    return stats_tables(engine, by, [period], weights, now)[0]


def stats_tables(
    engine: Engine,
    by: str,
    periods: list[Period],
    weights: Weights,
    now: datetime | None = None,
) -> list[StatsTable]:
    """stats_table for each period; consecutive periods (a year of weeks for the review's
    trends) reuse one period's figures as the next one's "previous"."""
    if by not in BY:
        raise ValidationError(f"unknown grouping '{by}' (one of {', '.join(BY)})", field="by")
    repo = IndicatorRepository(engine)
    entities = repo.entities(by)
    cache: dict[tuple[datetime, datetime], dict[str, Figures]] = {}
    score_cache: dict[tuple[datetime, datetime], dict[str, Decimal | None]] = {}

    def figures(p: Period) -> dict[str, Figures]:
        key = (p.start, p.end)
        if key not in cache:
            cache[key] = repo.figures(by, p, now)
        return cache[key]

    def scores_of(p: Period) -> dict[str, Decimal | None]:
        key = (p.start, p.end)
        if key not in score_cache:
            found = figures(p)
            score_cache[key] = {
                e.code: weights.score(found[e.code].rates()) if e.code in found else None
                for e in entities
            }
        return score_cache[key]

    tables = []
    for period in periods:
        current = figures(period)
        rows = []
        scores = {}
        for entity in entities:
            row: dict[str, Any] = {"code": entity.code, "name": entity.name}
            row.update(_row(current.get(entity.code, Figures()), weights))
            scores[entity.code] = row.pop("_score")
            del row["_rates"]
            rows.append(row)
        score_cache.setdefault((period.start, period.end), scores)
        ranks = competition_ranks(scores)
        ranks_before = competition_ranks(scores_of(period.previous()))
        for row in rows:
            row["rank"] = ranks[row["code"]]
            row["rank_change"] = rank_change(ranks[row["code"]], ranks_before[row["code"]])
        if by in _CODE_LENGTH:
            # Level-2 (or level-3) grids partition the cases: their sum is the total.
            total_figures = sum_figures(list(current.values()))
        else:
            total_figures = repo.figures(None, period, now).get("", Figures())
        total = _row(total_figures, weights)
        del total["_score"], total["_rates"]
        tables.append(StatsTable(period=period, by=by, rows=rows, total=total))
    return tables
