"""Working calendar: deadlines land where a person with a paper calendar puts them."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest

from commandcenter import defaults
from commandcenter.domain.calendar import WorkingCalendar
from commandcenter.domain.enums import TimeUnit

H, D = TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return defaults.calendar()


@pytest.mark.parametrize(
    ("start", "limit", "unit", "due"),
    [
        # lunch break: 11:00 + 2 h runs 11:00-12:00 and 14:30-15:30
        (datetime(2026, 11, 20, 11, 0), 2, H, datetime(2026, 11, 20, 15, 30)),
        # reported during lunch: the clock starts at 14:30
        (datetime(2026, 11, 20, 12, 40), 1, H, datetime(2026, 11, 20, 15, 30)),
        # Friday 17:00 + 3 h: over the weekend to Monday 10:30
        (datetime(2026, 11, 20, 17, 0), 3, H, datetime(2026, 11, 23, 10, 30)),
        # Friday before the Spring Festival: Sat Feb 14 is a make-up workday
        (datetime(2026, 2, 13, 16, 0), 4, H, datetime(2026, 2, 14, 10, 30)),
        # Sat Feb 14 afternoon + 1 working day: Feb 15-23 off, so Tue Feb 24
        (datetime(2026, 2, 14, 15, 0), 1, D, datetime(2026, 2, 24, 15, 0)),
        # Fri Feb 27 + 1 working day: Sat Feb 28 is a make-up workday
        (datetime(2026, 2, 27, 10, 0), 1, D, datetime(2026, 2, 28, 10, 0)),
        # Monday 10:00 + 3 working days: Thursday 10:00
        (datetime(2026, 11, 16, 10, 0), 3, D, datetime(2026, 11, 19, 10, 0)),
        # National Day: Sep 30 + 1 working day skips Oct 1-7 to Thu Oct 8
        (datetime(2026, 9, 30, 9, 0), 1, D, datetime(2026, 10, 8, 9, 0)),
        # natural days and urgent hours ignore the calendar
        (datetime(2026, 2, 14, 9, 0), 3, TimeUnit.NATURAL_DAYS, datetime(2026, 2, 17, 9, 0)),
        (datetime(2026, 2, 14, 22, 0), 12, TimeUnit.URGENT_HOURS, datetime(2026, 2, 15, 10, 0)),
    ],
)
def test_deadlines(
    cal: WorkingCalendar, start: datetime, limit: float, unit: TimeUnit, due: datetime
) -> None:
    assert cal.deadline(start, limit, unit) == due


def test_workdays_follow_the_2026_schedule(cal: WorkingCalendar) -> None:
    assert cal.is_workday(date(2026, 1, 4))  # a Sunday, worked
    assert not cal.is_workday(date(2026, 1, 2))  # a Friday, off
    assert not cal.is_workday(date(2026, 5, 5))
    assert cal.is_workday(date(2026, 5, 9))  # a Saturday, worked


def test_working_minutes_between(cal: WorkingCalendar) -> None:
    a, b = datetime(2026, 11, 20, 10, 0), datetime(2026, 11, 23, 10, 0)
    assert cal.working_minutes_between(a, b) == 7 * 60
    assert cal.working_minutes_between(b, a) == -7 * 60


def test_unknown_year_uses_weekends_and_fixed_holidays_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cal = defaults.calendar()
    with caplog.at_level(logging.WARNING):
        assert not cal.is_workday(date(2027, 10, 1))
        assert cal.is_workday(date(2027, 10, 4))
        assert not cal.is_workday(date(2027, 1, 2))  # a Saturday
        cal.deadline(datetime(2027, 3, 1, 9, 0), 5, D)
    warnings = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warnings) == 1
