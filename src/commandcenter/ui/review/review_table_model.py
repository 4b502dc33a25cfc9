"""The review's table of level-2 grids, best first, with the 合计 row last: the document's cells
(the meeting's paper: Chinese figures as `commandcenter stats` computes them), the headers in the
window's language. A rank that rose shows green, one that fell red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...reports.review import GridLine, ReviewDocument
from ..common.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
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


class ReviewTableModel(QAbstractTableModel):
    """Over one ReviewDocument at a time; another week brings another document (a reset)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[GridLine] = []
        self._total: tuple[str, ...] = ()
        self._headers: tuple[str, ...] = ()

    def set_document(self, document: ReviewDocument | None) -> None:
        self.beginResetModel()
        if document is None:
            self._lines, self._total, self._headers = [], (), ()
        else:
            self._lines = document.ranked()
            self._total = document.total
            self._headers = tuple(self.tr(h) for h in document.headers)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self._headers:
            return 0
        return len(self._lines) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def cells(self, row: int) -> tuple[str, ...]:
        return self._lines[row].cells if row < len(self._lines) else self._total

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in _TEXT_COLUMNS:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == _CHANGE_COLUMN:
            text = self.cells(row)[column]
            return _RISEN if text.startswith("↑") else _FALLEN if text.startswith("↓") else None
        if role == Qt.ItemDataRole.FontRole and row == len(self._lines):
            font = QFont()
            font.setBold(True)
            return font
        if role == GRID_CODE_ROLE and row < len(self._lines):
            return self._lines[row].code
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None
