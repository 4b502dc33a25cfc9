"""The grid tree model: counts add up the subtree; a few changed grids are announced as
dataChanged on their block of siblings, a district's worth as one layout change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from commandcenter.store.directory import GridChoice
from commandcenter.store.queues import Queue
from commandcenter.ui.queues.grid_tree_model import COUNT_QUEUES, GridTreeModel, subtree_totals

STREET = "S"


def _grids(communities: int, blocks: int) -> list[GridChoice]:
    out = [GridChoice(STREET, "商都路办事处", 1, None, None)]
    for c in range(communities):
        code = f"S{c:02d}"
        out.append(GridChoice(code, f"第{c + 1}社区", 2, STREET, None))
        out += [
            GridChoice(f"{code}{b:02d}", f"第{b + 1}网格", 3, code, None) for b in range(blocks)
        ]
    return out


def test_counts_add_up_the_subtree(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = GridTreeModel()
    model.set_grids(_grids(3, 4))
    by_grid = {
        "S0001": {Queue.REPORTED: 2, Queue.OVERDUE: 1},
        "S0002": {Queue.REPORTED: 1},
        "S0203": {Queue.DISPATCHED: 5},
        "S99": {Queue.REPORTED: 7},  # a grid no longer current: not in the tree
    }
    model.set_counts(by_grid)
    assert model.count("S0001", Queue.REPORTED) == 2
    assert model.count("S00", Queue.REPORTED) == 3
    assert model.count(STREET, Queue.REPORTED) == 3
    assert model.count(STREET, Queue.DISPATCHED) == 5
    assert model.count(STREET, Queue.OVERDUE) == 1
    assert model.count("S01", Queue.REPORTED) == 0
    overdue = model.index_of("S0001").siblingAtColumn(len(COUNT_QUEUES))
    assert overdue.data() == "1"
    assert overdue.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index_of("S01").siblingAtColumn(1).data() == ""
    qtmodeltester.check(model, force_py=True)


def test_few_changes_are_data_changes_many_a_layout_change(qtbot: QtBot) -> None:
    model = GridTreeModel()
    model.set_grids(_grids(40, 5))
    parents = model.parents()
    changed: list[tuple[str | None, int, int]] = []
    layouts: list[bool] = []
    model.dataChanged.connect(
        lambda top, bottom, _roles: changed.append(
            (model.code_at(top.parent()), top.row(), bottom.row())
        )
    )
    model.layoutChanged.connect(lambda *_: layouts.append(True))

    model.set_totals(subtree_totals({"S0102": {Queue.REPORTED: 1}}, parents))
    assert sorted(changed, key=str) == sorted(
        [("S01", 2, 2), (STREET, 1, 1), (None, 0, 0)], key=str
    )
    assert not layouts

    changed.clear()
    everywhere = {f"S{c:02d}00": {Queue.HANDLED: c + 1} for c in range(40)}
    model.set_totals(subtree_totals(everywhere, parents))
    assert layouts and not changed
    assert model.count(STREET, Queue.HANDLED) == sum(range(1, 41))
    assert model.count("S0102", Queue.REPORTED) == 0  # replaced, not added
