"""The command-centre window (SPEC §3): it assembles what the composition root hands it — the
grid tree and the queues, the case on the desk (ui/case), the timeline, the map, the dashboard,
the platform's sign-in and sync status (ui/signin), the rooms in its menus — and keeps them
current: reads run on the read lane, the change feed says which cases changed and only those
are re-read, the counts are refreshed once for a burst of changes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from ..domain.enums import Role
from ..domain.model import Person
from ..geo.tiles import TileSource
from ..services.alert_service import Alert, AlertService
from ..services.change_feed import ChangeFeed
from ..services.supervision_service import SupervisionService
from ..services.sync_service import SyncService
from ..services.task_runner import SingleFlight, TaskRunner
from ..store.directory import Directory, default_person
from ..store.queues import CaseQueueRepository, Queue, QueueFilter
from ..sync.sync_engine import SignedIn
from .alerts.alert_notifier import AlertNotifier, AlertsButton
from .case.case_controller import CaseController, CaseServices
from .case.case_panel_dock import CasePanelDock
from .common.i18n import tr_label
from .common.plain_text import plain
from .common.room import Room
from .dashboard.dashboard_dock import DashboardDock, LoadDashboard
from .map.map_dock import MapDock
from .map.map_link import MapData, MapLink
from .queues.case_queue_table_model import CaseQueueTableModel
from .queues.case_queue_view import CaseQueueView
from .queues.grid_tree_dock import GridTreeDock
from .queues.grid_tree_model import subtree_totals
from .signin.platform_controller import PlatformController
from .signin.platform_sign_in_dialog import PlatformSignInDialog
from .signin.sign_in_dialog import SignInDialog
from .timeline.timeline_dock import TimelineDock

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Room)

COALESCE_MS = 150
OPEN_QUEUES = (Queue.REPORTED, Queue.ACCEPTED, Queue.DISPATCHED, Queue.HANDLED, Queue.ESCALATED)


@dataclass(frozen=True)
class Desk:
    """What every window has: the lanes, the office clock, the queues and the directory."""

    runner: TaskRunner
    clock: Callable[[], datetime]
    queues: CaseQueueRepository
    load_directory: Callable[[], Directory]
    settings_path: Path | None = None  # where the layout is kept; None: not kept


@dataclass(frozen=True)
class LiveServices:
    """What keeps a window current; none of them for a screenshot or a read-only file."""

    feed: ChangeFeed | None = None
    alerts: AlertService | None = None
    supervision: SupervisionService | None = None
    # Sync with the district platform: who is signed in then comes from the platform (the
    # local person picker is for a database not tied to one).
    sync: SyncService | None = None

    def all(self) -> tuple[ChangeFeed | SupervisionService | AlertService | SyncService, ...]:
        return tuple(s for s in (self.feed, self.supervision, self.alerts, self.sync) if s)


@dataclass(frozen=True)
class _Counts:
    """What one refresh of the counts brings: the tabs', the tree's (added up the subtree on the
    worker) and the status bar's."""

    queues: dict[Queue, int]
    grid_totals: dict[str, tuple[int, ...]]
    open_total: int
    overdue: int


class MainWindow(QMainWindow):
    ready = Signal()  # directory, first page, counts and first case are on screen
    case_shown = Signal(object)  # CaseDetail or None
    counts_refreshed = Signal()
    action_failed = Signal(str)

    def __init__(
        self,
        desk: Desk,
        case: CaseServices,
        *,
        live: LiveServices | None = None,
        map_data: MapData | None = None,  # the grid map (a QtWebEngine page) when given
        tiles: TileSource | None = None,  # the map's base tiles (none by default)
        load_dashboard: LoadDashboard | None = None,  # None: no dashboard dock
        rooms: Sequence[Room] = (),
        person_code: str | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        # The application's display name (网格指挥中心) follows whatever title is set here:
        # the title is the street office's name alone, once it is known.
        self.setWindowTitle("")
        self.desk = desk
        self.live = live or LiveServices()
        self._wanted_person = person_code
        self.person: Person | None = None
        self.directory: Directory | None = None
        self._pending: set[int] = set()
        self._counts = SingleFlight(desk.runner, "count")
        self._ready_parts: set[str] = set()

        first = QueueFilter(now=desk.clock(), queue=next(iter(Queue)))
        self.model = CaseQueueTableModel(desk.runner, desk.queues, first, parent=self)
        self.queues = CaseQueueView(self.model, desk.clock, self)
        self.setCentralWidget(self.queues)
        self.grid_dock = GridTreeDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.grid_dock)
        self.case_dock = CasePanelDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.case_dock)
        self.timeline_dock = TimelineDock(desk.clock, self)
        # The timeline sits under the queues, between the tree and the case panel.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.resizeDocks([self.grid_dock, self.case_dock], [380, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.timeline_dock], [300], Qt.Orientation.Vertical)
        self.case = CaseController(case, self.case_dock, self.timeline_dock.panel, self)
        self.addActions(list(self.case.event_actions.values()))
        self.map_dock: MapDock | None = None
        self.map_link: MapLink | None = None
        if map_data is not None:
            self.map_dock = MapDock(self)
            self._tab_under_queues(self.map_dock)
            if tiles is not None:
                self.map_dock.set_tiles(tiles)
            self.map_link = MapLink(
                self.map_dock,
                desk.runner,
                map_data,
                desk.clock,
                self.grid_dock,
                self.case_dock,
                self.open_case,
                self.counts_refreshed,
                self.case_shown,
                self,
            )
        self.dashboard_dock: DashboardDock | None = None
        if load_dashboard is not None:
            self.dashboard_dock = DashboardDock(desk.runner, load_dashboard, desk.clock, self)
            self._tab_under_queues(self.dashboard_dock)
        self.platform: PlatformController | None = None
        if self.live.sync is not None:
            self.platform = PlatformController(self.live.sync, desk.runner, desk.clock, self)
        self.rooms = tuple(rooms)
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self._restore_layout()

    def _tab_under_queues(self, dock: MapDock | DashboardDock) -> None:
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.tabifyDockWidget(self.timeline_dock, dock)
        self.timeline_dock.raise_()

    def _build_menus(self) -> None:
        self.sign_in_action = QAction(self.tr("登录 / 切换用户…"), self)
        self.sign_in_action.setObjectName("action_sign_in")
        self.sign_in_action.setShortcut(QKeySequence("Ctrl+L"))
        self.sign_in_action.setEnabled(False)  # until the directory is loaded
        self.sign_in_action.triggered.connect(self.open_sign_in)
        user_menu = self.menuBar().addMenu(self.tr("用户(&U)"))
        user_menu.addAction(self.sign_in_action)
        view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))
        docks = (self.grid_dock, self.case_dock, self.timeline_dock, self.map_dock)
        for dock in (*docks, self.dashboard_dock):
            if dock is not None:
                view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        reports_menu = self.menuBar().addMenu(self.tr("报表(&R)"))
        menus = {"view": view_menu, "reports": reports_menu}
        for room in self.rooms:
            room.attach(self)
            menus[room.menu].addAction(room.action)
        find = QAction(self.tr("搜索"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.queues.search.setFocus())
        self.addAction(find)

    def _build_status_bar(self) -> None:
        self.person_label = plain(QLabel(self))
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("status_counts")
        self.refreshed_label = QLabel(self)
        self.refreshed_label.setObjectName("status_refreshed")
        self.alerts_button = AlertsButton(self)
        self.alerts_button.case_requested.connect(self.open_case)
        self.notifier = AlertNotifier(self) if self.live.alerts is not None else None
        self.sync_status = self.platform.status if self.platform is not None else None
        parts = (self.person_label, self.alerts_button, self.counts_label, self.refreshed_label)
        for widget in (self.sync_status, *parts):
            if widget is not None:
                self.statusBar().addPermanentWidget(widget)
        self.statusBar().showMessage(self.tr("正在读取数据库…"))

    def _connect(self) -> None:
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._on_coalesce_timeout)
        self.grid_dock.grid_selected.connect(self.queues.set_grid)
        self.queues.case_selected.connect(self._on_queues_case_selected)
        self.model.rows_loaded.connect(self._on_model_rows_loaded)
        self.model.total_changed.connect(lambda _n: self._refresh_counts())
        self.case.listed = lambda case_id: self.queues.current_case_id() == case_id
        self.case.shown.connect(self._on_case_shown)
        self.case.written.connect(self._on_case_written)
        self.case.action_failed.connect(self.action_failed)
        self.case.message.connect(self._show_message)
        self.case.failed.connect(self._on_failed)
        live = self.live
        if live.feed is not None:
            live.feed.cases_changed.connect(self._on_feed_cases_changed)
            if self.dashboard_dock is not None:
                live.feed.cases_changed.connect(self.dashboard_dock.cases_changed)
        if live.alerts is not None:
            live.alerts.alert_raised.connect(self._on_alert_raised)
        if self.platform is not None:
            self.platform.signed_in.connect(self._on_platform_signed_in)
            self.platform.directory_stale.connect(self.reload_directory)
            self.platform.synced.connect(self._on_synced)
            self.platform.conflicts_handled.connect(self._refresh_counts)
            self.platform.message.connect(self._show_message)

    def _show_message(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def room(self, kind: type[R]) -> R | None:
        """The window's room of this kind (the wall, the ledger, the review), if it has one."""
        return next((r for r in self.rooms if isinstance(r, kind)), None)

    # -- start -----------------------------------------------------------------------------
    def start(self) -> None:
        self.desk.runner.run(
            "read", self.desk.load_directory, self._on_directory_loaded, self._on_failed
        )

    def _on_directory_loaded(self, directory: Directory) -> None:
        self._show_directory(directory)
        self.sign_in_action.setEnabled(True)
        # The view asked for the default queue's first page when it was built (enabling sorting
        # sorts); ask again only if the directory changed the question (a restored filter).
        question = self.queues.current_filter()
        if replace(question, now=self.model.query.now) != self.model.query:
            self.queues.apply_filter()
        self._refresh_counts()
        if self.dashboard_dock is not None:
            self.dashboard_dock.refresh()  # after the window is up; hidden: when shown
        for service in (self.live.feed, self.live.alerts, self.map_link, self.live.supervision):
            if service is not None:
                service.start()
        if self.platform is not None:
            self.platform.start()
        self._part_ready("directory")

    def _show_directory(self, directory: Directory) -> None:
        self.directory = directory
        wanted = directory.person(self._wanted_person) if self._wanted_person else None
        if self.platform is not None:
            self.set_person(wanted)  # who signed in at the platform, nobody else
        else:
            self.set_person(wanted or default_person(directory))
        self.grid_dock.set_grids(directory.grids)
        self.queues.set_directory(directory)
        self.case.set_directory(directory)
        if self.platform is not None:
            self.platform.directory = directory
        for room in self.rooms:
            room.set_directory(directory)
        streets = [g for g in directory.grids if g.level == 1]
        if len(streets) == 1:
            self.setWindowTitle(streets[0].name)

    def reload_directory(self) -> None:
        """People, grids and categories again (a sync brought new ones: the first sync of a new
        workstation brings them all)."""

        def shown(directory: Directory) -> None:
            self._show_directory(directory)
            if self.map_link is not None:
                self.map_link.reload()
            self._refresh_counts()

        self.desk.runner.run("read", self.desk.load_directory, shown, self._on_failed)

    def set_person(self, person: Person | None) -> None:
        self.person = person
        if person is not None:
            roles = "、".join(tr_label(r) for r in Role if r in person.roles)
            self.person_label.setText(self.tr("当前用户：%s（%s）") % (person.name, roles))
        self.case.set_person(person)
        if self.platform is not None:
            self.platform.person = person

    def open_sign_in(self) -> SignInDialog | PlatformSignInDialog | None:
        """登录 / 切换用户: at the platform when the window syncs with one; otherwise pick the
        person the window acts as from the directory."""
        if self.platform is not None:
            return self.platform.open_sign_in()
        if self.directory is None:
            return None
        current = self.person.code if self.person else None
        dialog = SignInDialog(self.directory, current, self)
        dialog.setObjectName("sign_in_dialog")
        dialog.accepted.connect(lambda: self._on_signed_in(dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_signed_in(self, person: Person | None) -> None:
        if person is None or person == self.person:
            return
        self.set_person(person)
        self.statusBar().showMessage(self.tr("已切换为 %s") % person.name, 5000)

    def _on_platform_signed_in(self, who: SignedIn) -> None:
        self._wanted_person = who.person
        person = self.directory.person(who.person) if self.directory else None
        if person is not None or self.person is not None:
            self.set_person(person)
        if person is None:
            self.person_label.setText(self.tr("当前用户：%s（正在同步人员信息…）") % who.username)

    def _on_synced(self) -> None:
        if self.person is None and self._wanted_person and self.directory is not None:
            self.set_person(self.directory.person(self._wanted_person))

    def _on_alert_raised(self, alert: Alert) -> None:
        self.alerts_button.add(alert)
        if self.notifier is not None:
            self.notifier.notify(alert)

    def stop_live(self) -> None:
        for room in self.rooms:
            room.stop()
        for service in self.live.all():
            service.stop()

    def _part_ready(self, part: str) -> None:
        if part in self._ready_parts:
            return
        self._ready_parts.add(part)
        if {"directory", "rows", "counts", "case"} <= self._ready_parts:
            self.statusBar().clearMessage()
            self.ready.emit()

    # -- queues and counts -----------------------------------------------------------------
    def _on_model_rows_loaded(self) -> None:
        """A new list (a search, a tab, a filter): the case on the desk stays if the list shows
        it, selected; otherwise the panel shows nothing (at start: the first row)."""
        if self.case.current is not None and self.queues.select_case(self.case.current):
            pass
        elif self.model.rowCount() and "case" not in self._ready_parts:
            self.queues.table.selectRow(0)
        else:
            if self.case.current is not None or self.case.panel.case is not None:
                self.case.clear()
            self._part_ready("case")
        self._part_ready("rows")

    def _refresh_counts(self) -> None:
        if self.directory is not None:
            self._counts.request(self._prepare_counts, self._on_failed)

    def _prepare_counts(self) -> tuple[Callable[[], _Counts], Callable[[_Counts], None]]:
        f = self.queues.counts_filter()
        queues, parents = self.desk.queues, self.grid_dock.model.parents()

        def load() -> _Counts:
            by_grid = queues.grid_counts(f.now)
            open_total = overdue = 0
            for counts in by_grid.values():
                open_total += sum(counts[q] for q in OPEN_QUEUES)
                overdue += counts[Queue.OVERDUE]
            totals = subtree_totals(by_grid, parents)
            return _Counts(queues.queue_counts(f), totals, open_total, overdue)

        return load, self._on_counts_loaded

    def _on_counts_loaded(self, counts: _Counts) -> None:
        self.queues.set_counts(counts.queues)
        self.grid_dock.model.set_totals(counts.grid_totals)
        self.counts_label.setText(
            self.tr("在办 %1 件 · 超期 %2 件")
            .replace("%1", f"{counts.open_total:,}")
            .replace("%2", f"{counts.overdue:,}")
        )
        self.refreshed_label.setText(self.tr("刷新于 %s") % self.desk.clock().strftime("%H:%M:%S"))
        self.counts_refreshed.emit()
        self._part_ready("counts")

    # -- live ------------------------------------------------------------------------------
    def _on_feed_cases_changed(self, ids: frozenset[int]) -> None:
        self._pending |= ids
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _on_coalesce_timeout(self) -> None:
        ids, self._pending = frozenset(self._pending), set()
        self.model.set_now(self.desk.clock())
        self.model.refresh_cases(ids)
        self._refresh_counts()
        if self.live.alerts is not None:
            self.live.alerts.cases_changed(ids)
        if self.map_link is not None:
            self.map_link.cases_changed(ids)
        for room in self.rooms:
            room.cases_changed()
        if self.case.current in ids:
            self.case.load(self.case.current)

    # -- the case on the desk --------------------------------------------------------------
    def open_case(self, case_id: int) -> None:
        """Show this case (from the map, an alert, a wall card): selected in the list, which
        is switched to 全部 searching its number when it does not show the case."""
        self.case.current = case_id
        if self.queues.select_case(case_id):
            return
        details = self.case.s.details

        def found(number: str) -> None:
            if self.case.current == case_id:  # nothing else asked for meanwhile
                self.queues.show_only(number)

        self.desk.runner.run("read", lambda: details.number_of(case_id), found, self._on_failed)

    def _on_queues_case_selected(self, case_id: int | None) -> None:
        if case_id is not None:
            self.case.load(case_id)
        elif self.case.current is not None or self.case.panel.case is not None:
            self.case.clear()  # the list shows none selected: neither does the panel

    def _on_case_shown(self, detail: object) -> None:
        self.case_shown.emit(detail)
        self._part_ready("case")

    def _on_case_written(self, case_id: int) -> None:
        if self.live.sync is not None:
            self.live.sync.sync_now()  # the platform hears of it now, not at the next tick
        # Do not wait for the next poll for what this window wrote.
        self._on_feed_cases_changed(frozenset({case_id}))

    def _on_failed(self, error: BaseException) -> None:
        log.error("read failed: %s", error)
        self.statusBar().showMessage(self.tr("读取失败：%s") % error)

    # -- layout ----------------------------------------------------------------------------
    def _settings(self) -> QSettings | None:
        if self.desk.settings_path is None:
            return None
        return QSettings(str(self.desk.settings_path), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        settings = self._settings()
        if settings is None:
            return
        geometry, state = settings.value("window/geometry"), settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        settings = self._settings()
        if settings is None:
            return
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.stop_live()
        if self.map_dock is not None:
            self.map_dock.shutdown()
        super().closeEvent(event)
