"""The district protocol's bodies (district/openapi.yaml) as pydantic models, shared by the
reference server (district/) and the client's sync ([8/10]). Strict: no coercion of types, no
unknown fields. Times on the wire carry their UTC offset; inside, times are the street office's
wall clock (Asia/Shanghai, naive), as everywhere else in the store."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .domain.clock import OFFICE_ZONE
from .domain.enums import CaseState, EscalationLevel, HandlerKind, Priority, Role, Source, TimeUnit
from .domain.lifecycle import EventType
from .domain.projection import Projection

LOCAL_ZONE = OFFICE_ZONE

# Limits the document states.
MAX_JSON_BODY = 1024 * 1024
MAX_BATCH = 500
MAX_ATTACHMENT = 20 * 1024 * 1024
MAX_PAGE = 1000
DEFAULT_PAGE = 500
MAX_CURSOR = 200
IMAGE_TYPES = ("image/jpeg", "image/png")
# Counts and versions a client keeps (SQLite integers are 64-bit; no case is reworked a million
# times).
MAX_COUNT = 1_000_000

SHA256_PATTERN = r"^[0-9a-f]{64}$"
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=32)]
DeptCode = Annotated[str, StringConstraints(min_length=1, max_length=16)]
Text = Annotated[str, StringConstraints(max_length=2000)]


def to_local(value: datetime) -> datetime:
    """A wire time (aware) as the office's naive wall-clock time."""
    return value.astimezone(LOCAL_ZONE).replace(tzinfo=None)


def to_wire(value: datetime | None) -> str | None:
    """A stored wall-clock time as RFC 3339 with the office's offset."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_ZONE)
    return value.isoformat()


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SignIn(Wire):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    # The workstation's own id: the platform issues it a letter for its case numbers.
    workstation: UUID | None = None


class AttachmentRef(Wire):
    sha256: Sha256
    mime: Literal["image/jpeg", "image/png"]
    size: Annotated[int, Field(ge=1, le=MAX_ATTACHMENT)]


class NewCase(Wire):
    case_no: Code
    category: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    source: Source
    priority: Priority
    grid_code: Code
    description: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    address: Annotated[str, StringConstraints(max_length=200)]
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None


class EventPayload(Wire):
    """The fields an event may carry besides its note (which ones an event needs: the domain's
    checks, domain/transitions.py)."""

    handler_kind: HandlerKind | None = None
    person: Code | None = None
    departments: Annotated[list[DeptCode], Field(max_length=10)] = []
    duplicate_of: Code | None = None
    days: Annotated[int, Field(ge=1, le=60)] | None = None
    level: Annotated[int, Field(ge=1, le=4)] | None = None
    # 受理 may correct the report's category, priority and grid.
    category: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    priority: Priority | None = None
    grid_code: Code | None = None

    def fields(self) -> dict[str, Any]:
        """The fields set, as the domain and the store keep them (enums as their values)."""
        return self.model_dump(mode="json", exclude_defaults=True)


class Event(Wire):
    uuid: UUID
    case_uuid: UUID
    type: EventType
    at: AwareDatetime
    actor: Code | None = None
    role: Role
    note: Text = ""
    payload: EventPayload = EventPayload()
    case: NewCase | None = None
    attachments: Annotated[list[AttachmentRef], Field(max_length=20)] = []

    def digest_source(self) -> str:
        """The canonical text an idempotency key is compared on: the same event sent again with
        other spacing, key order or UTC offset is the same payload."""
        data = self.model_dump(mode="json")
        data["at"] = to_local(self.at).isoformat()
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class EventBatch(Wire):
    events: Annotated[list[Event], Field(min_length=1, max_length=MAX_BATCH)]


class CaseProjection(Wire):
    """A case's whole projection (domain/projection.py) as the platform folded it: a client
    keeps it as the agreed state and folds only its own unconfirmed events on top."""

    state: CaseState
    updated_at: AwareDatetime
    accepted_at: AwareDatetime | None = None
    handled_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    escalation_level: Annotated[int, Field(ge=1, le=4)] = 1
    handler_kind: HandlerKind | None = None
    handler_person: Code | None = None
    handler_departments: Annotated[list[DeptCode], Field(max_length=10)] = []
    duplicate_of: Code | None = None
    stage: Literal["accept", "dispatch", "handle", "verify"] | None = None
    stage_started_at: AwareDatetime | None = None
    yellow_at: AwareDatetime | None = None
    due_at: AwareDatetime | None = None
    rework_count: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    redispatch_count: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    extension_count: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    supervised: bool = False
    pending_request: Literal["extension", "shelve"] | None = None
    dispatched_at: AwareDatetime | None = None
    handle_due_at: AwareDatetime | None = None
    first_handled_at: AwareDatetime | None = None
    first_rework_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    handling_minutes: Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)] | None = None

    @classmethod
    def of(cls, p: Projection) -> CaseProjection:
        values: dict[str, Any] = {}
        for f in dataclasses.fields(p):
            value = getattr(p, f.name)
            if isinstance(value, datetime):
                value = value.replace(tzinfo=LOCAL_ZONE) if value.tzinfo is None else value
            elif isinstance(value, tuple):
                value = list(value)
            elif f.name == "escalation_level":
                value = int(value)
            values[f.name] = value
        return cls(**values)

    def domain(self) -> Projection:
        """As the domain keeps it: wall-clock times of the office."""
        values: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, datetime):
                value = to_local(value)
            elif name == "handler_departments":
                value = tuple(value)
            elif name == "escalation_level":
                value = EscalationLevel(value)
            values[name] = value
        return Projection(**values)


class CaseView(BaseModel):
    """The server's view of a case (sent with a result and on the feed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_uuid: str
    case_no: str
    street: str
    grid_code: str
    category: str
    priority: Priority
    state: CaseState
    escalation_level: int
    handler_person: str | None = None
    due_at: str | None = None
    updated_at: str
    projection: CaseProjection | None = None


ResultStatus = Literal["applied", "duplicate", "conflict", "rejected"]


class EventResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uuid: str
    status: ResultStatus
    reason: str | None = None
    message: str | None = None
    case: CaseView | None = None

    def wire(self) -> dict[str, Any]:
        """As sent: absent fields left out, the case view whole (its nulls included)."""
        return {k: v for k, v in self.model_dump(mode="json").items() if v is not None}


# -- what a client reads: the feed, a session, the answers to a push --------------------------
# Parsed strictly and whole: a page with one bad change is refused as a whole.

Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Department(Wire):
    code: DeptCode
    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class Category(Wire):
    code: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    name: Name
    kind: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    parent: Annotated[str, StringConstraints(max_length=16)] | None = None
    time_limit: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] | None = None
    time_unit: TimeUnit | None = None
    department: DeptCode | None = None
    priority: Priority


class Geometry(Wire):
    """A GeoJSON Polygon or MultiPolygon (WGS-84)."""

    type: Literal["Polygon", "MultiPolygon"]
    coordinates: list[Any]


class Grid(Wire):
    code: Code
    version: Annotated[int, Field(ge=1, le=MAX_COUNT)]
    name: Name
    level: Annotated[int, Field(ge=1, le=4)]
    parent: Code | None = None
    leader: Code | None = None
    geometry: Geometry


class Person(Wire):
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    phone: Annotated[str, StringConstraints(max_length=32)] = ""
    roles: Annotated[list[Role], Field(max_length=12)]
    grids: Annotated[list[Code], Field(max_length=500)] = []
    department: DeptCode | None = None
    street: Code | None = None


class Change(Wire):
    """One committed change: exactly the body its kind names."""

    kind: Literal["event", "case", "grid", "category", "department", "person"]
    event: Event | None = None
    folded: bool | None = None
    case: CaseView | None = None
    grid: Grid | None = None
    category: Category | None = None
    department: Department | None = None
    person: Person | None = None

    @model_validator(mode="after")
    def _one_body(self) -> Change:
        bodies = [k for k in _BODIES if getattr(self, k) is not None]
        if bodies != [self.kind]:
            raise ValueError(f"a '{self.kind}' change carries its own body only, not {bodies}")
        if (self.folded is not None) != (self.kind == "event"):
            raise ValueError("`folded` comes with an event, and only with one")
        if self.case is not None and self.case.projection is None:
            raise ValueError("a case on the feed carries its projection")
        return self


_BODIES = ("event", "case", "grid", "category", "department", "person")


class ChangePage(Wire):
    changes: Annotated[list[Change], Field(max_length=MAX_PAGE)]
    next: Annotated[str, StringConstraints(min_length=1, max_length=MAX_CURSOR)]
    more: bool


class Numbering(Wire):
    """How a workstation numbers the cases it files: {prefix}{yyyymmdd}{letter}{nnn}."""

    letter: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")] | None = None
    prefixes: Annotated[
        dict[Code, Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,8}$")]],
        Field(max_length=1000),
    ] = {}


class Session(Wire):
    token: Annotated[str, StringConstraints(min_length=16, max_length=200)]
    expires_at: AwareDatetime
    person: Person
    numbering: Numbering = Numbering()


class EventResults(Wire):
    results: Annotated[list[EventResult], Field(max_length=MAX_BATCH)]


class ErrorBody(BaseModel):
    """An `Error` as the platform sends it (read leniently: it is only shown)."""

    model_config = ConfigDict(extra="ignore")

    reason: Annotated[str, StringConstraints(max_length=64)]
    message: Annotated[str, StringConstraints(max_length=2000)]
