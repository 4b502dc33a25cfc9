"""The notice's room: 报表 → 督查通报… opens the week's supervision notice dialog (one per main
window), which writes the PDF on the export lane."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ...services.task_runner import TaskRunner
from ..common.room import Room
from .notice_dialog import NoticeDialog, SaveNotice


class NoticeRoom(Room):
    menu = "reports"

    def __init__(self, runner: TaskRunner, save: SaveNotice, clock: Callable[[], datetime]) -> None:
        text = QCoreApplication.translate("MainWindow", "督查通报…")
        super().__init__(self.entry(text, "action_notice", "Ctrl+Shift+N"))
        self.save = save
        self._runner = runner
        self._clock = clock
        self.dialog: NoticeDialog | None = None

    def open(self) -> NoticeDialog:
        if self.dialog is None:
            self.dialog = NoticeDialog(self._runner, self.save, self._clock, self.host)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog
