"""The grid tools without the command line: coverage findings, validation of a grid set, the
GeoJSON reader, the import plan and the nearest-grid locator, on small hand-made grids."""

from __future__ import annotations

import dataclasses
import json

import pytest
import shapely
from shapely.geometry import Polygon, box

from commandcenter.domain.model import Grid
from commandcenter.geo.coverage import CoverageFinding, FindingKind, check_coverage
from commandcenter.geo.errors import GridDataError
from commandcenter.geo.geojson import (
    area_m2,
    geometry_to_mapping,
    grids_from_geojson,
    grids_to_geojson,
)
from commandcenter.geo.grid_import import plan_grid_import, same_geometry
from commandcenter.geo.locate import GridLocator
from commandcenter.geo.validation import validate_grids

# A street near Zhengzhou: two communities side by side, each with two blocks.
STREET = box(113.70, 34.74, 113.76, 34.78)
LEFT, RIGHT = box(113.70, 34.74, 113.73, 34.78), box(113.73, 34.74, 113.76, 34.78)
BLOCKS = {
    "S001001": box(113.70, 34.74, 113.73, 34.76),
    "S001002": box(113.70, 34.76, 113.73, 34.78),
    "S002001": box(113.73, 34.74, 113.76, 34.76),
    "S002002": box(113.73, 34.76, 113.76, 34.78),
}


def _grids(**geometry: Polygon) -> list[Grid]:
    shapes = {"S": STREET, "S001": LEFT, "S002": RIGHT, **BLOCKS, **geometry}
    out = []
    for code, geom in sorted(shapes.items()):
        level = (len(code) - 1) // 3 + 1
        parent = code[:-3] if level > 1 else None
        out.append(Grid(code, f"网格{code}", level, parent, geometry_to_mapping(geom)))
    return out


def _check(grids: list[Grid], tolerance: float = 1.0) -> list[CoverageFinding]:
    return check_coverage(validate_grids(grids, "test"), tolerance)


def test_a_tiling_has_no_findings() -> None:
    assert _check(_grids()) == []
    assert _check(_grids(), tolerance=0.0) == []


def test_a_hole_is_a_gap_of_its_parent() -> None:
    hole = box(113.710, 34.750, 113.711, 34.751)
    findings = _check(_grids(S001001=BLOCKS["S001001"].difference(hole)))
    assert [(f.kind, f.codes) for f in findings] == [(FindingKind.GAP, ("S001",))]
    assert findings[0].area_m2 == pytest.approx(area_m2(hole), rel=1e-6)
    assert 91 * 110 < findings[0].area_m2 < 92 * 111  # 0.001° square at 34.75° N
    assert hole.contains(shapely.points(findings[0].lon, findings[0].lat))


def test_a_block_grown_into_its_sibling_is_an_overlap() -> None:
    grown = box(113.70, 34.74, 113.73, 34.7605)  # 0.0005° into S001002
    findings = _check(_grids(S001001=grown))
    assert [(f.kind, f.codes) for f in findings] == [(FindingKind.OVERLAP, ("S001001", "S001002"))]
    assert findings[0].area_m2 == pytest.approx(area_m2(box(113.70, 34.76, 113.73, 34.7605)))
    assert 34.76 < findings[0].lat < 34.7605


def test_a_block_reaching_into_the_other_community_is_outside_its_parent() -> None:
    grown = box(113.70, 34.74, 113.731, 34.76)  # 0.001° into S002 (a cousin, not a sibling)
    findings = _check(_grids(S001001=grown))
    assert [(f.kind, f.codes) for f in findings] == [(FindingKind.OUTSIDE, ("S001001", "S001"))]
    assert findings[0].area_m2 == pytest.approx(area_m2(box(113.73, 34.74, 113.731, 34.76)))


def test_grids_without_a_parent_are_siblings() -> None:
    other = Grid("T", "别的街道", 1, None, geometry_to_mapping(box(113.75, 34.74, 113.80, 34.78)))
    findings = _check([*_grids(), other])
    assert [(f.kind, f.codes) for f in findings] == [(FindingKind.OVERLAP, ("S", "T"))]


def test_tolerance_drops_slivers_only() -> None:
    sliver = box(113.710, 34.750, 113.710005, 34.750005)  # about 0.25 m²
    grids = _grids(S001001=BLOCKS["S001001"].difference(sliver))
    assert _check(grids) == []
    (finding,) = _check(grids, tolerance=0.1)
    assert finding.kind is FindingKind.GAP and 0.2 < finding.area_m2 < 0.3


def test_findings_are_sorted_by_kind_then_codes() -> None:
    hole = box(113.740, 34.750, 113.741, 34.751)
    grids = _grids(
        S001001=box(113.70, 34.74, 113.73, 34.7605),  # into its sibling
        S001002=box(113.70, 34.76, 113.731, 34.78),  # into the other community
        S002001=BLOCKS["S002001"].difference(hole),
    )
    assert [(f.kind.value, f.codes) for f in _check(grids)] == [
        ("gap", ("S002",)),
        ("overlap", ("S001001", "S001002")),
        ("outside", ("S001002", "S001")),
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda g: [*g, g[3]], "grid S001002 appears more than once"),
        (lambda g: [*g, Grid("S003001", "x", 3, "S003", g[3].geometry)], "unknown parent S003"),
        (lambda g: [*g, Grid("S001003", "x", 2, "S001", g[3].geometry)], "level 2, but its par"),
        (lambda g: [*g, Grid("X001003", "x", 3, "S001", g[3].geometry)], "does not start with"),
        (lambda g: [*g, Grid("T", "x", 1, "S", g[3].geometry)], "level-1 grid has no parent"),
        (lambda g: [*g, Grid("S003", "x", 2, None, g[3].geometry)], "level-2 grid needs a parent"),
    ],
)
def test_validation_names_the_grid_and_the_problem(change, problem: str) -> None:
    with pytest.raises(GridDataError, match=problem) as info:
        validate_grids(change(_grids()), "grids.geojson")
    assert str(info.value).startswith("grids.geojson: grid ")


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        (Polygon([(113.70, 34.74), (113.73, 34.78), (113.73, 34.74), (113.70, 34.78)]), "Self"),
        (shapely.Point(113.71, 34.75), "a Point, not a Polygon"),
        (Polygon(), "empty"),
        (None, "no geometry"),
    ],
)
def test_validation_refuses_geometries_that_are_not_polygons(geometry, problem: str) -> None:
    grids = _grids()
    grids[3] = dataclasses.replace(
        grids[3], geometry=None if geometry is None else geometry_to_mapping(geometry)
    )
    with pytest.raises(GridDataError, match=problem):
        validate_grids(grids, "db")


def test_geojson_round_trip_keeps_every_coordinate() -> None:
    grids = _grids()
    text = grids_to_geojson(grids)
    read = grids_from_geojson(text, "f")
    assert list(read.grids) == grids
    assert read.without_leader == {g.code for g in grids}  # the export writes no leader
    assert grids_to_geojson(read.grids) == text


def test_geojson_reader_takes_a_leader_when_given() -> None:
    doc = json.loads(grids_to_geojson(_grids()))
    doc["features"][3]["properties"]["leader"] = "p7"
    doc["features"][4]["properties"]["leader"] = None
    read = grids_from_geojson(json.dumps(doc), "f")
    assert [g.leader for g in read.grids[3:5]] == ["p7", None]
    assert read.grids[3].code not in read.without_leader
    assert read.grids[4].code not in read.without_leader
    assert read.grids[5].code in read.without_leader


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"type": "FeatureCollection", "features": [', "f: not valid JSON: Expecting value"),
        ("[1, 2]", "f: not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {}}', "'features' is not a list"),
        ('{"type": "FeatureCollection", "features": [1]}', "feature 1: not a GeoJSON Feature"),
    ],
)
def test_geojson_reader_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(GridDataError, match=problem):
        grids_from_geojson(text, "f")


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("code", None, "property 'code' is missing"),
        ("name", "", "property 'name' is missing"),
        ("level", 5, "property 'level' is 5, not 1 to 4"),
        ("level", True, "property 'level' is True"),
        ("parent", 7, "property 'parent' is not a code or null"),
        ("leader", "", "property 'leader' is not a code or null"),
    ],
)
def test_geojson_reader_checks_each_property(key: str, value: object, problem: str) -> None:
    doc = json.loads(grids_to_geojson(_grids()))
    doc["features"][2]["properties"][key] = value
    with pytest.raises(GridDataError, match=f"f: feature 3.*{problem}"):
        grids_from_geojson(json.dumps(doc), "f")


def test_geojson_reader_refuses_a_broken_geometry() -> None:
    doc = json.loads(grids_to_geojson(_grids()))
    doc["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [[[1, 2]]]}
    with pytest.raises(GridDataError, match=r"feature 2 \(grid S001\): the geometry is not"):
        grids_from_geojson(json.dumps(doc), "f")


def _current() -> list[Grid]:
    return [
        dataclasses.replace(g, id=i, version=2 if g.code == "S002" else 1, leader=f"p{i}")
        for i, g in enumerate(_grids(), 1)
    ]


def _file(grids: list[Grid]) -> str:
    """The export of `grids`, with each grid's leader added to its properties."""
    doc = json.loads(grids_to_geojson(grids))
    leaders = {g.code: g.leader for g in grids}
    for f in doc["features"]:
        f["properties"]["leader"] = leaders[f["properties"]["code"]]
    return json.dumps(doc, ensure_ascii=False)


def test_plan_of_an_unchanged_file_writes_nothing() -> None:
    current = _current()
    plan = plan_grid_import(current, grids_from_geojson(_file(current), "f"), "f")
    assert not plan.writes
    assert plan.unchanged == tuple(g.code for g in current) and plan.absent == ()
    assert plan.after == tuple(current)


def test_plan_sorts_changed_added_and_absent_grids() -> None:
    current = _current()
    edited = [g for g in current if g.code != "S002002"]
    edited[0] = dataclasses.replace(edited[0], name="新名字")  # S
    edited[2] = dataclasses.replace(edited[2], leader="p9")  # S001001
    new = Grid("S001001001", "新网格", 4, "S001001", geometry_to_mapping(BLOCKS["S001001"]))
    plan = plan_grid_import(current, grids_from_geojson(_file([*edited, new]), "f"), "f")
    assert [(g.code, g.id, g.version) for g in plan.changed] == [("S", 1, 1), ("S001001", 3, 1)]
    assert plan.changed[0].name == "新名字" and plan.changed[1].leader == "p9"
    assert [(g.code, g.id, g.version) for g in plan.added] == [("S001001001", None, 1)]
    assert plan.absent == ("S002002",)
    assert "S002002" in {g.code for g in plan.after} and len(plan.after) == len(current) + 1


def test_plan_keeps_the_leader_when_the_file_has_none() -> None:
    current = _current()
    plan = plan_grid_import(current, grids_from_geojson(grids_to_geojson(current), "f"), "f")
    assert not plan.writes
    assert [g.leader for g in plan.after] == [g.leader for g in current]


def test_plan_refuses_a_code_given_twice() -> None:
    doc = json.loads(_file(_current()))
    doc["features"].append(doc["features"][4])
    with pytest.raises(GridDataError, match=r"f: grid S002 appears twice \(features 5 and 8\)"):
        plan_grid_import(_current(), grids_from_geojson(json.dumps(doc), "f"), "f")


def test_same_geometry_ignores_ring_start_and_direction_but_not_a_moved_vertex() -> None:
    ring = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    square = geometry_to_mapping(Polygon(ring))
    assert same_geometry(square, geometry_to_mapping(Polygon(ring[2:] + ring[:2])))
    assert same_geometry(square, geometry_to_mapping(Polygon(ring[::-1])))
    moved = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0 + 1e-12), (0.0, 1.0)]
    assert not same_geometry(square, geometry_to_mapping(Polygon(moved)))


def test_level3_locator_finds_the_containing_or_the_nearest_grid() -> None:
    locator = GridLocator.for_level(_grids(), 3)
    assert len(locator) == 4
    assert locator.nearest(113.71, 34.75, 50.0) == ("S001001", 0.0)
    # 0.0003° west of the street at 34.75° N is about 27.4 m.
    code, metres = locator.nearest(113.6997, 34.75, 50.0) or ("", -1.0)
    assert code == "S001001" and metres == pytest.approx(27.4, abs=0.2)
    assert locator.nearest(113.6997, 34.75, 20.0) is None
    assert locator.nearest(113.6997, 34.75, 0.0) is None
    # Due south of the corner shared by S001001 and S002001: equally near, the lower code wins.
    code, metres = locator.nearest(113.73, 34.7398, 50.0) or ("", -1.0)
    assert code == "S001001" and metres == pytest.approx(22.1, abs=0.2)
    assert GridLocator.for_level([], 3).nearest(113.71, 34.75, 50.0) is None
