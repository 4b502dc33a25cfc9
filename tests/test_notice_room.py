"""报表 → 督查通报… in the window: the room's entry and shortcut, the week before this one chosen
by default, the PDF written on the export lane the same as `commandcenter notice` writes it, a
target that cannot be written said in the dialog with nothing written, and a room without a
window to open refused as it is declared."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commandcenter.app import App, build_app
from commandcenter.cli import main
from commandcenter.store.database import open_readonly
from commandcenter.ui.common.room import Room
from commandcenter.ui.notice.notice_dialog import NoticeDialog
from commandcenter.ui.notice.notice_room import NoticeRoom
from windows import show_window

NOW = datetime(2026, 11, 20, 17, 0)  # the seeded street's last day: W47 running, W46 over
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is a system package"
)


@pytest.fixture
def app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False, show_map=False)
    show_window(qtbot, built, (1400, 900))
    yield built
    built.close()


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _open(app: App) -> NoticeDialog:
    room = app.window.room(NoticeRoom)
    assert room is not None
    reports = next(a.menu() for a in app.window.menuBar().actions() if a.text() == "报表(&R)")
    assert room.action in reports.actions()
    assert room.action.text() == "督查通报…"
    assert room.action.shortcut() == QKeySequence("Ctrl+Shift+N")
    room.action.trigger()
    assert room.dialog is not None and room.dialog.isVisible()
    return room.dialog


@needs_pdftotext
def test_the_window_writes_the_notice_the_cli_writes(
    app: App, qtbot: QtBot, street_db: Path, tmp_path: Path
) -> None:
    dialog = _open(app)
    period = dialog.week.period()
    assert period is not None and period.label == "2026-W46"  # a notice reports a week ended
    with qtbot.waitSignal(dialog.saved, timeout=60_000) as saved:
        dialog.export(tmp_path / "督查通报")  # the .pdf is added
    out = tmp_path / "督查通报.pdf"
    assert saved.args == [str(out)]
    assert str(out) in dialog.status.text() and "页" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    cli = tmp_path / "cli.pdf"
    args = ["--db", str(street_db), "--week", "2026-W46", "--now", NOW.isoformat()]
    assert main(["notice", *args, "--out", str(cli)]) == 0
    text = _text(out)
    assert "督查通报" in text.replace(" ", "") and text == _text(cli)


def test_a_target_that_cannot_be_written_is_said_and_nothing_is_written(
    app: App, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = _open(app)
    dialog.week.choose("2026-W47")
    papers = tmp_path / "papers"
    papers.mkdir()
    missing = papers / "no-such-folder" / "notice.pdf"
    with qtbot.waitSignal(dialog.save_failed, timeout=30_000) as failed:
        dialog.export(missing)
    assert "no-such-folder" in failed.args[0] and "导出失败" in failed.args[0]
    assert dialog.status.text() == failed.args[0]
    assert list(papers.iterdir()) == []
    assert dialog.export_button.isEnabled()  # the duty officer can choose again


def test_the_room_opens_one_dialog_again_and_again(app: App) -> None:
    first = _open(app)
    first.close()
    assert _open(app) is first


def test_a_room_with_nothing_to_open_is_refused_as_it_is_declared() -> None:
    with pytest.raises(TypeError, match="Nowhere is a room with nothing to open"):

        class Nowhere(Room):
            menu = "reports"
