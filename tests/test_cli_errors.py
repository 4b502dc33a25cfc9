"""Bad input: one line naming the problem, exit code 2, nothing overwritten."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from commandcenter import paths
from commandcenter.cli import main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    err = capsys.readouterr().err.strip()
    return code, err


def test_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ledger.db"
    path.write_bytes(b"PK\x03\x04 an Excel file renamed")
    before = path.read_bytes()
    for args in (
        ["info", "--db", str(path), "--json"],
        ["seed", "--db", str(path), "--cases", "10", "--end", "2026-11-20"],
        ["grids", "export", "--db", str(path), "--out", str(tmp_path / "g.geojson")],
    ):
        code, err = _run(args, capsys)
        assert code == 2
        assert len(err.splitlines()) == 1 and "not a SQLite database" in err
    assert path.read_bytes() == before
    assert not (tmp_path / "g.geojson").exists()


def test_newer_schema(street_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(street_db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    before = street_db.read_bytes()
    code, err = _run(["info", "--db", str(street_db), "--json"], capsys)
    assert code == 2 and "newer than this program" in err and len(err.splitlines()) == 1
    code, err = _run(["seed", "--db", str(street_db), "--end", "2026-11-20"], capsys)
    assert code == 2 and "newer" in err
    assert street_db.read_bytes() == before


def test_unknown_preset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["seed", "--db", str(tmp_path / "x.db"), "--preset", "beijing"], capsys)
    assert code == 2 and "unknown preset 'beijing'" in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_taxonomy_with_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(paths.default_taxonomy().read_text(encoding="utf-8"))
    data["categories"][3]["priority"] = "whenever"
    bad = tmp_path / "tax.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "x.db"
    code, err = _run(["seed", "--db", str(db), "--taxonomy", str(bad)], capsys)
    assert code == 2 and len(err.splitlines()) == 1
    assert "field 'priority' is 'whenever'" in err and str(bad) in err
    assert not db.exists()


def test_seed_refuses_a_database_with_data(
    street_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup.db"
    shutil.copyfile(street_db, backup)
    code, err = _run(["seed", "--db", str(street_db), "--end", "2026-11-20"], capsys)
    assert code == 2 and "already holds" in err
    assert street_db.read_bytes() == backup.read_bytes()


def test_missing_database_for_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["info", "--db", str(tmp_path / "nope.db"), "--json"], capsys)
    assert code == 2 and "no such database" in err
    assert not (tmp_path / "nope.db").exists()


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["seed"], capsys)
    assert code == 2 and len(err.splitlines()) == 1 and "--db" in err


def test_demo_without_a_display_says_so_before_seeding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, err = _run(["demo", "--db", str(tmp_path / "demo.db")], capsys)
    assert code == 2 and "no display" in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
