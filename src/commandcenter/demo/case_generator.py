"""One street's generated cases, in time order, a chunk at a time: reported times, grids and
points, categories, sources, descriptions and a full history for each, checked by the lifecycle
engine, as rows for the bulk insert."""

from __future__ import annotations

import bisect
import json
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from ..domain.calendar import WorkingCalendar
from ..domain.enums import CaseState, Priority, Role, Source
from ..domain.model import Category, Taxonomy
from ..domain.projection import DeadlinePolicy, Projection, initial
from ..domain.transitions import Command, check, decide
from ..geo.generator import GridSpec
from ..geo.locate import random_points_in
from ..store.case_commands import PROJECTION_COLUMNS, projection_values
from . import texts
from .history import CaseContext, HistoryBuilder, SimEvent, Staff
from .people import StreetStaff
from .streets import StreetPlan

# Cases per generated batch: one transaction each, and bounded memory at 1 000 000 cases.
CHUNK = 10_000
PHOTO_SHARE = 0.10

CASE_COLS = [
    *"id uuid case_no category_code source priority grid_id grid_code description address".split(),
    *"lon lat reported_at reporter_code".split(),
    *PROJECTION_COLUMNS,
]
EVENT_COLS = [
    "id",
    "uuid",
    "case_id",
    "type",
    "from_state",
    "to_state",
    "at",
    "actor_code",
    "role",
    "note",
    "payload",
    "origin",
]
KIND_WEIGHTS = {"city": 0.58, "social": 0.2, "ledger": 0.17, "satellite": 0.05}
CATEGORY_BOOST = {"CS01": 3.0, "CS03": 3.0, "CS02": 2.0, "CS09": 1.5, "SQ01": 2.0}
SOURCE_WEIGHTS = (
    (Source.PATROL, 0.66),
    (Source.HOTLINE, 0.14),
    (Source.RECEPTION, 0.04),
    (Source.INSPECTION, 0.08),
    (Source.ASSIGNED, 0.08),
)


class SeedContext(Protocol):
    """What the generator needs of the seeding run: options, clock, ids and the row format."""

    taxonomy: Taxonomy
    calendar: WorkingCalendar
    start: datetime
    cutoff: datetime
    grid_ids: dict[str, int]
    next_case_id: int
    next_event_id: int

    @property
    def seed(self) -> int: ...

    def ts(self, value: datetime | None) -> Any: ...


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class CaseGenerator:
    """Generates one street's cases in time order, CHUNK at a time."""

    def __init__(
        self,
        seeder: SeedContext,
        street: StreetPlan,
        grids: Sequence[GridSpec],
        staff: StreetStaff,
        pool: Sequence[tuple[tuple[str, int], tuple[str, int]]],
    ) -> None:
        self.s = seeder
        self.street = street
        self.staff = staff
        self.pool = pool
        self.rng = random.Random(f"{seeder.seed}:{street.code}:cases")
        parents = {g.parent for g in grids}
        self.leaves = [g for g in grids if g.level >= 3 and g.code not in parents]
        self.names = {g.code: g.name for g in grids}
        self.parent = {g.code: g.parent for g in grids}
        leaf_cats = self.s.taxonomy.leaves()
        self.categories = leaf_cats
        self.cat_cum = _cumulative(
            [
                KIND_WEIGHTS[c.kind.value]
                * CATEGORY_BOOST.get(c.code, 1.0)
                / _kind_size(leaf_cats, c)
                for c in leaf_cats
            ]
        )
        self.policies = {
            c.code: DeadlinePolicy(
                self.s.calendar,
                (c.time_limit or 1.0, c.time_unit),  # type: ignore[arg-type]
            )
            for c in leaf_cats
        }
        self.builder = HistoryBuilder(
            Staff(
                duty_officers=staff.with_role(Role.DUTY_OFFICER),
                shift_leaders=staff.with_role(Role.SHIFT_LEADER),
                inspectors=staff.with_role(Role.INSPECTOR),
                liaisons=staff.liaisons,
            ),
            self.rng,
        )
        self.recent: dict[tuple[str, str], tuple[str, datetime]] = {}

    def _times(self, n: int) -> list[datetime]:
        rng, cal = self.rng, self.s.calendar
        start, span = self.s.start, (self.s.cutoff - self.s.start).total_seconds()
        out: list[datetime] = []
        while len(out) < n:
            at = start + timedelta(seconds=rng.random() * span)
            # Fewer reports on rest days and at night.
            if not cal.is_workday(at.date()) and rng.random() < 0.55:
                continue
            if not (7 <= at.hour < 20) and rng.random() < 0.8:
                continue
            out.append(at.replace(second=0, microsecond=0))
        out.sort()
        return out

    def chunks(self, n: int) -> Iterator[tuple[list, list, list]]:
        rng = self.rng
        times = self._times(n)
        weights = [rng.lognormvariate(0, 0.6) for _ in self.leaves]
        picks = rng.choices(range(len(self.leaves)), weights=weights, k=n)
        counts = [0] * len(self.leaves)
        for i in picks:
            counts[i] += 1
        points: list[list[tuple[float, float]]] = [
            list(random_points_in(leaf.geometry, c, rng)) if c else []
            for leaf, c in zip(self.leaves, counts, strict=True)
        ]
        day_seq: dict[date, int] = {}
        cases: list = []
        events: list = []
        attachments: list = []
        for i in range(n):
            leaf_i = picks[i]
            lon, lat = points[leaf_i].pop()
            at = times[i]
            seq = day_seq[at.date()] = day_seq.get(at.date(), 0) + 1
            case_no = f"{self.street.abbrev}{at:%Y%m%d}{seq:04d}"
            self._one(case_no, self.leaves[leaf_i], lon, lat, at, cases, events, attachments)
            if len(cases) >= CHUNK:
                yield cases, events, attachments
                cases, events, attachments = [], [], []
        if cases:
            yield cases, events, attachments

    def _source(self, cat: Category) -> Source:
        if cat.kind.value == "satellite":
            return Source.SATELLITE
        r = self.rng.random()
        for source, w in SOURCE_WEIGHTS:
            if r < w:
                return source
            r -= w
        return Source.PATROL

    def _reporter(self, source: Source, grid: str) -> tuple[str | None, Role]:
        rng = self.rng
        if source is Source.PATROL:
            members = self.staff.members.get(grid) or []
            if members and rng.random() < 0.8:
                return members[rng.randrange(len(members))], Role.GRID_MEMBER
            return self.staff.leaders.get(grid), Role.GRID_LEADER
        if source in (Source.HOTLINE, Source.RECEPTION):
            duty = self.builder.staff.duty_officers
            return duty[rng.randrange(len(duty))], Role.DUTY_OFFICER
        if source is Source.INSPECTION:
            insp = self.builder.staff.inspectors
            return insp[rng.randrange(len(insp))], Role.INSPECTOR
        return None, Role.DISTRICT

    def _one(
        self,
        case_no: str,
        leaf: GridSpec,
        lon: float,
        lat: float,
        at: datetime,
        cases: list,
        events: list,
        attachments: list,
    ) -> None:
        rng, s = self.rng, self.s
        cat = self.categories[bisect.bisect(self.cat_cum, rng.random() * self.cat_cum[-1])]
        source = self._source(cat)
        priority = cat.priority
        if priority is Priority.NORMAL and rng.random() < 0.06:
            priority = Priority.HIGH
        elif priority is not Priority.URGENT and rng.random() < 0.015:
            priority = Priority.URGENT
        key = (leaf.code, cat.code)
        prev = self.recent.get(key)
        dup = prev[0] if prev and at - prev[1] < timedelta(days=7) and rng.random() < 0.15 else None
        self.recent[key] = (case_no, at)
        l2 = self.parent.get(leaf.code) or ""
        while l2 and self.parent.get(l2) and len(l2) > len(self.street.code) + 3:
            l2 = self.parent[l2] or ""
        place = self.names.get(l2, "") if rng.random() < 0.5 else leaf.name
        policy = self.policies[cat.code]
        with_photos = rng.random() < PHOTO_SHARE
        sim = self.builder.build(
            CaseContext(
                category=cat,
                source=source,
                reported_at=at,
                reporter=self._reporter(source, leaf.code),
                grid_leader=self.staff.leaders.get(leaf.code),
                end=s.cutoff,
                policy=policy,
                duplicate_of=dup,
                with_photos=with_photos,
            )
        )
        case_id = s.next_case_id
        s.next_case_id += 1
        proj = self._events(case_id, sim, policy, with_photos, events, attachments)
        ts = s.ts
        values = projection_values(proj)
        cases.append(
            (
                case_id,
                _uuid(rng),
                case_no,
                cat.code,
                source.value,
                priority.value,
                s.grid_ids[leaf.code],
                leaf.code,
                texts.describe(cat.code, rng, place),
                texts.address(rng),
                lon,
                lat,
                ts(at),
                sim[0].actor,
                *(_stored(values[c], ts) for c in PROJECTION_COLUMNS),
            )
        )

    def _events(
        self,
        case_id: int,
        sim: Sequence[SimEvent],
        policy: DeadlinePolicy,
        with_photos: bool,
        events: list,
        attachments: list,
    ) -> Projection:
        """Rows for the events, each checked by the lifecycle engine; returns the projection."""
        s, rng = self.s, self.rng
        state: CaseState | None = None
        proj: Projection | None = None
        pair = self.pool[rng.randrange(len(self.pool))] if with_photos else None
        for e in sim:
            command = Command(e.type, e.actor, e.role, e.at, e.note, e.payload)
            if proj is None:
                check(command, None)
                proj = initial(e.at, policy)
            else:
                proj = decide(command, proj, policy)
            new = proj.state
            event_id = s.next_event_id
            s.next_event_id += 1
            payload = (
                json.dumps(e.payload, ensure_ascii=False, sort_keys=True) if e.payload else None
            )
            events.append(
                (
                    event_id,
                    _uuid(rng),
                    case_id,
                    e.type.value,
                    state.value if state else None,
                    new.value,
                    s.ts(e.at),
                    e.actor,
                    e.role.value,
                    e.note,
                    payload,
                    "seed",
                )
            )
            if pair is not None and e.photo:
                sha, size = pair[0] if e.photo == "before" else pair[1]
                attachments.append((sha, event_id, "image/png", size))
            state = new
        assert proj is not None
        return proj


def _stored(value: Any, ts: Callable[[datetime | None], Any]) -> Any:
    return ts(value) if isinstance(value, datetime) else value


def _kind_size(categories: Sequence[Category], c: Category) -> int:
    return sum(1 for o in categories if o.kind is c.kind)


def _cumulative(weights: Sequence[float]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out
