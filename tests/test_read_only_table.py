"""The read-only table base the window's lists share: its answers to Qt's questions (checked by
the model tester, bad indexes included), rows and texts kept in step, and every read-only table
of ui/ built on it rather than written again."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from pytestqt.modeltest import ModelTester

import commandcenter.ui as ui_package
from commandcenter.ui.common.read_only_table import ReadOnlyTableModel

# Tables that are not read-only lists over rows given at once: the queue pages rows in as the
# view scrolls and sorts in SQL; the timeline's rows are lanes of a drawing.
NOT_READ_ONLY_LISTS = {"CaseQueueTableModel", "TimelineModel"}


class _Streets(ReadOnlyTableModel):
    KEY = Qt.ItemDataRole.UserRole

    def role_data(self, row: int, column: int, role: int) -> Any:
        return self.row_at(row)["code"] if role == self.KEY else None


ROWS = [{"code": "410105001"}, {"code": "410105002"}]
TEXTS = [("商都路办事处", "12"), ("金水区经八路街道办事处（网格长：张伟，负责东片区）", "7")]


def test_it_answers_as_a_table_should(qtmodeltester: ModelTester) -> None:
    model = _Streets()
    model.set_rows(ROWS, TEXTS, ("街道", "在办"))
    qtmodeltester.check(model, force_py=True)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.index(1, 0).data() == TEXTS[1][0]
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)  # the full text, wrapped
    assert model.index(0, 0).data(_Streets.KEY) == "410105001"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "在办"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_bad_indexes_read_nothing() -> None:
    model = _Streets()
    model.set_rows(ROWS, TEXTS, ("街道", "在办"))
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(5, 0)) is None  # an index Qt itself refuses
    # Children of a cell do not exist in a flat table.
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0


def test_no_headers_is_an_empty_table_and_a_reset_says_so() -> None:
    model = _Streets()
    assert model.rowCount() == 0 and model.columnCount() == 0
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_rows(ROWS, TEXTS, ("街道", "在办"))
    model.set_rows(ROWS[:1], TEXTS[:1])  # the headers stay
    assert resets == [2, 1] and model.columnCount() == 2


def test_rows_and_texts_out_of_step_are_refused_and_the_table_kept() -> None:
    model = _Streets()
    model.set_rows(ROWS, TEXTS, ("街道", "在办"))
    with pytest.raises(ValueError, match="2 rows but 1 rows of texts"):
        model.set_rows(ROWS, TEXTS[:1])
    assert model.rowCount() == 2 and model.index(0, 0).data() == TEXTS[0][0]


def _table_models() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(ui_package.__path__, f"{ui_package.__name__}."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QAbstractTableModel) and cls.__module__ == module.__name__:
                found[name] = cls
    return found


def test_every_read_only_table_of_the_window_is_built_on_the_base() -> None:
    models = _table_models()
    assert {
        "CaseEventTableModel",
        "LedgerTableModel",
        "PeopleTableModel",
        "RefusalTableModel",
        "ReviewTableModel",
    } <= set(models)
    written_again = [
        name
        for name, cls in models.items()
        if name not in NOT_READ_ONLY_LISTS and not issubclass(cls, ReadOnlyTableModel)
    ]
    assert written_again == [], "a read-only table derives from ReadOnlyTableModel"
