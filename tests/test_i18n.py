"""Languages: every user-visible string has an English translation and the compiled .qm is the
.ts's; with English no Chinese remains in the window's own strings (the data — names, grids,
categories, descriptions — stays as it is); the default Chinese has Qt's own buttons in Chinese."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commandcenter import paths
from commandcenter.app import App, build_app
from commandcenter.domain.actions import Action
from commandcenter.domain.enums import (
    CaseState,
    CategoryKind,
    EscalationLevel,
    Priority,
    Role,
    Source,
)
from commandcenter.domain.lifecycle import EventType
from commandcenter.domain.model import GRID_LEVEL_NAMES
from commandcenter.store.database import open_readonly
from commandcenter.store.queues import Queue
from commandcenter.ui.case.case_action_dialog import CaseActionDialog
from commandcenter.ui.common import i18n
from commandcenter.ui.common.domain_texts import DOMAIN_TEXTS
from commandcenter.ui.wall.wall_room import WallRoom

NOW = datetime(2026, 11, 21, 9, 0)
TS = paths.resource("i18n", "commandcenter_en.ts")
QM = paths.resource("i18n", "commandcenter_en.qm")
SOURCES = sorted(
    str(p)
    for folder in ("ui", "services")
    for p in (paths.root() / "src" / "commandcenter" / folder).rglob("*.py")
)
SOURCES.append(str(paths.root() / "src" / "commandcenter" / "app.py"))
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            translation = m.find("translation")
            done = translation is not None and translation.get("type") is None
            out[(name, m.findtext("source") or "")] = translation.text if done else None
    return out


def _tool(name: str) -> str:
    """A Qt tool of the venv (pyside6-lupdate, pyside6-lrelease), beside its python."""
    found = Path(sys.executable).parent / name
    assert found.exists(), found
    return str(found)


def test_every_string_of_the_sources_has_a_finished_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copyfile(TS, fresh)
    subprocess.run(
        [_tool("pyside6-lupdate"), *SOURCES, "-ts", str(fresh), "-no-obsolete"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed, current = _messages(TS), _messages(fresh)
    assert set(current) == set(committed), "run `make translations`"
    unfinished = [key for key, value in current.items() if not value]
    assert unfinished == []
    assert all(not CJK.search(value or "") for value in current.values())


def test_the_compiled_translation_is_the_ts(tmp_path: Path) -> None:
    out = tmp_path / "en.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert out.read_bytes() == QM.read_bytes(), "run `make translations`"


def test_every_domain_label_is_listed_for_translation() -> None:
    labels = {
        m.label
        for enum in (
            CaseState,
            Role,
            Priority,
            Source,
            CategoryKind,
            EscalationLevel,
            EventType,
            Queue,
        )
        for m in enum
    }
    labels |= set(GRID_LEVEL_NAMES.values())
    assert labels <= set(DOMAIN_TEXTS)


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.use_language(qapp, "en")
    yield
    i18n.reset(qapp)


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    # A list model's columnCount is not callable from Python: it has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for row in range(min(model.rowCount(parent), 50)):
        for column in range(columns):
            index = model.index(row, column, parent)
            out.append(str(model.data(index) or ""))
            out.append(str(model.data(index, Qt.ItemDataRole.ToolTipRole) or ""))
        out += _model_texts(model, model.index(row, 0, parent))
    return out


def _window_strings(window: QWidget) -> list[str]:
    out = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            out.append(widget.text())
        elif isinstance(widget, QLineEdit):
            out.append(widget.placeholderText())
        elif isinstance(widget, QTabBar):
            out += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            out += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QDockWidget):
            out.append(widget.windowTitle())
        out.append(widget.toolTip())
    for action in window.findChildren(QAction):
        out += [action.text(), action.toolTip()]
    for model in window.findChildren(QAbstractItemModel):
        out += _model_texts(model)
    return out


def _data_strings(app: App) -> list[str]:
    queries = (
        "SELECT name FROM grids",
        "SELECT name FROM categories",
        "SELECT name FROM people",
        "SELECT name FROM departments",
        "SELECT description FROM cases",
        "SELECT address FROM cases",
        "SELECT note FROM case_events",
    )
    with app.db.engine.connect() as conn:
        found = {str(v) for q in queries for (v,) in conn.execute(text(q)) if v}
    return sorted(found, key=len, reverse=True)


@contextmanager
def app_wall(qtbot: QtBot, app: App) -> Iterator[QWidget]:
    room = app.window.room(WallRoom)
    assert room is not None
    wall = room.open()
    assert wall is not None
    with qtbot.waitSignal(wall.rows_shown, timeout=10_000):
        pass
    try:
        yield wall
    finally:
        wall.close()


def test_in_english_no_chinese_remains_but_the_data(
    english: None, qtbot: QtBot, street_db: Path
) -> None:
    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False)
    qtbot.addWidget(built.window)
    try:
        window = built.window
        window.resize(1600, 1000)
        window.show()
        with qtbot.waitSignal(window.ready, timeout=15_000):
            window.start()
        with app_wall(qtbot, built) as wall:
            strings = _window_strings(window) + _window_strings(wall)
        sign_in = window.open_sign_in()
        assert sign_in is not None
        strings += _window_strings(sign_in)
        sign_in.reject()
        case, directory = window.case_dock.case, window.directory
        assert case is not None and directory is not None
        for event in (EventType.ACCEPT, EventType.DISPATCH, EventType.HANDLE):
            dialog = CaseActionDialog(Action(event, Role.DUTY_OFFICER), case, directory)
            strings += _window_strings(dialog)
            dialog.deleteLater()
        assert "To accept" in window.queues.tabs.tabText(0)
        # [13/20] 4: the title is the street's name alone (Qt adds the application's name
        # after it), and the grid tree's names keep their room in English too.
        assert directory is not None
        (street,) = [g.name for g in directory.grids if g.level == 1]
        assert window.windowTitle() == street
        tree = window.grid_dock
        assert tree.view.header().sectionSize(0) >= tree.name_width
        data = _data_strings(built)
        left = []
        for s in strings:
            for d in data:
                if d in s:
                    s = s.replace(d, "")
            if CJK.search(s):
                left.append(s)
        assert sorted(set(left)) == []
    finally:
        built.close()


def test_chinese_by_default_with_qt_s_own_buttons_in_chinese(qapp: QApplication) -> None:
    i18n.use_language(qapp, "zh_CN")
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts == {"确定", "取消"}
        box.deleteLater()
    finally:
        i18n.reset(qapp)


def test_screenshot_in_english(street_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.png"
    command = [sys.executable, "-m", "commandcenter.cli", "screenshot", "--db", str(street_db)]
    done = subprocess.run(
        [*command, "--view", "wall", "--lang", "en", "--size", "800x600", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
    bad = subprocess.run(
        [*command, "--lang", "fr", "--out", str(tmp_path / "fr.png")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "fr" in bad.stderr
