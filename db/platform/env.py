"""Alembic environment of the district platform's database (SQLite or PostgreSQL): always driven
programmatically by commandcenter.district.migrate, which passes the connection in
`config.attributes`."""

from __future__ import annotations

from alembic import context

from commandcenter.district.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the platform's migrations through commandcenter.district.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
