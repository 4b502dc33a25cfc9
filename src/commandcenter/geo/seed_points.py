"""Seed points for the demo grid construction, in local metres: uniform samples inside a region,
their clipped Voronoi cells, Lloyd relaxation, farthest-point picks, nearest seeds and reading
order (see generator for the frame they live in)."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = [
    "farthest_points",
    "lloyd",
    "nearest",
    "reading_order",
    "sample_in",
    "voronoi_cells",
]


def sample_in(region: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """n uniform random points strictly inside region, as an (n, 2) array."""
    minx, miny, maxx, maxy = region.bounds
    shapely.prepare(region)
    chunks, got = [], 0
    while got < n:
        m = max(64, 3 * (n - got))
        xy = np.column_stack([rng.uniform(minx, maxx, m), rng.uniform(miny, maxy, m)])
        xy = xy[shapely.contains_xy(region, xy[:, 0], xy[:, 1])]
        chunks.append(xy)
        got += len(xy)
    return np.concatenate(chunks)[:n]


def voronoi_cells(seeds: np.ndarray, region: BaseGeometry) -> np.ndarray:
    """Voronoi cells of seeds clipped to region, in seed order."""
    vor = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=region, ordered=True)
    return shapely.intersection(shapely.get_parts(vor), region)


def lloyd(seeds: np.ndarray, region: BaseGeometry, iterations: int) -> np.ndarray:
    """Lloyd relaxation: move each seed to its clipped cell's centroid, so cells are compact."""
    if len(seeds) < 2:
        return seeds
    for _ in range(iterations):
        cells = voronoi_cells(seeds, region)
        c = shapely.get_coordinates(shapely.centroid(cells))
        # In a concave region a centroid can fall outside; such a seed just stays put.
        inside = shapely.contains_xy(region, c[:, 0], c[:, 1])
        seeds = np.where(inside[:, None], c, seeds)
    return seeds


def farthest_points(xy: np.ndarray, k: int, first: int) -> list[int]:
    """k indices of xy chosen by farthest-point sampling from index first."""
    chosen = [first]
    dist = np.hypot(*(xy - xy[first]).T)
    for _ in range(k - 1):
        nxt = int(np.argmax(dist))
        chosen.append(nxt)
        dist = np.minimum(dist, np.hypot(*(xy - xy[nxt]).T))
    return chosen


def nearest(points: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Index of the nearest seed for each point geometry (lowest index on a tie)."""
    tree = shapely.STRtree(shapely.points(seeds))
    qi, ti = tree.query_nearest(points, all_matches=True)
    out = np.full(len(points), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, qi, ti)
    return out


def reading_order(xy: np.ndarray) -> list[int]:
    """Indices in reading order: rows from north to south, each row from west to east."""
    n = len(xy)
    per_row = max(1, round(math.sqrt(n)))
    by_y = sorted(range(n), key=lambda i: (-xy[i, 1], xy[i, 0], i))
    rows = [by_y[k : k + per_row] for k in range(0, n, per_row)]
    return [i for row in rows for i in sorted(row, key=lambda i: (xy[i, 0], -xy[i, 1], i))]
