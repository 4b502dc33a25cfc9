"""`commandcenter grids check | import | locate` on the seeded demo street, run as a user runs
them: exit 0 when clean, 1 with findings (printed, nothing written), 2 on bad input (one line)."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest
import shapely
from shapely import affinity
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from commandcenter.domain.model import Grid
from commandcenter.geo.geojson import (
    area_m2,
    geometry_to_mapping,
    grids_from_geojson,
    grids_to_geojson,
)

FINDING = re.compile(
    r"^(?P<kind>gap|overlap|outside) +(?P<codes>\d+(?: \d+)?) +(?P<area>[\d.]+) m²  "
    r"at (?P<lon>[\d.]+),(?P<lat>[\d.]+)  \S"
)
D = 0.0002  # degrees: about 18–22 m near Zhengzhou


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commandcenter.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _checksum(db: Path) -> str:
    digest = hashlib.sha256()
    with sqlite3.connect(db) as conn:
        for table in ("grids", "cases"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Row:
    id: int
    code: str
    version: int
    level: int
    parent: str | None
    geometry: BaseGeometry


def _current(db: Path) -> dict[str, Row]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT id, code, version, level, parent_code, geometry FROM grids WHERE is_current"
        ).fetchall()
    return {
        code: Row(i, code, v, level, parent, shapely.from_geojson(geometry))
        for i, code, v, level, parent, geometry in rows
    }


def _plain_blocks(grids: dict[str, Row]) -> list[Row]:
    """Level-3 grids without level-4 children, by code."""
    split = {g.parent for g in grids.values() if g.level == 4}
    return sorted((g for g in grids.values() if g.level == 3 and g.code not in split), key=_code)


def _code(g: Row) -> str:
    return g.code


def _neighbours(grids: dict[str, Row], *, siblings: bool) -> tuple[Row, Row]:
    """Two plain blocks sharing an edge, with the same parent or with different ones."""
    blocks = _plain_blocks(grids)
    for b in blocks:
        for c in blocks:
            if b.code >= c.code or (b.parent == c.parent) != siblings:
                continue
            if b.geometry.intersection(c.geometry).length > 10 * D:
                return b, c
    raise AssertionError("no neighbouring blocks")


def _grown_into(b: Row, c: Row) -> tuple[BaseGeometry, BaseGeometry]:
    """b grown by a strip of c along their shared edge, and that strip."""
    strip = c.geometry.intersection(b.geometry.buffer(D, join_style="mitre"))
    return b.geometry.union(strip), strip


def _set_geometry(db: Path, code: str, geom: BaseGeometry) -> None:
    assert geom.is_valid and geom.geom_type == "Polygon"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE grids SET geometry = ? WHERE code = ? AND is_current",
            (json.dumps(geometry_to_mapping(geom)), code),
        )


def _findings(stdout: str) -> list[tuple[str, tuple[str, ...], float, float, float]]:
    out = []
    for line in stdout.splitlines():
        m = FINDING.match(line)
        if m:
            where = (float(m["lon"]), float(m["lat"]))
            out.append((m["kind"], tuple(m["codes"].split()), float(m["area"]), *where))
    return out


def _shrunk(grid: Row) -> BaseGeometry:
    shrunk = affinity.scale(grid.geometry, 0.9, 0.9, origin=grid.geometry.centroid)
    assert grid.geometry.contains(shrunk)
    return shrunk


# --------------------------------------------------------------------------------- check


def test_check_passes_the_demo_street(street_db: Path) -> None:
    done = _cli("grids", "check", "--db", street_db)
    assert done.returncode == 0, done.stderr
    n = len(_current(street_db))
    assert done.stdout == (
        f"{n} current grids: no gaps, overlaps or children outside their parent (tolerance 1 m²)\n"
    )


def test_check_finds_a_planted_gap_and_overlap(street_db: Path) -> None:
    grids = _current(street_db)
    b, c = _neighbours(grids, siblings=True)
    a = next(
        g for g in _plain_blocks(grids) if g.parent == b.parent and g.code not in (b.code, c.code)
    )
    _set_geometry(street_db, a.code, _shrunk(a))
    grown, strip = _grown_into(b, c)
    _set_geometry(street_db, b.code, grown)
    before = _checksum(street_db)

    done = _cli("grids", "check", "--db", street_db)

    assert done.returncode == 1, done.stderr
    found = _findings(done.stdout)
    assert [(kind, codes) for kind, codes, *_ in found] == [
        ("gap", (a.parent,)),
        ("overlap", (b.code, c.code)),
    ]
    (_, _, gap_m2, lon, lat), (_, _, overlap_m2, *_) = found
    assert gap_m2 == pytest.approx(area_m2(a.geometry) - area_m2(_shrunk(a)), rel=1e-3)
    assert a.geometry.contains(shapely.points(lon, lat))
    assert not _shrunk(a).contains(shapely.points(lon, lat))
    assert overlap_m2 == pytest.approx(area_m2(strip), rel=1e-3)
    assert 100 < overlap_m2 < 100_000  # an ~20 m wide strip along a block edge
    last = done.stdout.splitlines()[-1]
    assert last.startswith(f"2 findings in {len(grids)} current grids: 1 gap, 1 overlap")
    assert _checksum(street_db) == before


def test_check_finds_a_child_outside_its_parent(street_db: Path) -> None:
    grids = _current(street_db)
    b, cousin = _neighbours(grids, siblings=False)
    grown, strip = _grown_into(b, cousin)
    _set_geometry(street_db, b.code, grown)

    done = _cli("grids", "check", "--db", street_db)

    assert done.returncode == 1, done.stderr
    found = _findings(done.stdout)
    assert {(kind, codes) for kind, codes, *_ in found} == {("outside", (b.code, b.parent))}
    assert sum(area for _, _, area, *_ in found) == pytest.approx(area_m2(strip), rel=1e-3)
    assert "reaches outside its parent" in done.stdout


def test_tolerance_suppresses_a_sliver(street_db: Path) -> None:
    block = _plain_blocks(_current(street_db))[0]
    p = block.geometry.representative_point()
    sliver = box(p.x, p.y, p.x + 5e-6, p.y + 5e-6)  # about 0.25 m²
    _set_geometry(street_db, block.code, block.geometry.difference(sliver))

    assert _cli("grids", "check", "--db", street_db).returncode == 0
    done = _cli("grids", "check", "--db", street_db, "--tolerance", "0.1")
    assert done.returncode == 1
    ((kind, codes, area, *_),) = _findings(done.stdout)
    assert (kind, codes) == ("gap", (block.parent,)) and 0.2 <= area <= 0.3


# -------------------------------------------------------------------------------- import


def _export(db: Path, out: Path) -> str:
    done = _cli("grids", "export", "--db", db, "--out", out)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def test_import_of_an_unchanged_export_changes_nothing(street_db: Path, tmp_path: Path) -> None:
    first = _export(street_db, tmp_path / "grids.geojson")
    before, file_before = _checksum(street_db), street_db.read_bytes()
    n = len(_current(street_db))

    done = _cli("grids", "import", "--db", street_db, "--geojson", tmp_path / "grids.geojson")

    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"imported {tmp_path / 'grids.geojson'}: 0 added, 0 new versions, {n} unchanged\n"
    )
    assert _checksum(street_db) == before
    assert street_db.read_bytes() == file_before
    assert _export(street_db, tmp_path / "again.geojson") == first


def test_import_with_a_gap_and_an_overlap_writes_nothing(street_db: Path, tmp_path: Path) -> None:
    grids = _current(street_db)
    b, c = _neighbours(grids, siblings=True)
    a = next(
        g for g in _plain_blocks(grids) if g.parent == b.parent and g.code not in (b.code, c.code)
    )
    edited = _edit(
        _export(street_db, tmp_path / "grids.geojson"),
        {a.code: _shrunk(a), b.code: _grown_into(b, c)[0]},
    )
    path = tmp_path / "edited.geojson"
    path.write_text(edited, encoding="utf-8")
    before = _checksum(street_db)

    done = _cli("grids", "import", "--db", street_db, "--geojson", path)

    assert done.returncode == 1, done.stderr
    kinds = [(kind, codes) for kind, codes, *_ in _findings(done.stdout)]
    assert kinds == [("gap", (a.parent,)), ("overlap", (b.code, c.code))]
    assert done.stdout.splitlines()[-1].startswith(f"nothing imported from {path}")
    assert _checksum(street_db) == before


def _edit(text: str, geometries: dict[str, BaseGeometry], **names: str) -> str:
    grids = grids_from_geojson(text).grids
    return grids_to_geojson(
        replace(
            g,
            name=names.get(g.code, g.name),
            geometry=geometry_to_mapping(geometries[g.code])
            if g.code in geometries
            else g.geometry,
        )
        for g in grids
    )


def test_changed_grids_become_new_versions_and_cases_keep_theirs(
    street_db: Path, tmp_path: Path
) -> None:
    grids = _current(street_db)
    b, c = _neighbours(grids, siblings=True)
    grown, strip = _grown_into(b, c)
    renamed = next(g for g in _plain_blocks(grids) if g.code not in (b.code, c.code))
    split = next(g for g in _plain_blocks(grids) if g.code not in (b.code, c.code, renamed.code))
    with sqlite3.connect(street_db) as conn:
        filed = dict(conn.execute("SELECT id, grid_id FROM cases WHERE grid_code = ?", (b.code,)))
    assert filed and set(filed.values()) == {b.id}
    text = _edit(
        _export(street_db, tmp_path / "grids.geojson"),
        {b.code: grown, c.code: c.geometry.difference(strip)},
        **{renamed.code: "新改的名字"},
    )
    # The split grid gets two level-4 halves: new codes, version 1.
    west = box(*split.geometry.bounds[:2], split.geometry.centroid.x, split.geometry.bounds[3])
    halves = [split.geometry.intersection(west), split.geometry.difference(west)]
    new = [
        Grid(f"{split.code}{i:02d}", f"新网格{i}", 4, split.code, geometry_to_mapping(h), None)
        for i, h in enumerate(halves, 1)
    ]
    text = grids_to_geojson([*grids_from_geojson(text).grids, *new])
    path = tmp_path / "edited.geojson"
    path.write_text(text, encoding="utf-8")
    cases_before = _checksum_of_cases(street_db)
    started = datetime.now().replace(microsecond=0)

    done = _cli("grids", "import", "--db", street_db, "--geojson", path)

    assert done.returncode == 0, done.stdout + done.stderr
    n = len(grids)
    assert done.stdout == f"imported {path}: 2 added, 3 new versions, {n - 3} unchanged\n"
    after = _current(street_db)
    for old in (b, c, renamed):
        assert after[old.code].version == old.version + 1 and after[old.code].id != old.id
    assert {after[g.code].version for g in new} == {1}
    with sqlite3.connect(street_db) as conn:
        rows = conn.execute(
            "SELECT id, version, is_current, name, valid_from FROM grids WHERE code = ? "
            "ORDER BY version",
            (renamed.code,),
        ).fetchall()
        assert [(r[0], r[1], r[2]) for r in rows] == [
            (renamed.id, 1, 0),
            (after[renamed.code].id, 2, 1),
        ]
        assert rows[1][3] == "新改的名字"
        assert datetime.fromisoformat(rows[1][4]) >= started
        kept = dict(conn.execute("SELECT id, grid_id FROM cases WHERE grid_code = ?", (b.code,)))
    assert kept == filed  # filed in version 1, still pointing at it
    assert _checksum_of_cases(street_db) == cases_before
    assert _export(street_db, tmp_path / "again.geojson") == text

    again = _cli("grids", "import", "--db", street_db, "--geojson", path)
    assert again.returncode == 0 and "0 added, 0 new versions" in again.stdout


def _checksum_of_cases(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM cases ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_grids_left_out_of_the_file_stay(street_db: Path, tmp_path: Path) -> None:
    block = _plain_blocks(_current(street_db))[-1]
    doc = json.loads(_export(street_db, tmp_path / "grids.geojson"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["code"] != block.code]
    path = tmp_path / "partial.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = _checksum(street_db)

    done = _cli("grids", "import", "--db", street_db, "--geojson", path)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == (
        f"1 current grids not in the file, left unchanged: {block.code}"
    )
    assert _checksum(street_db) == before


def test_a_leader_given_in_the_file_is_a_change(street_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(street_db) as conn:
        (moved, old_leader), (same, its_leader) = conn.execute(
            "SELECT code, leader_code FROM grids WHERE is_current AND level = 3 "
            "AND leader_code IS NOT NULL ORDER BY code LIMIT 2"
        ).fetchall()
    doc = json.loads(_export(street_db, tmp_path / "grids.geojson"))
    for f in doc["features"]:
        if f["properties"]["code"] == moved:
            f["properties"]["leader"] = its_leader  # another existing person
        elif f["properties"]["code"] == same:
            f["properties"]["leader"] = its_leader  # as it is
    path = tmp_path / "leaders.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert old_leader != its_leader

    done = _cli("grids", "import", "--db", street_db, "--geojson", path)

    assert done.returncode == 0, done.stderr
    assert "0 added, 1 new version, " in done.stdout
    with sqlite3.connect(street_db) as conn:
        rows = conn.execute(
            "SELECT version, leader_code, is_current FROM grids WHERE code = ? ORDER BY version",
            (moved,),
        ).fetchall()
    assert rows == [(1, old_leader, 0), (2, its_leader, 1)]


def _broken(doc: dict, problem: str) -> dict:
    features = doc["features"]
    level3 = next(f for f in features if f["properties"]["level"] == 3)
    if problem == "parent":
        level3["properties"]["parent"] = "410171001999"
    elif problem == "duplicate":
        features.append(level3)
    elif problem == "geometry":
        (x0, y0), (x1, y1) = level3["geometry"]["coordinates"][0][:2]
        level3["geometry"] = {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y1]] * 2]}
        level3["geometry"]["coordinates"][0].append([x0, y0])
    elif problem == "leader":
        level3["properties"]["leader"] = "nobody-0000"
    return doc


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("json", "not valid JSON: Expecting ',' delimiter (line 4, column"),
        ("parent", "unknown parent 410171001999"),
        ("duplicate", "appears twice (features"),
        ("geometry", "the polygon is invalid"),
        ("leader", "unknown leader nobody-0000"),
    ],
)
def test_bad_grid_files_exit_2_with_one_line(
    street_db: Path, tmp_path: Path, problem: str, message: str
) -> None:
    text = _export(street_db, tmp_path / "grids.geojson")
    if problem == "json":
        text = text.replace('"level":3,', '"level":3', 1)
    else:
        text = json.dumps(_broken(json.loads(text), problem), ensure_ascii=False)
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    before = _checksum(street_db)

    done = _cli("grids", "import", "--db", street_db, "--geojson", path)

    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stdout == ""
    assert done.stderr.startswith(f"commandcenter: error: {path}: ")
    assert message in done.stderr
    assert _checksum(street_db) == before


def test_other_bad_input_exits_2(street_db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "ledger.db"
    fake.write_bytes(b"PK\x03\x04 an Excel file renamed")
    grids_file = tmp_path / "grids.geojson"
    _export(street_db, grids_file)
    for args, message in [
        (("check", "--db", fake), "not a SQLite database"),
        (("import", "--db", fake, "--geojson", grids_file), "not a SQLite database"),
        (("import", "--db", street_db, "--geojson", tmp_path / "no.geojson"), "no such file"),
        (("check", "--db", street_db, "--tolerance", "-1"), "not an area in m²"),
        (("locate", "--db", street_db, "--lon", "x", "--lat", "34.7"), "invalid float"),
    ]:
        done = _cli("grids", *args)
        assert done.returncode == 2, args
        assert len(done.stderr.splitlines()) == 1 and message in done.stderr, done.stderr
    assert fake.read_bytes() == b"PK\x03\x04 an Excel file renamed"


# -------------------------------------------------------------------------------- locate


def test_locate_gives_the_level3_grid_of_a_point(street_db: Path) -> None:
    grids = _current(street_db)
    block = _plain_blocks(grids)[0]
    with sqlite3.connect(street_db) as conn:
        lon, lat = conn.execute(
            "SELECT lon, lat FROM cases WHERE grid_code = ? LIMIT 1", (block.code,)
        ).fetchone()
    done = _cli("grids", "locate", "--db", street_db, "--lon", lon, "--lat", lat)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == block.code and "away" not in done.stdout

    # 0.0002° (about 18 m) west of the street's westernmost corner: outside every grid.
    (street,) = [g for g in grids.values() if g.level == 1]
    x, y = min(street.geometry.exterior.coords)
    near = _cli("grids", "locate", "--db", street_db, "--lon", x - D, "--lat", y)
    assert near.returncode == 0, near.stderr
    metres = float(re.fullmatch(r"\d{15} \S+ \(([\d.]+) m away\)\n", near.stdout)[1])
    assert 15 < metres <= 18.5
    far = _cli("grids", "locate", "--db", street_db, "--lon", x - 0.01, "--lat", y)
    assert far.returncode == 1
    assert far.stdout.startswith("no level-3 grid within 50 m of")
