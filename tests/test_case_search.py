"""The case text search index (migration 0004): what the FTS5 table itself holds after seeding,
after the migration's backfill and after each kind of write, compared with the tokens computed
in Python for every row; and the schema comparison that leaves the index out."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from commandcenter.store import schema as t
from commandcenter.store.database import open_database
from commandcenter.store.migrate import alembic_config
from commandcenter.store.schema import include_name, metadata
from commandcenter.store.text_search import (
    MAX_MATCH_GRAMS,
    grams,
    like_pattern,
    match_expression,
)

GRAMS = ["占道", "小区", "SD", "11", "号楼"]


def index_rows(path: Path, gram: str) -> set[int]:
    """The rows the index itself lists for one bigram (no LIKE check after it)."""
    with sqlite3.connect(path) as conn:
        query = "SELECT rowid FROM case_search WHERE case_search MATCH ?"
        return {r[0] for r in conn.execute(query, (f'"{gram}"',))}


def rows_with_gram(path: Path, gram: str) -> set[int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id, case_no, description, address FROM cases").fetchall()
    return {r[0] for r in rows if gram in grams(*r[1:]).split()}


@pytest.fixture(scope="module")
def seeded(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "street.db"
    shutil.copyfile(template_db, path)
    return path


def test_grams_are_the_bigrams_of_letter_and_digit_runs() -> None:
    assert grams("占道经营", None, "") == "占道 道经 经营"
    assert grams("SD2026", "门头、招牌 x") == "SD D2 20 02 26 门头 招牌"
    assert grams("占道占道") == "占道 道占"  # each once
    assert grams("道", "，", "%_\\'\"") == ""


def test_match_expression_is_only_quoted_bigrams() -> None:
    assert match_expression(["占道经营"]) == '"占道" AND "道经" AND "经营"'
    assert (
        match_expression(["NEAR(占道", "OR", "*"]) == '"NE" AND "EA" AND "AR" AND "占道" AND "OR"'
    )
    assert match_expression(["道", "%", '"', "\x00"]) is None
    assert match_expression(["占道" * 500]) == '"占道" AND "道占"'
    many = match_expression(["一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"])
    assert many is not None and many.count(" AND ") == MAX_MATCH_GRAMS - 1


def test_like_pattern_makes_every_character_literal() -> None:
    assert like_pattern("5%_a\\b") == "%5\\%\\_a\\\\b%"


@pytest.mark.parametrize("gram", GRAMS)
def test_the_seeders_bulk_insert_fills_the_index(seeded: Path, gram: str) -> None:
    expected = rows_with_gram(seeded, gram)
    assert expected
    assert index_rows(seeded, gram) == expected


def test_the_migration_backfills_existing_cases(street_db: Path) -> None:
    db = open_database(street_db)
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    db.dispose()
    with sqlite3.connect(street_db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        # At 0003 a plain connection may write cases: there are no triggers calling cc_grams.
        conn.execute("UPDATE cases SET description = '翡翠巷积水' WHERE id = 7")
    assert not any("search" in name for name in names)
    open_database(street_db).dispose()  # upgrades again
    for gram in [*GRAMS, "翡翠"]:
        assert index_rows(street_db, gram) == rows_with_gram(street_db, gram)
    assert index_rows(street_db, "翡翠") == {7}


def test_triggers_follow_inserts_updates_and_deletes(street_db: Path) -> None:
    db = open_database(street_db)
    cases = t.cases
    try:
        with db.engine.begin() as conn:
            row = dict(conn.execute(select(cases).where(cases.c.id == 11)).one()._mapping)
            row.update(id=None, uuid="u-new", case_no="SD209912310001")
            row.update(description="翡翠巷口有摊贩", address="翡翠巷17号")
            new_id = conn.execute(cases.insert().values(**row)).inserted_primary_key[0]
        assert index_rows(street_db, "翡翠") == {new_id}
        assert new_id in index_rows(street_db, "99")
        with db.engine.begin() as conn:
            conn.execute(cases.update().where(cases.c.id == new_id).values(description="玛瑙巷"))
        assert index_rows(street_db, "玛瑙") == {new_id}
        assert index_rows(street_db, "巷口") == set()
        assert index_rows(street_db, "翡翠") == {new_id}  # still in the address
        with db.engine.begin() as conn:
            conn.execute(cases.update().where(cases.c.id == new_id).values(address="别处"))
            conn.execute(cases.update().where(cases.c.id == 11).values(state="closed"))
        assert index_rows(street_db, "翡翠") == set()
        with db.engine.begin() as conn:
            conn.execute(cases.delete().where(cases.c.id == new_id))
        for gram in ["玛瑙", "别处", "99", *GRAMS]:
            assert index_rows(street_db, gram) == rows_with_gram(street_db, gram)
        with sqlite3.connect(street_db) as conn:
            conn.execute("INSERT INTO case_search (case_search) VALUES ('integrity-check')")
    finally:
        db.dispose()


@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_the_drift_check_leaves_out_only_the_search_index(tmp_path: Path) -> None:
    db = open_database(tmp_path / "drift.db")
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE cases ADD COLUMN stray TEXT")
            conn.exec_driver_sql("CREATE TABLE case_search_notes (x INTEGER)")
        with db.engine.connect() as conn:
            opts = {"compare_type": True, "include_name": include_name}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
    finally:
        db.dispose()
    found = sorted(
        (d[0], d[3].name) if d[0] == "remove_column" else (d[0], d[1].name) for d in diff
    )
    assert found == [("remove_column", "stray"), ("remove_table", "case_search_notes")]
