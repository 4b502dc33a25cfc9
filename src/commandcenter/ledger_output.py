"""`commandcenter ledger export`: the rectification ledger of a grid's subtree, a period,
categories and states, as PDF (drawn offscreen with QtGui) or XLSX."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from .domain.enums import CaseState
from .domain.errors import ValidationError
from .offscreen import with_application
from .reports.ledger import LedgerDocument, ledger_document, ledger_title
from .store.ledger import LedgerQuery, category_subtree, ledger_place, ledger_records
from .store.ledger_import_plan import parse_import_state

FORMATS = ("pdf", "xlsx")


def parse_state(text: str) -> CaseState:
    """A state by its value (closed), its label (已办结) or a clerk's word for it (已整改)."""
    state = parse_import_state(text)
    if state is not None:
        return state
    known = "、".join(f"{s.label} ({s.value})" for s in CaseState)
    raise ValidationError(f"unknown state {text!r}; the states are: {known}")


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


def run_ledger_export(args: argparse.Namespace) -> str:
    """Writes the ledger the arguments ask for; returns what was written, for the CLI to say."""
    from .store.database import open_readonly

    if args.format not in FORMATS:
        raise ValidationError(f"--format must be pdf or xlsx, not {args.format!r}")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise ValidationError(f"--from {args.date_from} is after --to {args.date_to}")
    states = frozenset(parse_state(s) for s in args.state or ())
    out: Path = args.out
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent} is not a directory to write {out.name} into")
    db = open_readonly(args.db)
    try:
        document = build_ledger(
            db.engine,
            LedgerQuery(
                grid=args.grid,
                date_from=args.date_from,
                date_to=args.date_to,
                categories=frozenset(args.category or ()),
                states=states,
            ),
        )
    finally:
        db.dispose()
    if args.format == "pdf":
        pages = _write_pdf(document, out)
        return f"{out}: {len(document.rows)} cases on {pages} pages"
    from .reports.ledger_xlsx import write_xlsx

    write_xlsx(document, out)
    return f"{out}: {len(document.rows)} cases"


def _write_pdf(document: LedgerDocument, out: Path) -> int:
    from .render.ledger import write_pdf

    return with_application(lambda: write_pdf(document, out))
