"""The columns the client's database and the district platform's define alike: the taxonomy,
the grids, the people, the cases, their events and the sign-in names travel between the two,
and a column that is a String(32) on one side and a String(16) on the other truncates on
PostgreSQL or fails a sync. Each is defined here once; store/schema.py and
district/schema.py take theirs by name, in their own column order (order matters: bulk inserts
pass rows positionally), and add the columns that are their own.

tests/test_shared_schema.py holds every same-named column of the paired tables equal, but for
the few that differ on purpose, and holds each side to taking the equal ones from here.

The store may not import the district; the district imports this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, String, Text

ColumnFactory = Callable[[], Column[Any]]
# The key in a shared column's `info` naming the table whose definition it is.
SHARED = "shared_with_platform"


def _by_name(*factories: ColumnFactory) -> dict[str, ColumnFactory]:
    # A factory, not a Column: a Column belongs to one table, and each metadata needs its own.
    return {factory().name: factory for factory in factories}


# Keyed by what the table holds; the client and the platform may name the table differently
# (the client's case_events are the platform's events, its local_accounts the accounts).
TABLES: dict[str, dict[str, ColumnFactory]] = {
    "departments": _by_name(
        lambda: Column("code", String(16), primary_key=True),
        lambda: Column("name", String(64), nullable=False),
    ),
    "categories": _by_name(
        lambda: Column("code", String(16), primary_key=True),
        lambda: Column("name", String(64), nullable=False),
        lambda: Column("kind", String(16), nullable=False),
        # NULL for a group: only a leaf category has a handling limit.
        lambda: Column("time_limit", Float),
        lambda: Column("time_unit", String(16)),
        lambda: Column("priority", String(16), nullable=False),
        lambda: Column("closing_condition", Text, nullable=False),
    ),
    "grids": _by_name(
        lambda: Column("code", String(32), nullable=False),
        lambda: Column("version", Integer, nullable=False),
        lambda: Column("name", String(100), nullable=False),
        lambda: Column("level", Integer, nullable=False),
        lambda: Column("is_current", Boolean, nullable=False),
    ),
    "people": _by_name(
        lambda: Column("code", String(32), primary_key=True),
        lambda: Column("name", String(64), nullable=False),
    ),
    "cases": _by_name(
        lambda: Column("case_no", String(32), nullable=False, unique=True),
        lambda: Column("state", String(16), nullable=False),
        lambda: Column("source", String(16), nullable=False),
        lambda: Column("priority", String(16), nullable=False),
        lambda: Column("grid_code", String(32), nullable=False),
        lambda: Column("description", Text, nullable=False),
        lambda: Column("address", String(200), nullable=False),
        lambda: Column("lon", Float),
        lambda: Column("lat", Float),
        lambda: Column("reported_at", DateTime, nullable=False),
        lambda: Column("escalation_level", Integer, nullable=False),
        lambda: Column("due_at", DateTime),
        lambda: Column("updated_at", DateTime, nullable=False),
    ),
    "events": _by_name(
        lambda: Column("type", String(24), nullable=False),
        lambda: Column("at", DateTime, nullable=False),
        lambda: Column("role", String(24), nullable=False),
        lambda: Column("note", Text, nullable=False),
    ),
    "accounts": _by_name(
        lambda: Column("username", String(64), primary_key=True),
        lambda: Column("password_hash", String(200), nullable=False),
    ),
}


def columns(table: str, *names: str) -> list[Column[Any]]:
    """New columns of `table`'s shared definitions, in the order named, each marked in its
    `info` as shared (the test tells a copy written out by hand from one taken from here)."""
    shared = TABLES[table]
    out = [shared[name]() for name in names]
    for column in out:
        column.info[SHARED] = table
    return out
