"""A view of the window rendered offscreen into a PNG (`commandcenter screenshot`): the request
checked against the database before any window exists, then drawn by the window's renderer (the
caller's collaborator: `app.py` builds a read-only window for it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DomainError
from ..domain.periods import week_period
from ..store.case_detail import CaseDetailRepository
from ..store.database import open_readonly
from ..store.directory import load_directory

VIEWS = ("main", "timeline", "wall", "ledger", "review", "presenter")


@dataclass(frozen=True)
class ScreenshotRequest:
    db: Path
    out: Path
    view: str = "main"
    case: str | None = None  # case number or id (timeline, presenter)
    week: str | None = None  # ISO week of review/presenter (default: this week)
    person: str | None = None  # person code (default: the first duty officer)
    size: str = "1600x1000"  # WIDTHxHEIGHT
    language: str = "zh_CN"


@dataclass(frozen=True)
class Shot:
    """A checked request, as the renderer takes it."""

    db: Path
    out: Path
    view: str
    size: tuple[int, int]
    person: str | None
    case_id: int | None
    week: str | None  # its label, e.g. 2026-W47
    language: str


Render = Callable[[Shot], None]


@dataclass(frozen=True)
class Screenshot:
    out: Path

    def lines(self) -> list[str]:
        return [str(self.out)]


def take_screenshot(request: ScreenshotRequest, render: Render) -> Screenshot:
    """Checks the request, has it rendered, returns the PNG written. DomainError names what is
    wrong (a view, a size, a person or a case that does not exist)."""
    shot = check_request(request)
    render(shot)
    return Screenshot(shot.out)


def check_request(request: ScreenshotRequest) -> Shot:
    if request.view not in VIEWS:
        raise DomainError(f"unknown view {request.view!r}; the views are: {', '.join(VIEWS)}")
    try:
        width, height = (int(x) for x in request.size.lower().split("x"))
    except ValueError:
        raise DomainError(
            f"--size must be WIDTHxHEIGHT, e.g. 1600x1000, not {request.size!r}"
        ) from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise DomainError(f"--size {request.size} is out of range (320x240 to 8000x8000)")
    week = week_period(request.week).label if request.week else None
    case_id = None
    db = open_readonly(request.db)
    try:
        if request.person and load_directory(db.engine).person(request.person) is None:
            raise DomainError(f"no person with code {request.person!r} in {request.db}")
        if request.case:
            case_id = CaseDetailRepository(db.engine).find(request.case)
            if case_id is None:
                raise DomainError(f"no case {request.case!r} in {request.db}")
    finally:
        db.dispose()
    return Shot(
        request.db,
        request.out,
        request.view,
        (width, height),
        request.person,
        case_id,
        week,
        request.language,
    )
