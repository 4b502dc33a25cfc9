"""Helpers for tests that open the window: a settable clock, showing the window until it is
ready, bringing up its map, and asking the map page for a value."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from pytestqt.qtbot import QtBot

from commandcenter.app import App
from commandcenter.ui.map.map_dock import MapDock


class Clock:
    """The window's clock, set or moved on by the test as the day goes."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


def show_window(qtbot: QtBot, built: App, size: tuple[int, int] = (1600, 1000)) -> App:
    """Show the window as a user would see it and wait until it is ready."""
    window = built.window
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=15_000):
        window.start()
    return built


def show_map(qtbot: QtBot, built: App, drawn: Callable[[MapDock], bool] | None = None) -> MapDock:
    """Bring the map dock up and wait until the page is ready and `drawn` (default: the
    street's 69 level-3 grids)."""
    dock = built.window.map_dock
    assert dock is not None
    dock.raise_()
    done = drawn or (lambda d: evaluate(d, "cc.gridCount()") == 69)
    qtbot.waitUntil(lambda: dock.is_ready and done(dock), timeout=30_000)
    return dock


def evaluate(dock: MapDock, script: str, timeout_ms: int = 5_000) -> Any:
    """The value of `script` in the page (through JSON: PySide6 hands objects over empty)."""
    result: list[Any] = []
    loop = QEventLoop()

    def got(value: Any) -> None:
        result.append(value)
        loop.quit()

    dock.page.runJavaScript(f"JSON.stringify({script})", 0, got)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    assert result, f"no answer from the page for {script}"
    return json.loads(result[0]) if result[0] not in (None, "") else None
