"""A room: a feature with a window of its own (the wall, the ledger, the review), opened from an
entry of the main window's menus. The composition root builds each with its own services; the
main window only puts its entry in a menu and tells it what every room hears."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ...store.directory import Directory

log = logging.getLogger(__name__)


class Room(QObject):
    menu = "view"  # the main window's menu its entry goes in: "view" or "reports"

    def __init__(self, action: QAction) -> None:
        super().__init__()
        action.setParent(self)
        action.triggered.connect(self.open)
        self.action = action
        self.host: QWidget | None = None  # the main window: its windows' parent
        self.directory: Directory | None = None

    @staticmethod
    def entry(text: str, name: str, shortcut: str) -> QAction:
        action = QAction(text)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        return action

    def attach(self, host: QWidget) -> None:
        self.host = host
        self.setParent(host)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.open is Room.open:
            raise TypeError(f"{cls.__name__} is a room with nothing to open: it defines open()")

    def open(self) -> QWidget | None:
        """Shows the room's window (built on first use) and returns it; None when it cannot be
        opened here (say, nothing to read). Every room defines it (checked as it is declared)."""
        raise TypeError(f"{type(self).__name__} defines no open()")

    def set_directory(self, directory: Directory) -> None:
        self.directory = directory

    def cases_changed(self) -> None:
        """Cases changed (the feed, or this window's own write)."""

    def stop(self) -> None:
        """The window is closing: timers stop."""

    def _on_failed(self, error: BaseException) -> None:
        log.error("read failed: %s", error)
