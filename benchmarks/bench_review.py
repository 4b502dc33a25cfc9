"""[10/10] The review meeting's pack for one week of a street office's year (商都路, 20 000 cases
over 52 weeks ending 2026-11-20, seeded once into bench-data/): the document read from the
database, the two charts rendered and the pack written, for 2026-W47, under 3 s without photos,
as PDF and as PPTX. With photos no target is set: the figure says how long the pack of the same
week takes with every case's photos read from the blob store and embedded. Each figure is the
best of three runs (the QApplication made once beforehand, as the CLI's would be)."""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from commandcenter import defaults
from commandcenter.demo.seeder import SeedOptions, seed
from commandcenter.domain.periods import week_period
from commandcenter.features.review_pack import build_review, photo_source, write_pack
from commandcenter.render.offscreen import with_application
from commandcenter.store.database import open_database, open_readonly

DATA = Path(__file__).resolve().parents[1] / "bench-data"
YEAR = DATA / "street-year.db"
WEEK = "2026-W47"
NOW = datetime(2026, 11, 20, 17, 0)
TARGET_S = 3.0


def year_database() -> Path:
    """The street office's year, seeded once and kept in bench-data/ (not in git)."""
    if not YEAR.exists():
        DATA.mkdir(exist_ok=True)
        print(f"seeding {YEAR} (about a minute, once) …", flush=True)
        seed(
            YEAR,
            SeedOptions(
                preset="shangdu",
                cases=20_000,
                weeks=52,
                end=date(2026, 11, 20),
                seed=1,
                taxonomy=defaults.taxonomy(),
            ),
            defaults.calendar(),
        )
    open_database(YEAR).dispose()  # migrate to the current schema
    return YEAR


def _pack(path: Path, out: Path, photos: bool) -> tuple[int, int, int]:
    """One pack as the CLI makes it; returns (pages or slides, cases, cases with photos)."""
    db = open_readonly(path)
    try:
        document = build_review(db.engine, week_period(WEEK), defaults.scoring_weights(), NOW)
        source = photo_source(db.blobs) if photos else None
    finally:
        db.dispose()
    count = write_pack(document, out, source, NOW.date())
    return count, len(document.slides), sum(1 for s in document.slides if s.photos)


def _best(path: Path, out: Path, photos: bool) -> tuple[float, tuple[int, int, int]]:
    best, result = float("inf"), (0, 0, 0)
    for _ in range(3):
        started = time.perf_counter()
        result = _pack(path, out, photos)
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    path = year_database()
    print(f"review pack ({WEEK} of a street office's year, 20,000 cases over 52 weeks):")
    with tempfile.TemporaryDirectory() as tmp:

        def measure() -> None:
            for suffix in ("pdf", "pptx"):
                out = Path(tmp) / f"pack.{suffix}"
                unit = "pages" if suffix == "pdf" else "slides"
                seconds, (count, cases, photographed) = _best(path, out, False)
                verdict = "PASS" if seconds < TARGET_S else "FAIL"
                size = out.stat().st_size / 1e6
                print(
                    f"  pack {suffix.upper()} (no photos) {seconds:.2f} s  target < "
                    f"{TARGET_S:.0f} s {verdict} ({cases} cases, {count} {unit}, {size:.1f} MB)"
                )
                seconds, _ = _best(path, out, True)
                size = out.stat().st_size / 1e6
                print(
                    f"  pack {suffix.upper()} (with photos) {seconds:.2f} s  no target "
                    f"({photographed} of {cases} cases with photos, {size:.1f} MB)"
                )

        with_application(measure)


if __name__ == "__main__":
    main()
