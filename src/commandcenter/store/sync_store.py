"""The local side of sync with the district platform (SPEC §4): pages of the platform's feed
applied in one transaction each (written by store/feed_pages.py), the outbox read and
answered, conflicts listed, the accounts that signed in here online (store/local_accounts.py).

The local projection of a case is the platform's projection (`cases.server_projection`, taken
from the feed) with this workstation's unconfirmed events folded on top: `pending` ones (in the
outbox) and `sent` ones (applied by the platform, not yet seen on its feed), in the order they
were recorded. An event the platform refused (`conflict`, `rejected`) is not folded; it stays
listed until someone dismisses or re-applies it. Events pulled from the feed never enter the
outbox. A case never synced (a locally seeded demo) keeps the fold of its own events."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    func,
    insert,
    select,
    update,
)

from ..domain.calendar import WorkingCalendar
from ..domain.enums import Role
from ..domain.errors import DomainError, IllegalTransition, NotFound, ValidationError
from ..domain.lifecycle import EventType
from ..domain.merge import merge
from ..domain.projection import (
    FoldEvent,
    Projection,
    initial,
    projection_from_json,
)
from ..domain.transitions import Command
from . import schema as t
from .case_commands import (
    CaseCommands,
    Recorded,
    projection_values,
)
from .feed_pages import PageWriter
from .local_accounts import LocalAccounts
from .pulled_page import PageReport, PulledPage
from .rows import RowMapper
from .writes import chunks, upsert

# Where an event stands with the platform (case_events.status; migration 0006).
PENDING, SENT = "pending", "sent"
CONFLICT, REJECTED, DISMISSED, REAPPLIED = "conflict", "rejected", "dismissed", "reapplied"
TAIL = (PENDING, SENT)
REFUSED = (CONFLICT, REJECTED)

# Refusals that another try may turn (the event stays queued): pushed by an account that may
# not speak for its author (it goes with his own next sign-in), its photo not yet uploaded, its
# time ahead of the platform's clock.
RETRY_LATER = frozenset({"not_your_event", "attachment_missing", "future_time"})


class SyncStateError(DomainError):
    code = "sync_state"


@dataclass(frozen=True, slots=True)
class Queued:
    outbox_id: int
    event_id: int
    case_id: int
    actor: str | None
    role: str
    body: Mapping[str, Any]
    attempts: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """The platform's answer for one queued event."""

    uuid: str
    status: str  # applied | duplicate | conflict | rejected
    reason: str | None = None
    message: str | None = None
    server_case: str | None = None  # the platform's view, as JSON


@dataclass(frozen=True, slots=True)
class Refusal:
    event_id: int
    case_id: int
    case_no: str
    type: EventType
    at: datetime
    actor: str | None
    role: str
    note: str
    status: str
    reason: str | None
    message: str | None
    server_case: Mapping[str, Any] | None


# A refusal is its event's row (case_events) with the case's number.
_REFUSAL = RowMapper(
    Refusal,
    columns={
        "event_id": "id", "actor": "actor_code", "reason": "sync_reason",
        "message": "sync_message",
    },
    given=("server_case",),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyncCounts:
    pending: int
    refused: int
    sent: int


class SyncStore:
    def __init__(
        self, engine: Engine, calendar: WorkingCalendar, reader: Engine | None = None
    ) -> None:
        self.engine = engine
        # Reads that write nothing (counts, meta, the refusals) go through the reader: on the
        # writer, SQLite's BEGIN IMMEDIATE would queue them behind every write (a tick's batch).
        self.reader = reader or engine
        self.calendar = calendar
        self.commands = CaseCommands(engine, calendar)
        self.pages = PageWriter(self.commands, self._refold_tails)
        self.accounts = LocalAccounts(engine)

    # -- meta ----------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.reader.connect() as conn:
            return dict(conn.execute(select(t.sync_meta.c.key, t.sync_meta.c.value)).all())

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        with self.engine.begin() as conn:
            _set_meta(conn, values)

    def bind(self, server: str, street: str | None) -> None:
        """Tie this database to one street office's data on the platform. Refuses a database
        seeded locally (its cases are not the platform's) and one of another street office."""
        with self.engine.begin() as conn:
            meta = dict(conn.execute(select(t.sync_meta.c.key, t.sync_meta.c.value)).all())
            if not meta.get("server"):
                seeded = conn.scalar(
                    select(t.case_events.c.id).where(t.case_events.c.origin == "seed").limit(1)
                )
                if seeded is not None:
                    raise SyncStateError(
                        "this database holds a locally seeded demo; sync into a new database",
                    )
                _set_meta(conn, {"server": server, "street": street or ""})
                return
            if meta["server"] != server:
                # The same street office's platform at another address (a new port, a new
                # name): the cursor tells whether it is the same database (bad_cursor if not).
                _set_meta(conn, {"server": server})
            if (meta.get("street") or None) != street:
                raise SyncStateError(
                    f"this database holds street office {meta.get('street') or 'the district'},"
                    f" not {street or 'the district'}",
                    street=meta.get("street"),
                )

    # -- pull ----------------------------------------------------------------------------
    def apply_page(self, page: PulledPage, cursor: str) -> PageReport:
        """Apply one page of the feed and move the cursor past it, in one transaction: all of
        it or nothing (PageRefused)."""
        with self.engine.begin() as conn:
            report = self.pages.apply(conn, page)
            _set_meta(conn, {"cursor": cursor})
        return report

    # -- the local projection ---------------------------------------------------------------
    def _refold_tails(self, conn: Connection, case_ids: Iterable[int]) -> None:
        """Fold the unconfirmed events of these cases onto the platform's projection (only the
        cases that have any)."""
        ids = sorted(set(case_ids))
        with_tail: set[int] = set()
        for part in chunks(ids):
            with_tail.update(
                conn.execute(
                    select(t.case_events.c.case_id)
                    .where(t.case_events.c.status.in_(TAIL), t.case_events.c.case_id.in_(part))
                    .distinct()
                ).scalars()
            )
        for case_id in sorted(with_tail):
            self.refold(conn, case_id)

    def refold(self, conn: Connection, case_id: int) -> Projection | None:
        """The local projection of one case, written to its row: the platform's projection (or,
        for a case only reported here, its report) with the unconfirmed events on top."""
        row = conn.execute(select(t.cases).where(t.cases.c.id == case_id)).one()
        tail = conn.execute(
            select(t.case_events.c.type, t.case_events.c.at, t.case_events.c.payload)
            .where(t.case_events.c.case_id == case_id, t.case_events.c.status.in_(TAIL))
            .order_by(t.case_events.c.id)
        ).all()
        category = row.category_code
        extra: dict[str, Any] = {}
        p: Projection | None
        p = projection_from_json(row.server_projection) if row.server_projection else None
        for e in tail:
            type_ = EventType(e.type)
            payload = json.loads(e.payload) if e.payload else {}
            if p is None:
                if type_ is not EventType.REPORT:
                    continue
                p = initial(e.at, self.commands.policy(conn, category))
                continue
            if type_ is EventType.ACCEPT and payload.get("category"):
                try:
                    self.commands.policy(conn, payload["category"])
                except ValidationError:
                    continue
                category_after = payload["category"]
            else:
                category_after = category
            try:
                after = merge(
                    p, FoldEvent(type_, e.at, payload), self.commands.policy(conn, category_after)
                )
            except (IllegalTransition, ValidationError, ValueError):
                continue  # the platform will answer it as a conflict
            if after is None:
                continue
            p = after
            if type_ is EventType.ACCEPT:
                category = category_after
                extra.update(self.commands.accept_changes(conn, payload))
        if p is None:
            return None
        conn.execute(
            update(t.cases).where(t.cases.c.id == case_id).values(**projection_values(p), **extra)
        )
        conn.execute(insert(t.changes).values(case_id=case_id))
        return p

    # -- push ----------------------------------------------------------------------------
    def queued(
        self, limit: int, *, actor: str | None = None, at_desk: bool = True, after: int = 0
    ) -> list[Queued]:
        """The oldest queued events, in the order they were recorded (so in order per case);
        an account not at a desk pushes only its own."""
        o, e = t.outbox, t.case_events
        query = (
            select(
                o.c.id, o.c.event_id, o.c.body, o.c.attempts, e.c.case_id, e.c.actor_code, e.c.role
            )
            .join(e, e.c.id == o.c.event_id)
            .where(o.c.id > after)
            .order_by(o.c.id)
            .limit(limit)
        )
        if not at_desk:
            query = query.where(e.c.actor_code == actor)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            out = []
            for r in rows:
                body = json.loads(r.body) if r.body else self._body_of(conn, r.event_id)
                out.append(
                    Queued(r.id, r.event_id, r.case_id, r.actor_code, r.role, body, r.attempts)
                )
        return out

    @staticmethod
    def _body_of(conn: Connection, event_id: int) -> dict[str, Any]:
        """The body of an event queued before bodies were frozen (migration 0006)."""
        e = conn.execute(
            select(t.case_events, t.cases.c.uuid.label("case_uuid"))
            .join(t.cases, t.cases.c.id == t.case_events.c.case_id)
            .where(t.case_events.c.id == event_id)
        ).one()
        files = conn.execute(
            select(t.attachments.c.sha256, t.attachments.c.mime, t.attachments.c.size).where(
                t.attachments.c.event_id == event_id
            )
        ).all()
        body: dict[str, Any] = {
            "uuid": e.uuid,
            "case_uuid": e.case_uuid,
            "type": e.type,
            "at": e.at.isoformat(),
            "actor": e.actor_code,
            "role": e.role,
            "note": e.note,
            "payload": json.loads(e.payload) if e.payload else {},
            "attachments": [{"sha256": s, "mime": m, "size": n} for s, m, n in files],
        }
        if e.type == EventType.REPORT.value:
            c = conn.execute(select(t.cases).where(t.cases.c.id == e.case_id)).one()
            body["case"] = {
                "case_no": c.case_no,
                "category": c.category_code,
                "source": c.source,
                "priority": c.priority,
                "grid_code": c.grid_code,
                "description": c.description,
                "address": c.address,
                "lon": c.lon,
                "lat": c.lat,
            }
        return body

    def record_outcomes(self, outcomes: Sequence[Outcome]) -> dict[str, int]:
        """The platform's answers, in one transaction: applied and duplicate events leave the
        outbox (`sent` until the feed brings them); conflicts and rejections leave it too and
        are listed; a refusal another try may turn stays queued. Returns counts by status."""
        counts: dict[str, int] = {}
        with self.engine.begin() as conn:
            by_uuid: dict[str, Any] = {}
            for part in chunks(sorted({o.uuid for o in outcomes})):
                for row in conn.execute(
                    select(
                        t.case_events.c.uuid,
                        t.case_events.c.id,
                        t.case_events.c.case_id,
                        t.case_events.c.status,
                    ).where(t.case_events.c.uuid.in_(part))
                ):
                    by_uuid[row.uuid] = row
            refold: set[int] = set()
            for o in outcomes:
                found = by_uuid.get(o.uuid)
                if found is None or found.status not in TAIL:
                    continue
                row = found
                if o.status in ("applied", "duplicate"):
                    counts["sent"] = counts.get("sent", 0) + 1
                    if row.status == PENDING:
                        conn.execute(
                            update(t.case_events)
                            .where(t.case_events.c.id == row.id)
                            .values(status=SENT)
                        )
                    conn.execute(delete(t.outbox).where(t.outbox.c.event_id == row.id))
                elif o.status == "rejected" and o.reason in RETRY_LATER:
                    counts["later"] = counts.get("later", 0) + 1
                    conn.execute(
                        update(t.outbox)
                        .where(t.outbox.c.event_id == row.id)
                        .values(attempts=t.outbox.c.attempts + 1, last_error=_error_text(o))
                    )
                else:
                    status = CONFLICT if o.status == "conflict" else REJECTED
                    counts[status] = counts.get(status, 0) + 1
                    conn.execute(
                        update(t.case_events)
                        .where(t.case_events.c.id == row.id)
                        .values(
                            status=status,
                            sync_reason=(o.reason or o.status)[:32],
                            sync_message=o.message,
                            server_case=o.server_case,
                        )
                    )
                    conn.execute(delete(t.outbox).where(t.outbox.c.event_id == row.id))
                    refold.add(row.case_id)
            for case_id in sorted(refold):
                self.refold(conn, case_id)
        return counts

    def note_failure(self, outbox_ids: Sequence[int], error: str) -> None:
        with self.engine.begin() as conn:
            for part in chunks(list(outbox_ids)):
                conn.execute(
                    update(t.outbox)
                    .where(t.outbox.c.id.in_(part))
                    .values(attempts=t.outbox.c.attempts + 1, last_error=error[:2000])
                )

    # -- refusals ------------------------------------------------------------------------
    def refusals(self) -> list[Refusal]:
        e, c = t.case_events, t.cases
        query = (
            select(e, c.c.case_no)
            .join(c, c.c.id == e.c.case_id)
            .where(e.c.status.in_(REFUSED))
            .order_by(e.c.id)
        )
        with self.reader.connect() as conn:
            rows = conn.execute(query).all()
        return [
            _REFUSAL(r, server_case=json.loads(r.server_case) if r.server_case else None)
            for r in rows
        ]

    def dismiss(self, event_id: int) -> None:
        """Put a refused event aside: kept in the case's history, no longer listed."""
        with self.engine.begin() as conn:
            self._refused(conn, event_id)
            conn.execute(
                update(t.case_events).where(t.case_events.c.id == event_id).values(status=DISMISSED)
            )
            case_id = conn.scalar(
                select(t.case_events.c.case_id).where(t.case_events.c.id == event_id)
            )
            conn.execute(insert(t.changes).values(case_id=case_id))

    def reapply(self, event_id: int, at: datetime, actor: str | None, role: Role) -> Recorded:
        """Record a refused event again, as `actor` at `at`, checked against the case as it is
        now: a new event (a new key) queued for the platform; the refused one is marked
        re-applied. Raises (changing nothing) when the case no longer allows it."""
        with self.engine.connect() as conn:
            row = self._refused(conn, event_id)
            files = conn.execute(
                select(t.attachments.c.sha256, t.attachments.c.mime, t.attachments.c.size).where(
                    t.attachments.c.event_id == event_id
                )
            ).all()
        command = Command(
            EventType(row.type),
            actor,
            role,
            at,
            row.note,
            json.loads(row.payload) if row.payload else {},
        )
        return self.commands.apply(
            row.case_id, command, [tuple(f) for f in files], supersedes=event_id
        )

    @staticmethod
    def _refused(conn: Connection, event_id: int) -> Any:
        row = conn.execute(select(t.case_events).where(t.case_events.c.id == event_id)).first()
        if row is None:
            raise NotFound(f"no event with id {event_id}", event_id=event_id)
        if row.status not in REFUSED:
            raise SyncStateError(
                f"event {event_id} is not refused by the platform (it is {row.status})",
                event_id=event_id,
            )
        return row

    def describe_street(self, street: str | None) -> None:
        """The settings a window shows, from the synced grids: the street office's code and
        name."""
        with self.engine.begin() as conn:
            name = None
            if street:
                name = conn.scalar(
                    select(t.grids.c.name).where(
                        t.grids.c.code == street, t.grids.c.is_current.is_(True)
                    )
                )
            values = {"street_code": street or "", "street_name": name or ""}
            for key, value in values.items():
                upsert(conn, t.settings, {"key": key}, {"value": value})

    # -- counts --------------------------------------------------------------------------
    def counts(self) -> SyncCounts:
        e = t.case_events
        with self.reader.connect() as conn:
            pending = conn.scalar(select(func.count()).select_from(t.outbox)) or 0
            by: dict[str, int] = dict(
                conn.execute(
                    select(e.c.status, func.count())
                    .where(e.c.status.in_([*REFUSED, SENT]))
                    .group_by(e.c.status)
                ).all()
            )
        return SyncCounts(
            pending=int(pending),
            refused=int(by.get(CONFLICT, 0) + by.get(REJECTED, 0)),
            sent=int(by.get(SENT, 0)),
        )

    def attachment_hashes(self) -> list[str]:
        """Every photo the cases here refer to."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(t.attachments.c.sha256).distinct().order_by(t.attachments.c.sha256)
                ).scalars()
            )


def _set_meta(conn: Connection, values: Mapping[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            conn.execute(delete(t.sync_meta).where(t.sync_meta.c.key == key))
        else:
            upsert(conn, t.sync_meta, {"key": key}, {"value": value})


def _error_text(o: Outcome) -> str:
    return f"{o.reason or o.status}: {o.message or ''}".strip()
