"""The rectification ledger's rows as a read-only table: the document's cells as the paper shows
them (the ledger is an office's paper, Chinese whatever the window's language), the headers in
the window's language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from ...reports.ledger import LedgerDocument, LedgerRow
from ..common.i18n import QT_TRANSLATE_NOOP
from ..common.read_only_table import ReadOnlyTableModel

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


class LedgerTableModel(ReadOnlyTableModel):
    """Over one LedgerDocument at a time; a new query brings a new document (a reset)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document: LedgerDocument | None = None

    @property
    def document(self) -> LedgerDocument | None:
        return self._document

    def set_document(self, document: LedgerDocument | None) -> None:
        self._document = document
        if document is None:
            self.set_rows((), (), ())
            return
        headers = tuple(self.tr(h) if h in _HEADERS else h for h in document.headers)
        self.set_rows(document.rows, None, headers)

    def text(self, row: int, column: int) -> str:
        line: LedgerRow = self.row_at(row)
        return line.text(column)

    def case_numbers(self) -> list[str]:
        return [self.text(r, _CASE_NO_COLUMN) for r in range(self.rowCount())]

    def role_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and self._document is not None:
            return _CENTRED if self._document.columns[column].centred else _LEFT
        if role == CASE_NO_ROLE:
            return self.text(row, _CASE_NO_COLUMN)
        return None
