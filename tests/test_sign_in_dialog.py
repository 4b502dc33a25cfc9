"""The sign-in dialog over a hand-built directory: the current person comes selected and in view,
the filter box and the role box narrow the list (every character literally), and OK, Enter or a
double-click hand back the chosen person while cancel hands back nobody."""

from __future__ import annotations

from typing import TypeVar

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from commandcenter.domain.enums import Role
from commandcenter.domain.model import Person
from commandcenter.store.directory import Directory, GridChoice
from commandcenter.ui.signin.sign_in_dialog import (
    CODE_ROLE,
    PeopleFilterProxyModel,
    PeopleTableModel,
    SignInDialog,
)
from qt_input import type_text

R = Role
W = TypeVar("W", bound=QWidget)
GRIDS = (
    GridChoice("G01", "东风社区第一网格", 4, None, None),
    GridChoice("G02", "东风社区第二网格", 4, None, None),
)
DEPARTMENTS = (("D01", "城市管理局"),)
PEOPLE = (
    Person("P001", "王芳", "13800000001", frozenset({R.DUTY_OFFICER})),
    Person("P002", "李强", "13800000002", frozenset({R.SHIFT_LEADER, R.DUTY_OFFICER})),
    Person("P003", "张伟", "13800000003", frozenset({R.GRID_LEADER}), ("G01",)),
    Person("P004", "刘敏", "13800000004", frozenset({R.GRID_MEMBER}), ("G01", "G02")),
    Person("P005", "陈静", "13800000005", frozenset({R.DEPARTMENT_LIAISON}), (), "D01"),
    Person("P006", "赵磊", "13800000006", frozenset()),
    Person("P007", "Anna_100%", "13800000007", frozenset({R.VIEWER})),
)


@pytest.fixture
def directory() -> Directory:
    return Directory(people=PEOPLE, departments=DEPARTMENTS, categories=(), grids=GRIDS)


def make_dialog(qtbot: QtBot, directory: Directory, current: str | None = "P004") -> SignInDialog:
    dialog = SignInDialog(directory, current)
    qtbot.addWidget(dialog)
    return dialog


def child(dialog: SignInDialog, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def shown(dialog: SignInDialog) -> list[str]:
    """Codes of the rows the view shows, top to bottom."""
    model = child(dialog, QTableView, "people").model()
    return [model.index(row, 0).data(CODE_ROLE) for row in range(model.rowCount())]


def row_texts(dialog: SignInDialog, code: str) -> list[str]:
    model = child(dialog, QTableView, "people").model()
    row = shown(dialog).index(code)
    return [model.index(row, c).data() for c in range(model.columnCount())]


def selected(dialog: SignInDialog) -> list[str]:
    rows = child(dialog, QTableView, "people").selectionModel().selectedRows()
    return [index.data(CODE_ROLE) for index in rows]


def ok_button(dialog: SignInDialog) -> QPushButton:
    return child(dialog, QPushButton, "ok")


def set_filter(qtbot: QtBot, dialog: SignInDialog, text: str) -> None:
    line = child(dialog, QLineEdit, "person_filter")
    line.clear()
    type_text(qtbot, line, text)
    assert line.text() == text


def test_the_current_person_comes_selected(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, "P004")
    assert dialog.windowTitle() == "登录"
    assert selected(dialog) == ["P004"]
    assert ok_button(dialog).isEnabled()
    assert "刘敏" in child(dialog, QLabel, "current_person").text()
    assert shown(dialog) == [p.code for p in PEOPLE]
    assert dialog.chosen() is None


def test_without_a_current_person_nothing_is_selected(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, None)
    assert selected(dialog) == []
    assert not ok_button(dialog).isEnabled()
    assert child(dialog, QLabel, "current_person").text() == "当前无人登录"


def test_the_current_person_is_scrolled_into_view(qtbot: QtBot) -> None:
    people = tuple(
        Person(f"P{i:04d}", f"人员{i}", "138", frozenset({R.GRID_MEMBER})) for i in range(300)
    )
    dialog = make_dialog(qtbot, Directory(people, (), (), ()), "P0250")
    dialog.show()
    qtbot.waitExposed(dialog)
    view = child(dialog, QTableView, "people")
    rect = view.visualRect(view.selectionModel().selectedRows()[0])
    height = view.viewport().height()
    # Mid-list, with the neighbours above and below in sight.
    assert height / 4 < rect.center().y() < height * 3 / 4


def test_rows_show_name_code_roles_and_place(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory)
    assert row_texts(dialog, "P002") == ["李强", "P002", "值班员、值班长", ""]
    assert row_texts(dialog, "P003") == ["张伟", "P003", "网格长", "东风社区第一网格"]
    assert row_texts(dialog, "P004")[3] == "东风社区第一网格、东风社区第二网格"
    assert row_texts(dialog, "P005")[3] == "城市管理局"
    assert row_texts(dialog, "P006") == ["赵磊", "P006", "（无角色）", ""]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("张", ["P003"]),
        ("李强", ["P002"]),
        ("p00", [p.code for p in PEOPLE]),  # codes match whatever the case
        ("p005", ["P005"]),
        ("ANNA", ["P007"]),
        ("网格", ["P003", "P004"]),  # role labels
        ("值班长", ["P002"]),
        ("无角色", ["P006"]),
        ("  陈静 ", ["P005"]),  # stray spaces around the text
        ("城市管理局", []),  # the place column is not searched
    ],
)
def test_typing_narrows_the_list(
    qtbot: QtBot, directory: Directory, text: str, codes: list[str]
) -> None:
    dialog = make_dialog(qtbot, directory)
    set_filter(qtbot, dialog, text)
    assert shown(dialog) == codes
    assert bool(selected(dialog)) == bool(codes)
    assert ok_button(dialog).isEnabled() == bool(codes)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("%", ["P007"]),
        ("_", ["P007"]),
        ("_1", ["P007"]),
        ("\\", []),
        ("'", []),
        (".*", []),
        (".", []),
        ("[(", []),
        ("(", []),
        ("a*", []),
        ("?", []),
        ("%'; DROP TABLE people; --", []),
    ],
)
def test_filter_characters_are_literal(
    qtbot: QtBot, directory: Directory, text: str, codes: list[str]
) -> None:
    dialog = make_dialog(qtbot, directory)
    set_filter(qtbot, dialog, text)
    assert shown(dialog) == codes


def test_role_filter_narrows_and_combines_with_the_text(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory)
    roles = child(dialog, QComboBox, "role_filter")
    labels = [roles.itemText(i) for i in range(roles.count())]
    assert labels[0] == "全部角色"
    assert {"值班员", "值班长", "网格长", "网格员", "部门联络员"} <= set(labels)
    assert "系统" not in labels  # an actor, not someone who signs in

    roles.setCurrentIndex(labels.index("值班员"))
    assert shown(dialog) == ["P001", "P002"]
    set_filter(qtbot, dialog, "李")
    assert shown(dialog) == ["P002"]
    set_filter(qtbot, dialog, "张")
    assert shown(dialog) == []
    roles.setCurrentIndex(0)
    assert shown(dialog) == ["P003"]


def test_a_filter_that_hides_the_selection_selects_the_first_match(
    qtbot: QtBot, directory: Directory
) -> None:
    dialog = make_dialog(qtbot, directory, "P004")
    set_filter(qtbot, dialog, "P00")
    assert selected(dialog) == ["P004"]  # still shown: kept
    set_filter(qtbot, dialog, "值班")
    assert selected(dialog) == ["P001"]


def test_ok_is_disabled_while_nothing_is_selected(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = ok_button(dialog)
    set_filter(qtbot, dialog, "没有这个人")
    assert shown(dialog) == []
    assert not ok.isEnabled()
    assert child(dialog, QLabel, "match_count").text() == "没有匹配的人员"
    qtbot.keyClick(child(dialog, QLineEdit, "person_filter"), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.chosen() is None

    set_filter(qtbot, dialog, "")
    assert ok.isEnabled()
    view = child(dialog, QTableView, "people")
    view.selectionModel().clearSelection()
    assert not ok.isEnabled()


def test_double_click_signs_in_that_person(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, "P001")
    dialog.show()
    qtbot.waitExposed(dialog)
    view = child(dialog, QTableView, "people")
    index = view.model().index(shown(dialog).index("P006"), 0)
    where = view.visualRect(index).center()
    with qtbot.waitSignal(dialog.person_chosen) as blocker:
        # QTest's double-click sends no press before it, and views act only on a pressed row.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == ["P006"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == PEOPLE[5]


def test_enter_on_a_row_signs_in_that_person(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, "P001")
    dialog.show()
    qtbot.waitExposed(dialog)
    view = child(dialog, QTableView, "people")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert dialog.chosen() == PEOPLE[2]


def test_typing_a_name_and_enter_signs_in_the_match(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, "P001")
    dialog.show()
    qtbot.waitExposed(dialog)
    line = child(dialog, QLineEdit, "person_filter")
    set_filter(qtbot, dialog, "网格")
    qtbot.keyClick(line, Qt.Key.Key_Down)  # arrows in the filter box move through the list
    assert selected(dialog) == ["P004"]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dialog.chosen() == PEOPLE[3]


def test_ok_signs_in_the_selected_person(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, "P001")
    dialog.show()
    qtbot.waitExposed(dialog)
    view = child(dialog, QTableView, "people")
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.selectionModel().select(view.model().index(4, 0), flags)
    ok = ok_button(dialog)
    assert ok.text() == "登录"
    with qtbot.waitSignal(dialog.person_chosen) as blocker:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert blocker.args == ["P005"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == PEOPLE[4]


def test_cancel_chooses_nobody(qtbot: QtBot, directory: Directory) -> None:
    dialog = make_dialog(qtbot, directory, "P004")
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.assertNotEmitted(dialog.person_chosen), qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(child(dialog, QPushButton, "cancel"), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.chosen() is None


def test_models_pass_the_model_tester(directory: Directory, qtmodeltester: ModelTester) -> None:
    # Built apart from a dialog: the tester disconnects from them after the dialogs are deleted.
    model = PeopleTableModel(directory)
    qtmodeltester.check(model, force_py=True)
    proxy = PeopleFilterProxyModel(model)
    proxy.set_role(R.GRID_LEADER)
    proxy.set_text("张")
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy, force_py=True)
