"""Seed a new database with a demo street office or district (`commandcenter seed`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import defaults
from ..demo.seeder import SeedOptions, SeedStats, seed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedRequest:
    db: Path
    preset: str = "shangdu"
    cases: int = 5000
    weeks: int = 12
    end: date | None = None  # last day of the period (default: now)
    seed: int = 1
    taxonomy: Path | None = None  # a taxonomy JSON file (default: the shipped one)


def seed_database(request: SeedRequest) -> SeedStats:
    """Writes the new database (beside the target, renamed into place when complete)."""
    options = SeedOptions(
        preset=request.preset,
        cases=request.cases,
        weeks=request.weeks,
        end=request.end,
        seed=request.seed,
        taxonomy=defaults.taxonomy(request.taxonomy),
    )
    stats = seed(request.db, options, defaults.calendar())
    log.info(
        "seeded %s: %d grids, %d people, %d cases, %d events (generation %.1f s, insertion %.1f s)",
        request.db,
        stats.grids,
        stats.people,
        stats.cases,
        stats.events,
        stats.generation_s,
        stats.insertion_s,
    )
    return stats
