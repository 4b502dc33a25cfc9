"""What importing a grid file would do to the current grids: which grids are new, which change
(and so get a new version), which stay as they are, and which the file leaves out."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.errors import ShapelyError

from ..domain.model import Grid
from .errors import GridDataError
from .geojson import GridFile, geometry_to_mapping, mapping_to_geometry


@dataclass(frozen=True, slots=True)
class GridImportPlan:
    """added: new codes (version 1). changed: the new content of a current grid, carrying the
    `id` and `version` of the row it replaces. unchanged: codes equal in file and database.
    absent: current codes the file leaves out (kept as they are). after: every current grid
    as it would be after the import, sorted by code."""

    added: tuple[Grid, ...]
    changed: tuple[Grid, ...]
    unchanged: tuple[str, ...]
    absent: tuple[str, ...]
    after: tuple[Grid, ...]

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed)


def plan_grid_import(current: Sequence[Grid], file: GridFile, source: str) -> GridImportPlan:
    """Compare the file with the current grids. Raises GridDataError when a code appears twice
    in the file. A grid changes when its name, level, parent, leader or polygon differs; a
    feature without a leader key keeps the current leader."""
    _refuse_duplicates(file, source)
    now = {g.code: g for g in current}
    added: list[Grid] = []
    changed: list[Grid] = []
    unchanged: list[str] = []
    after: dict[str, Grid] = dict(now)
    for grid in file.grids:
        old = now.get(grid.code)
        if old is None:
            added.append(dataclasses.replace(grid, id=None, version=1))
            after[grid.code] = added[-1]
            continue
        leader = old.leader if grid.code in file.without_leader else grid.leader
        new = dataclasses.replace(grid, leader=leader, id=old.id, version=old.version)
        if _same(old, new):
            unchanged.append(grid.code)
        else:
            changed.append(new)
            after[grid.code] = new
    listed = {g.code for g in file.grids}
    return GridImportPlan(
        added=tuple(sorted(added, key=lambda g: g.code)),
        changed=tuple(sorted(changed, key=lambda g: g.code)),
        unchanged=tuple(sorted(unchanged)),
        absent=tuple(sorted(code for code in now if code not in listed)),
        after=tuple(after[code] for code in sorted(after)),
    )


def _refuse_duplicates(file: GridFile, source: str) -> None:
    first: dict[str, int] = {}
    for i, grid in enumerate(file.grids, 1):
        if grid.code in first:
            raise GridDataError(
                f"{source}: grid {grid.code} appears twice (features {first[grid.code]} and {i})",
                grid=grid.code,
            )
        first[grid.code] = i


def _same(old: Grid, new: Grid) -> bool:
    fields = ("name", "level", "parent", "leader")
    if any(getattr(old, f) != getattr(new, f) for f in fields):
        return False
    return same_geometry(old.geometry, new.geometry)


def same_geometry(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """Exactly the same polygon: the same coordinates, or the same rings started at another
    vertex or run the other way round (as GIS tools rewrite them). Any moved vertex counts."""
    if a is None or b is None:
        return a is b
    if geometry_to_mapping(a) == geometry_to_mapping(b):
        return True
    try:
        ga, gb = (shapely.normalize(mapping_to_geometry(g)) for g in (a, b))
        return bool(shapely.equals_exact(ga, gb, tolerance=0.0))
    except (ShapelyError, ValueError, TypeError, KeyError):
        return False
