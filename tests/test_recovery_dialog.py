"""[12/20] 3 and 7: the window's words for a damaged workstation database. Before the demo's
window opens on it, a dialog says what every command says in one line and offers the newest
backup; putting it back gives the database as it was backed up, the damaged file kept beside it.
Without a backup there is nothing to press but 退出."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from commandcenter.features.demo import DemoSession, recover_if_damaged
from commandcenter.store.backup import Backup, backups_of, make_backup
from commandcenter.store.errors import DatabaseDamaged
from commandcenter.store.sqlite import check_sqlite_file
from commandcenter.ui.recovery.recovery_dialog import RecoveryDialog

NOW = datetime(2026, 12, 7, 8, 30)


def _counts(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(path) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("cases", "case_events", "outbox", "grids", "people")
        )


def _damaged(path: Path) -> DatabaseDamaged:
    with pytest.raises(DatabaseDamaged) as info:
        check_sqlite_file(path, must_exist=True)
    return info.value


def test_the_dialog_says_the_damage_and_offers_the_newest_backup(
    qtbot: QtBot, street_db: Path, tmp_path: Path
) -> None:
    older = make_backup(street_db, now=NOW - timedelta(days=1), folder=tmp_path / "b")
    newest = make_backup(street_db, now=NOW, folder=tmp_path / "b")
    os.truncate(street_db, 50)
    dialog = RecoveryDialog(_damaged(street_db), [newest, older])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "数据库已损坏"
    assert str(street_db) in dialog.text()
    assert "cut short: 50 bytes" in dialog.informativeText()
    assert "2026-12-07 08:30" in dialog.informativeText()
    assert dialog.restore_button is not None and dialog.defaultButton() is dialog.restore_button
    dialog.show()
    dialog.grab().save(str(tmp_path / "recovery.png"))
    dialog.restore_button.click()
    assert dialog.chosen() == newest


def test_without_a_backup_there_is_only_quit(qtbot: QtBot, street_db: Path) -> None:
    os.truncate(street_db, street_db.stat().st_size // 2)
    dialog = RecoveryDialog(_damaged(street_db), [])
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert "没有可用的备份" in dialog.informativeText()
    assert [b.text() for b in dialog.buttons()] == ["退出"]
    dialog.show()
    dialog.buttons()[0].click()
    assert dialog.chosen() is None


class _Window:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[tuple[DatabaseDamaged, list[Backup]]] = []

    def open(self, session: DemoSession) -> int:
        raise AssertionError("the window is not opened here")

    def recover(self, error: DatabaseDamaged, backups: list[Backup]) -> Backup | None:
        self.asked.append((error, backups))
        return backups[0] if self.answer and backups else None


def test_the_demo_puts_the_chosen_backup_back_before_it_syncs(street_db: Path) -> None:
    made = make_backup(street_db, now=NOW)
    before = _counts(street_db)
    os.truncate(street_db, street_db.stat().st_size // 2)
    said: list[str] = []
    window = _Window(answer=True)
    recover_if_damaged(street_db, window, said.append)
    assert [b.path for b in window.asked[0][1]] == [made.path]
    check_sqlite_file(street_db, must_exist=True)  # whole again
    assert _counts(street_db) == before
    assert any(p.name.startswith("street.db.replaced-") for p in street_db.parent.iterdir())
    assert "Restored" in said[0]
    assert backups_of(street_db) == [made]


def test_declining_leaves_the_damage_to_be_said_and_the_file_as_it_is(street_db: Path) -> None:
    make_backup(street_db, now=NOW)
    os.truncate(street_db, 50)
    with pytest.raises(DatabaseDamaged, match="restore it from a backup"):
        recover_if_damaged(street_db, _Window(answer=False), print)
    assert street_db.stat().st_size == 50
