"""The command line's papers (ledger, notice, review pack) are drawn with Qt without a window:
fonts need an application, pyqtgraph's charts need a QApplication (QtWidgets)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def with_application(work: Callable[[], T]) -> T:
    """Runs `work` with a QApplication: the running one, or an offscreen one made for it and
    shut down afterwards."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    if QCoreApplication.instance() is None:
        app = QApplication([sys.argv[0]])
        try:
            return work()
        finally:
            app.shutdown()  # gone, not just unreferenced: a later QApplication may follow
            del app
    return work()
