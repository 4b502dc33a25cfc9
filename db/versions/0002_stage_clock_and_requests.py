"""Stage clock and pending requests: what the lifecycle engine needs to move deadlines on an
extension and to pair approvals with requests; an index for cases turning yellow.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage_started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("pending_request", sa.String(length=16), nullable=True))
        batch_op.create_index("ix_cases_yellow", ["yellow_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_yellow")
        batch_op.drop_column("pending_request")
        batch_op.drop_column("stage_started_at")
