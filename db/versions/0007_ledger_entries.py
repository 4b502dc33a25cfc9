"""Ledgers imported from Excel ([9/10]): what the clerk typed for the columns the system would
otherwise work out, kept beside the case it created.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_updated_at", sa.DateTime(), nullable=False),
        sa.Column("grid_leader", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_ledger_entries_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_ledger_entries")),
    )


def downgrade() -> None:
    op.drop_table("ledger_entries")
