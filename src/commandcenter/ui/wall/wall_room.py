"""The escalation wall's room: 视图 → 升级督办墙 opens it in its own window (one per main window),
read on the count lane and refreshed with the queues."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ...services.task_runner import SingleFlight, TaskRunner
from ...store.escalations import WallRow
from ..common.room import Room
from .escalation_wall import EscalationWall

LoadWall = Callable[[datetime], list[WallRow]]  # the rows as of a time; a worker's call


class WallRoom(Room):
    menu = "view"

    def __init__(self, runner: TaskRunner, load: LoadWall, clock: Callable[[], datetime]) -> None:
        text = QCoreApplication.translate("MainWindow", "升级督办墙")
        super().__init__(self.entry(text, "action_wall", "Ctrl+Shift+W"))
        self.load = load
        self._clock = clock
        self._reads = SingleFlight(runner, "count")
        self.wall: EscalationWall | None = None

    def open(self) -> EscalationWall:
        if self.wall is None:
            grids = self.directory.grids if self.directory else ()
            streets = [g.name for g in grids if g.level == 1]
            title = self.action.text() + (f" — {streets[0]}" if len(streets) == 1 else "")
            self.wall = EscalationWall(self._clock, title, self.host)
            self.wall.refresh_requested.connect(self.refresh)
        self.wall.show()
        self.wall.raise_()
        self.wall.start()
        return self.wall

    def refresh(self) -> None:
        load, wall = self.load, self.wall
        if wall is None:
            return

        def prepare() -> tuple[Callable[[], list[WallRow]], Callable[[list[WallRow]], None]]:
            now = self._clock()
            return lambda: load(now), lambda rows: wall.set_rows(rows, now)

        self._reads.request(prepare, self._on_failed)

    def cases_changed(self) -> None:
        if self.wall is not None and self.wall.isVisible():
            self.refresh()

    def stop(self) -> None:
        if self.wall is not None:
            self.wall.stop()
