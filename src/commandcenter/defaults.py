"""The shipped data files (taxonomy, calendar) read and parsed; bad files raise typed errors."""

from __future__ import annotations

from pathlib import Path

from . import paths
from .domain.calendar import WorkingCalendar, load_calendar
from .domain.errors import TaxonomyError, ValidationError
from .domain.indicators import Weights, parse_weights
from .domain.model import Taxonomy
from .domain.supervision import SupervisionRules, parse_rules
from .domain.taxonomy import load_taxonomy


def taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or paths.default_taxonomy()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read the taxonomy file ({exc})") from None
    return load_taxonomy(text, source=str(path))


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: cannot read the {what} ({exc})") from None


def calendar(path: Path | None = None) -> WorkingCalendar:
    """The working calendar: working hours, holidays and make-up workdays (editable JSON)."""
    path = path or paths.resource("calendar", "holidays.json")
    try:
        return load_calendar(_read(path, "calendar file"))
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc.message}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(f"{path}: not a valid calendar file ({exc})") from None


def supervision_rules(path: Path | None = None) -> SupervisionRules:
    path = path or paths.resource("supervision.json")
    return parse_rules(_read(path, "supervision rules"), source=str(path))


def scoring_weights(path: Path | None = None) -> Weights:
    path = path or paths.resource("scoring.json")
    return parse_weights(_read(path, "scoring weights"), source=str(path))
