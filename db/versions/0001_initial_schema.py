"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:37:15.890254
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_changes")),
    )
    op.create_table(
        "departments",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_departments")),
    )
    op.create_table(
        "grids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("leader_code", sa.String(length=32), nullable=True),
        sa.Column("geometry", sa.Text(), nullable=True),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grids")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_grids_code_version")),
    )
    with op.batch_alter_table("grids", schema=None) as batch_op:
        batch_op.create_index("ix_grids_current_code", ["is_current", "code"], unique=False)
        batch_op.create_index("ix_grids_parent", ["parent_code"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "categories",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=16), nullable=True),
        sa.Column("time_limit", sa.Float(), nullable=True),
        sa.Column("time_unit", sa.String(length=16), nullable=True),
        sa.Column("department_code", sa.String(length=16), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("closing_condition", sa.Text(), nullable=False),
        sa.Column("taxonomy_version", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_code"],
            ["departments.code"],
            name=op.f("fk_categories_department_code_departments"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
    )
    op.create_table(
        "people",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=True),
        sa.Column("sunk_staff", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_code"],
            ["departments.code"],
            name=op.f("fk_people_department_code_departments"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_people")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("grid_code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("reporter_code", sa.String(length=32), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("handler_kind", sa.String(length=16), nullable=True),
        sa.Column("handler_person_code", sa.String(length=32), nullable=True),
        sa.Column("handler_departments", sa.String(length=200), nullable=True),
        sa.Column("duplicate_of", sa.String(length=32), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("yellow_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("rework_count", sa.Integer(), nullable=False),
        sa.Column("redispatch_count", sa.Integer(), nullable=False),
        sa.Column("extension_count", sa.Integer(), nullable=False),
        sa.Column("supervised", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"], ["categories.code"], name=op.f("fk_cases_category_code_categories")
        ),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_cases_grid_id_grids")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_cases_case_no")),
        sa.UniqueConstraint("uuid", name=op.f("uq_cases_uuid")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_category", ["category_code", "reported_at"], unique=False)
        batch_op.create_index("ix_cases_due", ["due_at"], unique=False)
        batch_op.create_index("ix_cases_grid_code", ["grid_code", "reported_at"], unique=False)
        batch_op.create_index("ix_cases_handler_person", ["handler_person_code"], unique=False)
        batch_op.create_index("ix_cases_priority", ["priority", "reported_at"], unique=False)
        batch_op.create_index("ix_cases_reported", ["reported_at"], unique=False)
        batch_op.create_index("ix_cases_source", ["source", "reported_at"], unique=False)
        batch_op.create_index("ix_cases_state_due", ["state", "due_at"], unique=False)
        batch_op.create_index("ix_cases_state_reported", ["state", "reported_at"], unique=False)

    op.create_table(
        "person_grids",
        sa.Column("person_code", sa.String(length=32), nullable=False),
        sa.Column("grid_code", sa.String(length=32), nullable=False),
        sa.Column("duty", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_code"], ["people.code"], name=op.f("fk_person_grids_person_code_people")
        ),
        sa.PrimaryKeyConstraint("person_code", "grid_code", name=op.f("pk_person_grids")),
    )
    with op.batch_alter_table("person_grids", schema=None) as batch_op:
        batch_op.create_index("ix_person_grids_grid", ["grid_code"], unique=False)

    op.create_table(
        "person_roles",
        sa.Column("person_code", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_code"], ["people.code"], name=op.f("fk_person_roles_person_code_people")
        ),
        sa.PrimaryKeyConstraint("person_code", "role", name=op.f("pk_person_roles")),
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_code", sa.String(length=32), nullable=True),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
        sa.UniqueConstraint("uuid", name=op.f("uq_case_events_uuid")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_case_at", ["case_id", "at"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["case_events.id"], name=op.f("fk_attachments_event_id_case_events")
        ),
        sa.PrimaryKeyConstraint("sha256", "event_id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index("ix_attachments_event", ["event_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["case_events.id"], name=op.f("fk_outbox_event_id_case_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )


def downgrade() -> None:
    op.drop_table("outbox")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_attachments_event")

    op.drop_table("attachments")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_case_at")

    op.drop_table("case_events")
    op.drop_table("person_roles")
    with op.batch_alter_table("person_grids", schema=None) as batch_op:
        batch_op.drop_index("ix_person_grids_grid")

    op.drop_table("person_grids")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_reported")
        batch_op.drop_index("ix_cases_state_due")
        batch_op.drop_index("ix_cases_source")
        batch_op.drop_index("ix_cases_reported")
        batch_op.drop_index("ix_cases_priority")
        batch_op.drop_index("ix_cases_handler_person")
        batch_op.drop_index("ix_cases_grid_code")
        batch_op.drop_index("ix_cases_due")
        batch_op.drop_index("ix_cases_category")

    op.drop_table("cases")
    op.drop_table("people")
    op.drop_table("categories")
    op.drop_table("settings")
    with op.batch_alter_table("grids", schema=None) as batch_op:
        batch_op.drop_index("ix_grids_parent")
        batch_op.drop_index("ix_grids_current_code")

    op.drop_table("grids")
    op.drop_table("departments")
    op.drop_table("changes")
