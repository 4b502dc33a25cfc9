"""WGS-84 → GCJ-02: a few hundred metres of shift in Zhengzhou, none outside China, smooth
(nearby points shift alike), and whole geometries converted position by position."""

from __future__ import annotations

import math

from commandcenter.geo.gcj02 import convert_geometry, wgs84_to_gcj02

ZHENGZHOU = (113.75, 34.76)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (b[0] - a[0]) * 111_320 * math.cos(math.radians(a[1]))
    dy = (b[1] - a[1]) * 110_574
    return math.hypot(dx, dy)


def test_a_zhengzhou_point_moves_a_few_hundred_metres_mostly_east() -> None:
    moved = wgs84_to_gcj02(*ZHENGZHOU)
    assert 200 < _metres(ZHENGZHOU, moved) < 800
    assert moved[0] - ZHENGZHOU[0] > 4 * abs(moved[1] - ZHENGZHOU[1])


def test_outside_china_nothing_moves() -> None:
    for point in ((2.35, 48.86), (-74.0, 40.7), (139.7, 35.7)):
        assert wgs84_to_gcj02(*point) == point


def test_the_shift_is_smooth_across_a_street() -> None:
    a = wgs84_to_gcj02(*ZHENGZHOU)
    b = wgs84_to_gcj02(ZHENGZHOU[0] + 0.001, ZHENGZHOU[1] + 0.001)
    shift_a = (a[0] - ZHENGZHOU[0], a[1] - ZHENGZHOU[1])
    shift_b = (b[0] - ZHENGZHOU[0] - 0.001, b[1] - ZHENGZHOU[1] - 0.001)
    assert abs(shift_a[0] - shift_b[0]) < 1e-5 and abs(shift_a[1] - shift_b[1]) < 1e-5


def test_a_polygon_is_converted_position_by_position() -> None:
    ring = [[113.7, 34.7], [113.8, 34.7], [113.8, 34.8], [113.7, 34.7]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    converted = convert_geometry(geometry)
    assert converted["type"] == "Polygon"
    assert converted["coordinates"][0] == [list(wgs84_to_gcj02(*p)) for p in ring]
    assert geometry["coordinates"][0] == ring  # the input is left alone
