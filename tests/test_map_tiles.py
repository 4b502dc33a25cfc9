"""Map tiles: none by default; a local MBTiles file served through the `cc:` scheme (TMS rows);
an online template (here a tile server on 127.0.0.1) let through while every other host stays
blocked; with GCJ-02 tiles the overlays are converted. Tests touch no address but loopback."""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from commandcenter.app import App, build_app
from commandcenter.geo.gcj02 import wgs84_to_gcj02
from commandcenter.geo.tiles import TileSource
from commandcenter.store.database import open_readonly
from commandcenter.store.map_data import case_markers
from commandcenter.ui.map.map_dock import MapDock
from windows import evaluate, show_map, show_window

NOW = datetime(2026, 11, 21, 9, 0)
STREET_BOUNDS = (113.70, 34.74, 113.80, 34.80)  # around the demo street


def _png() -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#e8e0c8"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()).data())


def _tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 1 << z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def _mbtiles(path: Path) -> Path:
    png = _png()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB)"
        )
        conn.execute("INSERT INTO metadata VALUES ('format', 'png')")
        for z in range(10, 18):
            x0, y0 = _tile_xy(STREET_BOUNDS[0], STREET_BOUNDS[3], z)
            x1, y1 = _tile_xy(STREET_BOUNDS[2], STREET_BOUNDS[1], z)
            for x in range(x0 - 2, x1 + 3):
                for y in range(y0 - 2, y1 + 3):
                    conn.execute(
                        "INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, png)
                    )
    return path


@pytest.fixture
def tile_server() -> Iterator[str]:
    png = _png()
    asked: list[str] = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _open(qtbot: QtBot, street_db: Path, tiles: TileSource) -> App:
    app = build_app(open_readonly(street_db), clock=lambda: NOW, live=False, tiles=tiles)
    built = show_window(qtbot, app, (1400, 900))
    show_map(qtbot, built).call("fitAll")
    return built


def _tiles_loaded(dock: MapDock, qtbot: QtBot) -> dict[str, int]:
    qtbot.waitUntil(lambda: evaluate(dock, "window.ccTiles.loaded") > 0, timeout=10_000)
    return evaluate(dock, "window.ccTiles")


def test_a_local_mbtiles_file_is_the_base_map(
    qtbot: QtBot, street_db: Path, tmp_path: Path
) -> None:
    source = TileSource.parse(str(_mbtiles(tmp_path / "street.mbtiles")))
    built = _open(qtbot, street_db, source)
    try:
        dock = built.window.map_dock
        assert dock is not None
        counts = _tiles_loaded(dock, qtbot)
        assert counts["failed"] == 0
        # every tile address shown was asked of the file (a tile shown again after a zoom
        # comes from the browser's cache, so loads may outnumber requests)
        assert dock._mbtiles is not None and dock._mbtiles.served >= counts["distinct"] > 0
        assert dock.interceptor.blocked == []
    finally:
        built.close()


def test_an_online_template_is_let_through_and_nothing_else(
    qtbot: QtBot, street_db: Path, tile_server: str
) -> None:
    built = _open(qtbot, street_db, TileSource.parse(tile_server))
    try:
        dock = built.window.map_dock
        assert dock is not None
        assert _tiles_loaded(dock, qtbot)["failed"] == 0
        assert dock.interceptor.blocked == []
        # Another host (a script would try) is blocked before anything leaves the machine.
        dock.page.runJavaScript("fetch('http://elsewhere.invalid/x').catch(function () {})")
        qtbot.waitUntil(lambda: dock.interceptor.blocked != [], timeout=5_000)
        assert dock.interceptor.blocked == ["http://elsewhere.invalid/x"]
    finally:
        built.close()


def test_gcj02_tiles_get_converted_overlays(
    qtbot: QtBot, street_db: Path, tile_server: str
) -> None:
    built = _open(qtbot, street_db, TileSource.parse(tile_server, gcj02=True))
    try:
        dock = built.window.map_dock
        assert dock is not None
        marker = case_markers(built.db.engine, NOW)[0]
        dock.select_case(marker["id"], True)
        lon, lat = wgs84_to_gcj02(marker["lon"], marker["lat"])

        def shifted() -> None:
            selection = evaluate(dock, "cc.selection()")
            assert selection["case"] == marker["id"]
            assert abs(selection["marker"][0] - lat) < 1e-9
            assert abs(selection["marker"][1] - lon) < 1e-9

        qtbot.waitUntil(shifted, timeout=5_000)
    finally:
        built.close()


@pytest.mark.parametrize(
    "value", ["ftp://x/{z}/{x}/{y}", "tiles.mbtiles", "https://example.org/tile.png"]
)
def test_a_tile_source_that_is_not_one_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="tile"):
        TileSource.parse(value)


def test_no_tiles_by_default() -> None:
    source = TileSource.parse(None)
    assert source.template is None and not source.allows("http://127.0.0.1/1/1/1.png")
