"""Fixtures of the sync suite: the reference platform seeded once into a template (SQLite), a
fresh copy and server process per test, and workstations syncing with it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "platform"))

from harness import SEED_ARGS, Platform, copy_sqlite, run_platform, start_platform
from sync_harness import Workstation


@pytest.fixture(scope="session")
def platform_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sync-platform") / "platform.db"
    done = run_platform("--db", str(path), "--seed-demo", *SEED_ARGS)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def platform_db(platform_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "platform.db"
    copy_sqlite(platform_template, target)
    return str(target)


@pytest.fixture
def platform(platform_db: str, tmp_path: Path) -> Iterator[Platform]:
    p = start_platform(platform_db, tmp_path)
    try:
        yield p
    finally:
        p.stop()
    assert "Traceback" not in p.output(), p.output()


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Callable[..., Workstation]]:
    opened: list[Workstation] = []

    def make(server: str, name: str = "ws", **kw: object) -> Workstation:
        ws = Workstation.open(tmp_path / f"{name}.db", server, **kw)  # type: ignore[arg-type]
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()
