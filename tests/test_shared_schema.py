"""The tables the client and the district platform share (store/shared_columns.py): every column
of the same name in a pair of tables is the same column, type and nullability, on SQLite and on
PostgreSQL, but for the few that differ on purpose, listed here with why; and each side takes
the equal ones from the one definition. Checked on the metadatas and on real databases: a
client file built by the migrations and a platform file created by the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Engine, Table, inspect
from sqlalchemy.dialects import postgresql, sqlite

from commandcenter.district import schema as platform
from commandcenter.district.database import PlatformDatabase
from commandcenter.store import schema as client
from commandcenter.store import shared_columns
from commandcenter.store.database import open_database

# What each table holds: (the client's table, the platform's).
PAIRS = {
    "departments": ("departments", "departments"),
    "categories": ("categories", "categories"),
    "grids": ("grids", "grids"),
    "people": ("people", "people"),
    "cases": ("cases", "cases"),
    "events": ("case_events", "events"),
    "accounts": ("local_accounts", "accounts"),
}
# Same name, another thing: the client's log of changed cases its windows poll, the feed.
UNRELATED_TABLES = {"changes"}
# The client numbers its rows locally (cases and grid versions point at ids); the platform keys
# by what travels (the uuid; the grid's code and version).
KEYS = {
    "grids": (["id"], ["code", "version"]),
    "cases": (["id"], ["uuid"]),
    "events": (["id"], ["uuid"]),
}
DIFFERENT = {
    # A uuid the platform keys by is kept unique beside the client's own id.
    ("cases", "uuid"),
    ("events", "uuid"),
    # A grid imported without a shape is NULL on the client; the platform stores JSON null.
    ("grids", "geometry"),
    # The client's database is SQLite only, which enforces no length: a phone is never cut.
    ("people", "phone"),
    # An event recorded on the client has no payload or feed number until it has one.
    ("events", "payload"),
    ("events", "seq"),
}


def _pairs() -> list[tuple[str, Table, Table]]:
    return [
        (name, client.metadata.tables[mine], platform.metadata.tables[theirs])
        for name, (mine, theirs) in PAIRS.items()
    ]


def _definition(column: Column[Any]) -> tuple[Any, ...]:
    return (
        column.type.compile(dialect=sqlite.dialect()),
        column.type.compile(dialect=postgresql.dialect()),
        column.nullable,
        bool(column.unique),
        column.server_default is not None,
    )


def test_every_table_both_sides_have_is_paired() -> None:
    assert set(PAIRS) == set(shared_columns.TABLES)
    same_names = set(client.metadata.tables) & set(platform.metadata.tables)
    assert same_names - {mine for mine, _ in PAIRS.values()} == UNRELATED_TABLES


def test_same_named_columns_are_one_definition_but_for_the_listed_differences() -> None:
    for name, mine, theirs in _pairs():
        common = set(mine.c.keys()) & set(theirs.c.keys())
        equal = {
            column
            for column in common
            if _definition(mine.c[column]) == _definition(theirs.c[column])
        }
        assert common - equal == {c for table, c in DIFFERENT if table == name}, name
        # Equal columns are the shared definitions, and both sides take them from there.
        assert equal == set(shared_columns.TABLES[name]), name
        for column in equal:
            assert mine.c[column].info.get(shared_columns.SHARED) == name, (name, column)
            assert theirs.c[column].info.get(shared_columns.SHARED) == name, (name, column)


def test_the_tables_are_keyed_alike_but_where_the_client_numbers_its_rows() -> None:
    for name, mine, theirs in _pairs():
        keys = ([c.name for c in mine.primary_key], [c.name for c in theirs.primary_key])
        if name in KEYS:
            assert keys == KEYS[name]
        else:
            assert keys[0] == keys[1], name


def _reflected(engine: Engine, table: str) -> dict[str, tuple[str, bool]]:
    with engine.connect() as conn:
        return {
            c["name"]: (str(c["type"]), bool(c["nullable"]))
            for c in inspect(conn).get_columns(table)
        }


@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_a_migrated_client_and_a_created_platform_store_the_shared_columns_alike(
    tmp_path: Path,
) -> None:
    street = open_database(tmp_path / "street.db")
    server = PlatformDatabase(str(tmp_path / "platform.db"))
    try:
        assert server.create_schema()
        for name, (mine, theirs) in PAIRS.items():
            a = _reflected(street.engine, mine)
            b = _reflected(server.write_engine, theirs)
            for column in shared_columns.TABLES[name]:
                assert a[column] == b[column], (name, column)
    finally:
        street.dispose()
        server.dispose()
