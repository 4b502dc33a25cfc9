"""The district platform's tables: SQLAlchemy Core, portable between SQLite and PostgreSQL. The
server creates them on an empty database (district/database.py). The columns the client's
tables have too are defined once in store/shared_columns.py.

Every write that others must see appends rows to `changes` with the next number of the single
`feed_head` row, which the writing transaction holds locked until it commits: numbers are
handed out in commit order, so a reader that saw change n has already seen every change before
it. Times are the street office's wall clock (Asia/Shanghai), naive, as in the client store."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ..store import shared_columns as shared

SCHEMA_VERSION = "1"

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# schema_version; epoch: a random id of this database, inside every cursor it hands out.
meta = Table(
    "platform_meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

feed_head = Table(
    "feed_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    *shared.columns("departments", "code", "name"),
)

categories = Table(
    "categories",
    metadata,
    *shared.columns("categories", "code", "name", "kind"),
    Column("parent", String(16)),
    *shared.columns("categories", "time_limit", "time_unit"),
    Column("department", String(16)),
    *shared.columns("categories", "priority", "closing_condition"),
)

# Every version of a grid; `street` is its level-1 ancestor (the street office it belongs to).
grids = Table(
    "grids",
    metadata,
    *shared.columns("grids", "code", "version", "name", "level"),
    Column("parent", String(32)),
    Column("leader", String(32)),
    Column("street", String(32), nullable=False),
    Column("geometry", Text, nullable=False),
    *shared.columns("grids", "is_current"),
    PrimaryKeyConstraint("code", "version"),
    Index("ix_grids_current", "is_current", "code"),
)

# The people of the district; roles and grids as JSON lists. street: NULL at the district.
people = Table(
    "people",
    metadata,
    *shared.columns("people", "code", "name"),
    Column("phone", String(32), nullable=False),
    Column("roles", Text, nullable=False),
    Column("grids", Text, nullable=False),
    Column("department", String(16)),
    Column("street", String(32)),
)

# Sign-in names with salted password hashes (store/passwords.py), each acting as one person.
accounts = Table(
    "accounts",
    metadata,
    *shared.columns("accounts", "username"),
    Column("person", String(32), nullable=False),
    *shared.columns("accounts", "password_hash"),
)

# Only a token's SHA-256 is kept: a copy of the database signs no one in.
tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Index("ix_tokens_expires", "expires_at"),
)

# Failed sign-ins of the last 15 minutes, by the user name typed and by the client's address
# (district/throttle.py): in the database, so that several server processes hold back together.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # account or address
    Column("key", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_sign_in_failures_key", "kind", "key", "at"),
)

# The projection of each case: the columns the server checks and shows, and the whole of it as
# JSON (district/cases.py) to carry on from.
cases = Table(
    "cases",
    metadata,
    Column("uuid", String(36), primary_key=True),
    *shared.columns("cases", "case_no"),
    Column("street", String(32), nullable=False),
    *shared.columns("cases", "grid_code"),
    Column("category", String(16), nullable=False),
    *shared.columns(
        "cases", "source", "priority", "description", "address", "lon", "lat", "reported_at"
    ),
    Column("reporter", String(32)),
    *shared.columns("cases", "state", "escalation_level"),
    Column("handler_person", String(32)),
    *shared.columns("cases", "due_at", "updated_at"),
    Column("projection", Text, nullable=False),
    Index("ix_cases_street_state", "street", "state"),
)

# Append-only, in commit order (seq). folded: whether the event moved the projection (a
# supervision note on a case closed meanwhile is kept, as a union, without moving it).
events = Table(
    "events",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("case_uuid", String(36), nullable=False),
    *shared.columns("events", "type", "at"),
    Column("actor", String(32)),
    *shared.columns("events", "role", "note"),
    Column("payload", Text, nullable=False),
    Column("attachments", Text, nullable=False),
    Column("folded", Boolean, nullable=False),
    Column("received_at", DateTime, nullable=False),
    Index("ix_events_case", "case_uuid", "seq"),
)

# The change feed. street: who may read it (NULL: every account). body: the `Change` as JSON.
changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("street", String(32)),
    Column("kind", String(16), nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_changes_street_seq", "street", "seq"),
)

# The idempotency store: an event's uuid, the digest of what was sent, the answer given.
idempotency = Table(
    "idempotency",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("result", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("mime", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# Which street offices may read an attachment: those that uploaded it and those whose cases'
# events refer to it (district/attachments.py). The district reads every one.
blob_streets = Table(
    "blob_streets",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("street", String(32), primary_key=True),
)

# Case numbers ([12/20] 6): each street office's prefix (SD for 商都路办事处). A number filed in
# a street begins with its prefix: {prefix}{yyyymmdd}{workstation letter}{nnn} from a
# workstation, {prefix}{yyyymmdd}{nnnn} for the platform's own (district/numbering.py).
case_prefixes = Table(
    "case_prefixes",
    metadata,
    Column("street", String(32), primary_key=True),
    Column("prefix", String(8), nullable=False, unique=True),
)

# The letter each workstation numbers its cases with, issued at its first online sign-in.
# office: the street it serves ("" for the district's). Within a street no two workstations
# share a letter, and a district workstation's letter is no street workstation's.
workstations = Table(
    "workstations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("office", String(32), nullable=False),
    Column("letter", String(1), nullable=False),
    Column("username", String(64), nullable=False),
    Column("issued_at", DateTime, nullable=False),
    UniqueConstraint("office", "letter"),
)

# A resumable upload in progress: the bytes so far (received = len(data)).
uploads = Table(
    "uploads",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("mime", String(32), nullable=False),
    Column("total", Integer, nullable=False),
    Column("received", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
