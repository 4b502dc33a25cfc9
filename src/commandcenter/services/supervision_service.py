"""Runs the supervision rules of [2/10] (超时督办, escalation by delay) on a timer while the window
is open, so overdue cases are flagged without anyone running `tick`.

Each run is `commandcenter tick` in a child process, not a thread of the window: a tick with a
backlog (the first after a night or a weekend offline) is seconds of Python, and on a thread it
holds the interpreter lock against the GUI thread, which then stutters (measured on the
1 000 000-case district: GUI stalls p99 58 ms, max 160 ms on the write lane; 39 ms / 99 ms with
the same tick in a process; benchmarks/bench_window.py). Its writes are SQLite transactions like
any other writer's and reach the window through the change feed."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from ..store.supervision_tick import TickReport

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000
STOP_WAIT_MS = 3_000


def tick_command(db_path: Path, now: datetime) -> list[str]:
    """The command line of one tick: the installed program's own `tick`."""
    args = ["tick", "--db", str(db_path), "--now", now.isoformat(timespec="seconds"), "--json"]
    if getattr(sys, "frozen", False):  # a packaged build: the executable is the CLI
        return [sys.executable, *args]
    return [sys.executable, "-m", "commandcenter.cli", *args]


class SupervisionService(QObject):
    tick_finished = Signal(object)  # TickReport
    tick_failed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._db_path = db_path
        self._clock = clock
        self._process: QProcess | None = None
        self._held = False
        self._missed = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.run_now)

    @property
    def busy(self) -> bool:
        return self._process is not None

    def start(self) -> None:
        self._timer.start()
        self.run_now()

    def stop(self) -> None:
        """Stop the timer and a tick under way. A tick commits in batches, each whole or not at
        all, so one stopped half-way leaves every case consistent; the next run resumes."""
        self._timer.stop()
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect()
        process.terminate()
        if not process.waitForFinished(STOP_WAIT_MS):
            process.kill()
            process.waitForFinished(STOP_WAIT_MS)
        process.deleteLater()

    def hold(self, held: bool) -> None:
        """Held while a sync writes page after page: a tick would wait for the write lock
        (and could wait past the busy timeout). A tick asked for meanwhile runs on release."""
        self._held = held
        if not held and self._missed and self._timer.isActive():
            self._missed = False
            self.run_now()

    def run_now(self) -> None:
        if self._process is not None:
            return  # the last one is still running: this minute's work is in it
        if self._held:
            self._missed = True
            return
        program, *args = tick_command(self._db_path, self._clock())
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(args)
        process.finished.connect(lambda code, _status: self._on_finished(process, code))
        process.errorOccurred.connect(lambda error: self._on_error(process, error))
        self._process = process
        process.start()

    def _on_error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        # A crash also ends in finished(); only a failure to start does not.
        if error is QProcess.ProcessError.FailedToStart and process is self._process:
            self._process = None
            process.deleteLater()
            message = f"cannot start {process.program()}: {process.errorString()}"
            log.error("supervision tick failed: %s", message)
            self.tick_failed.emit(message)

    def _on_finished(self, process: QProcess, code: int) -> None:
        if process is not self._process:
            return
        self._process = None
        out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        err = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        process.deleteLater()
        if code != 0 or process.exitStatus() != QProcess.ExitStatus.NormalExit:
            lines = err.strip().splitlines()
            # The error's own line, not SQLAlchemy's closing "(Background on this error …)".
            said = [line for line in lines if not line.startswith("(Background on this error")]
            message = said[-1] if said else f"exit code {code}"
            log.error("supervision tick failed: %s", message)
            self.tick_failed.emit(message)
            return
        try:
            data = json.loads(out.strip().splitlines()[-1])
            data.pop("now", None)
            report = TickReport(**data)
        except (ValueError, IndexError, TypeError) as exc:
            log.error("supervision tick gave an unreadable report: %r (%s)", out[-200:], exc)
            self.tick_failed.emit(f"unreadable report: {exc}")
            return
        self.tick_finished.emit(report)
