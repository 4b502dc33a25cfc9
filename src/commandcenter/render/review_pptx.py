"""The review meeting's pack as a 16:9 PowerPoint deck (python-pptx): a title slide; the level-2
grids' table as a real table (ranked, the 合计 row last, continued on further slides with the
header again if the street has many grids); the two charts as pictures; 光荣榜 beside 曝光台;
then one slide per case with its number, fields and up to three photos.

Every run names "WenQuanYi Micro Hei" as its latin AND its East-Asian typeface: PowerPoint and
LibreOffice pick the font of Chinese characters from `a:ea`, which python-pptx has no API for,
so `_run`, which makes every run of the deck, writes it into the run's properties."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from copy import deepcopy
from datetime import date
from functools import lru_cache
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.parts.image import Image
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Inches, Length, Pt
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from ..reports.review import GridLine, ReviewDocument, Slide, Standing

FONT_FAMILY = "WenQuanYi Micro Hei"
WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 in x 7.5 in, exactly 16:9
CHART_IN = (12.3, 5.8)  # each chart's picture on its slide
# the charts' pixels an inch of slide: sharp on a 4K projector or printed, PNGs of ~100 kB
CHART_SLIDE_DPI = 250
ROWS_PER_TABLE = 16  # grid rows on one table slide (with the header and the 合计 row)
PHOTOS_PER_SLIDE = 3
BLANK_LAYOUT = 6

PhotoSource = Callable[[str], bytes | None]

INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x66, 0x66, 0x66)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
RED = RGBColor(0xC6, 0x28, 0x28)
GREEN = RGBColor(0x2E, 0x7D, 0x32)
BLUE = RGBColor(0x1F, 0x4E, 0x8C)
TOTAL_FILL = RGBColor(0xE8, 0xE8, 0xE8)
STRIPE = RGBColor(0xF4, 0xF7, 0xFB)
MISSING_FILL = RGBColor(0xF0, 0xF0, 0xF0)
HONOUR_FILL = RGBColor(0xB7, 0x1C, 0x1C)
EXPOSURE_FILL = RGBColor(0x37, 0x47, 0x4F)
COLUMN_WEIGHTS = (0.6, 1.7, 1.0, 0.7, 0.7, 0.7, 1.0, 1.0, 1.15, 1.0, 0.9, 0.6, 0.7)
NUMERIC_FROM = 3


@lru_cache(maxsize=64)
def _rpr(size: float, bold: bool, colour: str) -> BaseOxmlElement:
    """A run's properties: size, weight, colour and the latin AND East-Asian typefaces, in the
    schema's order (solidFill, latin, ea). Made once per style and copied into each run:
    python-pptx's font setters cost milliseconds a run, which a 100-case deck feels."""
    return parse_xml(
        f'<a:rPr {nsdecls("a")} lang="zh-CN" sz="{round(size * 100)}" b="{int(bold)}">'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f'<a:latin typeface="{FONT_FAMILY}"/><a:ea typeface="{FONT_FAMILY}"/></a:rPr>'
    )


def _run(
    paragraph: _Paragraph, text: str, size: float, bold: bool = False, colour: RGBColor = INK
) -> None:
    """Every run of the deck is made here, so every one names the East-Asian typeface."""
    r = paragraph._p.add_r(text)
    r.insert(0, deepcopy(_rpr(size, bold, str(colour))))


def _frame(frame: TextFrame, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> TextFrame:
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    return frame


def _text(
    slide: PptxSlide,
    box: tuple[Length, Length, Length, Length],
    text: str,
    size: float,
    bold: bool = False,
    colour: RGBColor = INK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> TextFrame:
    frame = _frame(slide.shapes.add_textbox(*box).text_frame, anchor)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    _run(paragraph, text, size, bold, colour)
    return frame


def _band(slide: PptxSlide, box: tuple[Length, ...], fill: RGBColor) -> Shape:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box)
    shape.fill.solid()
    shape.fill.fore_color.rgb = fill
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it takes str
    buffer.close()
    return bytes(data.data())


def chart_pixels(dpi: float) -> tuple[int, int, float]:
    """How to render each chart for its slide: laid out at CHART_IN in pixels of `dpi` (width,
    height), drawn `scale` times finer to reach CHART_SLIDE_DPI."""
    return round(CHART_IN[0] * dpi), round(CHART_IN[1] * dpi), CHART_SLIDE_DPI / dpi


class ReviewDeck:
    """Builds the deck slide by slide; `save` writes it."""

    def __init__(self, document: ReviewDocument, photos: PhotoSource | None, made_on: date):
        self.doc = document
        self.photos = photos
        self.made_on = made_on
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        ranked: list[GridLine | None] = [*document.ranked(), None]  # None: the 合计 row
        self.tables = [
            ranked[i : i + ROWS_PER_TABLE + 1] for i in range(0, len(ranked), ROWS_PER_TABLE + 1)
        ]
        self.summary = 1 + len(self.tables) + 2 + 1
        self.total = self.summary + len(document.slides)

    def _slide(self) -> PptxSlide:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK_LAYOUT])
        number = len(self.prs.slides)
        if number > 1:
            box = (Inches(7.0), Inches(7.05), Inches(6.0), Inches(0.35))
            footer = f"{self.doc.subtitle}　{number} / {self.total}"
            _text(slide, box, footer, 10, colour=MUTED, align=PP_ALIGN.RIGHT)
        return slide

    def _heading(self, text: str) -> PptxSlide:
        slide = self._slide()
        _text(slide, (Inches(0.4), Inches(0.25), Inches(12.5), Inches(0.7)), text, 26, True, BLUE)
        _band(slide, (Inches(0.4), Inches(0.95), Inches(12.5), Emu(Pt(2.5))), BLUE)
        return slide

    def build(self, charts: Sequence[QImage]) -> None:
        self._cover()
        for i, rows in enumerate(self.tables):
            self._table(rows, i)
        titles = ("近12周新增与办结", "各网格" + "、".join(self.doc.rate_names))
        for title, image in zip(titles, charts, strict=False):
            slide = self._heading(f"{title} · {self.doc.subtitle}")
            picture = io.BytesIO(_png(image))
            slide.shapes.add_picture(picture, Inches(0.5), Inches(1.15), Inches(CHART_IN[0]))
        self._standings()
        for s in self.doc.slides:
            self._case(s)

    def _cover(self) -> None:
        doc, slide = self.doc, self._slide()
        _band(slide, (Emu(0), Inches(2.0), WIDTH, Inches(2.2)), BLUE)
        box = (Inches(0.5), Inches(2.15), Inches(12.3), Inches(1.1))
        _text(slide, box, doc.title, 40, True, WHITE, PP_ALIGN.CENTER, MSO_ANCHOR.MIDDLE)
        box = (Inches(0.5), Inches(3.25), Inches(12.3), Inches(0.8))
        _text(slide, box, doc.subtitle, 24, False, WHITE, PP_ALIGN.CENTER, MSO_ANCHOR.MIDDLE)
        made = f"{self.made_on.year}年{self.made_on.month}月{self.made_on.day}日"
        frame = _text(
            slide,
            (Inches(0.5), Inches(4.8), Inches(12.3), Inches(1.8)),
            doc.street,
            20,
            True,
            align=PP_ALIGN.CENTER,
        )
        for line in (f"数据截至：{doc.asof:%Y-%m-%d %H:%M}", f"制表日期：{made}"):
            paragraph = frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            _run(paragraph, line, 16, colour=MUTED)

    def _table(self, rows: list[GridLine | None], index: int) -> None:
        more = "（续）" if index else ""
        slide = self._heading(f"各网格考核排名 · {self.doc.subtitle}{more}")
        height = Emu(min(Inches(0.36) * (len(rows) + 1), Inches(5.8)))
        shape = slide.shapes.add_table(
            len(rows) + 1, len(self.doc.headers), Inches(0.4), Inches(1.15), Inches(12.5), height
        )
        table = shape.table
        total_weight = sum(COLUMN_WEIGHTS)
        for i, weight in enumerate(COLUMN_WEIGHTS):
            table.columns[i].width = Emu(round(Inches(12.5) * weight / total_weight))
        for row in table.rows:
            row.height = Emu(round(height / (len(rows) + 1)))
        self._table_row(table.rows[0].cells, self.doc.headers, BLUE, WHITE, True)
        for n, line in enumerate(rows, start=1):
            cells = table.rows[n].cells
            if line is None:
                self._table_row(cells, self.doc.total, TOTAL_FILL, INK, True)
            else:
                self._table_row(cells, line.cells, STRIPE if n % 2 == 0 else WHITE, INK, False)

    @staticmethod
    def _table_row(
        cells: Sequence[object], texts: Sequence[str], fill: RGBColor, ink: RGBColor, bold: bool
    ) -> None:
        for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            cell.fill.solid()  # type: ignore[attr-defined]
            cell.fill.fore_color.rgb = fill  # type: ignore[attr-defined]
            cell.margin_left = cell.margin_right = Inches(0.05)  # type: ignore[attr-defined]
            cell.margin_top = cell.margin_bottom = Inches(0.02)  # type: ignore[attr-defined]
            frame = _frame(cell.text_frame, MSO_ANCHOR.MIDDLE)  # type: ignore[attr-defined]
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER if i >= NUMERIC_FROM or i == 0 else PP_ALIGN.LEFT
            colour = ink
            if fill != BLUE and text[:1] in ("↑", "↓"):
                colour = GREEN if text.startswith("↑") else RED
            _run(paragraph, text, 12, bold, colour)

    def _standings(self) -> None:
        slide = self._heading(f"光荣榜与曝光台 · {self.doc.subtitle}")
        boards = (
            ("光荣榜", "综合得分前三名", self.doc.honour, HONOUR_FILL),
            ("曝光台", "超期未办件数最多", self.doc.exposure, EXPOSURE_FILL),
        )
        for i, (name, note, lines, fill) in enumerate(boards):
            self._board(slide, Inches(0.4 + i * 6.4), name, note, lines, fill)

    def _board(
        self,
        slide: PptxSlide,
        x: Length,
        name: str,
        note: str,
        lines: Sequence[Standing],
        fill: RGBColor,
    ) -> None:
        width = Inches(6.1)
        head = _band(slide, (x, Inches(1.3), width, Inches(0.8)), fill)
        frame = _frame(head.text_frame, MSO_ANCHOR.MIDDLE)
        _run(frame.paragraphs[0], name, 28, True, WHITE)
        _run(frame.paragraphs[0], f"　{note}", 14, False, WHITE)
        box = (x, Inches(2.2), width, Inches(4.7))
        frame = _frame(slide.shapes.add_textbox(*box).text_frame)
        if not lines:
            _run(frame.paragraphs[0], "（无）", 18, colour=MUTED)
        for n, s in enumerate(lines, start=1):
            first = frame.paragraphs[0] if n == 1 else frame.add_paragraph()
            first.space_before = Pt(0 if n == 1 else 10)
            _run(first, f"{n}  ", 24, True, fill)
            _run(first, s.grid, 20, True)
            _run(first, f"　网格长：{s.leader}", 16)
            second = frame.add_paragraph()
            _run(second, f"     {s.text}", 15, colour=MUTED)

    def _case(self, s: Slide) -> None:
        slide = self._slide()
        _band(slide, (Emu(0), Emu(0), WIDTH, Inches(1.05)), BLUE)
        box = (Inches(0.4), Inches(0.1), Inches(8.0), Inches(0.85))
        _text(slide, box, s.case_no, 32, True, WHITE, anchor=MSO_ANCHOR.MIDDLE)
        box = (Inches(8.4), Inches(0.1), Inches(4.5), Inches(0.85))
        badge = f"{s.priority} · {s.state}"
        _text(slide, box, badge, 20, True, WHITE, PP_ALIGN.RIGHT, MSO_ANCHOR.MIDDLE)
        box = (Inches(0.4), Inches(1.2), Inches(12.5), Inches(0.7))
        _text(slide, box, s.title, 26, True, BLUE)
        text_width = 6.9 if self.photos is not None else 12.5
        frame = _frame(
            slide.shapes.add_textbox(
                Inches(0.4), Inches(2.0), Inches(text_width), Inches(4.9)
            ).text_frame
        )
        fields = [
            (label, value, {"late": RED, "on_time": GREEN}.get(tone, INK))
            for label, value, tone in s.fields()
        ]
        for n, (label, value, colour) in enumerate(fields):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(8)
            _run(paragraph, f"{label}：", 16, True, MUTED)
            _run(paragraph, value, 18, colour is RED, colour)
        if self.photos is not None:
            self._photos(slide, s, (7.6, 2.0, 5.3, 4.9))

    def _photos(self, slide: PptxSlide, s: Slide, area: tuple[float, float, float, float]) -> None:
        x, y, w, h = area
        shas = s.photos[:PHOTOS_PER_SLIDE]
        if not shas:
            _text(
                slide,
                _inches(x, y, w, h),
                "（无现场照片）",
                16,
                False,
                MUTED,
                PP_ALIGN.CENTER,
                MSO_ANCHOR.MIDDLE,
            )
            return
        for sha, box in zip(shas, _photo_boxes(len(shas), x, y, w, h), strict=True):
            data = self.photos(sha) if self.photos else None
            size = _image_size(data)
            if data is None or size is None:
                shape = _band(slide, _inches(*box), MISSING_FILL)
                frame = _frame(shape.text_frame, MSO_ANCHOR.MIDDLE)
                frame.paragraphs[0].alignment = PP_ALIGN.CENTER
                _run(frame.paragraphs[0], "照片缺失", 16, colour=MUTED)
                continue
            bx, by, bw, bh = box
            scale = min(bw / size[0], bh / size[1])
            pw, ph = size[0] * scale, size[1] * scale
            slide.shapes.add_picture(
                io.BytesIO(data),
                Inches(bx + (bw - pw) / 2),
                Inches(by + (bh - ph) / 2),
                Inches(pw),
                Inches(ph),
            )

    def save(self, path: Path) -> None:
        self.prs.save(str(path))


def _inches(x: float, y: float, w: float, h: float) -> tuple[Length, Length, Length, Length]:
    return Inches(x), Inches(y), Inches(w), Inches(h)


def _photo_boxes(
    n: int, x: float, y: float, w: float, h: float
) -> list[tuple[float, float, float, float]]:
    """One photo fills the area; two share it top and bottom; three: one on top, two below."""
    gap = 0.15
    if n == 1:
        return [(x, y, w, h)]
    half = (h - gap) / 2
    if n == 2:
        return [(x, y, w, half), (x, y + half + gap, w, half)]
    side = (w - gap) / 2
    return [
        (x, y, w, half),
        (x, y + half + gap, side, half),
        (x + side + gap, y + half + gap, side, half),
    ]


def _image_size(data: bytes | None) -> tuple[int, int] | None:
    """Pixel size of JPEG/PNG bytes, None when they are not a picture PowerPoint can show."""
    if not data:
        return None
    try:
        width, height = Image.from_blob(data).size
    except (OSError, ValueError, SyntaxError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def write_pptx(
    document: ReviewDocument,
    path: Path,
    charts: Sequence[QImage],
    photos: PhotoSource | None,
    made_on: date,
) -> int:
    """Writes the deck beside `path` and moves it into place. Returns the slide count."""
    deck = ReviewDeck(document, photos, made_on)
    deck.build(charts)
    partial = path.with_name(f".{path.name}.partial")
    try:
        deck.save(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return len(deck.prs.slides)
