"""The rectification ledger (整改台账) of a grid's subtree, a period, categories and states: the
document the window previews and prints, written as PDF (drawn offscreen with QtGui) or XLSX
(`commandcenter ledger export`, the ledger view's 另存为)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from ..domain.enums import CaseState
from ..domain.errors import ValidationError
from ..domain.ledger_words import state_of
from ..reports.ledger import LedgerDocument, ledger_document, ledger_title
from ..store.database import open_readonly
from ..store.ledger import (
    ACCEPTED_PROBLEMS,
    UNFINISHED,
    LedgerQuery,
    category_subtree,
    ledger_place,
    ledger_records,
)

FORMATS = ("pdf", "xlsx")


def parse_state(text: str) -> CaseState:
    """A state by its value (closed), its label (已办结) or a clerk's word for it (已整改)."""
    state = state_of(text)
    if state is not None:
        return state
    known = "、".join(f"{s.label} ({s.value})" for s in CaseState)
    raise ValidationError(f"unknown state {text!r}; the states are: {known}")


# Words for a group of states: 未办结 (accepted, not yet closed); all (every state, 待受理,
# 不予受理 and 已作废 too). No --state at all: the accepted problems.
STATE_GROUPS: dict[str, frozenset[CaseState]] = {
    "未办结": UNFINISHED,
    "unfinished": UNFINISHED,
    "open": UNFINISHED,
    "all": frozenset(),
    "全部": frozenset(),
}


def parse_states(texts: Sequence[str]) -> frozenset[CaseState]:
    """The states the ledger lists (empty: every one). None given: the accepted problems."""
    if not texts:
        return ACCEPTED_PROBLEMS
    out: set[CaseState] = set()
    for text in texts:
        group = STATE_GROUPS.get(text.strip())
        if group is not None and not group:
            return frozenset()  # all: no state left out
        out |= group if group is not None else {parse_state(text.strip())}
    return frozenset(out)


def build_ledger(engine: Engine, query: LedgerQuery, today: date | None = None) -> LedgerDocument:
    """The document the window previews and the CLI writes (reads the database: a worker's
    call); `today`: its 制表日期 (default: the office's day when drawn)."""
    place = ledger_place(engine, query.grid)
    if query.categories:
        query = LedgerQuery(
            query.grid,
            query.date_from,
            query.date_to,
            category_subtree(engine, query.categories),
            query.states,
        )
    records = ledger_records(engine, query)
    start, end = query.date_from, query.date_to
    if (start is None and end is None) and records:
        start, end = records[0].found_at.date(), records[-1].found_at.date()
    title = ledger_title(place.street, place.grid, start, end)
    return ledger_document(title, records, unit=place.street, made_on=today)


@dataclass(frozen=True)
class LedgerExportRequest:
    db: Path
    out: Path
    format: str  # pdf or xlsx
    grid: str | None = None  # the grid and every grid under it (default: the street)
    date_from: date | None = None  # found on or after
    date_to: date | None = None  # found on or before
    categories: tuple[str, ...] = ()  # with the categories under them (none: all)
    # By value, label or a clerk's word, or 未办结 / all; none: the accepted problems (not
    # 待受理, 不予受理 or 已作废).
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class LedgerExportResult:
    out: Path
    cases: int
    pages: int | None = None  # the PDF's; None for XLSX

    def said(self) -> list[str]:
        if self.pages is None:
            return [f"{self.out}: {self.cases} cases"]
        return [f"{self.out}: {self.cases} cases on {self.pages} pages"]


def export_ledger(request: LedgerExportRequest) -> LedgerExportResult:
    """Writes the ledger the request asks for, whole or not at all."""
    if request.format not in FORMATS:
        raise ValidationError(f"--format must be pdf or xlsx, not {request.format!r}")
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise ValidationError(f"--from {request.date_from} is after --to {request.date_to}")
    states = parse_states(request.states)
    out = request.out
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent} is not a directory to write {out.name} into")
    db = open_readonly(request.db)
    try:
        document = build_ledger(
            db.engine,
            LedgerQuery(
                grid=request.grid,
                date_from=request.date_from,
                date_to=request.date_to,
                categories=frozenset(request.categories),
                states=states,
            ),
        )
    finally:
        db.dispose()
    if request.format == "pdf":
        return LedgerExportResult(out, len(document.rows), _write_pdf(document, out))
    from ..reports.ledger_xlsx import write_xlsx

    write_xlsx(document, out)
    return LedgerExportResult(out, len(document.rows))


def _write_pdf(document: LedgerDocument, out: Path) -> int:
    from ..render.ledger import write_pdf
    from ..render.offscreen import with_application

    return with_application(lambda: write_pdf(document, out))
