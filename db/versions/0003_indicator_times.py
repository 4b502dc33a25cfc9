"""Times the indicators' period rules need (docs/indicators.md): first dispatch, the handling
deadline H, first handling report, first rework, end, working minutes to handle; indexed for
period range scans.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("dispatched_at", "handle_due_at", "first_handled_at", "first_rework_at", "ended_at")
INDEXES = {
    "ix_cases_accepted": "accepted_at",
    "ix_cases_handle_due": "handle_due_at",
    "ix_cases_closed": "closed_at",
    "ix_cases_handled": "handled_at",
    "ix_cases_ended": "ended_at",
}


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("handling_minutes", sa.Float(), nullable=True))
        for index, column in INDEXES.items():
            batch_op.create_index(index, [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for index in INDEXES:
            batch_op.drop_index(index)
        batch_op.drop_column("handling_minutes")
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
