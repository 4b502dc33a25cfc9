"""Whether a set of grids can be checked and stored at all: one code per grid, a polygon for
each, and a tree whose codes nest by prefix (the queues and indicators select a subtree by code
range). The first problem raises GridDataError naming the grid."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry.base import BaseGeometry

from ..domain.model import Grid
from .coverage import GridPolygon
from .errors import GridDataError
from .geojson import mapping_to_geometry

_POLYGONAL = ("Polygon", "MultiPolygon")


def validate_grids(grids: Sequence[Grid], where: str) -> list[GridPolygon]:
    """The grids as polygons ready for `check_coverage`, in the given order.

    Raises GridDataError "<where>: grid <code>: <problem>" for the first of: a code given twice,
    a missing, empty, non-polygonal or invalid geometry, a parent that is not in `grids`, a
    level that is not one below the parent's, a code that does not start with the parent's.
    """
    seen: set[str] = set()
    for g in grids:
        if g.code in seen:
            raise GridDataError(f"{where}: grid {g.code} appears more than once", grid=g.code)
        seen.add(g.code)
    polygons = [GridPolygon(g.code, g.level, g.parent, _polygon(g, where)) for g in grids]
    levels = {g.code: g.level for g in grids}
    for g in grids:
        problem = _tree_problem(g, levels)
        if problem:
            raise GridDataError(f"{where}: grid {g.code}: {problem}", grid=g.code)
    return polygons


def _polygon(grid: Grid, where: str) -> BaseGeometry:
    if grid.geometry is None:
        raise GridDataError(f"{where}: grid {grid.code}: no geometry", grid=grid.code)
    try:
        geom = mapping_to_geometry(grid.geometry)
    except (ShapelyError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise GridDataError(
            f"{where}: grid {grid.code}: the geometry is not GeoJSON ({exc})", grid=grid.code
        ) from None
    problem = geometry_problem(geom)
    if problem:
        raise GridDataError(f"{where}: grid {grid.code}: {problem}", grid=grid.code)
    return geom


def geometry_problem(geom: BaseGeometry) -> str | None:
    """Why a geometry cannot be a grid's polygon, or None when it can."""
    if geom.geom_type not in _POLYGONAL:
        return f"the geometry is a {geom.geom_type}, not a Polygon or MultiPolygon"
    if geom.is_empty:
        return "the geometry is empty"
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        return "the geometry has a coordinate that is not a number"
    if not geom.is_valid:
        return f"the polygon is invalid ({shapely.is_valid_reason(geom)})"
    if geom.area <= 0:
        return "the polygon has no area"
    return None


def _tree_problem(grid: Grid, levels: dict[str, int]) -> str | None:
    if grid.parent is None:
        return None if grid.level == 1 else f"a level-{grid.level} grid needs a parent"
    if grid.level == 1:
        return f"a level-1 grid has no parent, but its parent is {grid.parent}"
    parent_level = levels.get(grid.parent)
    if parent_level is None:
        return f"unknown parent {grid.parent} (no grid has that code)"
    if parent_level != grid.level - 1:
        return f"level {grid.level}, but its parent {grid.parent} is level {parent_level}"
    if not (grid.code.startswith(grid.parent) and len(grid.code) > len(grid.parent)):
        return f"the code does not start with its parent's code {grid.parent} (codes nest)"
    return None
