"""Opening a local database: refuse what is not ours, migrate what is, and hand out engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from .. import paths
from .backup import make_backup
from .blobs import BlobStore
from .migrate import HEAD, check_revision, pending_upgrade, upgrade
from .sqlite import check_sqlite_file, make_engine


@dataclass
class Database:
    path: Path
    engine: Engine
    blobs: BlobStore
    readonly: bool = False
    _reader: Engine | None = field(default=None, repr=False)

    def read_engine(self) -> Engine:
        """The engine for readers beside the writer (WAL lets them run concurrently): one per
        database, closed with it."""
        if self.readonly:
            return self.engine
        if self._reader is None:
            self._reader = make_engine(self.path, mode="read")
        return self._reader

    def dispose(self) -> None:
        """Closes every connection to the file. Readers left open after their window closed
        kept the file mapped and its WAL index shared with the next window on it."""
        if self._reader is not None:
            self._reader.dispose()
            self._reader = None
        self.engine.dispose()


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (and migrate) a database for writing; create it when `create` and it is missing."""
    path = Path(path)
    check_sqlite_file(path, must_exist=not create)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path, mode="write")
    try:
        if existed and pending_upgrade(engine, str(path)):
            make_backup(path)  # before every migration: the office's record as it was
        upgrade(engine, where=str(path))
    except Exception:
        engine.dispose()
        raise
    return Database(path=path, engine=engine, blobs=BlobStore(paths.blob_dir_for(path)))


def open_readonly(path: Path | str) -> Database:
    """Open an existing database without writing anything to it (screenshots, info)."""
    path = Path(path)
    check_sqlite_file(path, must_exist=True)
    engine = make_engine(path, mode="readonly")
    try:
        with engine.connect() as conn:
            rev = check_revision(conn, str(path))
        if rev != HEAD:
            from .errors import DatabaseError

            raise DatabaseError(
                f"{path}: the database schema ({rev or 'none'}) needs migrating; "
                "open it once for writing",
                revision=rev,
            )
    except Exception:
        engine.dispose()
        raise
    return Database(
        path=path, engine=engine, blobs=BlobStore(paths.blob_dir_for(path)), readonly=True
    )
