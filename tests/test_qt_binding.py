"""The Qt binding must not leak or drop references on the calls the window makes all day.
PySide6 6.12.0 dropped a reference to None on every call of a method returning nothing; on
Python 3.11 (where None is not immortal) the window aborted after some tens of thousands of
calls. This guards the pinned version."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


def test_void_methods_keep_the_references_of_none_and_booleans(qtbot: QtBot) -> None:
    timer = QTimer()
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2_000):
        timer.setInterval(5)
        QApplication.processEvents()
        timer.setSingleShot(False)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # A few references may come and go with the interpreter's own caches, never thousands.
    assert all(abs(a - b) < 100 for a, b in zip(after, before, strict=True)), (before, after)
