"""Which street offices may read an attachment ([12/20] 5): those whose cases' events refer to it,
filled here from the events already kept, and those that upload it from now on.

Revision ID: p0003
Revises: p0002
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "p0003"
down_revision = "p0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blob_streets",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("street", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "street", name=op.f("pk_blob_streets")),
    )
    conn = op.get_bind()
    referred = conn.execute(
        sa.text(
            "SELECT DISTINCT e.attachments, c.street FROM events e"
            " JOIN cases c ON c.uuid = e.case_uuid WHERE e.attachments <> '[]'"
        )
    )
    pairs = {(a["sha256"], street) for text, street in referred for a in json.loads(text)}
    rows = [{"sha256": sha, "street": street} for sha, street in sorted(pairs)]
    table = sa.table("blob_streets", sa.column("sha256"), sa.column("street"))
    for i in range(0, len(rows), 2000):
        op.bulk_insert(table, rows[i : i + 2000])


def downgrade() -> None:
    op.drop_table("blob_streets")
