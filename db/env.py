"""Alembic environment: always driven programmatically by commandcenter.store.migrate, which
passes the connection in `config.attributes`."""

from __future__ import annotations

from alembic import context

from commandcenter.store.schema import include_name, metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through commandcenter.store.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    # The search index (migration 0004) is not in metadata; autogenerate must not drop it.
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
