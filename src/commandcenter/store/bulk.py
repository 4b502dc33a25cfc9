"""Bulk inserts for seeding and imports: one driver-level executemany per batch, no ORM object
per row. Portable: the INSERT is compiled for the connection's dialect."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table


class BulkInserter:
    def __init__(self, connection: Connection) -> None:
        self.conn = connection
        self.dialect = connection.dialect
        self._sql: dict[tuple[str, tuple[str, ...]], str] = {}
        # SQLite stores DateTime as text in SQLAlchemy's own format; passing that text keeps
        # the bulk path byte-compatible with rows written through SQLAlchemy.
        self.text_timestamps = self.dialect.name == "sqlite"

    def ts(self, value: datetime | None) -> Any:
        if value is None or not self.text_timestamps:
            return value
        return value.isoformat(" ", "microseconds")

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        key = (table.name, tuple(columns))
        sql = self._sql.get(key)
        if sql is None:
            sql = self._sql[key] = self._statement(table, columns)
        if self.dialect.paramstyle in ("qmark", "format", "numeric"):
            self.conn.exec_driver_sql(sql, list(rows))
        else:
            params = [dict(zip(columns, row, strict=True)) for row in rows]
            self.conn.exec_driver_sql(sql, params)

    def _statement(self, table: Table, columns: Sequence[str]) -> str:
        """INSERT with the columns in the caller's order (SQLAlchemy's compiler would use the
        table's order, and rows are tuples in the caller's)."""
        quote = self.dialect.identifier_preparer.quote
        for name in columns:
            if name not in table.c:
                raise KeyError(f"{table.name} has no column {name!r}")
        style = self.dialect.paramstyle
        if style == "qmark":
            marks = ["?"] * len(columns)
        elif style == "format":
            marks = ["%s"] * len(columns)
        elif style == "numeric":
            marks = [f":{i + 1}" for i in range(len(columns))]
        elif style == "pyformat":
            marks = [f"%({name})s" for name in columns]
        else:  # named
            marks = [f":{name}" for name in columns]
        names = ", ".join(quote(name) for name in columns)
        return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(marks)})"
