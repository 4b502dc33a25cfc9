"""The review meeting's pack as a PDF, drawn with QtGui into a QPdfWriter: A4 landscape, text
kept as text (searchable, and what `pdftotext` reads). Pages: the cover; the level-2 grids'
table (ranked, the 合计 row at the end, the header again on every page it runs onto); the two
charts side by side; 光荣榜 beside 曝光台; one page per case (number, description, place,
responsible grid leader, deadline, overdue in red, priority and state, up to three photos
scaled to fit). 第 X 页 共 Y 页 under every page.

Lengths are in the writer's device pixels (PDF_DPI), fonts in points converted to those pixels:
what is measured is what is drawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from ..reports.review import GridLine, ReviewDocument, Slide, Standing
from .paged import paint_pages, write_pdf_file

FONT_FAMILY = "WenQuanYi Micro Hei"
PDF_DPI = 300  # text stays vector; this only sets the grain of positions
MARGIN_MM = 12.0
# The charts page holds the two charts side by side, each this big on paper (mm).
CHART_MM = (132.0, 150.0)
CHART_PRINT_DPI = 300  # the charts' pixels an inch on paper: a laser printer's grain
PHOTOS_PER_PAGE = 3

PhotoSource = Callable[[str], bytes | None]  # sha256 -> image bytes; None: not in the store

AlignLeft = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
AlignCentre = Qt.AlignmentFlag.AlignCenter
AlignRight = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap

INK = QColor("#222222")
MUTED = QColor("#666666")
RED = QColor("#c62828")
GREEN = QColor("#2e7d32")
HEADER_FILL = QColor("#1f4e8c")
TOTAL_FILL = QColor("#e8e8e8")
STRIPE = QColor("#f4f7fb")
HONOUR_FILL = QColor("#b71c1c")
EXPOSURE_FILL = QColor("#37474f")

# Relative widths of the table's columns (TABLE_COLUMNS' order).
COLUMN_WEIGHTS = (0.6, 1.7, 1.0, 0.7, 0.7, 0.7, 1.0, 1.0, 1.15, 1.0, 0.9, 0.6, 0.7)
NUMERIC_FROM = 3  # the columns from 新增 on are figures: centred


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(1, round(points * PDF_DPI / 72.0)))
    font.setBold(bold)
    return font


def _line_height(points: float, bold: bool = False) -> float:
    return QFontMetricsF(_font(points, bold)).height()


class ReviewPdfPainter:
    """Lays the document out on pages of `width` x `height` device pixels, then paints them."""

    def __init__(
        self,
        document: ReviewDocument,
        width: float,
        height: float,
        charts: Sequence[QImage],
        photos: PhotoSource | None,
        made_on: date,
    ) -> None:
        self.doc = document
        self.w, self.h = width, height
        self.mm = PDF_DPI / 25.4
        self.charts = charts
        self.photos = photos
        self.made_on = made_on
        self.row_h = _line_height(11) * 1.9
        self.footer_h = _line_height(8) * 2.0
        self.table_pages = self._paginate_table()
        self.pages: list[Callable[[QPainter], None]] = [self._cover]
        for i, rows in enumerate(self.table_pages):
            self.pages.append(partial(self._table, rows=rows, index=i))
        self.pages += [self._charts, self._standings]
        self.summary_pages = len(self.pages)
        for slide in document.slides:
            self.pages.append(partial(self._case, s=slide))

    # -- pages -------------------------------------------------------------------------
    def paint(self, new_page: Callable[[int], QPainter]) -> int:
        total = len(self.pages)
        for number, page in enumerate(self.pages):
            painter = new_page(number)
            page(painter)
            if number > 0:
                self._footer(painter, number, total)
        return total

    def _cover(self, p: QPainter) -> None:
        doc, w, h = self.doc, self.w, self.h
        p.fillRect(QRectF(0, h * 0.28, w, 1.2 * self.mm), HEADER_FILL)
        self._text(p, QRectF(0, h * 0.30, w, h * 0.12), doc.title, 30, True, AlignCentre)
        self._text(p, QRectF(0, h * 0.43, w, h * 0.08), doc.subtitle, 18, False, AlignCentre)
        p.fillRect(QRectF(0, h * 0.53, w, 0.5 * self.mm), HEADER_FILL)
        lines = [
            f"{doc.street}",
            f"数据截至：{doc.asof:%Y-%m-%d %H:%M}",
            f"制表日期：{self.made_on.year}年{self.made_on.month}月{self.made_on.day}日",
        ]
        y = h * 0.66
        for line in lines:
            self._text(p, QRectF(0, y, w, _line_height(14) * 1.4), line, 14, False, AlignCentre)
            y += _line_height(14) * 1.5

    def _paginate_table(self) -> list[list[GridLine | None]]:
        """Rows per page; None stands for the 合计 row (on the last page)."""
        top = self._heading_height()
        fit = max(2, int((self.h - top - self.footer_h - self.row_h) // self.row_h))
        rows: list[GridLine | None] = [*self.doc.ranked(), None]
        return [rows[i : i + fit] for i in range(0, len(rows), fit)]

    def _heading_height(self) -> float:
        return _line_height(18, True) * 2.0

    def _heading(self, p: QPainter, text: str) -> float:
        height = self._heading_height()
        self._text(p, QRectF(0, 0, self.w, height * 0.8), text, 18, True, AlignLeft)
        p.fillRect(QRectF(0, height * 0.8, self.w, 0.6 * self.mm), HEADER_FILL)
        return height

    def _table(self, p: QPainter, rows: list[GridLine | None], index: int) -> None:
        more = "（续）" if index else ""
        y = self._heading(p, f"各网格考核排名 · {self.doc.subtitle}{more}")
        total_weight = sum(COLUMN_WEIGHTS)
        xs, x = [], 0.0
        for weight in COLUMN_WEIGHTS:
            xs.append((x, self.w * weight / total_weight))
            x += self.w * weight / total_weight
        self._table_row(p, y, xs, self.doc.headers, HEADER_FILL, QColor("white"), True)
        y += self.row_h
        for n, row in enumerate(rows):
            if row is None:
                self._table_row(p, y, xs, self.doc.total, TOTAL_FILL, INK, True)
            else:
                fill = STRIPE if n % 2 else QColor("white")
                self._table_row(p, y, xs, row.cells, fill, INK, False)
            y += self.row_h

    def _table_row(
        self,
        p: QPainter,
        y: float,
        xs: list[tuple[float, float]],
        cells: Sequence[str],
        fill: QColor,
        ink: QColor,
        bold: bool,
    ) -> None:
        p.setFont(_font(11, bold))
        pad = 1.5 * self.mm
        for i, ((x, w), text) in enumerate(zip(xs, cells, strict=True)):
            box = QRectF(x, y, w, self.row_h)
            p.fillRect(box, fill)
            p.setPen(QPen(QColor("#b0b0b0"), 0.15 * self.mm))
            p.drawRect(box)
            colour = ink
            if fill != HEADER_FILL and text[:1] in "↑↓":
                colour = GREEN if text.startswith("↑") else RED
            p.setPen(colour)
            align = AlignCentre if i >= NUMERIC_FROM or i == 0 else AlignLeft
            p.drawText(box.adjusted(pad, 0, -pad, 0), align | Qt.TextFlag.TextSingleLine, text)

    def _charts(self, p: QPainter) -> None:
        y = self._heading(p, f"趋势与各网格结案情况 · {self.doc.subtitle}")
        cw, ch = CHART_MM[0] * self.mm, CHART_MM[1] * self.mm
        gap = (self.w - 2 * cw) / 3
        top = y + max(0.0, (self.h - y - self.footer_h - ch) / 2)
        for i, image in enumerate(self.charts[:2]):
            box = QRectF(gap + i * (cw + gap), top, cw, ch)
            # Flate, not JPEG: flat colours and thin text compress smaller and stay sharp
            p.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
            p.drawImage(_fit(box, image.width(), image.height()), image)
            p.setRenderHint(QPainter.RenderHint.LosslessImageRendering, False)
            p.setPen(QPen(QColor("#d0d0d0"), 0.2 * self.mm))
            p.drawRect(box)

    def _standings(self, p: QPainter) -> None:
        y = self._heading(p, f"光荣榜与曝光台 · {self.doc.subtitle}")
        gap = 10 * self.mm
        cw = (self.w - gap) / 2
        boards = (
            ("光荣榜", "综合得分前三名", self.doc.honour, HONOUR_FILL),
            ("曝光台", "超期未办件数最多", self.doc.exposure, EXPOSURE_FILL),
        )
        for i, (name, note, lines, fill) in enumerate(boards):
            self._board(p, QRectF(i * (cw + gap), y + 4 * self.mm, cw, 0), name, note, lines, fill)

    def _board(
        self, p: QPainter, at: QRectF, name: str, note: str, lines: Sequence[Standing], fill: QColor
    ) -> None:
        head = _line_height(22, True) * 1.6
        p.fillRect(QRectF(at.x(), at.y(), at.width(), head), fill)
        p.setPen(QColor("white"))
        inner = QRectF(at.x() + 4 * self.mm, at.y(), at.width() - 8 * self.mm, head)
        self._text(p, inner, name, 22, True, AlignLeft, QColor("white"))
        self._text(p, inner, note, 11, False, AlignRight, QColor("white"))
        y = at.y() + head
        line_h = _line_height(15, True) + _line_height(12) + 5 * self.mm
        if not lines:
            self._text(
                p, QRectF(inner.x(), y, inner.width(), line_h), "（无）", 14, False, AlignLeft
            )
        for n, s in enumerate(lines, start=1):
            box = QRectF(at.x(), y, at.width(), line_h)
            p.fillRect(box, STRIPE if n % 2 == 0 else QColor("white"))
            self._text(
                p, QRectF(inner.x(), y, 14 * self.mm, line_h), str(n), 24, True, AlignLeft, fill
            )
            first = QRectF(inner.x() + 14 * self.mm, y + 2 * self.mm, inner.width(), line_h / 2)
            self._text(p, first, f"{s.grid}　网格长：{s.leader}", 15, True, AlignLeft)
            second = first.translated(0, line_h / 2 - 1 * self.mm)
            self._text(p, second, s.text, 12, False, AlignLeft, MUTED)
            y += line_h
        p.setPen(QPen(fill, 0.4 * self.mm))
        p.drawRect(QRectF(at.x(), at.y(), at.width(), y - at.y()))

    def _case(self, p: QPainter, s: Slide) -> None:
        mm, w = self.mm, self.w
        number_h = _line_height(26, True) * 1.3
        self._text(p, QRectF(0, 0, w * 0.6, number_h), s.case_no, 26, True, AlignLeft, HEADER_FILL)
        badge = f"{s.priority}　·　{s.state}"
        colour = RED if s.priority == "紧急" else INK
        self._text(p, QRectF(w * 0.6, 0, w * 0.4, number_h), badge, 16, True, AlignRight, colour)
        title_h = _line_height(18, True) * 1.4
        self._text(p, QRectF(0, number_h, w, title_h), s.title, 18, True, AlignLeft)
        y = number_h + title_h
        p.fillRect(QRectF(0, y, w, 0.6 * mm), HEADER_FILL)
        y += 3 * mm
        fields = [
            (label, value, {"late": RED, "on_time": GREEN}.get(tone, INK))
            for label, value, tone in s.fields()
        ]
        label_w = 36 * mm
        for label, value, ink in fields:
            box = QRectF(label_w, y, w - label_w, self.h)
            p.setFont(_font(16, ink is RED))
            height = QFontMetricsF(p.font()).boundingRect(box, WRAP, value).height()
            self._text(p, QRectF(0, y, label_w, height), f"{label}：", 16, True, WRAP, MUTED)
            p.setPen(ink)
            p.drawText(QRectF(label_w, y, w - label_w, height), WRAP, value)
            y += height + 2.5 * mm
        if self.photos is not None:
            self._photos(p, s, QRectF(0, y + 2 * mm, w, self.h - self.footer_h - y - 4 * mm))

    def _photos(self, p: QPainter, s: Slide, area: QRectF) -> None:
        shas = s.photos[:PHOTOS_PER_PAGE]
        if not shas:
            self._text(p, area, "（无现场照片）", 12, False, AlignCentre, MUTED)
            return
        gap = 5 * self.mm
        bw = (area.width() - gap * (PHOTOS_PER_PAGE - 1)) / PHOTOS_PER_PAGE
        for i, sha in enumerate(shas):
            box = QRectF(area.x() + i * (bw + gap), area.y(), bw, area.height())
            data = self.photos(sha) if self.photos else None
            image = QImage.fromData(data) if data else QImage()
            if image.isNull():
                box = _fit(box, 4, 3)  # where a photo of the usual shape would be
                p.fillRect(box, QColor("#f0f0f0"))
                self._text(p, box, "照片缺失", 16, False, AlignCentre, MUTED)
                continue
            p.drawImage(_fit(box, image.width(), image.height()), image)

    def _footer(self, p: QPainter, number: int, total: int) -> None:
        box = QRectF(0, self.h - self.footer_h, self.w, self.footer_h)
        bottom = Qt.AlignmentFlag.AlignBottom
        left = f"{self.doc.title} · {self.doc.subtitle}"
        self._text(p, box, left, 8, False, Qt.AlignmentFlag.AlignLeft | bottom, MUTED)
        page = f"第 {number + 1} 页 共 {total} 页"
        self._text(p, box, page, 8, False, Qt.AlignmentFlag.AlignRight | bottom, MUTED)

    @staticmethod
    def _text(
        p: QPainter,
        box: QRectF,
        text: str,
        points: float,
        bold: bool,
        align: Qt.AlignmentFlag | int,
        ink: QColor = INK,
    ) -> None:
        p.setFont(_font(points, bold))
        p.setPen(ink)
        p.drawText(box, int(align), text)


def _fit(box: QRectF, width: int, height: int) -> QRectF:
    """The largest rectangle of the image's aspect ratio inside `box`, centred."""
    scale = min(box.width() / max(1, width), box.height() / max(1, height))
    w, h = width * scale, height * scale
    return QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)


def chart_pixels(dpi: float) -> tuple[int, int, float]:
    """How to render each chart for the charts page: laid out at CHART_MM in pixels of `dpi`
    (width, height), drawn `scale` times finer to reach CHART_PRINT_DPI."""
    return (
        round(CHART_MM[0] / 25.4 * dpi),
        round(CHART_MM[1] / 25.4 * dpi),
        CHART_PRINT_DPI / dpi,
    )


def write_pdf(
    document: ReviewDocument,
    path: Path,
    charts: Sequence[QImage],
    photos: PhotoSource | None,
    made_on: date,
) -> int:
    """Writes the pack beside `path` and moves it into place (a failure leaves no half-written
    file). `photos` None: the case pages leave photos out. Returns the page count."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )

    def paint(writer: QPdfWriter) -> int:
        rect = writer.pageLayout().paintRectPixels(PDF_DPI)
        pager = ReviewPdfPainter(document, rect.width(), rect.height(), charts, photos, made_on)
        return paint_pages(writer, pager.paint)

    return write_pdf_file(path, document.title, layout, PDF_DPI, paint)
