"""Event intake: a batch of events, each with its uuid as idempotency key, checked and merged
in one write transaction. Each event gets a result: applied, duplicate, conflict (an illegal
status transition, with the server's view of the case) or rejected (with a reason). The same key
with another payload refuses the whole batch (IdempotencyMismatch) and writes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from ..domain.calendar import WorkingCalendar
from ..domain.enums import HandlerKind, Role
from ..domain.errors import DomainError, IllegalTransition, ValidationError
from ..domain.lifecycle import TRANSITIONS, EventType
from ..domain.merge import NON_STATUS, merge
from ..domain.projection import FoldEvent, initial, projection_from_json
from ..domain.transitions import Command, MissingField, RoleNotAllowed, check
from ..protocol import Event, EventResult, to_local
from . import schema as t
from .attachments import grant, may_read
from .cases import Policies, case_view, projection_columns
from .database import PlatformDatabase, Writer
from .numbering import check_case_no
from .principals import Principal
from .records import event_body

E = EventType
# How far ahead of the server's clock an event's time may be (clients' clocks drift).
FUTURE_SLACK = timedelta(minutes=10)
_ROLES_OF = {ev: frozenset().union(*(tr.roles for tr in TRANSITIONS if tr.event is ev)) for ev in E}


class IdempotencyMismatch(DomainError):
    code = "idempotency_mismatch"


class _Rejected(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class _Prior:
    digest: str | None  # None: an event stored without an idempotency row (seeded)
    result: dict[str, Any]


def digest(event: Event) -> str:
    return hashlib.sha256(event.digest_source().encode()).hexdigest()


class Intake:
    def __init__(self, db: PlatformDatabase, calendar: WorkingCalendar) -> None:
        self.db = db
        self.policies = Policies(calendar)

    def push(
        self, principal: Principal, events: Sequence[Event], now: datetime
    ) -> list[EventResult]:
        """Apply a batch in one transaction; `now`: the server's wall-clock time."""
        with self.db.writing(now) as w:
            priors = self._priors(w.conn, events)
            sent: dict[str, str] = {}
            for ev in events:
                key, d = str(ev.uuid), digest(ev)
                prior = priors.get(key)
                known = prior.digest if prior else sent.get(key)
                if known is not None and known != d:
                    raise IdempotencyMismatch(
                        f"event {key} was sent before with another payload", uuid=key
                    )
                sent.setdefault(key, d)
            results: list[EventResult] = []
            answered: dict[str, EventResult] = {}
            for ev in events:
                key = str(ev.uuid)
                if key in priors:
                    results.append(_replayed(priors[key].result))
                elif key in answered:
                    results.append(_replayed(answered[key].model_dump(mode="json")))
                else:
                    result = self._one(w, principal, ev, now)
                    w.conn.execute(
                        insert(t.idempotency).values(
                            uuid=key,
                            digest=sent[key],
                            result=json.dumps(result.wire(), ensure_ascii=False),
                            at=now,
                        )
                    )
                    answered[key] = result
                    results.append(result)
        return results

    @staticmethod
    def _priors(conn: Connection, events: Sequence[Event]) -> dict[str, _Prior]:
        keys = sorted({str(ev.uuid) for ev in events})
        out: dict[str, _Prior] = {}
        for i in range(0, len(keys), 400):
            part = keys[i : i + 400]
            for row in conn.execute(
                select(t.idempotency.c.uuid, t.idempotency.c.digest, t.idempotency.c.result).where(
                    t.idempotency.c.uuid.in_(part)
                )
            ):
                out[row.uuid] = _Prior(row.digest, json.loads(row.result))
            for uuid in conn.execute(select(t.events.c.uuid).where(t.events.c.uuid.in_(part))):
                out.setdefault(uuid[0], _Prior(None, {"uuid": uuid[0], "status": "applied"}))
        return out

    # -- one event ------------------------------------------------------------------------
    def _one(self, w: Writer, who: Principal, ev: Event, now: datetime) -> EventResult:
        key = str(ev.uuid)
        try:
            at = to_local(ev.at)
            if at > now + FUTURE_SLACK:
                raise _Rejected(
                    "future_time", f"the event's time {at:%Y-%m-%d %H:%M} is ahead of the server"
                )
            actor_roles = self._actor_roles(w.conn, who, ev)
            self._check_attachments(w.conn, who, ev)
            if ev.type is E.REPORT:
                return self._report(w, who, ev, at, actor_roles)
            return self._transition(w, who, ev, at, actor_roles)
        except _Rejected as r:
            return EventResult(uuid=key, status="rejected", reason=r.reason, message=r.message)
        except (RoleNotAllowed, MissingField) as exc:
            return EventResult(uuid=key, status="rejected", reason=exc.code, message=exc.message)

    def _actor_roles(self, conn: Connection, who: Principal, ev: Event) -> frozenset[Role] | None:
        """The roles the event's actor holds (None: not a person — the system or the district);
        rejects an actor the account may not speak for."""
        if ev.role not in _ROLES_OF[ev.type]:
            allowed = ", ".join(sorted(r.value for r in _ROLES_OF[ev.type]))
            raise _Rejected(
                "role_not_allowed",
                f"role {ev.role.value} may not record {ev.type.value} (allowed: {allowed})",
            )
        if ev.role is Role.SYSTEM:
            if ev.actor is not None:
                raise _Rejected("invalid_field", "a system event has no actor")
            if not who.at_desk:
                raise _Rejected("not_allowed", f"{who.username} may not push system events")
            return None
        if ev.role is Role.DISTRICT:
            if not who.is_district:
                raise _Rejected("role_not_allowed", "only the district records district events")
            if ev.actor not in (None, who.person):
                raise _Rejected("not_your_event", "a district event is recorded by its sender")
            return None
        if ev.actor is None:
            raise _Rejected("missing_field", "who recorded the event (actor) is required")
        person = conn.execute(
            select(t.people.c.street, t.people.c.roles).where(t.people.c.code == ev.actor)
        ).first()
        if person is None:
            raise _Rejected("unknown_person", f"no person with code {ev.actor}")
        if not who.sees(person.street) or (who.street is not None and person.street is None):
            raise _Rejected("other_street", f"{ev.actor} works in another street office")
        if ev.actor != who.person and not who.at_desk:
            raise _Rejected("not_your_event", f"{who.username} may push only its own events")
        return frozenset(Role(r) for r in json.loads(person.roles))

    @staticmethod
    def _check_attachments(conn: Connection, who: Principal, ev: Event) -> None:
        for a in ev.attachments:
            size = conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == a.sha256))
            # One this street may not read is as good as absent: upload it first.
            if size is None or not may_read(conn, who, a.sha256):
                raise _Rejected(
                    "attachment_missing", f"upload attachment {a.sha256} before the event"
                )
            if size != a.size:
                raise _Rejected(
                    "invalid_field", f"attachment {a.sha256} has {size} bytes, not {a.size}"
                )

    def _grid_street(self, conn: Connection, who: Principal, code: str) -> str:
        street = conn.scalar(
            select(t.grids.c.street).where(t.grids.c.code == code, t.grids.c.is_current.is_(True))
        )
        if street is None:
            raise _Rejected("unknown_grid", f"no current grid with code {code}")
        if not who.sees(street):
            raise _Rejected("other_street", f"grid {code} is in another street office")
        return str(street)

    def _report(
        self,
        w: Writer,
        who: Principal,
        ev: Event,
        at: datetime,
        actor_roles: frozenset[Role] | None,
    ) -> EventResult:
        conn = w.conn
        existing = _case_row(conn, str(ev.case_uuid))
        if existing is not None:
            return _conflict(ev, existing, "illegal_transition", "the case was reported already")
        if ev.case is None:
            raise _Rejected("missing_field", "a report carries the case it files (case)")
        new = ev.case
        street = self._grid_street(conn, who, new.grid_code)
        outside = check_case_no(conn, street, new.case_no)
        if outside is not None:
            raise _Rejected("outside_prefix", outside)
        if conn.scalar(select(t.cases.c.uuid).where(t.cases.c.case_no == new.case_no)):
            # Only this street's numbers get here: whose it is goes unsaid all the same.
            raise _Rejected(
                "duplicate_case_no", f"case number {new.case_no} is in use; number the case anew"
            )
        policy = self._policy(conn, new.category)
        payload = ev.payload.fields()
        check(
            Command(ev.type, ev.actor, ev.role, at, ev.note, payload),
            None,
            actor_roles=actor_roles,
        )
        proj = initial(at, policy)
        row = {
            "uuid": str(ev.case_uuid),
            "case_no": new.case_no,
            "street": street,
            "grid_code": new.grid_code,
            "category": new.category,
            "source": new.source.value,
            "priority": new.priority.value,
            "description": new.description,
            "address": new.address,
            "lon": new.lon,
            "lat": new.lat,
            "reported_at": at,
            "reporter": ev.actor,
            **projection_columns(proj),
        }
        conn.execute(insert(t.cases).values(**row))
        self._record(w, ev, at, payload, street, row, folded=True)
        return EventResult(uuid=str(ev.uuid), status="applied", case=case_view(row))

    def _transition(
        self,
        w: Writer,
        who: Principal,
        ev: Event,
        at: datetime,
        actor_roles: frozenset[Role] | None,
    ) -> EventResult:
        conn = w.conn
        if ev.case is not None:
            raise _Rejected("invalid_field", "only a report carries a case")
        row = _case_row(conn, str(ev.case_uuid))
        if row is None:
            raise _Rejected("unknown_case", f"no case {ev.case_uuid} on the platform")
        if not who.sees(row.street):
            raise _Rejected("other_street", f"case {row.case_no} is in another street office")
        payload = ev.payload.fields()
        extra = self._references(conn, who, ev, payload)
        category = extra.get("category", row.category)
        policy = self._policy(conn, category)
        current = projection_from_json(row.projection)
        # Work done offline arrives late: commit order rules, not the event's own time.
        command = Command(ev.type, ev.actor, ev.role, max(at, current.updated_at), ev.note, payload)
        folded = True
        try:
            check(command, current, actor_roles=actor_roles)
        except (RoleNotAllowed, MissingField):
            raise
        except (IllegalTransition, ValidationError) as exc:
            if ev.type not in NON_STATUS:
                reason = exc.code if isinstance(exc, IllegalTransition) else "state_conflict"
                return _conflict(ev, row, reason, exc.message)
            folded = False
        values: dict[str, Any] = {}
        if folded:
            after = merge(current, FoldEvent(ev.type, at, payload), policy)
            if after is None:
                folded = False
            else:
                values = {**projection_columns(after), **extra}
        if values:
            conn.execute(update(t.cases).where(t.cases.c.uuid == row.uuid).values(**values))
        new_row = {**row._mapping, **values}
        self._record(w, ev, at, payload, row.street, new_row, folded=folded)
        result = EventResult(uuid=str(ev.uuid), status="applied", case=case_view(new_row))
        if not folded:
            result = result.model_copy(
                update={
                    "reason": "not_folded",
                    "message": "kept in the case's history; the case's state no longer allows it",
                }
            )
        return result

    def _policy(self, conn: Connection, category: str) -> Any:
        try:
            return self.policies.for_category(conn, category)
        except ValidationError as exc:
            raise _Rejected("unknown_category", exc.message) from None

    def _references(
        self, conn: Connection, who: Principal, ev: Event, payload: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Check the people, departments, grids and cases the payload names; returns the case
        columns a 受理 corrects."""
        person = payload.get("person")
        if person is not None:
            roles = conn.scalar(select(t.people.c.roles).where(t.people.c.code == person))
            if roles is None:
                raise _Rejected("unknown_person", f"no person with code {person}")
            if payload.get(
                "handler_kind"
            ) == HandlerKind.GRID_LEADER.value and Role.GRID_LEADER.value not in json.loads(roles):
                raise _Rejected("invalid_field", f"{person} is not a grid leader")
        for dept in payload.get("departments", ()):
            known = select(t.departments.c.code).where(t.departments.c.code == dept)
            if conn.scalar(known) is None:
                raise _Rejected("unknown_department", f"no department with code {dept}")
        dup = payload.get("duplicate_of")
        if (
            dup is not None
            and conn.scalar(select(t.cases.c.uuid).where(t.cases.c.case_no == dup)) is None
        ):
            raise _Rejected("unknown_case", f"no case numbered {dup}")
        extra: dict[str, Any] = {}
        if ev.type is E.ACCEPT:
            if payload.get("category"):
                self._policy(conn, payload["category"])
                extra["category"] = payload["category"]
            if payload.get("priority"):
                extra["priority"] = payload["priority"]
            if payload.get("grid_code"):
                street = self._grid_street(conn, who, payload["grid_code"])
                row = _case_row(conn, str(ev.case_uuid))
                if row is not None and street != row.street:
                    raise _Rejected("other_street", "a case stays in its street office")
                extra["grid_code"] = payload["grid_code"]
        return extra

    @staticmethod
    def _record(
        w: Writer,
        ev: Event,
        at: datetime,
        payload: Mapping[str, Any],
        street: str,
        case_row: Mapping[str, Any],
        *,
        folded: bool,
    ) -> None:
        event_row = {
            "uuid": str(ev.uuid),
            "case_uuid": str(ev.case_uuid),
            "type": ev.type.value,
            "at": at,
            "actor": ev.actor,
            "role": ev.role.value,
            "note": ev.note,
            "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
            "attachments": json.dumps(
                [a.model_dump(mode="json") for a in ev.attachments], sort_keys=True
            ),
            "folded": folded,
        }
        body = event_body(event_row, case_row if ev.type is E.REPORT else None)
        seq = w.change("event", street, body, folded=folded)
        w.conn.execute(insert(t.events).values(**event_row, seq=seq, received_at=w.now))
        grant(w.conn, [(a.sha256, street) for a in ev.attachments])  # its street reads them
        w.change("case", street, case_view(case_row).model_dump(mode="json"))


def _case_row(conn: Connection, case_uuid: str) -> Row | None:
    return conn.execute(select(t.cases).where(t.cases.c.uuid == case_uuid)).first()


def _conflict(ev: Event, row: Row | Mapping[str, Any], reason: str, message: str) -> EventResult:
    return EventResult(
        uuid=str(ev.uuid), status="conflict", reason=reason, message=message, case=case_view(row)
    )


def _replayed(stored: Mapping[str, Any]) -> EventResult:
    """The answer given before; an applied event answers `duplicate` (nothing changes)."""
    result = EventResult.model_validate_json(json.dumps(stored))
    if result.status == "applied":
        return EventResult(uuid=result.uuid, status="duplicate", case=result.case)
    return result
