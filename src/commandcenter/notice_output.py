"""`commandcenter notice`: the inspection office's weekly supervision notice (督查通报) as a PDF,
drawn offscreen with QtGui."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from . import defaults
from .domain.clock import office_now
from .domain.errors import ValidationError
from .domain.periods import week_period
from .offscreen import with_application
from .reports.notice import NoticeDocument, NoticeFacts, notice_document
from .store.indicators import stats_table
from .store.review import asof_of, notice_cases


def build_notice(engine: Engine, week: str, now: datetime | None = None) -> NoticeDocument:
    """The notice of an ISO week as of `now` (default: the office's clock); dated `now`'s
    day. Reads the database: a worker's call."""
    period = week_period(week)
    now = now or office_now()
    cases, leaders, street = notice_cases(engine, period, now)
    table = stats_table(engine, "grid2", period, defaults.scoring_weights(), now)
    facts = NoticeFacts(
        street=street,
        period=period,
        asof=asof_of(period, now),
        today=now.date(),
        cases=cases,
        leaders=leaders,
        rows=table.rows,
        total=table.total,
    )
    return notice_document(facts)


def run_notice(args: argparse.Namespace) -> str:
    """Writes the notice the arguments ask for; returns what was written, for the CLI to say."""
    from .store.database import open_readonly

    period = week_period(args.week)  # a bad week is refused before anything is opened
    now = args.now or office_now()
    if now < period.start:
        raise ValidationError(f"{args.week} has not begun by {now:%Y-%m-%d %H:%M}: no notice yet")
    out: Path = args.out
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent} is not a directory to write {out.name} into")
    if out.is_dir() or not os.access(out.parent, os.W_OK):
        raise ValidationError(f"{out} cannot be written: a folder, or its folder is read-only")
    db = open_readonly(args.db)
    try:
        document = build_notice(db.engine, args.week, now)
    finally:
        db.dispose()
    try:
        pages = _write_pdf(document, out)
    except OSError as exc:
        raise ValidationError(f"{out}: cannot be written ({exc})") from None
    return f"{out}: {document.title} ({pages} pages)"


def _write_pdf(document: NoticeDocument, out: Path) -> int:
    from .render.notice import write_pdf

    return with_application(lambda: write_pdf(document, out))
