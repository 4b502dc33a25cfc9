"""Background work in lanes, after Anki's TaskManager: each lane is one worker thread, so writes
are serialised and reads run beside them (WAL); results come back to the GUI thread through one
queued signal. The GUI thread never waits on a future."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

# "read" answers what the user is looking at (a page, a case); "count" takes the counts, which
# at district scale can take longer than a page and must never hold one up. "export" writes the
# files the user saves or prints (a ledger's PDF or workbook): seconds of painting that must hold
# up neither a read nor a write of the database.
LANES = ("read", "count", "write", "network", "export")


class TaskRunner(QObject):
    _task_done = Signal(object, object, object, object)  # on_done, on_error, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes = {
            lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"cc-{lane}")
            for lane in LANES
        }
        self._closed = False
        self._task_done.connect(self._on_task_done, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        lane: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future:
        """Run `fn` on `lane`; `on_done(result)` or `on_error(exc)` later on the GUI thread.
        After shutdown (the window closing) nothing runs: a late answer's follow-up asks for
        more work, which is dropped."""
        if self._closed:
            cancelled: Future = Future()
            cancelled.cancel()
            return cancelled
        future = self._lanes[lane].submit(fn)

        def finished(f: Future) -> None:
            if self._closed:
                return
            error = f.exception()
            result = None if error else f.result()
            self._task_done.emit(on_done, on_error, result, error)

        future.add_done_callback(finished)
        return future

    @Slot(object, object, object, object)
    def _on_task_done(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        result: Any,
        error: BaseException | None,
    ) -> None:
        if self._closed:
            return  # answered before shutdown, delivered after: nobody is waiting
        callback = on_done if error is None else on_error
        if callback is not None and not _alive(callback):
            log.info("a task's answer came after its receiver was deleted: dropped")
            return
        try:
            if error is None:
                on_done(result)
            elif on_error is not None:
                on_error(error)
            else:
                log.error("background task failed", exc_info=error)
        except RuntimeError as exc:
            # A closure that reaches a widget deleted while the task ran (the window closed):
            # the answer has nobody to show it to.
            if "already deleted" not in str(exc):
                raise
            log.info("a task's answer came after a widget it shows was deleted: %s", exc)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        for executor in self._lanes.values():
            executor.shutdown(wait=wait, cancel_futures=True)


def _alive(callback: Callable[..., Any]) -> bool:
    """False for a bound method of a Qt object whose C++ side is gone."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


Prepared = tuple[Callable[[], Any], Callable[[Any], None]]


class SingleFlight:
    """One task of a kind at a time on a lane (the counts, the wall, the alerts' look): asked
    again while one runs, it runs once more when that one ends — never twice at once, never a
    queue of stale requests. `prepare()` is called when the task really starts, so it reads the
    window's state of that moment; it returns the work (for the lane) and what to do with the
    result (on the GUI thread)."""

    def __init__(self, runner: TaskRunner, lane: str) -> None:
        self._runner = runner
        self._lane = lane
        self._busy = False
        self._again: tuple[Callable[[], Prepared], Callable[[BaseException], None] | None] | None
        self._again = None

    @property
    def busy(self) -> bool:
        return self._busy

    def request(
        self,
        prepare: Callable[[], Prepared],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        if self._busy:
            self._again = (prepare, on_error)
            return
        self._busy = True
        work, on_done = prepare()

        def done(result: Any) -> None:
            try:
                on_done(result)  # first: what it changes, the next run reads
            finally:
                self._finish()

        def failed(error: BaseException) -> None:
            try:
                if on_error is not None:
                    on_error(error)
                else:
                    log.error("background task failed: %s", error)
            finally:
                self._finish()

        self._runner.run(self._lane, work, done, failed)

    def _finish(self) -> None:
        self._busy = False
        again, self._again = self._again, None
        if again is not None:
            self.request(*again)
