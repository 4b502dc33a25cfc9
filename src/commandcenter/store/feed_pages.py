"""Writing one page of the district platform's feed into the local database (inside the
transaction store/sync_store.py opens with the cursor): reference data upserted, cases created
from their reports, pulled events inserted (never queued), this workstation's own events
confirmed by uuid, the last view of each case written as its agreed projection, and the cases
with unconfirmed local events refolded. Anything the page holds that the database cannot is
PageRefused, and the transaction writes nothing.

What a page holds is in store/pulled_page.py, the reference data's writing in
store/reference_data.py."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from ..domain.enums import CaseState
from ..domain.errors import DomainError, IllegalTransition
from ..domain.lifecycle import EventType, next_state
from ..domain.projection import Projection, projection_json
from . import schema as t
from .case_commands import PROJECTION_COLUMNS, CaseCommands, projection_values
from .pulled_page import PageReport, PulledCase, PulledEvent, PulledPage
from .reference_data import write_reference
from .writes import chunks

SETTLED, UNFOLDED = "settled", "unfolded"


class PageRefused(DomainError):
    """A page that cannot be applied as it is; nothing of it was written."""

    code = "malformed_page"


@dataclass(slots=True)
class _CaseState:
    id: int
    state: CaseState


class PageWriter:
    def __init__(
        self,
        commands: CaseCommands,
        refold_tails: Callable[[Connection, Iterable[int]], None],
    ) -> None:
        self.commands = commands
        self.refold_tails = refold_tails

    def apply(self, conn: Connection, page: PulledPage) -> PageReport:
        reference = self._reference(conn, page)
        report = self._events_and_cases(conn, page)
        return PageReport(
            events=report[0],
            new_events=report[1],
            confirmed=report[2],
            cases=report[3],
            reference=reference,
        )

    def _reference(self, conn: Connection, page: PulledPage) -> int:
        n = write_reference(conn, page)
        if page.categories:
            # New limits: the next fold must read them.
            self.commands.forget_policies()
        return n

    def _events_and_cases(self, conn: Connection, page: PulledPage) -> tuple[int, int, int, int]:
        events = [i for i in page.items if isinstance(i, PulledEvent)]
        views: dict[str, PulledCase] = {}
        for item in page.items:
            if isinstance(item, PulledCase):
                views[item.case_uuid] = item  # the last view of a case in the page wins
        case_uuids = {e.case_uuid for e in events} | set(views)
        cases: dict[str, _CaseState] = {}
        for part in chunks(sorted(case_uuids)):
            for row in conn.execute(
                select(t.cases.c.uuid, t.cases.c.id).where(t.cases.c.uuid.in_(part))
            ):
                cases[row.uuid] = _CaseState(row.id, CaseState.REPORTED)
        # Each case's state on the platform: where the last event taken from the feed left it.
        by_id = {c.id: c for c in cases.values()}
        for part in chunks(sorted(by_id)):
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
        for part in chunks(sorted({e.uuid for e in events})):
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
            # A plain executemany: with RETURNING, SQLite takes the rows one statement each.
            conn.execute(insert(t.case_events), new_rows)
            if attachments:
                by_uuid = _ids_by_uuid(conn, t.case_events, {a[0] for a in attachments})
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
            for part in chunks(ids_done):
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
        self.refold_tails(conn, {cases[u].id for u in views})
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
        conn.execute(insert(t.cases), rows)
        for uuid, case_id in _ids_by_uuid(conn, t.cases, {r["uuid"] for r in rows}).items():
            cases[uuid] = _CaseState(case_id, CaseState.REPORTED)

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


def _ids_by_uuid(conn: Connection, table: Any, uuids: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in chunks(sorted(uuids)):
        query = select(table.c.uuid, table.c.id).where(table.c.uuid.in_(part))
        out.update((uuid, id_) for uuid, id_ in conn.execute(query))
    return out
