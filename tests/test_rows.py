"""store/rows.py: dataclasses built from rows of a real SQLite file by field name, each value
converted to its field's type the way SQLite hands it back (text for enums, 0/1 for booleans)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
    text,
)

from commandcenter.domain.enums import CaseState, EscalationLevel, Role
from commandcenter.store.rows import RowMapper


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    state: CaseState
    from_state: CaseState | None
    level: EscalationLevel
    role: Role
    at: datetime
    actor: str | None
    supervised: bool
    minutes: float | None
    payload: dict[str, Any]


_metadata = MetaData()
_events = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("state", String(16)),
    Column("from_state", String(16)),
    Column("level", Integer),
    Column("role", String(24)),
    Column("at", DateTime),
    Column("actor_code", String(32)),
    Column("supervised", Boolean),
    Column("minutes", Float),
)


@dataclass(frozen=True)
class Done:
    id: int
    role: Role
    done: bool


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'rows.db'}")
    _metadata.create_all(engine)
    with engine.begin() as conn:
        # Written as text, the way the seeder's bulk inserts and older rows store them.
        conn.execute(
            text(
                "INSERT INTO events VALUES"
                " (1, 'handled', 'dispatched', 3, 'inspector', '2026-11-16 09:00:00.000000',"
                "  'm1', 1, 12.5),"
                " (2, 'reported', '', 1, 'system', '2026-11-17 09:00:00.000000', NULL, 0, NULL),"
                " (3, 'closed', NULL, 4, 'viewer', '2026-11-18 09:00:00.000000', '', 0, 3)"
            )
        )
    yield engine
    engine.dispose()


def test_rows_become_typed_values_with_renamed_and_given_fields(engine: Engine) -> None:
    mapper = RowMapper(Event, columns={"actor": "actor_code"}, given=("payload",))
    with engine.connect() as conn:
        rows = conn.execute(select(_events).order_by(_events.c.id)).all()
    first, second, third = (mapper(r, payload={"n": r.id}) for r in rows)
    assert first == Event(
        1, CaseState.HANDLED, CaseState.DISPATCHED, EscalationLevel.STREET, Role.INSPECTOR,
        datetime(2026, 11, 16, 9), "m1", True, 12.5, {"n": 1},
    )  # fmt: skip
    assert type(first.level) is EscalationLevel
    # An empty text is no state; an empty actor is still a text.
    assert second.from_state is None and second.actor is None and second.supervised is False
    assert third.from_state is None and third.actor == "" and third.minutes == 3.0
    assert type(third.minutes) is float


def test_a_plain_query_s_0_1_and_labels_map_as_well(engine: Engine) -> None:
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, role, supervised AS done FROM events WHERE id = 1")
        ).one()
    assert RowMapper(Done)(row) == Done(1, Role.INSPECTOR, True)
    assert type(RowMapper(Done)(row).done) is bool


def test_a_value_outside_its_enum_is_refused(engine: Engine) -> None:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT 1 AS id, 'lost' AS role, 0 AS done")).one()

    with pytest.raises(ValueError, match="'lost' is not a valid Role"):
        RowMapper(Done)(row)


def test_mistakes_in_a_mapping_show_when_it_is_made_or_called() -> None:
    with pytest.raises(TypeError, match="no column holds a dict"):
        RowMapper(Event)  # payload is not a column's value: it must be given
    with pytest.raises(TypeError, match="Event has no field actor_code"):
        RowMapper(Event, given=("payload", "actor_code"))
    mapper = RowMapper(Event, columns={"actor": "actor_code"}, given=("payload",))
    with pytest.raises(TypeError, match=r"given \[\], expected \['payload'\]"):
        mapper({})
