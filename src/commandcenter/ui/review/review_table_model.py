"""The review's table of level-2 grids, best first, with the 合计 row last: the document's cells
(the meeting's paper: Chinese figures as `commandcenter stats` computes them), the headers in the
window's language. A rank that rose shows green, one that fell red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from ...reports.review import GridLine, ReviewDocument
from ..common.i18n import QT_TRANSLATE_NOOP
from ..common.read_only_table import ReadOnlyTableModel

GRID_CODE_ROLE = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    QT_TRANSLATE_NOOP("ReviewTableModel", "排名"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "网格"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "网格长"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "新增"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "结案"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "超期"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "处置率"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "结案率"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "按期结案率"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "返工率"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "得分"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "等级"),
    QT_TRANSLATE_NOOP("ReviewTableModel", "变化"),
)
_TEXT_COLUMNS = (1, 2)
_CHANGE_COLUMN = 12
_RISEN, _FALLEN = QColor("#1b7f3b"), QColor("#c62828")


class ReviewTableModel(ReadOnlyTableModel):
    """Over one ReviewDocument at a time; another week brings another document (a reset). Its
    rows are the grids, ranked, then the 合计 row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def set_document(self, document: ReviewDocument | None) -> None:
        if document is None:
            self.set_rows((), (), ())
            return
        lines = document.ranked()
        rows: list[GridLine | None] = [*lines, None]  # None: the 合计 row
        texts = [*(line.cells for line in lines), document.total]
        self.set_rows(rows, texts, tuple(self.tr(h) for h in document.headers))

    def role_data(self, row: int, column: int, role: int) -> Any:
        line: GridLine | None = self.row_at(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in _TEXT_COLUMNS:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == _CHANGE_COLUMN:
            text = self.text(row, column)
            return _RISEN if text.startswith("↑") else _FALLEN if text.startswith("↓") else None
        if role == Qt.ItemDataRole.FontRole and line is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == GRID_CODE_ROLE and line is not None:
            return line.code
        return None
