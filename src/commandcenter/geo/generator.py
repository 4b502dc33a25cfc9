"""Deterministic demo grid geometry in WGS-84 lon/lat: one street office or a whole district.

Built bottom-up (PLATFORM.md, "Geometry"): ONE Voronoi diagram over the level-3 seeds is noded
together with the outer boundary (and later the level-4 split lines) and polygonized into
atomic faces. Every grid at every level is the coverage union of its faces, so neighbours share
exactly the same vertices, children tile their parent exactly and nothing has to be snapped.

The construction runs in a local metric frame (equirectangular about the boundary's centre) so
that Voronoi cells and Lloyd relaxation are isotropic on the ground; an affine map takes the
result back to lon/lat, which keeps shared vertices bit-identical.

This module is the public entry and owns the frame and the numbering; the construction lives in
seed_points (sampling, Voronoi, Lloyd), faces (the face graph and its unions), grid_layout
(building the levels from a plan) and grid_names (what the grids are called).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .geojson import M_PER_DEG_LAT, M_PER_DEG_LON
from .grid_layout import LayoutPlan, StreetLayout, build_with_retries
from .grid_names import SHANGDU_LEVEL2_NAMES, GridNamer
from .seed_points import lloyd, reading_order, sample_in, voronoi_cells

__all__ = [
    "SHANGDU_LEVEL2_NAMES",
    "GridSpec",
    "generate_district",
    "generate_street",
    "shangdu_boundary",
]


@dataclass(frozen=True, slots=True)
class GridSpec:
    code: str
    name: str
    level: int  # 1 street, 2 community, 3 block/building, 4 sub-grid
    parent: str | None  # parent code
    geometry: Polygon


# 商都路办事处, counter-clockwise: about 3.8 km east-west and 3.7 km north-south.
_SHANGDU_OUTLINE: tuple[tuple[float, float], ...] = (
    (113.7120, 34.7455),
    (113.7265, 34.7438),
    (113.7390, 34.7462),
    (113.7478, 34.7441),
    (113.7502, 34.7560),
    (113.7483, 34.7668),
    (113.7511, 34.7735),
    (113.7402, 34.7762),
    (113.7296, 34.7741),
    (113.7208, 34.7770),
    (113.7115, 34.7738),
    (113.7131, 34.7642),
    (113.7092, 34.7551),
)

_LLOYD_STREET = 5  # iterations for one street's level-3 seeds
_LLOYD_DISTRICT_STREETS = 8  # iterations for the district's street seeds (even street sizes)
_LLOYD_DISTRICT_CELLS = 3  # iterations for each district street's level-3 seeds
_DISTRICT_SEMI_AXES_M = (7_500.0, 5_000.0)  # about 15 km × 10 km


def shangdu_boundary() -> Polygon:
    """The (demo) outline of 商都路办事处, 郑东新区, around 113.73 E, 34.76 N."""
    return Polygon(_SHANGDU_OUTLINE)


@dataclass(frozen=True, slots=True)
class _Frame:
    """Equirectangular metres about (lon0, lat0)."""

    lon0: float
    lat0: float

    def _scale(self) -> np.ndarray:
        kx = math.cos(math.radians(self.lat0)) * M_PER_DEG_LON
        return np.array([kx, M_PER_DEG_LAT])

    def to_local(self, geom: BaseGeometry) -> BaseGeometry:
        origin, scale = np.array([self.lon0, self.lat0]), self._scale()
        return shapely.transform(geom, lambda c: (c - origin) * scale)

    def to_lonlat(self, geoms: np.ndarray) -> np.ndarray:
        origin, scale = np.array([self.lon0, self.lat0]), self._scale()
        return shapely.transform(geoms, lambda c: c / scale + origin)


def _specs(
    frame: _Frame,
    ids: Sequence[tuple[str, str]],
    built: Sequence[StreetLayout],
    preferred: Sequence[Sequence[str]],
    namer: GridNamer,
) -> list[GridSpec]:
    """Codes, names and lon/lat geometry for built streets, sorted by code."""
    rows: list[tuple[str, str, int, str | None, Polygon]] = []
    for (code, name), street, names2 in zip(ids, built, preferred, strict=True):
        used = {name}
        rows.append((code, name, 1, None, street.polygon))
        level2 = namer.level2(len(street.groups), names2)
        used.update(level2)
        namer.start_street()
        for gi, (group, gname) in enumerate(zip(street.groups, level2, strict=True), start=1):
            gcode = f"{code}{gi:03d}"
            rows.append((gcode, gname, 2, code, group.polygon))
            level3 = namer.level3(gname, len(group.cells), used)
            for ci, (cell, cname) in enumerate(zip(group.cells, level3, strict=True), start=1):
                ccode = f"{gcode}{ci:03d}"
                rows.append((ccode, cname, 3, gcode, cell.polygon))
                areas = [float(k.area) for k in cell.children]
                kids = zip(cell.children, namer.level4(cname, areas, used), strict=True)
                for ki, (kid, kname) in enumerate(kids, start=1):
                    rows.append((f"{ccode}{ki:02d}", kname, 4, ccode, kid))
    local = np.empty(len(rows), dtype=object)
    local[:] = [r[4] for r in rows]
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    geoms = shapely.orient_polygons(frame.to_lonlat(local), exterior_cw=False)
    specs = [GridSpec(c, n, lv, p, g) for (c, n, lv, p, _), g in zip(rows, geoms, strict=True)]
    return sorted(specs, key=lambda s: s.code)


def _check_counts(n_level2: int, n_level3: int, n_level4_parents: int) -> None:
    if not 1 <= n_level2 <= n_level3:
        raise ValueError("need 1 <= n_level2 <= n_level3")
    if not 0 <= n_level4_parents <= n_level3:
        raise ValueError("need 0 <= n_level4_parents <= n_level3")
    if n_level3 > 999 * n_level2:
        raise ValueError("level-3 codes have three digits per level-2 grid")


def generate_street(
    *,
    seed: int,
    code: str,
    name: str,
    n_level2: int,
    n_level3: int,
    n_level4_parents: int = 3,
    boundary: Polygon | None = None,
    level2_names: Sequence[str] | None = None,
) -> list[GridSpec]:
    """One street office (level 1) with its level-2/3 grids and some level-4 splits.

    Gives 1 + n_level2 + n_level3 grids, plus 2–4 level-4 grids in each of n_level4_parents
    level-3 grids, sorted by code. boundary defaults to shangdu_boundary() and level2_names to
    SHANGDU_LEVEL2_NAMES (more names are made up as needed). Same arguments, same output.
    """
    _check_counts(n_level2, n_level3, n_level4_parents)
    boundary = shangdu_boundary() if boundary is None else boundary
    c = boundary.centroid
    frame = _Frame(c.x, c.y)
    region = frame.to_local(boundary)
    rng = np.random.default_rng(seed)

    def plan() -> LayoutPlan:
        seeds = lloyd(sample_in(region, n_level3, rng), region, _LLOYD_STREET)
        street = np.zeros(n_level3, dtype=np.int64)
        return LayoutPlan(region, seeds, street, 1, n_level2, n_level4_parents)

    built = build_with_retries(plan, rng)
    names = SHANGDU_LEVEL2_NAMES if level2_names is None else tuple(level2_names)
    return _specs(frame, [(code, name)], built, [names], GridNamer(random.Random(seed)))


def _district_outline(rng: np.random.Generator) -> Polygon:
    """An irregular, star-shaped district outline (local metres) about the origin."""
    n = 18
    a, b = _DISTRICT_SEMI_AXES_M
    # Jitter under half a step keeps the angles increasing, so the ring never crosses itself.
    t = 2 * np.pi * (np.arange(n) + rng.uniform(-0.3, 0.3, n)) / n
    r = 1 + rng.uniform(-0.12, 0.12, n)
    return Polygon(np.column_stack([a * r * np.cos(t), b * r * np.sin(t)]))


def generate_district(
    *,
    seed: int,
    streets: Sequence[tuple[str, str]],
    n_level2: int = 57,
    n_level3: int = 327,
    centre: tuple[float, float] = (113.73, 34.76),
    n_level4_parents: int = 3,
) -> list[GridSpec]:
    """Street offices (code, name) tiling a district outline around centre, about 15 × 10 km.

    Each street gets 1 + n_level2 + n_level3 grids plus level-4 splits as in generate_street.
    Streets are numbered in the given order and placed in reading order (north-west first).
    A street named 商都路办事处 takes SHANGDU_LEVEL2_NAMES first.
    """
    if not streets:
        raise ValueError("need at least one street")
    _check_counts(n_level2, n_level3, n_level4_parents)
    frame = _Frame(*centre)
    rng = np.random.default_rng(seed)
    region = _district_outline(rng)
    n_streets = len(streets)

    def plan() -> LayoutPlan:
        centres = lloyd(sample_in(region, n_streets, rng), region, _LLOYD_DISTRICT_STREETS)
        centres = centres[reading_order(centres)]
        areas = [region] if n_streets == 1 else list(voronoi_cells(centres, region))
        seeds = [
            lloyd(sample_in(area, n_level3, rng), area, _LLOYD_DISTRICT_CELLS) for area in areas
        ]
        street = np.repeat(np.arange(n_streets), n_level3)
        return LayoutPlan(
            region, np.concatenate(seeds), street, n_streets, n_level2, n_level4_parents
        )

    built = build_with_retries(plan, rng)
    preferred = [SHANGDU_LEVEL2_NAMES if name == "商都路办事处" else () for _, name in streets]
    return _specs(frame, streets, built, preferred, GridNamer(random.Random(seed)))
