"""Keeps the map and the rest of the window in step: a grid clicked on the map filters the queues
and selects it in the tree (and the reverse), a marker clicked opens its case, the case shown is
highlighted on the map, and changed cases recolour, move or drop their markers — pushed into the
page, never by reloading it. Reads run on the read lane."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, SignalInstance

from ...geo.gcj02 import convert_geometry, wgs84_to_gcj02
from ...services.task_runner import TaskRunner
from ...store.queues import Queue
from ..case.case_panel_dock import CasePanelDock
from ..queues.grid_tree_dock import GridTreeDock
from .map_dock import MapDock, build_page
from .map_figures import FIGURES, NO_DATA, colour_counts, colour_grades, colour_rates

OPEN_IN_TREE = (Queue.REPORTED, Queue.ACCEPTED, Queue.DISPATCHED, Queue.HANDLED)


def _count(tree: GridTreeDock, code: str, queue: Queue) -> int:
    try:
        return tree.count(code, queue)
    except KeyError:  # a grid the tree does not have (not current)
        return 0


@dataclass(frozen=True)
class MapData:
    grids: Callable[[int], list[dict[str, Any]]]  # level -> GeoJSON features
    markers: Callable[[datetime, Iterable[int] | None], list[dict[str, Any]]]
    # The week's indicators of a level's grids (levels 2 and 3), by code: 结案率, grade.
    week_figures: Callable[[int, datetime], dict[str, dict[str, Any]]] | None = None


class MapLink(QObject):
    """Between the map dock and the window's grid tree and case panel; `open_case` shows a
    case, `counts_refreshed` and `case_shown` are the window's signals to follow."""

    def __init__(
        self,
        dock: MapDock,
        runner: TaskRunner,
        data: MapData,
        clock: Callable[[], datetime],
        tree: GridTreeDock,
        case_panel: CasePanelDock,
        open_case: Callable[[int], None],
        counts_refreshed: SignalInstance,
        case_shown: SignalInstance,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._tree = tree
        self._case_panel = case_panel
        self._dock = dock
        self._runner = runner
        self._data = data
        self._features: dict[int, list[dict[str, Any]]] = {}
        self._levels = dock.checked_levels()
        self._figure = "open"
        dock.ready.connect(self._load_all)
        dock.levels_changed.connect(self._on_levels_changed)
        dock.figure_changed.connect(self._on_figure_changed)
        counts_refreshed.connect(self._on_counts_refreshed)
        dock.bridge.grid_clicked.connect(tree.select_grid)
        dock.bridge.case_clicked.connect(open_case)
        tree.grid_selected.connect(dock.select_grid)
        case_shown.connect(self._on_case_shown)

    def start(self) -> None:
        # folium (half a second to import) builds the page on a worker, not the GUI thread.
        self._runner.run("count", build_page, self._dock.start)

    def _shifted_markers(self, markers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Markers as the tiles draw coordinates: GCJ-02 for AMap/Gaode, else as stored."""
        if not self._dock.tiles.gcj02:
            return markers
        out = []
        for m in markers:
            lon, lat = wgs84_to_gcj02(m["lon"], m["lat"])
            out.append({**m, "lon": lon, "lat": lat})
        return out

    def _grid_loader(self) -> Callable[[int], list[dict[str, Any]]]:
        """Reads a level's grids on a worker, converted to GCJ-02 there when the tiles need it."""
        read, shift = self._data.grids, self._dock.tiles.gcj02

        def load(level: int) -> list[dict[str, Any]]:
            features = read(level)
            if shift:
                features = [{**f, "geometry": convert_geometry(f["geometry"])} for f in features]
            return features

        return load

    def cases_changed(self, ids: Iterable[int]) -> None:
        wanted = frozenset(ids)
        if not wanted or not self._dock.is_ready:
            return
        data, now = self._data, self._clock()

        def shown(markers: list[dict[str, Any]]) -> None:
            present = {m["id"] for m in markers}
            self._dock.update_markers(self._shifted_markers(markers), sorted(wanted - present))

        self._runner.run("read", lambda: data.markers(now, wanted), shown)

    def reload(self) -> None:
        """Grids and markers again (the grids changed: the first sync brought them)."""
        if self._dock.is_ready:
            self._load_all()

    def _load_all(self) -> None:
        data, now, levels = self._data, self._clock(), list(self._levels)
        grids = self._grid_loader()

        def load() -> tuple[dict[int, list[dict[str, Any]]], list[dict[str, Any]]]:
            return {level: grids(level) for level in levels}, data.markers(now, None)

        def shown(result: tuple[dict[int, list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
            features, markers = result
            self._features.update(features)
            self._draw_grids(fit=True)
            self._dock.set_markers(self._shifted_markers(markers))
            case = self._case_panel.case
            if case is not None:
                self._dock.select_case(case.id)

        self._runner.run("read", load, shown)

    # -- grids: levels and colours -----------------------------------------------------------
    def _draw_grids(self, fit: bool = False) -> None:
        levels = sorted(self._levels)
        features = [f for level in levels for f in self._features.get(level, [])]
        self._dock.set_grids(features, fit, levels[-1])
        self._recolour()

    def _on_levels_changed(self, levels: list[int]) -> None:
        self._levels = list(levels)
        missing = [level for level in levels if level not in self._features]
        if not missing:
            self._draw_grids()
            return
        grids = self._grid_loader()

        def shown(features: dict[int, list[dict[str, Any]]]) -> None:
            self._features.update(features)
            self._draw_grids()

        self._runner.run("read", lambda: {level: grids(level) for level in missing}, shown)

    def _on_figure_changed(self, figure: str) -> None:
        self._figure = figure
        self._recolour()

    def _on_counts_refreshed(self) -> None:
        if self._figure in ("open", "overdue"):
            self._recolour()

    def _fill_codes(self) -> list[str]:
        level = max(self._levels)
        return [f["properties"]["code"] for f in self._features.get(level, [])]

    def _recolour(self) -> None:
        codes = self._fill_codes()
        if not codes:
            return
        figure = self._figure
        title = QCoreApplication.translate("MapFigures", FIGURES[figure])
        if figure in ("open", "overdue"):
            tree = self._tree
            queues = (Queue.OVERDUE,) if figure == "overdue" else OPEN_IN_TREE
            values = {c: sum(_count(tree, c, q) for q in queues) for c in codes}
            colouring = colour_counts(values)
            self._dock.colour_grids(colouring.colours, title, colouring.legend)
            return
        level, week = max(self._levels), self._data.week_figures
        if week is None or level not in (2, 3):
            self._dock.colour_grids({}, title, [(NO_DATA, self.tr("此层级无指标"))])
            return
        now = self._clock()

        def shown(rows: dict[str, dict[str, Any]]) -> None:
            if figure != self._figure:
                return
            if figure == "grade":
                colouring = colour_grades({c: rows.get(c, {}).get("grade") for c in codes})
            else:
                colouring = colour_rates({c: rows.get(c, {}).get("closing_rate") for c in codes})
            self._dock.colour_grids(colouring.colours, title, colouring.legend)

        self._runner.run("count", lambda: week(level, now), shown)

    def _on_case_shown(self, detail: object) -> None:
        case_id = getattr(detail, "id", None)
        if isinstance(case_id, int):
            self._dock.select_case(case_id)
