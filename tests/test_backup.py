"""[12/20] 7: backups of the workstation database. A checked, consistent copy by hand (`backup`),
at the window's first start each day and before every migration, the newest 14 kept (the
database's setting); `restore` checks the backup before it replaces anything and keeps the
replaced file beside it: backed up, damaged, restored, the same `info` and the same outbox."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from pytestqt.qtbot import QtBot
from sqlalchemy import text as sql

from commandcenter import defaults
from commandcenter.app import build_app
from commandcenter.cli import main
from commandcenter.domain.enums import Role
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.transitions import Command
from commandcenter.store.backup import (
    KEEP,
    backups_dir,
    backups_of,
    daily_backup,
    make_backup,
    quick_check,
)
from commandcenter.store.case_commands import CaseCommands
from commandcenter.store.database import open_database
from commandcenter.store.errors import DatabaseDamaged
from commandcenter.store.migrate import alembic_config

NOW = datetime(2026, 11, 20, 17, 0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "backups"


def _info(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["info", "--db", str(db), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _outbox(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM outbox ORDER BY id").fetchall()


def _accept_three(db_path: Path) -> None:
    """Work of the desk not yet pushed: three reported cases accepted."""
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            ids = conn.execute(
                sql("SELECT id FROM cases WHERE state = 'reported' ORDER BY id LIMIT 3")
            ).scalars()
            officer = conn.execute(
                sql("SELECT person_code FROM person_roles WHERE role = 'duty_officer' LIMIT 1")
            ).scalar_one()
            cases = list(ids)
        commands = CaseCommands(db.engine, defaults.calendar())
        for case_id in cases:
            at = datetime(2026, 11, 21, 9, 0)  # after the seeded street's last event
            commands.apply(case_id, Command(EventType.ACCEPT, officer, Role.DUTY_OFFICER, at))
    finally:
        db.dispose()


def test_backed_up_damaged_restored_gives_the_same_info_and_outbox(
    street_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _accept_three(street_db)
    before, outbox = _info(street_db, capsys), _outbox(street_db)
    assert outbox, "the seeded street has work waiting to be pushed"
    assert main(["backup", "--db", str(street_db)]) == 0
    printed = capsys.readouterr()
    copy = Path(printed.out.strip())
    assert copy.parent == backups_dir() and copy.exists()
    assert "checked" in printed.err
    os.truncate(street_db, street_db.stat().st_size // 2)  # the disk lost half of it
    assert main(["info", "--db", str(street_db)]) == 2
    assert "restore it from a backup" in capsys.readouterr().err
    damaged = hashlib.sha256(street_db.read_bytes()).hexdigest()
    assert main(["restore", "--db", str(street_db), "--from", str(copy)]) == 0
    said = capsys.readouterr().err
    replaced = next(
        p for p in tmp_path.iterdir() if re.fullmatch(r"street\.db\.replaced-\d{8}-\d{6}", p.name)
    )
    assert str(replaced) in said
    assert hashlib.sha256(replaced.read_bytes()).hexdigest() == damaged  # kept as it was
    assert _info(street_db, capsys) == before
    assert _outbox(street_db) == outbox


def test_a_damaged_database_is_not_backed_up(
    street_db: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = street_db.stat().st_size
    with street_db.open("r+b") as fh:  # header and schema whole, pages garbled
        fh.seek(size // 3)
        fh.write(b"\xa5" * (size // 3))
    with pytest.raises(DatabaseDamaged, match="the database is damaged"):
        make_backup(street_db, folder=folder)
    assert not folder.exists() or list(folder.iterdir()) == []  # no copy, no partial file
    out = folder / "mine.db"
    assert main(["backup", "--db", str(street_db), "--out", str(out)]) == 2
    assert capsys.readouterr().err.count("\n") == 1 and not out.exists()


def test_a_damaged_backup_replaces_nothing(
    street_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad-backup.db"
    shutil.copyfile(street_db, bad)
    os.truncate(bad, bad.stat().st_size // 2)
    whole = hashlib.sha256(street_db.read_bytes()).hexdigest()
    assert main(["restore", "--db", str(street_db), "--from", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: the database is damaged" in err and err.count("\n") == 1
    assert hashlib.sha256(street_db.read_bytes()).hexdigest() == whole
    assert not any(".replaced-" in p.name for p in tmp_path.iterdir())


def test_the_newest_are_kept_as_many_as_the_setting_says(street_db: Path, folder: Path) -> None:
    for n in range(KEEP + 2):
        make_backup(street_db, now=NOW + timedelta(hours=n), folder=folder)
    kept = backups_of(street_db, folder)
    assert len(kept) == KEEP
    assert kept[0].made == NOW + timedelta(hours=KEEP + 1)
    assert kept[-1].made == NOW + timedelta(hours=2)
    assert all(quick_check(b.path) is None for b in kept[:2])
    with sqlite3.connect(street_db) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('backups_kept', '3')")
    make_backup(street_db, now=NOW + timedelta(days=2), folder=folder)
    assert [b.made for b in backups_of(street_db, folder)] == [
        NOW + timedelta(days=2),
        NOW + timedelta(hours=KEEP + 1),
        NOW + timedelta(hours=KEEP),
    ]


def test_two_databases_of_one_name_keep_their_own_backups(
    street_db: Path, tmp_path: Path, folder: Path
) -> None:
    other = tmp_path / "elsewhere" / "street.db"
    other.parent.mkdir()
    shutil.copyfile(street_db, other)
    make_backup(street_db, now=NOW, folder=folder)
    assert backups_of(other, folder) == []
    assert daily_backup(other, NOW, folder) is not None  # its first of the day
    assert daily_backup(other, NOW + timedelta(hours=3), folder) is None  # not twice a day
    assert len(backups_of(street_db, folder)) == len(backups_of(other, folder)) == 1


def test_a_migration_is_preceded_by_a_backup(street_db: Path) -> None:
    db = open_database(street_db)
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    db.dispose()
    before = backups_of(street_db)
    open_database(street_db).dispose()  # migrates to the head again
    made = [b for b in backups_of(street_db) if b not in before]
    assert len(made) == 1
    with sqlite3.connect(made[0].path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    assert quick_check(made[0].path) is None


def test_the_window_makes_the_days_backup_at_its_first_start(qtbot: QtBot, street_db: Path) -> None:
    for opened in range(2):
        built = build_app(open_database(street_db), clock=lambda: NOW, show_map=False)
        try:
            qtbot.waitUntil(lambda: len(backups_of(street_db)) == 1, timeout=30_000)
        finally:
            built.close()  # waits for the export lane: a second backup would be in by now
        assert [b.made for b in backups_of(street_db)] == [NOW], opened
