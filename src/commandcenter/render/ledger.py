"""Draws a ledger document with QtGui on any paged device: a PDF (QPdfWriter), a printer or the
print preview (QPrinter), PNG pages (QImage). A4 landscape; the title on the first page (a short
one on the others); the column header on every page, on one line (its font shrinks until every
header fits its column); cells wrap inside their column (at word boundaries, or anywhere for
Chinese and long numbers); ruled cells; 第 X 页 共 Y 页 under every page; the signature lines
after the last row (on a page of their own if the last has no room).

The layout is measured on the device it is drawn on, in that device's pixels, with fonts in
points: what is measured is what is drawn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)

from ..domain.clock import office_now
from ..reports.ledger import LedgerDocument, PageSetup
from .paged import paint_pages, write_pdf_file

FONT_FAMILY = "WenQuanYi Micro Hei"
TITLE_PT = 15.0
SUBTITLE_PT = 9.0
HEADER_PT = 9.5
MIN_HEADER_PT = 5.0
BODY_PT = 8.0
FOOTER_PT = 8.0
SIGNATURE_PT = 10.0
PDF_DPI = 300


def page_layout(setup: PageSetup) -> QPageLayout:
    size = QPageSize(QPageSize.PageSizeId.A4 if setup.paper == "A4" else QPageSize.PageSizeId.A3)
    orientation = (
        QPageLayout.Orientation.Landscape if setup.landscape else QPageLayout.Orientation.Portrait
    )
    top, right, bottom, left = setup.margins_mm
    return QPageLayout(
        size, orientation, QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter
    )


def _font(points: float, bold: bool = False, dpi: float = 72.0) -> QFont:
    """In pixels of the layout's device: the same size whatever device (or scaled painter) it
    is drawn on."""
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(1, round(points * dpi / 72.0)))
    font.setBold(bold)
    return font


@dataclass
class _Text:
    """Laid-out text of a given width: measured once, drawn as measured."""

    layout: QTextLayout
    height: float

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        self.layout.draw(painter, QPointF(x, y))


def _lay_out(
    text: str, font: QFont, width: float, device: QPaintDevice, centred: bool = False
) -> _Text:
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setAlignment(Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    height = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return _Text(layout, height)


@dataclass
class _Geometry:
    width: float  # the paintable area, in device pixels
    height: float
    mm: float  # device pixels in a millimetre
    columns: list[tuple[float, float]]  # x, width
    header_font: QFont
    body_font: QFont
    pad: float
    header_height: float
    title_height: float
    continued_height: float
    footer_height: float
    signature_height: float


class LedgerPainter:
    """Lays out `document` for `device` (its resolution and paintable size), then paints page
    after page through `new_page`."""

    def __init__(self, document: LedgerDocument, device: QPaintDevice, width: float, height: float):
        self.doc = document
        self.device = device
        self.dpi = float(device.logicalDpiY())
        mm = device.logicalDpiX() / 25.4
        self.g = self._geometry(width, height, mm)
        self._rows = [self._lay_out_row(r) for r in range(len(document.rows))]
        self.pages = self._paginate()

    def _f(self, points: float, bold: bool = False) -> QFont:
        return _font(points, bold, self.dpi)

    # -- layout ------------------------------------------------------------------------
    def _geometry(self, width: float, height: float, mm: float) -> _Geometry:
        doc, device = self.doc, self.device
        total = sum(c.weight for c in doc.columns)
        columns, x = [], 0.0
        for c in doc.columns:
            w = width * c.weight / total
            columns.append((x, w))
            x += w
        pad = 0.8 * mm
        header_font = self._header_font(columns, pad)
        header_metrics = QFontMetricsF(header_font, device)
        title_height = QFontMetricsF(self._f(TITLE_PT, True), device).height() * 1.6
        subtitle_height = QFontMetricsF(self._f(SUBTITLE_PT), device).height() * 1.5
        return _Geometry(
            width=width,
            height=height,
            mm=mm,
            columns=columns,
            header_font=header_font,
            body_font=self._f(BODY_PT),
            pad=pad,
            header_height=header_metrics.height() + 2.5 * pad,
            title_height=title_height + subtitle_height,
            continued_height=subtitle_height,
            footer_height=QFontMetricsF(self._f(FOOTER_PT), device).height() * 1.8,
            signature_height=QFontMetricsF(self._f(SIGNATURE_PT), device).height() * 4,
        )

    def _header_font(self, columns: list[tuple[float, float]], pad: float) -> QFont:
        """The largest size (down to MIN_HEADER_PT) at which every header fits on one line."""
        points = HEADER_PT
        while True:
            font = self._f(points, True)
            metrics = QFontMetricsF(font, self.device)
            if points <= MIN_HEADER_PT or all(
                metrics.horizontalAdvance(name) <= w - 2 * pad
                for name, (_x, w) in zip(self.doc.headers, columns, strict=True)
            ):
                return font
            points -= 0.25

    def _lay_out_row(self, index: int) -> tuple[list[_Text], float]:
        g, row = self.g, self.doc.rows[index]
        texts = [
            _lay_out(row.text(i), g.body_font, w - 2 * g.pad, self.device, c.centred)
            for i, ((_x, w), c) in enumerate(zip(g.columns, self.doc.columns, strict=True))
        ]
        return texts, max(t.height for t in texts) + 2 * g.pad

    def _paginate(self) -> list[list[int]]:
        """Row indexes per page; a last entry (maybe empty) holds the signature block's page."""
        g = self.g
        pages: list[list[int]] = [[]]
        room = g.height - g.footer_height - g.title_height - g.header_height
        for i, (_texts, h) in enumerate(self._rows):
            if h > room and pages[-1]:
                pages.append([])
                room = g.height - g.footer_height - g.continued_height - g.header_height
            pages[-1].append(i)
            room -= h
        if room < g.signature_height:
            pages.append([])  # the signatures on a page of their own
        return pages

    # -- painting ----------------------------------------------------------------------
    def paint(self, new_page: Callable[[int], QPainter]) -> int:
        """Paints every page: `new_page(n)` gives the painter for page n (0-based), its origin
        at the paintable area's top left. Returns the page count."""
        total = len(self.pages)
        for number, rows in enumerate(self.pages):
            painter = new_page(number)
            y = self._paint_title(painter, number)
            if rows or number == 0:
                y = self._paint_header(painter, y)
            for index in rows:
                y = self._paint_row(painter, index, y)
            if number == total - 1:
                self._paint_signatures(painter, y)
            self._paint_footer(painter, number, total)
        return total

    def _paint_title(self, painter: QPainter, number: int) -> float:
        g = self.g
        if number == 0:
            painter.setFont(self._f(TITLE_PT, True))
            title_h = QFontMetricsF(painter.font(), self.device).height() * 1.6
            painter.drawText(
                QRectF(0, 0, g.width, title_h), Qt.AlignmentFlag.AlignCenter, self.doc.title
            )
            painter.setFont(self._f(SUBTITLE_PT))
            line = QRectF(0, title_h, g.width, g.title_height - title_h)
            left = f"填报单位：{self.doc.unit}" if self.doc.unit else ""
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
            painter.drawText(
                line,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"共 {len(self.doc.rows)} 件　制表日期：{_day(self.doc.made_on)}",
            )
            return g.title_height
        painter.setFont(self._f(SUBTITLE_PT))
        painter.drawText(
            QRectF(0, 0, g.width, g.continued_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{self.doc.title}（续）",
        )
        return g.continued_height

    def _paint_header(self, painter: QPainter, y: float) -> float:
        g = self.g
        painter.setFont(g.header_font)
        painter.setPen(QPen(QColor("black"), max(1.0, 0.2 * g.mm)))
        for name, (x, w) in zip(self.doc.headers, g.columns, strict=True):
            cell = QRectF(x, y, w, g.header_height)
            painter.fillRect(cell, QColor("#e8e8e8"))
            painter.drawRect(cell)
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine, name)
        return y + g.header_height

    def _paint_row(self, painter: QPainter, index: int, y: float) -> float:
        g = self.g
        texts, h = self._rows[index]
        painter.setPen(QPen(QColor("black"), max(1.0, 0.12 * g.mm)))
        for text, (x, w) in zip(texts, g.columns, strict=True):
            painter.drawRect(QRectF(x, y, w, h))
            text.draw(painter, x + g.pad, y + g.pad)
        return y + h

    def _paint_signatures(self, painter: QPainter, y: float) -> None:
        g = self.g
        painter.setFont(self._f(SIGNATURE_PT))
        top = y + g.signature_height * 0.35
        part = g.width / len(self.doc.signatures)
        for i, label in enumerate(self.doc.signatures):
            blank = "______年____月____日" if label == "日期" else "________________"
            painter.drawText(
                QRectF(i * part, top, part, g.signature_height * 0.5),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{label}（签字）：{blank}" if label != "日期" else f"{label}：{blank}",
            )

    def _paint_footer(self, painter: QPainter, number: int, total: int) -> None:
        g = self.g
        painter.setFont(self._f(FOOTER_PT))
        painter.drawText(
            QRectF(0, g.height - g.footer_height, g.width, g.footer_height),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            f"第 {number + 1} 页 共 {total} 页",
        )


def _day(made_on: date | None) -> str:
    day = made_on or office_now().date()  # the office's day, not this machine's
    return f"{day.year}年{day.month}月{day.day}日"


def paint_on(document: LedgerDocument, device: QPagedPaintDevice) -> int:
    """Every page onto a paged device (a QPdfWriter, or a QPrinter: the printer or the print
    preview's); its page layout is set here. Returns the page count."""
    device.setPageLayout(page_layout(document.page))
    rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    return paint_pages(device, LedgerPainter(document, device, rect.width(), rect.height()).paint)


def write_pdf(document: LedgerDocument, path: Path) -> int:
    """The ledger as a PDF (text kept as text: searchable, copyable). Written beside the target
    and moved into place, so a failure leaves no half-written file. Returns the page count."""
    layout = page_layout(document.page)
    return write_pdf_file(
        path, document.title, layout, PDF_DPI, lambda writer: paint_on(document, writer)
    )


def page_images(document: LedgerDocument, dpi: int = 110) -> Iterator[QImage]:
    """The pages as white images at `dpi` (for looking at, and the PNG export): laid out as
    the PDF is (at its resolution), so the pages break where the PDF's do, and drawn scaled."""
    layout = page_layout(document.page)
    full = layout.fullRectPixels(dpi)
    paint = layout.paintRectPixels(dpi)
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(round(PDF_DPI / 0.0254))
    probe.setDotsPerMeterY(round(PDF_DPI / 0.0254))
    at_pdf = layout.paintRectPixels(PDF_DPI)
    pager = LedgerPainter(document, probe, at_pdf.width(), at_pdf.height())
    images: list[QImage] = []
    painter = QPainter()

    def new_page(number: int) -> QPainter:
        if painter.isActive():
            painter.end()
        image = QImage(QSizeF(full.size()).toSize(), QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        image.fill(QColor("white"))
        images.append(image)
        painter.begin(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.translate(paint.x(), paint.y())
        painter.scale(dpi / PDF_DPI, dpi / PDF_DPI)
        return painter

    try:
        pager.paint(new_page)
    finally:
        if painter.isActive():
            painter.end()
    yield from images


def write_pngs(document: LedgerDocument, stem: Path, dpi: int = 110) -> list[Path]:
    """`stem`-1.png, `stem`-2.png, …"""
    out = []
    for n, image in enumerate(page_images(document, dpi), start=1):
        path = stem.with_name(f"{stem.name}-{n}.png")
        if not image.save(str(path)):  # the format from the suffix
            raise OSError(f"cannot write {path}")
        out.append(path)
    return out
