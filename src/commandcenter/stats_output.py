"""`commandcenter stats`: the indicator table as text, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import unicodedata
from fractions import Fraction
from typing import Any

from . import defaults
from .domain.errors import ValidationError
from .domain.indicators import RATES, percent
from .domain.periods import Period, month_period, range_period, week_period

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


def period_from(args: argparse.Namespace) -> Period:
    if args.week:
        return week_period(args.week)
    if args.month:
        return month_period(args.month)
    if args.date_from is None or args.date_to is None:
        raise ValidationError("a date range needs both --from and --to")
    return range_period(args.date_from, args.date_to)


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
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in keys})
    return buf.getvalue().rstrip("\n")


def run_stats(args: argparse.Namespace) -> int:
    from .store.database import open_readonly
    from .store.indicators import stats_table

    if args.format not in FORMATS:
        raise ValidationError(f"unknown format '{args.format}' (one of {', '.join(FORMATS)})")
    period = period_from(args)
    weights = defaults.scoring_weights(args.weights)
    db = open_readonly(args.db)
    try:
        table = stats_table(db.engine, args.by, period, weights, now=args.now)
    finally:
        db.dispose()
    data = table.as_json()
    if args.format == "json":
        text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    elif args.format == "csv":
        text = render_csv(data)
    else:
        text = render_table(data)
    sys.stdout.write(text + "\n")
    return 0
