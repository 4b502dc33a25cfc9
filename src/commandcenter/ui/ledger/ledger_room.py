"""The ledger's room: 报表 → 整改台账… opens the ledger in its own window (one per main window),
read again each time it is shown; a writable window also imports ledgers typed in Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ...features.ledger_import import LedgerImporter
from ...services.task_runner import TaskRunner
from ...store.directory import Directory
from ..common.room import Room
from .ledger_view import LedgerView, LoadLedger


class LedgerRoom(Room):
    menu = "reports"

    def __init__(
        self,
        runner: TaskRunner,
        load: LoadLedger | None,
        clock: Callable[[], datetime],
        importer: LedgerImporter | None = None,  # None: a read-only window imports nothing
    ) -> None:
        text = QCoreApplication.translate("MainWindow", "整改台账…")
        super().__init__(self.entry(text, "action_ledger", "Ctrl+Shift+L"))
        self.action.setEnabled(False)  # until the directory is loaded, if it can be read
        self.load = load
        self._runner = runner
        self._clock = clock
        self._importer = importer
        self.ledger: LedgerView | None = None

    def set_directory(self, directory: Directory) -> None:
        super().set_directory(directory)
        self.action.setEnabled(self.load is not None)
        if self.ledger is not None:
            self.ledger.set_directory(directory)

    def open(self) -> LedgerView | None:
        if self.load is None:
            return None
        if self.ledger is None:
            self.ledger = LedgerView(self._runner, self.load, self._clock, self.host)
            self.ledger.set_directory(self.directory)
            if self._importer is not None:
                self.ledger.enable_import(self._importer)
        self.ledger.show()
        self.ledger.raise_()
        self.ledger.activateWindow()
        self.ledger.reload()
        return self.ledger
