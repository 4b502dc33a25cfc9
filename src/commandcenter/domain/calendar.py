"""The working calendar: working hours, weekends, public holidays and make-up workdays (调休).
Deadlines are computed here and stored; nothing else does date arithmetic on limits."""

from __future__ import annotations

import bisect
import itertools
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .enums import TimeUnit
from .errors import ValidationError

log = logging.getLogger(__name__)

DEFAULT_PERIODS: tuple[tuple[int, int], ...] = ((8 * 60 + 30, 12 * 60), (14 * 60 + 30, 18 * 60))
# Used for a year whose schedule is not in the file: 元旦, 劳动节, 国庆节 (first three days).
FIXED_HOLIDAYS = ((1, 1), (5, 1), (10, 1), (10, 2), (10, 3))


@dataclass(frozen=True, slots=True)
class YearSchedule:
    holidays: frozenset[date]
    workdays: frozenset[date]


def parse_schedules(text: str) -> dict[int, YearSchedule]:
    data = json.loads(text)
    out: dict[int, YearSchedule] = {}
    for key, entry in data.items():
        if key.startswith("_") or not key.isdigit():
            continue
        holidays: set[date] = set()
        for first, last in entry.get("holidays", []):
            d, end = date.fromisoformat(first), date.fromisoformat(last)
            if end < d:
                raise ValidationError(f"calendar {key}: holiday {first}..{last} ends before start")
            while d <= end:
                holidays.add(d)
                d += timedelta(days=1)
        workdays = {date.fromisoformat(x) for x in entry.get("workdays", [])}
        out[int(key)] = YearSchedule(frozenset(holidays), frozenset(workdays))
    return out


@dataclass
class WorkingCalendar:
    schedules: Mapping[int, YearSchedule] = field(default_factory=dict)
    # Working periods of a workday in minutes after midnight, sorted, not overlapping.
    periods: Sequence[tuple[int, int]] = DEFAULT_PERIODS
    _warned: set[int] = field(default_factory=set, repr=False)
    _workday_cache: dict[date, bool] = field(default_factory=dict, repr=False)
    _origin: date | None = field(default=None, repr=False)
    _cum: list[float] = field(default_factory=list, repr=False)

    @property
    def minutes_per_day(self) -> int:
        return sum(end - start for start, end in self.periods)

    def is_workday(self, d: date) -> bool:
        cached = self._workday_cache.get(d)
        if cached is not None:
            return cached
        schedule = self.schedules.get(d.year)
        if schedule is None:
            if d.year not in self._warned:
                self._warned.add(d.year)
                log.warning(
                    "no holiday schedule for %s: using weekends and fixed-date holidays", d.year
                )
            result = d.weekday() < 5 and (d.month, d.day) not in FIXED_HOLIDAYS
        elif d in schedule.workdays:
            result = True
        elif d in schedule.holidays:
            result = False
        else:
            result = d.weekday() < 5
        self._workday_cache[d] = result
        return result

    # Working time as a line: _cum[i] is the working minutes before day _origin + i, so adding
    # and measuring working time is a lookup and a bisection instead of a walk over the days.
    def _ensure(self, d: date) -> int:
        if self._origin is None:
            self._origin = date(d.year, 1, 1)
            self._cum = [0.0]
        while d < self._origin:
            self._extend_back()
        i = (d - self._origin).days
        while i + 1 >= len(self._cum):
            day = self._origin + timedelta(days=len(self._cum) - 1)
            step = self.minutes_per_day if self.is_workday(day) else 0
            self._cum.append(self._cum[-1] + step)
        return i

    def _extend_back(self) -> None:
        assert self._origin is not None
        new_origin = date(self._origin.year - 1, 1, 1)
        days = (self._origin - new_origin).days
        prefix = [0.0]
        for k in range(days):
            day = new_origin + timedelta(days=k)
            prefix.append(prefix[-1] + (self.minutes_per_day if self.is_workday(day) else 0))
        shift = prefix[-1]
        self._cum = prefix[:-1] + [c + shift for c in self._cum]
        self._origin = new_origin

    def _within_day(self, minute_of_day: float) -> float:
        done = 0.0
        for p_start, p_end in self.periods:
            if minute_of_day <= p_start:
                break
            done += min(minute_of_day, p_end) - p_start
        return done

    def position(self, moment: datetime) -> float:
        """Working minutes from an origin to `moment`."""
        i = self._ensure(moment.date())
        base = self._cum[i]
        if self._cum[i + 1] == base:  # not a workday
            return base
        tod = moment.hour * 60 + moment.minute + (moment.second + moment.microsecond / 1e6) / 60
        return base + self._within_day(tod)

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of working time after `start`. A start outside working hours
        counts from the next working period; a result at the end of a period stays there."""
        if minutes <= 0:
            return start
        target = self.position(start) + minutes
        origin = self._origin
        assert origin is not None
        while target > self._cum[-1]:
            if len(self._cum) > 40_000:
                raise ValidationError(f"no working time within a century after {start}")
            self._ensure(origin + timedelta(days=len(self._cum) + 7))
        j = bisect.bisect_left(self._cum, target) - 1
        offset = target - self._cum[j]
        day = origin + timedelta(days=j)
        for p_start, p_end in self.periods:
            length = p_end - p_start
            if offset <= length:
                return datetime.combine(day, datetime.min.time()) + timedelta(
                    minutes=p_start + offset
                )
            offset -= length
        raise AssertionError("offset beyond the working day")  # pragma: no cover

    def working_minutes_between(self, a: datetime, b: datetime) -> float:
        """Working minutes from a to b; negative when b is before a."""
        return self.position(b) - self.position(a)

    def deadline(self, start: datetime, limit: float, unit: TimeUnit) -> datetime:
        if unit is TimeUnit.WORKING_HOURS:
            return self.add_working_minutes(start, limit * 60)
        if unit is TimeUnit.WORKING_DAYS:
            # N working days from Monday 10:00 is Thursday 10:00 for N = 3: whole working days
            # of working time, as a person counts on a paper calendar.
            return self.add_working_minutes(start, limit * self.minutes_per_day)
        if unit is TimeUnit.NATURAL_DAYS:
            return start + timedelta(days=limit)
        return start + timedelta(hours=limit)  # urgent hours run around the clock


def parse_periods(value: object) -> tuple[tuple[int, int], ...]:
    """[["08:30", "12:00"], ["14:30", "18:00"]] -> minutes after midnight, checked."""

    def minutes(text: object) -> int:
        try:
            hours, mins = str(text).split(":")
            h, m = int(hours), int(mins)
        except ValueError:
            raise ValidationError(f"working hours: {text!r} is not HH:MM") from None
        if not (0 <= h <= 24 and 0 <= m < 60):
            raise ValidationError(f"working hours: {text!r} is not a time of day")
        return h * 60 + m

    if not isinstance(value, list) or not value:
        raise ValidationError("working hours: a list of [start, end] periods is required")
    periods = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise ValidationError(f"working hours: {item!r} is not a [start, end] pair")
        periods.append((minutes(item[0]), minutes(item[1])))
    for (_s1, e1), (s2, _e2) in itertools.pairwise(periods):
        if e1 > s2:
            raise ValidationError("working hours: periods must be in order and not overlap")
    if any(e <= s for s, e in periods):
        raise ValidationError("working hours: each period must end after it starts")
    return tuple(periods)


def load_calendar(text: str) -> WorkingCalendar:
    data = json.loads(text)
    periods = parse_periods(data["working_hours"]) if "working_hours" in data else DEFAULT_PERIODS
    return WorkingCalendar(schedules=parse_schedules(text), periods=periods)
