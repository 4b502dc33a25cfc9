"""Fixtures of the district platform's suite: every test runs on SQLite and on PostgreSQL. A
demo district is seeded once per backend into a template; each test gets its own copy and its
own server process."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    SEED_ARGS,
    Demo,
    Platform,
    PostgresCluster,
    Template,
    copy_sqlite,
    run_platform,
    sa_url,
    start_platform,
)
from sqlalchemy import Engine, create_engine, select

from commandcenter.district import schema as t

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    if os.geteuid() != 0:
        pytest.skip("the PostgreSQL cluster runs as the postgres user via runuser: needs root")
    with PostgresCluster.running() as cluster:
        yield cluster


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def template(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Template:
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("platform-template") / "platform.db"
        url = str(path)
        source = str(path)
    else:
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        source = "cc_template"
        url = cluster.create(source)
    done = run_platform("--db", url, "--seed-demo", *SEED_ARGS)
    assert done.returncode == 0, done.stderr
    return Template(backend, source, done.stdout)


@pytest.fixture
def platform_db(template: Template, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL of a fresh copy of the seeded demo district."""
    if template.backend == "sqlite":
        target = tmp_path / "platform.db"
        copy_sqlite(Path(template.source), target)
        return str(target)
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    return cluster.create(f"cc_test_{next(_names)}", template=template.source)


@pytest.fixture
def empty_db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        return str(tmp_path / "empty.db")
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    return cluster.create(f"cc_empty_{next(_names)}")


@pytest.fixture
def engine(platform_db: str) -> Iterator[Engine]:
    e = create_engine(sa_url(platform_db))
    yield e
    e.dispose()


@pytest.fixture
def platform(platform_db: str, tmp_path: Path) -> Iterator[Platform]:
    p = start_platform(platform_db, tmp_path)
    try:
        yield p
    finally:
        p.stop()
    # A bug shows as a traceback in the server's log even when the answer was a clean 500.
    assert "Traceback" not in p.output(), p.output()


@pytest.fixture
def demo(engine: Engine) -> Demo:
    with engine.connect() as conn:
        people = conn.execute(select(t.people)).all()
        accounts = dict(conn.execute(select(t.accounts.c.username, t.accounts.c.person)).all())
        grids = conn.execute(select(t.grids.c.code, t.grids.c.parent, t.grids.c.street)).all()
        category = conn.scalar(
            select(t.categories.c.code)
            .where(t.categories.c.time_limit.is_not(None), t.categories.c.department.is_not(None))
            .order_by(t.categories.c.code)
        )
        department = conn.scalar(select(t.departments.c.code).order_by(t.departments.c.code))
    parents = {g.parent for g in grids}
    leaves = {g.code: g.street for g in grids if g.code not in parents}

    def members_of(street: str) -> tuple[str, str]:
        for p in sorted(people, key=lambda p: p.code):
            if p.street == street and "grid_member" in json.loads(p.roles):
                for g in json.loads(p.grids):
                    if leaves.get(g) == street:
                        return g, p.code
        raise AssertionError(f"no grid member in {street}")

    shangdu, xiangyun = "410171001", "410171002"
    grid, member = members_of(shangdu)
    other_grid, other_member = members_of(xiangyun)
    leaders = [
        p.code
        for p in sorted(people, key=lambda p: p.code)
        if p.street == shangdu and "grid_leader" in json.loads(p.roles)
    ]
    assert category and department
    return Demo(
        street=shangdu,
        grid=grid,
        member=member,
        grid_leader=leaders[0],
        other_leader=leaders[1],
        duty=accounts["shangdu-duty"],
        shift_leader=accounts["shangdu-leader"],
        inspector=accounts["shangdu-inspector"],
        category=category,
        department=department,
        other_street=xiangyun,
        other_grid=other_grid,
        other_member=other_member,
    )
