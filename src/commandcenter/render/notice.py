"""Draws a supervision notice with QtGui on a PDF (QPdfWriter), in the look of a government
document (after GB/T 9704): A4 portrait; on the first page the issuing office in red, the serial
number and a red rule, then the bold title; the body in 3号 (16 pt) with two-character indents;
ruled tables in 五号 whose header row repeats on every page they run onto; the signature and
date at the right; the 版记 (抄送, 印发) between rules at the foot of the last page; page numbers
"— 1 —" under the text, odd pages at the right, even at the left. One font, WenQuanYi Micro Hei:
the PDF keeps its text as text.

Everything is laid out first as horizontal strips (a line of text, a table row) measured on the
device, then placed page by page: what is measured is what is drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from ..reports.notice import BODY, HEADING, PLAIN, NoticeDocument, Paragraph, Table, day_text
from .paged import paint_pages, write_pdf_file

FONT_FAMILY = "WenQuanYi Micro Hei"
RED = QColor("#d40000")
OFFICE_PT = 30.0  # the largest; shrinks until the office's name fits the width
SERIAL_PT = 16.0
TITLE_PT = 22.0  # 2号
BODY_PT = 16.0  # 3号
TABLE_PT = 10.5  # 五号
IMPRINT_PT = 14.0  # 4号
PAGE_NO_PT = 14.0
PITCH = 1.65  # body line pitch in font sizes: about 22 lines to the page, as GB/T 9704 has
MARGINS_MM = (30.0, 26.0, 14.0, 28.0)  # top right bottom left
FOOTER_MM = 16.0  # under the text, inside the margins: the page number
PDF_DPI = 300
LINE_SEPARATOR = "\u2028"  # QTextLayout breaks a line here (a cell's "\n")

Draw = Callable[[QPainter, float], None]  # paints a strip whose top is at y


@dataclass
class _Strip:
    height: float
    draw: Draw
    keep_with_next: bool = False  # a heading's line, a table's header: never last on a page
    header: _Strip | None = None  # a table row's header row, repeated on a new page
    keep: list[object] = field(default_factory=list)  # the layouts its lines belong to


def page_layout() -> QPageLayout:
    top, right, bottom, left = MARGINS_MM
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(left, top, right, bottom),
        QPageLayout.Unit.Millimeter,
    )


class NoticePainter:
    """Lays out `document` for `device` (its resolution, the paintable width and height), then
    paints page after page through `new_page`."""

    def __init__(self, document: NoticeDocument, device: QPaintDevice, width: float, height: float):
        self.doc = document
        self.device = device
        self.dpi = float(device.logicalDpiY())
        self.mm = device.logicalDpiX() / 25.4
        self.width = width
        self.height = height - FOOTER_MM * self.mm  # the text's height
        self.em = self._px(BODY_PT)  # a character of the body: the indent's unit
        self.masthead = self._masthead()
        self.imprint = self._imprint()
        strips = [*self._title(), *self._blocks(), self._signature()]
        self.pages = self._paginate(strips)

    def _px(self, points: float) -> float:
        return points * self.dpi / 72.0

    def _font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(1, round(self._px(points))))
        font.setBold(bold)
        return font

    # -- text --------------------------------------------------------------------------
    def _lines(
        self,
        text: str,
        font: QFont,
        width: float,
        *,
        indent: float = 0.0,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        pitch: float | None = None,
    ) -> tuple[QTextLayout, list[tuple[float, float]]]:
        """`text` broken into lines of `width` (the first indented): the layout, and each
        line's top and height; `pitch` spaces the lines (None: the font's own height)."""
        layout = QTextLayout(text.replace("\n", LINE_SEPARATOR), font, self.device)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        lines: list[tuple[float, float]] = []
        y = 0.0
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            first = not lines
            line.setLineWidth(width - (indent if first else 0.0))
            step = pitch if pitch is not None else line.height()
            line.setPosition(QPointF(indent if first else 0.0, y + (step - line.height()) / 2))
            lines.append((y, step))
            y += step
        layout.endLayout()
        return layout, lines

    def _text_strips(
        self,
        text: str,
        font: QFont,
        *,
        before: float = 0.0,
        keep: bool = False,
        indent: float = 0.0,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> list[_Strip]:
        """One strip a line at the body's pitch (a paragraph may break across pages between
        lines), `before` of space above the first."""
        layout, lines = self._lines(
            text, font, self.width, indent=indent, align=align, pitch=PITCH * self.em
        )
        strips = _line_strips(layout, lines, before=before, keep=keep)
        if len(strips) > 1:  # no line of a paragraph alone at a page's foot or head
            strips[0].keep_with_next = strips[-2].keep_with_next = True
        return strips

    # -- the first page's head ---------------------------------------------------------
    def _office_font(self) -> QFont:
        points = OFFICE_PT
        while True:
            font = self._font(points, bold=True)
            if QFontMetricsF(font, self.device).horizontalAdvance(self.doc.office) <= self.width:
                return font
            points -= 0.5

    def _masthead(self) -> tuple[float, Draw]:
        office = self._office_font()
        serial = self._font(SERIAL_PT)
        office_h = QFontMetricsF(office, self.device).height() * 1.3
        serial_h = QFontMetricsF(serial, self.device).height() * 1.8
        rule_at = office_h + serial_h
        height = rule_at + 6 * self.mm

        def draw(p: QPainter, y: float) -> None:
            p.setFont(office)
            p.setPen(RED)
            centre = Qt.AlignmentFlag.AlignCenter
            p.drawText(QRectF(0, y, self.width, office_h), centre, self.doc.office)
            p.setFont(serial)
            p.setPen(QColor("black"))
            p.drawText(QRectF(0, y + office_h, self.width, serial_h), centre, self.doc.serial)
            p.fillRect(QRectF(0, y + rule_at, self.width, 0.8 * self.mm), RED)

        return height, draw

    def _title(self) -> list[_Strip]:
        """The title centred, in the document's lines (each wrapped if it is too long); then
        the 主送 line."""
        font = self._font(TITLE_PT, bold=True)
        strips = []
        for text in self.doc.title_lines:
            centred = Qt.AlignmentFlag.AlignHCenter
            pitch = 1.45 * self._px(TITLE_PT)
            layout, lines = self._lines(text, font, self.width, align=centred, pitch=pitch)
            strips += _line_strips(layout, lines, keep=True)
        body = self._font(BODY_PT)
        to = self._text_strips(self.doc.recipients, body, before=0.6 * self.em)
        return strips + to

    # -- the body ----------------------------------------------------------------------
    def _blocks(self) -> list[_Strip]:
        strips: list[_Strip] = []
        for block in self.doc.blocks:
            if isinstance(block, Table):
                strips += self._table(block)
            else:
                strips += self._paragraph(block)
        return strips

    def _paragraph(self, block: Paragraph) -> list[_Strip]:
        heading = block.style not in (BODY, PLAIN)
        font = self._font(BODY_PT, bold=block.style == HEADING)
        align = Qt.AlignmentFlag.AlignLeft if heading else Qt.AlignmentFlag.AlignJustify
        return self._text_strips(
            block.text,
            font,
            before=0.2 * self.em if heading else 0.0,
            keep=heading,
            indent=0.0 if block.style == PLAIN else 2 * self.em,
            align=align,
        )

    def _column_widths(self, table: Table, font: QFont, pad: float) -> list[float]:
        """Fitted columns as wide as their widest line; the others share the rest by weight,
        none narrower than its header (a header stays on one line)."""
        metrics = QFontMetricsF(font, self.device)
        bold = QFontMetricsF(self._font(TABLE_PT, bold=True), self.device)
        columns = table.columns
        least = [bold.horizontalAdvance(c.name) + 2 * pad + 1 for c in columns]
        fixed: dict[int, float] = {}
        for i, c in enumerate(columns):
            if c.fit:
                lines = [line for row in table.rows for line in row[i].split("\n")]
                fixed[i] = max(
                    [least[i], *(metrics.horizontalAdvance(t) + 2 * pad + 1 for t in lines)]
                )
        while True:  # pin what falls under its header's width, share the rest again
            rest = self.width - sum(fixed.values())
            shares = sum(c.weight for i, c in enumerate(columns) if i not in fixed) or 1.0
            narrow = {
                i: least[i]
                for i, c in enumerate(columns)
                if i not in fixed and rest * c.weight / shares < least[i]
            }
            if not narrow:
                return [fixed.get(i, rest * c.weight / shares) for i, c in enumerate(columns)]
            fixed.update(narrow)

    def _table(self, table: Table) -> list[_Strip]:
        font, pad = self._font(TABLE_PT), 1.2 * self.mm
        widths = self._column_widths(table, font, pad)
        names = tuple(c.name for c in table.columns)
        centred = tuple(c.centred for c in table.columns)
        header = self._row(
            names, widths, self._font(TABLE_PT, bold=True), pad, (True,) * len(names)
        )
        header.keep_with_next = True
        rows = [self._row(cells, widths, font, pad, centred) for cells in table.rows]
        for row in rows:
            row.header = header
        gap = _Strip(0.4 * self.em, lambda p, y: None)
        return [header, *rows, gap]

    def _row(
        self,
        cells: tuple[str, ...],
        widths: list[float],
        font: QFont,
        pad: float,
        centred: tuple[bool, ...],
    ) -> _Strip:
        laid = []
        for text, width, centre in zip(cells, widths, centred, strict=True):
            align = Qt.AlignmentFlag.AlignHCenter if centre else Qt.AlignmentFlag.AlignLeft
            laid.append(self._lines(text, font, width - 2 * pad, align=align))
        height = max(sum(s for _, s in lines) for _, lines in laid) + 2 * pad
        pen = QPen(QColor("black"), max(1.0, 0.2 * self.mm))

        def draw(p: QPainter, y: float) -> None:
            p.setPen(pen)
            x = 0.0
            for (layout, lines), width in zip(laid, widths, strict=True):
                p.drawRect(QRectF(x, y, width, height))
                inner = sum(s for _, s in lines)
                layout.draw(p, QPointF(x + pad, y + (height - inner) / 2))
                x += width

        return _Strip(height, draw, keep=[lay for lay, _ in laid])

    def _signature(self) -> _Strip:
        """The office over the date, the date four characters in from the right, after two
        blank lines."""
        font = self._font(BODY_PT)
        metrics = QFontMetricsF(font, self.device)
        date = day_text(self.doc.day)
        line = PITCH * self.em
        date_right = self.width - 4 * self.em
        centre = date_right - metrics.horizontalAdvance(date) / 2
        office_w = metrics.horizontalAdvance(self.doc.office)
        office_left = min(centre - office_w / 2, self.width - office_w)

        def draw(p: QPainter, y: float) -> None:
            p.setFont(font)
            p.setPen(QColor("black"))
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            p.drawText(
                QRectF(office_left, y + 2 * line, office_w + 2, line), flags, self.doc.office
            )
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            p.drawText(QRectF(0, y + 3 * line, date_right, line), right, date)

        return _Strip(4 * line, draw)

    def _imprint_font(self) -> QFont:
        """4号, smaller if a line of the 版记 would not fit (it is never wrapped)."""
        printed = f"{self.doc.office}　　{day_text(self.doc.day)}印发"
        points = IMPRINT_PT
        while True:
            font = self._font(points)
            metrics = QFontMetricsF(font, self.device)
            widest = max(metrics.horizontalAdvance(t) for t in (self.doc.cc, printed))
            if points <= 8 or widest <= self.width - 2 * self._px(IMPRINT_PT):
                return font
            points -= 0.5

    def _imprint(self) -> tuple[float, Draw]:
        """The 版记 at the foot of the last page: 抄送 and 印发 between rules."""
        font = self._imprint_font()
        line = QFontMetricsF(font, self.device).height() * 1.6
        thick, thin = max(1.0, 0.35 * self.mm), max(1.0, 0.25 * self.mm)

        def draw(p: QPainter, y: float) -> None:
            p.setFont(font)
            p.setPen(QColor("black"))
            flags = Qt.AlignmentFlag.AlignVCenter
            inset = self._px(IMPRINT_PT)
            p.fillRect(QRectF(0, y, self.width, thick), QColor("black"))
            p.drawText(QRectF(inset, y, self.width - 2 * inset, line), flags, self.doc.cc)
            p.fillRect(QRectF(0, y + line, self.width, thin), QColor("black"))
            box = QRectF(inset, y + line, self.width - 2 * inset, line)
            p.drawText(box, flags | Qt.AlignmentFlag.AlignLeft, self.doc.office)
            p.drawText(box, flags | Qt.AlignmentFlag.AlignRight, f"{day_text(self.doc.day)}印发")
            p.fillRect(QRectF(0, y + 2 * line - thick, self.width, thick), QColor("black"))

        return 2 * line, draw

    # -- pages -------------------------------------------------------------------------
    def _chain(self, strips: list[_Strip], i: int) -> float:
        """The height that must stay together from strip i: it and what it keeps with."""
        height = strips[i].height
        while strips[i].keep_with_next and i + 1 < len(strips):
            i += 1
            height += strips[i].height
        return height

    def _paginate(self, strips: list[_Strip]) -> list[list[_Strip]]:
        pages: list[list[_Strip]] = [[]]
        room = self.height - self.masthead[0]
        for i, strip in enumerate(strips):
            if self._chain(strips, i) > room and pages[-1]:
                pages.append([])
                room = self.height
                if strip.header is not None:  # a table runs on: its header again
                    pages[-1].append(strip.header)
                    room -= strip.header.height
            pages[-1].append(strip)
            room -= strip.height
        if room < self.imprint[0] + self.em:
            pages.append([])  # the 版记 on a page of its own
        return pages

    def paint(self, new_page: Callable[[int], QPainter]) -> int:
        """Every page: `new_page(n)` gives the painter for page n (0-based), its origin at the
        paintable area's top left. Returns the page count."""
        for number, strips in enumerate(self.pages):
            painter = new_page(number)
            y = 0.0
            if number == 0:
                self.masthead[1](painter, y)
                y = self.masthead[0]
            for strip in strips:
                strip.draw(painter, y)
                y += strip.height
            if number == len(self.pages) - 1:
                self.imprint[1](painter, self.height - self.imprint[0])
            self._page_number(painter, number)
        return len(self.pages)

    def _page_number(self, painter: QPainter, number: int) -> None:
        painter.setFont(self._font(PAGE_NO_PT))
        painter.setPen(QColor("black"))
        side = Qt.AlignmentFlag.AlignRight if number % 2 == 0 else Qt.AlignmentFlag.AlignLeft
        inset = self._px(PAGE_NO_PT)
        box = QRectF(inset, self.height + 4 * self.mm, self.width - 2 * inset, 8 * self.mm)
        painter.drawText(box, side | Qt.AlignmentFlag.AlignVCenter, f"— {number + 1} —")


def _line_strips(
    layout: QTextLayout, lines: list[tuple[float, float]], *, before: float = 0.0, keep: bool
) -> list[_Strip]:
    """A strip for each line of `layout` (`lines`: their tops and heights), `before` of space
    above the first; each keeps the layout alive, which its line belongs to."""
    strips = []
    for i, (top, step) in enumerate(lines):
        lead = before if i == 0 else 0.0
        line = layout.lineAt(i)

        def draw(p: QPainter, y: float, line: QTextLine = line, shift: float = lead - top) -> None:
            p.setPen(QColor("black"))
            line.draw(p, QPointF(0, y + shift))

        strips.append(_Strip(step + lead, draw, keep, keep=[layout]))
    return strips


def write_pdf(document: NoticeDocument, path: Path) -> int:
    """The notice as a PDF, written beside the target and moved into place (a failure leaves
    no half-written file). Returns the page count."""
    return write_pdf_file(
        path, document.title, page_layout(), PDF_DPI, lambda writer: _paint_pdf(document, writer)
    )


def _paint_pdf(document: NoticeDocument, writer: QPdfWriter) -> int:
    rect = writer.pageLayout().paintRectPixels(writer.logicalDpiX())
    return paint_pages(writer, NoticePainter(document, writer, rect.width(), rect.height()).paint)
