"""The street overview the first window shows, read in one go on the read lane."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from ..domain.enums import CaseState
from ..domain.model import Grid
from ..store.repositories import CaseRepository, GridRepository, SettingsRepository


@dataclass(frozen=True, slots=True)
class Overview:
    street_code: str
    street_name: str
    district_name: str
    grids: tuple[Grid, ...]
    counts: dict[CaseState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def load_overview(engine: Engine) -> Overview:
    settings = SettingsRepository(engine).all()
    grids = tuple(GridRepository(engine).current(with_geometry=False))
    street_code = settings.get("street_code") or next((g.code for g in grids if g.level == 1), "")
    street = next((g for g in grids if g.code == street_code), None)
    in_street = tuple(g for g in grids if g.code.startswith(street_code))
    return Overview(
        street_code=street_code,
        street_name=street.name if street else settings.get("street_name", ""),
        district_name=settings.get("district_name", ""),
        grids=in_street,
        counts=CaseRepository(engine).count_by_state(street_code or None),
    )
