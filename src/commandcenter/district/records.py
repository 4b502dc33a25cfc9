"""Rows as the bodies the protocol sends: a person, a grid, a category, an event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Row

from ..protocol import to_wire


def _m(row: Row | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(row, Row):
        return dict(row._mapping)
    return row


def person_body(row: Row | Mapping[str, Any]) -> dict[str, Any]:
    r = _m(row)
    return {
        "code": r["code"],
        "name": r["name"],
        "phone": r["phone"],
        "roles": json.loads(r["roles"]),
        "grids": json.loads(r["grids"]),
        "department": r["department"],
        "street": r["street"],
    }


def grid_body(row: Row | Mapping[str, Any]) -> dict[str, Any]:
    r = _m(row)
    return {
        "code": r["code"],
        "version": r["version"],
        "name": r["name"],
        "level": r["level"],
        "parent": r["parent"],
        "leader": r["leader"],
        "geometry": json.loads(r["geometry"]),
    }


def category_body(row: Row | Mapping[str, Any]) -> dict[str, Any]:
    r = _m(row)
    return {
        "code": r["code"],
        "name": r["name"],
        "kind": r["kind"],
        "parent": r["parent"],
        "time_limit": r["time_limit"],
        "time_unit": r["time_unit"],
        "department": r["department"],
        "priority": r["priority"],
    }


def event_body(
    event: Row | Mapping[str, Any], case: Row | Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An event as the feed sends it; a report carries the case it files (`case`: its row)."""
    e = _m(event)
    body: dict[str, Any] = {
        "uuid": e["uuid"],
        "case_uuid": e["case_uuid"],
        "type": e["type"],
        "at": to_wire(e["at"]),
        "actor": e["actor"],
        "role": e["role"],
        "note": e["note"],
        "payload": json.loads(e["payload"]),
        "attachments": json.loads(e["attachments"]),
    }
    if case is not None:
        c = _m(case)
        body["case"] = {
            "case_no": c["case_no"],
            "category": c["category"],
            "source": c["source"],
            "priority": c["priority"],
            "grid_code": c["grid_code"],
            "description": c["description"],
            "address": c["address"],
            "lon": c["lon"],
            "lat": c["lat"],
        }
    return body
