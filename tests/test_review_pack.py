"""[10/10] The review meeting's pack: the PPTX opens with python-pptx and holds the summary
slides (title, the table as a real table, the two charts, 光荣榜/曝光台) and one slide per
selected case with its photos embedded, every run naming the East-Asian font; the PDF's text
(pdftotext) holds every level-2 grid, every case number, 光荣榜 and 曝光台, on A4 landscape pages
(pdfinfo) numbering the summary pages plus one per case; in both the charts are pictures of
print resolution (some 250 dpi and more over their placed size); the errors a user can fix exit
2 with one line and leave no file behind."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
import sqlite3
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from commandcenter import defaults
from commandcenter.cli import main
from commandcenter.domain.periods import week_period
from commandcenter.features.review_pack import build_review, write_pack
from commandcenter.reports.review import ReviewDocument
from commandcenter.store.database import open_readonly

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is a system package"
)
WEEK = "2026-W47"
NOW = "2026-11-20T17:00"
FONT = "WenQuanYi Micro Hei"
PDF_SUMMARY = 4  # cover, table, charts, 光荣榜/曝光台
PPTX_SUMMARY = 5  # title, table, two charts, 光荣榜/曝光台
MISSING = "ab" * 32  # a photo the blob store does not hold
EMU_PER_INCH = Inches(1)
PRINT_DPI = 250  # the least pixels an inch a chart may have on paper or slide, not to blur


def _document(db: Path) -> ReviewDocument:
    store = open_readonly(db)
    try:
        return build_review(
            store.engine,
            week_period(WEEK),
            defaults.scoring_weights(),
            datetime.fromisoformat(NOW),
        )
    finally:
        store.dispose()


def _grid_names(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name FROM grids WHERE level = 2 AND is_current").fetchall()
    assert len(rows) >= 10
    return [name for (name,) in rows]


def _with_photos(db: Path) -> Path:
    """Photos on two of the meeting's cases: the seeded street's open overdue cases rarely
    have any. The first gets two photos of the blob store and one it does not hold."""
    stored = sorted(p.name for p in (db.parent / "blobs").glob("*/*"))
    assert len(stored) >= 3, "the seeded street has no photos in its blob store"
    chosen = _document(db).slides[:2]
    assert len(chosen) == 2
    with sqlite3.connect(db) as conn:
        for slide, shas in zip(chosen, ([stored[0], stored[1], MISSING], [stored[2]]), strict=True):
            (event,) = conn.execute(
                "SELECT min(id) FROM case_events WHERE case_id = ?", (slide.case_id,)
            ).fetchone()
            conn.executemany(
                "INSERT OR IGNORE INTO attachments (sha256, event_id, mime, size)"
                " VALUES (?, ?, 'image/png', 1)",
                [(sha, event) for sha in shas],
            )
    return db


def _review(db: Path, out: Path, *extra: str) -> int:
    return main(
        ["review", "--db", str(db), "--week", WEEK, "--now", NOW, "--out", str(out), *extra]
    )


def _slide_text(slide: object) -> str:
    parts = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
    return "\n".join(parts)


def test_pptx_pack_holds_the_table_the_charts_and_one_slide_per_case(
    qapp: object, street_db: Path, tmp_path: Path
) -> None:
    db = _with_photos(street_db)
    document = _document(db)
    photographed = [s for s in document.slides if s.photos]
    assert photographed, "no case of the meeting has photos: the test would prove nothing"
    out = tmp_path / "pack.pptx"

    assert _review(db, out) == 0

    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert len(slides) == PPTX_SUMMARY + len(document.slides)
    assert deck.slide_width * 9 == deck.slide_height * 16
    # the table: every level-2 grid, and the very cells of the document
    (table_shape,) = [s for s in slides[1].shapes if s.has_table]
    rows = [[cell.text for cell in row.cells] for row in table_shape.table.rows]
    assert rows[0] == list(document.headers)
    assert rows[1:-1] == [list(g.cells) for g in document.ranked()]
    assert rows[-1] == list(document.total)
    names = {row[1] for row in rows}
    assert set(_grid_names(db)) <= names
    for chart in slides[2:4]:
        pictures = [s for s in chart.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        # sharp on the slide: pixels an inch over the picture's placed size
        picture = pictures[0]
        pixels = Image.open(io.BytesIO(picture.image.blob)).size
        placed = (picture.width / EMU_PER_INCH, picture.height / EMU_PER_INCH)
        assert placed[0] > 10 and placed[1] > 4  # as big on the slide as it was
        dpi = [px / inches for px, inches in zip(pixels, placed, strict=True)]
        assert min(dpi) >= 0.99 * PRINT_DPI, dpi  # 0.99: the picture's size rounded to pixels
        assert len(picture.image.blob) < 1_000_000
    assert "光荣榜" in _slide_text(slides[4]) and "曝光台" in _slide_text(slides[4])
    # a slide per case, in the document's order, with its photos' very bytes
    blobs = db.parent / "blobs"
    for slide, case in zip(slides[PPTX_SUMMARY:], document.slides, strict=True):
        text = _slide_text(slide)
        assert case.case_no in text and case.overdue in text
        shown = [
            hashlib.sha256(s.image.blob).hexdigest()
            for s in slide.shapes
            if s.shape_type == MSO_SHAPE_TYPE.PICTURE
        ]
        stored = [sha for sha in case.photos if (blobs / sha[:2] / sha).exists()]
        assert shown == stored[:3]
        assert ("照片缺失" in text) == (MISSING in case.photos)
    assert any(MISSING in s.photos for s in document.slides)
    # every run names the East-Asian typeface, or Chinese falls back to another font
    runs = [rpr for s in slides for rpr in s._element.iter(qn("a:rPr"))]
    assert len(runs) >= 2 * len(slides)
    for rpr in runs:
        ea = rpr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == FONT


def test_pptx_pack_without_photos(qapp: object, street_db: Path, tmp_path: Path) -> None:
    db = _with_photos(street_db)
    out = tmp_path / "pack.pptx"
    assert _review(db, out, "--no-photos") == 0
    deck = Presentation(str(out))
    for slide in list(deck.slides)[PPTX_SUMMARY:]:
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert "照片缺失" not in _slide_text(slide)


def _pdf_pages(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


def _pdf_images(path: Path, page: int) -> list[dict[str, str]]:
    """The images drawn on a page, as `pdfimages -list` gives them (width, x-ppi, …)."""
    lines = subprocess.run(
        ["pdfimages", "-list", "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split(), strict=False)) for line in lines[2:]]


def test_pdf_pack_text_holds_every_grid_and_case(
    qapp: object, street_db: Path, tmp_path: Path
) -> None:
    db = _with_photos(street_db)
    document = _document(db)
    out = tmp_path / "pack.pdf"

    assert _review(db, out) == 0

    pages, size = _pdf_pages(out)
    assert pages == PDF_SUMMARY + len(document.slides)
    width, height = (float(x) for x in size.split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in _grid_names(db):
        assert name in text
    for case in document.slides:
        assert case.case_no in text
    assert "光荣榜" in text and "曝光台" in text and "合计" in text
    assert f"第 {pages} 页 共 {pages} 页" in text
    # the charts page: the two charts, sharp on paper (poppler's pixels an inch as placed)
    charts = _pdf_images(out, PDF_SUMMARY - 1)
    assert len(charts) == 2
    for chart in charts:
        assert float(chart["x-ppi"]) >= PRINT_DPI and float(chart["y-ppi"]) >= PRINT_DPI
        # placed as big as before: 132 x 150 mm
        assert int(chart["width"]) / float(chart["x-ppi"]) * 25.4 == pytest.approx(132, abs=1)
        assert int(chart["height"]) / float(chart["y-ppi"]) * 25.4 == pytest.approx(150, abs=1)
    # the first case's page: two photos drawn (the third is missing and said so)
    first = PDF_SUMMARY + 1
    assert len(_pdf_images(out, first)) == 2
    page = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(first), str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert document.slides[0].case_no in page and "照片缺失" in page


@pytest.mark.parametrize(
    ("week", "name", "message"),
    [
        ("2026-W60", "pack.pdf", "no week 60"),
        ("week 47", "pack.pptx", "not an ISO week"),
        (WEEK, "pack.docx", ".pdf or .pptx"),
        (WEEK, "missing/pack.pdf", "not a directory"),
    ],
)
def test_errors_a_user_can_fix_exit_2_and_leave_nothing(
    street_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    week: str,
    name: str,
    message: str,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["--db", str(street_db), "--week", week, "--now", NOW, "--out", str(out_dir / name)]
    code = main(["review", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert list(out_dir.iterdir()) == []


def test_a_long_table_continues_with_its_header(
    qapp: object, street_db: Path, tmp_path: Path
) -> None:
    """A street of many grids: the table runs onto further pages and slides, the header on each
    and the 合计 row once, at the end."""
    document = _document(street_db)
    many = dataclasses.replace(document, grids=document.grids * 3, slides=document.slides[:1])
    rows = len(many.grids)

    pdf = tmp_path / "pack.pdf"
    pages = write_pack(many, pdf, None, date(2026, 11, 20))
    assert pages == _pdf_pages(pdf)[0] > PDF_SUMMARY + 1
    table_pages = pages - (PDF_SUMMARY - 1) - 1
    assert table_pages > 1
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(2, 2 + table_pages)
    ]
    assert all("按期结案率" in t for t in texts)
    assert all("（续）" in t for t in texts[1:])
    assert [t.count("合计") for t in texts] == [0] * (table_pages - 1) + [1]

    pptx = tmp_path / "pack.pptx"
    slides = write_pack(many, pptx, None, date(2026, 11, 20))
    tables = [
        [[c.text for c in r.cells] for r in shape.table.rows]
        for slide in Presentation(str(pptx)).slides
        for shape in slide.shapes
        if shape.has_table
    ]
    assert len(tables) > 1 and slides == PPTX_SUMMARY - 1 + len(tables) + 1
    assert all(t[0] == list(document.headers) for t in tables)
    body = [row for t in tables for row in t[1:]]
    assert body == [list(g.cells) for g in many.ranked()] + [list(document.total)]
    assert rows == len(body) - 1
