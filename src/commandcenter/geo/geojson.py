"""GeoJSON encoding of grids, and a local metric area for tolerance checks.

The encoding is byte-stable (sorted features, fixed key order, full-precision floats) so that a
generated demo can be compared or committed as a file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

# Metres per degree of latitude, and of longitude at the equator (scaled by cos(lat)).
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0

_PROPERTIES = ("code", "name", "level", "parent")


def _listify(value: Any) -> Any:
    # shapely's mapping() uses tuples; lists keep json.dumps and equality checks stable.
    if isinstance(value, tuple | list):
        return [_listify(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _listify(v) for k, v in value.items()}
    return value


def geometry_to_mapping(geom: BaseGeometry | Mapping[str, Any]) -> dict[str, Any]:
    """A GeoJSON geometry dict (lists, not tuples) for a shapely geometry or a mapping."""
    if isinstance(geom, BaseGeometry):
        return _listify(mapping(geom))
    return _listify(dict(geom))


def mapping_to_geometry(d: Mapping[str, Any] | BaseGeometry) -> BaseGeometry:
    """A shapely geometry for a GeoJSON geometry dict (a geometry is returned unchanged)."""
    if isinstance(d, BaseGeometry):
        return d
    return shape(d)


def _field(obj: Any, name: str) -> Any:
    # GridSpec-like objects, ORM rows and plain dicts are all accepted.
    if isinstance(obj, Mapping):
        return obj[name]
    return getattr(obj, name)


def _feature(grid: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {key: _field(grid, key) for key in _PROPERTIES},
        "geometry": geometry_to_mapping(_field(grid, "geometry")),
    }


def grids_to_geojson(grids: Iterable[Any]) -> str:
    """A FeatureCollection of grids sorted by code, one feature per line, ending in a newline.

    Each grid needs ``code``, ``name``, ``level``, ``parent`` and ``geometry`` (a shapely
    geometry or a GeoJSON mapping), as attributes or as keys. Floats are written with Python's
    shortest round-trip repr, so decoding gives back exactly the same coordinates.
    """
    features = sorted((_feature(g) for g in grids), key=lambda f: f["properties"]["code"])
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def area_m2(geom: BaseGeometry | Mapping[str, Any]) -> float:
    """Area in m² of a lon/lat geometry, in an equirectangular frame about its centroid.

    Good to well under 0.1 % for street-sized areas, which is plenty for 1 m² tolerances on
    differences between nearly equal polygons.
    """
    g = mapping_to_geometry(geom)
    if g.is_empty:
        return 0.0
    c = g.centroid
    lon0, lat0 = c.x, c.y
    kx = math.cos(math.radians(lat0)) * M_PER_DEG_LON
    # Subtracting the centroid first keeps coordinates small, so the area stays accurate.
    local = shapely.transform(g, lambda xy: (xy - (lon0, lat0)) * (kx, M_PER_DEG_LAT))
    return float(local.area)
