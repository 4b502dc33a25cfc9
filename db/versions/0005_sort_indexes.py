"""Indexes for the queue sorts by priority and by state (SPEC §3): both sort by a rank (low →
urgent, lifecycle order), which a plain index on the stored string cannot give, so sorting the
whole district by priority took seconds. Expression indexes on the rank and the case id let the
database read a page in index order. The expressions must stay identical to the ones
store/queues.py orders by (store/schema.py `rank_sql`); a test checks the query plan uses them.
They are not in `metadata` (SQLAlchemy cannot reflect expression indexes); comparisons leave
them out by name.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PRIORITIES = ("low", "normal", "high", "urgent")
STATES = (
    "reported",
    "accepted",
    "dispatched",
    "handled",
    "escalated",
    "closed",
    "rejected",
    "voided",
    "shelved",
)


def _rank(column: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {whens} ELSE {len(values)} END"


INDEXES = {
    "ix_cases_priority_rank": _rank("priority", PRIORITIES),
    "ix_cases_state_rank": _rank("state", STATES),
}


def upgrade() -> None:
    for name, expression in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON cases (({expression}), id)")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
