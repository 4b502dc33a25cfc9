"""Deterministic demo grid geometry in WGS-84 lon/lat: one street office or a whole district.

Built bottom-up (PLATFORM.md, "Geometry"): ONE Voronoi diagram over the level-3 seeds is noded
together with the outer boundary (and later the level-4 split lines) and polygonized into
atomic faces. Every grid at every level is the coverage union of its faces, so neighbours share
exactly the same vertices, children tile their parent exactly and nothing has to be snapped.

The construction runs in a local metric frame (equirectangular about the boundary's centre) so
that Voronoi cells and Lloyd relaxation are isotropic on the ground; an affine map takes the
result back to lon/lat, which keeps shared vertices bit-identical.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .geojson import M_PER_DEG_LAT, M_PER_DEG_LON

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


# The first six are real communities of 商都路办事处. The rest are named after nearby 郑东新区
# roads; names of other street offices or townships (祭城, 圃田, 龙湖, 金光路) are avoided.
SHANGDU_LEVEL2_NAMES: tuple[str, ...] = (
    "东瑞园社区",
    "南岗社区",
    "白佛社区",
    "五州汇富社区",
    "商都路社区",
    "七里河社区",
    "商鼎路社区",
    "众意路社区",
    "聚源路社区",
    "心怡路社区",
    "东风南路社区",
    "永平路社区",
    "康平路社区",
    "通泰路社区",
)

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
_LLOYD_LEVEL4 = 6
_DISTRICT_SEMI_AXES_M = (7_500.0, 5_000.0)  # about 15 km × 10 km
_OVERSHOOT_M = 1e-3  # level-4 split lines reach 1 mm past their parent so noding cuts its edge
_MAX_ATTEMPTS = 8


def shangdu_boundary() -> Polygon:
    """The (demo) outline of 商都路办事处, 郑东新区, around 113.73 E, 34.76 N."""
    return Polygon(_SHANGDU_OUTLINE)


class _LayoutError(RuntimeError):
    """A random layout came out unusable (e.g. a street split in two); draw again."""


# --------------------------------------------------------------------------- local frame


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


# --------------------------------------------------------------------------- point helpers


def _sample_in(region: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
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


def _voronoi_cells(seeds: np.ndarray, region: BaseGeometry) -> np.ndarray:
    """Voronoi cells of seeds clipped to region, in seed order."""
    vor = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=region, ordered=True)
    return shapely.intersection(shapely.get_parts(vor), region)


def _lloyd(seeds: np.ndarray, region: BaseGeometry, iterations: int) -> np.ndarray:
    """Lloyd relaxation: move each seed to its clipped cell's centroid, so cells are compact."""
    if len(seeds) < 2:
        return seeds
    for _ in range(iterations):
        cells = _voronoi_cells(seeds, region)
        c = shapely.get_coordinates(shapely.centroid(cells))
        # In a concave region a centroid can fall outside; such a seed just stays put.
        inside = shapely.contains_xy(region, c[:, 0], c[:, 1])
        seeds = np.where(inside[:, None], c, seeds)
    return seeds


def _farthest_points(xy: np.ndarray, k: int, first: int) -> list[int]:
    """k indices of xy chosen by farthest-point sampling from index first."""
    chosen = [first]
    dist = np.hypot(*(xy - xy[first]).T)
    for _ in range(k - 1):
        nxt = int(np.argmax(dist))
        chosen.append(nxt)
        dist = np.minimum(dist, np.hypot(*(xy - xy[nxt]).T))
    return chosen


def _nearest(points: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Index of the nearest seed for each point geometry (lowest index on a tie)."""
    tree = shapely.STRtree(shapely.points(seeds))
    qi, ti = tree.query_nearest(points, all_matches=True)
    out = np.full(len(points), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, qi, ti)
    return out


def _reading_order(xy: np.ndarray) -> list[int]:
    """Indices in reading order: rows from north to south, each row from west to east."""
    n = len(xy)
    per_row = max(1, round(math.sqrt(n)))
    by_y = sorted(range(n), key=lambda i: (-xy[i, 1], xy[i, 0], i))
    rows = [by_y[k : k + per_row] for k in range(0, n, per_row)]
    return [i for row in rows for i in sorted(row, key=lambda i: (xy[i, 0], -xy[i, 1], i))]


# --------------------------------------------------------------------------- planar faces

Adjacency = dict[int, dict[int, float]]  # node -> neighbour -> shared border length (m)


def _planar_faces(linework: Sequence[BaseGeometry], region: BaseGeometry):
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


def _face_adjacency(faces: np.ndarray) -> Adjacency:
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


def _quotient(adj: Adjacency, labels: np.ndarray, n_labels: int) -> Adjacency:
    """Adjacency between labels, summing the borders of their members."""
    out: Adjacency = {i: {} for i in range(n_labels)}
    for f, nbrs in adj.items():
        a = int(labels[f])
        for g, w in nbrs.items():
            b = int(labels[g])
            if a != b:
                out[a][b] = out[a].get(b, 0.0) + w
    return out


def _subgraph(adj: Adjacency, nodes: Sequence[int]) -> Adjacency:
    keep = set(nodes)
    return {n: {m: w for m, w in adj[n].items() if m in keep} for n in sorted(keep)}


def _components(labels: np.ndarray, adj: Adjacency) -> dict[int, list[list[int]]]:
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


def _make_contiguous(labels: np.ndarray, adj: Adjacency, size: np.ndarray) -> None:
    """Relabel detached pieces in place until every label is one connected piece.

    Each label keeps its largest piece (so no label disappears); every other piece goes to the
    neighbouring label it shares the longest border with. Each move merges two pieces, so this
    ends after at most as many rounds as there are nodes.
    """
    for _ in range(len(adj) + 1):
        moved = False
        for _label, comps in sorted(_components(labels, adj).items()):
            if len(comps) < 2:
                continue
            main = max(comps, key=lambda c: (float(size[c].sum()), -c[0]))
            for comp in comps:
                if comp is not main and _move_piece(comp, labels, adj):
                    moved = True
        if not moved:
            break
    if any(len(c) > 1 for c in _components(labels, adj).values()):
        raise _LayoutError("a grid could not be made contiguous")


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


def _union(faces: np.ndarray) -> Polygon:
    """Coverage union of faces that share exact edges; must come out as one polygon."""
    geom = faces[0] if len(faces) == 1 else shapely.coverage_union_all(faces)
    if geom.geom_type != "Polygon":
        raise _LayoutError(f"union is a {geom.geom_type}")
    return geom


def _index_lists(labels: np.ndarray, n: int) -> list[np.ndarray]:
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(n)]


# --------------------------------------------------------------------------- layout


@dataclass(slots=True)
class _Cell:
    polygon: Polygon
    children: list[Polygon] = field(default_factory=list)  # level-4, in reading order


@dataclass(slots=True)
class _Group:
    polygon: Polygon
    cells: list[_Cell]  # in reading order


@dataclass(slots=True)
class _Street:
    polygon: Polygon
    groups: list[_Group]  # in reading order


@dataclass(slots=True)
class _Plan:
    """What to build: the region and seeds in local metres, and how many of each level."""

    region: Polygon
    seeds: np.ndarray  # level-3 seeds
    street_of_seed: np.ndarray
    n_streets: int
    n_level2: int
    n_level4_parents: int


def _build(plan: _Plan, rng: np.random.Generator) -> list[_Street]:
    """All streets of plan, bottom-up, in local metres."""
    region, n_cells = plan.region, len(plan.seeds)
    edges = shapely.voronoi_polygons(
        shapely.multipoints(plan.seeds), extend_to=region, only_edges=True
    )
    noded, faces = _planar_faces([region.boundary, edges], region)
    cell_of_face = _nearest(shapely.point_on_surface(faces), plan.seeds)
    face_adj = _face_adjacency(faces)
    # Clipping by a concave boundary can cut a Voronoi cell in two.
    _make_contiguous(cell_of_face, face_adj, shapely.area(faces))
    cell_adj = _quotient(face_adj, cell_of_face, n_cells)
    cell_faces = _index_lists(cell_of_face, n_cells)
    cells = np.array([_union(faces[f]) for f in cell_faces], dtype=object)

    streets = [np.flatnonzero(plan.street_of_seed == s) for s in range(plan.n_streets)]
    group_of_cell = np.full(n_cells, -1, dtype=np.int64)
    parents: dict[int, np.ndarray] = {}  # level-3 cell -> its level-4 seeds
    for members in streets:
        sub = _subgraph(cell_adj, members.tolist())
        if len(_components(np.zeros(n_cells, dtype=np.int64), sub)[0]) != 1:
            raise _LayoutError("a street is not contiguous")
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
    centres = xy[_farthest_points(xy, k, int(rng.integers(len(xy))))]
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
    _make_contiguous(labels, adj, sizes)
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
        out[c] = _lloyd(_sample_in(cells[c], k, rng), cells[c], _LLOYD_LEVEL4)
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
    _, new_faces = _planar_faces([noded, *lines], region)
    points = shapely.point_on_surface(new_faces)
    new_cell = cell_of_face[_containing(points, faces)]
    child = np.full(len(new_faces), -1, dtype=np.int64)
    for c, seeds in parents.items():
        mine = np.flatnonzero(new_cell == c)
        labels = _nearest(points[mine], seeds)
        local = _face_adjacency(new_faces[mine])
        _make_contiguous(labels, local, shapely.area(new_faces[mine]))
        child[mine] = labels
    return new_faces, new_cell, child


def _containing(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
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


def _assemble(
    plan: _Plan,
    streets: list[np.ndarray],
    group_of_cell: np.ndarray,
    faces: np.ndarray,
    cell_of_face: np.ndarray,
    child_of_face: np.ndarray,
) -> list[_Street]:
    """Union faces into the final polygons, ordered for numbering."""
    n_cells = len(plan.seeds)
    cell_faces = _index_lists(cell_of_face, n_cells)
    out = []
    for members in streets:
        groups = []
        for g in range(plan.n_level2):
            ids = members[group_of_cell[members] == g]
            built = [_make_cell(faces[cell_faces[c]], child_of_face[cell_faces[c]]) for c in ids]
            built = [built[i] for i in _reading_order(_centroids([b.polygon for b in built]))]
            polygon = _union(faces[np.concatenate([cell_faces[c] for c in ids])])
            groups.append(_Group(polygon, built))
        groups = [groups[i] for i in _reading_order(_centroids([g.polygon for g in groups]))]
        polygon = _union(faces[np.concatenate([cell_faces[c] for c in members])])
        out.append(_Street(polygon, groups))
    return out


def _make_cell(faces: np.ndarray, child: np.ndarray) -> _Cell:
    cell = _Cell(_union(faces))
    if child[0] >= 0:
        kids = [_union(faces[child == j]) for j in range(int(child.max()) + 1)]
        cell.children = [kids[i] for i in _reading_order(_centroids(kids))]
    return cell


def _centroids(polygons: Sequence[Polygon]) -> np.ndarray:
    return shapely.get_coordinates(shapely.centroid(np.array(polygons, dtype=object)))


# --------------------------------------------------------------------------- names

_CN_DIGITS = "零一二三四五六七八九"

# Two-character words for community and compound names; none ends in 路/园/苑/村 so that the
# suffixes below never double up, and none repeats a street office of the demo district.
_WORDS = (
    "金桥", "华庭", "康宁", "和平", "顺河", "福寿", "瑞祥", "安居", "泰和", "兴隆",
    "丰庆", "锦绣", "翠竹", "绿城", "明珠", "宏达", "盛世", "嘉禾", "荣华", "昌盛",
    "永安", "长青", "银河", "朝阳", "春晖", "东明", "北林", "文化", "建设", "工人",
    "友爱", "幸福", "光明", "红旗", "凤凰", "紫荆", "桂花", "海棠", "玉兰", "牡丹",
    "百合", "青松", "柳林", "杨树", "梧桐", "银杏", "育才", "通达", "民航", "电力",
    "纺织", "农科", "黄河", "淮河", "嵩山", "伏牛", "东方", "新华", "南湖", "西苑",
)  # fmt: skip
_LEVEL2_SUFFIXES = ("", "园", "苑", "里", "花园", "新村", "路")
_SURNAMES = (
    "陈", "王", "李", "张", "刘", "杨", "赵", "黄", "周", "吴", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
)  # fmt: skip
_VILLAGE_SUFFIXES = ("庄", "寨", "砦", "营", "楼", "岗", "湾")
_COMPOUND_SUFFIXES = ("小区", "家园", "花园", "公寓", "商业街", "大厦", "大院")
_LEVEL4_MAIN = "居民区"
_LEVEL4_OTHERS = ("沿街商铺", "市场", "飞地")
_DIRECTIONS = "东西南北中"


def _cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十二, 二十, …); larger numbers stay Arabic."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _unique(name: str, used: set[str]) -> str:
    k, out = 2, name
    while out in used:
        out, k = f"{name}（{_cn_number(k)}）", k + 1
    return out


class _Namer:
    """Plausible, deterministic Chinese grid names; level-2 names unique across the district."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        urban = [w + s + "社区" for w in _WORDS for s in _LEVEL2_SUFFIXES]
        villages = [s + v + "村" for s in _SURNAMES for v in _VILLAGE_SUFFIXES]
        self._pool = [n for n in urban + villages if n not in SHANGDU_LEVEL2_NAMES]
        rng.shuffle(self._pool)
        self._used_level2: set[str] = set()
        self._compounds: list[str] = []

    def level2(self, n: int, preferred: Sequence[str]) -> list[str]:
        if len(set(preferred)) != len(preferred):
            raise ValueError("level2_names must be unique")
        names = [p for p in preferred[:n] if p not in self._used_level2]
        self._used_level2.update(names)
        while len(names) < n:
            names.append(self._next_level2())
        return names

    def _next_level2(self) -> str:
        while self._pool:
            name = self._pool.pop()
            if name not in self._used_level2:
                self._used_level2.add(name)
                return name
        # More communities than the pool holds: reuse it with a direction prefix (东金桥社区).
        for d in _DIRECTIONS:
            for w in _WORDS:
                name = f"{d}{w}社区"
                if name not in self._used_level2:
                    self._used_level2.add(name)
                    return name
        name = _unique("新建社区", self._used_level2)
        self._used_level2.add(name)
        return name

    def start_street(self) -> None:
        self._compounds = [w + s for w in _WORDS for s in _COMPOUND_SUFFIXES]
        self._rng.shuffle(self._compounds)

    def level3(self, level2_name: str, count: int, used: set[str]) -> list[str]:
        base = level2_name.removesuffix("社区")
        # Some communities number their grids, some name blocks (东瑞园一区, 陈砦村二组), some
        # name them after the compounds and shopping streets inside.
        style = self._rng.choice(("grid", "zone", "compound"))
        names = []
        for i in range(1, count + 1):
            if style == "zone":
                name = f"{base}{_cn_number(i)}{'组' if base.endswith('村') else '区'}"
            elif style == "compound" and self._compounds:
                name = self._compounds.pop()
            else:
                name = f"{base}第{_cn_number(i)}网格"
            if name in used:
                name = _unique(f"{base}第{_cn_number(i)}网格", used)
            used.add(name)
            names.append(name)
        return names

    def level4(self, parent_name: str, areas: Sequence[float], used: set[str]) -> list[str]:
        """The largest part is the residential area; the others get shops, market, enclave."""
        if not areas:
            return []
        others = self._rng.sample(_LEVEL4_OTHERS, len(areas) - 1)
        largest = max(range(len(areas)), key=lambda i: (areas[i], -i))
        names = []
        for i in range(len(areas)):
            suffix = _LEVEL4_MAIN if i == largest else others.pop(0)
            name = _unique(f"{parent_name}-{suffix}", used)
            used.add(name)
            names.append(name)
        return names


# --------------------------------------------------------------------------- public API


def _specs(
    frame: _Frame,
    ids: Sequence[tuple[str, str]],
    built: Sequence[_Street],
    preferred: Sequence[Sequence[str]],
    namer: _Namer,
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


def _build_with_retries(make_plan, rng: np.random.Generator) -> list[_Street]:
    for _ in range(_MAX_ATTEMPTS):
        try:
            return _build(make_plan(), rng)
        except _LayoutError:
            continue  # the rng has moved on, so the next draw differs
    raise RuntimeError(f"no usable layout in {_MAX_ATTEMPTS} attempts")


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

    def plan() -> _Plan:
        seeds = _lloyd(_sample_in(region, n_level3, rng), region, _LLOYD_STREET)
        street = np.zeros(n_level3, dtype=np.int64)
        return _Plan(region, seeds, street, 1, n_level2, n_level4_parents)

    built = _build_with_retries(plan, rng)
    names = SHANGDU_LEVEL2_NAMES if level2_names is None else tuple(level2_names)
    return _specs(frame, [(code, name)], built, [names], _Namer(random.Random(seed)))


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

    def plan() -> _Plan:
        centres = _lloyd(_sample_in(region, n_streets, rng), region, _LLOYD_DISTRICT_STREETS)
        centres = centres[_reading_order(centres)]
        areas = [region] if n_streets == 1 else list(_voronoi_cells(centres, region))
        seeds = [
            _lloyd(_sample_in(area, n_level3, rng), area, _LLOYD_DISTRICT_CELLS) for area in areas
        ]
        street = np.repeat(np.arange(n_streets), n_level3)
        return _Plan(region, np.concatenate(seeds), street, n_streets, n_level2, n_level4_parents)

    built = _build_with_retries(plan, rng)
    preferred = [SHANGDU_LEVEL2_NAMES if name == "商都路办事处" else () for _, name in streets]
    return _specs(frame, streets, built, preferred, _Namer(random.Random(seed)))
