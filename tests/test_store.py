"""Schema, migrations and opening databases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from commandcenter.store.blobs import BlobStore
from commandcenter.store.database import open_database, open_readonly
from commandcenter.store.errors import NotADatabase, SchemaTooNew
from commandcenter.store.migrate import HEAD, head_revision
from commandcenter.store.schema import include_name, metadata


# SQLAlchemy cannot reflect the expression indexes of migration 0005; the queue tests check
# through the query plan that they exist and are used.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_migration_builds_the_schema_from_empty_without_drift(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert set(metadata.tables) <= tables
            opts = {"compare_type": True, "include_name": include_name}
            ctx = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(ctx, metadata)
            assert diff == [], diff
            assert ctx.get_current_revision() == head_revision()
    finally:
        db.dispose()


def test_head_constant_is_the_newest_migration() -> None:
    assert head_revision() == HEAD


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    open_database(tmp_path / "a.db").dispose()
    code = (
        "import sys\n"
        "from commandcenter.store.database import open_database\n"
        f"open_database({str(tmp_path / 'a.db')!r}).dispose()\n"
        "assert 'alembic' not in sys.modules, 'alembic imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_sqlite_settings(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        db.dispose()


def test_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n")
    with pytest.raises(NotADatabase, match="not a SQLite database"):
        open_database(path)
    assert path.read_text() == "shopping list\n"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer than this program"):
        open_database(path)
    with pytest.raises(SchemaTooNew):
        open_readonly(path)
    assert path.read_bytes() == before


def test_blob_store_is_content_addressed(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    digest = store.put(b"photo")
    assert store.put(b"photo") == digest
    assert store.path_for(digest) == tmp_path / "blobs" / digest[:2] / digest
    assert store.get(digest) == b"photo"
    with pytest.raises(ValueError):
        store.path_for("../etc/passwd")


def test_bulk_insert_takes_columns_in_the_callers_order(tmp_path: Path) -> None:
    from sqlalchemy import select

    from commandcenter.store import schema as t
    from commandcenter.store.bulk import BulkInserter

    db = open_database(tmp_path / "new.db")
    try:
        with db.engine.begin() as conn:
            BulkInserter(conn).insert(t.departments, ("name", "code"), [("城管执法局", "CGZF")])
        with db.engine.connect() as conn:
            assert conn.execute(select(t.departments)).all() == [("CGZF", "城管执法局")]
    finally:
        db.dispose()
