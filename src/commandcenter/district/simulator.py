"""`--simulate RATE`: the district's other people at work, so that a connected client's queues
move. RATE times a minute one of: a grid member reports a problem on patrol (with a photo, most
of the time), the citizens' hotline (12345) passes a report down, the district assigns a case
(上级交办), or the district answers a case a street escalated (派遣 back down, or 结案). Each goes
through the same intake as a client's push, under the district's rules."""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..demo import photos, texts
from ..demo.streets import STREETS
from ..domain.enums import CaseState, HandlerKind, Priority, Role, Source
from ..domain.lifecycle import EventType
from ..geo.locate import random_points_in
from ..protocol import LOCAL_ZONE, AttachmentRef, Event, EventPayload, NewCase
from . import schema as t
from .attachments import Attachments
from .database import PlatformDatabase, local_now
from .intake import Intake
from .principals import Principal
from .seed import DISTRICT_PERSON

log = logging.getLogger(__name__)
E = EventType
# What happens, with its share of the rate.
KINDS = (("patrol", 0.55), ("hotline", 0.2), ("assigned", 0.12), ("district", 0.13))
DEMO_STREET_SHARE = 0.5  # half of what happens is in 商都路, where the demo client looks
# The district platform's own desk, acting for the hotline and the district.
DISTRICT = Principal("simulator", DISTRICT_PERSON, "", frozenset({Role.DISTRICT}), None)


@dataclass(frozen=True, slots=True)
class _Leaf:
    code: str
    name: str
    street: str
    geometry: dict
    members: tuple[str, ...]


class Simulator:
    def __init__(
        self,
        db: PlatformDatabase,
        intake: Intake,
        attachments: Attachments,
        rate_per_minute: float,
        *,
        seed: int | None = None,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        if not rate_per_minute > 0:
            raise ValueError("the simulation rate is a number of events a minute, above 0")
        self.db = db
        self.intake = intake
        self.attachments = attachments
        self.interval = 60.0 / rate_per_minute
        self.rng = random.Random(seed)
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._photos: list[AttachmentRef] = []
        self._bytes: dict[str, bytes] = {}
        self._uploaded: set[tuple[str, str | None]] = set()
        self.done: dict[str, int] = {}
        self._load()

    # -- set-up ---------------------------------------------------------------------------
    def _load(self) -> None:
        with self.db.read_engine.connect() as conn:
            grids = conn.execute(
                select(
                    t.grids.c.code,
                    t.grids.c.name,
                    t.grids.c.parent,
                    t.grids.c.street,
                    t.grids.c.geometry,
                ).where(t.grids.c.is_current.is_(True))
            ).all()
            people = conn.execute(select(t.people)).all()
            cats = conn.execute(
                select(t.categories.c.code, t.categories.c.priority).where(
                    t.categories.c.time_limit.is_not(None)
                )
            ).all()
        parents = {g.parent for g in grids}
        members: dict[str, list[str]] = {}
        self.liaisons: dict[tuple[str, str], str] = {}
        for p in people:
            roles = json.loads(p.roles)
            if Role.GRID_MEMBER.value in roles:
                for g in json.loads(p.grids):
                    members.setdefault(g, []).append(p.code)
            if Role.DEPARTMENT_LIAISON.value in roles and p.department and p.street:
                self.liaisons[(p.street, p.department)] = p.code
        self.leaves = [
            _Leaf(g.code, g.name, g.street, json.loads(g.geometry), tuple(members[g.code]))
            for g in grids
            if g.code not in parents and members.get(g.code)
        ]
        if not self.leaves or not cats:
            raise ValueError("the platform has no grids with members or no categories: seed it")
        self.categories = [(c.code, Priority(c.priority)) for c in cats]
        self.streets = sorted({leaf.street for leaf in self.leaves})
        self.abbrev = {s.code: s.abbrev for s in STREETS}

    # -- running --------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="simulator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.step()
            except Exception:
                log.exception("simulation step failed")

    def step(self) -> str:
        """One thing happens; returns what (patrol, hotline, assigned, district)."""
        r, kind = self.rng.random(), KINDS[-1][0]
        for name, share in KINDS:
            if r < share:
                kind = name
                break
            r -= share
        if kind == "district" and not self._district_answers():
            kind = "patrol"
        if kind != "district":
            self._report(Source(kind) if kind != "patrol" else Source.PATROL)
        self.done[kind] = self.done.get(kind, 0) + 1
        return kind

    # -- what happens ---------------------------------------------------------------------
    def _street(self) -> str:
        demo = STREETS[0].code
        if demo in self.streets and self.rng.random() < DEMO_STREET_SHARE:
            return demo
        return self.rng.choice(self.streets)

    def _photo(self, who: Principal) -> AttachmentRef:
        """One of a few photos, uploaded as the reporter's street does (a street reads and
        refers to only what it uploaded or was referred to in its cases)."""
        if not self._photos:
            for before, _after in photos.photo_pool(self.rng.getrandbits(32), 4):
                sha = hashlib.sha256(before).hexdigest()
                self._bytes[sha] = before
                self._photos.append(AttachmentRef(sha256=sha, mime="image/png", size=len(before)))
        ref = self.rng.choice(self._photos)
        if (ref.sha256, who.street) not in self._uploaded:
            data = self._bytes[ref.sha256]
            self.attachments.put(who, ref.sha256, "image/png", data, None, self.clock())
            self._uploaded.add((ref.sha256, who.street))
        return ref

    def _case_no(self, street: str, now: datetime) -> str:
        """The platform's own form: the street's prefix, the day, a running number of four."""
        with self.db.read_engine.connect() as conn:
            street_prefix = conn.scalar(
                select(t.case_prefixes.c.prefix).where(t.case_prefixes.c.street == street)
            )
            prefix = f"{street_prefix or self.abbrev.get(street, 'ZD')}{now:%Y%m%d}"
            n = conn.scalar(
                select(func.count())
                .select_from(t.cases)
                .where(t.cases.c.case_no.like(prefix + "%"))
            )
        return f"{prefix}{(n or 0) + 1:04d}"

    def _report(self, source: Source) -> None:
        rng = self.rng
        street = self._street()
        leaf = rng.choice([lf for lf in self.leaves if lf.street == street])
        category, priority = rng.choice(self.categories)
        lon, lat = random_points_in(leaf.geometry, 1, rng)[0]
        now = self.clock()
        if source is Source.PATROL:
            actor: str | None = rng.choice(leaf.members)
            role = Role.GRID_MEMBER
            who = Principal("simulator", actor or "", "", frozenset({role}), street)
        else:
            actor, role = None, Role.DISTRICT
            who = DISTRICT
        photo = source is Source.PATROL and rng.random() < 0.8
        attachments = [self._photo(who)] if photo else []
        for _attempt in range(5):
            event = Event(
                uuid=uuid.uuid4(),
                case_uuid=uuid.uuid4(),
                type=E.REPORT,
                at=now.replace(tzinfo=LOCAL_ZONE),
                actor=actor,
                role=role,
                note="",
                payload=EventPayload(),
                case=NewCase(
                    case_no=self._case_no(street, now),
                    category=category,
                    source=source,
                    priority=priority,
                    grid_code=leaf.code,
                    description=texts.describe(category, rng, leaf.name),
                    address=texts.address(rng),
                    lon=round(lon, 6),
                    lat=round(lat, 6),
                ),
                attachments=attachments,
            )
            (result,) = self.intake.push(who, [event], now)
            if result.reason != "duplicate_case_no":
                if result.status != "applied":
                    log.warning("simulated report refused: %s %s", result.reason, result.message)
                return

    def _district_answers(self) -> bool:
        """The district dispatches (or closes) a case a street escalated; False when none is."""
        with self.db.read_engine.connect() as conn:
            rows = conn.execute(
                select(t.cases.c.uuid, t.cases.c.street, t.cases.c.category)
                .where(t.cases.c.state == CaseState.ESCALATED.value)
                .order_by(t.cases.c.updated_at)
                .limit(20)
            ).all()
            depts = dict(
                conn.execute(
                    select(t.categories.c.code, t.categories.c.department).where(
                        t.categories.c.department.is_not(None)
                    )
                ).all()
            )
        if not rows:
            return False
        row = self.rng.choice(rows)
        now = self.clock()
        dept = depts.get(row.category) or self.rng.choice(sorted(set(depts.values())))
        if self.rng.random() < 0.75:
            event_type = E.DISTRICT_DISPATCH
            payload = EventPayload(
                handler_kind=HandlerKind.DEPARTMENT,
                departments=[dept],
                person=self.liaisons.get((row.street, dept)),
            )
            note = "区级平台派遣至职能部门处置"
        else:
            event_type, payload, note = E.DISTRICT_CLOSE, EventPayload(), "区级平台已协调处置完毕"
        event = Event(
            uuid=uuid.uuid4(),
            case_uuid=uuid.UUID(row.uuid),
            type=event_type,
            at=now.replace(tzinfo=LOCAL_ZONE),
            actor=None,
            role=Role.DISTRICT,
            note=note,
            payload=payload,
        )
        self.intake.push(DISTRICT, [event], now)
        return True
