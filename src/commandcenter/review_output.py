"""`commandcenter review`: the Thursday meeting's pack (PDF or PPTX) of a week; and the one place
the review's document is built, for the window, the presenter and the CLI alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from .domain.indicators import Weights
from .domain.periods import Period
from .reports.review import ReviewDocument, review_document
from .store.review import review_data


def build_review(
    engine: Engine, period: Period, weights: Weights, now: datetime | None = None
) -> ReviewDocument:
    """The review of a week as of `now` (default: the office's clock); reads the database: a
    worker's call."""
    return review_document(review_data(engine, period, weights, now))
