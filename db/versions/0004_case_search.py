"""Case text search index (SQLite): an FTS5 table of the character bigrams of each case's number,
description and address (commandcenter.store.text_search), kept by triggers on `cases`.

Contentless (content=''): the bigrams are not stored twice, only indexed. detail=none: the search
ANDs bigrams and checks candidates with LIKE, so positions are not needed. columnsize=0: no
ranking. A contentless table deletes a row by being given its old tokens, which the triggers
recompute with cc_grams from the old values; cc_grams must therefore never change without a
migration that rebuilds the index. Other dialects get nothing: the repository uses LIKE there.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from commandcenter.store.sqlite import register_functions

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GRAMS_NEW = "cc_grams(new.case_no, new.description, new.address)"
GRAMS_OLD = "cc_grams(old.case_no, old.description, old.address)"
INSERT_NEW = f"INSERT INTO case_search (rowid, grams) VALUES (new.id, {GRAMS_NEW});"
DELETE_OLD = (
    f"INSERT INTO case_search (case_search, rowid, grams) VALUES ('delete', old.id, {GRAMS_OLD});"
)

CREATE = (
    "CREATE VIRTUAL TABLE case_search USING fts5("
    "grams, content='', tokenize='ascii', detail=none, columnsize=0)",
    f"CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN {INSERT_NEW} END",
    f"CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN {DELETE_OLD} END",
    "CREATE TRIGGER cases_search_update AFTER UPDATE OF case_no, description, address ON cases "
    f"BEGIN {DELETE_OLD} {INSERT_NEW} END",
)
BACKFILL = (
    "INSERT INTO case_search (rowid, grams) "
    "SELECT id, cc_grams(case_no, description, address) FROM cases"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # The engine registers cc_grams on connect; a connection made elsewhere may not have.
    register_functions(bind.connection.dbapi_connection)
    for statement in CREATE:
        op.execute(statement)
    op.execute(BACKFILL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("cases_search_update", "cases_search_delete", "cases_search_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS case_search")
