"""Every cell the project writes into a workbook or a CSV goes through here, so that text stays
text whatever it starts with. A description typed as `=HYPERLINK("http://…","点此查看")` must
reach the clerk's Excel as those characters, not as a live formula (OWASP, CSV injection: a
field starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
spreadsheet).

- In a workbook a text is written as a string cell (openpyxl makes one starting with `=` a
  formula otherwise) and, where it starts like a formula, with Excel's quote prefix, so it stays
  text when the clerk edits the cell. Characters XML cannot carry (C0 controls but tab, line
  feed and carriage return) become U+FFFD instead of failing the whole workbook.
- In a CSV (no cell types) such a text is prefixed with `'`, as OWASP says; numbers are written
  as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CellValue = str | int | float | date | datetime | None


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def write_cell(
    sheet: Worksheet, row: int, column: int, value: CellValue, style: str | None = None
) -> Cell:
    """`value` into the sheet's cell at (row, column), in the named `style` if given: text as
    text (with the quote prefix where it starts like a formula), numbers and times as
    themselves. Returns the cell; fonts, fills and borders set on it later keep the prefix."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = _NOT_IN_XML.sub("\ufffd", value)
        cell.data_type = "s"
    else:
        cell.value = value
    if style is not None:
        cell.style = style  # a named style resets the prefix: it is set after
    if isinstance(value, str) and looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def csv_field(value: Any) -> Any:
    """A CSV field: a text that starts like a formula prefixed with `'`, None as empty."""
    if value is None:
        return ""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def write_csv(
    fields: Sequence[str], rows: Iterable[Mapping[str, Any]], *, lineterminator: str = "\n"
) -> str:
    """Rows as CSV text under a header of `fields`, every field through `csv_field`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=lineterminator)
    writer.writerow([csv_field(f) for f in fields])
    for row in rows:
        writer.writerow([csv_field(row.get(f)) for f in fields])
    return buf.getvalue()
