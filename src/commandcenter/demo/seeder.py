"""`commandcenter seed`: a whole demo street office (or district) written with bulk inserts into a
new database file. The database is built beside the target and renamed into place only when
complete, so a failure leaves nothing half-written. Same options, same database."""

from __future__ import annotations

import bisect
import json
import logging
import os
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from ..domain.calendar import WorkingCalendar
from ..domain.engine import Command, check, decide
from ..domain.enums import CaseState, Priority, Role, Source
from ..domain.errors import ValidationError
from ..domain.model import Category, Taxonomy
from ..domain.projection import DeadlinePolicy, Projection, initial
from ..geo.generator import (
    SHANGDU_LEVEL2_NAMES,
    GridSpec,
    generate_district,
    generate_street,
    shangdu_boundary,
)
from ..geo.geojson import geometry_to_mapping
from ..geo.locate import random_points_in
from ..store import schema as t
from ..store.bulk import BulkInserter
from ..store.case_commands import PROJECTION_COLUMNS, projection_values
from ..store.database import open_database
from ..store.engine import check_sqlite_file, finish_bulk, tune_for_bulk
from . import names, photos, texts
from .history import CaseContext, HistoryBuilder, SimEvent, Staff
from .people import GridRef, StreetStaff, build_staff
from .streets import DEMO_STREET, DISTRICT_CODE, DISTRICT_NAME, PRESETS, STREETS, StreetPlan

log = logging.getLogger(__name__)

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


@dataclass(frozen=True, slots=True)
class SeedOptions:
    preset: str = "shangdu"
    cases: int = 5000
    weeks: int = 12
    end: date | datetime | None = None
    seed: int = 1
    taxonomy: Taxonomy | None = None


@dataclass
class SeedStats:
    cases: int = 0
    events: int = 0
    grids: int = 0
    people: int = 0
    generation_s: float = 0.0
    insertion_s: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)


class SeedError(ValidationError):
    code = "seed_refused"


def cutoff_for(end: date | datetime | None) -> datetime:
    """The end of the generated period: a given date counts whole; no date means now."""
    if end is None:
        return datetime.now().replace(second=0, microsecond=0)
    if isinstance(end, datetime):
        return end
    return datetime.combine(end, datetime.min.time()) + timedelta(days=1) - timedelta(minutes=1)


def _refuse_existing(path: Path) -> None:
    check_sqlite_file(path, must_exist=False)
    if not path.exists() or path.stat().st_size == 0:
        return
    db = open_database(path, create=False)
    try:
        with db.engine.connect() as conn:
            n_cases = conn.scalar(select(func.count()).select_from(t.cases))
            n_grids = conn.scalar(select(func.count()).select_from(t.grids))
    finally:
        db.dispose()
    if n_cases or n_grids:
        raise SeedError(
            f"{path}: already holds {n_grids} grids and {n_cases} cases; seed a new file",
            path=str(path),
        )


def _remove_sqlite(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


class _Clock:
    """Splits wall time into generating rows and inserting them (the benchmark reports both)."""

    def __init__(self, stats: SeedStats) -> None:
        self.stats = stats

    def gen(self, fn: Callable[..., Any], *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.stats.generation_s += time.perf_counter() - t0

    def ins(self, fn: Callable[..., Any], *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.stats.insertion_s += time.perf_counter() - t0


ChunkObserver = Callable[[list, list, list], None]


def seed(
    path: Path,
    options: SeedOptions,
    calendar: WorkingCalendar,
    *,
    on_chunk: ChunkObserver | None = None,
) -> SeedStats:
    """Seed a new database at `path`. `on_chunk` sees each batch of case, event and attachment
    rows after it is inserted (the benchmark inserts the same rows into its floor)."""
    if options.preset not in PRESETS:
        raise SeedError(
            f"unknown preset '{options.preset}' (choose from {', '.join(PRESETS)})",
            preset=options.preset,
        )
    if options.taxonomy is None:
        raise SeedError("a taxonomy is required")
    if options.cases < 0 or options.weeks <= 0:
        raise SeedError("--cases must be 0 or more and --weeks at least 1")
    path = Path(path)
    _refuse_existing(path)
    tmp = path.with_name(path.name + ".seeding")
    _remove_sqlite(tmp)
    stats = SeedStats()
    db = open_database(tmp)
    try:
        with db.engine.connect() as conn:
            tune_for_bulk(conn)
            _Seeder(conn, options, calendar, stats, db.blobs, on_chunk).run()
            finish_bulk(conn)
        db.dispose()
        _remove_sqlite(path)
        os.replace(tmp, path)
        _remove_sqlite(tmp)
    except BaseException:
        db.dispose()
        _remove_sqlite(tmp)
        raise
    return stats


class _Seeder:
    def __init__(
        self,
        conn: Connection,
        options: SeedOptions,
        calendar: WorkingCalendar,
        stats: SeedStats,
        blobs: Any,
        on_chunk: ChunkObserver | None = None,
    ) -> None:
        assert options.taxonomy is not None
        self.on_chunk = on_chunk
        self.conn = conn
        self.opts = options
        self.taxonomy: Taxonomy = options.taxonomy
        self.calendar = calendar
        self.stats = stats
        self.clock = _Clock(stats)
        self.bulk = BulkInserter(conn)
        self.blobs = blobs
        self.cutoff = cutoff_for(options.end)
        self.start = self.cutoff - timedelta(weeks=options.weeks)
        self.next_case_id = 1
        self.next_event_id = 1
        self.grid_ids: dict[str, int] = {}

    # -- reference data ------------------------------------------------------------------
    def run(self) -> None:
        opts = self.opts
        streets = (DEMO_STREET,) if opts.preset == "shangdu" else STREETS
        with self.conn.begin():
            self._settings(streets)
            self._taxonomy()
        grids = self.clock.gen(self._geometry, streets)
        with self.conn.begin():
            self.clock.ins(self._grids, grids)
        by_street = {s.code: [g for g in grids if g.code.startswith(s.code)] for s in streets}
        # Enough distinct names for the most build_staff can ask: desk staff, liaisons, a
        # leader per grid, a deputy per community and up to three members per leaf grid.
        needed = len(streets) * (20 + len(self.taxonomy.departments)) + 4 * len(grids)
        name_source = iter(names.unique_names(random.Random(f"{opts.seed}:people"), needed))
        staffs: dict[str, StreetStaff] = {}
        for street in streets:
            refs = [GridRef(g.code, g.level, g.parent) for g in by_street[street.code]]
            rng = random.Random(f"{opts.seed}:{street.code}:people")
            staffs[street.code] = build_staff(
                street.slug, refs, self.taxonomy.departments, rng, name_source
            )
        with self.conn.begin():
            self.clock.ins(self._people, staffs)
        pool = self._photo_pool()
        share = _split(opts.cases, len(streets))
        for street, n in zip(streets, share, strict=True):
            self._cases(street, n, by_street[street.code], staffs[street.code], pool)

    def _settings(self, streets: Sequence[StreetPlan]) -> None:
        o = self.opts
        values = {
            "district_code": DISTRICT_CODE,
            "district_name": DISTRICT_NAME,
            "street_code": DEMO_STREET.code,
            "street_name": DEMO_STREET.name,
            "streets": json.dumps([s.code for s in streets]),
            "seed": json.dumps(
                {
                    "preset": o.preset,
                    "cases": o.cases,
                    "weeks": o.weeks,
                    "end": self.cutoff.isoformat(),
                    "seed": o.seed,
                },
                sort_keys=True,
            ),
        }
        self.bulk.insert(t.settings, ("key", "value"), sorted(values.items()))

    def _taxonomy(self) -> None:
        tax = self.taxonomy
        self.bulk.insert(
            t.departments, ("code", "name"), [(d.code, d.name) for d in tax.departments]
        )
        self.bulk.insert(
            t.categories,
            [c.name for c in t.categories.columns],
            [
                (
                    c.code,
                    c.name,
                    c.kind.value,
                    c.parent,
                    c.time_limit,
                    c.time_unit.value if c.time_unit else None,
                    c.department,
                    c.priority.value,
                    c.closing_condition,
                    tax.version,
                )
                for c in tax.categories
            ],
        )

    def _geometry(self, streets: Sequence[StreetPlan]) -> list[GridSpec]:
        seed = self.opts.seed
        if self.opts.preset == "shangdu":
            s = streets[0]
            return generate_street(
                seed=seed,
                code=s.code,
                name=s.name,
                n_level2=14,
                n_level3=69,
                boundary=shangdu_boundary(),
                level2_names=SHANGDU_LEVEL2_NAMES,
            )
        return generate_district(seed=seed, streets=[(s.code, s.name) for s in streets])

    def _grids(self, grids: Sequence[GridSpec]) -> None:
        rows = []
        for i, g in enumerate(sorted(grids, key=lambda g: g.code), start=1):
            self.grid_ids[g.code] = i
            geometry = json.dumps(geometry_to_mapping(g.geometry), separators=(",", ":"))
            rows.append(
                (
                    i,
                    g.code,
                    1,
                    g.name,
                    g.level,
                    g.parent,
                    None,
                    geometry,
                    True,
                    self.bulk.ts(self.start),
                )
            )
        cols = "id code version name level parent_code leader_code geometry is_current valid_from"
        self.bulk.insert(t.grids, cols.split(), rows)
        self.stats.grids = len(rows)

    def _people(self, staffs: dict[str, StreetStaff]) -> None:
        people: list[tuple] = []
        roles: list[tuple[str, str]] = []
        duties: list[tuple[str, str, str]] = []
        for staff in staffs.values():
            for p in staff.people:
                people.append((p.code, p.name, p.phone, p.department, p.sunk_staff))
                roles.extend((p.code, r.value) for r in sorted(p.roles))
            duties.extend(staff.assignments)
        self.bulk.insert(
            t.people, ["code", "name", "phone", "department_code", "sunk_staff"], people
        )
        self.bulk.insert(t.person_roles, ("person_code", "role"), roles)
        self.bulk.insert(t.person_grids, ("person_code", "grid_code", "duty"), duties)
        for staff in staffs.values():
            for grid_code, leader in staff.leaders.items():
                self.conn.execute(
                    t.grids.update().where(t.grids.c.code == grid_code).values(leader_code=leader)
                )
        self.stats.people = len(people)

    def _photo_pool(self) -> list[tuple[tuple[str, int], tuple[str, int]]]:
        pool = []
        for before, after in photos.photo_pool(self.opts.seed, 32):
            pool.append(
                ((self.blobs.put(before), len(before)), (self.blobs.put(after), len(after)))
            )
        return pool

    # -- cases ---------------------------------------------------------------------------
    def _cases(
        self,
        street: StreetPlan,
        n: int,
        grids: Sequence[GridSpec],
        staff: StreetStaff,
        pool: Sequence[tuple[tuple[str, int], tuple[str, int]]],
    ) -> None:
        if n == 0:
            return
        gen = _CaseGenerator(self, street, grids, staff, pool)
        produced = gen.chunks(n)
        while True:
            chunk = self.clock.gen(next, produced, None)
            if chunk is None:
                break
            with self.conn.begin():
                self.clock.ins(self._insert_chunk, *chunk)
            if self.on_chunk is not None:
                self.on_chunk(*chunk)
            self.stats.cases += len(chunk[0])
            self.stats.events += len(chunk[1])

    def _insert_chunk(self, cases: list, events: list, attachments: list) -> None:
        self.bulk.insert(t.cases, CASE_COLS, cases)
        self.bulk.insert(t.case_events, EVENT_COLS, events)
        self.bulk.insert(t.attachments, ("sha256", "event_id", "mime", "size"), attachments)
        # Like every write, seeding appends to the change log the window polls.
        self.bulk.insert(t.changes, ("case_id",), [(row[0],) for row in cases])


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class _CaseGenerator:
    """Generates one street's cases in time order, CHUNK at a time."""

    def __init__(
        self,
        seeder: _Seeder,
        street: StreetPlan,
        grids: Sequence[GridSpec],
        staff: StreetStaff,
        pool: Sequence[tuple[tuple[str, int], tuple[str, int]]],
    ) -> None:
        self.s = seeder
        self.street = street
        self.staff = staff
        self.pool = pool
        self.rng = random.Random(f"{seeder.opts.seed}:{street.code}:cases")
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
        ts = s.bulk.ts
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
                    s.bulk.ts(e.at),
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
