"""Apply the supervision and escalation rules up to a time (`commandcenter tick`; the window runs
it every minute in a child process)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import defaults
from ..domain.clock import office_now
from ..store.database import open_database
from ..store.supervision_tick import SupervisionTick, TickReport


@dataclass(frozen=True)
class TickRequest:
    db: Path
    now: datetime | None = None  # default: the office's clock
    rules: Path | None = None  # supervision rules JSON (default: the shipped one)
    calendar: Path | None = None  # calendar JSON (default: the shipped one)


@dataclass(frozen=True)
class TickResult:
    now: datetime
    report: TickReport

    def as_json(self) -> dict[str, Any]:
        return {"now": self.now.isoformat(), **dataclasses.asdict(self.report)}

    def lines(self) -> list[str]:
        r = self.report
        return [
            f"tick {self.now.isoformat()}: {r.examined} overdue cases examined, "
            f"{r.cases} changed: {r.supervised} supervised, {r.raised} raised, "
            f"{r.escalated} escalated ({r.events} events)"
        ]


def run_tick(request: TickRequest) -> TickResult:
    calendar = defaults.calendar(request.calendar)
    rules = defaults.supervision_rules(request.rules)
    now = request.now or office_now().replace(microsecond=0)
    db = open_database(request.db, create=False)
    try:
        report = SupervisionTick(db.engine, calendar, rules).run(now)
    finally:
        db.dispose()
    return TickResult(now, report)
