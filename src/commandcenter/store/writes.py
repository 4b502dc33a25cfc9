"""Write steps the sync's writers share: a row updated or inserted by its key, and a long list
cut into chunks that keep an IN (...) far below any database's limit of bound parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, update

# SQLite allows 32 766 bound parameters; stay far below for any dialect.
_CHUNK = 500


def upsert(conn: Connection, table: Any, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    where = [table.c[k] == v for k, v in key.items()]
    done = conn.execute(update(table).where(*where).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(table).values(**key, **values))


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
