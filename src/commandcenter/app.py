"""Composition root: builds the database, services and window, wires them. No globals."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .services.overview import load_overview
from .services.task_runner import TaskRunner
from .store.database import Database, open_database
from .ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass
class App:
    db: Database
    runner: TaskRunner
    window: MainWindow

    def close(self) -> None:
        self.window.close()
        self.runner.shutdown()
        self.db.dispose()


def prepare_environment() -> None:
    """Settings that must be in place before the QApplication exists."""
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    prepare_environment()
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("commandcenter")
        app.setApplicationDisplayName("网格指挥中心")
    assert isinstance(app, QApplication)
    return app


def build_app(db: Database) -> App:
    runner = TaskRunner()
    read_engine = db.read_engine()
    window = MainWindow(runner, lambda: load_overview(read_engine))
    return App(db=db, runner=runner, window=window)


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
        or sys.platform in ("win32", "darwin")
    )


def run_demo(path: Path) -> int:
    """Open the window on an existing database (the CLI seeds the demo street first)."""
    qapp = ensure_qapplication()
    app = build_app(open_database(path))
    app.window.resize(1400, 900)
    app.window.show()
    app.window.refresh()
    try:
        return qapp.exec()
    finally:
        app.close()
