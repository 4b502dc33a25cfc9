"""Cases from a rectification ledger typed in Excel ([9/10]). Each row is checked against the
database — its grid (a code, a name, or 社区/网格 where a name is not unique), its category (a
leaf, by name or code), its source and state (by their labels), the responsible unit (departments
by name) — and planned: a row whose 案件编号 exists is skipped, one without a number is keyed by
(grid, category, found time, description), so the same file imported twice adds nothing.

Nothing is written here: store/ledger_write.py writes a plan without problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from ..domain.enums import CaseState, HandlerKind, Source
from ..domain.ledger_words import source_of, state_of
from . import schema as t
from .ledger import LedgerGrid, current_grids, leader_code

_SPLIT = re.compile(r"[、，,;；/\s]+")
_PATH = re.compile(r"\s*[/／>＞]\s*")


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One ledger row as read: names as typed, times resolved (None where not given)."""

    row: int
    case_no: str
    description: str
    grid: str
    category: str
    source: str
    found_at: datetime | None  # None: not readable (said already); the rest is still checked
    grid_leader: str
    unit: str
    measures: str
    due_at: datetime | None
    state: str
    closed_at: datetime | None
    remark: str
    readable: bool = True  # False: a cell could not be read; checked, never planned


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str  # the canonical column ('' for the whole row)
    text: str


@dataclass(frozen=True, slots=True)
class PlannedCase:
    row: ImportRow
    found_at: datetime
    case_no: str
    grid_code: str
    grid_name: str
    category_code: str
    category_name: str
    source: Source
    state: CaseState
    handler: Mapping[str, Any]  # the dispatch payload (for states reached through 派遣)


@dataclass(frozen=True, slots=True)
class Skipped:
    row: int
    case_no: str
    why: str


@dataclass
class ImportPlan:
    cases: list[PlannedCase] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Read, but perhaps not as meant (城管局: not a department, though close to one).
    warnings: list[RowProblem] = field(default_factory=list)


class _Directory:
    """What rows are checked against, read once."""

    def __init__(self, conn: Connection) -> None:
        self.grids = current_grids(conn)
        self.grid_names: dict[str, list[LedgerGrid]] = {}
        for grid in self.grids.values():
            self.grid_names.setdefault(grid.name, []).append(grid)
        c = t.categories.c
        self.categories = {
            r.code: r for r in conn.execute(select(c.code, c.name, c.time_limit, c.priority)).all()
        }
        self.category_names: dict[str, list[str]] = {}
        for code, row in self.categories.items():
            self.category_names.setdefault(row.name, []).append(code)
        d = t.departments.c
        self.departments = dict(conn.execute(select(d.name, d.code)).all())

    def grid(self, text: str) -> LedgerGrid | str:
        """The grid a cell names, or why not."""
        if text in self.grids:
            return self.grids[text]
        named = self.grid_names.get(text, [])
        parts = [p for p in _PATH.split(text) if p] if not named else [text]
        found = self.grid_names.get(parts[-1], []) if parts else []
        if len(parts) > 1:
            found = [g for g in found if self._under(g, parts[:-1])]
        if len(found) == 1:
            return found[0]
        if not found:
            return f"no grid named {text!r} in this street office"
        paths = "、".join(self.path(g) for g in found[:4])
        return f"{text!r} names {len(found)} grids ({paths}); write it as 社区/网格 or its code"

    def _under(self, grid: LedgerGrid, names: Sequence[str]) -> bool:
        wanted = list(names)
        code = grid.parent
        while code and wanted and code in self.grids:
            if self.grids[code].name == wanted[-1]:
                wanted.pop()
            code = self.grids[code].parent
        return not wanted

    def path(self, grid: LedgerGrid) -> str:
        parent = self.grids.get(grid.parent or "")
        return f"{parent.name}/{grid.name}" if parent and parent.level >= 2 else grid.name

    def leader(self, grid: LedgerGrid) -> str | None:
        return leader_code(self.grids, grid.code)

    def category(self, text: str) -> tuple[str, str] | str:
        codes = [text] if text in self.categories else self.category_names.get(text, [])
        if not codes:
            leaves = [r.name for r in self.categories.values() if r.time_limit is not None]
            close = nearest(text, sorted(set(leaves)))
            hint = f"; nearest: {'、'.join(close)}" if close else ""
            return f"no category named {text!r} in the taxonomy{hint}"
        leaves = [c for c in codes if self.categories[c].time_limit is not None]
        if not leaves:
            return f"{text!r} is a group of categories; name the category within it"
        if len(leaves) > 1:
            return f"{text!r} names {len(leaves)} categories ({'、'.join(leaves)}); use its code"
        return leaves[0], self.categories[leaves[0]].name


def parse_source(text: str) -> Source | tuple[Source, ...] | None:
    """The source typed (a label or a word clerks use), the sources a word could be, or None."""
    if not text:
        return Source.PATROL  # a ledger's problems are found on patrol unless it says otherwise
    return source_of(text)


def nearest(text: str, names: Sequence[str], n: int = 3) -> list[str]:
    """The names closest to a typed one (城管局 → 城管执法局), best first."""
    close = difflib.get_close_matches(text, names, n=n, cutoff=0.5)
    inside = [m for m in names if m not in close and _in_order(text, m)]
    return (close + inside)[:n]


def _in_order(short: str, long: str) -> bool:
    """Every character of `short` in `long`, in order (城管局 in 城管执法局)."""
    rest = iter(long)
    return len(short) >= 2 and all(ch in rest for ch in short)


def plan_import(engine: Engine, rows: Sequence[ImportRow], now: datetime) -> ImportPlan:
    """Check every row and decide what each adds; nothing is written."""
    plan = ImportPlan()
    with engine.connect() as conn:
        directory = _Directory(conn)
        numbers = [r.case_no for r in rows if r.case_no]
        recorded = existing_numbers(conn, numbers)
        existing_keys = _existing_keys(
            conn, [r.found_at for r in rows if not r.case_no and r.found_at is not None]
        )
    seen_numbers: dict[str, int] = {}
    seen_keys: dict[tuple[str, str, datetime, str], int] = {}
    for row in rows:
        before = len(plan.problems)

        def problem(column: str, text: str, row: ImportRow = row) -> None:
            plan.problems.append(RowProblem(row.row, column, text))

        # An empty cell is said by the reader; what is typed is checked here.
        grid = directory.grid(row.grid) if row.grid else None
        if isinstance(grid, str):
            problem("所属网格", grid)
        category = directory.category(row.category) if row.category else None
        if isinstance(category, str):
            problem("问题类别", category)
        source = parse_source(row.source)
        if source is None:
            known = "、".join(s.label for s in Source)
            problem("来源", f"unknown source {row.source!r}; the sources are {known}")
        elif isinstance(source, tuple):
            could = " or ".join(s.label for s in source)
            problem("来源", f"{row.source!r} may be {could}: write which")
        state = state_of(row.state) if row.state else None
        if state is None and row.state:
            known = "、".join(s.label for s in CaseState)
            problem("整改状态", f"unknown state {row.state!r}; the states are {known}")
        found = row.found_at
        if found is not None and found > now:
            problem("发现时间", f"{found:%Y-%m-%d %H:%M} is in the future")
        if state is CaseState.CLOSED and row.closed_at is None:
            problem("办结时间", "empty, but the state is 已办结: when was it closed?")
        if state is not None and state is not CaseState.CLOSED and row.closed_at is not None:
            problem("办结时间", f"given, but the state is {state.label}, not 已办结")
        if row.closed_at is not None and found is not None and row.closed_at < found:
            problem("办结时间", f"{row.closed_at:%Y-%m-%d %H:%M} is before the 发现时间")
        if row.closed_at is not None and row.closed_at > now:
            problem("办结时间", f"{row.closed_at:%Y-%m-%d %H:%M} is in the future")
        if row.case_no and len(row.case_no) > 32:
            problem("案件编号", f"{row.case_no!r} is longer than 32 characters")
        if row.case_no and row.case_no in seen_numbers:
            problem("案件编号", f"{row.case_no} is also on row {seen_numbers[row.case_no]}")
        handler: Mapping[str, Any] = {}
        if isinstance(grid, LedgerGrid) and state in _DISPATCHED_STATES:
            chosen = _handler(directory, grid, row.unit)
            if isinstance(chosen, str):
                problem("责任单位", chosen)
            else:
                handler = chosen
                plan.warnings += [
                    RowProblem(row.row, "责任单位", w)
                    for w in _near_departments(directory, row.unit)
                ]
        if len(plan.problems) > before or not row.readable or found is None:
            continue
        assert isinstance(grid, LedgerGrid) and isinstance(category, tuple)
        assert isinstance(source, Source) and state is not None
        if row.case_no:
            seen_numbers[row.case_no] = row.row
            if row.case_no in recorded:
                plan.skipped.append(Skipped(row.row, row.case_no, "already in the database"))
                continue
        else:
            key = (grid.code, category[0], found, row.description)
            if key in existing_keys:
                plan.skipped.append(
                    Skipped(row.row, existing_keys[key], "the same problem is already recorded")
                )
                continue
            if key in seen_keys:
                plan.skipped.append(Skipped(row.row, "", f"the same as row {seen_keys[key]}"))
                continue
            seen_keys[key] = row.row
        plan.cases.append(
            PlannedCase(
                row=row,
                found_at=found,
                case_no=row.case_no,
                grid_code=grid.code,
                grid_name=grid.name,
                category_code=category[0],
                category_name=category[1],
                source=source,
                state=state,
                handler=handler,
            )
        )
    return plan


_DISPATCHED_STATES = frozenset(
    {CaseState.DISPATCHED, CaseState.HANDLED, CaseState.CLOSED, CaseState.SHELVED}
)


def _handler(directory: _Directory, grid: LedgerGrid, unit: str) -> Mapping[str, Any] | str:
    """Who the case was dispatched to: the departments the unit names, else the grid leader."""
    names = [n for n in _SPLIT.split(unit) if n]
    departments = [directory.departments[n] for n in names if n in directory.departments]
    if names and len(departments) == len(names):
        if len(departments) == 1:
            return {"handler_kind": HandlerKind.DEPARTMENT.value, "departments": departments}
        return {"handler_kind": HandlerKind.JOINT.value, "departments": departments}
    leader = directory.leader(grid)
    if leader is None:
        return (
            f"{unit!r} is not a department, and grid {grid.name} has no grid leader"
            " to have handled it"
        )
    return {"handler_kind": HandlerKind.GRID_LEADER.value, "person": leader}


def _near_departments(directory: _Directory, unit: str) -> list[str]:
    """A unit named close to a department but not it: the case goes to the grid leader, and
    the clerk is told which department it may have meant."""
    out = []
    for name in (n for n in _SPLIT.split(unit) if n and n not in directory.departments):
        close = nearest(name, list(directory.departments))
        if close:
            out.append(
                f"{name!r} is not a department (nearest: {'、'.join(close)}): recorded as the"
                " grid leader's; type the department's name to record it"
            )
    return out


def existing_numbers(conn: Connection, numbers: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        found.update(
            conn.execute(select(t.cases.c.case_no).where(t.cases.c.case_no.in_(chunk))).scalars()
        )
    return found


def _existing_keys(
    conn: Connection, times: Sequence[datetime]
) -> dict[tuple[str, str, datetime, str], str]:
    c = t.cases.c
    found: dict[tuple[str, str, datetime, str], str] = {}
    wanted = sorted(set(times))
    for i in range(0, len(wanted), 500):
        rows = conn.execute(
            select(c.grid_code, c.category_code, c.reported_at, c.description, c.case_no).where(
                c.reported_at.in_(wanted[i : i + 500])
            )
        ).all()
        for r in rows:
            found[(r.grid_code, r.category_code, r.reported_at, r.description)] = r.case_no
    return found
