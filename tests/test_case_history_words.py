"""[13/20] 3: a case's history says who and for whom. The 派遣 row names the grid leader or the
departments it went to; a 处置反馈 typed at the desk on the handler's behalf says 代<handler>录入;
the 核查 dialog shows the handler's 处置情况 and the photos after handling beside those before."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commandcenter import defaults
from commandcenter.domain.actions import Action
from commandcenter.domain.enums import HandlerKind, Priority, Role, Source
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.transitions import Command
from commandcenter.store.case_commands import CaseCommands, NewCase
from commandcenter.store.case_detail import CaseDetail, CaseDetailRepository
from commandcenter.store.database import Database
from commandcenter.store.directory import load_directory
from commandcenter.ui.case.case_action_dialog import CaseActionDialog
from commandcenter.ui.case.case_event_table_model import CaseEventTableModel

E = EventType
NOW = datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def db(street_database: Database) -> Database:
    return street_database


def _one(db: Database, sql: str) -> str:
    with db.engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    assert value is not None, sql
    return str(value)


def _png(colour: str) -> bytes:
    image = QImage(80, 60, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data.data())


def _case(db: Database, departments: bool) -> tuple[CaseDetail, dict[str, str]]:
    """Reported with a photo, accepted, dispatched, and handled as the duty officer types it
    for the handler (with a photo after)."""
    commands = CaseCommands(db.engine, defaults.calendar())
    officer = _one(db, "SELECT person_code FROM person_roles WHERE role = 'duty_officer'")
    member = _one(db, "SELECT person_code FROM person_roles WHERE role = 'grid_member'")
    grid = _one(db, f"SELECT grid_code FROM person_grids WHERE person_code = '{member}'")
    leader = _one(db, f"SELECT leader_code FROM grids WHERE code = '{grid}' AND is_current")
    category = _one(db, "SELECT code FROM categories WHERE time_limit IS NOT NULL ORDER BY code")
    names = {
        "leader": _one(db, f"SELECT name FROM people WHERE code = '{leader}'"),
        "officer": _one(db, f"SELECT name FROM people WHERE code = '{officer}'"),
    }
    before, after = _png("#a33"), _png("#3a3")
    shas = {"before": db.blobs.put(before), "after": db.blobs.put(after)}
    at = NOW - timedelta(hours=5)
    recorded = commands.report(
        NewCase("ZZ-WHO-0001", category, Source.PATROL, Priority.NORMAL, grid, "占道经营",
                "商都路3号", None, None),
        Command(E.REPORT, member, Role.GRID_MEMBER, at, "巡查上报"),
        [(shas["before"], "image/png", len(before))],
    )  # fmt: skip
    case_id = recorded.case_id
    commands.apply(
        case_id, Command(E.ACCEPT, officer, Role.DUTY_OFFICER, at + timedelta(minutes=5))
    )
    if departments:
        codes = [c for c in _one(db, "SELECT group_concat(code) FROM (SELECT code FROM departments"
                                 " ORDER BY code LIMIT 2)").split(",")]  # fmt: skip
        names["departments"] = "、".join(
            _one(db, f"SELECT name FROM departments WHERE code = '{c}'") for c in codes
        )
        payload = {"handler_kind": HandlerKind.JOINT.value, "departments": codes}
    else:
        payload = {"handler_kind": HandlerKind.GRID_LEADER.value, "person": leader}
    commands.apply(
        case_id,
        Command(E.DISPATCH, officer, Role.DUTY_OFFICER, at + timedelta(minutes=10), "", payload),
    )
    commands.apply(
        case_id,
        Command(E.HANDLE, officer, Role.DUTY_OFFICER, at + timedelta(hours=2), "已劝离摊贩"),
        [(shas["after"], "image/png", len(after))],
    )
    names.update(shas)
    return CaseDetailRepository(db.engine).load(case_id), names


def test_the_dispatch_names_whom_and_desk_typed_handling_says_for_whom(
    qtbot: QtBot, db: Database
) -> None:
    case, names = _case(db, departments=False)
    model = CaseEventTableModel()
    model.set_events(case.events)
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    steps = {row[1].split("（")[0].split(" →")[0]: row for row in rows}
    assert steps["派遣"][1] == f"派遣 → {names['leader']}"
    assert steps["处置反馈"][2] == f"{names['officer']}（值班员）代{names['leader']}录入"
    assert steps["处置反馈"][1] == "处置反馈（照片1）"
    assert "代" not in steps["受理立案"][2]


def test_a_joint_dispatch_names_the_departments(db: Database) -> None:
    case, names = _case(db, departments=True)
    dispatch = next(e for e in case.events if e.type is E.DISPATCH)
    assert "、".join(dispatch.dispatched_to) == names["departments"]
    handled = next(e for e in case.events if e.type is E.HANDLE)
    assert "、".join(handled.on_behalf_of) == names["departments"]


def test_the_verify_dialog_shows_the_handling_and_photos_before_and_after(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    case, names = _case(db, departments=False)
    images = {}
    for key in ("before", "after"):
        image = QImage()
        assert image.loadFromData(db.blobs.get(names[key]))
        images[names[key]] = image
    directory = load_directory(db.engine)
    dialog = CaseActionDialog(Action(E.VERIFY_PASS, Role.INSPECTOR), case, directory, images=images)
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.findChild(QLabel, "handling_note")
    assert note is not None
    assert note.text() == (
        f"处置情况（{names['officer']}代{names['leader']}录入，{case.events[-1].at:%m-%d %H:%M}）"
        "：已劝离摊贩"
    )
    for name in ("before_photos", "after_photos"):
        box = dialog.findChild(QGroupBox, name)
        assert box is not None
        thumbs = [w for w in box.findChildren(QLabel) if not w.pixmap().isNull()]
        assert len(thumbs) == 1, name
    before, after = (
        dialog.findChild(QGroupBox, "before_photos"),
        dialog.findChild(QGroupBox, "after_photos"),
    )
    assert before.geometry().right() < after.geometry().left()  # side by side
    assert dialog.grab().save(str(tmp_path / "verify.png"))
