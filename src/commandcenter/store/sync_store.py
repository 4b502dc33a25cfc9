"""The local side of sync with the district platform (SPEC §4): pages of the platform's feed
applied in one transaction each, the outbox read and answered, conflicts listed, and the
accounts that signed in here online.

The local projection of a case is the platform's projection (`cases.server_projection`, taken
from the feed) with this workstation's unconfirmed events folded on top: `pending` ones (in the
outbox) and `sent` ones (applied by the platform, not yet seen on its feed), in the order they
were recorded. An event the platform refused (`conflict`, `rejected`) is not folded; it stays
listed until someone dismisses or re-applies it. Events pulled from the feed never enter the
outbox. A case never synced (a locally seeded demo) keeps the fold of its own events."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from ..domain.calendar import WorkingCalendar
from ..domain.engine import Command
from ..domain.enums import CaseState, Role
from ..domain.errors import DomainError, IllegalTransition, NotFound, ValidationError
from ..domain.lifecycle import EventType, next_state
from ..domain.merge import merge
from ..domain.projection import (
    FoldEvent,
    Projection,
    initial,
    projection_from_json,
    projection_json,
)
from . import schema as t
from .case_commands import (
    PROJECTION_COLUMNS,
    CaseCommands,
    Recorded,
    projection_values,
)
from .passwords import hash_password, verify_password

# Where an event stands with the platform (case_events.status; migration 0006).
SETTLED, UNFOLDED, PENDING, SENT = "settled", "unfolded", "pending", "sent"
CONFLICT, REJECTED, DISMISSED, REAPPLIED = "conflict", "rejected", "dismissed", "reapplied"
TAIL = (PENDING, SENT)
REFUSED = (CONFLICT, REJECTED)

# Refusals that another try may turn (the event stays queued): pushed by an account that may
# not speak for its author (it goes with his own next sign-in), its photo not yet uploaded, its
# time ahead of the platform's clock.
RETRY_LATER = frozenset({"not_your_event", "attachment_missing", "future_time"})

_CHUNK = 500


class SyncStateError(DomainError):
    code = "sync_state"


class PageRefused(DomainError):
    """A page that cannot be applied as it is; nothing of it was written."""

    code = "malformed_page"


# -- what a page holds, in the store's terms -------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class SyncCounts:
    pending: int
    refused: int
    sent: int


@dataclass(frozen=True, slots=True)
class LocalAccount:
    username: str
    person: str
    street: str | None
    server: str
    signed_in_at: datetime


class SyncStore:
    def __init__(self, engine: Engine, calendar: WorkingCalendar) -> None:
        self.engine = engine
        self.calendar = calendar
        self.commands = CaseCommands(engine, calendar)

    # -- meta ----------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.engine.connect() as conn:
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
            reference = self._reference(conn, page)
            report = self._events_and_cases(conn, page)
            _set_meta(conn, {"cursor": cursor})
        return PageReport(
            events=report[0],
            new_events=report[1],
            confirmed=report[2],
            cases=report[3],
            reference=reference,
        )

    def _reference(self, conn: Connection, page: PulledPage) -> int:
        n = 0
        if page.departments:
            for code, name in page.departments:
                _upsert(conn, t.departments, {"code": code}, {"name": name})
            n += len(page.departments)
        known_departments = set(conn.execute(select(t.departments.c.code)).scalars())
        for c in page.categories:
            dept = c["department"] if c["department"] in known_departments else None
            _upsert(
                conn,
                t.categories,
                {"code": c["code"]},
                {
                    "name": c["name"],
                    "kind": c["kind"],
                    "parent_code": c["parent"],
                    "time_limit": c["time_limit"],
                    "time_unit": c["time_unit"],
                    "department_code": dept,
                    "priority": c["priority"],
                    "closing_condition": "",
                    "taxonomy_version": "district",
                },
            )
            self.commands.forget_policies()
        n += len(page.categories)
        for g in page.grids:
            existing = conn.execute(
                select(t.grids.c.id).where(
                    t.grids.c.code == g["code"], t.grids.c.version == g["version"]
                )
            ).scalar()
            values = {
                "name": g["name"],
                "level": g["level"],
                "parent_code": g["parent"],
                "leader_code": g["leader"],
                "geometry": g["geometry"],
            }
            newest = conn.scalar(
                select(func.max(t.grids.c.version)).where(t.grids.c.code == g["code"])
            )
            current = newest is None or g["version"] >= newest
            if current:
                conn.execute(
                    update(t.grids)
                    .where(t.grids.c.code == g["code"], t.grids.c.version != g["version"])
                    .values(is_current=False)
                )
            if existing is None:
                conn.execute(
                    insert(t.grids).values(
                        code=g["code"], version=g["version"], is_current=current, **values
                    )
                )
            else:
                conn.execute(
                    update(t.grids)
                    .where(t.grids.c.id == existing)
                    .values(is_current=current, **values)
                )
        n += len(page.grids)
        known_departments = set(conn.execute(select(t.departments.c.code)).scalars())
        for p in page.people:
            dept = p["department"] if p["department"] in known_departments else None
            _upsert(
                conn,
                t.people,
                {"code": p["code"]},
                {
                    "name": p["name"],
                    "phone": p["phone"],
                    "department_code": dept,
                    "sunk_staff": False,
                },
            )
            conn.execute(delete(t.person_roles).where(t.person_roles.c.person_code == p["code"]))
            if p["roles"]:
                conn.execute(
                    insert(t.person_roles),
                    [{"person_code": p["code"], "role": r} for r in sorted(set(p["roles"]))],
                )
            conn.execute(delete(t.person_grids).where(t.person_grids.c.person_code == p["code"]))
            grids = sorted(set(p["grids"]))
            if grids:
                leaders = dict(
                    conn.execute(
                        select(t.grids.c.code, t.grids.c.leader_code).where(
                            t.grids.c.code.in_(grids), t.grids.c.is_current.is_(True)
                        )
                    ).all()
                )
                conn.execute(
                    insert(t.person_grids),
                    [
                        {
                            "person_code": p["code"],
                            "grid_code": code,
                            "duty": "leader" if leaders.get(code) == p["code"] else "member",
                        }
                        for code in grids
                    ],
                )
        n += len(page.people)
        return n

    def _events_and_cases(self, conn: Connection, page: PulledPage) -> tuple[int, int, int, int]:
        events = [i for i in page.items if isinstance(i, PulledEvent)]
        views: dict[str, PulledCase] = {}
        for item in page.items:
            if isinstance(item, PulledCase):
                views[item.case_uuid] = item  # the last view of a case in the page wins
        case_uuids = {e.case_uuid for e in events} | set(views)
        cases: dict[str, _CaseState] = {}
        for part in _chunks(sorted(case_uuids)):
            for row in conn.execute(
                select(t.cases.c.uuid, t.cases.c.id).where(t.cases.c.uuid.in_(part))
            ):
                cases[row.uuid] = _CaseState(row.id, CaseState.REPORTED)
        # Each case's state on the platform: where the last event taken from the feed left it.
        by_id = {c.id: c for c in cases.values()}
        for part in _chunks(sorted(by_id)):
            ranked = (
                select(
                    t.case_events.c.case_id,
                    t.case_events.c.to_state,
                    func.row_number()
                    .over(partition_by=t.case_events.c.case_id, order_by=t.case_events.c.seq.desc())
                    .label("rn"),
                )
                .where(t.case_events.c.case_id.in_(part), t.case_events.c.seq.is_not(None))
                .subquery()
            )
            for case_id, state in conn.execute(
                select(ranked.c.case_id, ranked.c.to_state).where(ranked.c.rn == 1)
            ):
                by_id[case_id].state = CaseState(state)
        known: dict[str, tuple[int, str]] = {}
        for part in _chunks(sorted({e.uuid for e in events})):
            for hit in conn.execute(
                select(t.case_events.c.uuid, t.case_events.c.id, t.case_events.c.status).where(
                    t.case_events.c.uuid.in_(part)
                )
            ):
                known[hit.uuid] = (hit.id, hit.status)
        seen_events: set[str] = set()
        for e in events:
            if e.uuid in seen_events:
                raise PageRefused(f"the page holds event {e.uuid} twice", event=e.uuid)
            seen_events.add(e.uuid)
        categories = set(conn.execute(select(t.categories.c.code)).scalars())
        for v in views.values():
            if v.category not in categories:
                raise PageRefused(
                    f"case {v.case_uuid} is filed under category {v.category}, unknown here",
                    category=v.category,
                )
        for e in events:
            if e.case is not None and e.case.get("category") not in categories:
                raise PageRefused(
                    f"report {e.uuid} files its case under category {e.case.get('category')},"
                    " unknown here",
                    category=e.case.get("category"),
                )
        self._new_cases(conn, events, cases, views)
        seq = int(conn.scalar(select(func.max(t.case_events.c.seq))) or 0)
        new_rows: list[dict[str, Any]] = []
        attachments: list[tuple[str, int, str, str, int]] = []  # (uuid, -, sha, mime, size)
        confirmed: list[dict[str, Any]] = []
        touched: set[int] = set()
        for ev in events:
            seq += 1
            case = cases.get(ev.case_uuid)
            if case is None:
                raise PageRefused(
                    f"the page has a {ev.type.value} event of case {ev.case_uuid}, "
                    "which was never reported",
                    case_uuid=ev.case_uuid,
                )
            before = case.state
            after = before
            if ev.folded:
                try:
                    after = next_state(None if ev.type is EventType.REPORT else before, ev.type)
                except (IllegalTransition, ValueError):
                    after = before
            case.state = after
            touched.add(case.id)
            status = SETTLED if ev.folded else UNFOLDED
            mine = known.get(ev.uuid)
            if mine is not None:
                confirmed.append(
                    {
                        "b_id": mine[0],
                        "b_seq": seq,
                        "b_status": status,
                        "b_from": None if ev.type is EventType.REPORT else before.value,
                        "b_to": after.value,
                    }
                )
                continue
            new_rows.append(
                {
                    "uuid": ev.uuid,
                    "case_id": case.id,
                    "type": ev.type.value,
                    "from_state": None if ev.type is EventType.REPORT else before.value,
                    "to_state": after.value,
                    "at": ev.at,
                    "actor_code": ev.actor,
                    "role": ev.role,
                    "note": ev.note,
                    "payload": json.dumps(dict(ev.payload), ensure_ascii=False, sort_keys=True)
                    if ev.payload
                    else None,
                    "origin": "pulled",
                    "status": status,
                    "seq": seq,
                }
            )
            for sha, mime, size in ev.attachments:
                attachments.append((ev.uuid, 0, sha, mime, size))
        if new_rows:
            ids = (
                conn.execute(
                    insert(t.case_events).returning(
                        t.case_events.c.id, sort_by_parameter_order=True
                    ),
                    new_rows,
                )
                .scalars()
                .all()
            )
            by_uuid = {r["uuid"]: i for r, i in zip(new_rows, ids, strict=True)}
            if attachments:
                conn.execute(
                    insert(t.attachments).prefix_with("OR IGNORE"),
                    [
                        {"sha256": sha, "event_id": by_uuid[u], "mime": mime, "size": size}
                        for u, _, sha, mime, size in attachments
                    ],
                )
        if confirmed:
            conn.execute(
                update(t.case_events)
                .where(t.case_events.c.id == bindparam("b_id"))
                .values(
                    seq=bindparam("b_seq"),
                    status=bindparam("b_status"),
                    from_state=bindparam("b_from"),
                    to_state=bindparam("b_to"),
                ),
                confirmed,
            )
            ids_done = [c["b_id"] for c in confirmed]
            for part in _chunks(ids_done):
                conn.execute(delete(t.outbox).where(t.outbox.c.event_id.in_(part)))
        for view in views.values():
            case = cases.get(view.case_uuid)
            if case is None:
                raise PageRefused(
                    f"the page has a view of case {view.case_uuid}, which was never reported",
                    case_uuid=view.case_uuid,
                )
            touched.add(case.id)
        self._write_views(conn, views, cases)
        self._refold_tails(conn, {cases[u].id for u in views})
        if touched:
            conn.execute(insert(t.changes), [{"case_id": i} for i in sorted(touched)])
        return len(events), len(new_rows), len(confirmed), len(views)

    def _new_cases(
        self,
        conn: Connection,
        events: Sequence[PulledEvent],
        cases: dict[str, _CaseState],
        views: Mapping[str, PulledCase],
    ) -> None:
        """Case rows for the reports of cases not known here; the view that follows a report on
        the feed (most often in the same page) brings the projection."""
        new = [e for e in events if e.type is EventType.REPORT and e.case_uuid not in cases]
        if not new:
            return
        grid_ids = dict(
            conn.execute(
                select(t.grids.c.code, t.grids.c.id).where(t.grids.c.is_current.is_(True))
            ).all()
        )
        rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        for e in new:
            if e.case_uuid in seen:
                continue
            seen.add(e.case_uuid)
            if e.case is None:
                raise PageRefused(f"report {e.uuid} carries no case", event=e.uuid)
            filed = e.case
            view = views.get(e.case_uuid)
            grid_code = view.grid_code if view else filed["grid_code"]
            grid_id = grid_ids.get(grid_code)
            if grid_id is None:
                raise PageRefused(
                    f"case {filed['case_no']} is filed in grid {grid_code}, unknown here",
                    grid=grid_code,
                )
            if view is not None:
                p = view.projection
            else:
                p = Projection(state=CaseState.REPORTED, updated_at=e.at)
            rows.append(
                {
                    "uuid": e.case_uuid,
                    "case_no": filed["case_no"],
                    "category_code": view.category if view else filed["category"],
                    "source": filed["source"],
                    "priority": view.priority if view else filed["priority"],
                    "grid_id": grid_id,
                    "grid_code": grid_code,
                    "description": filed["description"],
                    "address": filed["address"],
                    "lon": filed["lon"],
                    "lat": filed["lat"],
                    "reported_at": e.at,
                    "reporter_code": e.actor,
                    "server_projection": projection_json(p) if view is not None else None,
                    **projection_values(p),
                }
            )
        numbers = [r["case_no"] for r in rows]
        if len(set(numbers)) != len(numbers):
            twice = sorted(n for n in set(numbers) if numbers.count(n) > 1)[0]
            raise PageRefused(f"the page files two new cases as number {twice}", case_no=twice)
        taken = set(
            conn.execute(
                select(t.cases.c.case_no).where(t.cases.c.case_no.in_([r["case_no"] for r in rows]))
            ).scalars()
        )
        if taken:
            raise PageRefused(
                f"case number {sorted(taken)[0]} is held here by another case",
                case_no=sorted(taken)[0],
            )
        ids = (
            conn.execute(
                insert(t.cases).returning(t.cases.c.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        for row, case_id in zip(rows, ids, strict=True):
            cases[row["uuid"]] = _CaseState(case_id, CaseState.REPORTED)

    def _write_views(
        self, conn: Connection, views: Mapping[str, PulledCase], cases: Mapping[str, _CaseState]
    ) -> None:
        if not views:
            return
        grid_codes = {v.grid_code for v in views.values()}
        grid_ids = dict(
            conn.execute(
                select(t.grids.c.code, t.grids.c.id).where(
                    t.grids.c.is_current.is_(True), t.grids.c.code.in_(sorted(grid_codes))
                )
            ).all()
        )
        updates = []
        for v in views.values():
            grid_id = grid_ids.get(v.grid_code)
            if grid_id is None:
                raise PageRefused(
                    f"case {v.case_uuid} is in grid {v.grid_code}, unknown here", grid=v.grid_code
                )
            updates.append(
                {
                    "b_id": cases[v.case_uuid].id,
                    "category_code": v.category,
                    "grid_code": v.grid_code,
                    "grid_id": grid_id,
                    "priority": v.priority,
                    "server_projection": projection_json(v.projection),
                    **projection_values(v.projection),
                }
            )
        columns = ["category_code", "grid_code", "grid_id", "priority", "server_projection"]
        conn.execute(
            update(t.cases)
            .where(t.cases.c.id == bindparam("b_id"))
            .values({c: bindparam(c) for c in [*columns, *PROJECTION_COLUMNS]}),
            updates,
        )

    # -- the local projection ---------------------------------------------------------------
    def _refold_tails(self, conn: Connection, case_ids: Iterable[int]) -> None:
        """Fold the unconfirmed events of these cases onto the platform's projection (only the
        cases that have any)."""
        ids = sorted(set(case_ids))
        with_tail: set[int] = set()
        for part in _chunks(ids):
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
            for part in _chunks(sorted({o.uuid for o in outcomes})):
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
            for part in _chunks(list(outbox_ids)):
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
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            Refusal(
                event_id=r.id,
                case_id=r.case_id,
                case_no=r.case_no,
                type=EventType(r.type),
                at=r.at,
                actor=r.actor_code,
                role=r.role,
                note=r.note,
                status=r.status,
                reason=r.sync_reason,
                message=r.sync_message,
                server_case=json.loads(r.server_case) if r.server_case else None,
            )
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
                _upsert(conn, t.settings, {"key": key}, {"value": value})

    # -- counts --------------------------------------------------------------------------
    def counts(self) -> SyncCounts:
        e = t.case_events
        with self.engine.connect() as conn:
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

    # -- accounts ------------------------------------------------------------------------
    def remember_account(
        self,
        username: str,
        person: str,
        street: str | None,
        password: str,
        server: str,
        now: datetime,
    ) -> None:
        """After an online sign-in: keep a salted hash of the password for signing in here
        offline."""
        digest = hash_password(password)
        with self.engine.begin() as conn:
            _upsert(
                conn,
                t.local_accounts,
                {"username": username},
                {
                    "person_code": person,
                    "street": street,
                    "password_hash": digest,
                    "server": server,
                    "signed_in_at": now,
                },
            )

    def offline_account(self, username: str, password: str) -> LocalAccount | None:
        """The account if `password` is his, for a user who signed in online here before."""
        a = t.local_accounts
        with self.engine.connect() as conn:
            row = conn.execute(select(a).where(a.c.username == username)).first()
        if not verify_password(password, row.password_hash if row else None) or row is None:
            return None
        return LocalAccount(row.username, row.person_code, row.street, row.server, row.signed_in_at)

    def known_accounts(self) -> list[LocalAccount]:
        a = t.local_accounts
        with self.engine.connect() as conn:
            rows = conn.execute(select(a).order_by(a.c.signed_in_at.desc())).all()
        return [
            LocalAccount(r.username, r.person_code, r.street, r.server, r.signed_in_at)
            for r in rows
        ]


@dataclass(slots=True)
class _CaseState:
    id: int
    state: CaseState


def _set_meta(conn: Connection, values: Mapping[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            conn.execute(delete(t.sync_meta).where(t.sync_meta.c.key == key))
        else:
            _upsert(conn, t.sync_meta, {"key": key}, {"value": value})


def _upsert(
    conn: Connection, table: Any, key: Mapping[str, Any], values: Mapping[str, Any]
) -> None:
    where = [table.c[k] == v for k, v in key.items()]
    done = conn.execute(update(table).where(*where).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(table).values(**key, **values))


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _error_text(o: Outcome) -> str:
    return f"{o.reason or o.status}: {o.message or ''}".strip()
