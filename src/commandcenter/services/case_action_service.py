"""Records what a person does to a case from the window (features/case_action.py) on the write
lane. The GUI thread never waits; the result comes back as a signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from ..features.case_action import ActionRequest, record_action
from ..store.blobs import BlobStore
from ..store.case_commands import CaseCommands, Recorded
from .task_runner import TaskRunner

log = logging.getLogger(__name__)


class CaseActionService(QObject):
    action_recorded = Signal(object, object)  # ActionRequest, Recorded
    action_failed = Signal(object, object)  # ActionRequest, BaseException

    def __init__(
        self,
        runner: TaskRunner,
        commands: CaseCommands,
        blobs: BlobStore,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._commands = commands
        self._blobs = blobs
        self._clock = clock

    def submit(self, person_code: str, request: ActionRequest) -> None:
        def work() -> Recorded:
            return record_action(self._commands, self._blobs, person_code, request, self._clock())

        self._runner.run(
            "write",
            work,
            lambda recorded: self.action_recorded.emit(request, recorded),
            lambda error: self._on_failed(request, error),
        )

    def _on_failed(self, request: ActionRequest, error: BaseException) -> None:
        log.info("action %s on case %s refused: %s", request.event, request.case_id, error)
        self.action_failed.emit(request, error)
