"""Demo grid geometry: counts, full coverage without gaps or overlaps (全覆盖、无缝隙), nesting,
determinism, the GeoJSON round trip, point location and the metric area."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from commandcenter.geo.generator import (
    SHANGDU_LEVEL2_NAMES,
    GridSpec,
    generate_district,
    generate_street,
    shangdu_boundary,
)
from commandcenter.geo.geojson import (
    area_m2,
    geometry_to_mapping,
    grids_to_geojson,
    mapping_to_geometry,
)
from commandcenter.geo.locate import GridLocator, random_point_in, random_points_in

TOL_M2 = 1.0
STREET_CODE = "410171001"


def _street(seed: int = 7) -> list[GridSpec]:
    return generate_street(
        seed=seed, code=STREET_CODE, name="商都路办事处", n_level2=14, n_level3=69
    )


@pytest.fixture(scope="module")
def street() -> list[GridSpec]:
    return _street()


@pytest.fixture(scope="module")
def round_tripped(street: list[GridSpec]) -> list[GridSpec]:
    """The street as read back from its GeoJSON, so every check also covers the encoding."""
    doc = json.loads(grids_to_geojson(street))
    return [
        GridSpec(**f["properties"], geometry=mapping_to_geometry(f["geometry"]))
        for f in doc["features"]
    ]


def _children(grids: list[GridSpec]) -> dict[str, list[GridSpec]]:
    out: dict[str, list[GridSpec]] = defaultdict(list)
    for g in grids:
        if g.parent is not None:
            out[g.parent].append(g)
    return out


def _symdiff_m2(a, b) -> float:
    return area_m2(shapely.symmetric_difference(a, b))


def _max_overlap_m2(polygons: list[Polygon]) -> float:
    geoms = np.array(polygons, dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    overlaps = shapely.intersection(geoms[left[keep]], geoms[right[keep]])
    return max((area_m2(g) for g in overlaps), default=0.0)


def test_counts_and_codes(round_tripped: list[GridSpec]) -> None:
    levels = Counter(g.level for g in round_tripped)
    assert (levels[1], levels[2], levels[3]) == (1, 14, 69)
    level4_parents = Counter(g.parent for g in round_tripped if g.level == 4)
    assert len(level4_parents) == 3
    assert all(2 <= n <= 4 for n in level4_parents.values())
    by_code = {g.code: g for g in round_tripped}
    assert len(by_code) == len(round_tripped)
    digits = {2: 3, 3: 3, 4: 2}
    for g in round_tripped:
        if g.level == 1:
            assert (g.code, g.parent) == (STREET_CODE, None)
            continue
        parent = by_code[g.parent]
        assert parent.level == g.level - 1
        assert g.code.startswith(parent.code)
        assert len(g.code) == len(parent.code) + digits[g.level]


def test_names(round_tripped: list[GridSpec]) -> None:
    names = [g.name for g in round_tripped]
    assert len(set(names)) == len(names)
    level2 = [g.name for g in sorted(round_tripped, key=lambda g: g.code) if g.level == 2]
    assert level2 == list(SHANGDU_LEVEL2_NAMES)


def test_polygons_valid(round_tripped: list[GridSpec]) -> None:
    for g in round_tripped:
        assert g.geometry.geom_type == "Polygon", g.code
        assert g.geometry.is_valid, g.code
        assert area_m2(g.geometry) > 1000, g.code


def test_street_is_plausible(round_tripped: list[GridSpec]) -> None:
    (top,) = [g for g in round_tripped if g.level == 1]
    assert _symdiff_m2(top.geometry, shangdu_boundary()) < TOL_M2
    assert 9e6 < area_m2(top.geometry) < 16e6  # roughly 3–4 km across
    assert 8 <= len(shangdu_boundary().exterior.coords) - 1 <= 20


def test_level3_tiles_the_street(round_tripped: list[GridSpec]) -> None:
    (top,) = [g for g in round_tripped if g.level == 1]
    level3 = [g.geometry for g in round_tripped if g.level == 3]
    assert _symdiff_m2(shapely.union_all(level3), top.geometry) < TOL_M2
    assert _max_overlap_m2(level3) < TOL_M2
    level4 = [g.geometry for g in round_tripped if g.level == 4]
    assert _max_overlap_m2(level4) < TOL_M2


def test_children_tile_their_parent(round_tripped: list[GridSpec]) -> None:
    by_code = {g.code: g for g in round_tripped}
    for parent_code, kids in _children(round_tripped).items():
        parent = by_code[parent_code].geometry
        for kid in kids:
            assert area_m2(kid.geometry.difference(parent)) < TOL_M2, kid.code
        union = shapely.union_all([k.geometry for k in kids])
        assert _symdiff_m2(union, parent) < TOL_M2, parent_code
        assert _max_overlap_m2([k.geometry for k in kids]) < TOL_M2, parent_code


def test_geojson_is_deterministic_and_exact(street: list[GridSpec]) -> None:
    text = grids_to_geojson(street)
    assert text.endswith("\n")
    assert grids_to_geojson(reversed(street)) == text
    assert grids_to_geojson(_street(7)) == text
    assert grids_to_geojson(_street(8)) != text
    doc = json.loads(text)
    codes = [f["properties"]["code"] for f in doc["features"]]
    assert codes == sorted(codes)
    assert all(
        list(f["properties"]) == ["code", "name", "level", "parent"] for f in doc["features"]
    )
    assert "商都路办事处" in text  # ensure_ascii=False
    for g, f in zip(sorted(street, key=lambda g: g.code), doc["features"], strict=True):
        assert shapely.equals_exact(mapping_to_geometry(f["geometry"]), g.geometry, 0.0)


def test_geometry_mapping_helpers() -> None:
    square = box(113.73, 34.76, 113.731, 34.761)
    m = geometry_to_mapping(square)
    assert isinstance(m["coordinates"], list) and isinstance(m["coordinates"][0][0], list)
    assert geometry_to_mapping(m) == m
    assert shapely.equals_exact(mapping_to_geometry(m), square, 0.0)


def test_area_m2_of_a_known_square() -> None:
    # 0.001° × 0.001° at 34.76 N is about 91.4 m × 110.6 m.
    square = box(113.73, 34.76, 113.731, 34.761)
    assert area_m2(square) == pytest.approx(91.4 * 110.6, rel=2e-3)
    assert area_m2(geometry_to_mapping(square)) == area_m2(square)


def test_district_streets_tile_without_overlap() -> None:
    streets = [(f"4101710{i:02d}", f"测试{i}办事处") for i in range(1, 5)]
    grids = generate_district(seed=3, streets=streets, n_level2=5, n_level3=40)
    for code, _ in streets:
        mine = Counter(g.level for g in grids if g.code.startswith(code))
        assert (mine[1], mine[2], mine[3]) == (1, 5, 40)
        assert len({g.parent for g in grids if g.level == 4 and g.code.startswith(code)}) == 3
    tops = [g.geometry for g in grids if g.level == 1]
    assert all(t.geom_type == "Polygon" and t.is_valid for t in tops)
    assert _max_overlap_m2(tops) < TOL_M2
    district = shapely.union_all(tops)
    assert district.geom_type == "Polygon" and not district.interiors  # no gaps between streets
    # Compare in one frame: area_m2 projects each polygon about its own centroid latitude.
    m2_per_deg2 = area_m2(district) / district.area
    assert abs(sum(t.area for t in tops) - district.area) * m2_per_deg2 < TOL_M2
    level3 = [g.geometry for g in grids if g.level == 3]
    assert _symdiff_m2(shapely.union_all(level3), district) < TOL_M2
    names = [g.name for g in grids if g.level == 2]
    assert len(set(names)) == len(names)
    assert generate_district(seed=3, streets=streets, n_level2=5, n_level3=40) == grids


def test_locator_finds_sampled_points(street: list[GridSpec]) -> None:
    leaves = {g.code for g in street} - {g.parent for g in street}
    leaf_grids = [g for g in street if g.code in leaves]
    locator = GridLocator((g.code, g.geometry) for g in leaf_grids)
    rng = random.Random(11)
    lons, lats, expected = [], [], []
    for g in leaf_grids:
        for lon, lat in random_points_in(g.geometry, 20, rng):
            lons.append(lon)
            lats.append(lat)
            expected.append(g.code)
    assert locator.locate_many(lons, lats) == expected
    assert locator.locate(lons[0], lats[0]) == expected[0]
    assert locator.locate(0.0, 0.0) is None
    assert locator.locate_many([0.0], [0.0]) == [None]


def test_locator_picks_lowest_code_on_a_shared_edge() -> None:
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    locator = GridLocator([("b", left), ("a", geometry_to_mapping(right))])
    assert locator.locate(1.0, 0.5) == "a"
    assert locator.locate_many([1.0, 0.5, 1.5], [0.5, 0.5, 0.5]) == ["a", "b", "a"]


def test_random_points_are_strictly_inside_and_deterministic() -> None:
    triangle = Polygon([(0, 0), (1, 0), (0, 1)])
    pts = random_points_in(triangle, 5000, random.Random(1))
    assert len(pts) == 5000
    xy = np.array(pts)
    assert shapely.contains_xy(triangle, xy[:, 0], xy[:, 1]).all()
    assert random_points_in(triangle, 5000, random.Random(1)) == pts
    assert random_points_in(triangle, 5000, random.Random(2)) != pts
    x, y = random_point_in(triangle, random.Random(4))
    assert shapely.contains_xy(triangle, x, y)
    assert random_point_in(triangle, random.Random(4)) == (x, y)
    with pytest.raises(ValueError):
        random_points_in(Polygon(), 1, random.Random(1))
