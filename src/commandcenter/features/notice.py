"""The inspection office's weekly supervision notice (督查通报) as a PDF, drawn offscreen with QtGui
(`commandcenter notice`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from .. import defaults
from ..domain.clock import office_now
from ..domain.errors import ValidationError
from ..domain.periods import week_period
from ..reports.notice import NoticeDocument, NoticeFacts, notice_document
from ..store.database import open_readonly
from ..store.indicators import stats_table
from ..store.review import asof_of, notice_cases


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


@dataclass(frozen=True)
class NoticeRequest:
    db: Path
    week: str  # ISO week, e.g. 2026-W47
    out: Path
    now: datetime | None = None  # as of this time, dated its day (default: now)


@dataclass(frozen=True)
class NoticeResult:
    out: Path
    title: str
    pages: int

    def said(self) -> list[str]:
        return [f"{self.out}: {self.title} ({self.pages} pages)"]


def write_notice(request: NoticeRequest) -> NoticeResult:
    """Writes the notice the request asks for, whole or not at all (`commandcenter notice`)."""
    now = request.now or office_now()
    _check(request.week, request.out, now)  # refused before anything is opened
    db = open_readonly(request.db)
    try:
        return export_notice(db.engine, request.week, request.out, now)
    finally:
        db.dispose()


def export_notice(engine: Engine, week: str, out: Path, now: datetime) -> NoticeResult:
    """The notice of `week` as of `now`, read from `engine` and written to `out` as a PDF, whole
    or not at all: the CLI's and the window's (督查通报…, on its export lane) one way."""
    _check(week, out, now)
    document = build_notice(engine, week, now)
    try:
        pages = _write_pdf(document, out)
    except OSError as exc:
        raise ValidationError(f"{out}: cannot be written ({exc})") from None
    return NoticeResult(out, document.title, pages)


def _check(week: str, out: Path, now: datetime) -> None:
    period = week_period(week)  # a bad week is refused first
    if now < period.start:
        raise ValidationError(f"{week} has not begun by {now:%Y-%m-%d %H:%M}: no notice yet")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent} is not a directory to write {out.name} into")
    if out.is_dir() or not os.access(out.parent, os.W_OK):
        raise ValidationError(f"{out} cannot be written: a folder, or its folder is read-only")


def _write_pdf(document: NoticeDocument, out: Path) -> int:
    from ..render.notice import write_pdf
    from ..render.offscreen import with_application

    return with_application(lambda: write_pdf(document, out))
