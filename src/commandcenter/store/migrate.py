"""Schema migrations with Alembic, run programmatically on open."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from .. import paths
from .errors import SchemaTooNew


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def check_revision(connection: Connection, where: str) -> str | None:
    """The database's revision; SchemaTooNew when this program does not know it."""
    rev = current_revision(connection)
    if rev is None:
        return None
    known = {s.revision for s in script_directory().walk_revisions()}
    if rev not in known:
        raise SchemaTooNew(
            f"{where}: the database schema ({rev}) is newer than this program knows "
            f"(up to {head_revision()}); update the program",
            revision=rev,
        )
    return rev


def upgrade(engine: Engine, where: str = "database") -> None:
    with engine.connect() as conn:
        rev = check_revision(conn, where)
        conn.rollback()
    if rev == head_revision():
        return
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
