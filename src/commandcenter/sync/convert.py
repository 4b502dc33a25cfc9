"""Between the protocol's bodies and the store's terms: a page of the feed as a `PulledPage`, a
queued event's frozen body as an `Event`, an `EventResult` as an `Outcome`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..protocol import LOCAL_ZONE, ChangePage, Event, EventResult, to_local
from ..store.pulled_page import PulledCase, PulledEvent, PulledPage
from ..store.sync_store import Outcome


def pulled_page(page: ChangePage) -> PulledPage:
    out = PulledPage()
    for change in page.changes:
        if change.event is not None:
            ev = change.event
            out.items.append(
                PulledEvent(
                    uuid=str(ev.uuid),
                    case_uuid=str(ev.case_uuid),
                    type=ev.type,
                    at=to_local(ev.at),
                    actor=ev.actor,
                    role=ev.role.value,
                    note=ev.note,
                    payload=ev.payload.fields(),
                    attachments=[(a.sha256, a.mime, a.size) for a in ev.attachments],
                    folded=bool(change.folded),
                    case=ev.case.model_dump(mode="json") if ev.case is not None else None,
                )
            )
        elif change.case is not None:
            view = change.case
            assert view.projection is not None  # Change checks it
            out.items.append(
                PulledCase(
                    case_uuid=view.case_uuid,
                    category=view.category,
                    grid_code=view.grid_code,
                    priority=view.priority.value,
                    projection=view.projection.domain(),
                )
            )
        elif change.department is not None:
            out.departments.append((change.department.code, change.department.name))
        elif change.category is not None:
            c = change.category
            out.categories.append(
                {
                    "code": c.code,
                    "name": c.name,
                    "kind": c.kind,
                    "parent": c.parent,
                    "time_limit": c.time_limit,
                    "time_unit": c.time_unit.value if c.time_unit else None,
                    "department": c.department,
                    "priority": c.priority.value,
                }
            )
        elif change.grid is not None:
            g = change.grid
            out.grids.append(
                {
                    "code": g.code,
                    "version": g.version,
                    "name": g.name,
                    "level": g.level,
                    "parent": g.parent,
                    "leader": g.leader,
                    "geometry": json.dumps(
                        g.geometry.model_dump(mode="json"), separators=(",", ":")
                    ),
                }
            )
        elif change.person is not None:
            p = change.person
            out.people.append(
                {
                    "code": p.code,
                    "name": p.name,
                    "phone": p.phone,
                    "roles": [r.value for r in p.roles],
                    "grids": list(p.grids),
                    "department": p.department,
                    "street": p.street,
                }
            )
    return out


def event_of(body: Mapping[str, Any]) -> Event:
    """A queued event's frozen body (store/case_commands.outbox_body) as the protocol sends it;
    ValueError when it cannot be sent as it is."""
    data = dict(body)
    at = datetime.fromisoformat(data["at"])
    data["at"] = (at.replace(tzinfo=LOCAL_ZONE) if at.tzinfo is None else at).isoformat()
    data["payload"] = {k: v for k, v in (data.get("payload") or {}).items() if v is not None}
    if data.get("case") is None:
        data.pop("case", None)
    return Event.model_validate_json(json.dumps(data, ensure_ascii=False))


def outcome_of(result: EventResult) -> Outcome:
    return Outcome(
        uuid=result.uuid,
        status=result.status,
        reason=result.reason,
        message=result.message,
        server_case=result.case.model_dump_json(exclude={"projection"}) if result.case else None,
    )
