"""The map page's assets, served without any network: a `cc:` URL scheme answers from
resources/web (the vendored Leaflet and our own script) and from pages the app builds in memory,
and an interceptor blocks — and records — every request that is not local. QtWebEngine reads the
scheme's registration only before the QApplication exists: `register_scheme()` is called by the
application set-up (and the tests' conftest) first."""

from __future__ import annotations

import logging
import mimetypes
import threading
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from ... import paths

log = logging.getLogger(__name__)

SCHEME = "cc"
HOST = "app"
TILES_HOST = "tiles"  # cc://tiles/z/x/y: a local MBTiles file
LOCAL_SCHEMES = frozenset({SCHEME, "qrc", "data", "blob", "about"})
_registered = False


def register_scheme() -> None:
    """Declare `cc:` to QtWebEngine; must run before the QApplication is created."""
    global _registered
    if _registered:
        return
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.ContentSecurityPolicyIgnored
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


def asset_url(path: str) -> str:
    return f"{SCHEME}://{HOST}/{path.lstrip('/')}"


class AssetSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers `cc://app/<path>`: a page registered in memory, else a file under resources/web
    (nothing outside it: `..` and absolute paths are refused)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = paths.resource("web").resolve()
        self._pages: dict[str, Callable[[], bytes]] = {}
        self.tiles: Callable[[QWebEngineUrlRequestJob, str], None] | None = None

    def set_page(self, path: str, build: Callable[[], bytes]) -> None:
        self._pages[path.lstrip("/")] = build

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        path = url.path().lstrip("/")
        if url.host() == TILES_HOST and self.tiles is not None:
            self.tiles(job, path)
            return
        if url.host() != HOST:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        if path in self._pages:
            self._reply(job, self._pages[path](), "text/html")
            return
        file = (self._root / path).resolve()
        if not file.is_relative_to(self._root) or not file.is_file():
            log.warning("map asset not found: %s", url.toString())
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self._reply(job, file.read_bytes(), mime)

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, data: bytes, mime: str) -> None:
        buffer = QBuffer(job)  # the job owns the reply's buffer
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buffer)


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine, and remembers it (tests read
    `blocked`; the log says it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # An online tile source the user configured may be fetched from; nothing else.
        self.allow: Callable[[str], bool] | None = None
        self._lock = threading.Lock()
        self._blocked: list[str] = []
        self._seen: list[str] = []

    @property
    def blocked(self) -> list[str]:
        with self._lock:
            return list(self._blocked)

    @property
    def seen(self) -> list[str]:
        with self._lock:
            return list(self._seen)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url: QUrl = info.requestUrl()
        text = url.toString()
        with self._lock:
            self._seen.append(text)
        if url.scheme() not in LOCAL_SCHEMES and not (self.allow and self.allow(text)):
            with self._lock:
                self._blocked.append(text)
            log.warning("blocked a request that is not local: %s", text)
            info.block(True)
