"""Runs the supervision rules of [2/10] (超时督办, escalation by delay) on a timer, on the write
lane, so overdue cases are flagged while the window is open. What it writes reaches the window
through the change feed like any other write."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from ..store.supervision_tick import SupervisionTick
from .task_runner import TaskRunner

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000


class SupervisionService(QObject):
    tick_finished = Signal(object)  # TickReport

    def __init__(
        self,
        runner: TaskRunner,
        tick: SupervisionTick,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._tick = tick
        self._clock = clock
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.run_now)

    def start(self) -> None:
        self._timer.start()
        self.run_now()

    def stop(self) -> None:
        self._timer.stop()

    def run_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        now = self._clock()
        self._runner.run("write", lambda: self._tick.run(now), self._on_done, self._on_failed)

    def _on_done(self, report: object) -> None:
        self._busy = False
        self.tick_finished.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        log.error("supervision tick failed: %s", error)
