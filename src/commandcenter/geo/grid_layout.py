"""The demo grid layout in local metres: what to build (a plan of level-3 seeds per street), and
building it bottom-up into streets of level-2 groups of level-3 cells, some split into level-4
children, every polygon a coverage union of the same atomic faces."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .faces import (
    Adjacency,
    LayoutError,
    components,
    containing,
    face_adjacency,
    index_lists,
    make_contiguous,
    planar_faces,
    quotient,
    subgraph,
    union,
)
from .seed_points import farthest_points, lloyd, nearest, reading_order, sample_in

__all__ = [
    "CellLayout",
    "GroupLayout",
    "LayoutPlan",
    "StreetLayout",
    "build_with_retries",
]

_LLOYD_LEVEL4 = 6
_OVERSHOOT_M = 1e-3  # level-4 split lines reach 1 mm past their parent so noding cuts its edge
_MAX_ATTEMPTS = 8


@dataclass(slots=True)
class CellLayout:
    polygon: Polygon
    children: list[Polygon] = field(default_factory=list)  # level-4, in reading order


@dataclass(slots=True)
class GroupLayout:
    polygon: Polygon
    cells: list[CellLayout]  # in reading order


@dataclass(slots=True)
class StreetLayout:
    polygon: Polygon
    groups: list[GroupLayout]  # in reading order


@dataclass(slots=True)
class LayoutPlan:
    """What to build: the region and seeds in local metres, and how many of each level."""

    region: Polygon
    seeds: np.ndarray  # level-3 seeds
    street_of_seed: np.ndarray
    n_streets: int
    n_level2: int
    n_level4_parents: int


def build_with_retries(
    make_plan: Callable[[], LayoutPlan], rng: np.random.Generator
) -> list[StreetLayout]:
    """Draw a plan and build it; a random draw can come out unusable, so draw again a few times."""
    for _ in range(_MAX_ATTEMPTS):
        try:
            return _build(make_plan(), rng)
        except LayoutError:
            continue  # the rng has moved on, so the next draw differs
    raise RuntimeError(f"no usable layout in {_MAX_ATTEMPTS} attempts")


def _build(plan: LayoutPlan, rng: np.random.Generator) -> list[StreetLayout]:
    """All streets of plan, bottom-up, in local metres."""
    region, n_cells = plan.region, len(plan.seeds)
    edges = shapely.voronoi_polygons(
        shapely.multipoints(plan.seeds), extend_to=region, only_edges=True
    )
    noded, faces = planar_faces([region.boundary, edges], region)
    cell_of_face = nearest(shapely.point_on_surface(faces), plan.seeds)
    face_adj = face_adjacency(faces)
    # Clipping by a concave boundary can cut a Voronoi cell in two.
    make_contiguous(cell_of_face, face_adj, shapely.area(faces))
    cell_adj = quotient(face_adj, cell_of_face, n_cells)
    cell_faces = index_lists(cell_of_face, n_cells)
    cells = np.array([union(faces[f]) for f in cell_faces], dtype=object)

    streets = [np.flatnonzero(plan.street_of_seed == s) for s in range(plan.n_streets)]
    group_of_cell = np.full(n_cells, -1, dtype=np.int64)
    parents: dict[int, np.ndarray] = {}  # level-3 cell -> its level-4 seeds
    for members in streets:
        sub = subgraph(cell_adj, members.tolist())
        if len(components(np.zeros(n_cells, dtype=np.int64), sub)[0]) != 1:
            raise LayoutError("a street is not contiguous")
        groups = _group_cells(members, cells, sub, plan.n_level2, rng)
        group_of_cell[members] = groups
        parents.update(_level4_seeds(members, cells, region, plan.n_level4_parents, rng))

    faces, cell_of_face, child_of_face = _split_level4(
        noded, faces, cell_of_face, cells, parents, region
    )
    return _assemble(plan, streets, group_of_cell, faces, cell_of_face, child_of_face)


def _group_cells(
    members: np.ndarray, cells: np.ndarray, adj: Adjacency, k: int, rng: np.random.Generator
) -> np.ndarray:
    """Level-2 group (0..k-1) of each member cell: k contiguous, compact groups."""
    xy = shapely.get_coordinates(shapely.centroid(cells[members]))
    area = shapely.area(cells[members])
    centres = xy[farthest_points(xy, k, int(rng.integers(len(xy))))]
    # A few weighted k-means steps even out the group sizes that farthest points leave uneven.
    for _ in range(4):
        assign = _closest_centre(xy, centres)
        for g in range(k):
            mine = assign == g
            if mine.any():
                centres[g] = np.average(xy[mine], axis=0, weights=area[mine])
    assign = _closest_centre(xy, centres)
    # Every group keeps at least its anchor cell, the free cell closest to its centre.
    taken: set[int] = set()
    for g in range(k):
        d = np.hypot(*(xy - centres[g]).T)
        anchor = next(int(i) for i in np.argsort(d, kind="stable") if int(i) not in taken)
        taken.add(anchor)
        assign[anchor] = g
    labels = np.full(int(members.max()) + 1, -1, dtype=np.int64)
    labels[members] = assign
    sizes = np.zeros(len(labels))
    sizes[members] = area
    make_contiguous(labels, adj, sizes)
    return labels[members]


def _closest_centre(xy: np.ndarray, centres: np.ndarray) -> np.ndarray:
    d = np.hypot(xy[:, None, 0] - centres[None, :, 0], xy[:, None, 1] - centres[None, :, 1])
    return np.argmin(d, axis=1)


def _level4_seeds(
    members: np.ndarray,
    cells: np.ndarray,
    region: Polygon,
    n_parents: int,
    rng: np.random.Generator,
) -> dict[int, np.ndarray]:
    """Pick n_parents cells of a street to split, and 2–4 relaxed seeds inside each."""
    # Prefer cells away from the outer boundary: splitting those looks less arbitrary.
    inner = members[~shapely.intersects(cells[members], region.boundary)]
    pool = inner if len(inner) >= n_parents else members
    chosen = sorted(int(c) for c in rng.choice(pool, size=n_parents, replace=False))
    out = {}
    for c in chosen:
        k = int(rng.integers(2, 5))
        out[c] = lloyd(sample_in(cells[c], k, rng), cells[c], _LLOYD_LEVEL4)
    return out


def _split_level4(
    noded: BaseGeometry,
    faces: np.ndarray,
    cell_of_face: np.ndarray,
    cells: np.ndarray,
    parents: dict[int, np.ndarray],
    region: Polygon,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Re-node with the level-4 split lines; returns (faces, level-3 cell, level-4 child)."""
    if not parents:
        return faces, cell_of_face, np.full(len(faces), -1, dtype=np.int64)
    lines = []
    for c, seeds in parents.items():
        reach = cells[c].buffer(_OVERSHOOT_M)
        edges = shapely.voronoi_polygons(
            shapely.multipoints(seeds),
            extend_to=cells[c].buffer(10 * _OVERSHOOT_M),
            only_edges=True,
        )
        # Overshooting lines cross the parent's edge, so noding always cuts it there; the
        # dangling millimetre outside is dropped by polygonize.
        lines.append(shapely.intersection(edges, reach))
    _, new_faces = planar_faces([noded, *lines], region)
    points = shapely.point_on_surface(new_faces)
    new_cell = cell_of_face[containing(points, faces)]
    child = np.full(len(new_faces), -1, dtype=np.int64)
    for c, seeds in parents.items():
        mine = np.flatnonzero(new_cell == c)
        labels = nearest(points[mine], seeds)
        local = face_adjacency(new_faces[mine])
        make_contiguous(labels, local, shapely.area(new_faces[mine]))
        child[mine] = labels
    return new_faces, new_cell, child


def _assemble(
    plan: LayoutPlan,
    streets: list[np.ndarray],
    group_of_cell: np.ndarray,
    faces: np.ndarray,
    cell_of_face: np.ndarray,
    child_of_face: np.ndarray,
) -> list[StreetLayout]:
    """Union faces into the final polygons, ordered for numbering."""
    n_cells = len(plan.seeds)
    cell_faces = index_lists(cell_of_face, n_cells)
    out = []
    for members in streets:
        groups = []
        for g in range(plan.n_level2):
            ids = members[group_of_cell[members] == g]
            built = [_make_cell(faces[cell_faces[c]], child_of_face[cell_faces[c]]) for c in ids]
            built = [built[i] for i in reading_order(_centroids([b.polygon for b in built]))]
            polygon = union(faces[np.concatenate([cell_faces[c] for c in ids])])
            groups.append(GroupLayout(polygon, built))
        groups = [groups[i] for i in reading_order(_centroids([g.polygon for g in groups]))]
        polygon = union(faces[np.concatenate([cell_faces[c] for c in members])])
        out.append(StreetLayout(polygon, groups))
    return out


def _make_cell(faces: np.ndarray, child: np.ndarray) -> CellLayout:
    cell = CellLayout(union(faces))
    if child[0] >= 0:
        kids = [union(faces[child == j]) for j in range(int(child.max()) + 1)]
        cell.children = [kids[i] for i in reading_order(_centroids(kids))]
    return cell


def _centroids(polygons: Sequence[Polygon]) -> np.ndarray:
    return shapely.get_coordinates(shapely.centroid(np.array(polygons, dtype=object)))
