"""Persistence: SQLAlchemy schema, engine set-up, migrations, repositories returning domain
objects, the content-addressed blob store. No Qt."""
