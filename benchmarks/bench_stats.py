"""[3/10] On the 1 000 000-case district: all level-2 grids for one week under 0.5 s; all 52
weeks of a year under 5 s (each week with its previous week for the rank change, as
`commandcenter stats` computes it)."""

from __future__ import annotations

import time
from datetime import datetime

from commandcenter import defaults
from commandcenter.domain.periods import week_period
from commandcenter.store.database import open_readonly
from commandcenter.store.indicators import stats_table, stats_tables

from .bench_tick import district_database

NOW = datetime(2026, 11, 21)


def main() -> None:
    db = open_readonly(district_database())
    weights = defaults.scoring_weights()
    try:
        stats_table(db.engine, "grid2", week_period("2026-W40"), weights, NOW)  # warm up
        t0 = time.perf_counter()
        table = stats_table(db.engine, "grid2", week_period("2026-W46"), weights, NOW)
        one = time.perf_counter() - t0
        print(
            f"stats grid2, one week ({len(table.rows)} level-2 grids, {table.total['due']} due): "
            f"{one:.3f} s (target < 0.5 s)"
        )
        t0 = time.perf_counter()
        weeks = [week_period(f"2025-W{week:02d}") for week in range(1, 53)]
        tables = stats_tables(db.engine, "grid2", weeks, weights, NOW)
        year = time.perf_counter() - t0
        assert len(tables) == 52
        print(f"stats grid2, all 52 weeks of 2025: {year:.2f} s (target < 5 s)")
    finally:
        db.dispose()
