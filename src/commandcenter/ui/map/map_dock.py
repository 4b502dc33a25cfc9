"""The grid map (SPEC §3): a folium-built Leaflet page in QWebEngineView that needs no network.
Grids and case markers are pushed into the page as data (never by reloading it); clicks come
back through QWebChannel. The page may not open windows, navigate away, or read files; every
request it makes is answered locally or blocked (web_assets.py)."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...geo.tiles import TileSource
from .map_figures import FIGURES
from .mbtiles_server import MBTilesServer
from .web_assets import AssetSchemeHandler, LocalOnlyInterceptor, asset_url

log = logging.getLogger(__name__)

PAGE = "map.html"
DEFAULT_LEVEL = 3  # the grids a case is filed in
ZHENGZHOU = (34.76, 113.75)


def build_page() -> bytes:
    """The page: folium's Leaflet map with its scripts and styles pointed at our assets. (folium
    takes half a second to import: it is imported when the page is first asked for, after the
    window is up.)"""
    import folium

    m = folium.Map(location=ZHENGZHOU, zoom_start=13, tiles=None, prefer_canvas=True)
    m.default_js = [
        ("leaflet", asset_url("vendor/leaflet/leaflet.js")),
        ("markercluster", asset_url("vendor/leaflet.markercluster/leaflet.markercluster.js")),
        ("qwebchannel", "qrc:///qtwebchannel/qwebchannel.js"),
        ("cc", asset_url("map.js")),
    ]
    m.default_css = [
        ("leaflet_css", asset_url("vendor/leaflet/leaflet.css")),
        ("cluster_css", asset_url("vendor/leaflet.markercluster/MarkerCluster.css")),
        (
            "cluster_default_css",
            asset_url("vendor/leaflet.markercluster/MarkerCluster.Default.css"),
        ),
    ]
    root = m.get_root()
    assert isinstance(root, folium.Figure)
    # After folium's own script has made the map (it is rendered after this element).
    name = m.get_name()
    root.script.add_child(
        folium.Element(f'window.addEventListener("load", function () {{ cc.init({name}); }});')
    )
    html: str = root.render()
    return html.encode("utf-8")


def js_value(value: Any) -> str:
    """`value` as a JavaScript expression: JSON, with the two line separators JavaScript source
    did not allow escaped too. Data only — never code."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class MapBridge(QObject):
    """What the page calls (through QWebChannel)."""

    page_ready = Signal(int)  # how many times the page has loaded
    grid_clicked = Signal(str)
    case_clicked = Signal(int)
    acknowledged = Signal(int)  # an update applied (its running count)

    @Slot(int)
    def pageReady(self, loads: int) -> None:
        self.page_ready.emit(loads)

    @Slot(str)
    def gridClicked(self, code: str) -> None:
        self.grid_clicked.emit(code)

    @Slot(int)
    def caseClicked(self, case_id: int) -> None:
        self.case_clicked.emit(case_id)

    @Slot(int)
    def updated(self, count: int) -> None:
        self.acknowledged.emit(count)


class MapPage(QWebEnginePage):
    """Stays on the map: no other navigation, no new windows."""

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        target = QUrl(url)
        allowed = target.toString() == asset_url(PAGE)
        if not allowed:
            log.warning("the map page may not navigate to %s", target.toString())
        return allowed

    def createWindow(self, kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        log.warning("the map page may not open windows")
        return None  # type: ignore[return-value]  # no page: Qt opens nothing

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        log.info("map page: %s (%s:%d)", message, source, line)


class MapDock(QDockWidget):
    ready = Signal()
    levels_changed = Signal(list)  # the grid levels to draw, e.g. [2, 3]
    figure_changed = Signal(str)  # a key of map_figures.FIGURES

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("网格地图"), parent)
        self.setObjectName("MapDock")
        # Off the record: no cache or storage on disk. Not a child of the dock: children go in
        # the order they were made, and the page must go before its profile (shutdown()).
        self.profile = QWebEngineProfile()
        self.assets = AssetSchemeHandler(self.profile)
        self.assets.set_page(PAGE, build_page)
        self.profile.installUrlSchemeHandler(b"cc", self.assets)
        self.interceptor = LocalOnlyInterceptor(self.profile)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.view = QWebEngineView(self)
        self.view.setObjectName("map_view")
        self.page = MapPage(self.profile, self.view)
        settings = self.page.settings()
        for attribute, on in (
            (QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False),
            (QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False),
            (QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False),
            (QWebEngineSettings.WebAttribute.NavigateOnDropEnabled, False),
            (QWebEngineSettings.WebAttribute.LocalStorageEnabled, False),
            (QWebEngineSettings.WebAttribute.JavascriptCanAccessClipboard, False),
        ):
            settings.setAttribute(attribute, on)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.view.setPage(self.page)
        self.levels: dict[int, QCheckBox] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(QLabel(self.tr("网格层级"), self))
        for level, words in (
            (1, self.tr("街道")),
            (2, self.tr("社区")),
            (3, self.tr("网格")),
            (4, self.tr("四级")),
        ):
            box = QCheckBox(words, self)
            box.setObjectName(f"map_level_{level}")
            box.setChecked(level == DEFAULT_LEVEL)
            box.toggled.connect(self._on_level_toggled)
            bar.addWidget(box)
            self.levels[level] = box
        bar.addSpacing(16)
        bar.addWidget(QLabel(self.tr("着色"), self))
        self.figure = QComboBox(self)
        self.figure.setObjectName("map_figure")
        for key, words in FIGURES.items():
            self.figure.addItem(QCoreApplication.translate("MapFigures", words), key)
        self.figure.currentIndexChanged.connect(
            lambda _i: self.figure_changed.emit(self.figure.currentData())
        )
        bar.addWidget(self.figure)
        bar.addStretch(1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self._ready = False
        self._shut = False
        self.tiles = TileSource()
        self._mbtiles: MBTilesServer | None = None
        self._waiting: list[str] = []
        self.loads = 0
        self.bridge.page_ready.connect(self._on_page_ready)

    def start(self, page: bytes | None = None) -> None:
        """Load the page; `page` is its HTML when built beforehand (off the GUI thread). A page
        built after the window closed (the worker answered late) is dropped: the view is gone."""
        if self._shut:
            return
        if page is not None:
            self.assets.set_page(PAGE, lambda: page)
        self.page.load(QUrl(asset_url(PAGE)))

    @property
    def is_ready(self) -> bool:
        return self._ready

    # -- pushing data -----------------------------------------------------------------------
    def call(self, function: str, *args: Any) -> None:
        """Run `cc.function(args…)` in the page (queued until it is ready); args as JSON."""
        script = f"cc.{function}({','.join(js_value(a) for a in args)});"
        if self._ready:
            self.page.runJavaScript(script)
        else:
            self._waiting.append(script)

    def set_tiles(self, source: TileSource) -> None:
        """The base map: none, an online template (its host alone let through), or MBTiles."""
        self.tiles = source
        if self._mbtiles is not None:
            self._mbtiles.close()
            self._mbtiles = None
        self.assets.tiles = None
        self.interceptor.allow = source.allows if source.url else None
        if source.mbtiles is not None:
            self._mbtiles = MBTilesServer(source.mbtiles, self)
            self.assets.tiles = self._mbtiles.request
        self.call("setTiles", source.template, source.attribution)

    def checked_levels(self) -> list[int]:
        return [level for level, box in self.levels.items() if box.isChecked()]

    def set_grids(
        self, features: Sequence[dict[str, Any]], fit: bool = True, fill_level: int | None = None
    ) -> None:
        """Draw these grids (coarser levels first); `fill_level`'s are filled, others outlined."""
        self.call("setGrids", list(features), fit, fill_level)

    def colour_grids(
        self, colours: dict[str, str], title: str, legend: list[tuple[str, str]]
    ) -> None:
        self.call("colourGrids", colours, title, [list(item) for item in legend])

    def set_markers(self, markers: Sequence[dict[str, Any]]) -> None:
        self.call("setMarkers", list(markers))

    def update_markers(self, markers: Sequence[dict[str, Any]], gone: Sequence[int]) -> None:
        self.call("updateMarkers", list(markers), list(gone))

    def select_case(self, case_id: int, pan: bool = True) -> None:
        self.call("selectCase", case_id, pan)

    def select_grid(self, code: str | None) -> None:
        self.call("selectGrid", code)

    def shutdown(self) -> None:
        """Delete the page, then its profile (Qt warns, or crashes, the other way round)."""
        if self._shut:
            return
        self._shut = True
        self._ready = False
        if self._mbtiles is not None:
            self._mbtiles.close()
        shiboken6.delete(self.view)  # with its page, its child
        shiboken6.delete(self.profile)

    def _on_level_toggled(self, _on: bool) -> None:
        if not self.checked_levels():  # at least one level stays drawn
            box = self.levels[DEFAULT_LEVEL]
            box.blockSignals(True)
            box.setChecked(True)
            box.blockSignals(False)
        self.levels_changed.emit(self.checked_levels())

    def _on_page_ready(self, loads: int) -> None:
        self.loads = loads
        self._ready = True
        waiting, self._waiting = self._waiting, []
        for script in waiting:
            self.page.runJavaScript(script)
        self.ready.emit()
