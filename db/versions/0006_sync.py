"""Sync with the district platform ([8/10]): where each event stands with the platform, the
platform's own projection of each case, the frozen body of each queued event, the sync cursor,
and the accounts that signed in here online (for signing in offline).

`case_events.status`: settled (agreed history: seeded, or confirmed by the platform's feed),
unfolded (on the platform's history without moving the case), pending (local, queued), sent
(local, applied by the platform, not yet seen on its feed), conflict / rejected (refused by the
platform: listed until dismissed or re-applied), dismissed, reapplied.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), server_default="settled", nullable=False)
        )
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sync_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("sync_message", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("server_case", sa.Text(), nullable=True))
        batch_op.create_index("ix_case_events_status", ["status", "case_id"], unique=False)
        batch_op.create_index("ix_case_events_seq", ["seq"], unique=True)
    op.execute(
        "UPDATE case_events SET status = 'pending' WHERE id IN (SELECT event_id FROM outbox)"
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_projection", sa.Text(), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.Text(), nullable=True))
    op.create_table(
        "sync_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_meta")),
    )
    op.create_table(
        "local_accounts",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("person_code", sa.String(length=32), nullable=False),
        sa.Column("street", sa.String(length=32), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("server", sa.String(length=200), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_local_accounts")),
    )


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): batch mode would rebuild `cases` and lose
    # the search triggers and the expression indexes of migrations 0004 and 0005.
    op.drop_table("local_accounts")
    op.drop_table("sync_meta")
    op.execute("ALTER TABLE outbox DROP COLUMN body")
    op.execute("ALTER TABLE cases DROP COLUMN server_projection")
    op.drop_index("ix_case_events_seq", table_name="case_events")
    op.drop_index("ix_case_events_status", table_name="case_events")
    for column in ("server_case", "sync_message", "sync_reason", "seq", "status"):
        op.execute(f"ALTER TABLE case_events DROP COLUMN {column}")
