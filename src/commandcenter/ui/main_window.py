"""The command-centre window (SPEC §3): grid tree and case panel docks around the queues, a
status bar with counts and the last refresh. Reads run on the read lane, writes on the write
lane; the change feed says which cases changed and only those are re-read. The map ([6/10]) and
the timeline ([5/10]) come as further docks."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from ..domain.actions import USER_EVENTS, Action, available_actions
from ..domain.enums import Role
from ..domain.errors import DomainError
from ..domain.lifecycle import EventType
from ..domain.model import Person
from ..domain.projection import DeadlinePolicy
from ..features.case_action import ActionRequest
from ..services.alert_service import Alert
from ..services.sync_service import SignInResult, SyncState
from ..services.task_runner import SingleFlight
from ..store.case_detail import CaseDetail
from ..store.directory import Directory, default_person
from ..store.queues import Queue, QueueFilter
from ..store.sync_store import Refusal
from ..sync.sync_engine import SyncReport
from .alerts.alert_notifier import AlertNotifier, AlertsButton
from .case.case_action_dialog import CaseActionDialog
from .case.case_panel_dock import CasePanelDock
from .common.i18n import tr_label
from .common.plain_text import plain
from .common.room import Room
from .dashboard.dashboard_dock import DashboardDock
from .map.map_dock import MapDock
from .map.map_link import MapLink
from .queues.case_queue_table_model import CaseQueueTableModel
from .queues.case_queue_view import CaseQueueView
from .queues.grid_tree_dock import GridTreeDock
from .queues.grid_tree_model import subtree_totals
from .signin.conflicts_dialog import ConflictsDialog
from .signin.platform_sign_in_dialog import PlatformSignInDialog
from .signin.sign_in_dialog import SignInDialog
from .signin.sync_status import SyncStatusWidget
from .timeline.timeline_dock import TimelineDock
from .window_services import WindowServices

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Room)

COALESCE_MS = 150
SHORTCUTS = {
    EventType.ACCEPT: "F2",
    EventType.DISPATCH: "F3",
    EventType.HANDLE: "F4",
    EventType.VERIFY_PASS: "F6",
    EventType.REWORK: "F7",
    EventType.CLOSE: "F8",
    EventType.REJECT_DUPLICATE: "F9",
}


OPEN_QUEUES = (Queue.REPORTED, Queue.ACCEPTED, Queue.DISPATCHED, Queue.HANDLED, Queue.ESCALATED)


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
        services: WindowServices,
        person_code: str | None = None,
        rooms: Sequence[Room] = (),
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("网格指挥中心"))
        self.s = services
        self._wanted_person = person_code
        self.person: Person | None = None
        self.directory: Directory | None = None
        self._pending: set[int] = set()
        self._counts = SingleFlight(services.runner, "count")
        self._detail_generation = 0
        self._ready_parts: set[str] = set()
        self._current_case: int | None = None
        self._suggested_grid: str | None = None

        self.model = CaseQueueTableModel(
            services.runner,
            services.queues,
            QueueFilter(now=services.clock(), queue=next(iter(Queue))),
            parent=self,
        )
        self.queues = CaseQueueView(self.model, services.clock, self)
        self.setCentralWidget(self.queues)
        self.grid_dock = GridTreeDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.grid_dock)
        self.case_dock = CasePanelDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.case_dock)
        self.timeline_dock = TimelineDock(services.clock, self)
        # The timeline sits under the queues, between the tree and the case panel.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.resizeDocks([self.grid_dock, self.case_dock], [380, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.timeline_dock], [300], Qt.Orientation.Vertical)
        self.map_dock: MapDock | None = None
        self.map_link: MapLink | None = None
        if services.map_data is not None:
            self.map_dock = MapDock(self)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.map_dock)
            self.tabifyDockWidget(self.timeline_dock, self.map_dock)
            self.timeline_dock.raise_()
            if services.tiles is not None:
                self.map_dock.set_tiles(services.tiles)
            self.map_link = MapLink(
                self.map_dock,
                services.runner,
                services.map_data,
                services.clock,
                self.grid_dock,
                self.case_dock,
                self.open_case,
                self.counts_refreshed,
                self.case_shown,
                self,
            )

        self.dashboard_dock: DashboardDock | None = None
        if services.load_dashboard is not None:
            load, clock = services.load_dashboard, services.clock
            dashboard = DashboardDock(services.runner, load, clock, self)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dashboard)
            self.tabifyDockWidget(self.timeline_dock, dashboard)
            self.timeline_dock.raise_()
            self.dashboard_dock = dashboard

        self.event_actions: dict[EventType, QAction] = {}
        for event in USER_EVENTS:
            action = QAction(tr_label(event), self)
            action.setObjectName(f"action_{event.value}")
            if event in SHORTCUTS:
                action.setShortcut(QKeySequence(SHORTCUTS[event]))
                action.setToolTip(f"{tr_label(event)}（{SHORTCUTS[event]}）")
            action.setEnabled(False)
            action.setVisible(False)
            action.triggered.connect(lambda _checked=False, e=event: self.open_action(e))
            self.addAction(action)
            self.event_actions[event] = action
        self.case_dock.set_actions(self.event_actions.values())
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
        self.rooms = tuple(rooms)
        for room in self.rooms:
            room.attach(self)
            menus[room.menu].addAction(room.action)
        find = QAction(self.tr("搜索"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.queues.search.setFocus())
        self.addAction(find)

        self.person_label = plain(QLabel(self))
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("status_counts")
        self.refreshed_label = QLabel(self)
        self.refreshed_label.setObjectName("status_refreshed")
        self.alerts_button = AlertsButton(self)
        self.alerts_button.case_requested.connect(self.open_case)
        self.notifier: AlertNotifier | None = None
        self.sync_status: SyncStatusWidget | None = None
        if services.sync is not None:
            self.sync_status = SyncStatusWidget(services.clock, self)
            self.statusBar().addPermanentWidget(self.sync_status)
        self.sign_in_dialog: PlatformSignInDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        for widget in (
            self.person_label,
            self.alerts_button,
            self.counts_label,
            self.refreshed_label,
        ):
            self.statusBar().addPermanentWidget(widget)
        self.statusBar().showMessage(self.tr("正在读取数据库…"))

        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._on_coalesce_timeout)

        self.grid_dock.grid_selected.connect(self.queues.set_grid)
        self.queues.case_selected.connect(self._on_queues_case_selected)
        self.model.rows_loaded.connect(self._on_model_rows_loaded)
        self.model.total_changed.connect(lambda _n: self._refresh_counts())
        if services.feed is not None:
            services.feed.cases_changed.connect(self._on_feed_cases_changed)
            if self.dashboard_dock is not None:
                services.feed.cases_changed.connect(self.dashboard_dock.cases_changed)
        if services.alerts is not None:
            self.notifier = AlertNotifier(self)
            services.alerts.alert_raised.connect(self._on_alert_raised)
        if services.actions is not None:
            services.actions.action_recorded.connect(self._on_action_recorded)
            services.actions.action_failed.connect(self._on_action_failed)
        if services.sync is not None and self.sync_status is not None:
            services.sync.status_changed.connect(self.sync_status.set_status)
            if services.supervision is not None:
                supervision = services.supervision
                services.sync.status_changed.connect(
                    lambda status: supervision.hold(status.state is SyncState.SYNCING)
                )
            services.sync.signed_in.connect(self._on_platform_signed_in)
            services.sync.sign_in_failed.connect(self._on_platform_sign_in_failed)
            services.sync.sign_in_required.connect(self._on_sign_in_required)
            services.sync.synced.connect(self._on_synced)
            self.sync_status.conflicts_requested.connect(self.open_conflicts)
            self.sync_status.sign_in_requested.connect(self.open_sign_in)
            self.sync_status.set_status(services.sync.status)
        self._restore_layout()

    def room(self, kind: type[R]) -> R | None:
        """The window's room of this kind (the wall, the ledger, the review), if it has one."""
        return next((r for r in self.rooms if isinstance(r, kind)), None)

    # -- start -----------------------------------------------------------------------------
    def start(self) -> None:
        self.s.runner.run("read", self.s.load_directory, self._on_directory_loaded, self._on_failed)

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
        if self.s.feed is not None:
            self.s.feed.start()
        if self.s.alerts is not None:
            self.s.alerts.start()
        if self.map_link is not None:
            self.map_link.start()
        if self.s.supervision is not None:
            self.s.supervision.start()
        if self.s.sync is not None:
            self.s.sync.start()
            if self.s.sync.who is None:
                self.s.sync.resume()  # the keyring's token, or the sign-in dialog
        self._part_ready("directory")

    def _show_directory(self, directory: Directory) -> None:
        self.directory = directory
        wanted = directory.person(self._wanted_person) if self._wanted_person else None
        if self.s.sync is not None:
            self.set_person(wanted)  # who signed in at the platform, nobody else
        else:
            self.set_person(wanted or default_person(directory))
        self.grid_dock.set_grids(directory.grids)
        self.queues.set_directory(directory)
        for room in self.rooms:
            room.set_directory(directory)
        streets = [g for g in directory.grids if g.level == 1]
        if len(streets) == 1:
            self.setWindowTitle(self.tr("网格指挥中心 — %s") % streets[0].name)

    def reload_directory(self) -> None:
        """People, grids and categories again (a sync brought new ones: the first sync of a new
        workstation brings them all)."""

        def shown(directory: Directory) -> None:
            self._show_directory(directory)
            if self.map_link is not None:
                self.map_link.reload()
            self._refresh_counts()

        self.s.runner.run("read", self.s.load_directory, shown, self._on_failed)

    def set_person(self, person: Person | None) -> None:
        self.person = person
        if person is not None:
            roles = "、".join(tr_label(r) for r in Role if r in person.roles)
            self.person_label.setText(self.tr("当前用户：%s（%s）") % (person.name, roles))
        self._update_actions()

    def open_sign_in(self) -> SignInDialog | PlatformSignInDialog | None:
        """登录 / 切换用户: at the platform when the window syncs with one; otherwise pick the
        person the window acts as from the directory."""
        if self.s.sync is not None:
            return self.open_platform_sign_in()
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

    # -- the platform: signing in, sync, conflicts -----------------------------------------
    def open_platform_sign_in(self, reason: str = "") -> PlatformSignInDialog | None:
        sync = self.s.sync
        if sync is None:
            return None
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.raise_()
            self.sign_in_dialog.activateWindow()
            return self.sign_in_dialog
        note = ""
        if not sync.tokens.persistent:
            note = self.tr(
                "本机没有加密的系统钥匙串：登录凭据只保存在本次会话中，关闭程序后需重新登录。"
            )
        dialog = PlatformSignInDialog(
            sync.server, sync.usernames, token_note=note, reason=reason, parent=self
        )
        dialog.setObjectName("platform_sign_in_dialog")
        dialog.sign_in_requested.connect(sync.sign_in)
        dialog.finished.connect(self._on_sign_in_dialog_finished)
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def _on_sign_in_dialog_finished(self, _result: int) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.deleteLater()
            self.sign_in_dialog = None

    def _on_sign_in_required(self, why: str) -> None:
        if why:
            self.statusBar().showMessage(self.tr("平台要求重新登录"), 10000)
        self.open_platform_sign_in(self.tr("登录已失效，请重新登录（%s）") % why if why else "")

    def _on_platform_signed_in(self, result: SignInResult) -> None:
        who = result.who
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.succeeded()
        self._wanted_person = who.person
        person = self.directory.person(who.person) if self.directory else None
        if person is not None or self.person is not None:
            self.set_person(person)
        if person is None:
            self.person_label.setText(self.tr("当前用户：%s（正在同步人员信息…）") % who.username)
        text = (
            self.tr("已登录区级平台：%s") % (who.name or who.username)
            if who.online
            else self.tr("平台无法连接，已离线登录：%s（操作将在联网登录后上传）")
            % (who.name or who.username)
        )
        self.statusBar().showMessage(text, 15000)

    def _on_platform_sign_in_failed(self, error: object) -> None:
        message = getattr(error, "message", str(error))
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.failed(message)
        else:
            self.statusBar().showMessage(message, 15000)

    def _on_synced(self, report: SyncReport) -> None:
        if report.reference:
            self.reload_directory()
        elif self.person is None and self._wanted_person and self.directory is not None:
            self.set_person(self.directory.person(self._wanted_person))

    def open_conflicts(self) -> ConflictsDialog | None:
        """同步冲突: the refused events, each re-applied or dismissed."""
        sync = self.s.sync
        if sync is None:
            return None
        if self.conflicts_dialog is None:
            store = sync.engine.store
            clock = self.s.clock
            directory = self.directory

            def names(code: str) -> str:
                person = directory.person(code) if directory else None
                return person.name if person else code

            def reapply(refusal: Refusal) -> object:
                actor, role = self._reapply_as(refusal)
                return store.reapply(refusal.event_id, clock().replace(microsecond=0), actor, role)

            dialog = ConflictsDialog(
                self.s.runner,
                store.refusals,
                reapply,
                lambda r: store.dismiss(r.event_id),
                names,
                self,
            )
            dialog.setObjectName("conflicts_dialog")
            dialog.changed.connect(sync.sync_now)
            dialog.changed.connect(self._on_conflict_handled)
            self.conflicts_dialog = dialog
        self.conflicts_dialog.show()
        self.conflicts_dialog.raise_()
        self.conflicts_dialog.refresh()
        return self.conflicts_dialog

    def _reapply_as(self, refusal: Refusal) -> tuple[str | None, Role]:
        """Re-applied by whoever is signed in, in the role the refused event was taken in when
        he holds it (else his first role; the rules then say whether he may)."""
        person = self.person
        if person is None:
            raise DomainError("nobody is signed in to re-apply it")
        role = Role(refusal.role)
        if role not in person.roles:
            role = next(r for r in Role if r in person.roles)
        return person.code, role

    def _on_conflict_handled(self) -> None:
        self._refresh_counts()

    def _on_alert_raised(self, alert: Alert) -> None:
        self.alerts_button.add(alert)
        if self.notifier is not None:
            self.notifier.notify(alert)

    def stop_live(self) -> None:
        for room in self.rooms:
            room.stop()
        for service in (self.s.feed, self.s.supervision, self.s.alerts, self.s.sync):
            if service is not None:
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
        if self._current_case is not None and self.queues.select_case(self._current_case):
            pass
        elif self.model.rowCount() and "case" not in self._ready_parts:
            self.queues.table.selectRow(0)
        elif not self.model.rowCount() and "case" not in self._ready_parts:
            self._part_ready("case")
        self._part_ready("rows")

    def _refresh_counts(self) -> None:
        if self.directory is not None:
            self._counts.request(self._prepare_counts, self._on_failed)

    def _prepare_counts(self) -> tuple[Callable[[], _Counts], Callable[[_Counts], None]]:
        f = self.queues.counts_filter()
        queues, parents = self.s.queues, self.grid_dock.model.parents()

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
        self.refreshed_label.setText(self.tr("刷新于 %s") % self.s.clock().strftime("%H:%M:%S"))
        self.counts_refreshed.emit()
        self._part_ready("counts")

    # -- live ------------------------------------------------------------------------------
    def _on_feed_cases_changed(self, ids: frozenset[int]) -> None:
        self._pending |= ids
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _on_coalesce_timeout(self) -> None:
        ids, self._pending = frozenset(self._pending), set()
        self.model.set_now(self.s.clock())
        self.model.refresh_cases(ids)
        self._refresh_counts()
        if self.s.alerts is not None:
            self.s.alerts.cases_changed(ids)
        if self.map_link is not None:
            self.map_link.cases_changed(ids)
        for room in self.rooms:
            room.cases_changed()
        if self._current_case in ids:
            self._load_case(self._current_case)

    # -- the case panel --------------------------------------------------------------------
    def open_case(self, case_id: int) -> None:
        """Show this case in the panel and the timeline (selected in the queue if it is there)."""
        self._current_case = case_id
        if not self.queues.select_case(case_id):
            self._load_case(case_id)

    def _on_queues_case_selected(self, case_id: int | None) -> None:
        if case_id is None:
            return  # keep showing the case until another is chosen
        self._current_case = case_id
        self._load_case(case_id)

    def _load_case(self, case_id: int) -> None:
        self._detail_generation += 1
        generation = self._detail_generation
        details, blobs = self.s.details, self.s.blobs

        locate = self.s.locate_grid

        def load() -> tuple[CaseDetail, dict[str, QImage], str | None]:
            detail = details.load(case_id)
            suggested = None
            if locate is not None and detail.lon is not None and detail.lat is not None:
                suggested = locate(detail.lon, detail.lat)
            images: dict[str, QImage] = {}
            for ref in detail.attachments:
                if blobs.exists(ref.sha256):
                    image = QImage()
                    if image.loadFromData(blobs.get(ref.sha256)):
                        images[ref.sha256] = image
            return detail, images, suggested

        def shown(result: tuple[CaseDetail, dict[str, QImage], str | None]) -> None:
            if generation != self._detail_generation:
                return
            detail, images, self._suggested_grid = result
            self.case_dock.show_case(detail, images, self.s.clock())
            calendar = self.s.calendar
            policy = (
                DeadlinePolicy(calendar, detail.time_limit)
                if calendar is not None and detail.time_limit is not None
                else None
            )
            self.timeline_dock.panel.show_case(detail, policy)
            self._update_actions()
            self.case_shown.emit(detail)
            self._part_ready("case")

        self.s.runner.run("read", load, shown, self._on_failed)

    def available(self) -> list[Action]:
        case = self.case_dock.case
        if case is None or self.person is None:
            return []
        return available_actions(
            case.projection, self.person.code, self.person.roles, self.s.clock()
        )

    def _update_actions(self) -> None:
        allowed = {a.event for a in self.available()}
        for event, action in self.event_actions.items():
            action.setVisible(event in allowed)
            action.setEnabled(event in allowed)

    # -- actions ---------------------------------------------------------------------------
    def open_action(self, event: EventType) -> CaseActionDialog | None:
        """Open the dialog for `event` on the shown case, if the person may take it now."""
        chosen = next((a for a in self.available() if a.event is event), None)
        case, directory = self.case_dock.case, self.directory
        if chosen is None or case is None or directory is None or self.s.actions is None:
            return None
        dialog = CaseActionDialog(
            chosen, case, directory, suggested_grid=self._suggested_grid, parent=self
        )
        dialog.setObjectName("action_dialog")
        dialog.accepted.connect(lambda: self._submit(dialog.request()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _submit(self, request: ActionRequest) -> None:
        if self.s.actions is None or self.person is None:
            return
        self.statusBar().showMessage(self.tr("正在保存…"))
        self.s.actions.submit(self.person.code, request)

    def _on_action_recorded(self, request: ActionRequest, _recorded: object) -> None:
        self.statusBar().showMessage(self.tr("已记录：%s") % tr_label(request.event), 5000)
        if self.s.sync is not None:
            self.s.sync.sync_now()  # the platform hears of it now, not at the next tick
        # Do not wait for the next poll for what this window wrote.
        self._on_feed_cases_changed(frozenset({request.case_id}))

    def _error_text(self, error: BaseException) -> str:
        """Why a write was refused, in the user's language; the engine's own words (for the
        log and support) follow a validation error in brackets."""
        code = getattr(error, "code", None)
        if code == "illegal_transition":
            return self.tr("案件已被他人处理，状态已变化，请查看后再操作")
        if code == "role_not_allowed":
            return self.tr("您的角色不能执行此操作")
        if code == "not_found":
            return self.tr("案件不存在")
        if code == "missing_field":
            return self.tr("缺少必填内容")
        if isinstance(error, DomainError):
            return self.tr("内容不符合要求（%1）").replace("%1", error.message)
        if isinstance(error, OSError):
            return self.tr("文件无法读取或写入（%1）").replace("%1", str(error))
        return self.tr("保存失败（%1）").replace("%1", str(error))

    def _on_action_failed(self, request: ActionRequest, error: BaseException) -> None:
        log.info("action %s refused: %s", request.event, error)
        text = self._error_text(error)
        message = (
            self.tr("%1未能保存：%2").replace("%1", tr_label(request.event)).replace("%2", text)
        )
        self.statusBar().showMessage(message)
        self.action_failed.emit(message)

    def _on_failed(self, error: BaseException) -> None:
        log.error("read failed: %s", error)
        self.statusBar().showMessage(self.tr("读取失败：%s") % error)

    # -- layout ----------------------------------------------------------------------------
    def _settings(self) -> QSettings | None:
        if self.s.settings_path is None:
            return None
        return QSettings(str(self.s.settings_path), QSettings.Format.IniFormat)

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
