"""The read-only table every list of the window is: flat rows under translated headers,
selectable, never edited. A model says only what its rows are and what they read (`set_rows`:
the items and their cells' texts, built once so that painting only indexes) and, where it has
any, what else a cell carries (`role_data`: alignment, colour, the row's key); the base answers
Qt's questions about shape, headers, tooltips and bad indexes once, the same way for all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from .plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex


class ReadOnlyTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = ()
        self._rows: list[Any] = []
        self._texts: list[tuple[str, ...]] = []

    def set_rows(
        self,
        rows: Sequence[Any],
        texts: Iterable[Sequence[str]] | None,
        headers: Sequence[str] | None = None,
    ) -> None:
        """New rows (a reset): the items, their cells' texts in column order (None: the model
        reads a cell when asked, overriding `text`: thousands of ledger rows are not all
        formatted for the few on screen), and new headers when given (already translated)."""
        cells = None if texts is None else [tuple(t) for t in texts]
        if cells is not None and len(cells) != len(rows):
            raise ValueError(f"{len(rows)} rows but {len(cells)} rows of texts")
        self.beginResetModel()
        self._rows, self._texts = list(rows), cells or []
        if headers is not None:
            self._headers = tuple(headers)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def tooltip_text(self, row: int, column: int) -> str:
        """The cell in full, wrapped (a long description cut off in its column)."""
        return tooltip(self.text(row, column))

    def role_data(self, row: int, column: int, role: int) -> Any:
        """What a cell carries besides its text and tooltip; None: nothing."""
        return None

    # -- Qt's questions ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._headers else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not (
            0 <= row < len(self._rows) and 0 <= column < len(self._headers)
        ):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip_text(row, column)
        return self.role_data(row, column, role)

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
