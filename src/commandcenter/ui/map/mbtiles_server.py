"""Base map tiles for the grid map. None by default: the grids on a plain background, which works
anywhere. Optionally an online URL template (天地图 with its key, AMap/Gaode — whose tiles are in
GCJ-02, so every overlay is converted — or OSM), or a local MBTiles file served through the `cc:`
scheme, read on a worker thread."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal, Slot
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob


class MBTilesServer(QObject):
    """Answers `cc://tiles/z/x/y` from an MBTiles file (TMS rows: row = 2^z - 1 - y). The file is
    read on a worker thread; the reply goes back on the GUI thread, if the request still lives."""

    _read = Signal(object, object)  # job, bytes | None

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.served = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cc-tiles")
        self._read.connect(self._on_read, Qt.ConnectionType.QueuedConnection)

    def request(self, job: QWebEngineUrlRequestJob, path: str) -> None:
        try:
            z, x, y = (int(part.split(".")[0]) for part in path.strip("/").split("/"))
        except ValueError:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        self._pool.submit(lambda: self._read.emit(job, self._tile(z, x, y)))

    def _tile(self, z: int, x: int, y: int) -> bytes | None:
        uri = f"file:{self.path.resolve()}?mode=ro"
        with sqlite3.connect(uri, uri=True) as conn:
            row = conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ?"
                " AND tile_row = ?",
                (z, x, (1 << z) - 1 - y),
            ).fetchone()
        return bytes(row[0]) if row else None

    @Slot(object, object)
    def _on_read(self, job: QWebEngineUrlRequestJob, data: bytes | None) -> None:
        if not shiboken6.isValid(job):
            return  # the page no longer wants it
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        self.served += 1
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        mime = b"image/jpeg" if data[:2] == b"\xff\xd8" else b"image/png"
        job.reply(mime, buffer)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
