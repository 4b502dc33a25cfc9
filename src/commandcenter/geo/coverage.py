"""Coverage of grids by their children (SPEC §2: 全覆盖、无缝隙): gaps, overlaps between siblings,
and children reaching outside their parent, each with its area and a point inside it.

Pure functions over shapely polygons in WGS-84 lon/lat; areas are in m² (`geojson.area_m2`,
a local equirectangular frame, well under 0.1 % off at street scale).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .geojson import area_m2

DEFAULT_TOLERANCE_M2 = 1.0

# DE-9IM: the interiors share an area (touching along an edge or at a vertex does not count).
_INTERIORS_OVERLAP = "2********"


class FindingKind(StrEnum):
    GAP = "gap"  # inside a parent, covered by none of its children
    OVERLAP = "overlap"  # shared by two siblings
    OUTSIDE = "outside"  # of a child, outside its parent


_KIND_ORDER = {kind: i for i, kind in enumerate(FindingKind)}


@dataclass(frozen=True, slots=True)
class GridPolygon:
    """What the coverage check needs of a grid: a valid polygon (see validation.py)."""

    code: str
    level: int
    parent: str | None
    geometry: BaseGeometry


@dataclass(frozen=True, slots=True)
class CoverageFinding:
    """One connected problem area.

    codes: GAP (parent,); OVERLAP (lower code, higher code); OUTSIDE (child, parent).
    (lon, lat) is a point inside the area.
    """

    kind: FindingKind
    codes: tuple[str, ...]
    lon: float
    lat: float
    area_m2: float

    def sort_key(self) -> tuple[int, tuple[str, ...], float, float]:
        return (_KIND_ORDER[self.kind], self.codes, self.lon, self.lat)


def check_coverage(
    grids: Sequence[GridPolygon], tolerance_m2: float = DEFAULT_TOLERANCE_M2
) -> list[CoverageFinding]:
    """Gaps, sibling overlaps and children outside their parent, sorted by kind, codes, place.

    Each connected piece of a problem is one finding; pieces under `tolerance_m2` (floating
    point slivers along shared edges) are left out. Grids without a parent are siblings of
    one another. Parents missing from `grids` are not checked (validation refuses them).
    """
    by_code = {g.code: g for g in grids}
    children: dict[str, list[GridPolygon]] = defaultdict(list)
    for g in grids:
        if g.parent is not None and g.parent in by_code:
            children[g.parent].append(g)
    findings: list[CoverageFinding] = []
    for parent_code, kids in children.items():
        findings += _parent_findings(by_code[parent_code], kids, tolerance_m2)
    findings += _overlaps(grids, tolerance_m2)
    return sorted(findings, key=CoverageFinding.sort_key)


def _parent_findings(
    parent: GridPolygon, kids: Sequence[GridPolygon], tolerance_m2: float
) -> list[CoverageFinding]:
    kid_geoms = np.array([k.geometry for k in kids], dtype=object)
    out = _pieces(
        FindingKind.GAP,
        (parent.code,),
        shapely.difference(parent.geometry, shapely.union_all(kid_geoms)),
        tolerance_m2,
    )
    for kid, outside in zip(kids, shapely.difference(kid_geoms, parent.geometry), strict=True):
        out += _pieces(FindingKind.OUTSIDE, (kid.code, parent.code), outside, tolerance_m2)
    return out


def _overlaps(grids: Sequence[GridPolygon], tolerance_m2: float) -> list[CoverageFinding]:
    if len(grids) < 2:
        return []
    geoms = np.array([g.geometry for g in grids], dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    # Parents as small integers, so that "same parent" is one vectorised comparison.
    parent_ids: dict[str | None, int] = {}
    parents = np.array([parent_ids.setdefault(g.parent, len(parent_ids)) for g in grids])
    siblings = (left < right) & (parents[left] == parents[right])
    left, right = left[siblings], right[siblings]
    if len(left) == 0:
        return []
    # Neighbours share edges; only pairs whose interiors meet are worth an intersection.
    real = shapely.relate_pattern(geoms[left], geoms[right], _INTERIORS_OVERLAP)
    left, right = left[real], right[real]
    out: list[CoverageFinding] = []
    shared = shapely.intersection(geoms[left], geoms[right])
    for a, b, geom in zip(left.tolist(), right.tolist(), shared, strict=True):
        pair = tuple(sorted((grids[a].code, grids[b].code)))
        out += _pieces(FindingKind.OVERLAP, pair, geom, tolerance_m2)
    return out


def _pieces(
    kind: FindingKind, codes: tuple[str, ...], geom: BaseGeometry, tolerance_m2: float
) -> list[CoverageFinding]:
    if geom.is_empty:
        return []
    out = []
    for piece in shapely.get_parts(geom):
        # An intersection may hold lines and points where the polygons also touch.
        if piece.geom_type != "Polygon":
            continue
        area = area_m2(piece)
        if area <= 0 or area < tolerance_m2:
            continue
        where = piece.representative_point()
        out.append(CoverageFinding(kind, codes, where.x, where.y, area))
    return out
