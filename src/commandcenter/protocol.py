"""The district protocol's bodies (district/openapi.yaml) as pydantic models, shared by the
reference server (district/) and the client's sync ([8/10]). Strict: no coercion of types, no
unknown fields. Times on the wire carry their UTC offset; inside, times are the street office's
wall clock (Asia/Shanghai, naive), as everywhere else in the store."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from .domain.enums import CaseState, HandlerKind, Priority, Role, Source
from .domain.lifecycle import EventType

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

# Limits the document states.
MAX_JSON_BODY = 1024 * 1024
MAX_BATCH = 500
MAX_ATTACHMENT = 20 * 1024 * 1024
MAX_PAGE = 1000
DEFAULT_PAGE = 500
MAX_CURSOR = 200
IMAGE_TYPES = ("image/jpeg", "image/png")

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
    checks, domain/engine.py)."""

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


class CaseView(BaseModel):
    """The server's view of a case (sent with a result and on the feed)."""

    model_config = ConfigDict(extra="forbid")

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
