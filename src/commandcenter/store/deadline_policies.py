"""Each category's deadline policy: its handling limit read from a `categories` table once and
kept. The client's case commands and the platform's intake both fold events with it, so a case
gets the same deadlines, and an unknown category the same refusal, on either side."""

from __future__ import annotations

from sqlalchemy import Connection, Table, select

from ..domain.calendar import WorkingCalendar
from ..domain.enums import TimeUnit
from ..domain.errors import ValidationError
from ..domain.projection import DeadlinePolicy
from . import schema


class DeadlinePolicies:
    """The limits are cached per category: the taxonomy changes rarely (a sync brings a new one,
    and the client then calls `forget`), while every event folded asks for one."""

    def __init__(self, calendar: WorkingCalendar, categories: Table = schema.categories) -> None:
        self.calendar = calendar
        # The platform passes its own table; both have the taxonomy's time_limit and time_unit.
        self._categories = categories
        self._limits: dict[str, tuple[float, TimeUnit]] = {}

    def forget(self) -> None:
        """Read the categories' limits again on the next ask."""
        self._limits.clear()

    def for_category(self, conn: Connection, category: str) -> DeadlinePolicy:
        """ValidationError (field 'category') for an unknown code or a group's."""
        limit = self._limits.get(category)
        if limit is None:
            cat = self._categories.c
            row = conn.execute(
                select(cat.time_limit, cat.time_unit).where(cat.code == category)
            ).first()
            if row is None or row.time_limit is None:
                raise ValidationError(
                    f"unknown category or a group, not a leaf: '{category}'", field="category"
                )
            limit = self._limits[category] = (row.time_limit, TimeUnit(row.time_unit))
        return DeadlinePolicy(self.calendar, limit)
