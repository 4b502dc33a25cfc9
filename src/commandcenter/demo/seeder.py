"""`commandcenter seed`: a whole demo street office (or district) written with bulk inserts into a
new database file. The database is built beside the target and renamed into place only when
complete, so a failure leaves nothing half-written. Same options, same database."""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from ..domain.calendar import WorkingCalendar
from ..domain.errors import ValidationError
from ..domain.model import Taxonomy
from ..geo.generator import (
    SHANGDU_LEVEL2_NAMES,
    GridSpec,
    generate_district,
    generate_street,
    shangdu_boundary,
)
from ..geo.geojson import geometry_to_mapping
from ..store import schema as t
from ..store.bulk import BulkInserter
from ..store.database import open_database
from ..store.sqlite import check_sqlite_file, finish_bulk, tune_for_bulk
from . import names, photos
from .case_generator import CASE_COLS, EVENT_COLS, CaseGenerator
from .people import GridRef, StreetStaff, build_staff
from .streets import DEMO_STREET, DISTRICT_CODE, DISTRICT_NAME, PRESETS, STREETS, StreetPlan

log = logging.getLogger(__name__)


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
    """One seeding run; also the SeedContext the case generator reads."""

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

    @property
    def seed(self) -> int:
        return self.opts.seed

    def ts(self, value: datetime | None) -> Any:
        return self.bulk.ts(value)

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
        gen = CaseGenerator(self, street, grids, staff, pool)
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
