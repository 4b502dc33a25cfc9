"""The atomic faces of one polygonization and the graph over them, for the demo grid
construction: noding and polygonizing linework, which faces share a border, connected pieces,
making every label one piece, and the coverage union of a label's faces.

Faces of one polygonization share identical edges, so any union of them is an exact coverage and
neighbouring grids share bit-identical vertices without snapping.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

__all__ = [
    "Adjacency",
    "LayoutError",
    "components",
    "containing",
    "face_adjacency",
    "index_lists",
    "make_contiguous",
    "planar_faces",
    "quotient",
    "subgraph",
    "union",
]


class LayoutError(RuntimeError):
    """A random layout came out unusable (e.g. a street split in two); draw again."""


Adjacency = dict[int, dict[int, float]]  # node -> neighbour -> shared border length (m)


def planar_faces(linework: Sequence[BaseGeometry], region: BaseGeometry):
    """Node all lines together, polygonize, keep the faces inside region.

    Returns (noded linework, faces). Faces of one polygonization share identical edges, so any
    union of them is an exact coverage.
    """
    parts = np.concatenate([shapely.get_parts(g) for g in linework])
    # LineStrings only (clipping may leave points), and no empty ones: a single seed's Voronoi
    # edges are MULTILINESTRING (EMPTY), and GEOS node() crashes on an empty part.
    parts = parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)]
    noded = shapely.node(shapely.multilinestrings(parts))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    shapely.prepare(region)
    inside = shapely.within(shapely.point_on_surface(faces), region)
    return noded, faces[inside]


def face_adjacency(faces: np.ndarray) -> Adjacency:
    """Faces sharing a border, with its length.

    Faces from one polygonization share edges segment for segment, so matching identical
    segments finds the neighbours exactly and far faster than pairwise intersections.
    """
    rings, ring_face = shapely.get_rings(faces, return_index=True)
    coords, ring_idx = shapely.get_coordinates(rings, return_index=True)
    same = ring_idx[:-1] == ring_idx[1:]
    a, b = coords[:-1][same], coords[1:][same]
    face = ring_face[ring_idx[:-1][same]]
    # A canonical direction per segment, so both faces produce the same key.
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo, hi = np.where(swap[:, None], b, a), np.where(swap[:, None], a, b)
    keys = np.column_stack([lo, hi])
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    order = np.argsort(inverse, kind="stable")
    paired = inverse[order[:-1]] == inverse[order[1:]]
    first, second = order[:-1][paired], order[1:][paired]
    lengths = np.hypot(*(hi[first] - lo[first]).T)
    adj: Adjacency = {i: {} for i in range(len(faces))}
    for f, g, w in zip(face[first].tolist(), face[second].tolist(), lengths.tolist(), strict=True):
        if f != g:
            adj[f][g] = adj[f].get(g, 0.0) + w
            adj[g][f] = adj[g].get(f, 0.0) + w
    return adj


def quotient(adj: Adjacency, labels: np.ndarray, n_labels: int) -> Adjacency:
    """Adjacency between labels, summing the borders of their members."""
    out: Adjacency = {i: {} for i in range(n_labels)}
    for f, nbrs in adj.items():
        a = int(labels[f])
        for g, w in nbrs.items():
            b = int(labels[g])
            if a != b:
                out[a][b] = out[a].get(b, 0.0) + w
    return out


def subgraph(adj: Adjacency, nodes: Sequence[int]) -> Adjacency:
    keep = set(nodes)
    return {n: {m: w for m, w in adj[n].items() if m in keep} for n in sorted(keep)}


def components(labels: np.ndarray, adj: Adjacency) -> dict[int, list[list[int]]]:
    """Connected components (by shared border) of each label, over the nodes of adj."""
    seen: set[int] = set()
    comps: dict[int, list[list[int]]] = defaultdict(list)
    for start in adj:
        if start in seen:
            continue
        label, stack, comp = labels[start], [start], []
        seen.add(start)
        while stack:
            n = stack.pop()
            comp.append(n)
            for m in adj[n]:
                if m not in seen and labels[m] == label:
                    seen.add(m)
                    stack.append(m)
        comps[int(label)].append(sorted(comp))
    return comps


def make_contiguous(labels: np.ndarray, adj: Adjacency, size: np.ndarray) -> None:
    """Relabel detached pieces in place until every label is one connected piece.

    Each label keeps its largest piece (so no label disappears); every other piece goes to the
    neighbouring label it shares the longest border with. Each move merges two pieces, so this
    ends after at most as many rounds as there are nodes.
    """
    for _ in range(len(adj) + 1):
        moved = False
        for _label, comps in sorted(components(labels, adj).items()):
            if len(comps) < 2:
                continue
            main = max(comps, key=lambda c: (float(size[c].sum()), -c[0]))
            for comp in comps:
                if comp is not main and _move_piece(comp, labels, adj):
                    moved = True
        if not moved:
            break
    if any(len(c) > 1 for c in components(labels, adj).values()):
        raise LayoutError("a grid could not be made contiguous")


def _move_piece(comp: list[int], labels: np.ndarray, adj: Adjacency) -> bool:
    own = labels[comp[0]]
    border: dict[int, float] = defaultdict(float)
    for n in comp:
        for m, w in adj[n].items():
            if labels[m] != own:
                border[int(labels[m])] += w
    if not border:
        return False
    target = max(sorted(border), key=lambda lab: border[lab])
    labels[comp] = target
    return True


def union(faces: np.ndarray) -> Polygon:
    """Coverage union of faces that share exact edges; must come out as one polygon."""
    geom = faces[0] if len(faces) == 1 else shapely.coverage_union_all(faces)
    if geom.geom_type != "Polygon":
        raise LayoutError(f"union is a {geom.geom_type}")
    return geom


def index_lists(labels: np.ndarray, n: int) -> list[np.ndarray]:
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(n)]


def containing(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Index of the face containing each point (the nearest face if rounding misses all)."""
    tree = shapely.STRtree(faces)
    qi, ti = tree.query(points, predicate="within")
    out = np.full(len(points), -1, dtype=np.int64)
    out[qi[::-1]] = ti[::-1]  # lowest face index wins on a (degenerate) double hit
    missing = np.flatnonzero(out < 0)
    if len(missing):
        mi, mt = tree.query_nearest(points[missing])
        out[missing[mi]] = mt
    return out
