"""What every paper the app draws shares: pages painted one after another on a paged device (a
QPdfWriter, a printer, the print preview), and a PDF written beside its target and moved into
place, so that a failure — while painting, or the move itself — leaves no half-written file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPainter, QPdfWriter

# A painter's pager asks for each page by its number (0 first) and returns the page count.
NewPage = Callable[[int], QPainter]
Pager = Callable[[NewPage], int]
CREATOR = "网格指挥中心"


def paint_pages(device: QPagedPaintDevice, pager: Pager) -> int:
    """Runs `pager` on `device`, beginning the painter on the first page and turning the page
    for every later one. Returns the page count."""
    painter = QPainter()

    def new_page(number: int) -> QPainter:
        if number == 0:
            if not painter.begin(device):
                raise OSError("cannot paint on the device (is the file writable?)")
        elif not device.newPage():
            raise OSError("the device refused a new page")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        return painter

    try:
        return pager(new_page)
    finally:
        if painter.isActive():
            painter.end()


def write_pdf_file(
    path: Path,
    title: str,
    layout: QPageLayout,
    dpi: int,
    paint: Callable[[QPdfWriter], int],
) -> int:
    """A PDF of `title` at `dpi` with `layout`, its pages painted by `paint(writer)` (which
    returns the page count), written beside `path` and moved into place."""
    partial = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator(CREATOR)
    writer.setPageLayout(layout)
    try:
        try:
            pages = paint(writer)
        finally:
            del writer  # flushes and closes the file, whatever happened
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return pages
