"""GeoJSON encoding and decoding of grids, and a local metric area for tolerance checks.

The encoding is byte-stable (sorted features, fixed key order, full-precision floats) so that a
generated demo can be compared or committed as a file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from ..domain.model import Grid
from .errors import GridDataError

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
    shortest round-trip repr, so decoding (`grids_from_geojson`) gives back exactly the same
    coordinates.
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


@dataclass(frozen=True, slots=True)
class GridFile:
    """The grids of a GeoJSON file, in file order.

    The export writes no leader; a feature may add a ``leader`` property (a person code, or
    null for none) to change it. A feature without one says nothing about the leader: its code
    is in `without_leader`, and its grid has ``leader=None``."""

    grids: tuple[Grid, ...]
    without_leader: frozenset[str]


def grids_from_geojson(text: str, source: str = "GeoJSON") -> GridFile:
    """The grids of a FeatureCollection as `grids_to_geojson` writes it.

    Checks the shape of the document and the type of every property; raises GridDataError
    naming `source` and the feature. Geometries come back as GeoJSON mappings with exactly the
    coordinates of the file; whether they are valid polygons is for `validation.validate_grids`.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GridDataError(
            f"{source}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            source=source,
        ) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise GridDataError(f"{source}: not a GeoJSON FeatureCollection", source=source)
    features = doc.get("features")
    if not isinstance(features, list):
        raise GridDataError(f"{source}: 'features' is not a list", source=source)
    grids = [_grid_from_feature(f, f"{source}: feature {i}") for i, f in enumerate(features, 1)]
    without_leader = frozenset(
        g.code for g, f in zip(grids, features, strict=True) if "leader" not in f["properties"]
    )
    return GridFile(tuple(grids), without_leader)


def _grid_from_feature(feature: Any, where: str) -> Grid:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise GridDataError(f"{where}: not a GeoJSON Feature", where=where)
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise GridDataError(f"{where}: no properties", where=where)
    code = props.get("code")
    if not isinstance(code, str) or not code.strip():
        raise GridDataError(f"{where}: property 'code' is missing or not a text", where=where)
    where = f"{where} (grid {code})"
    name = props.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GridDataError(f"{where}: property 'name' is missing or not a text", where=where)
    level = props.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
        raise GridDataError(f"{where}: property 'level' is {level!r}, not 1 to 4", where=where)
    for key in ("parent", "leader"):
        value = props.get(key)
        if not (value is None or (isinstance(value, str) and value.strip())):
            raise GridDataError(f"{where}: property {key!r} is not a code or null", where=where)
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise GridDataError(f"{where}: no geometry", where=where)
    try:
        geom = shape(geometry)
    except (ShapelyError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise GridDataError(f"{where}: the geometry is not GeoJSON ({exc})", where=where) from None
    return Grid(
        code=code,
        name=name,
        level=level,
        parent=props.get("parent"),
        geometry=geometry_to_mapping(geom),
        leader=props.get("leader"),
    )
