"""Supervision rules: 超时督办 when a stage is overdue, then one escalation level up per further
delay, the district reached by escalation (已上报). Pure: given a case's stored deadline and
state, and a time, the events the rules want recorded. `tick` in the store applies them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .calendar import WorkingCalendar
from .enums import CaseState, EscalationLevel, Role
from .errors import ValidationError
from .lifecycle import EventType
from .projection import Projection
from .transitions import Command

_LEVEL_NAMES = {"community": EscalationLevel.COMMUNITY, "street": EscalationLevel.STREET,
                "district": EscalationLevel.DISTRICT}  # fmt: skip
# Levels rise while a case waits for the street to act on it; a handled case waits for the
# inspector and is only supervised.
RAISABLE = frozenset({CaseState.ACCEPTED, CaseState.DISPATCHED})
SUPERVISABLE = frozenset(
    {CaseState.REPORTED, CaseState.ACCEPTED, CaseState.DISPATCHED, CaseState.HANDLED}
)


class Light(StrEnum):
    """Traffic light of a stage: green below 80 % of the limit used, yellow 80-100 %, red past."""

    NONE = "none"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


def light(now: datetime, yellow_at: datetime | None, due_at: datetime | None) -> Light:
    if due_at is None or yellow_at is None:
        return Light.NONE
    if now > due_at:
        return Light.RED
    if now >= yellow_at:
        return Light.YELLOW
    return Light.GREEN


@dataclass(frozen=True, slots=True)
class SupervisionRules:
    supervise_after: timedelta = timedelta(0)
    # Working hours after the deadline at which the level rises once more, one per step.
    raise_after_hours: tuple[float, ...] = (4, 8, 16)
    immediate: Mapping[str, EscalationLevel] = field(default_factory=dict)

    def thresholds(self, due_at: datetime, calendar: WorkingCalendar) -> list[datetime]:
        out, total = [], 0.0
        for hours in self.raise_after_hours:
            total += hours
            out.append(calendar.add_working_minutes(due_at, total * 60))
        return out


def parse_rules(text: str, source: str = "supervision rules") -> SupervisionRules:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{source}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{source}: the top level must be an object")
    minutes = data.get("supervise_after_minutes", 0)
    steps = data.get("raise_after_working_hours", [4, 8, 16])
    if not isinstance(minutes, int | float) or isinstance(minutes, bool) or minutes < 0:
        raise ValidationError(f"{source}: 'supervise_after_minutes' must be 0 or more")
    if (
        not isinstance(steps, list)
        or len(steps) != 3
        or not all(isinstance(h, int | float) and not isinstance(h, bool) and h > 0 for h in steps)
    ):
        raise ValidationError(
            f"{source}: 'raise_after_working_hours' must list three positive delays "
            "(to community, street, district)"
        )
    immediate: dict[str, EscalationLevel] = {}
    for code, level in (data.get("immediate") or {}).items():
        if level not in _LEVEL_NAMES:
            raise ValidationError(
                f"{source}: immediate level of '{code}' is {level!r}, "
                f"expected one of {', '.join(_LEVEL_NAMES)}"
            )
        immediate[code] = _LEVEL_NAMES[level]
    return SupervisionRules(
        supervise_after=timedelta(minutes=minutes),
        raise_after_hours=tuple(float(h) for h in steps),
        immediate=immediate,
    )


def due_commands(
    p: Projection,
    category: str,
    now: datetime,
    rules: SupervisionRules,
    calendar: WorkingCalendar,
) -> list[Command]:
    """The rule events due for this case by `now`, oldest first; none when nothing is due.
    Applying them and asking again with the same `now` gives none: the rules are idempotent."""
    if p.due_at is None or p.state not in SUPERVISABLE or now <= p.due_at:
        return []
    out: list[Command] = []
    last = p.updated_at

    def add(kind: EventType, at: datetime, note: str, payload: dict | None = None) -> None:
        nonlocal last
        at = max(at, last)
        last = at
        out.append(Command(kind, None, Role.SYSTEM, at, note, payload or {}))

    supervise_at = p.due_at + rules.supervise_after
    if not p.supervised and supervise_at <= now:
        add(EventType.SUPERVISE, supervise_at, "超时未办结，启动超时督办")
    if p.state not in RAISABLE:
        return out
    target, reached = p.escalation_level, p.due_at
    for step, at in enumerate(rules.thresholds(p.due_at, calendar), start=2):
        if at <= now and step > target:
            target, reached = EscalationLevel(step), at
    immediate = rules.immediate.get(category)
    if immediate is not None and immediate > target:
        target, reached = immediate, max(reached, supervise_at)
    if target <= p.escalation_level:
        return out
    within_street = min(target, EscalationLevel.STREET)
    if within_street > p.escalation_level:
        add(
            EventType.RAISE_LEVEL,
            reached,
            f"超期未办结，提级至{within_street.label}",
            {"level": int(within_street)},
        )
    if target is EscalationLevel.DISTRICT:
        add(EventType.ESCALATE, reached, "超期未办结，逐级上报区级平台", {"level": 4})
    return out
