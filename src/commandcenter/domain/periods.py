"""Reporting periods: an ISO week, a month, or a date range, each [start, end)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class Period:
    kind: str  # week, month, range
    label: str  # 2026-W47, 2026-11, 2026-11-01..2026-11-30
    start: datetime
    end: datetime  # exclusive

    def as_dict(self) -> dict[str, str]:
        last = (self.end - timedelta(days=1)).date()
        return {
            "kind": self.kind,
            "label": self.label,
            "from": self.start.date().isoformat(),
            "to": last.isoformat(),
        }

    def previous(self) -> Period:
        """The period of the same length just before: last week, last month, the range shifted
        back by its own length."""
        if self.kind == "week":
            return week_period(self.start.date() - timedelta(days=7))
        if self.kind == "month":
            return month_period((self.start - timedelta(days=1)).strftime("%Y-%m"))
        length = self.end - self.start
        first = (self.start - length).date()
        return range_period(first, (self.start - timedelta(days=1)).date())


def _midnight(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time())


def week_period(value: str | date) -> Period:
    if isinstance(value, date):
        year, week, _ = value.isocalendar()
    else:
        m = re.fullmatch(r"(\d{4})-W(\d{1,2})", value.strip())
        if not m:
            raise ValidationError(f"not an ISO week (e.g. 2026-W47): {value!r}", field="week")
        year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError(f"{year} has no week {week}", field="week") from None
    return Period(
        "week", f"{year}-W{week:02d}", _midnight(monday), _midnight(monday) + timedelta(7)
    )


WEEKS_OFFERED = 26  # the weeks a window offers for its papers: about half a year


def offered_weeks(today: date, count: int = WEEKS_OFFERED) -> list[Period]:
    """The week of `today` first, then the `count - 1` weeks before it."""
    return [week_period(today - timedelta(days=7 * i)) for i in range(count)]


def month_period(value: str) -> Period:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(f"not a month (e.g. 2026-11): {value!r}", field="month")
    first = date(int(m.group(1)), int(m.group(2)), 1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return Period("month", f"{first:%Y-%m}", _midnight(first), _midnight(nxt))


def range_period(first: date, last: date) -> Period:
    if last < first:
        raise ValidationError(f"the range ends ({last}) before it starts ({first})", field="to")
    return Period(
        "range", f"{first}..{last}", _midnight(first), _midnight(last) + timedelta(days=1)
    )
