"""Shared fixtures. A demo street is seeded once per run into a template database; each test
that needs one gets its own copy. Tests always pass an explicit end date."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user's data directory (backups, the window's layout, the demo's files) is the run's own,
# for this process and every program it starts.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="cc-test-data-")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Before pytest-qt makes the QApplication: the map's URL scheme, QtWebEngine's shared GL.
from commandcenter.app import prepare_environment

prepare_environment()

if TYPE_CHECKING:
    from commandcenter.store.database import Database

SEED_END = date(2026, 11, 20)
SEED_CASES = 2000
SEED = 5


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from commandcenter import defaults
    from commandcenter.demo.seeder import SeedOptions, seed

    folder = tmp_path_factory.mktemp("template")
    path = folder / "street.db"
    seed(
        path,
        SeedOptions(
            preset="shangdu",
            cases=SEED_CASES,
            weeks=12,
            end=SEED_END,
            seed=SEED,
            taxonomy=defaults.taxonomy(),
        ),
        defaults.calendar(),
    )
    return path


@pytest.fixture
def street_db(template_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded street (with its blobs)."""
    target = tmp_path / "street.db"
    shutil.copyfile(template_db, target)
    blobs = template_db.parent / "blobs"
    if blobs.exists():
        shutil.copytree(blobs, tmp_path / "blobs")
    return target


@pytest.fixture(scope="session")
def empty_street(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded street's grids, people and taxonomy (seeded as the template was), no cases."""
    import json
    import sqlite3

    from commandcenter.cli import main

    with sqlite3.connect(template_db) as conn:
        (options,) = conn.execute("SELECT value FROM settings WHERE key = 'seed'").fetchone()
    seeded = json.loads(options)
    path = tmp_path_factory.mktemp("empty") / "street.db"
    args = ["seed", "--db", str(path), "--cases", "0", "--weeks", str(seeded["weeks"])]
    end = seeded["end"][:10]
    assert main([*args, "--end", end, "--seed", str(seeded["seed"])]) == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    return path


@pytest.fixture
def street_database(street_db: Path) -> Iterator[Database]:
    """The private copy of the seeded street, opened for writing."""
    from commandcenter.store.database import open_database

    database = open_database(street_db)
    yield database
    database.dispose()
