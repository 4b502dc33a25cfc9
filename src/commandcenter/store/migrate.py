"""Schema migrations with Alembic, run programmatically on open.

Alembic (with Mako and Pygments) takes a quarter of a second to import and reads every migration
file; a database already at HEAD, which is every open but the first after an update, is told by
one query and never imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from .. import paths
from .errors import SchemaTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest revision in db/versions (a test holds the two together).
HEAD = "0007"


def stored_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, read without Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def check_revision(connection: Connection, where: str) -> str | None:
    """The database's revision; SchemaTooNew when this program does not know it."""
    rev = stored_revision(connection)
    if rev is None or rev == HEAD:
        return rev
    known = {s.revision for s in script_directory().walk_revisions()}
    if rev not in known:
        raise SchemaTooNew(
            f"{where}: the database schema ({rev}) is newer than this program knows "
            f"(up to {head_revision()}); update the program",
            revision=rev,
        )
    return rev


def pending_upgrade(engine: Engine, where: str = "database") -> bool:
    """Whether the database holds an older schema that `upgrade` would migrate (a new, empty
    one is created, not migrated)."""
    with engine.connect() as conn:
        rev = check_revision(conn, where)
        conn.rollback()
    return rev is not None and rev != HEAD


def upgrade(engine: Engine, where: str = "database") -> None:
    with engine.connect() as conn:
        rev = check_revision(conn, where)
        conn.rollback()
    if rev == HEAD:
        return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
