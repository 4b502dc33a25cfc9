"""[1/10] Seeding 20 000 and 1 000 000 cases: generation and insertion reported apart; insertion
within 3x the floor, which is the same rows inserted with plain sqlite3.executemany into the same
schema in one transaction.  Set CC_BENCH_SIZES=20000 to skip the large run."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from commandcenter import defaults
from commandcenter.demo.seeder import CASE_COLS, EVENT_COLS, SeedOptions, seed
from commandcenter.store.database import open_database
from commandcenter.store.sqlite import register_functions

SIZES = [int(x) for x in os.environ.get("CC_BENCH_SIZES", "20000,1000000").split(",")]
TARGET_S = {1_000_000: 600.0}


class Floor:
    """Plain sqlite3: the same rows, executemany, one transaction for the whole run."""

    def __init__(self, path: Path) -> None:
        open_database(path).dispose()  # the same schema, built by the migration
        self.conn = sqlite3.connect(path, isolation_level=None)
        # The search index's triggers (migration 0004) fire here too: same work as the seeder.
        register_functions(self.conn)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("BEGIN")
        self.seconds = 0.0
        ph = lambda n: ",".join("?" * n)  # noqa: E731
        self.sql = (
            f"INSERT INTO cases ({','.join(CASE_COLS)}) VALUES ({ph(len(CASE_COLS))})",
            f"INSERT INTO case_events ({','.join(EVENT_COLS)}) VALUES ({ph(len(EVENT_COLS))})",
            f"INSERT INTO attachments (sha256, event_id, mime, size) VALUES ({ph(4)})",
        )

    def __call__(self, cases: list, events: list, attachments: list) -> None:
        t0 = time.perf_counter()
        self.conn.execute("PRAGMA foreign_keys = OFF")  # no grids/categories in the floor db
        for sql, rows in zip(self.sql, (cases, events, attachments), strict=True):
            self.conn.executemany(sql, rows)
        self.seconds += time.perf_counter() - t0

    def finish(self) -> None:
        t0 = time.perf_counter()
        self.conn.execute("COMMIT")
        self.seconds += time.perf_counter() - t0
        self.conn.close()


def run(n: int, folder: Path) -> None:
    floor = Floor(folder / f"floor-{n}.db")
    preset = "shangdu" if n <= 50_000 else "district"
    weeks = 12 if n <= 50_000 else 260
    t0 = time.perf_counter()
    stats = seed(
        folder / f"seed-{n}.db",
        SeedOptions(
            preset=preset,
            cases=n,
            weeks=weeks,
            end=date(2026, 11, 20),
            seed=1,
            taxonomy=defaults.taxonomy(),
        ),
        defaults.calendar(),
        on_chunk=floor,
    )
    wall = time.perf_counter() - t0 - floor.seconds
    floor.finish()
    ratio = stats.insertion_s / floor.seconds if floor.seconds else float("nan")
    target = TARGET_S.get(n)
    print(
        f"seed {n:>9,} cases ({preset}, {stats.events:,} events): "
        f"total {wall:7.1f} s{f' (target < {target:.0f} s)' if target else ''}; "
        f"generation {stats.generation_s:7.1f} s; insertion {stats.insertion_s:6.1f} s "
        f"vs floor {floor.seconds:6.1f} s = {ratio:.2f}x (target <= 3x)",
        flush=True,
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cc-bench-") as tmp:
        for n in SIZES:
            run(n, Path(tmp))
