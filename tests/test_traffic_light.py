"""The traffic light is written twice: `light()` in Python (the case panel, the wall, the queue's
colour column) and its SQL form in the queue filter (the 红/黄/绿 filter). A case must be in the
filter of exactly the light its row shows. Random deadlines, None included, and random times,
with the SQL evaluated by SQLite on a real database file and the Python form by Python."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from commandcenter.domain.supervision import Light, light
from commandcenter.store import schema as t
from commandcenter.store.database import Database
from commandcenter.store.queues import CaseQueueRepository, QueueFilter
from factories import BLOCKS, small_street

BASE = datetime(2026, 11, 16, 9, 0)

# Mostly times a few minutes (and a microsecond) apart, so that equal deadlines and `now` on a
# boundary come up often; sometimes any time of the century.
_near = st.builds(
    lambda minutes, micro: BASE + timedelta(minutes=minutes, microseconds=micro),
    st.integers(-3, 3),
    st.sampled_from([0, 1, 999_999]),
)
times = st.one_of(_near, st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)))
deadlines = st.tuples(st.none() | times, st.none() | times)


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = small_street(tmp_path_factory.mktemp("light") / "street.db")
    yield db
    db.dispose()


def _store(db: Database, cases: list[tuple[datetime | None, datetime | None]]) -> list[int]:
    """Replaces all cases with one per (yellow_at, due_at); returns their ids in that order."""
    with db.engine.begin() as conn:
        conn.execute(delete(t.cases))
        grid_id = conn.scalar(select(t.grids.c.id).where(t.grids.c.code == BLOCKS[0]))
        ids = []
        for n, (yellow_at, due_at) in enumerate(cases):
            row = dict(
                uuid=f"00000000-0000-0000-0000-{n:012d}",
                case_no=f"L{n:06d}",
                state="dispatched",
                category_code="CS01",
                source="patrol",
                priority="normal",
                grid_id=grid_id,
                grid_code=BLOCKS[0],
                description="占道经营",
                address="商都路118号",
                reported_at=BASE - timedelta(days=1),
                escalation_level=1,
                yellow_at=yellow_at,
                due_at=due_at,
                rework_count=0,
                redispatch_count=0,
                extension_count=0,
                supervised=False,
                updated_at=BASE - timedelta(days=1),
            )
            ids.append(conn.execute(insert(t.cases).values(row)).inserted_primary_key[0])
    return ids


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=st.lists(deadlines, min_size=1, max_size=6), now=times)
# A yellow mark after the deadline (a limit whose 80 % mark lies past its end): red once late.
@example(cases=[(BASE + timedelta(minutes=2), BASE)], now=BASE + timedelta(minutes=1))
def test_the_sql_light_filter_picks_exactly_the_cases_python_lights_so(
    street: Database, cases: list[tuple[datetime | None, datetime | None]], now: datetime
) -> None:
    ids = _store(street, cases)
    repo = CaseQueueRepository(street.engine)
    for wanted in Light:
        f = QueueFilter(now=now, light=wanted)
        got = {row.id for row in repo.rows_matching(f, ids)}
        expected = {
            case_id
            for case_id, (yellow_at, due_at) in zip(ids, cases, strict=True)
            if light(now, yellow_at, due_at) is wanted
        }
        assert got == expected, f"{wanted}: SQL picked {sorted(got)}, Python {sorted(expected)}"
        assert repo.count(f) == len(expected)
