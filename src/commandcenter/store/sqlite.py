"""Engine set-up. SQLite: WAL, foreign keys, busy timeout, and BEGIN IMMEDIATE for writers
(PLATFORM.md: deferred read-then-write transactions fail under concurrent writers). Everything
SQLite-specific stays in this module so that PostgreSQL can follow."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    bindparam,
    column,
    create_engine,
    event,
    select,
    table,
)
from sqlalchemy.pool import NullPool

from .errors import DatabaseDamaged, DatabaseMissing, NotADatabase, damage_of
from .schema import SEARCH_INDEX
from .text_search import grams

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
MMAP_BYTES = 8 * 1024**3  # address space, not memory: the OS pages in what is read
BUSY_TIMEOUT_MS = 10_000


def check_sqlite_file(path: Path, *, must_exist: bool) -> None:
    """Refuse a file that is not SQLite, or is SQLite's but damaged, before anything touches it:
    only what is cheap (the header's magic, page size and page count against the file's size,
    the schema read with the file opened read-only and immutable, which creates nothing beside
    it). A full integrity check reads the whole file: `backup`, `restore` and on demand."""
    if not path.exists():
        if must_exist:
            raise DatabaseMissing(f"{path}: no such database", path=str(path))
        return
    if path.is_dir():
        raise NotADatabase(f"{path}: is a directory, not a database", path=str(path))
    if open_here(path):
        # Checked when this process opened it. Reading its bytes now would close a descriptor
        # of the file, and closing any descriptor drops every POSIX lock the process holds on
        # it, SQLite's among them: another process could then write beside ours.
        return
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(HEADER_BYTES)
    if not head:
        return  # an empty file: SQLite makes it a new database
    if not head.startswith(SQLITE_HEADER[: len(head)]):  # a short head: a prefix of it
        raise NotADatabase(f"{path}: not a SQLite database", path=str(path))
    why = _header_damage(head, size)
    if why is None:
        why = _schema_damage(path)
    if why is not None:
        raise DatabaseDamaged(str(path), why)


def _header_damage(head: bytes, size: int) -> str | None:
    if len(head) < HEADER_BYTES:
        return f"cut short: {size} bytes, less than its header"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"its header gives no page size ({page_size})"
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96]  # the header's page count is kept up to date
    if counted and pages and size < pages * page_size:
        return f"cut short: {size:,} bytes of the {pages * page_size:,} its header counts"
    if size % page_size:
        return f"cut short: {size:,} bytes, not a whole number of {page_size}-byte pages"
    return None


def connect_readonly(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection that cannot write to the file; `immutable`: no locks and
    nothing created beside it (the file must not change meanwhile: a copy, a file at rest)."""
    options = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?{options}", uri=True)


def _schema_damage(path: Path) -> str | None:
    """SQLite's words if it cannot read the schema, read as it lies on disk (immutable: no
    locks, nothing created). Another process may be writing the file (its -shm is there): then
    a torn read is not damage, and the schema is read again with locks, which creates nothing
    that is not there already."""
    found = _read_schema(path, immutable=True)
    if found is not None and Path(f"{path}-shm").exists():
        found = _read_schema(path, immutable=False)
    return found


def _read_schema(path: Path, *, immutable: bool) -> str | None:
    # Only damage is said here; any other trouble (a lock, a permission) is left to the open
    # that follows, which names it.
    try:
        conn = connect_readonly(path, immutable=immutable)
    except sqlite3.Error as exc:
        return damage_of(exc)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return damage_of(exc)
    finally:
        conn.close()
    return None


def sqlite_engine(path: Path, *, mode: str = "write") -> Engine:
    """mode: 'write' (BEGIN IMMEDIATE), 'read' (deferred reads beside a writer), or 'readonly'
    (the file opened read-only: nothing can be written, not even the WAL switch)."""
    path = Path(path)
    if mode == "readonly":
        url = f"sqlite+pysqlite:///file:{path.resolve()}?mode=ro&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    engine = create_engine(url, poolclass=NullPool if mode == "readonly" else None)
    _configure_sqlite(engine, mode)
    _track(engine, path)
    return engine


# Connections this process holds to each SQLite file (by its resolved path).
_OPEN: Counter[str] = Counter()
_OPEN_LOCK = threading.Lock()


def open_here(path: Path) -> bool:
    """Whether this process holds a connection to the file."""
    with _OPEN_LOCK:
        return _OPEN[str(path.resolve())] > 0


def _track(engine: Engine, path: Path) -> None:
    key = str(path.resolve())

    @event.listens_for(engine, "connect")
    def _opened(_dbapi_conn: Any, _record: Any) -> None:
        with _OPEN_LOCK:
            _OPEN[key] += 1

    @event.listens_for(engine, "close")
    def _closed(_dbapi_conn: Any, _record: Any) -> None:
        with _OPEN_LOCK:
            _OPEN[key] -= 1

    @event.listens_for(engine, "close_detached")
    def _closed_detached(_dbapi_conn: Any) -> None:
        with _OPEN_LOCK:
            _OPEN[key] -= 1


def _configure_sqlite(engine: Engine, mode: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN is ours.
        dbapi_conn.isolation_level = None
        register_functions(dbapi_conn)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if mode != "readonly":
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        else:
            cur.execute("PRAGMA query_only = ON")
        # Readers map the file instead of copying pages into a private cache, which another
        # connection's commit throws away whole: the first page after a tick's batch would
        # otherwise read everything again.
        cur.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cur.close()

    begin = "BEGIN IMMEDIATE" if mode == "write" else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)


def register_functions(dbapi_conn: Any) -> None:
    """SQL functions the schema calls: the triggers of the case search index (migration 0004)
    compute their tokens with cc_grams, so every connection that writes cases needs it."""
    dbapi_conn.create_function("cc_grams", -1, grams, deterministic=True)


_search = table(SEARCH_INDEX, column("rowid"), column(SEARCH_INDEX))


def search_index_rowids(engine: Engine | Connection, match: str) -> Select | None:
    """The case ids whose index tokens satisfy the FTS5 query `match`; None on a database
    without the index (not SQLite), where text is found by LIKE alone."""
    if engine.dialect.name != "sqlite":
        return None
    matches = _search.c[SEARCH_INDEX].op("MATCH")(bindparam("search_match", match, unique=True))
    return select(_search.c.rowid).where(matches)


def contains_like(
    engine: Engine | Connection, col: ColumnElement[str], pattern: str
) -> ColumnElement[bool]:
    """`col LIKE pattern ESCAPE '\\'`, ASCII letters in either case on every dialect: SQLite's
    LIKE already ignores ASCII case; elsewhere ILIKE does."""
    if engine.dialect.name == "sqlite":
        return col.like(pattern, escape="\\")
    return col.ilike(pattern, escape="\\")


def sqlite_path_of(url_or_path: str | Path) -> Path | None:
    """The file of a SQLite path or sqlite:/// URL; None for another database's URL."""
    text = str(url_or_path)
    if "://" in text and not text.startswith("sqlite"):
        return None
    if text.startswith("sqlite"):
        text = text.split(":///", 1)[1]
    return Path(text)


def make_engine(url_or_path: str | Path, *, mode: str = "write") -> Engine:
    """A database URL (postgresql+psycopg://…) or a SQLite file path."""
    path = sqlite_path_of(url_or_path)
    if path is None:
        return create_engine(str(url_or_path), pool_pre_ping=True)
    return sqlite_engine(path, mode=mode)


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def tune_for_bulk(conn: Connection) -> None:
    """A file being filled before it is renamed into place needs no durability per commit, and
    a large page cache keeps the index B-trees in memory."""
    if conn.dialect.name != "sqlite":
        return
    raw = _raw(conn)
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -1000000")


def finish_bulk(conn: Connection) -> None:
    """Statistics for the query planner, and the WAL folded back into the file."""
    if conn.dialect.name == "sqlite":
        raw = _raw(conn)
        raw.execute("ANALYZE")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
