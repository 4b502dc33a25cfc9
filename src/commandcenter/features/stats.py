"""Indicators, scores and ranks for a period (`commandcenter stats`): the table as text, JSON
or CSV."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import defaults
from ..domain.errors import ValidationError
from ..domain.indicators import RATES, percent
from ..domain.periods import Period, month_period, range_period, week_period
from ..reports.safe_cells import write_csv
from ..store.database import open_readonly
from ..store.indicators import stats_table

FORMATS = ("table", "json", "csv")
TABLE_COLUMNS = (
    ("code", "代码"),
    ("name", "名称"),
    ("new", "新增"),
    ("filed", "立案"),
    ("due", "应结案"),
    ("handled", "已处置"),
    ("closed", "已结案"),
    ("overdue", "超期"),
    ("handling_rate", "处置率"),
    ("closing_rate", "结案率"),
    ("ontime_rate", "按期结案率"),
    ("rework_rate", "返工率"),
    ("miss_rate", "漏报率"),
    ("score", "得分"),
    ("grade", "等级"),
    ("rank", "排名"),
    ("rank_change", "变化"),
)


@dataclass(frozen=True)
class StatsRequest:
    db: Path
    by: str  # grid2, grid3, department or person
    week: str | None = None  # one of week, month, or date_from with date_to
    month: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    format: str = "table"
    now: datetime | None = None  # judge "by the period end" as of this time
    weights: Path | None = None  # scoring weights JSON (default: the shipped one)


def period_from(request: StatsRequest) -> Period:
    if request.week:
        return week_period(request.week)
    if request.month:
        return month_period(request.month)
    if request.date_from is None or request.date_to is None:
        raise ValidationError("a date range needs both --from and --to")
    return range_period(request.date_from, request.date_to)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in RATES:
        return percent(Fraction(value).limit_denominator(10**9))
    if key == "score":
        return f"{value:.2f}"
    if key == "rank_change":
        return f"+{value}" if value > 0 else str(value)
    return str(value)


def render_table(data: dict[str, Any]) -> str:
    header = [title for _, title in TABLE_COLUMNS]
    body = [[_cell(k, row.get(k)) for k, _ in TABLE_COLUMNS] for row in data["rows"]]
    total = data["total"]
    body.append(["合计", "", *(_cell(k, total.get(k)) for k, _ in TABLE_COLUMNS[2:])])
    widths = [max(_width(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(cell + pad if i < 2 else pad + cell)
        return "  ".join(out).rstrip()

    p = data["period"]
    title = f"{p['label']}（{p['from']} 至 {p['to']}）"
    return "\n".join([title, line(header), *(line(r) for r in body)])


def render_csv(data: dict[str, Any]) -> str:
    rows = data["rows"]
    keys = list(rows[0]) if rows else ["code", "name"]
    return write_csv(keys, rows).rstrip("\n")


@dataclass(frozen=True)
class StatsReport:
    text: str  # the table, JSON or CSV

    def lines(self) -> list[str]:
        return [self.text]


def stats_report(request: StatsRequest) -> StatsReport:
    """The indicator table of the request's entities and period, in its format."""
    if request.format not in FORMATS:
        raise ValidationError(f"unknown format '{request.format}' (one of {', '.join(FORMATS)})")
    period = period_from(request)
    weights = defaults.scoring_weights(request.weights)
    db = open_readonly(request.db)
    try:
        table = stats_table(db.engine, request.by, period, weights, now=request.now)
    finally:
        db.dispose()
    data = table.as_json()
    if request.format == "json":
        return StatsReport(json.dumps(data, ensure_ascii=False, sort_keys=False))
    if request.format == "csv":
        return StatsReport(render_csv(data))
    return StatsReport(render_table(data))
