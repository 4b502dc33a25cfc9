"""The case on the desk: what the panel and the timeline show (read on the read lane, photos
decoded there too), the actions the signed-in person may take on it now (F2–F9), their dialogs,
and what the write lane says of them. Knows nothing of the queues or the window around it: it
hears which case to show and who is signed in, and says what happened in signals. Its words keep
the "MainWindow" context they were translated under (spelt out: lupdate reads the literal call)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QWidget

from ...domain.actions import USER_EVENTS, Action, available_actions
from ...domain.calendar import WorkingCalendar
from ...domain.errors import DomainError
from ...domain.lifecycle import EventType
from ...domain.model import Person
from ...domain.projection import DeadlinePolicy
from ...features.case_action import ActionRequest
from ...services.case_action_service import CaseActionService
from ...services.task_runner import TaskRunner
from ...store.blobs import BlobStore
from ...store.case_detail import CaseDetail, CaseDetailRepository
from ...store.directory import Directory
from ..common.i18n import tr_label
from ..timeline.timeline_dock import TimelinePanel
from .case_action_dialog import CaseActionDialog
from .case_panel_dock import CasePanelDock

log = logging.getLogger(__name__)

SHORTCUTS = {
    EventType.ACCEPT: "F2",
    EventType.DISPATCH: "F3",
    EventType.HANDLE: "F4",
    EventType.VERIFY_PASS: "F6",
    EventType.REWORK: "F7",
    EventType.CLOSE: "F8",
    EventType.REJECT_DUPLICATE: "F9",
}


@dataclass(frozen=True)
class CaseServices:
    """What the case on the desk is read and written with (from the composition root)."""

    runner: TaskRunner
    details: CaseDetailRepository
    blobs: BlobStore
    clock: Callable[[], datetime]
    actions: CaseActionService | None = None  # None: a read-only window takes no action
    calendar: WorkingCalendar | None = None  # replays deadlines for the timeline
    # The level-3 grid a point lies in (or nearest within a few metres): the grid suggested when
    # a report is accepted. Called on the read lane.
    locate_grid: Callable[[float, float], str | None] | None = None


class CaseController(QObject):
    shown = Signal(object)  # the CaseDetail now in the panel
    written = Signal(int)  # an action of this window was recorded on this case
    action_failed = Signal(str)  # why, in the user's words
    message = Signal(str, int)  # a status-bar line and how long it stays (0: until replaced)
    failed = Signal(object)  # a read failed

    def __init__(
        self,
        services: CaseServices,
        panel: CasePanelDock,
        timeline: TimelinePanel,
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self.s = services
        self.panel = panel
        self.timeline = timeline
        self.host = host  # the dialogs' parent
        self.person: Person | None = None
        self.directory: Directory | None = None
        self.current: int | None = None  # the case asked for last
        # Whether a case is still the selected row of the visible list (set by the window):
        # an action on one that left it since its dialog opened is refused.
        self.listed: Callable[[int], bool] | None = None
        self._generation = 0
        self._suggested_grid: str | None = None
        self.event_actions: dict[EventType, QAction] = {}
        for event in USER_EVENTS:
            action = QAction(tr_label(event), host)
            action.setObjectName(f"action_{event.value}")
            if event in SHORTCUTS:
                action.setShortcut(QKeySequence(SHORTCUTS[event]))
                action.setToolTip(f"{tr_label(event)}（{SHORTCUTS[event]}）")
            action.setEnabled(False)
            action.setVisible(False)
            action.triggered.connect(lambda _checked=False, e=event: self.open_action(e))
            self.event_actions[event] = action
        panel.set_actions(self.event_actions.values())
        if services.actions is not None:
            services.actions.action_recorded.connect(self._on_action_recorded)
            services.actions.action_failed.connect(self._on_action_failed)

    def set_person(self, person: Person | None) -> None:
        self.person = person
        self.update_actions()

    def set_directory(self, directory: Directory) -> None:
        self.directory = directory

    # -- the case shown ----------------------------------------------------------------
    def load(self, case_id: int) -> None:
        """Read this case and show it; a later call wins over an earlier one still reading."""
        self.current = case_id
        self._generation += 1
        generation = self._generation
        details, blobs, locate = self.s.details, self.s.blobs, self.s.locate_grid

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
            if generation != self._generation:
                return
            detail, images, self._suggested_grid = result
            self.panel.show_case(detail, images, self.s.clock())
            calendar = self.s.calendar
            policy = (
                DeadlinePolicy(calendar, detail.time_limit)
                if calendar is not None and detail.time_limit is not None
                else None
            )
            self.timeline.show_case(detail, policy)
            self.update_actions()
            self.shown.emit(detail)

        self.s.runner.run("read", load, shown, self.failed.emit)

    def clear(self) -> None:
        """Show no case: the list has none selected (a read still under way is dropped)."""
        self.current = None
        self._generation += 1
        self._suggested_grid = None
        self.panel.show_case(None, {}, self.s.clock())
        self.timeline.show_case(None, None)
        self.update_actions()
        self.shown.emit(None)

    def available(self) -> list[Action]:
        case = self.panel.case
        if case is None or self.person is None:
            return []
        return available_actions(
            case.projection, self.person.code, self.person.roles, self.s.clock()
        )

    def update_actions(self) -> None:
        allowed = {a.event for a in self.available()}
        for event, action in self.event_actions.items():
            action.setVisible(event in allowed)
            action.setEnabled(event in allowed)

    # -- actions -----------------------------------------------------------------------
    def open_action(self, event: EventType) -> CaseActionDialog | None:
        """Open the dialog for `event` on the shown case, if the person may take it now."""
        chosen = next((a for a in self.available() if a.event is event), None)
        case, directory = self.panel.case, self.directory
        if chosen is None or case is None or directory is None or self.s.actions is None:
            return None
        if not self._still_listed(case.id, case.case_no, event):
            return None
        dialog = CaseActionDialog(
            chosen,
            case,
            directory,
            suggested_grid=self._suggested_grid,
            images=self.panel.images,
            parent=self.host,
        )
        dialog.setObjectName("action_dialog")
        number = case.case_no
        dialog.accepted.connect(lambda: self._submit(dialog.request(), number))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _submit(self, request: ActionRequest, case_no: str) -> None:
        if self.s.actions is None or self.person is None:
            return
        if not self._still_listed(request.case_id, case_no, request.event):
            return
        self.message.emit(QCoreApplication.translate("MainWindow", "正在保存…"), 0)
        self.s.actions.submit(self.person.code, request)

    def _still_listed(self, case_id: int, case_no: str, event: EventType) -> bool:
        """False (and said) when the case is no longer the selected row of the visible list:
        a search, a tab or another desk's change took it away since."""
        if self.listed is None or self.listed(case_id):
            return True
        message = (
            QCoreApplication.translate("MainWindow", "案件%1已不在当前列表中，未执行%2")
            .replace("%1", case_no)
            .replace("%2", tr_label(event))
        )
        self.message.emit(message, 0)
        self.action_failed.emit(message)
        return False

    def _on_action_recorded(self, request: ActionRequest, _recorded: object) -> None:
        self.message.emit(
            QCoreApplication.translate("MainWindow", "已记录：%s") % tr_label(request.event), 5000
        )
        self.written.emit(request.case_id)

    def _on_action_failed(self, request: ActionRequest, error: BaseException) -> None:
        log.info("action %s refused: %s", request.event, error)
        text = error_text(error)
        message = (
            QCoreApplication.translate("MainWindow", "%1未能保存：%2")
            .replace("%1", tr_label(request.event))
            .replace("%2", text)
        )
        self.message.emit(message, 0)
        self.action_failed.emit(message)


def error_text(error: BaseException) -> str:
    """Why a write was refused, in the user's language; the engine's own words (for the log and
    support) follow a validation error in brackets."""
    code = getattr(error, "code", None)
    if code == "illegal_transition":
        return QCoreApplication.translate(
            "MainWindow", "案件已被他人处理，状态已变化，请查看后再操作"
        )
    if code == "role_not_allowed":
        return QCoreApplication.translate("MainWindow", "您的角色不能执行此操作")
    if code == "not_found":
        return QCoreApplication.translate("MainWindow", "案件不存在")
    if code == "missing_field":
        return QCoreApplication.translate("MainWindow", "缺少必填内容")
    if isinstance(error, DomainError):
        return QCoreApplication.translate("MainWindow", "内容不符合要求（%1）").replace(
            "%1", error.message
        )
    if isinstance(error, OSError):
        return QCoreApplication.translate("MainWindow", "文件无法读取或写入（%1）").replace(
            "%1", str(error)
        )
    return QCoreApplication.translate("MainWindow", "保存失败（%1）").replace("%1", str(error))
