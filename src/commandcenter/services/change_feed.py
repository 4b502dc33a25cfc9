"""Polls the `changes` table on the read lane and says which cases changed: the window's only
source of "something happened", whether this window, another process, `tick` or sync wrote it.
One poll at a time; a slow read delays the next poll instead of piling them up."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ..store.changes import ChangeLog
from .task_runner import TaskRunner

log = logging.getLogger(__name__)

POLL_MS = 300


class ChangeFeed(QObject):
    cases_changed = Signal(object)  # frozenset[int] of case ids

    def __init__(self, runner: TaskRunner, changes: ChangeLog, parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._changes = changes
        self._seq: int | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """From now on: what was written before is already on screen."""
        self._busy = True
        self._runner.run("read", self._changes.last_seq, self._on_started, self._on_failed)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _on_started(self, seq: int) -> None:
        self._seq, self._busy = seq, False
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self._busy or self._seq is None:
            return
        self._busy = True
        seq = self._seq
        self._runner.run("read", lambda: self._changes.since(seq), self._on_polled, self._on_failed)

    def _on_polled(self, result: tuple[int, frozenset[int]]) -> None:
        self._busy = False
        seq, ids = result
        self._seq = seq
        if ids:
            self.cases_changed.emit(ids)

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        log.warning("change poll failed: %s", error)
