"""The rectification ledger's rows as a read-only table: the document's cells as the paper shows
them (the ledger is an office's paper, Chinese whatever the window's language), the headers in
the window's language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...reports.ledger import LedgerDocument
from ..common.i18n import QT_TRANSLATE_NOOP
from ..common.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex
CASE_NO_ROLE = Qt.ItemDataRole.UserRole + 1
_CASE_NO_COLUMN = 1

# The paper's column names, listed for lupdate; a name not listed shows as it is.
_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerTableModel", "序号"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "案件编号"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "问题描述"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "所属网格"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "问题类别"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "来源"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "发现时间"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "责任网格长"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "责任单位"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "整改措施"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "整改时限"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "整改状态"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "办结时间"),
    QT_TRANSLATE_NOOP("LedgerTableModel", "备注"),
)
_CENTRED = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class LedgerTableModel(QAbstractTableModel):
    """Over one LedgerDocument at a time; a new query brings a new document (a reset)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document: LedgerDocument | None = None
        self._headers: tuple[str, ...] = ()

    @property
    def document(self) -> LedgerDocument | None:
        return self._document

    def set_document(self, document: LedgerDocument | None) -> None:
        self.beginResetModel()
        self._document = document
        self._headers = (
            tuple(self.tr(h) if h in _HEADERS else h for h in document.headers)
            if document is not None
            else ()
        )
        self.endResetModel()

    def case_numbers(self) -> list[str]:
        if self._document is None:
            return []
        return [row.text(_CASE_NO_COLUMN) for row in self._document.rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._document is None:
            return 0
        return len(self._document.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._document is None:
            return 0
        return len(self._document.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        doc = self._document
        if doc is None or not index.isValid() or not 0 <= index.row() < len(doc.rows):
            return None
        row, column = doc.rows[index.row()], index.column()
        if not 0 <= column < len(doc.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row.text(column))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRED if doc.columns[column].centred else _LEFT
        if role == CASE_NO_ROLE:
            return row.text(_CASE_NO_COLUMN)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role != Qt.ItemDataRole.DisplayRole
            or orientation != Qt.Orientation.Horizontal
            or not 0 <= section < len(self._headers)
        ):
            return None
        return self._headers[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
