"""Recording lifecycle events. One transaction (BEGIN IMMEDIATE on SQLite) writes the event, the
case projection, the `changes` row and the outbox row; a rejected command writes nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, Row, insert, select, update

from ..domain.calendar import WorkingCalendar
from ..domain.enums import (
    CaseState,
    Priority,
    Role,
    Source,
)
from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import EventType
from ..domain.projection import DeadlinePolicy, FoldEvent, Projection, fold, initial
from ..domain.transitions import Command, check, decide
from . import schema as t
from .case_numbers import CaseNumbers
from .deadline_policies import DeadlinePolicies
from .rows import RowMapper

PROJECTION_COLUMNS = (
    "state",
    "updated_at",
    "accepted_at",
    "handled_at",
    "closed_at",
    "escalation_level",
    "handler_kind",
    "handler_person_code",
    "handler_departments",
    "duplicate_of",
    "stage",
    "stage_started_at",
    "yellow_at",
    "due_at",
    "rework_count",
    "redispatch_count",
    "extension_count",
    "supervised",
    "pending_request",
    "dispatched_at",
    "handle_due_at",
    "first_handled_at",
    "first_rework_at",
    "ended_at",
    "handling_minutes",
)


def projection_values(p: Projection) -> dict[str, Any]:
    """The case row's projection columns for `p`."""
    return {
        "state": p.state.value,
        "updated_at": p.updated_at,
        "accepted_at": p.accepted_at,
        "handled_at": p.handled_at,
        "closed_at": p.closed_at,
        "escalation_level": int(p.escalation_level),
        "handler_kind": p.handler_kind.value if p.handler_kind else None,
        "handler_person_code": p.handler_person,
        "handler_departments": ",".join(p.handler_departments) or None,
        "duplicate_of": p.duplicate_of,
        "stage": p.stage,
        "stage_started_at": p.stage_started_at,
        "yellow_at": p.yellow_at,
        "due_at": p.due_at,
        "rework_count": p.rework_count,
        "redispatch_count": p.redispatch_count,
        "extension_count": p.extension_count,
        "supervised": bool(p.supervised),
        "pending_request": p.pending_request,
        "dispatched_at": p.dispatched_at,
        "handle_due_at": p.handle_due_at,
        "first_handled_at": p.first_handled_at,
        "first_rework_at": p.first_rework_at,
        "ended_at": p.ended_at,
        "handling_minutes": p.handling_minutes,
    }


_PROJECTION = RowMapper(
    Projection, columns={"handler_person": "handler_person_code"}, given=("handler_departments",)
)


def projection_from_row(row: Row | Mapping[str, Any]) -> Projection:
    r = row._mapping if isinstance(row, Row) else row
    # Department codes joined by ',' in one column.
    departments = r["handler_departments"]
    return _PROJECTION(
        row, handler_departments=tuple(departments.split(",")) if departments else ()
    )


def inserted_id(result: CursorResult) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def outbox_body(
    event_uuid: str,
    case_uuid: str,
    command: Command,
    payload: Mapping[str, Any],
    attachments: Sequence[tuple[str, str, int]],
    filed: Mapping[str, Any] | None,
) -> str:
    """The queued event as JSON, in the protocol's terms (sync/ turns it into an `Event`): what
    is sent, however often, whatever happens to the case meanwhile."""
    body: dict[str, Any] = {
        "uuid": event_uuid,
        "case_uuid": case_uuid,
        "type": command.type.value,
        "at": command.at.isoformat(),
        "actor": command.actor,
        "role": command.role.value,
        "note": command.note,
        "payload": dict(payload),
        "attachments": [{"sha256": s, "mime": m, "size": n} for s, m, n in attachments],
    }
    if filed is not None:
        body["case"] = dict(filed)
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, slots=True)
class NewCase:
    case_no: str  # "": the workstation numbers it (store/case_numbers.py)
    category: str
    source: Source
    priority: Priority
    grid_code: str
    description: str
    address: str
    lon: float | None
    lat: float | None


@dataclass(frozen=True, slots=True)
class Recorded:
    case_id: int
    event_id: int
    event_uuid: str
    projection: Projection
    case_no: str = ""  # a report's: the number the case was filed under


class CaseCommands:
    """The write side of cases. Every method is one transaction."""

    def __init__(self, engine: Engine, calendar: WorkingCalendar) -> None:
        self.engine = engine
        self.calendar = calendar
        self._policies = DeadlinePolicies(calendar)

    # -- helpers -------------------------------------------------------------------------
    def forget_policies(self) -> None:
        """Read the categories' limits again (the platform changed the taxonomy)."""
        self._policies.forget()

    def policy(self, conn: Connection, category: str) -> DeadlinePolicy:
        return self._policies.for_category(conn, category)

    @staticmethod
    def _roles(conn: Connection, actor: str | None, role: Role) -> frozenset[Role] | None:
        if role in (Role.DISTRICT, Role.SYSTEM) and actor is None:
            return None
        if actor is None:
            raise ValidationError("who records the event is required", field="actor")
        rows = conn.execute(
            select(t.person_roles.c.role).where(t.person_roles.c.person_code == actor)
        ).scalars()
        return frozenset(Role(r) for r in rows)

    def _write_event(
        self,
        conn: Connection,
        case_id: int,
        command: Command,
        before: CaseState | None,
        after: Projection,
        attachments: Sequence[tuple[str, str, int]],
        origin: str = "local",
        *,
        case_uuid: str,
        filed: Mapping[str, Any] | None = None,
    ) -> tuple[int, str]:
        event_uuid = str(uuid.uuid4())
        payload = dict(command.payload)
        statement = insert(t.case_events).values(
            uuid=event_uuid,
            case_id=case_id,
            type=command.type.value,
            from_state=before.value if before else None,
            to_state=after.state.value,
            at=command.at,
            actor_code=command.actor,
            role=command.role.value,
            note=command.note,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True) if payload else None,
            origin=origin,
            status="pending" if origin == "local" else "settled",
        )
        event_id = inserted_id(conn.execute(statement))
        for sha256, mime, size in attachments:
            conn.execute(
                insert(t.attachments).values(sha256=sha256, event_id=event_id, mime=mime, size=size)
            )
        conn.execute(insert(t.changes).values(case_id=case_id))
        if origin == "local":
            body = outbox_body(event_uuid, case_uuid, command, payload, attachments, filed)
            conn.execute(
                insert(t.outbox).values(
                    event_id=event_id, created_at=command.at, attempts=0, body=body
                )
            )
        return int(event_id), event_uuid

    # -- commands ------------------------------------------------------------------------
    def report(
        self,
        case: NewCase,
        command: Command,
        attachments: Sequence[tuple[str, str, int]] = (),
    ) -> Recorded:
        if command.type is not EventType.REPORT:
            raise ValidationError("a new case starts with its report", field="type")
        with self.engine.begin() as conn:
            check(command, None, actor_roles=self._roles(conn, command.actor, command.role))
            grid = conn.execute(
                select(t.grids.c.id).where(
                    t.grids.c.code == case.grid_code, t.grids.c.is_current.is_(True)
                )
            ).scalar()
            if grid is None:
                raise ValidationError(f"unknown grid '{case.grid_code}'", field="grid")
            proj = initial(command.at, self.policy(conn, case.category))
            case_uuid = str(uuid.uuid4())
            # No number given: the workstation's next (store/case_numbers.py), in this write.
            case_no = case.case_no or CaseNumbers.next(conn, case.grid_code, command.at)
            statement = insert(t.cases).values(
                uuid=case_uuid,
                case_no=case_no,
                category_code=case.category,
                source=case.source.value,
                priority=case.priority.value,
                grid_id=grid,
                grid_code=case.grid_code,
                description=case.description,
                address=case.address,
                lon=case.lon,
                lat=case.lat,
                reported_at=command.at,
                reporter_code=command.actor,
                **projection_values(proj),
            )
            case_id = inserted_id(conn.execute(statement))
            filed = {
                "case_no": case_no,
                "category": case.category,
                "source": case.source.value,
                "priority": case.priority.value,
                "grid_code": case.grid_code,
                "description": case.description,
                "address": case.address,
                "lon": case.lon,
                "lat": case.lat,
            }
            event_id, event_uuid = self._write_event(
                conn, case_id, command, None, proj, attachments, case_uuid=case_uuid, filed=filed
            )
        return Recorded(int(case_id), event_id, event_uuid, proj, case_no)

    def apply(
        self,
        case_id: int,
        command: Command,
        attachments: Sequence[tuple[str, str, int]] = (),
        *,
        supersedes: int | None = None,
    ) -> Recorded:
        """Check and record one event on a case; raises (writing nothing) when not allowed.
        `supersedes`: a refused event this one re-applies (marked so in the same transaction)."""
        with self.engine.begin() as conn:
            if supersedes is not None:
                done = conn.execute(
                    update(t.case_events)
                    .where(
                        t.case_events.c.id == supersedes,
                        t.case_events.c.status.in_(("conflict", "rejected")),
                    )
                    .values(status="reapplied")
                )
                if done.rowcount != 1:
                    raise ValidationError(
                        f"event {supersedes} is not refused by the platform", field="event"
                    )
            row = conn.execute(select(t.cases).where(t.cases.c.id == case_id)).first()
            if row is None:
                raise NotFound(f"no case with id {case_id}", case_id=case_id)
            current = projection_from_row(row)
            category = row.category_code
            extra: dict[str, Any] = {}
            if command.type is EventType.ACCEPT:
                # Filing may correct the category, grid and priority of the report.
                extra = self.accept_changes(conn, command.payload)
                category = extra.get("category_code", category)
            roles = self._roles(conn, command.actor, command.role)
            after = decide(command, current, self.policy(conn, category), actor_roles=roles)
            conn.execute(
                update(t.cases)
                .where(t.cases.c.id == case_id)
                .values(**projection_values(after), **extra)
            )
            event_id, event_uuid = self._write_event(
                conn, case_id, command, current.state, after, attachments, case_uuid=row.uuid
            )
        return Recorded(case_id, event_id, event_uuid, after)

    def accept_changes(self, conn: Connection, payload: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if payload.get("category"):
            self.policy(conn, payload["category"])  # validates
            out["category_code"] = payload["category"]
        if payload.get("priority"):
            out["priority"] = Priority(payload["priority"]).value
        if payload.get("grid_code"):
            grid = conn.execute(
                select(t.grids.c.id).where(
                    t.grids.c.code == payload["grid_code"], t.grids.c.is_current.is_(True)
                )
            ).scalar()
            if grid is None:
                raise ValidationError(f"unknown grid '{payload['grid_code']}'", field="grid")
            out.update(grid_id=grid, grid_code=payload["grid_code"])
        return out

    # -- checks --------------------------------------------------------------------------
    def refold(self, case_id: int) -> tuple[Projection, Projection]:
        """(stored projection, fold of the stored events): they must be equal."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.cases).where(t.cases.c.id == case_id)).one()
            events = conn.execute(
                select(t.case_events.c.type, t.case_events.c.at, t.case_events.c.payload)
                .where(t.case_events.c.case_id == case_id)
                .order_by(t.case_events.c.id)
            ).all()
            policy = self.policy(conn, row.category_code)
        folded = fold(
            (
                FoldEvent(EventType(e.type), e.at, json.loads(e.payload) if e.payload else {})
                for e in events
            ),
            policy,
        )
        return projection_from_row(row), folded
