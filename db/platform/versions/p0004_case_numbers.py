"""Case numbers a street owns ([12/20] 6): each street office's prefix, and the letter each
workstation numbers its cases with. A street's prefix is read from the numbers its cases carry
already (the leading letters most of them share), or S + the last three digits of its code where
it has none or another street holds those letters.

Revision ID: p0004
Revises: p0003
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import sqlalchemy as sa
from alembic import op

revision = "p0004"
down_revision = "p0003"
branch_labels = None
depends_on = None

_LEADING = re.compile(r"[A-Z]{1,8}")


def upgrade() -> None:
    op.create_table(
        "case_prefixes",
        sa.Column("street", sa.String(length=32), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("street", name=op.f("pk_case_prefixes")),
        sa.UniqueConstraint("prefix", name=op.f("uq_case_prefixes_prefix")),
    )
    op.create_table(
        "workstations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("office", sa.String(length=32), nullable=False),
        sa.Column("letter", sa.String(length=1), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workstations")),
        sa.UniqueConstraint("office", "letter", name=op.f("uq_workstations_office_letter")),
    )
    conn = op.get_bind()
    streets = sorted(
        s for (s,) in conn.execute(sa.text("SELECT DISTINCT street FROM grids WHERE level = 1"))
    )
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for street, number in conn.execute(sa.text("SELECT street, case_no FROM cases")):
        found = _LEADING.match(number or "")
        if found:
            seen[street][found.group()] += 1
    taken: set[str] = set()
    rows = []
    for street in streets:
        ranked = [p for p, _n in seen[street].most_common() if p not in taken]
        prefix = ranked[0] if ranked else f"S{street[-3:]}"
        while prefix in taken:  # two streets whose codes end alike
            prefix = f"S{street[-3:]}{len(taken)}"
        taken.add(prefix)
        rows.append({"street": street, "prefix": prefix})
    table = sa.table("case_prefixes", sa.column("street"), sa.column("prefix"))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("workstations")
    op.drop_table("case_prefixes")
