"""Alembic environment: always driven programmatically by commandcenter.store.migrate, which
passes the connection in `config.attributes`."""

from __future__ import annotations

from alembic import context

from commandcenter.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through commandcenter.store.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
