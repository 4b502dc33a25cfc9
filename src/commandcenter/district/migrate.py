"""The district platform's schema under Alembic (db/platform/): created on an empty database,
upgraded by `commandcenter-platform --db URL --migrate`, refused by the server when older than
this program with a one-line hint to migrate. A database created before the platform had
migrations (its tables, platform_meta's schema_version 1, no alembic_version) holds the
revision p0001's schema and is stamped with it before it is upgraded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, select, text

from .. import paths
from . import schema as t

if TYPE_CHECKING:
    from alembic.config import Config

HEAD = "p0004"  # the newest revision in db/platform/versions (a test holds the two together)
BASELINE = "p0001"  # the schema of a database made before migrations, which it is stamped with
LANDED = "from before migrations"  # such a database's revision until it is stamped


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.platform_migrations()))
    cfg.attributes["connection"] = connection
    return cfg


def revision(conn: Connection) -> str | None:
    """The database's revision: alembic's, LANDED for a database made before migrations (the
    server refuses it until `--migrate` stamps it), None for an empty one. Raises ValueError for
    a database that is not the platform's."""
    names = set(inspect(conn).get_table_names())
    if not names:
        return None
    if {t.meta.name, t.feed_head.name} <= names:
        if "alembic_version" in names:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        version = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "schema_version"))
        if version == "1":
            return LANDED
    others = ", ".join(sorted(names - set(t.metadata.tables))[:5])
    raise ValueError(f"holds other tables ({others}) and is not a district platform database")


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Creates the schema on an empty database or upgrades it to HEAD; (from, to)."""
    from alembic import command

    with engine.begin() as conn:
        before = revision(conn)
        if before not in (None, LANDED) and before not in known_revisions():
            raise ValueError(f"its schema ({before}) is newer than this program knows ({HEAD})")
        cfg = alembic_config(conn)
        if before == LANDED:
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")
    return before, HEAD
