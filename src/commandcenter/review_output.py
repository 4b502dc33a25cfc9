"""`commandcenter review`: the Thursday meeting's pack (PDF or PPTX) of a week; and the one place
the review's document is built, for the window, the presenter and the CLI alike."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine

from . import defaults, paths
from .domain.clock import office_now
from .domain.errors import ValidationError
from .domain.indicators import Weights
from .domain.periods import Period, week_period
from .offscreen import with_application
from .reports.review import ReviewDocument, review_document
from .store.blobs import BlobStore
from .store.review import review_data

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

T = TypeVar("T")


def build_review(
    engine: Engine, period: Period, weights: Weights, now: datetime | None = None
) -> ReviewDocument:
    """The review of a week as of `now` (default: the office's clock); reads the database: a
    worker's call."""
    return review_document(review_data(engine, period, weights, now))


FORMATS = (".pdf", ".pptx")
# Charts are laid out at this many pixels an inch of paper or slide: pyqtgraph's fonts are in
# points at the screen's 96 dpi, so this keeps their printed size true (ticks at 8 pt). Each
# writer's chart_pixels then has them drawn finer, at its print resolution.
CHART_DPI = 96


def run_review(args: argparse.Namespace) -> str:
    """Writes the pack the arguments ask for; returns what was written, for the CLI to say."""
    from .store.database import open_readonly

    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(f"--out must end in .pdf or .pptx, not {out.name!r}")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent} is not a directory to write {out.name} into")
    now = args.now or office_now().replace(microsecond=0)
    period = week_period(args.week or now.date())  # default: the week `now` falls in
    db = open_readonly(args.db)
    try:
        document = build_review(db.engine, period, defaults.scoring_weights(), now)
    finally:
        db.dispose()
    photos = None if args.no_photos else photo_source(BlobStore(paths.blob_dir_for(args.db)))
    count = with_application(lambda: write_pack(document, out, photos, now.date()))
    unit = "pages" if suffix == ".pdf" else "slides"
    return f"{out}: {len(document.slides)} cases on {count} {unit}"


def write_pack(
    document: ReviewDocument,
    out: Path,
    photos: Callable[[str], bytes | None] | None,
    made_on: date,
) -> int:
    """The pack as PDF or PPTX (by the suffix of `out`); needs a QApplication (the charts are
    pyqtgraph widgets). Returns the page or slide count."""
    return pack_writer(document, out, photos, made_on)()


def pack_writer(
    document: ReviewDocument,
    out: Path,
    photos: Callable[[str], bytes | None] | None,
    made_on: date,
) -> Callable[[], int]:
    """Renders the charts now — on the GUI thread: they are widgets — and returns the writing
    of the pack, which paints only on a QPdfWriter or into python-pptx and so may run on a
    worker (the window's export lane)."""
    if out.suffix.lower() == ".pdf":
        from .render import review_pdf

        pdf_charts = pack_charts(document, review_pdf.chart_pixels(CHART_DPI))
        return lambda: review_pdf.write_pdf(document, out, pdf_charts, photos, made_on)
    from .render import review_pptx

    pptx_charts = pack_charts(document, review_pptx.chart_pixels(CHART_DPI))
    return lambda: review_pptx.write_pptx(document, out, pptx_charts, photos, made_on)


def pack_charts(document: ReviewDocument, size: tuple[int, int, float]) -> list[QImage]:
    """The two charts, rendered once for the pack: intake against closed over the twelve
    weeks, and the rates by grid (in the table's order, best first). `size` is the layout's
    width and height in pixels and the scale to draw them at (a writer's chart_pixels)."""
    from .render.charts import IntakeClosedChart, RatesByGridChart, render_chart

    trend = document.trend
    ranked = document.ranked()
    order = [document.grids.index(g) for g in ranked]
    values = [[series[i] for i in order] for series in document.rates]
    rates_title = "各网格" + "、".join(document.rate_names)
    return [
        render_chart(
            lambda plot: IntakeClosedChart(plot, "近12周新增与办结").set_data(
                trend.labels, trend.intake, trend.closed
            ),
            *size,
        ),
        render_chart(
            lambda plot: RatesByGridChart(plot, document.rate_names, rates_title).set_data(
                [g.name for g in ranked], values
            ),
            *size,
        ),
    ]


def photo_source(blobs: BlobStore) -> Callable[[str], bytes | None]:
    """A photo's bytes, or None when it is not in the blob store (the slide says so)."""

    def get(sha: str) -> bytes | None:
        try:
            return blobs.get(sha) if blobs.exists(sha) else None
        except (OSError, ValueError):
            return None

    return get
