"""Keeps the map and the rest of the window in step: a grid clicked on the map filters the queues
and selects it in the tree (and the reverse), a marker clicked opens its case, the case shown is
highlighted on the map, and changed cases recolour, move or drop their markers — pushed into the
page, never by reloading it. Reads run on the read lane."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from ..services.task_runner import TaskRunner
from .map_dock import MapDock

if TYPE_CHECKING:
    from .main_window import MainWindow

GRID_LEVEL = 3  # the level drawn by default: the grids a case is filed in


@dataclass(frozen=True)
class MapData:
    grids: Callable[[int], list[dict[str, Any]]]  # level -> GeoJSON features
    markers: Callable[[datetime, Iterable[int] | None], list[dict[str, Any]]]


class MapLink(QObject):
    def __init__(
        self, window: MainWindow, dock: MapDock, runner: TaskRunner, data: MapData
    ) -> None:
        super().__init__(window)
        self._window = window
        self._dock = dock
        self._runner = runner
        self._data = data
        dock.ready.connect(self._load_all)
        dock.bridge.grid_clicked.connect(window.grid_dock.select_grid)
        dock.bridge.case_clicked.connect(window.open_case)
        window.grid_dock.grid_selected.connect(dock.select_grid)
        window.case_shown.connect(self._on_case_shown)

    def start(self) -> None:
        self._dock.start()

    def cases_changed(self, ids: Iterable[int]) -> None:
        wanted = frozenset(ids)
        if not wanted or not self._dock.is_ready:
            return
        data, now = self._data, self._window.s.clock()

        def shown(markers: list[dict[str, Any]]) -> None:
            present = {m["id"] for m in markers}
            self._dock.update_markers(markers, sorted(wanted - present))

        self._runner.run("read", lambda: data.markers(now, wanted), shown)

    def _load_all(self) -> None:
        data, now = self._data, self._window.s.clock()

        def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            return data.grids(GRID_LEVEL), data.markers(now, None)

        def shown(result: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
            grids, markers = result
            self._dock.set_grids(grids)
            self._dock.set_markers(markers)
            case = self._window.case_dock.case
            if case is not None:
                self._dock.select_case(case.id)

        self._runner.run("read", load, shown)

    def _on_case_shown(self, detail: object) -> None:
        case_id = getattr(detail, "id", None)
        if isinstance(case_id, int):
            self._dock.select_case(case_id)
