"""WGS-84 → GCJ-02, the shifted coordinates Chinese web maps (AMap/Gaode, and others) draw in:
WGS-84 points land a few hundred metres off on their tiles unless converted. The published
transform; outside mainland China's bounding box it is the identity."""

from __future__ import annotations

import math
from typing import Any

_A = 6378245.0
_EE = 0.00669342162296594323


def _outside_china(lon: float, lat: float) -> bool:
    return not (73.66 < lon < 135.05 and 3.86 < lat < 53.55)


def _lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    if _outside_china(lon, lat):
        return lon, lat
    dlat = _lat(lon - 105.0, lat - 35.0)
    dlon = _lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def convert_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON geometry (Polygon or MultiPolygon) with every position converted."""

    def walk(value: object) -> object:
        if (
            isinstance(value, list)
            and len(value) >= 2
            and all(isinstance(v, int | float) for v in value[:2])
        ):
            lon, lat = wgs84_to_gcj02(float(value[0]), float(value[1]))
            return [lon, lat, *value[2:]]
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return {**geometry, "coordinates": walk(geometry["coordinates"])}
