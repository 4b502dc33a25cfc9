"""The categories' deadline policies, read by the client's case commands and by the platform's
intake from their own `categories` tables (store/deadline_policies.py): the same limit and the
same refusal on both sides, read once and read again after `forget`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from commandcenter import defaults
from commandcenter.district import schema as platform_schema
from commandcenter.district.cases import Policies
from commandcenter.district.database import PlatformDatabase
from commandcenter.domain.enums import Priority, Role, Source
from commandcenter.domain.errors import ValidationError
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.transitions import Command
from commandcenter.store import schema as t
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.database import Database
from commandcenter.store.deadline_policies import DeadlinePolicies
from factories import BLOCKS, small_street

TAX = defaults.taxonomy()
LEAVES = [c for c in TAX.categories if not c.is_group]
GROUP = next(c for c in TAX.categories if c.is_group)


@pytest.fixture
def street(tmp_path: Path) -> Iterator[Database]:
    db = small_street(tmp_path / "street.db")
    yield db
    db.dispose()


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformDatabase]:
    db = PlatformDatabase(str(tmp_path / "platform.db"))
    assert db.create_schema()
    with db.write_engine.begin() as conn:
        conn.execute(
            insert(platform_schema.departments),
            [{"code": d.code, "name": d.name} for d in TAX.departments],
        )
        conn.execute(
            insert(platform_schema.categories),
            [
                {
                    "code": c.code, "name": c.name, "kind": c.kind.value, "parent": c.parent,
                    "time_limit": c.time_limit,
                    "time_unit": c.time_unit.value if c.time_unit else None,
                    "department": c.department, "priority": c.priority.value,
                    "closing_condition": c.closing_condition,
                }
                for c in TAX.categories
            ],
        )  # fmt: skip
    yield db
    db.dispose()


def _refusal(read: Callable[[], object]) -> tuple[str, dict]:
    with pytest.raises(ValidationError) as caught:
        read()
    return caught.value.message, caught.value.details


def test_client_and_platform_give_every_category_the_taxonomys_limit_and_the_same_refusal(
    street: Database, platform: PlatformDatabase
) -> None:
    calendar = defaults.calendar()
    client, server = DeadlinePolicies(calendar), Policies(calendar)
    with street.engine.connect() as mine, platform.read_engine.connect() as theirs:
        for cat in LEAVES:
            assert cat.time_unit is not None
            expected = (cat.time_limit, cat.time_unit)
            assert client.for_category(mine, cat.code).handle_limit == expected
            assert server.for_category(theirs, cat.code).handle_limit == expected
        for code in (GROUP.code, "NO-SUCH"):
            refused = _refusal(lambda: client.for_category(mine, code))  # noqa: B023
            assert refused == _refusal(lambda: server.for_category(theirs, code))  # noqa: B023
            assert refused == (
                f"unknown category or a group, not a leaf: '{code}'",
                {"field": "category"},
            )


def test_a_limit_is_read_once_until_the_policies_are_told_to_forget(street: Database) -> None:
    policies = DeadlinePolicies(defaults.calendar())
    code = LEAVES[0].code
    with street.engine.begin() as conn:
        before = policies.for_category(conn, code).handle_limit
        conn.execute(update(t.categories).where(t.categories.c.code == code).values(time_limit=99))
        assert policies.for_category(conn, code).handle_limit == before
        policies.forget()
        assert policies.for_category(conn, code).handle_limit == (99, before[1])


def test_reporting_a_case_in_a_group_is_refused_with_the_shared_text(street: Database) -> None:
    commands = CaseCommands(street.engine, defaults.calendar())
    new = NewCase(
        case_no="G00000001", category=GROUP.code, source=Source.PATROL,
        priority=Priority.NORMAL, grid_code=BLOCKS[0], description="占道经营",
        address="商都路118号", lon=None, lat=None,
    )  # fmt: skip
    report = Command(EventType.REPORT, "member", Role.GRID_MEMBER, datetime(2026, 11, 16, 9))
    with pytest.raises(ValidationError, match="unknown category or a group, not a leaf"):
        commands.report(new, report)
