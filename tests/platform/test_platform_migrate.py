"""[12/20] 8: the platform's schema under Alembic, on SQLite and PostgreSQL. The migrations build
exactly the tables the server declares; a database of the schema that landed before migrations,
filled by the suite, is refused by the server with a one-line hint, upgraded by `--migrate`
with nothing of it changed, then served: the feed and the cases as before."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from harness import free_port, new_uuid, run_platform, sa_url, start_platform
from sqlalchemy import create_engine, inspect, select, text

from commandcenter.demo.streets import STREETS
from commandcenter.district import schema as t
from commandcenter.district.migrate import BASELINE, HEAD, alembic_config, known_revisions


def _digest(url: str, names: set[str]) -> dict[str, str]:
    """Every row of these tables, digested per table in key order."""
    engine = create_engine(sa_url(url))
    try:
        with engine.connect() as conn:
            out = {}
            for table in t.metadata.sorted_tables:
                if table.name not in names:
                    continue
                key = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(select(table).order_by(*key)).all()
                out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
            return out
    finally:
        engine.dispose()


def test_the_newest_revision_is_head() -> None:
    assert HEAD in known_revisions()


def test_the_migrations_build_the_tables_the_server_declares(empty_db: str) -> None:
    done = run_platform("--db", empty_db, "--migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f": empty -> {HEAD}")
    engine = create_engine(sa_url(empty_db))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, t.metadata) == []
            assert context.get_current_revision() == HEAD
            assert conn.scalar(select(t.feed_head.c.seq)) == 0
    finally:
        engine.dispose()
    again = run_platform("--db", empty_db, "--migrate")  # a second time changes nothing
    assert again.returncode == 0 and again.stdout.strip().endswith(f": {HEAD} -> {HEAD}")


def test_a_database_of_the_landed_schema_is_refused_migrated_and_served_as_before(
    platform_db: str, tmp_path: Path
) -> None:
    engine = create_engine(sa_url(platform_db))
    try:
        with engine.begin() as conn:  # as the platform made it before it had migrations
            command.downgrade(alembic_config(conn), BASELINE)
            conn.execute(text("DROP TABLE alembic_version"))
            landed = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    before = _digest(platform_db, landed)
    refused = run_platform("--db", platform_db, "--port", str(free_port()))
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "dates from before migrations" in lines[0], refused.stderr
    assert lines[0].endswith(f"run commandcenter-platform --db {platform_db} --migrate")
    done = run_platform("--db", platform_db, "--migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"from before migrations -> {HEAD}")
    after = _digest(platform_db, landed)
    assert after == before  # the record untouched: stamped and upgraded, not rebuilt
    engine = create_engine(sa_url(platform_db))
    try:
        with engine.connect() as conn:
            assert "alembic_version" in inspect(conn).get_table_names()
            changes = conn.scalar(text("SELECT count(*) FROM changes"))
            streets = conn.execute(text("SELECT DISTINCT street FROM cases")).scalars().all()
            prefixes = dict(conn.execute(text("SELECT street, prefix FROM case_prefixes")).all())
    finally:
        engine.dispose()
    # Each street's prefix read from the numbers its cases carry (SD20261123…: SD).
    assert prefixes == {s.code: s.abbrev for s in STREETS if s.code in prefixes}
    assert set(streets) <= set(prefixes)
    platform = start_platform(platform_db, tmp_path)
    try:
        district = platform.client("zhengdong-district")
        got, _cursor = district.drain()
        assert len(got) == changes  # the district sees every change, once, in order
        assert {c["case"]["street"] for c in got if c["kind"] == "case"} == set(streets)
        signed = district.post(
            "/api/v1/sessions",
            json={"username": "shangdu-duty", "password": "demo", "workstation": new_uuid()},
        )
        assert signed.status_code == 201, signed.text
        assert signed.json()["numbering"] == {"letter": "A", "prefixes": {"410171001": "SD"}}
    finally:
        platform.stop()
    assert "Traceback" not in platform.output(), platform.output()
