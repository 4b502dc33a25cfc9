"""The platform's set-up and the document: the schema on an empty database, the demo district
and its accounts, the stored projections equal to the fold of the stored events, the
simulator, and the running server held to openapi.yaml by schemathesis."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from harness import SEED_ARGS, Client, Platform, Template, run_platform, sa_url, start_platform
from sqlalchemy import create_engine, inspect, select

from commandcenter import defaults
from commandcenter.demo.seeder import SeedOptions
from commandcenter.demo.seeder import seed as seed_client
from commandcenter.district import schema as t
from commandcenter.district.cases import Policies, refold
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.projection import projection_from_json

DOCUMENT = Path(__file__).parents[2] / "src/commandcenter/district/openapi.yaml"


def test_an_empty_database_gets_the_schema(empty_db: str, tmp_path: Path) -> None:
    platform = start_platform(empty_db, tmp_path)
    try:
        r = Client(platform.base).post(
            "/api/v1/sessions", json={"username": "shangdu-duty", "password": "demo"}
        )
        assert (r.status_code, r.json()["reason"]) == (401, "bad_credentials")
    finally:
        platform.stop()
    engine = create_engine(sa_url(empty_db))
    try:
        assert set(t.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    # a second start finds its schema and keeps it
    again = start_platform(empty_db, tmp_path)
    again.stop()
    assert "Traceback" not in platform.output() + again.output()


def test_a_database_that_is_not_a_platform_is_refused(tmp_path: Path) -> None:
    client_db = tmp_path / "street.db"
    seed_client(
        client_db,
        SeedOptions(
            preset="shangdu",
            cases=0,
            weeks=1,
            end=datetime(2026, 11, 20),
            taxonomy=defaults.taxonomy(),
        ),
        defaults.calendar(),
    )
    done = run_platform("--db", str(client_db), "--port", "9")
    assert done.returncode == 2
    assert "not a district platform database" in done.stderr
    text = tmp_path / "notes.db"
    text.write_text("hello")
    done = run_platform("--db", str(text))
    assert done.returncode == 2 and "not a SQLite database" in done.stderr
    done = run_platform("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--port", "9")
    assert done.returncode == 2 and "cannot open the database" in done.stderr
    done = run_platform("--db", str(tmp_path / "x.db"), "--simulate", "fast")
    assert done.returncode == 2 and "--simulate" in done.stderr


def test_the_demo_district_and_its_accounts(template: Template, platform_db: str) -> None:
    out = template.seed_output
    assert "shangdu-duty" in out and "值班员" in out and "商都路办事处" in out
    assert "password for all: demo" in out
    assert "zhengdong-district" in out
    # seeding again is refused: the platform is not empty
    again = run_platform("--db", platform_db, "--seed-demo", *SEED_ARGS)
    assert again.returncode == 2 and "already holds data" in again.stderr
    engine = create_engine(sa_url(platform_db))
    try:
        with engine.connect() as conn:
            streets = conn.execute(
                select(t.grids.c.code, t.grids.c.name).where(t.grids.c.level == 1)
            ).all()
            cases = conn.execute(select(t.cases)).all()
            events = conn.execute(select(t.events).order_by(t.events.c.seq)).all()
            policies = Policies(defaults.calendar())
            by_case: dict[str, list] = defaultdict(list)
            for e in events:
                by_case[e.case_uuid].append(e)
            mismatched = []
            for c in cases:
                folded = refold(
                    (
                        (EventType(e.type), e.at, json.loads(e.payload), e.folded)
                        for e in by_case[c.uuid]
                    ),
                    policies.for_category(conn, c.category),
                )
                if folded != projection_from_json(c.projection) or folded.state.value != c.state:
                    mismatched.append(c.case_no)
    finally:
        engine.dispose()
    assert len(streets) == 10 and ("410171001", "商都路办事处") in streets
    assert len(cases) >= 100
    assert mismatched == []


@pytest.mark.slow
def test_the_simulator_keeps_the_district_moving(platform_db: str, tmp_path: Path) -> None:
    platform = start_platform(platform_db, tmp_path, "--simulate", "600")
    try:
        district = platform.client("zhengdong-district")
        _, cursor = district.drain()
        reports: list[dict] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(reports) < 25:
            time.sleep(0.5)
            changes, cursor = district.drain(cursor)
            reports += [
                c["event"]
                for c in changes
                if c["kind"] == "event" and c["event"]["type"] == "report"
            ]
        sources = {e["case"]["source"] for e in reports}
        assert len(reports) >= 25
        assert {"patrol", "hotline"} <= sources
        with_photo = [e for e in reports if e["attachments"]]
        assert with_photo, "grid members report with photos"
        sha = with_photo[0]["attachments"][0]["sha256"]
        photo = district.get(f"/api/v1/attachments/{sha}")
        assert photo.status_code == 200 and photo.content.startswith(b"\x89PNG")
        assert {e["role"] for e in reports} <= {"grid_member", "district"}
        shangdu = [e for e in reports if e["case"]["case_no"].startswith("SD")]
        assert shangdu, "the demo street's queues move"
    finally:
        platform.stop()
    assert "Traceback" not in platform.output(), platform.output()


@pytest.mark.slow
def test_the_running_server_keeps_to_its_document(platform: Platform, tmp_path: Path) -> None:
    token = platform.client("shangdu-duty").token
    config = tmp_path / "schemathesis.toml"
    # A refusal of schema-invalid data may also be 413 (a batch over its 500 events).
    config.write_text(
        '[checks.negative_data_rejection]\nexpected-statuses = ["400", "401", "413", "422"]\n'
    )
    st = Path(sys.executable).with_name("schemathesis")
    done = subprocess.run(
        [
            str(st),
            "--config-file",
            str(config),
            "run",
            str(DOCUMENT),
            "--url",
            platform.base,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            # An opaque cursor, a range and a SHA-256 are valid by their schemas yet mean
            # something only when they match what the server holds: valid-looking ones are
            # rightly refused, so "schema-valid data is accepted" cannot hold for them.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            "40",
            "--seed",
            "20261123",
            "--no-color",
        ],
        capture_output=True,
        cwd=tmp_path,  # its caches stay out of the checkout
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "7/7" in done.stdout  # every operation of the document was exercised
