"""The demo street of [1/10]: geometry from the exported GeoJSON, people, case histories."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape
from sqlalchemy import func, select

from commandcenter import defaults
from commandcenter.cli import main
from commandcenter.domain.enums import CaseState
from commandcenter.domain.lifecycle import EventType, next_state
from commandcenter.domain.projection import DeadlinePolicy, FoldEvent, fold
from commandcenter.geo.geojson import area_m2
from commandcenter.store import schema as t
from commandcenter.store.database import open_readonly

TOL_M2 = 1.0


@pytest.fixture(scope="module")
def exported(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("export") / "grids.geojson"
    assert main(["grids", "export", "--db", str(template_db), "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _grids(exported: dict) -> dict[str, dict]:
    return {
        f["properties"]["code"]: {**f["properties"], "geom": shape(f["geometry"])}
        for f in exported["features"]
    }


def test_export_has_the_street_grid_counts_and_properties(exported: dict) -> None:
    features = exported["features"]
    levels = [f["properties"]["level"] for f in features]
    assert (levels.count(1), levels.count(2), levels.count(3)) == (1, 14, 69)
    codes = [f["properties"]["code"] for f in features]
    assert codes == sorted(codes)
    assert set(features[0]["properties"]) == {"code", "name", "level", "parent"}
    grids = _grids(exported)
    parents_of_l4 = {g["parent"] for g in grids.values() if g["level"] == 4}
    assert len(parents_of_l4) == 3
    for parent in parents_of_l4:
        n = sum(1 for g in grids.values() if g["parent"] == parent)
        assert 2 <= n <= 4


def test_level3_grids_cover_the_street_without_gap_or_overlap(exported: dict) -> None:
    grids = _grids(exported)
    street = next(g["geom"] for g in grids.values() if g["level"] == 1)
    l3 = [g["geom"] for g in grids.values() if g["level"] == 3]
    union = shapely.union_all(l3)
    assert area_m2(union.symmetric_difference(street)) < TOL_M2
    tree = shapely.STRtree(l3)
    left, right = tree.query(l3, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            assert area_m2(l3[i].intersection(l3[j])) < TOL_M2


def test_children_lie_inside_their_parents_and_cover_them(exported: dict) -> None:
    grids = _grids(exported)
    children: dict[str, list] = defaultdict(list)
    for g in grids.values():
        if g["parent"]:
            assert area_m2(g["geom"].difference(grids[g["parent"]]["geom"])) < TOL_M2
            children[g["parent"]].append(g["geom"])
    for parent, kids in children.items():
        union = shapely.union_all(kids)
        assert area_m2(union.symmetric_difference(grids[parent]["geom"])) < TOL_M2, parent


def test_every_case_point_lies_in_its_grid(template_db: Path) -> None:
    db = open_readonly(template_db)
    try:
        with db.engine.connect() as conn:
            geoms = {
                code: shape(json.loads(g))
                for code, g in conn.execute(select(t.grids.c.code, t.grids.c.geometry))
            }
            rows = conn.execute(select(t.cases.c.grid_code, t.cases.c.lon, t.cases.c.lat)).all()
            leaf_levels = set(
                conn.execute(
                    select(t.grids.c.level).where(t.grids.c.code.in_({r.grid_code for r in rows}))
                ).scalars()
            )
    finally:
        db.dispose()
    assert len(rows) == 2000
    assert leaf_levels <= {3, 4}
    outside = [r for r in rows if not geoms[r.grid_code].contains(Point(r.lon, r.lat))]
    assert outside == []


def _events_by_case(template_db: Path) -> tuple[dict, dict]:
    db = open_readonly(template_db)
    try:
        with db.engine.connect() as conn:
            events = conn.execute(
                select(t.case_events).order_by(t.case_events.c.case_id, t.case_events.c.id)
            ).all()
            cases = {r.id: r for r in conn.execute(select(t.cases))}
            cats = {r.code: r for r in conn.execute(select(t.categories))}
    finally:
        db.dispose()
    by_case: dict[int, list] = defaultdict(list)
    for e in events:
        by_case[e.case_id].append(e)
    return by_case, {"cases": cases, "categories": cats}


def test_every_history_is_a_valid_path_and_the_projection_is_its_fold(template_db: Path) -> None:
    from commandcenter.domain.enums import TimeUnit

    by_case, ctx = _events_by_case(template_db)
    calendar = defaults.calendar()
    assert set(by_case) == set(ctx["cases"])
    for case_id, events in by_case.items():
        state = None
        times = [e.at for e in events]
        assert times == sorted(times), case_id
        for e in events:
            assert e.from_state == (state.value if state else None)
            state = next_state(state, EventType(e.type))
            assert e.to_state == state.value
        case = ctx["cases"][case_id]
        cat = ctx["categories"][case.category_code]
        policy = DeadlinePolicy(calendar, (cat.time_limit, TimeUnit(cat.time_unit)))
        folded = fold(
            (
                FoldEvent(EventType(e.type), e.at, json.loads(e.payload) if e.payload else {})
                for e in events
            ),
            policy,
        )
        assert folded.state.value == case.state
        assert folded.due_at == case.due_at
        assert folded.rework_count == case.rework_count
        assert int(folded.escalation_level) == case.escalation_level
        assert (folded.handler_person or None) == case.handler_person_code


def test_histories_cover_the_interesting_paths(template_db: Path) -> None:
    by_case, ctx = _events_by_case(template_db)
    types = defaultdict(int)
    for events in by_case.values():
        for e in events:
            types[e.type] += 1
    for kind in ("rework", "escalate", "reject_duplicate", "supervise", "verify_pass", "close"):
        assert types[kind] > 0, kind
    end = datetime(2026, 11, 20, 23, 59)
    overdue = [
        c for c in ctx["cases"].values() if c.state == "dispatched" and c.due_at and c.due_at < end
    ]
    assert overdue
    states = {c.state for c in ctx["cases"].values()}
    assert {"reported", "accepted", "dispatched", "handled", "closed", "rejected"} <= states


def test_photos_outbox_and_people(template_db: Path) -> None:
    db = open_readonly(template_db)
    try:
        with db.engine.connect() as conn:
            with_photos = conn.scalar(
                select(func.count(func.distinct(t.case_events.c.case_id))).select_from(
                    t.attachments.join(t.case_events)
                )
            )
            digests = list(conn.execute(select(t.attachments.c.sha256).distinct()).scalars())
            outbox = conn.scalar(select(func.count()).select_from(t.outbox))
            changed = conn.scalar(select(func.count(func.distinct(t.changes.c.case_id))))
            origins = set(conn.execute(select(t.case_events.c.origin).distinct()).scalars())
            people = conn.scalar(select(func.count()).select_from(t.people))
            leaders = conn.scalar(
                select(func.count()).select_from(t.grids).where(t.grids.c.leader_code.is_(None))
            )
    finally:
        db.dispose()
    assert 0.06 < with_photos / 2000 < 0.14
    for digest in digests:
        assert db.blobs.exists(digest)
    assert outbox == 0 and origins == {"seed"}
    assert changed == 2000
    assert 250 <= people <= 350
    assert leaders == 1  # only the street itself has no grid leader


def test_same_arguments_give_identical_exports_and_info(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for name in ("a", "b"):
        db = tmp_path / f"{name}.db"
        args = ["seed", "--db", str(db), "--cases", "300", "--end", "2026-11-20", "--seed", "3"]
        assert main(args) == 0
        geo = tmp_path / f"{name}.geojson"
        assert main(["grids", "export", "--db", str(db), "--out", str(geo)]) == 0
        capsys.readouterr()
        assert main(["info", "--db", str(db), "--json"]) == 0
        outputs.append((geo.read_bytes(), capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    info = json.loads(outputs[0][1])
    assert sorted(info) == [
        "cases", "departments", "events", "first_reported", "grids", "last_reported", "people"
    ]  # fmt: skip
    assert sum(info["cases"].values()) == 300
    assert set(info["cases"]) == {s.value for s in CaseState}
    assert info["grids"]["1"] == 1 and info["grids"]["2"] == 14 and info["grids"]["3"] == 69
    assert info["last_reported"] <= "2026-11-20T23:59"
