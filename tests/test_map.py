"""The grid map page, offscreen in a real QtWebEngine: it loads with no network (every request
local, none blocked), draws the street's level-3 grids and its open cases' markers from pushed
data, and an update recolours a marker without reloading the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from commandcenter import defaults
from commandcenter.app import App, build_app
from commandcenter.store.database import Database, open_readonly
from commandcenter.store.map_data import case_markers, grid_features, week_figures
from commandcenter.store.queues import Queue
from commandcenter.ui.map.map_dock import MapDock
from commandcenter.ui.map.map_figures import SCALE
from windows import evaluate, show_map, show_window

NOW = datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def db(street_db: Path) -> Iterator[Database]:
    database = open_readonly(street_db)
    yield database
    database.dispose()


@pytest.fixture
def dock(qtbot: QtBot) -> Iterator[MapDock]:
    widget = MapDock()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    with qtbot.waitSignal(widget.ready, timeout=30_000):
        widget.start()
    yield widget
    widget.shutdown()


def test_the_page_loads_with_nothing_but_local_requests(dock: MapDock) -> None:
    assert dock.loads == 1
    assert evaluate(dock, "typeof L") == "object"
    assert evaluate(dock, "typeof L.markerClusterGroup") == "function"
    assert dock.interceptor.blocked == []
    seen = dock.interceptor.seen
    assert seen and all(url.split(":", 1)[0] in ("cc", "qrc", "data") for url in seen), seen


def test_grids_and_markers_are_drawn_and_updated_in_place(
    dock: MapDock, db: Database, qtbot: QtBot
) -> None:
    grids = grid_features(db.engine, 3)
    markers = case_markers(db.engine, NOW)
    assert len(grids) == 69
    assert markers
    dock.set_grids(grids)
    dock.set_markers(markers)
    qtbot.waitUntil(lambda: evaluate(dock, "cc.markerCount()") == len(markers), timeout=5_000)
    assert evaluate(dock, "cc.gridCount()") == len(grids)
    # Recolour one marker: the page applies it in place and says so; it never reloads.
    first = dict(markers[0])
    first["light"] = "red" if first["light"] != "red" else "green"
    with qtbot.waitSignal(dock.bridge.acknowledged, timeout=5_000):
        dock.update_markers([first], [])
    colour = evaluate(dock, f"cc.markerColour({first['id']})")
    assert colour == ("#c62828" if first["light"] == "red" else "#2e7d32")
    # A case that left the open queues is removed.
    with qtbot.waitSignal(dock.bridge.acknowledged, timeout=5_000):
        dock.update_markers([], [markers[1]["id"]])
    assert evaluate(dock, "cc.markerCount()") == len(markers) - 1
    assert evaluate(dock, "window.ccLoads") == 1
    assert dock.interceptor.blocked == []


@pytest.fixture
def window_app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    built = show_window(qtbot, build_app(open_readonly(street_db), clock=lambda: NOW, live=False))
    show_map(qtbot, built)
    yield built
    built.close()


def test_a_click_on_a_grid_filters_the_queues_and_a_queue_selection_moves_the_map(
    window_app: App, qtbot: QtBot
) -> None:
    window = window_app.window
    dock = window.map_dock
    assert dock is not None
    dock.set_markers([])  # nothing on top of the polygon for this click
    code = "410171001001001"
    size = dock.view.size()

    def on_screen() -> None:
        point = evaluate(dock, f"cc.gridPoint({json.dumps(code)})")
        assert 0 < point[0] < size.width() and 0 < point[1] < size.height()

    dock.call("fitAll")  # the window opened on its first case: zoom out to the street
    qtbot.waitUntil(on_screen, timeout=5_000)
    point = evaluate(dock, f"cc.gridPoint({json.dumps(code)})")
    target = dock.view.focusProxy()
    qtbot.mouseClick(
        target, Qt.MouseButton.LeftButton, pos=QPoint(round(point[0]), round(point[1]))
    )
    qtbot.waitUntil(lambda: window.queues.current_filter().grid_prefix == code, timeout=5_000)
    assert window.grid_dock.model.code_at(window.grid_dock.view.currentIndex()) == code
    qtbot.waitUntil(lambda: evaluate(dock, "cc.selection().grid") == code, timeout=5_000)
    qtbot.waitUntil(
        lambda: (
            window.model.query.grid_prefix == code
            and all(r.grid_code.startswith(code) for r in window.model.loaded_rows())
        ),
        timeout=5_000,
    )

    # The reverse: a case chosen in the queue is highlighted and centred on the map.
    markers = case_markers(window_app.db.engine, NOW)
    dock.set_markers(markers)
    chosen = markers[0]
    window.queues.set_grid(None)
    window.queues.select_queue(Queue.ALL)
    window.queues.search.setText(chosen["no"])
    window.queues.apply_filter()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5_000)
    with qtbot.waitSignal(window.case_shown, timeout=5_000):
        window.queues.table.selectRow(0)

    def centred() -> None:
        selection = evaluate(dock, "cc.selection()")
        assert selection["case"] == chosen["id"]
        assert abs(selection["centre"][0] - chosen["lat"]) < 1e-6
        assert abs(selection["centre"][1] - chosen["lon"]) < 1e-6

    qtbot.waitUntil(centred, timeout=5_000)
    assert dock.interceptor.blocked == []


def test_levels_and_colours_follow_the_choices(window_app: App, qtbot: QtBot) -> None:
    window = window_app.window
    dock = window.map_dock
    assert dock is not None
    qtbot.mouseClick(dock.levels[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: evaluate(dock, "cc.gridCount()") == 69 + 14, timeout=5_000)

    figure = dock.figure
    with qtbot.waitSignal(dock.bridge.acknowledged, timeout=5_000):
        figure.setCurrentIndex(figure.findData("overdue"))
    assert evaluate(dock, "cc.legendText()").startswith("超期案件")
    tree = window.grid_dock
    codes = [f["properties"]["code"] for f in grid_features(window_app.db.engine, 3)]
    late = next(c for c in codes if tree.count(c, Queue.OVERDUE) > 0)
    calm = next(c for c in codes if tree.count(c, Queue.OVERDUE) == 0)
    assert evaluate(dock, f"cc.gridColour({json.dumps(calm)})") == SCALE[0]
    assert evaluate(dock, f"cc.gridColour({json.dumps(late)})") != SCALE[0]
    # Level-2 grids are outlines: not filled, whatever the figure.
    assert evaluate(dock, f"cc.gridColour({json.dumps(codes[0][:12])})") is None

    with qtbot.waitSignal(dock.bridge.acknowledged, timeout=5_000):
        figure.setCurrentIndex(figure.findData("grade"))
    legend = evaluate(dock, "cc.legendText()")
    assert legend.startswith("本周等级") and all(g in legend for g in "ABCDE")
    rows = week_figures(window_app.db.engine, 3, NOW, defaults.scoring_weights())
    for code in codes[:10]:
        grade = rows[code]["grade"]
        assert evaluate(dock, f"cc.gridColour({json.dumps(code)})") == SCALE["ABCDE".index(grade)]


def test_a_click_on_a_marker_opens_its_case(window_app: App, qtbot: QtBot) -> None:
    window = window_app.window
    dock = window.map_dock
    assert dock is not None and window.case_dock.case is not None
    shown_now = window.case_dock.case.id
    marker = next(m for m in case_markers(window_app.db.engine, NOW) if m["id"] != shown_now)
    dock.call("setMarkers", [marker])  # one marker: no cluster to open first
    dock.select_case(marker["id"], True)
    size = dock.view.size()

    def visible() -> None:
        point = evaluate(dock, f"cc.markerPoint({marker['id']})")
        assert point is not None
        assert 0 < point[0] < size.width() and 0 < point[1] < size.height()

    qtbot.waitUntil(visible, timeout=5_000)
    x, y = evaluate(dock, f"cc.markerPoint({marker['id']})")
    with qtbot.waitSignal(
        window.case_shown, timeout=5_000, check_params_cb=lambda d: d.id == marker["id"]
    ):
        qtbot.mouseClick(
            dock.view.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y))
        )


def test_grid_names_and_leaders_are_labels_when_zoomed_in(window_app: App, qtbot: QtBot) -> None:
    dock = window_app.window.map_dock
    assert dock is not None
    dock.call("fitAll")
    qtbot.waitUntil(lambda: evaluate(dock, "cc.labelCount()") == 69, timeout=5_000)
    dock.call("zoomTo", 13)
    qtbot.waitUntil(lambda: evaluate(dock, "cc.labelsShown()") is False, timeout=5_000)
    dock.call("zoomTo", 16)
    qtbot.waitUntil(lambda: evaluate(dock, "cc.labelsShown()") is True, timeout=5_000)
    texts = evaluate(dock, "cc.tooltipTexts()")
    grid = grid_features(window_app.db.engine, 3)[0]["properties"]
    assert grid["name"] + grid["leader"] in texts
