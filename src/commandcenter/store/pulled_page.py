"""What a page of the district platform's feed holds, in the store's terms: sync/convert.py
builds it from the protocol's page, store/feed_pages.py writes it, and the sync store reports
what was written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.lifecycle import EventType
from ..domain.projection import Projection


@dataclass(frozen=True, slots=True)
class PulledEvent:
    uuid: str
    case_uuid: str
    type: EventType
    at: datetime
    actor: str | None
    role: str
    note: str
    payload: Mapping[str, Any]
    attachments: Sequence[tuple[str, str, int]]
    folded: bool
    # With a report: the case it files (case_no, category, source, priority, grid_code,
    # description, address, lon, lat).
    case: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class PulledCase:
    case_uuid: str
    category: str
    grid_code: str
    priority: str
    projection: Projection


@dataclass
class PulledPage:
    departments: list[tuple[str, str]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    grids: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    # Events and case views in feed order.
    items: list[PulledEvent | PulledCase] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PageReport:
    events: int
    new_events: int
    confirmed: int
    cases: int
    reference: int
