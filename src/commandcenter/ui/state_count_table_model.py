"""Cases per lifecycle state: a two-column table over values already in memory."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.enums import CaseState

_Index = QModelIndex | QPersistentModelIndex


class StateCountTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[CaseState, int]] = [(s, 0) for s in CaseState]

    def set_counts(self, counts: dict[CaseState, int]) -> None:
        new = [(s, counts.get(s, 0)) for s in CaseState]
        if new == self._rows:
            return
        self._rows = new
        self.dataChanged.emit(self.index(0, 1), self.index(len(new) - 1, 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        state, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return state.label if index.column() == 0 else f"{count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return state.value if index.column() == 0 else count
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("状态"), self.tr("案件数"))[section]
