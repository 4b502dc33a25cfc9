"""Domain records. Frozen values: they cross threads and layers safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .enums import (
    CaseState,
    CategoryKind,
    EscalationLevel,
    HandlerKind,
    Priority,
    Role,
    Source,
    TimeUnit,
)
from .lifecycle import EventType

GRID_LEVEL_NAMES = {1: "一级网格", 2: "二级网格", 3: "三级网格", 4: "四级网格"}


@dataclass(frozen=True, slots=True)
class Grid:
    code: str
    name: str
    level: int
    parent: str | None
    # GeoJSON geometry (WGS-84) as a mapping; geo/ turns it into shapely.
    geometry: dict | None
    leader: str | None = None
    version: int = 1
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Person:
    code: str
    name: str
    phone: str
    roles: frozenset[Role]
    grids: tuple[str, ...] = ()
    department: str | None = None
    sunk_staff: bool = False


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    kind: CategoryKind
    parent: str | None
    time_limit: float | None
    time_unit: TimeUnit | None
    department: str | None
    priority: Priority
    closing_condition: str

    @property
    def is_group(self) -> bool:
        return self.time_limit is None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: str
    name: str
    departments: tuple[Department, ...]
    categories: tuple[Category, ...]

    def category(self, code: str) -> Category:
        for c in self.categories:
            if c.code == code:
                return c
        raise KeyError(code)

    def leaves(self) -> list[Category]:
        return [c for c in self.categories if not c.is_group]


@dataclass(frozen=True, slots=True)
class Attachment:
    sha256: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class CaseEvent:
    uuid: str
    case_id: int
    type: EventType
    at: datetime
    actor: str | None
    role: Role
    from_state: CaseState | None
    to_state: CaseState
    note: str = ""
    payload: dict = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    case_no: str
    state: CaseState
    category: str
    source: Source
    priority: Priority
    grid_code: str
    grid_version: int
    description: str
    address: str
    lon: float | None
    lat: float | None
    reported_at: datetime
    reporter: str | None
    escalation_level: EscalationLevel = EscalationLevel.GRID
    handler_kind: HandlerKind | None = None
    handler_person: str | None = None
    handler_departments: tuple[str, ...] = ()
    accepted_at: datetime | None = None
    closed_at: datetime | None = None
    due_at: datetime | None = None
    yellow_at: datetime | None = None
    rework_count: int = 0
    redispatch_count: int = 0
    extension_count: int = 0
    supervised: bool = False
    duplicate_of: str | None = None
