"""Counts of a database (`commandcenter info`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.enums import CaseState
from ..store.database import open_readonly
from ..store.repositories import DatabaseSummary, summarize


@dataclass(frozen=True)
class InfoRequest:
    db: Path


@dataclass(frozen=True)
class DatabaseInfo:
    db: Path
    summary: DatabaseSummary

    def as_json(self) -> dict[str, Any]:
        s = self.summary
        return {
            "cases": s.cases_by_state,
            "departments": s.departments,
            "events": s.events,
            "first_reported": _iso(s.first_reported),
            "grids": {str(level): s.grids_by_level.get(level, 0) for level in (1, 2, 3, 4)},
            "last_reported": _iso(s.last_reported),
            "people": s.people,
        }

    def lines(self) -> list[str]:
        s = self.summary
        out = [f"{self.db}"]
        out += [f"  {CaseState(state).label:<6} {n:>9}" for state, n in s.cases_by_state.items()]
        out.append(f"  events {s.events}, people {s.people}, departments {s.departments}")
        grids = ", ".join(f"L{k}: {v}" for k, v in sorted(s.grids_by_level.items()))
        out.append(f"  grids {grids}")
        out.append(f"  reported {_iso(s.first_reported)} .. {_iso(s.last_reported)}")
        return out


def database_info(request: InfoRequest) -> DatabaseInfo:
    db = open_readonly(request.db)
    try:
        return DatabaseInfo(request.db, summarize(db.engine))
    finally:
        db.dispose()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
