"""What the map shows, as plain data for the page: current grids of a level as GeoJSON features
(code, name, leader) and open cases with a point as markers (id, number, light). The page sets
every text with textContent; nothing here is HTML."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from ..domain.periods import week_period
from ..domain.supervision import SUPERVISABLE, light
from . import schema as t
from .indicators import Weights, stats_table

_CHUNK = 500
DESCRIPTION_CHARS = 80  # in a marker's tooltip


def grid_features(engine: Engine, level: int) -> list[dict[str, Any]]:
    g = t.grids.c
    query = (
        select(g.code, g.name, g.level, g.parent_code, g.geometry, t.people.c.name.label("leader"))
        .select_from(t.grids.outerjoin(t.people, t.people.c.code == g.leader_code))
        .where(g.is_current.is_(True), g.level == level, g.geometry.is_not(None))
        .order_by(g.code)
    )
    with engine.connect() as conn:
        return [
            {
                "type": "Feature",
                "geometry": json.loads(r.geometry),
                "properties": {
                    "code": r.code,
                    "name": r.name,
                    "level": r.level,
                    "parent": r.parent_code,
                    "leader": r.leader or "",
                },
            }
            for r in conn.execute(query)
        ]


def case_markers(
    engine: Engine, now: datetime, ids: Iterable[int] | None = None
) -> list[dict[str, Any]]:
    """Open cases with a point; with `ids`, only those (a case that closed or lost its point is
    simply absent: the page removes its marker)."""
    c = t.cases.c
    base = (
        select(c.id, c.case_no, c.description, c.lon, c.lat, c.grid_code, c.yellow_at, c.due_at)
        .where(
            c.state.in_([s.value for s in SUPERVISABLE]),
            c.lon.is_not(None),
            c.lat.is_not(None),
        )
        .order_by(c.id)
    )
    rows: list[Any] = []
    with engine.connect() as conn:
        if ids is None:
            rows = list(conn.execute(base))
        else:
            wanted = sorted(set(ids))
            for start in range(0, len(wanted), _CHUNK):
                rows += conn.execute(base.where(c.id.in_(wanted[start : start + _CHUNK]))).all()
    return [
        {
            "id": r.id,
            "no": r.case_no,
            "desc": r.description[:DESCRIPTION_CHARS],
            "lat": r.lat,
            "lon": r.lon,
            "grid": r.grid_code,
            "light": light(now, r.yellow_at, r.due_at).value,
        }
        for r in rows
    ]


def week_figures(
    engine: Engine, level: int, now: datetime, weights: Weights
) -> dict[str, dict[str, Any]]:
    """This ISO week's indicators ([3/10]) of the level's grids (2 or 3), by grid code."""
    table = stats_table(engine, f"grid{level}", week_period(now.date()), weights, now)
    return {row["code"]: row for row in table.rows}
