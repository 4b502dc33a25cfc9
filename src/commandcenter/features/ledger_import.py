"""A ledger typed in Excel imported (`commandcenter ledger import`, the ledger view's 从 Excel
导入…): read (reports/ledger_read.py), every row checked against the database and planned
(store/ledger_import_plan.py), then — only when no problem remains outside the rows the clerk
chose to skip — written in one transaction. Problems read `row N, column 列名: problem`, the
row as Excel numbers it and the column as the workbook names it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from .. import defaults
from ..domain.calendar import WorkingCalendar
from ..domain.clock import office_now
from ..domain.errors import ValidationError
from ..domain.ledger_words import TimeLimit
from ..reports.ledger import HEADERS
from ..reports.ledger_read import (
    REQUIRED,
    LedgerFileError,
    PartialDate,
    Problem,
    SheetRow,
    read_ledger,
)
from ..store import schema as t
from ..store.database import open_database
from ..store.ledger_import_plan import ImportPlan, ImportRow, PlannedCase, Skipped, plan_import
from ..store.ledger_write import write_import


@dataclass
class LedgerImport:
    """What a ledger file would add (checked), and after `commit` what it added."""

    path: Path
    sheet: str
    header_row: int
    headers: dict[str, str]  # canonical -> as the workbook writes it
    rows: int  # filled rows read
    problems: list[Problem]
    cases: list[PlannedCase]
    skipped: list[Skipped]
    ignored: tuple[str, ...]
    # Read, but said back: how an ambiguous header was read (row 0: the sheet), a unit close
    # to a department but not it. They stop nothing.
    notes: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The problems, one a line: row N, column 列名: problem; then the notes."""
        return [str(p) for p in self.problems] + [f"note: {_note(n)}" for n in self.notes]

    def said(self) -> list[str]:
        return [self.summary()]

    def summary(self) -> str:
        where = f"{self.path.name}, sheet {self.sheet} (header on row {self.header_row})"
        if self.problems:
            return (
                f"{where}: {len(self.problems)} problems on "
                f"{len({p.row for p in self.problems})} of {self.rows} rows; nothing imported"
            )
        added = len(self.written) if self.committed else len(self.cases)
        verb = "imported" if self.committed else "to import (nothing written)"
        notes = f", {len(self.notes)} notes" if self.notes else ""
        return (
            f"{where}: {self.rows} rows, {added} cases {verb}, {len(self.skipped)} skipped{notes}"
        )


def _note(note: Problem) -> str:
    return note.text if note.row == 0 else str(note)


def refuse_platform_database(engine: Engine) -> None:
    """Imported cases stay on this workstation; a database kept in step with the district
    platform holds the platform's record only."""
    with engine.connect() as conn:
        server = conn.scalar(select(t.sync_meta.c.value).where(t.sync_meta.c.key == "server"))
    if server:
        raise ValidationError(
            f"this database syncs with the district platform ({server}); cases imported from a"
            " ledger would exist only here — import into the street office's own database"
        )


def check_ledger(
    engine: Engine,
    path: Path,
    now: datetime,
    skip_rows: Sequence[int] = (),
    calendar: WorkingCalendar | None = None,
) -> LedgerImport:
    """Read and check a ledger file; nothing is written. A file that is not a ledger at all
    raises ValidationError naming why. The calendar counts a time limit typed in working days
    (3个工作日) from the 发现时间."""
    calendar = calendar or defaults.calendar()
    try:
        sheet = read_ledger(path, skip_rows)
    except LedgerFileError as exc:
        raise ValidationError(str(exc)) from None
    problems: list[Problem] = []
    rows: list[ImportRow] = []
    for row in sheet.rows:
        rows.append(_import_row(row, now, calendar))
        problems += row.problems
    plan: ImportPlan = plan_import(engine, rows, now)
    footers = [Skipped(n, "", "a signature or footer line") for n in sheet.footers]
    plan.skipped[:] = sorted([*plan.skipped, *footers], key=lambda s: s.row)
    for p in plan.problems:
        problems.append(Problem(p.row, sheet.headers.get(p.column, p.column), p.text))
    notes = [Problem(0, "", text) for text in sheet.readings]
    notes += [Problem(w.row, sheet.headers.get(w.column, w.column), w.text) for w in plan.warnings]
    order = {h: i for i, h in enumerate(HEADERS)}
    by_written = {w: order[c] for c, w in sheet.headers.items()}
    problems.sort(key=lambda p: (p.row, by_written.get(p.column, -1)))
    return LedgerImport(
        path=path,
        sheet=sheet.sheet,
        header_row=sheet.header_row,
        headers=sheet.headers,
        rows=len(sheet.rows),
        problems=problems,
        cases=plan.cases,
        skipped=plan.skipped,
        ignored=sheet.ignored,
        notes=notes,
    )


def commit_ledger(
    engine: Engine, checked: LedgerImport, calendar: WorkingCalendar, now: datetime
) -> LedgerImport:
    """Write a checked ledger without problems (one transaction)."""
    if checked.problems:
        raise ValidationError(f"{checked.path.name}: {len(checked.problems)} problems remain")
    plan = ImportPlan(cases=checked.cases, skipped=checked.skipped)
    checked.written = write_import(engine, plan, calendar, source_file=checked.path.name, now=now)
    checked.committed = True
    return checked


class LedgerImporter:
    """The window's import: checks and writes against one database, the office clock's now."""

    def __init__(
        self,
        engine: Engine,
        calendar: WorkingCalendar,
        clock: Callable[[], datetime],
        reader: Engine | None = None,
    ) -> None:
        self.engine = engine
        # The check only reads: on the writer's engine (BEGIN IMMEDIATE) it would queue
        # behind every write of the window and its tick.
        self.reader = reader or engine
        self.calendar = calendar
        self.clock = clock

    def check(self, path: Path, skip_rows: Sequence[int] = ()) -> LedgerImport:
        refuse_platform_database(self.reader)
        now = self.clock().replace(microsecond=0)
        return check_ledger(self.reader, path, now, skip_rows, self.calendar)

    def commit(self, checked: LedgerImport) -> LedgerImport:
        return commit_ledger(self.engine, checked, self.calendar, self.clock())


def _import_row(row: SheetRow, now: datetime, calendar: WorkingCalendar) -> ImportRow:
    for column in REQUIRED:
        if row.values.get(column) is None and not any(
            p.column == row.headers.get(column) for p in row.problems
        ):
            row.problem(column, "empty")

    def resolved(column: str, year: int, step: int, beyond: datetime) -> datetime | None:
        """A date typed without its year (11月3日): in `year`, else a year `step` away when it
        would fall beyond `beyond` (found: not after now; deadlines: not before found)."""
        value = row.values.get(column)
        if not isinstance(value, PartialDate):
            return value if isinstance(value, datetime) else None
        for y in (year, year + step):
            try:
                at = value.resolve(y)
            except ValueError:  # 2月29日 outside a leap year
                continue
            if (at <= beyond) if step < 0 else (at >= beyond):
                return at
        row.problem(column, f"{value.month}月{value.day}日: say the year")
        return None

    found = resolved("发现时间", now.year, -1, now)
    base = found or now
    limit = row.values.get("整改时限")
    if isinstance(limit, TimeLimit):  # 3个工作日: counted from the 发现时间
        due = calendar.deadline(found, limit.amount, limit.unit) if found else None
    else:
        due = resolved("整改时限", base.year, 1, base)
    closed = resolved("办结时间", base.year, 1, base)

    return ImportRow(
        row=row.row,
        case_no=row.text("案件编号"),
        description=row.text("问题描述"),
        grid=row.text("所属网格"),
        category=row.text("问题类别"),
        source=row.text("来源"),
        found_at=found,
        grid_leader=row.text("责任网格长"),
        unit=row.text("责任单位"),
        measures=row.text("整改措施"),
        due_at=due,
        state=row.text("整改状态"),
        closed_at=closed,
        remark=row.text("备注"),
        readable=not row.problems,
    )


@dataclass(frozen=True)
class LedgerImportRequest:
    db: Path
    xlsx: Path
    skip_rows: tuple[int, ...] = ()  # Excel rows the clerk leaves out
    dry_run: bool = False  # check and report; write nothing


def import_ledger(request: LedgerImportRequest) -> LedgerImport:
    """Checked, and written unless problems remain or it is a dry run."""
    now = office_now().replace(microsecond=0)
    db = open_database(request.db, create=False)
    try:
        refuse_platform_database(db.engine)
        calendar = defaults.calendar()
        checked = check_ledger(db.engine, request.xlsx, now, request.skip_rows, calendar)
        if checked.ok and not request.dry_run:
            commit_ledger(db.engine, checked, calendar, now)
        return checked
    finally:
        db.dispose()
