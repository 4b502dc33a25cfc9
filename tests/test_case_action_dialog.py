"""The case panel's action dialogs on the seeded street: each asks for what its event needs,
refuses what the engine would refuse for a missing field, and hands back a request the engine
accepts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commandcenter import defaults
from commandcenter.domain.actions import USER_EVENTS, Action, available_actions
from commandcenter.domain.enums import HandlerKind, Priority, Role, Source
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.model import Person
from commandcenter.domain.transitions import Command, MissingField, check
from commandcenter.features.case_action import ActionRequest
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.case_detail import CaseDetail, CaseDetailRepository
from commandcenter.store.database import Database, open_database
from commandcenter.store.directory import Directory, load_directory
from commandcenter.ui.case.case_action_dialog import CaseActionDialog
from qt_input import type_text

E = EventType
NOW = datetime(2026, 11, 21, 9, 0)  # the morning after the seeded street's last event

# Which case (by SQL condition) and which desk each event is tried on.
WHERE = {
    "reported": "state = 'reported' AND lon IS NOT NULL",
    "accepted": "state = 'accepted'",
    "dispatched": "state = 'dispatched' AND pending_request IS NULL",
    "extension": "state = 'dispatched' AND pending_request = 'extension'",
    "handled": "state = 'handled'",
    "closed": f"state = 'closed' AND closed_at >= '{NOW - timedelta(days=20)}'",
}
CASE_FOR = {
    E.ACCEPT: "reported",
    E.REJECT_DUPLICATE: "reported",
    E.REJECT_INVALID: "reported",
    E.VOID: "reported",
    E.DISPATCH: "accepted",
    E.RAISE_LEVEL: "accepted",
    E.ESCALATE: "accepted",
    E.HANDLE: "dispatched",
    E.EXTENSION_REQUEST: "dispatched",
    E.SHELVE_REQUEST: "dispatched",
    E.EXTENSION_APPROVE: "extension",
    E.SHELVE_APPROVE: "shelve",  # made by recording a request first
    E.VERIFY_PASS: "handled",
    E.REWORK: "handled",
    E.CLOSE: "handled",
    E.REOPEN: "closed",
}
ROLE_FOR = {
    E.REJECT_INVALID: Role.SHIFT_LEADER,
    E.VOID: Role.SHIFT_LEADER,
    E.EXTENSION_APPROVE: Role.SHIFT_LEADER,
    E.SHELVE_APPROVE: Role.SHIFT_LEADER,
    E.CLOSE: Role.SHIFT_LEADER,
    E.REOPEN: Role.SHIFT_LEADER,
    E.VERIFY_PASS: Role.INSPECTOR,
    E.REWORK: Role.INSPECTOR,
}


@pytest.fixture
def db(street_db: Path) -> Iterator[Database]:
    database = open_database(street_db)
    yield database
    database.engine.dispose()


@pytest.fixture
def directory(db: Database) -> Directory:
    return load_directory(db.engine)


@pytest.fixture
def commands(db: Database) -> CaseCommands:
    return CaseCommands(db.engine, defaults.calendar())


def person_with(directory: Directory, role: Role) -> Person:
    return directory.with_role(role)[0]


def case_where(db: Database, condition: str) -> CaseDetail:
    with db.engine.connect() as conn:
        case_id = conn.execute(
            text(f"SELECT id FROM cases WHERE {condition} ORDER BY id DESC LIMIT 1")
        ).scalar()
    assert case_id is not None, f"no seeded case with {condition}"
    return CaseDetailRepository(db.engine).load(case_id)


def command_for(request: ActionRequest, person: Person, at: datetime = NOW) -> Command:
    return Command(
        type=request.event,
        actor=person.code,
        role=request.role,
        at=at,
        note=request.note,
        payload=dict(request.payload),
    )


def open_dialog(
    qtbot: QtBot,
    event: EventType,
    case: CaseDetail,
    directory: Directory,
    person: Person,
    suggested_grid: str | None = None,
) -> CaseActionDialog:
    actions = available_actions(case.projection, person.code, person.roles, NOW)
    action = next((a for a in actions if a.event is event), None)
    assert action is not None, f"{person.name} cannot {event.value} case {case.case_no}"
    dialog = CaseActionDialog(action, case, directory, suggested_grid=suggested_grid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click_ok(qtbot: QtBot, dialog: CaseActionDialog) -> None:
    ok = dialog.findChild(QPushButton, "ok")
    assert ok.text() == dialog.action.label
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def error_text(dialog: CaseActionDialog) -> str:
    error = dialog.findChild(QLabel, "error")
    return error.text() if error.isVisible() else ""


def write_png(path: Path) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    assert image.save(str(path))
    return path


def report_near(
    commands: CaseCommands, directory: Directory, case: CaseDetail, case_no: str, metres: float
) -> CaseDetail:
    """A new report of the same category `metres` north of `case`, as a duty officer files it."""
    assert case.lon is not None and case.lat is not None
    officer = person_with(directory, Role.DUTY_OFFICER)
    new = NewCase(
        case_no=case_no,
        category=case.category_code,
        source=Source.HOTLINE,
        priority=case.priority,
        grid_code=case.grid_code,
        description="市民来电反映同一处问题",
        address=case.address,
        lon=case.lon,
        lat=case.lat + metres / 111_195,
    )
    recorded = commands.report(
        new, Command(type=E.REPORT, actor=officer.code, role=Role.DUTY_OFFICER, at=NOW)
    )
    return CaseDetailRepository(commands.engine).load(recorded.case_id)


# -- required fields --------------------------------------------------------------------------
def test_an_empty_required_note_keeps_the_dialog_open_and_says_what_is_missing(
    qtbot: QtBot, db: Database, directory: Directory
) -> None:
    case = case_where(db, WHERE["dispatched"])
    dialog = open_dialog(
        qtbot, E.HANDLE, case, directory, person_with(directory, Role.DUTY_OFFICER)
    )
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert error_text(dialog) == "请填写处置情况"
    assert dialog.findChild(QLabel, "error").styleSheet().startswith("color: #c")
    with pytest.raises(RuntimeError):
        dialog.request()

    type_text(qtbot, dialog.findChild(QPlainTextEdit, "note"), "   ")
    click_ok(qtbot, dialog)
    assert dialog.isVisible(), "a note of spaces is no note"

    type_text(qtbot, dialog.findChild(QPlainTextEdit, "note"), "已清理占道物品")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    request = dialog.request()
    assert (request.event, request.note, request.case_id) == (E.HANDLE, "已清理占道物品", case.id)


# -- accept ------------------------------------------------------------------------------------
def test_accept_unchanged_sends_an_empty_payload(
    qtbot: QtBot, db: Database, directory: Directory
) -> None:
    case = case_where(db, WHERE["reported"])
    dialog = open_dialog(
        qtbot, E.ACCEPT, case, directory, person_with(directory, Role.DUTY_OFFICER)
    )
    assert dialog.windowTitle() == f"受理立案 — {case.case_no}"
    assert dialog.findChild(QComboBox, "category").currentData() == case.category_code
    assert dialog.findChild(QComboBox, "priority").currentData() == case.priority.value
    assert dialog.findChild(QComboBox, "grid").currentData() == case.grid_code
    click_ok(qtbot, dialog)
    assert dialog.request().payload == {}


def test_accept_with_a_new_category_grid_and_priority_refiles_the_case(
    qtbot: QtBot, db: Database, directory: Directory, commands: CaseCommands
) -> None:
    case = case_where(db, WHERE["reported"])
    officer = person_with(directory, Role.DUTY_OFFICER)
    dialog = open_dialog(qtbot, E.ACCEPT, case, directory, officer)
    category_box = dialog.findChild(QComboBox, "category")
    priority_box = dialog.findChild(QComboBox, "priority")
    grid_box = dialog.findChild(QComboBox, "grid")
    # A category whose default priority differs from the case's: the priority follows it.
    other = next(c for c in directory.categories if c.priority is not case.priority)
    category_box.setCurrentIndex(category_box.findData(other.code))
    assert priority_box.currentData() == other.priority.value
    assert category_box.currentText().endswith(other.name)
    grid = next(g for g in directory.grids if g.level == 3 and g.code != case.grid_code)
    grid_box.setCurrentIndex(grid_box.findData(grid.code))
    assert all(directory.grid(grid_box.itemData(i)).level >= 3 for i in range(grid_box.count()))
    click_ok(qtbot, dialog)
    request = dialog.request()
    assert request.payload == {
        "category": other.code,
        "priority": other.priority.value,
        "grid_code": grid.code,
    }

    # The user overrides the category's default priority too; the store files it so.
    dialog = open_dialog(qtbot, E.ACCEPT, case, directory, officer)
    category_box = dialog.findChild(QComboBox, "category")
    category_box.setCurrentIndex(category_box.findData(other.code))
    priority = next(p for p in Priority if p not in (other.priority, case.priority))
    priority_box = dialog.findChild(QComboBox, "priority")
    priority_box.setCurrentIndex(priority_box.findData(priority.value))
    click_ok(qtbot, dialog)
    request = dialog.request()
    assert request.payload == {"category": other.code, "priority": priority.value}
    commands.apply(case.id, command_for(request, officer))
    after = CaseDetailRepository(db.engine).load(case.id)
    assert (after.category_code, after.priority, after.state.value) == (
        other.code,
        priority,
        "accepted",
    )


def test_accept_preselects_the_grid_suggested_from_the_point(
    qtbot: QtBot, db: Database, directory: Directory
) -> None:
    case = case_where(db, WHERE["reported"])
    suggested = next(g for g in directory.grids if g.level == 4 and g.code != case.grid_code)
    dialog = open_dialog(
        qtbot,
        E.ACCEPT,
        case,
        directory,
        person_with(directory, Role.DUTY_OFFICER),
        suggested_grid=suggested.code,
    )
    assert dialog.findChild(QComboBox, "grid").currentData() == suggested.code
    click_ok(qtbot, dialog)
    assert dialog.request().payload == {"grid_code": suggested.code}


def test_candidate_duplicates_are_listed_and_one_click_marks_the_report_a_duplicate(
    qtbot: QtBot, db: Database, directory: Directory, commands: CaseCommands
) -> None:
    original = case_where(db, WHERE["reported"])
    officer = person_with(directory, Role.DUTY_OFFICER)
    plain = open_dialog(qtbot, E.ACCEPT, original, directory, officer)
    if not original.duplicates:
        assert plain.findChild(QTableWidget, "duplicates") is None
        assert plain.findChild(QPushButton, "mark_duplicate") is None

    report_near(commands, directory, original, "SD202611210001", metres=120)  # too far
    case = report_near(commands, directory, original, "SD202611210002", metres=12)
    assert [d.case_no for d in case.duplicates][:1] == [original.case_no]
    dialog = open_dialog(qtbot, E.ACCEPT, case, directory, officer)
    table = dialog.findChild(QTableWidget, "duplicates")
    assert table.isVisible() and table.rowCount() == len(case.duplicates)
    row = [table.item(0, col).text() for col in range(table.columnCount())]
    assert row[:3] == [original.case_no, original.state.label, "12 m"]
    assert row[3] == original.reported_at.strftime("%Y-%m-%d %H:%M")
    assert row[4] == original.description
    assert "SD202611210001" not in [table.item(r, 0).text() for r in range(table.rowCount())]

    button = dialog.findChild(QPushButton, "mark_duplicate")
    assert button.isEnabled() and button.text() == "标记为重复"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    request = dialog.request()
    assert request == ActionRequest(
        case_id=case.id,
        event=E.REJECT_DUPLICATE,
        role=Role.DUTY_OFFICER,
        note=f"与案件{original.case_no}重复",
        payload={"duplicate_of": original.case_no},
    )
    recorded = commands.apply(case.id, command_for(request, officer))
    assert recorded.projection.duplicate_of == original.case_no


def test_marking_a_duplicate_is_disabled_for_a_role_that_may_not(
    qtbot: QtBot, db: Database, directory: Directory, commands: CaseCommands
) -> None:
    original = case_where(db, WHERE["reported"])
    case = report_near(commands, directory, original, "SD202611210003", metres=5)
    # No role may accept without rejecting as a duplicate today: build such an action by hand.
    dialog = CaseActionDialog(Action(E.ACCEPT, Role.INSPECTOR), case, directory)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QPushButton, "mark_duplicate").isEnabled()


def test_reject_duplicate_opened_directly_needs_the_other_case(
    qtbot: QtBot, db: Database, directory: Directory, commands: CaseCommands
) -> None:
    original = case_where(db, WHERE["reported"])
    officer = person_with(directory, Role.DUTY_OFFICER)
    case = report_near(commands, directory, original, "SD202611210004", metres=30)
    dialog = open_dialog(qtbot, E.REJECT_DUPLICATE, case, directory, officer)
    line = dialog.findChild(QLineEdit, "duplicate_of")
    assert line.text() == original.case_no  # the nearest candidate, preselected
    line.clear()
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and error_text(dialog) == "请填写重复的案件编号"
    type_text(qtbot, line, case.case_no)
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and error_text(dialog) == "不能与本案件自身重复"
    table = dialog.findChild(QTableWidget, "duplicates")
    table.clearSelection()
    table.selectRow(0)  # picking the candidate fills in its number
    assert line.text() == original.case_no
    click_ok(qtbot, dialog)
    request = dialog.request()
    assert request.payload == {"duplicate_of": original.case_no}
    assert request.note == f"与案件{original.case_no}重复"
    check(command_for(request, officer), case.projection, actor_roles=officer.roles)


# -- dispatch ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(HandlerKind))
def test_dispatch_in_each_mode_gives_a_handler_the_engine_accepts(
    qtbot: QtBot, db: Database, directory: Directory, kind: HandlerKind
) -> None:
    case = case_where(db, WHERE["accepted"])
    officer = person_with(directory, Role.DUTY_OFFICER)
    dialog = open_dialog(qtbot, E.DISPATCH, case, directory, officer)
    category = next(c for c in directory.categories if c.code == case.category_code)
    default = "department" if category.department_code else "grid_leader"
    assert dialog.findChild(QRadioButton, f"handler_kind_{default}").isChecked()
    qtbot.mouseClick(
        dialog.findChild(QRadioButton, f"handler_kind_{kind.value}"), Qt.MouseButton.LeftButton
    )
    expected: dict[str, object] = {"handler_kind": kind.value}
    if kind is HandlerKind.GRID_LEADER:
        leaders = dialog.findChild(QComboBox, "leader")
        assert leaders.isVisible()
        own = [p.code for p in directory.grid_leaders_for(case.grid_code)]
        assert own and [leaders.itemData(i) for i in range(leaders.count())] == own
        leaders.setCurrentIndex(leaders.count() - 1)
        expected["person"] = own[-1]
    elif kind is HandlerKind.DEPARTMENT:
        departments = dialog.findChild(QComboBox, "department")
        assert departments.isVisible()
        if category.department_code:
            assert departments.currentData() == category.department_code
        departments.setCurrentIndex(departments.findData("GH"))
        expected["departments"] = ["GH"]
        expected["person"] = next(
            p.code for p in directory.with_role(Role.DEPARTMENT_LIAISON) if p.department == "GH"
        )
    else:
        joint = dialog.findChild(QListWidget, "joint_departments")
        assert joint.isVisible()
        for row in range(joint.count()):  # start from nothing checked, with the keyboard
            if joint.item(row).checkState() is Qt.CheckState.Checked:
                joint.setCurrentRow(row)
                qtbot.keyClick(joint, Qt.Key.Key_Space)
        joint.setCurrentRow(0)
        qtbot.keyClick(joint, Qt.Key.Key_Space)
        click_ok(qtbot, dialog)
        assert dialog.isVisible() and error_text(dialog) == "联合执法至少选择两个部门"
        joint.setCurrentRow(2)
        qtbot.keyClick(joint, Qt.Key.Key_Space)
        expected["departments"] = [directory.departments[i][0] for i in (0, 2)]
    click_ok(qtbot, dialog)
    request = dialog.request()
    assert request.payload == expected
    check(command_for(request, officer), case.projection, actor_roles=officer.roles)


def test_raise_level_shows_where_the_case_goes_and_names_that_level(
    qtbot: QtBot, db: Database, directory: Directory
) -> None:
    case = case_where(db, WHERE["accepted"] + " AND escalation_level = 1")
    dialog = open_dialog(
        qtbot, E.RAISE_LEVEL, case, directory, person_with(directory, Role.DUTY_OFFICER)
    )
    assert dialog.findChild(QLabel, "level").text() == "网格 → 社区"
    click_ok(qtbot, dialog)
    assert dialog.request().payload == {"level": 2} and dialog.request().note == ""


# -- extension ---------------------------------------------------------------------------------
def test_extension_days_stay_within_the_engine_limits(
    qtbot: QtBot, db: Database, directory: Directory
) -> None:
    case = case_where(db, WHERE["dispatched"])
    dialog = open_dialog(
        qtbot, E.EXTENSION_REQUEST, case, directory, person_with(directory, Role.DUTY_OFFICER)
    )
    days = dialog.findChild(QSpinBox, "days")
    assert (days.value(), days.minimum(), days.maximum()) == (3, 1, 60)
    days.selectAll()
    type_text(qtbot, days, "99")
    assert days.value() <= 60
    click_ok(qtbot, dialog)
    assert error_text(dialog) == "请填写延期理由"


def test_extension_approval_prefills_the_requested_days(
    qtbot: QtBot, db: Database, directory: Directory, commands: CaseCommands
) -> None:
    case = case_where(db, WHERE["dispatched"])
    officer = person_with(directory, Role.DUTY_OFFICER)
    dialog = open_dialog(qtbot, E.EXTENSION_REQUEST, case, directory, officer)
    days = dialog.findChild(QSpinBox, "days")
    days.setValue(7)
    type_text(qtbot, dialog.findChild(QPlainTextEdit, "note"), "需协调产权单位")
    click_ok(qtbot, dialog)
    assert dialog.request().payload == {"days": 7}
    commands.apply(case.id, command_for(dialog.request(), officer))

    case = CaseDetailRepository(db.engine).load(case.id)
    leader = person_with(directory, Role.SHIFT_LEADER)
    later = NOW + timedelta(hours=1)
    actions = available_actions(case.projection, leader.code, leader.roles, later)
    action = next(a for a in actions if a.event is E.EXTENSION_APPROVE)
    approval = CaseActionDialog(action, case, directory)
    qtbot.addWidget(approval)
    approval.show()
    assert approval.findChild(QSpinBox, "days").value() == 7
    assert "需协调产权单位" in approval.findChild(QLabel, "request").text()
    click_ok(qtbot, approval)
    request = approval.request()
    assert request.payload == {"days": 7} and request.note == ""
    check(command_for(request, leader, later), case.projection, actor_roles=leader.roles)


# -- photos ------------------------------------------------------------------------------------
def test_handle_with_a_photo_and_refusal_of_a_file_that_is_not_one(
    qtbot: QtBot, db: Database, directory: Directory, tmp_path: Path
) -> None:
    case = case_where(db, WHERE["dispatched"])
    dialog = open_dialog(
        qtbot, E.HANDLE, case, directory, person_with(directory, Role.DUTY_OFFICER)
    )
    photo = write_png(tmp_path / "after.png")
    notes = tmp_path / "notes.txt"
    notes.write_text("不是照片", encoding="utf-8")
    fake = tmp_path / "broken.png"
    fake.write_bytes(b"not really a png")
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as fh:  # sparse: 21 MB without writing them
        fh.truncate(21 * 1024 * 1024)

    assert dialog.add_photos([photo, photo]) == []
    photos = dialog.findChild(QListWidget, "photos")
    assert photos.count() == 1 and photos.item(0).text() == "after.png"
    assert not photos.item(0).icon().isNull()

    problems = dialog.add_photos([notes, fake, tmp_path / "missing.jpg", huge])
    assert problems == [
        "notes.txt 不是图片文件",
        "broken.png 不是有效的图片文件",
        "无法读取 missing.jpg",
        "huge.jpg 超过 20 MB",
    ]
    assert error_text(dialog) == "\n".join(problems)
    assert photos.count() == 1

    type_text(qtbot, dialog.findChild(QPlainTextEdit, "note"), "已拆除违章搭建")
    click_ok(qtbot, dialog)
    assert dialog.request().photos == (photo,)


def test_photos_come_from_the_file_dialog_and_can_be_removed(
    qtbot: QtBot, db: Database, directory: Directory, tmp_path: Path
) -> None:
    case = case_where(db, WHERE["dispatched"])
    dialog = open_dialog(
        qtbot, E.HANDLE, case, directory, person_with(directory, Role.DUTY_OFFICER)
    )
    first, second = write_png(tmp_path / "a.png"), write_png(tmp_path / "b.png")
    qtbot.mouseClick(dialog.findChild(QPushButton, "add_photos"), Qt.MouseButton.LeftButton)
    files = dialog.findChild(QFileDialog)
    qtbot.waitUntil(files.isVisible)
    files.setDirectory(str(tmp_path))
    files.selectFile(f'"{first.name}" "{second.name}"')
    files.accept()
    photos = dialog.findChild(QListWidget, "photos")
    assert photos.count() == 2

    remove = dialog.findChild(QPushButton, "remove_photo")
    assert not remove.isEnabled()
    photos.setCurrentRow(0)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.findChild(QPlainTextEdit, "note"), "已处理")
    click_ok(qtbot, dialog)
    assert dialog.request().photos == (second,)


# -- every event against the engine ------------------------------------------------------------
def _case_for(event: EventType, db: Database, commands: CaseCommands, directory: Directory):
    which = CASE_FOR[event]
    if which != "shelve":
        return case_where(db, WHERE[which])
    case = case_where(db, WHERE["dispatched"])
    officer = person_with(directory, Role.DUTY_OFFICER)
    command = Command(E.SHELVE_REQUEST, officer.code, Role.DUTY_OFFICER, NOW, "历史遗留问题")
    commands.apply(case.id, command)
    return CaseDetailRepository(db.engine).load(case.id)


@pytest.mark.parametrize("event", USER_EVENTS, ids=lambda e: e.value)
def test_every_action_dialog_refuses_what_the_engine_refuses_and_sends_what_it_accepts(
    qtbot: QtBot,
    db: Database,
    directory: Directory,
    commands: CaseCommands,
    tmp_path: Path,
    event: EventType,
) -> None:
    case = _case_for(event, db, commands, directory)
    person = person_with(directory, ROLE_FOR.get(event, Role.DUTY_OFFICER))
    at = max(NOW, case.projection.updated_at + timedelta(minutes=1))
    dialog = open_dialog(qtbot, event, case, directory, person)
    if event is E.REJECT_DUPLICATE and not case.duplicates:
        type_text(qtbot, dialog.findChild(QLineEdit, "duplicate_of"), "SD0001")

    click_ok(qtbot, dialog)  # with the note left empty
    refused = dialog.isVisible()
    assert bool(error_text(dialog)) == refused
    if refused:
        type_text(qtbot, dialog.findChild(QPlainTextEdit, "note"), "现场已核实")
        if event is E.HANDLE:
            dialog.add_photos([write_png(tmp_path / "after.png")])
        click_ok(qtbot, dialog)
    assert not dialog.isVisible(), error_text(dialog)
    request = dialog.request()
    assert (request.case_id, request.event, request.role) == (case.id, event, dialog.action.role)

    # The dialog asked for a note exactly when the engine requires one.
    empty = Command(request.event, person.code, request.role, at, "", dict(request.payload))
    try:
        check(empty, case.projection, actor_roles=person.roles)
        note_required = False
    except MissingField as exc:
        note_required = exc.details.get("field") == "note"
    assert refused == note_required
    # And what it sends the store records.
    recorded = commands.apply(case.id, command_for(request, person, at))
    assert recorded.event_id > 0


# -- how it looks ------------------------------------------------------------------------------
def test_dialog_text_is_in_the_font_and_fits(
    qtbot: QtBot, db: Database, directory: Directory, commands: CaseCommands, tmp_path: Path
) -> None:
    original = case_where(db, WHERE["reported"])
    case = report_near(commands, directory, original, "SD202611210005", metres=20)
    officer = person_with(directory, Role.DUTY_OFFICER)
    for event, subject in ((E.ACCEPT, case), (E.DISPATCH, case_where(db, WHERE["accepted"]))):
        dialog = open_dialog(qtbot, event, subject, directory, officer)
        assert dialog.width() >= 520
        for label in dialog.findChildren(QLabel):
            metrics = QFontMetrics(label.font())
            cjk = {ch for ch in label.text() if "\u3000" <= ch <= "\u9fff"}
            missing = {ch for ch in cjk if not metrics.inFontUcs4(ord(ch))}
            assert not missing, f"{label.text()!r}: no glyph for {missing}"
            if label.isVisible() and not label.wordWrap():
                assert metrics.horizontalAdvance(label.text()) <= label.width(), label.text()
        image = dialog.grab()
        assert not image.isNull()
        assert image.save(str(tmp_path / f"dialog_{event.value}.png"))
