"""Runs every benchmark, or those named: python -m benchmarks seed"""

from __future__ import annotations

import sys

from . import (
    bench_ledger,
    bench_map,
    bench_review,
    bench_seed,
    bench_stats,
    bench_sync,
    bench_sync_gui,
    bench_tick,
    bench_window,
)

BENCHES = {
    "seed": bench_seed.main,
    "tick": bench_tick.main,
    "stats": bench_stats.main,
    "window": bench_window.main,
    "map": bench_map.main,
    "sync": bench_sync.main,
    "sync-gui": bench_sync_gui.main,
    "ledger": bench_ledger.main,
    "review": bench_review.main,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    for name in names:
        if name not in BENCHES:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHES)}", file=sys.stderr)
            return 2
        BENCHES[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
