"""Writing a checked ledger (store/ledger_import_plan.py plans it): each planned case as the
lifecycle history that brings it to its ledger state (上报, 受理立案, 派遣, 处置反馈, 结案 …),
every event checked by the lifecycle engine and dated by the ledger's found and closed times,
origin 'import' (never queued for the platform), and what the clerk typed kept in
`ledger_entries`. The whole file in one transaction; cases, events and typed values inserted in
batches."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from ..domain.calendar import WorkingCalendar
from ..domain.enums import CaseState, Priority, Role
from ..domain.errors import ValidationError
from ..domain.lifecycle import EventType
from ..domain.projection import Projection, initial
from ..domain.transitions import Command, decide
from . import schema as t
from .case_commands import inserted_id, projection_values
from .ledger_import_plan import ImportPlan, PlannedCase, existing_numbers

E = EventType
ORIGIN = "import"
CASE_PREFIX = "TZ"  # 台账: numbers given to rows typed without one


def _history(case: PlannedCase) -> list[Command]:
    """The events that bring the case to its ledger state, dated as the ledger says."""
    row = case.row
    found, closed = case.found_at, row.closed_at or case.found_at
    note = f"台账导入（第{row.row}行）"

    def cmd(
        event: EventType, role: Role, at: datetime = found, text: str = "", **payload: Any
    ) -> Command:
        return Command(event, None, role, at, text or note, payload)

    desk, leader = Role.DUTY_OFFICER, Role.SHIFT_LEADER
    events = [cmd(E.REPORT, desk)]
    state = case.state
    reason = row.remark or row.measures
    if state is CaseState.REJECTED:
        return [*events, cmd(E.REJECT_INVALID, leader, text=reason)]
    if state is CaseState.VOIDED:
        return [*events, cmd(E.VOID, leader, text=reason)]
    if state is CaseState.REPORTED:
        return events
    events.append(cmd(E.ACCEPT, desk))
    if state is CaseState.ESCALATED:
        return [*events, cmd(E.ESCALATE, desk, text=reason)]
    if state is CaseState.ACCEPTED:
        return events
    events.append(cmd(E.DISPATCH, desk, **case.handler))
    if state is CaseState.SHELVED:
        return [*events, cmd(E.SHELVE_REQUEST, desk, text=reason), cmd(E.SHELVE_APPROVE, leader)]
    if state is CaseState.DISPATCHED:
        return events
    events.append(cmd(E.HANDLE, desk, closed, row.measures))
    if state is CaseState.HANDLED:
        return events
    return [*events, cmd(E.CLOSE, leader, closed)]


def write_import(
    engine: Engine,
    plan: ImportPlan,
    calendar: WorkingCalendar,
    *,
    source_file: str,
    now: datetime,
) -> list[str]:
    """Writes the plan's cases in one transaction; returns their numbers. A case number taken
    meanwhile (another import, a sync) fails the whole import, writing nothing."""
    from .case_commands import CaseCommands

    commands = CaseCommands(engine, calendar)
    written: list[str] = []
    with engine.begin() as conn:
        numbers = _Numbers(conn)
        taken = existing_numbers(conn, [c.case_no for c in plan.cases if c.case_no])
        if taken:
            raise ValidationError(
                f"case {sorted(taken)[0]} was recorded while the ledger was checked; import again",
                case_no=sorted(taken)[0],
            )
        grid_ids = dict(
            conn.execute(select(t.grids.c.code, t.grids.c.id).where(t.grids.c.is_current)).all()
        )
        priorities = dict(conn.execute(select(t.categories.c.code, t.categories.c.priority)).all())
        events: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        add_case = insert(t.cases)  # one compiled statement, executed with each case's values
        for case in plan.cases:
            policy = commands.policy(conn, case.category_code)
            history = _history(case)
            p: Projection = initial(case.found_at, policy)
            projections = [p]
            for command in history[1:]:
                p = decide(command, p, policy)
                projections.append(p)
            case_no = case.case_no or numbers.next(case.found_at)
            row = case.row
            case_values = {
                "uuid": str(uuid.uuid4()),
                "case_no": case_no,
                "category_code": case.category_code,
                "source": case.source.value,
                "priority": priorities.get(case.category_code) or Priority.NORMAL.value,
                "grid_id": grid_ids[case.grid_code],
                "grid_code": case.grid_code,
                "description": row.description,
                "address": "",
                "lon": None,
                "lat": None,
                "reported_at": case.found_at,
                "reporter_code": None,
                "server_projection": None,
                **projection_values(p),
            }
            case_id = inserted_id(conn.execute(add_case, case_values))
            before: CaseState | None = None
            for command, after in zip(history, projections, strict=True):
                payload = dict(command.payload)
                events.append(
                    {
                        "uuid": str(uuid.uuid4()),
                        "case_id": case_id,
                        "type": command.type.value,
                        "from_state": before.value if before else None,
                        "to_state": after.state.value,
                        "at": command.at,
                        "actor_code": None,
                        "role": command.role.value,
                        "note": command.note,
                        "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True)
                        if payload
                        else None,
                        "origin": ORIGIN,
                        "status": "settled",
                    }
                )
                before = after.state
            entries.append(
                {
                    "case_id": case_id,
                    "case_updated_at": p.updated_at,
                    "grid_leader": row.grid_leader,
                    "unit": row.unit,
                    "measures": row.measures,
                    "due_at": row.due_at,
                    "remark": row.remark,
                    "source_file": source_file[:255],
                    "source_row": row.row,
                    "imported_at": now,
                }
            )
            written.append(case_no)
        if entries:
            conn.execute(insert(t.case_events), events)
            conn.execute(insert(t.changes), [{"case_id": e["case_id"]} for e in entries])
            conn.execute(insert(t.ledger_entries), entries)
    return written


class _Numbers:
    """TZ + the day found + a running number: the numbers of rows typed without one."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.last: dict[str, int] = {}

    def next(self, found: datetime) -> str:
        prefix = f"{CASE_PREFIX}{found:%Y%m%d}"
        if prefix not in self.last:
            top = self.conn.scalar(
                select(func.max(t.cases.c.case_no)).where(t.cases.c.case_no.like(prefix + "%"))
            )
            self.last[prefix] = (
                int(top[len(prefix) :]) if top and top[len(prefix) :].isdigit() else 0
            )
        self.last[prefix] += 1
        return f"{prefix}{self.last[prefix]:04d}"
