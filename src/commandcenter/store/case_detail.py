"""One case as the case panel shows it: its fields, its projection, its events with their
attachments, and, while it waits to be accepted, the cases it may duplicate (SPEC §3: same
category within 50 m and 7 days). Qt-free; the window loads it on the read lane."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from ..domain.enums import CaseState, Priority, Role, Source, TimeUnit
from ..domain.errors import NotFound
from ..domain.lifecycle import EventType
from ..domain.projection import Projection
from . import schema as t
from .case_commands import projection_from_row
from .rows import RowMapper

DUPLICATE_RADIUS_M = 50.0
DUPLICATE_WINDOW = timedelta(days=7)
_EARTH_RADIUS_M = 6_371_008.8
# Degrees of latitude per metre; longitude degrees shrink with cos(latitude).
_DEG_PER_M = 180.0 / (math.pi * _EARTH_RADIUS_M)


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    sha256: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    type: EventType
    from_state: CaseState | None
    to_state: CaseState
    at: datetime
    actor_code: str | None
    actor_name: str | None
    role: Role
    note: str
    payload: dict[str, Any]
    attachments: tuple[AttachmentRef, ...]
    # A 派遣's: whom it went to (the grid leader, or the departments), by name.
    dispatched_to: tuple[str, ...] = ()
    # A 处置反馈 typed at the desk: the handler it was typed for, by name.
    on_behalf_of: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    id: int
    case_no: str
    state: CaseState
    description: str
    address: str
    reported_at: datetime
    distance_m: float


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    case_no: str
    category_code: str
    category_name: str
    source: Source
    priority: Priority
    grid_code: str
    grid_name: str
    description: str
    address: str
    lon: float | None
    lat: float | None
    reported_at: datetime
    reporter_code: str | None
    reporter_name: str | None
    handler_person_name: str | None
    handler_department_names: tuple[str, ...]
    projection: Projection
    events: tuple[EventRow, ...]
    duplicates: tuple[DuplicateCandidate, ...]
    # The category's handling limit, for replaying the deadlines (the timeline).
    time_limit: tuple[float, TimeUnit] | None = None

    @property
    def state(self) -> CaseState:
        return self.projection.state

    @property
    def attachments(self) -> tuple[AttachmentRef, ...]:
        return tuple(a for e in self.events for a in e.attachments)


# The fields a case's row does not hold as such: names looked up, its events, its projection.
_CASE_DETAIL = RowMapper(
    CaseDetail,
    given=(
        "reporter_name", "handler_person_name", "handler_department_names", "projection",
        "events", "duplicates", "time_limit",
    ),
)  # fmt: skip
_DUPLICATE = RowMapper(DuplicateCandidate, given=("distance_m",))
_EVENT = RowMapper(EventRow, given=("payload", "attachments", "dispatched_to", "on_behalf_of"))
_DISPATCHES = frozenset({EventType.DISPATCH, EventType.DISTRICT_DISPATCH})
# Who handles a dispatched case in person; anyone else recording its handling types it for them.
_HANDLERS = frozenset({Role.GRID_LEADER, Role.DEPARTMENT_LIAISON})


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


class CaseDetailRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self, case_id: int) -> CaseDetail:
        c = t.cases.c
        query = (
            select(
                t.cases,
                t.categories.c.name.label("category_name"),
                t.categories.c.time_limit,
                t.categories.c.time_unit,
                t.grids.c.name.label("grid_name"),
            )
            .select_from(t.CASES_WITH_NAMES)
            .where(c.id == case_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            if row is None:
                raise NotFound(f"no case with id {case_id}", case_id=case_id)
            events = self._events(conn, case_id)
            names = self._person_names(conn, [row.reporter_code, row.handler_person_code])
            departments = tuple(d for d in (row.handler_departments or "").split(",") if d)
            dept_names = dict(
                conn.execute(
                    select(t.departments.c.code, t.departments.c.name).where(
                        t.departments.c.code.in_(departments)
                    )
                ).all()
            )
            projection = projection_from_row(row)
            duplicates: tuple[DuplicateCandidate, ...] = ()
            if projection.state is CaseState.REPORTED and row.lon is not None:
                duplicates = tuple(
                    self._duplicates(
                        conn, case_id, row.category_code, row.lon, row.lat, row.reported_at
                    )
                )
        return _CASE_DETAIL(
            row,
            reporter_name=names.get(row.reporter_code or ""),
            handler_person_name=names.get(row.handler_person_code or ""),
            handler_department_names=tuple(dept_names.get(d, d) for d in departments),
            projection=projection,
            events=events,
            duplicates=duplicates,
            time_limit=(
                (float(row.time_limit), TimeUnit(row.time_unit))
                if row.time_limit is not None
                else None
            ),
        )

    def number_of(self, case_id: int) -> str:
        """A case's number (NotFound when there is no such case)."""
        with self.engine.connect() as conn:
            number = conn.execute(select(t.cases.c.case_no).where(t.cases.c.id == case_id)).scalar()
        if number is None:
            raise NotFound(f"no case with id {case_id}", case_id=case_id)
        return str(number)

    def find(self, ref: str) -> int | None:
        """The id of the case with this case number, or with this id when `ref` is a number."""
        c = t.cases.c
        with self.engine.connect() as conn:
            found = conn.execute(select(c.id).where(c.case_no == ref)).scalar()
            if found is None and ref.isdigit():
                found = conn.execute(select(c.id).where(c.id == int(ref))).scalar()
        return int(found) if found is not None else None

    def duplicate_candidates(
        self, case_id: int, category: str, lon: float, lat: float, at: datetime
    ) -> list[DuplicateCandidate]:
        """Other cases of `category` reported within 7 days of `at` and 50 m of the point,
        nearest first; the ones a duty officer would mark this report a duplicate of."""
        with self.engine.connect() as conn:
            return self._duplicates(conn, case_id, category, lon, lat, at)

    @staticmethod
    def _duplicates(
        conn: Any, case_id: int, category: str, lon: float, lat: float, at: datetime
    ) -> list[DuplicateCandidate]:
        c = t.cases.c
        dlat = DUPLICATE_RADIUS_M * _DEG_PER_M * 1.01
        dlon = dlat / max(0.01, math.cos(math.radians(lat)))
        query = select(
            c.id, c.case_no, c.state, c.description, c.address, c.reported_at, c.lon, c.lat
        ).where(
            c.category_code == category,
            c.reported_at >= at - DUPLICATE_WINDOW,
            c.reported_at <= at + DUPLICATE_WINDOW,
            c.id != case_id,
            c.lat.between(lat - dlat, lat + dlat),
            c.lon.between(lon - dlon, lon + dlon),
            # A report rejected as a duplicate is not itself the case to point at.
            c.state != CaseState.REJECTED.value,
        )
        out = []
        for r in conn.execute(query):
            d = distance_m(lon, lat, r.lon, r.lat)
            if d <= DUPLICATE_RADIUS_M:
                out.append(_DUPLICATE(r, distance_m=d))
        out.sort(key=lambda d: (d.distance_m, d.reported_at, d.id))
        return out

    @staticmethod
    def _events(conn: Any, case_id: int) -> tuple[EventRow, ...]:
        e = t.case_events.c
        rows = conn.execute(
            select(t.case_events, t.people.c.name.label("actor_name"))
            .select_from(t.case_events.outerjoin(t.people, t.people.c.code == e.actor_code))
            .where(e.case_id == case_id)
            .order_by(e.id)
        ).all()
        ids = [r.id for r in rows]
        files: dict[int, list[AttachmentRef]] = {}
        if ids:
            a = t.attachments.c
            for r in conn.execute(
                select(a.event_id, a.sha256, a.mime, a.size)
                .where(a.event_id.in_(ids))
                .order_by(a.event_id, a.sha256)
            ):
                files.setdefault(r.event_id, []).append(AttachmentRef(r.sha256, r.mime, r.size))
        payloads = [json.loads(r.payload) if r.payload else {} for r in rows]
        people = {p["person"] for p in payloads if p.get("person")}
        departments = {d for p in payloads for d in p.get("departments", ())}
        names = dict(
            conn.execute(
                select(t.people.c.code, t.people.c.name).where(t.people.c.code.in_(people))
            ).all()
        )
        names.update(
            conn.execute(
                select(t.departments.c.code, t.departments.c.name).where(
                    t.departments.c.code.in_(departments)
                )
            ).all()
        )
        out = []
        handler: tuple[str, ...] = ()
        for r, payload in zip(rows, payloads, strict=True):
            kind, role = EventType(r.type), Role(r.role)
            to: tuple[str, ...] = ()
            if kind in _DISPATCHES:
                codes = [payload["person"]] if payload.get("person") else []
                codes += list(payload.get("departments", ()))
                to = handler = tuple(names.get(code, code) for code in codes)
            typed_for = handler if kind is EventType.HANDLE and role not in _HANDLERS else ()
            out.append(
                _EVENT(
                    r,
                    payload=payload,
                    attachments=tuple(files.get(r.id, ())),
                    dispatched_to=to,
                    on_behalf_of=typed_for,
                )
            )
        return tuple(out)

    @staticmethod
    def _person_names(conn: Any, codes: list[str | None]) -> dict[str, str]:
        wanted = [c for c in codes if c]
        if not wanted:
            return {}
        query = select(t.people.c.code, t.people.c.name).where(t.people.c.code.in_(wanted))
        return dict(conn.execute(query).all())
