"""Alerts (SPEC §3): a new urgent case, and a case turning red. Each is raised once — not once per
refresh — as the `alert_raised` signal; the window turns it into a tray notification, a sound and
an entry in the status bar's list.

What was already there when the window opened is the baseline: urgent reports already waiting
and deadlines already passed do not alert. After that, every 30 s (and whenever cases change)
the deadlines that passed since the last look are read, and changed cases are checked for new
urgent reports. Reads run on the read lane."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import Engine

from ..store.alerts import AlertCase, turned_red, urgent_reports
from .task_runner import Prepared, SingleFlight, TaskRunner

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
KEEP = 50  # recent alerts kept for the status bar's list


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # "urgent" or "red"
    case: AlertCase
    at: datetime

    URGENT = "urgent"
    RED = "red"


class AlertService(QObject):
    alert_raised = Signal(object)  # Alert

    def __init__(
        self,
        runner: TaskRunner,
        engine: Engine,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._engine = engine
        self._clock = clock
        self._since: datetime | None = None
        self._urgent_seen: set[int] = set()
        self._red_seen: set[tuple[int, datetime | None]] = set()
        self._pending_ids: set[int] = set()
        self._checks = SingleFlight(runner, "read")
        self.recent: deque[Alert] = deque(maxlen=KEEP)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)

    @property
    def started(self) -> bool:
        return self._since is not None

    @property
    def busy(self) -> bool:
        """A look is under way or asked for; False once every look asked for has ended."""
        return self._checks.busy

    def start(self) -> None:
        """Take the baseline, then look every interval."""
        now = self._clock()
        engine = self._engine

        def baseline() -> list[AlertCase]:
            return urgent_reports(engine)

        def taken(cases: list[AlertCase]) -> None:
            self._urgent_seen = {c.case_id for c in cases}
            self._since = now
            self._timer.start()

        self._runner.run("read", baseline, taken, self._on_failed)

    def stop(self) -> None:
        self._timer.stop()

    def cases_changed(self, ids: Iterable[int]) -> None:
        """Changed cases (from the change feed): check them for new urgent reports."""
        self._pending_ids |= set(ids)
        self.check_now()

    def check_now(self) -> None:
        if self._since is not None:
            self._checks.request(self._prepare_check, self._on_failed)

    def _prepare_check(self) -> Prepared:
        since, now = self._since or self._clock(), self._clock()
        ids, self._pending_ids = frozenset(self._pending_ids), set()
        engine = self._engine

        def read() -> tuple[list[AlertCase], list[AlertCase]]:
            urgent = urgent_reports(engine, ids) if ids else []
            red = turned_red(engine, since, now) if now > since else []
            return urgent, red

        def done(result: tuple[list[AlertCase], list[AlertCase]]) -> None:
            self._since = max(since, now)
            urgent, red = result
            for case in urgent:
                if case.case_id not in self._urgent_seen:
                    self._urgent_seen.add(case.case_id)
                    self._raise(Alert(Alert.URGENT, case, now))
            for case in red:
                key = (case.case_id, case.due_at)
                if key not in self._red_seen:
                    self._red_seen.add(key)
                    self._raise(Alert(Alert.RED, case, now))

        return read, done

    def _raise(self, alert: Alert) -> None:
        self.recent.appendleft(alert)
        self.alert_raised.emit(alert)

    def _on_failed(self, error: BaseException) -> None:
        log.error("alert check failed: %s", error)
