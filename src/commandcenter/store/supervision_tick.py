"""`tick`: apply every due supervision rule up to a time, in transactions of at most 1 000 cases.
Idempotent: what a run wrote makes the rules ask for nothing more at the same time."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update

from ..domain.calendar import WorkingCalendar
from ..domain.lifecycle import EventType
from ..domain.supervision import SUPERVISABLE, SupervisionRules, due_commands
from ..domain.transitions import decide
from . import schema as t
from .case_commands import (
    PROJECTION_COLUMNS,
    outbox_body,
    projection_from_row,
    projection_values,
)
from .deadline_policies import DeadlinePolicies

BATCH = 1000


@dataclass
class TickReport:
    examined: int = 0
    cases: int = 0
    events: int = 0
    supervised: int = 0
    raised: int = 0
    escalated: int = 0
    batches: int = 0


class SupervisionTick:
    def __init__(self, engine: Engine, calendar: WorkingCalendar, rules: SupervisionRules) -> None:
        self.engine = engine
        self.calendar = calendar
        self.rules = rules
        self._policies = DeadlinePolicies(calendar)

    def run(self, now: datetime, batch: int = BATCH) -> TickReport:
        report = TickReport()
        last_id = 0
        while True:
            with self.engine.begin() as conn:
                rows = conn.execute(
                    select(t.cases)
                    .where(
                        t.cases.c.state.in_([s.value for s in SUPERVISABLE]),
                        t.cases.c.due_at < now,
                        t.cases.c.id > last_id,
                    )
                    .order_by(t.cases.c.id)
                    .limit(batch)
                ).all()
                if not rows:
                    break
                last_id = rows[-1].id
                report.batches += 1
                report.examined += len(rows)
                events: list[dict[str, Any]] = []
                bodies: list[str] = []
                updates: list[dict[str, Any]] = []
                for row in rows:
                    current = projection_from_row(row)
                    commands = due_commands(
                        current, row.category_code, now, self.rules, self.calendar
                    )
                    if not commands:
                        continue
                    policy = self._policies.for_category(conn, row.category_code)
                    p = current
                    for command in commands:
                        after = decide(command, p, policy)
                        event, body = _event_row(
                            row.id, row.uuid, command, p.state.value, after.state.value
                        )
                        events.append(event)
                        bodies.append(body)
                        _count(report, command.type)
                        p = after
                    updates.append({"b_id": row.id, **projection_values(p)})
                if not updates:
                    continue
                ids = (
                    conn.execute(
                        insert(t.case_events).returning(
                            t.case_events.c.id, sort_by_parameter_order=True
                        ),
                        events,
                    )
                    .scalars()
                    .all()
                )
                conn.execute(
                    update(t.cases)
                    .where(t.cases.c.id == bindparam("b_id"))
                    .values({c: bindparam(c) for c in PROJECTION_COLUMNS}),
                    updates,
                )
                conn.execute(insert(t.changes), [{"case_id": u["b_id"]} for u in updates])
                conn.execute(
                    insert(t.outbox),
                    [
                        {"event_id": i, "created_at": e["at"], "attempts": 0, "body": b}
                        for i, e, b in zip(ids, events, bodies, strict=True)
                    ],
                )
                report.cases += len(updates)
                report.events += len(events)
        return report


def _event_row(
    case_id: int, case_uuid: str, command: Any, before: str, after: str
) -> tuple[dict[str, Any], str]:
    """The event's row and its outbox body."""
    event_uuid = str(uuid.uuid4())
    payload = dict(command.payload)
    return {
        "uuid": event_uuid,
        "case_id": case_id,
        "type": command.type.value,
        "from_state": before,
        "to_state": after,
        "at": command.at,
        "actor_code": None,
        "role": command.role.value,
        "note": command.note,
        "payload": json.dumps(dict(command.payload), sort_keys=True) if command.payload else None,
        "origin": "local",
        "status": "pending",
    }, outbox_body(event_uuid, case_uuid, command, payload, (), None)


def _count(report: TickReport, kind: EventType) -> None:
    if kind is EventType.SUPERVISE:
        report.supervised += 1
    elif kind is EventType.RAISE_LEVEL:
        report.raised += 1
    elif kind is EventType.ESCALATE:
        report.escalated += 1
