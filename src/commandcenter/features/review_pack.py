"""The Thursday meeting's pack (PDF or PPTX) of a week (`commandcenter review`, the review view's
导出 PDF…/导出 PPT…); and the one place the review's document is built, for the window, the
presenter and the CLI alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from .. import defaults, paths
from ..domain.clock import office_now
from ..domain.errors import ValidationError
from ..domain.indicators import Weights
from ..domain.periods import Period, week_period
from ..reports.review import ReviewDocument, review_document
from ..store.blobs import BlobStore
from ..store.database import open_readonly
from ..store.review import review_data

if TYPE_CHECKING:
    from PySide6.QtGui import QImage


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


@dataclass(frozen=True)
class ReviewPackRequest:
    db: Path
    out: Path  # pack.pdf or pack.pptx
    week: str | None = None  # ISO week (default: the week `now` falls in)
    now: datetime | None = None  # as of this time, dated its day (default: now)
    photos: bool = True  # the cases' photos on their slides


@dataclass(frozen=True)
class ReviewPackResult:
    out: Path
    cases: int
    count: int  # pages of the PDF, slides of the PPTX

    def said(self) -> list[str]:
        unit = "pages" if self.out.suffix.lower() == ".pdf" else "slides"
        return [f"{self.out}: {self.cases} cases on {self.count} {unit}"]


def write_review_pack(request: ReviewPackRequest) -> ReviewPackResult:
    """Writes the pack the request asks for, whole or not at all."""
    from ..render.offscreen import with_application

    out = request.out
    if out.suffix.lower() not in FORMATS:
        raise ValidationError(f"--out must end in .pdf or .pptx, not {out.name!r}")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent} is not a directory to write {out.name} into")
    now = request.now or office_now().replace(microsecond=0)
    period = week_period(request.week or now.date())
    db = open_readonly(request.db)
    try:
        document = build_review(db.engine, period, defaults.scoring_weights(), now)
    finally:
        db.dispose()
    blobs = BlobStore(paths.blob_dir_for(request.db))
    photos = photo_source(blobs) if request.photos else None
    count = with_application(lambda: write_pack(document, out, photos, now.date()))
    return ReviewPackResult(out, len(document.slides), count)


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
        from ..render import review_pdf

        pdf_charts = pack_charts(document, review_pdf.chart_pixels(CHART_DPI))
        return lambda: review_pdf.write_pdf(document, out, pdf_charts, photos, made_on)
    from ..render import review_pptx

    pptx_charts = pack_charts(document, review_pptx.chart_pixels(CHART_DPI))
    return lambda: review_pptx.write_pptx(document, out, pptx_charts, photos, made_on)


def pack_charts(document: ReviewDocument, size: tuple[int, int, float]) -> list[QImage]:
    """The two charts, rendered once for the pack: intake against closed over the twelve
    weeks, and the rates by grid (in the table's order, best first). `size` is the layout's
    width and height in pixels and the scale to draw them at (a writer's chart_pixels)."""
    from ..render.charts import IntakeClosedChart, RatesByGridChart, render_chart

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
