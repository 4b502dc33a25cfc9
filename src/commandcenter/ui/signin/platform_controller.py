"""The window's side of the district platform: the sign-in dialog (asked for by the user, or by
the platform when a token expired), the sync part of the status bar, and the conflicts dialog
where refused events are re-applied or dismissed. It hears who is signed in and which directory
is loaded from the window and says in signals what the window must do about a sign-in or a
sync (show the person, reload the directory, refresh the counts). Its words keep
the "MainWindow" context they were translated under (spelt out: lupdate reads the literal call)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from ...domain.enums import Role
from ...domain.errors import DomainError
from ...domain.model import Person
from ...services.sync_service import SignInResult, SyncService
from ...services.task_runner import TaskRunner
from ...store.directory import Directory
from ...store.sync_store import Refusal
from ...sync.sync_engine import SignedIn, SyncReport
from .conflicts_dialog import ConflictsDialog
from .platform_sign_in_dialog import PlatformSignInDialog
from .sync_status import SyncStatusWidget


class PlatformController(QObject):
    signed_in = Signal(object)  # the SignedIn who signed in at the platform (or offline)
    directory_stale = Signal()  # a sync brought people, grids or categories
    synced = Signal()  # a sync went through (the person may have arrived with it)
    conflicts_handled = Signal()  # a refused event was re-applied or dismissed
    message = Signal(str, int)  # a status-bar line and how long it stays

    def __init__(
        self,
        sync: SyncService,
        runner: TaskRunner,
        clock: Callable[[], datetime],
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self.sync = sync
        self._runner = runner
        self._clock = clock
        self.host = host  # the dialogs' parent
        self.person: Person | None = None
        self.directory: Directory | None = None
        self.sign_in_dialog: PlatformSignInDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.status = SyncStatusWidget(clock, host)
        sync.status_changed.connect(self.status.set_status)
        sync.signed_in.connect(self._on_signed_in)
        sync.sign_in_failed.connect(self._on_sign_in_failed)
        sync.sign_in_required.connect(self._on_sign_in_required)
        sync.synced.connect(self._on_synced)
        self.status.conflicts_requested.connect(self.open_conflicts)
        self.status.sign_in_requested.connect(self.open_sign_in)
        self.status.set_status(sync.status)

    def start(self) -> None:
        self.sync.start()
        if self.sync.who is None:
            self.sync.resume()  # the keyring's token, or the sign-in dialog

    def stop(self) -> None:
        self.sync.stop()

    # -- signing in ------------------------------------------------------------------
    def open_sign_in(self, reason: str = "") -> PlatformSignInDialog:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.raise_()
            self.sign_in_dialog.activateWindow()
            return self.sign_in_dialog
        note = ""
        if not self.sync.tokens.persistent:
            note = QCoreApplication.translate(
                "MainWindow",
                "本机没有加密的系统钥匙串：登录凭据只保存在本次会话中，关闭程序后需重新登录。",
            )
        dialog = PlatformSignInDialog(
            self.sync.server, self.sync.usernames, token_note=note, reason=reason, parent=self.host
        )
        dialog.setObjectName("platform_sign_in_dialog")
        dialog.sign_in_requested.connect(self.sync.sign_in)
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
            self.message.emit(QCoreApplication.translate("MainWindow", "平台要求重新登录"), 10000)
        self.open_sign_in(
            QCoreApplication.translate("MainWindow", "登录已失效，请重新登录（%s）") % why
            if why
            else ""
        )

    def _on_signed_in(self, result: SignInResult) -> None:
        who: SignedIn = result.who
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.succeeded()
        self.signed_in.emit(who)
        name = who.name or who.username
        text = (
            QCoreApplication.translate("MainWindow", "已登录区级平台：%s") % name
            if who.online
            else QCoreApplication.translate(
                "MainWindow", "平台无法连接，已离线登录：%s（操作将在联网登录后上传）"
            )
            % name
        )
        self.message.emit(text, 15000)

    def _on_sign_in_failed(self, error: object) -> None:
        message = getattr(error, "message", str(error))
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.failed(message)
        else:
            self.message.emit(message, 15000)

    def _on_synced(self, report: SyncReport) -> None:
        if report.reference:
            self.directory_stale.emit()
        else:
            self.synced.emit()

    # -- conflicts -------------------------------------------------------------------
    def open_conflicts(self) -> ConflictsDialog:
        """同步冲突: the refused events, each re-applied or dismissed."""
        if self.conflicts_dialog is None:
            store, clock = self.sync.engine.store, self._clock

            def names(code: str) -> str:
                person = self.directory.person(code) if self.directory else None
                return person.name if person else code

            def reapply(refusal: Refusal) -> object:
                actor, role = self._reapply_as(refusal)
                return store.reapply(refusal.event_id, clock().replace(microsecond=0), actor, role)

            dialog = ConflictsDialog(
                self._runner,
                store.refusals,
                reapply,
                lambda r: store.dismiss(r.event_id),
                names,
                self.host,
            )
            dialog.setObjectName("conflicts_dialog")
            dialog.changed.connect(self.sync.sync_now)
            dialog.changed.connect(self.conflicts_handled)
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
