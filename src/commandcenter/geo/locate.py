"""Point-in-grid location (SPEC §2: a reported point is assigned to its level-3 grid) and random
points inside grids for demo data."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..domain.model import Grid
from .geojson import M_PER_DEG_LAT, M_PER_DEG_LON, mapping_to_geometry

_MAX_SINGLE_TRIES = 100_000
_MAX_BATCH = 1_000_000
# How far outside every grid a reported point may lie and still go to the nearest one: phone
# GPS in a street of tall buildings is often 10–30 m off.
NEAR_M = 50.0


class GridLocator:
    """Finds the leaf grid (level 3 or 4) containing a lon/lat point.

    Built from (code, polygon) pairs; polygons may be shapely geometries or GeoJSON mappings.
    A point on an edge shared by several grids goes to the lowest code, so the answer never
    depends on input order.
    """

    def __init__(self, grids: Iterable[tuple[str, BaseGeometry | Mapping[str, Any]]]) -> None:
        pairs = sorted(((c, mapping_to_geometry(g)) for c, g in grids), key=lambda p: p[0])
        self._codes: list[str] = [code for code, _ in pairs]
        geoms = np.empty(len(pairs), dtype=object)
        geoms[:] = [geom for _, geom in pairs]
        # Tree index i is code rank i, so "lowest index" means "lowest code".
        self._tree = shapely.STRtree(geoms)

    @classmethod
    def for_level(cls, grids: Iterable[Grid], level: int = 3) -> GridLocator:
        """A locator over the grids of one level that have a polygon (SPEC §2 assigns a
        reported point to its level-3 grid)."""
        return cls((g.code, g.geometry) for g in grids if g.level == level and g.geometry)

    def __len__(self) -> int:
        return len(self._codes)

    @property
    def codes(self) -> list[str]:
        return list(self._codes)

    def locate(self, lon: float, lat: float) -> str | None:
        """Code of the grid containing (lon, lat), or None outside every grid."""
        hits = self._tree.query(shapely.points(lon, lat), predicate="intersects")
        return self._codes[int(hits.min())] if len(hits) else None

    def nearest(self, lon: float, lat: float, within_m: float) -> tuple[str, float] | None:
        """(code, distance in metres) of the grid containing (lon, lat) (distance 0), else of the
        nearest grid at most `within_m` metres away (the lowest code on a tie), else None."""
        code = self.locate(lon, lat)
        if code is not None:
            return code, 0.0
        if within_m <= 0 or not self._codes:
            return None
        kx = math.cos(math.radians(lat)) * M_PER_DEG_LON
        # A search radius in degrees that is at least within_m in every direction.
        radius = within_m / min(kx, M_PER_DEG_LAT)
        point = shapely.points(lon, lat)
        hits = np.sort(self._tree.query(point, predicate="dwithin", distance=radius))
        if len(hits) == 0:
            return None
        # Distances in metres, in an equirectangular frame about the point.
        near = shapely.transform(
            self._tree.geometries.take(hits), lambda xy: (xy - (lon, lat)) * (kx, M_PER_DEG_LAT)
        )
        metres = shapely.distance(near, shapely.points(0.0, 0.0))
        best = int(np.argmin(metres))  # hits are sorted: the first minimum is the lowest code
        if metres[best] > within_m:
            return None
        return self._codes[int(hits[best])], float(metres[best])

    def locate_many(self, lons: Sequence[float], lats: Sequence[float]) -> list[str | None]:
        """locate() for many points at once (100 000 points take well under a second)."""
        x, y = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        if x.shape != y.shape:
            raise ValueError("lons and lats differ in length")
        if len(x) == 0:
            return []
        qi, ti = self._tree.query(shapely.points(x, y), predicate="intersects")
        best = np.full(len(x), len(self._codes), dtype=np.int64)
        np.minimum.at(best, qi, ti)
        codes = [*self._codes, None]  # index len(codes) stands for "no grid"
        return [codes[i] for i in best.tolist()]


def _checked(polygon: BaseGeometry | Mapping[str, Any]) -> BaseGeometry:
    geom = mapping_to_geometry(polygon)
    if geom.is_empty or geom.area <= 0:
        raise ValueError("cannot sample points in an empty or zero-area geometry")
    return geom


def random_point_in(
    polygon: BaseGeometry | Mapping[str, Any], rng: random.Random
) -> tuple[float, float]:
    """A uniform random (lon, lat) strictly inside polygon (never on its edge).

    Rejection sampling in the bounding box; deterministic for a given rng state.
    """
    geom = _checked(polygon)
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(_MAX_SINGLE_TRIES):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        # contains (not intersects) excludes the boundary, so the point is strictly inside.
        if shapely.contains_xy(geom, x, y):
            return (x, y)
    raise ValueError("polygon too thin to sample")


def random_points_in(
    polygon: BaseGeometry | Mapping[str, Any], n: int, rng: random.Random
) -> list[tuple[float, float]]:
    """n uniform random (lon, lat) points strictly inside polygon.

    Vectorised: one 64-bit draw from rng seeds a numpy generator that samples in batches, so
    the result is deterministic for a given rng state and a million points across thousands of
    polygons take a few seconds.
    """
    if n <= 0:
        return []
    geom = _checked(polygon)
    minx, miny, maxx, maxy = geom.bounds
    gen = np.random.default_rng(rng.getrandbits(64))
    shapely.prepare(geom)
    # Expected acceptance is area / bounding-box area; oversample a little to mostly need one go.
    accept = max(geom.area / ((maxx - minx) * (maxy - miny)), 1e-6)
    chunks, got = [], 0
    while got < n:
        m = min(_MAX_BATCH, math.ceil((n - got) / accept * 1.25) + 16)
        x, y = gen.uniform(minx, maxx, m), gen.uniform(miny, maxy, m)
        keep = shapely.contains_xy(geom, x, y)
        chunks.append(np.column_stack([x[keep], y[keep]]))
        got += int(keep.sum())
    xy = np.concatenate(chunks)[:n]
    return [(lon, lat) for lon, lat in xy.tolist()]
