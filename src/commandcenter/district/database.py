"""The platform's database: SQLite (a file; the default) or PostgreSQL (a URL). The schema is
created on an empty database (its migrations, district/migrate.py); a database holding anything
else, or an older schema (migrate it: `--migrate`), is refused.

Writers go through `writing()`, which first takes the single `feed_head` row (SELECT … FOR
UPDATE on PostgreSQL; BEGIN IMMEDIATE on SQLite, where the whole file is the lock) and numbers
the changes it appends from it. Readers of the feed go through `reading()`: one snapshot
(REPEATABLE READ on PostgreSQL, a deferred read transaction on SQLite's WAL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..domain.errors import ValidationError
from ..protocol import LOCAL_ZONE
from ..store.sqlite import check_sqlite_file, sqlite_engine, sqlite_path_of
from . import schema as t
from .migrate import HEAD, LANDED, migrate, revision


class PlatformDatabaseError(ValidationError):
    code = "platform_database"


@dataclass
class Writer:
    """One write transaction: its connection and the changes it appends to the feed."""

    conn: Connection
    seq: int
    now: datetime
    _pending: list[dict[str, Any]] = field(default_factory=list)

    def change(self, kind: str, street: str | None, body: dict[str, Any], **extra: Any) -> int:
        """Append one change; returns its number (commit order)."""
        self.seq += 1
        change = {"kind": kind, kind: body, **extra}
        text = json.dumps(change, ensure_ascii=False, separators=(",", ":"))
        self._pending.append({"seq": self.seq, "street": street, "kind": kind, "body": text})
        if len(self._pending) >= 2000:
            self.flush()
        return self.seq

    def flush(self) -> None:
        if self._pending:
            self.conn.execute(insert(t.changes), self._pending)
            self._pending = []


def local_now() -> datetime:
    """The server's clock as the office's wall-clock time."""
    return datetime.now(LOCAL_ZONE).replace(tzinfo=None, microsecond=0)


class PlatformDatabase:
    def __init__(self, url: str) -> None:
        self.url = url
        path = sqlite_path_of(url)
        self.is_sqlite = path is not None
        if path is not None:
            check_sqlite_file(path, must_exist=False)
            if not path.parent.is_dir():
                raise PlatformDatabaseError(f"{path.parent}: no such directory")
            self.write_engine: Engine = sqlite_engine(path, mode="write")
            self.read_engine: Engine = sqlite_engine(path, mode="read")
        else:
            try:
                engine = create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8)
            except (SQLAlchemyError, ValueError) as exc:
                raise PlatformDatabaseError(f"not a database URL: {url} ({exc})") from None
            self.write_engine = self.read_engine = engine
        self._epoch: str | None = None

    # -- schema ---------------------------------------------------------------------------
    def create_schema(self) -> bool:
        """Create the tables on an empty database; True when it did. Refuses a database that
        holds other tables, or a schema other than this server's (older: migrate it first)."""
        try:
            with self.write_engine.connect() as conn:
                found = revision(conn)
                conn.rollback()
            if found is None:
                migrate(self.write_engine)
                return True
            if found != HEAD:
                where = "dates from before migrations" if found == LANDED else f"is at {found}"
                raise PlatformDatabaseError(
                    f"{self.url}: the platform schema {where}, this server needs {HEAD}:"
                    f" run commandcenter-platform --db {self.url} --migrate"
                )
            return False
        except ValueError as exc:
            raise PlatformDatabaseError(f"{self.url}: {exc}") from None
        except SQLAlchemyError as exc:
            raise PlatformDatabaseError(f"{self.url}: cannot open the database ({exc})") from None

    def migrate(self) -> tuple[str | None, str]:
        """Creates or upgrades the schema to this server's; (from, to)."""
        try:
            return migrate(self.write_engine)
        except ValueError as exc:
            raise PlatformDatabaseError(f"{self.url}: {exc}") from None
        except SQLAlchemyError as exc:
            raise PlatformDatabaseError(
                f"{self.url}: cannot migrate the database ({exc})"
            ) from None

    @property
    def epoch(self) -> str:
        if self._epoch is None:
            with self.read_engine.connect() as conn:
                self._epoch = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "epoch"))
            assert self._epoch
        return self._epoch

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def writing(self, now: datetime | None = None) -> Iterator[Writer]:
        """A write transaction holding the feed's head until it commits. `now`: the server's
        wall-clock time for what it stamps (default: the clock)."""
        with self.write_engine.begin() as conn:
            head = conn.execute(
                select(t.feed_head.c.seq).where(t.feed_head.c.id == 1).with_for_update()
            ).scalar_one()
            writer = Writer(conn, int(head), now or local_now())
            yield writer
            writer.flush()
            if writer.seq != head:
                head_row = update(t.feed_head).where(t.feed_head.c.id == 1)
                conn.execute(head_row.values(seq=writer.seq))

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One consistent snapshot for several reads."""
        if self.is_sqlite:
            with self.read_engine.begin() as conn:
                yield conn
        else:
            with self.read_engine.connect() as conn:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()
