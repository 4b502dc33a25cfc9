"""Run by bench_window in a fresh process: opens the window on a database as `commandcenter demo`
does (offscreen) and prints, as JSON, the seconds from the launch time it is given (the parent's
wall clock just before it started this process) to the first queue page on screen and to the
whole window ready (directory, page, counts, first case). Then it quits."""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> int:
    path, launched, timeout_s = argv[0], float(argv[1]), 60.0
    from pathlib import Path

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from commandcenter.app import build_app, ensure_qapplication
    from commandcenter.store.database import open_database

    imported = time.time() - launched
    qapp = ensure_qapplication()
    app = build_app(open_database(Path(path)))
    window = app.window
    marks: dict[str, float] = {"imported": imported}

    def first_rows() -> None:
        if "first_rows" not in marks:
            QApplication.processEvents()  # the rows painted
            marks["first_rows"] = time.time() - launched
            marks["rows"] = window.model.rowCount()

    def ready() -> None:
        marks["ready"] = time.time() - launched
        qapp.quit()

    window.model.rows_loaded.connect(first_rows)
    window.ready.connect(ready)
    QTimer.singleShot(int(timeout_s * 1000), qapp.quit)
    window.resize(1600, 1000)
    window.show()
    window.start()
    qapp.exec()
    app.close()
    print(json.dumps(marks))
    return 0 if "ready" in marks else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
