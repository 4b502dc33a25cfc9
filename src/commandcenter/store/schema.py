"""The database schema as SQLAlchemy Core tables. db/versions/ holds the Alembic migrations that
build it; a test compares the two so they cannot drift. The columns the district platform's
tables have too are defined once in shared_columns.py.

Timestamps are naive wall-clock times of the street office (Asia/Shanghai): one office lives in
one time zone, and the working calendar reasons in local hours."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from . import shared_columns as shared

# Named constraints: Alembic's batch mode on SQLite needs them to alter tables later.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    *shared.columns("departments", "code", "name"),
)

# One row per version of a grid: a case points at the version it was filed in (grid_id).
grids = Table(
    "grids",
    metadata,
    Column("id", Integer, primary_key=True),
    *shared.columns("grids", "code", "version", "name", "level"),
    Column("parent_code", String(32)),
    Column("leader_code", String(32)),
    Column("geometry", Text),
    *shared.columns("grids", "is_current"),
    Column("valid_from", DateTime),
    UniqueConstraint("code", "version"),
    Index("ix_grids_current_code", "is_current", "code"),
    Index("ix_grids_parent", "parent_code"),
)

people = Table(
    "people",
    metadata,
    *shared.columns("people", "code", "name"),
    Column("phone", String(20), nullable=False),
    Column("department_code", String(16), ForeignKey("departments.code")),
    Column("sunk_staff", Boolean, nullable=False),
)

person_roles = Table(
    "person_roles",
    metadata,
    Column("person_code", String(32), ForeignKey("people.code"), primary_key=True),
    Column("role", String(24), primary_key=True),
)

# duty: leader, deputy or member of the grid.
person_grids = Table(
    "person_grids",
    metadata,
    Column("person_code", String(32), ForeignKey("people.code"), primary_key=True),
    Column("grid_code", String(32), primary_key=True),
    Column("duty", String(16), nullable=False),
    Index("ix_person_grids_grid", "grid_code"),
)

categories = Table(
    "categories",
    metadata,
    *shared.columns("categories", "code", "name", "kind"),
    Column("parent_code", String(16)),
    *shared.columns("categories", "time_limit", "time_unit"),
    Column("department_code", String(16), ForeignKey("departments.code")),
    *shared.columns("categories", "priority", "closing_condition"),
    Column("taxonomy_version", String(32), nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    *shared.columns("cases", "case_no", "state"),
    Column("category_code", String(16), ForeignKey("categories.code"), nullable=False),
    *shared.columns("cases", "source", "priority"),
    Column("grid_id", Integer, ForeignKey("grids.id"), nullable=False),
    # grid_code is the grid's code, kept beside grid_id: codes nest by prefix, so a subtree is a
    # range scan.
    *shared.columns("cases", "grid_code", "description", "address", "lon", "lat", "reported_at"),
    Column("reporter_code", String(32)),
    Column("accepted_at", DateTime),
    Column("handled_at", DateTime),
    Column("closed_at", DateTime),
    *shared.columns("cases", "escalation_level"),
    Column("handler_kind", String(16)),
    Column("handler_person_code", String(32)),
    # Department codes joined by ',' (several for joint enforcement).
    Column("handler_departments", String(200)),
    Column("duplicate_of", String(32)),
    Column("stage", String(16)),
    Column("stage_started_at", DateTime),
    Column("yellow_at", DateTime),
    *shared.columns("cases", "due_at"),
    Column("rework_count", Integer, nullable=False),
    Column("redispatch_count", Integer, nullable=False),
    Column("extension_count", Integer, nullable=False),
    Column("supervised", Boolean, nullable=False),
    # "extension" or "shelve" while a request waits for approval.
    Column("pending_request", String(16)),
    # For the indicators (docs/indicators.md): period rules index these times.
    Column("dispatched_at", DateTime),
    Column("handle_due_at", DateTime),
    Column("first_handled_at", DateTime),
    Column("first_rework_at", DateTime),
    Column("ended_at", DateTime),
    Column("handling_minutes", Float),
    *shared.columns("cases", "updated_at"),
    # The platform's projection of the case (JSON, domain/projection.py): the agreed state the
    # local projection folds this workstation's unconfirmed events onto. NULL: never synced.
    Column("server_projection", Text),
    # Queue filters and sorts of SPEC §3.
    Index("ix_cases_state_due", "state", "due_at"),
    Index("ix_cases_state_reported", "state", "reported_at"),
    Index("ix_cases_grid_code", "grid_code", "reported_at"),
    Index("ix_cases_category", "category_code", "reported_at"),
    Index("ix_cases_source", "source", "reported_at"),
    Index("ix_cases_priority", "priority", "reported_at"),
    Index("ix_cases_reported", "reported_at"),
    Index("ix_cases_due", "due_at"),
    Index("ix_cases_yellow", "yellow_at"),
    Index("ix_cases_accepted", "accepted_at"),
    Index("ix_cases_handle_due", "handle_due_at"),
    Index("ix_cases_closed", "closed_at"),
    Index("ix_cases_handled", "handled_at"),
    Index("ix_cases_ended", "ended_at"),
    Index("ix_cases_handler_person", "handler_person_code"),
)

# Append-only. origin: local (recorded here, goes to the outbox), seed or pulled (never).
case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    *shared.columns("events", "type"),
    Column("from_state", String(16)),
    Column("to_state", String(16), nullable=False),
    *shared.columns("events", "at"),
    Column("actor_code", String(32)),
    *shared.columns("events", "role", "note"),
    Column("payload", Text),
    Column("origin", String(8), nullable=False),
    # Where the event stands with the district platform (migration 0006 lists the values), its
    # number on the platform's feed, and for a refused one why, with the platform's view.
    Column("status", String(12), nullable=False, server_default="settled"),
    Column("seq", Integer),
    Column("sync_reason", String(32)),
    Column("sync_message", Text),
    Column("server_case", Text),
    Index("ix_case_events_case_at", "case_id", "at"),
    Index("ix_case_events_status", "status", "case_id"),
    Index("ix_case_events_seq", "seq", unique=True),
)

attachments = Table(
    "attachments",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("event_id", Integer, ForeignKey("case_events.id"), primary_key=True),
    Column("mime", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Index("ix_attachments_event", "event_id"),
)

# Every write appends (seq, case_id) in the same transaction; the window polls it.
changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, nullable=False),
)

# Local events waiting to be pushed to the district platform ([8/10] drains it).
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("case_events.id"), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    # The event as it will be sent, frozen when it is recorded: a retry sends the same bytes'
    # meaning, whatever happens to the case meanwhile (the platform refuses a key reused with
    # another payload).
    Column("body", Text),
)

# The sync's own state: the platform's address, the feed cursor, the last sync.
sync_meta = Table(
    "sync_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Who signed in online on this workstation: a salted scrypt hash of the password lets him sign
# in here again while the platform cannot be reached.
local_accounts = Table(
    "local_accounts",
    metadata,
    *shared.columns("accounts", "username"),
    Column("person_code", String(32), nullable=False),
    Column("street", String(32)),
    *shared.columns("accounts", "password_hash"),
    Column("server", String(200), nullable=False),
    Column("signed_in_at", DateTime, nullable=False),
)

# What a clerk typed in a ledger imported from Excel ([9/10]) for the columns the system would
# otherwise work out (责任网格长, 责任单位, 整改措施, 整改时限, 备注). The ledger shows them while
# the case is as imported (its updated_at unchanged); once the case moves on, its own record wins.
ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("case_updated_at", DateTime, nullable=False),
    Column("grid_leader", String(64), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("measures", Text, nullable=False),
    Column("due_at", DateTime),
    Column("remark", Text, nullable=False),
    Column("source_file", String(255), nullable=False),
    Column("source_row", Integer, nullable=False),
    Column("imported_at", DateTime, nullable=False),
)

# The shadow tables SQLite's FTS5 keeps beside a full-text table.
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")

# The case text search index (migration 0004, SQLite only): an FTS5 table of character bigrams,
# its shadow tables and the triggers on `cases` that keep it. It is not described by `metadata`
# (SQLAlchemy has no virtual tables), so comparisons with the database leave it out.
SEARCH_INDEX = "case_search"
_SEARCH_TABLES = frozenset([SEARCH_INDEX, *(f"{SEARCH_INDEX}_{shadow}" for shadow in FTS5_SHADOWS)])


# A case with its category and grid, for the reads that show their names (the queues, the case
# panel, the escalation wall, the alerts).
CASES_WITH_NAMES = cases.join(categories, categories.c.code == cases.c.category_code).join(
    grids, grids.c.id == cases.c.grid_id
)

# Expression indexes for the queue sorts by rank (migration 0005): ORDER BY must use exactly
# these expressions, qualified by the table, for the database to read pages in index order.
PRIORITY_ORDER = ("low", "normal", "high", "urgent")
STATE_ORDER = (
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
RANK_INDEXES = ("ix_cases_priority_rank", "ix_cases_state_rank")


def rank_sql(column: str, values: tuple[str, ...]) -> str:
    """`CASE <column> WHEN '<v0>' THEN 0 … ELSE n END`, the rank a sort orders by."""
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {whens} ELSE {len(values)} END"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name` hook: everything but the search index with its shadow tables
    and the expression indexes, none of which `metadata` can describe."""
    if type_ == "table":
        return name not in _SEARCH_TABLES
    if type_ == "index":
        return name not in RANK_INDEXES
    return True
