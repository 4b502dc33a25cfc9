"""Composition root: builds the database, services and window, wires them. No globals."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import Engine

from . import defaults, paths
from .domain.calendar import WorkingCalendar
from .domain.clock import office_now
from .domain.errors import DomainError
from .domain.periods import offered_weeks
from .features.demo import DemoSession
from .features.ledger_export import build_ledger
from .features.ledger_import import LedgerImporter
from .features.notice import export_notice
from .features.review_pack import build_review, pack_writer, photo_source
from .features.screenshot import Shot
from .geo.locate import GridLocator
from .geo.tiles import TileSource
from .services.alert_service import AlertService
from .services.case_action_service import CaseActionService
from .services.change_feed import ChangeFeed
from .services.supervision_service import SupervisionService
from .services.sync_service import Backoff, SyncService, SyncState
from .services.task_runner import TaskRunner
from .store.backup import Backup, daily_backup
from .store.blobs import BlobStore
from .store.case_commands import CaseCommands
from .store.case_detail import CaseDetailRepository
from .store.changes import ChangeLog
from .store.dashboard import dashboard_figures
from .store.database import Database, open_database, open_readonly
from .store.directory import load_directory
from .store.errors import DatabaseDamaged
from .store.escalations import running_escalations
from .store.map_data import case_markers, grid_features, week_figures
from .store.queues import CaseQueueRepository
from .store.repositories import GridRepository
from .store.sync_store import SyncStore
from .sync.api import PlatformApi
from .sync.credentials import TokenStore, token_store
from .sync.sync_engine import SignedIn, SyncEngine
from .sync.transport import RetryPolicy, Transport
from .ui.case.case_controller import CaseServices
from .ui.common import i18n
from .ui.ledger.ledger_room import LedgerRoom
from .ui.main_window import Desk, LiveServices, MainWindow
from .ui.map.map_link import MapData
from .ui.map.web_assets import register_scheme
from .ui.notice.notice_room import NoticeRoom
from .ui.recovery.recovery_dialog import RecoveryDialog
from .ui.review.review_room import ReviewRoom, ReviewServices
from .ui.timeline.timeline_dock import TimelinePanel
from .ui.wall.wall_room import WallRoom

log = logging.getLogger(__name__)
LOCATE_WITHIN_M = 30.0  # a point just outside every grid (GPS drift) still finds the nearest


@dataclass
class PlatformLink:
    """The district platform this window syncs with."""

    server: str
    verify: bool | str = True  # or a CA bundle
    timeout: tuple[float, float] = (5.0, 30.0)
    retry: RetryPolicy | None = None
    tokens: TokenStore | None = None  # default: the system keyring, or memory (said so)
    signed_in: SignedIn | None = None  # already signed in (the demo signs in before the window)
    interval_s: float = 10.0
    backoff: Backoff | None = None
    keep_alive: bool = True  # tests: False, so a fault proxy sees every request


@dataclass
class App:
    db: Database
    runner: TaskRunner
    window: MainWindow
    live: LiveServices
    actions: CaseActionService | None = None  # None: a read-only window
    transport: Transport | None = None

    @property
    def sync(self) -> SyncService | None:
        return self.live.sync

    def close(self) -> None:
        self.window.stop_live()
        self.window.close()
        self.runner.shutdown()
        if self.transport is not None:
            self.transport.close()
        self.db.dispose()


def prepare_environment() -> None:
    """Settings that must be in place before the QApplication exists: QtWebEngine as root, its
    GL contexts shared with the widgets, the map's `cc:` URL scheme."""
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    if QApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        register_scheme()


def ensure_qapplication(
    argv: list[str] | None = None, language: str = i18n.DEFAULT_LANGUAGE
) -> QApplication:
    """The QApplication, speaking `language` (zh_CN by default; `--lang en`)."""
    prepare_environment()
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("commandcenter")
    assert isinstance(app, QApplication)
    i18n.use_language(app, language)
    app.setApplicationDisplayName(QCoreApplication.translate("App", "网格指挥中心"))
    return app


def build_app(
    db: Database,
    *,
    person: str | None = None,
    clock: Callable[[], datetime] = office_now,
    live: bool = True,
    settings_path: Path | None = None,
    show_map: bool = True,
    tiles: TileSource | None = None,
    platform: PlatformLink | None = None,
) -> App:
    """The window on `db` as `person` (default: the first duty officer). `live`: poll changes
    and run supervision; off for screenshots and for a read-only database. `show_map`: the grid
    map dock (a QtWebEngine page). `platform`: sync with the district platform; who is signed
    in then comes from it (the keyring's token, or the sign-in dialog)."""
    runner = TaskRunner()
    if live and not db.readonly:
        _daily_backup(runner, db.path, clock())
    calendar = defaults.calendar()
    weights = defaults.scoring_weights()
    read = db.read_engine()
    writable = not db.readonly
    actions = None
    if writable:
        commands = CaseCommands(db.engine, calendar)
        actions = CaseActionService(runner, commands, db.blobs, clock)
    feed = ChangeFeed(runner, ChangeLog(read)) if live else None
    supervision = None
    if live and writable:
        supervision = SupervisionService(db.path, clock)
    sync, transport = None, None
    if platform is not None and writable and live:
        sync, transport = _sync_service(db, runner, calendar, platform, clock)
        if platform.signed_in is not None:
            person = platform.signed_in.person
    alerts = AlertService(runner, read, clock) if live else None
    if sync is not None and supervision is not None:
        # the supervision's writes wait while a sync writes the same cases
        held = supervision
        sync.status_changed.connect(lambda status: held.hold(status.state is SyncState.SYNCING))
    case = CaseServices(
        runner,
        CaseDetailRepository(read),
        db.blobs,
        clock,
        actions=actions,
        calendar=calendar,
        locate_grid=_grid_locator(read),
    )
    map_data = (
        MapData(
            grids=lambda level: grid_features(read, level),
            markers=lambda now, ids: case_markers(read, now, ids),
            week_figures=lambda level, now: week_figures(read, level, now, weights),
        )
        if show_map
        else None
    )
    rooms = (
        WallRoom(runner, lambda now: running_escalations(read, calendar, now), clock),
        LedgerRoom(
            runner,
            lambda query: build_ledger(read, query, clock().date()),
            clock,
            # checked and written on the lanes; a read-only window imports nothing
            LedgerImporter(db.engine, calendar, clock, read) if writable else None,
        ),
        ReviewRoom(
            runner,
            ReviewServices(
                load=lambda period: build_review(read, period, weights, clock()),
                load_photos=lambda shas: photo_images(db.blobs, shas),
                save_pack=lambda document, out: pack_writer(
                    document, out, photo_source(db.blobs), clock().date()
                ),
            ),
            clock,
        ),
        NoticeRoom(runner, lambda week, out: export_notice(read, week, out, clock()), clock),
    )
    desk = Desk(
        runner, clock, CaseQueueRepository(read), lambda: load_directory(read), settings_path
    )
    live_services = LiveServices(feed, alerts, supervision, sync)
    window = MainWindow(
        desk,
        case,
        live=live_services,
        map_data=map_data,
        tiles=tiles,
        load_dashboard=lambda now: dashboard_figures(read, now),
        rooms=rooms,
        person_code=person,
    )
    for service in (actions, *live_services.all()):
        if service is not None:
            service.setParent(window)
    return App(db, runner, window, live_services, actions, transport)


def _daily_backup(runner: TaskRunner, path: Path, now: datetime) -> None:
    """The day's backup at the window's first start of the day, on the export lane."""

    def made(backup: Backup | None) -> None:
        if backup is not None:
            log.info("the day's backup: %s", backup.path)

    def failed(error: BaseException) -> None:
        log.error("the day's backup of %s failed: %s", path, error)

    runner.run("export", lambda: daily_backup(path, now), made, failed)


def photo_images(blobs: BlobStore, shas: tuple[str, ...]) -> dict[str, QImage]:
    """Photos by sha256, decoded (a worker's call); one missing or unreadable is a null image."""
    out = {}
    for sha in shas:
        image = QImage()
        if blobs.exists(sha):
            image.loadFromData(blobs.get(sha))
        out[sha] = image
    return out


def _sync_service(
    db: Database,
    runner: TaskRunner,
    calendar: WorkingCalendar,
    platform: PlatformLink,
    clock: Callable[[], datetime],
) -> tuple[SyncService, Transport]:
    transport = Transport(
        platform.server,
        timeout=platform.timeout,
        verify=platform.verify,
        keep_alive=platform.keep_alive,
    )
    if platform.retry is not None:
        transport.retry = platform.retry
    read = db.read_engine()
    store = SyncStore(db.engine, calendar, reader=read)
    engine = SyncEngine(store, PlatformApi(transport), db.blobs)
    engine.who = platform.signed_in
    service = SyncService(
        runner,
        engine,
        platform.tokens if platform.tokens is not None else token_store(),
        lambda code: load_directory(read).person(code),
        clock=clock,
        interval_s=platform.interval_s,
        backoff=platform.backoff,
    )
    return service, transport


def _grid_locator(engine: Engine) -> Callable[[float, float], str | None]:
    """Point -> level-3 grid over an STRtree, built on first use (on the read lane) and kept."""
    built: list[GridLocator] = []

    def locate(lon: float, lat: float) -> str | None:
        if not built:
            built.append(GridLocator.for_level(GridRepository(engine).current(), 3))
        found = built[0].nearest(lon, lat, within_m=LOCATE_WITHIN_M)
        return found[0] if found else None

    return locate


class DemoWindow:
    """The demo's windows (features.demo.DemoWindow)."""

    def open(self, session: DemoSession) -> int:
        return open_demo_window(session)

    def recover(self, error: DatabaseDamaged, backups: list[Backup]) -> Backup | None:
        ensure_qapplication()
        dialog = RecoveryDialog(error, backups)
        dialog.exec()
        return dialog.chosen()


demo_window = DemoWindow()  # `commandcenter demo`'s collaborator


def open_demo_window(session: DemoSession) -> int:
    """The demo's window on its synced workstation, syncing with the platform it started (signed
    in already); returns when the window is closed."""
    qapp = ensure_qapplication(language=session.language)
    settings = paths.user_data_dir() / "window.ini"
    platform = PlatformLink(session.server, signed_in=session.who)
    app = build_app(
        open_database(session.client),
        settings_path=settings,
        tiles=session.tiles,
        platform=platform,
    )
    if not settings.exists():
        app.window.resize(1600, 1000)
    app.window.show()
    app.window.start()
    # Ctrl+C or a SIGTERM closes the window as its close button would (what was written stays
    # written; the demo's platform is stopped after). Python sees signals only when it runs:
    # a timer gives it the chance.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.window.close())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(500)
    try:
        return qapp.exec()
    finally:
        wake.stop()
        app.close()


class ScreenshotTimeout(DomainError):
    """The view was not drawn in time, or cannot be drawn from this database."""


def render_screenshot(shot: Shot, timeout_s: float = 60) -> None:
    """Render a view offscreen as `person` into a PNG: read-only database, no timers, no
    dialogs, no network. `main`: the window; `timeline`: the escalation timeline of `case_id`
    (default: the first case of the window's queue); `wall`: the escalation wall; `ledger`: the
    rectification ledger of this month so far; `review`: the review meeting of `week` (default:
    this week); `presenter`: its presenter on the slide of `case_id` (default: the first case
    with photos)."""
    path, out, person, size, view = shot.db, shot.out, shot.person, shot.size, shot.view
    case_id, week = shot.case_id, shot.week
    if week is not None and week not in {p.label for p in offered_weeks(office_now().date())}:
        # said before any window exists (an error raised out of a live window outlives it)
        raise ScreenshotTimeout(f"week {week} is not offered (the review offers the last 26)")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    ensure_qapplication(language=shot.language)
    # the review and its presenter are windows of their own: the map behind them is not drawn
    shows_map = view not in ("review", "presenter")
    app = build_app(open_readonly(path), person=person, live=False, show_map=shows_map)
    try:
        window = app.window
        window.resize(*size)
        window.show()
        _wait_for(window.ready, window.start, timeout_s, "the window was not ready")
        if case_id is not None and (
            window.case_dock.case is None or window.case_dock.case.id != case_id
        ):
            _wait_for(window.case_shown, lambda: window.open_case(case_id), timeout_s, "the case")
        target: QWidget = window
        if view == "timeline":
            panel = TimelinePanel(app.window.desk.clock)
            panel.show_case(window.case_dock.case, window.timeline_dock.panel.policy())
            panel.resize(*size)
            panel.show()
            target = panel
        elif view == "wall":
            wall_room = window.room(WallRoom)
            if wall_room is None:
                raise ScreenshotTimeout("this window has no escalation wall")
            wall = wall_room.open()
            wall.resize(*size)
            # The rows are being read; they arrive through the event loop.
            _wait_for(wall.rows_shown, lambda: None, timeout_s, "the wall")
            target = wall
        elif view == "ledger":
            ledger_room = window.room(LedgerRoom)
            ledger = ledger_room.open() if ledger_room else None
            if ledger is None:
                raise ScreenshotTimeout("this window has no ledger")
            ledger.resize(*size)
            _wait_for(ledger.document_shown, lambda: None, timeout_s, "the ledger")
            target = ledger
        elif view in ("review", "presenter"):
            target = _review_shot(window, view, week, case_id, size, timeout_s)
        for _ in range(3):  # let layouts settle before grabbing
            QApplication.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not target.grab().save(str(out), "PNG"):
            raise OSError(f"cannot write {out}")
    finally:
        app.close()


def _review_shot(
    window: MainWindow,
    view: str,
    week: str | None,
    case_id: int | None,
    size: tuple[int, int],
    timeout_s: float,
) -> QWidget:
    review_room = window.room(ReviewRoom)
    if review_room is None:
        raise ScreenshotTimeout("this window has no review")
    review = review_room.open()
    review.resize(*size)
    _wait_for(review.document_shown, lambda: None, timeout_s, "the review")
    if week is not None and review.period.label != week:
        _wait_for(review.document_shown, lambda: review.select_week(week), timeout_s, week)
    if view == "review":
        return review
    presenter = review.present()
    assert presenter is not None
    presenter.showNormal()  # the offscreen screen's size is not the one asked for
    presenter.resize(*size)
    pages = [i for i, p in enumerate(presenter.pages) if p.case is not None]
    chosen = [i for i in pages if presenter.pages[i].case.case_id == case_id]  # type: ignore[union-attr]
    with_photos = [i for i in pages if presenter.pages[i].case.photos]  # type: ignore[union-attr]
    index = (chosen or with_photos or pages or [0])[0]
    presenter.show_page(index)
    photos = presenter.page.case.photos if presenter.page.case else ()
    if photos:
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(
            lambda: loop.quit() if not presenter.photo_labels[0].pixmap().isNull() else None
        )
        timer.start(50)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
    return presenter


def _wait_for(
    signal: SignalInstance, start: Callable[[], None], timeout_s: float, what: str
) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(timeout_s * 1000))
    start()
    loop.exec()
    signal.disconnect(loop.quit)
    if not timer.isActive():
        raise ScreenshotTimeout(f"{what} within {timeout_s:.0f} s")
    timer.stop()
