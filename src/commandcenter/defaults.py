"""The shipped data files (taxonomy, calendar) read and parsed; bad files raise typed errors."""

from __future__ import annotations

from pathlib import Path

from . import paths
from .domain.calendar import WorkingCalendar, load_calendar
from .domain.errors import TaxonomyError
from .domain.model import Taxonomy
from .domain.taxonomy import load_taxonomy


def taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or paths.default_taxonomy()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read the taxonomy file ({exc})") from None
    return load_taxonomy(text, source=str(path))


def calendar() -> WorkingCalendar:
    return load_calendar(paths.resource("calendar", "holidays.json").read_text(encoding="utf-8"))
