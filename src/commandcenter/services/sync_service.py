"""The app's side of sync: signing in against the platform (or offline, against the hash kept
here), the token kept in the keyring, and a scheduler that runs the sync engine on the network
lane — every 10 s while the platform answers, backing off while it does not, at once after a
local action. The GUI thread only starts work and reads the answers; it never waits on the
network or the database.

States, as the status bar shows them: signed out; syncing; online (the last sync went through);
offline (the platform cannot be reached: the work queues); busy (429/5xx: coming back later);
sign-in required (401: the token expired or was revoked); offline sign-in (signed in against the
local hash: nothing is pushed until the platform takes the password again, which is tried in
the background with the backoff); error (the platform refused or answered out of protocol)."""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.clock import office_now
from ..domain.enums import Role
from ..domain.model import Person
from ..store.sync_store import SyncCounts
from ..sync.credentials import TokenStore
from ..sync.errors import (
    BadCredentials,
    Offline,
    ServerBusy,
    SignInRequired,
    SignInThrottled,
    SyncError,
    TokenStoreError,
)
from ..sync.sync_engine import SignedIn, SyncEngine, SyncReport
from .task_runner import SingleFlight, TaskRunner

log = logging.getLogger(__name__)

INTERVAL_S = 10.0
BACKOFF_BASE_S = 5.0
BACKOFF_CAP_S = 300.0


class SyncState(StrEnum):
    SIGNED_OUT = "signed_out"
    SYNCING = "syncing"
    ONLINE = "online"
    OFFLINE = "offline"
    BUSY = "busy"
    SIGN_IN_REQUIRED = "sign_in_required"
    OFFLINE_SIGN_IN = "offline_sign_in"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: SyncState
    last_sync: datetime | None = None
    pending: int = 0  # events in the outbox
    refused: int = 0  # conflicts and rejections listed
    message: str = ""  # why (offline, busy, error), as the platform or the network said
    next_in_s: float | None = None  # when the scheduler tries again
    username: str = ""
    # Why the token is kept for this session only (no encrypted keyring); empty when the keyring
    # keeps it, or before an online sign-in.
    token_note: str = ""


@dataclass(frozen=True, slots=True)
class SignInResult:
    who: SignedIn
    token_note: str  # "" when kept in the keyring, else why it is kept in memory only


class SignInFailed(Exception):
    """The sign-in did not succeed; the message says why, for the dialog."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = BACKOFF_BASE_S
    cap_s: float = BACKOFF_CAP_S

    def delay(self, failures: int, rng: random.Random) -> float:
        """Exponential with jitter (half fixed, half random), from the first failure."""
        step = min(self.cap_s, self.base_s * 2 ** max(0, failures - 1))
        return step / 2 + rng.uniform(0, step / 2)


class SyncService(QObject):
    status_changed = Signal(object)  # SyncStatus
    signed_in = Signal(object)  # SignInResult
    sign_in_failed = Signal(object)  # SignInFailed
    # Ask for the password: nobody signed in at the start (the message is empty), or the
    # platform answered 401 (the token expired or was revoked; the message says so).
    sign_in_required = Signal(str)
    synced = Signal(object)  # SyncReport of a sync that went through

    def __init__(
        self,
        runner: TaskRunner,
        engine: SyncEngine,
        tokens: TokenStore,
        find_person: Callable[[str], Person | None],
        *,
        clock: Callable[[], datetime] = office_now,
        interval_s: float = INTERVAL_S,
        backoff: Backoff | None = None,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.engine = engine
        self.tokens = tokens
        self._find_person = find_person
        self._clock = clock
        self.interval_s = interval_s
        self.backoff = backoff or Backoff()
        self._rng = rng or random.Random()
        self._flight = SingleFlight(runner, "network")
        self._failures = 0
        self._stopped = True
        # Signed in offline: the password, kept in memory only, for the online sign-in tried in
        # the background; forgotten once it went through or was refused.
        self._retry_password: str | None = None
        self._usernames: list[str] = []
        self.status = SyncStatus(SyncState.SIGNED_OUT)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- who ---------------------------------------------------------------------------------
    @property
    def who(self) -> SignedIn | None:
        return self.engine.who

    @property
    def server(self) -> str:
        return self.engine.api.server

    @property
    def usernames(self) -> list[str]:
        """Accounts that signed in online here, the most recent first (read with resume())."""
        return list(self._usernames)

    def _note_username(self, username: str) -> None:
        self._usernames = [username, *(u for u in self._usernames if u != username)]

    def resume(self) -> None:
        """Sign in with the last account's token from the keyring, if one is kept for this
        platform (the first sync finds out if it expired): signed_in follows; otherwise
        sign_in_required, and the window asks for the password."""

        def work() -> SignInResult | None:
            known = self.engine.store.accounts.known()
            self._usernames = [a.username for a in known]
            if not self.tokens.persistent:
                return None
            for account in known:
                if account.server != self.server:
                    continue
                token = self.tokens.get(self._token_key(account.username))
                if not token:
                    return None
                person = self._find_person(account.person)
                who = self.engine.resume(
                    account.username,
                    token,
                    account,
                    frozenset(person.roles) if person else frozenset(),
                    person.name if person else "",
                )
                return SignInResult(who, "")
            return None

        def done(result: SignInResult | None) -> None:
            if result is None:
                self._set(replace(self.status, state=SyncState.SIGNED_OUT))
                self.sign_in_required.emit("")
                return
            self._set(
                replace(
                    self.status,
                    state=SyncState.SYNCING,
                    username=result.who.username,
                    token_note="",
                )
            )
            self.signed_in.emit(result)
            if not self._stopped:
                self._schedule(0)

        self._runner.run("network", work, done, self._on_resume_failed)

    def _on_resume_failed(self, error: BaseException) -> None:
        log.warning("the kept sign-in cannot be used: %s", error)
        self.sign_in_required.emit("")

    def sign_in(self, username: str, password: str) -> None:
        """Online when the platform answers; offline against the hash kept here when it cannot
        be reached. signed_in or sign_in_failed follows."""
        username = username.strip()

        def work() -> SignInResult:
            return self._sign_in(username, password)

        def done(result: SignInResult) -> None:
            self._failures = 0
            self._note_username(username)
            self._retry_password = None if result.who.online else password
            state = SyncState.SYNCING if result.who.online else SyncState.OFFLINE_SIGN_IN
            message = "" if result.who.online else self.tr("平台无法连接，已离线登录")
            self._set(
                replace(
                    self.status,
                    state=state,
                    message=message,
                    username=username,
                    token_note=result.token_note,
                )
            )
            self.signed_in.emit(result)
            if not self._stopped:
                self._schedule(0 if result.who.online else self._backoff_s())

        def failed(error: BaseException) -> None:
            self.sign_in_failed.emit(
                error
                if isinstance(error, SignInFailed)
                else SignInFailed("failed", self.tr("登录失败：%s") % error)
            )

        self._runner.run("network", work, done, failed)

    def _sign_in(self, username: str, password: str) -> SignInResult:
        if not username or not password:
            raise SignInFailed("missing", self.tr("请输入账号和密码"))
        now = self._clock().replace(microsecond=0)
        try:
            who = self.engine.sign_in(username, password, now)
        except BadCredentials:
            raise SignInFailed("bad_credentials", self.tr("账号或密码不正确")) from None
        except SignInThrottled as exc:
            wait = math.ceil(exc.retry_after or 1)
            if wait < 60:
                words = self.tr("%1 秒").replace("%1", str(wait))
            else:
                words = self.tr("%1 分钟").replace("%1", str(-(-wait // 60)))
            raise SignInFailed(
                "throttled", self.tr("登录失败次数过多，请在 %s 后再试") % words
            ) from None
        except (Offline, ServerBusy) as exc:
            try:
                person_roles, name = self._offline_identity(username)
                who = self.engine.sign_in_offline(username, password, person_roles, name)
            except BadCredentials:
                raise SignInFailed(
                    "offline",
                    self.tr(
                        "无法连接区级平台（%s）。离线登录只对曾在本工作站联网登录过的账号有效，"
                        "且密码须与上次联网登录时一致。"
                    )
                    % exc.message,
                ) from None
            return SignInResult(who, "")
        except SyncError as exc:
            raise SignInFailed(exc.code, self.tr("登录失败：%s") % exc.message) from None
        note = ""
        if who.token is not None:
            try:
                self.tokens.set(self._token_key(username), who.token)
            except TokenStoreError as exc:
                note = self.tr("系统钥匙串拒绝保存登录凭据（%s）：凭据只保存在本次会话中") % exc
            if not self.tokens.persistent:
                note = self.tr("没有加密的系统钥匙串：登录凭据只保存在本次会话中，重启后需重新登录")
        return SignInResult(who, note)

    def _offline_identity(self, username: str) -> tuple[frozenset[Role], str]:
        for account in self.engine.store.accounts.known():
            if account.username == username:
                person = self._find_person(account.person)
                if person is not None:
                    return frozenset(person.roles), person.name
        return frozenset(), ""

    def _token_key(self, username: str) -> str:
        return f"{username}@{self.server}"

    # -- the scheduler ---------------------------------------------------------------------
    def start(self) -> None:
        """Read the counts; sync at once if signed in."""
        self._stopped = False
        self.engine.api.transport.cancel.clear()
        self.refresh_counts()
        if self.who is not None:
            self._schedule(0 if self.who.online else self._backoff_s())

    def stop(self) -> None:
        """No more syncs; a running one is cut short at its next request or wait."""
        self._stopped = True
        self._timer.stop()
        self.engine.api.transport.cancel.set()

    @property
    def running(self) -> bool:
        return not self._stopped

    def sync_now(self) -> None:
        """After a local action: now, not at the next tick (once more if one is running)."""
        self.refresh_counts()
        if self._stopped or self.who is None:
            return
        if self.status.state is SyncState.SIGN_IN_REQUIRED:
            return  # the user signs in first
        self._timer.stop()
        self._request()

    def next_in_s(self) -> float | None:
        return self._timer.remainingTime() / 1000 if self._timer.isActive() else None

    def _schedule(self, delay_s: float) -> None:
        if self._stopped:
            return
        self._timer.start(max(0, int(delay_s * 1000)))
        self._set(replace(self.status, next_in_s=delay_s))

    def _backoff_s(self) -> float:
        return self.backoff.delay(max(1, self._failures), self._rng)

    def _on_timer_timeout(self) -> None:
        self._request()

    def _request(self) -> None:
        who = self.who
        if who is None or self._stopped:
            return
        if not who.online:
            self._request_online_sign_in()
            return
        self._set(replace(self.status, state=SyncState.SYNCING, next_in_s=None))
        self._flight.request(self._prepare_sync, self._on_sync_failed)

    def _prepare_sync(self) -> tuple[Callable[[], Any], Callable[[Any], None]]:
        engine = self.engine

        def work() -> tuple[SyncReport, SyncCounts, str | None]:
            report = engine.sync()
            return report, engine.store.counts(), engine.store.meta().get("last_sync")

        return work, self._on_synced

    def _on_synced(self, result: tuple[SyncReport, SyncCounts, str | None]) -> None:
        report, counts, last = result
        self._failures = 0
        self._set(
            replace(
                self.status,
                state=SyncState.ONLINE,
                message="; ".join(report.errors[:3]),
                pending=counts.pending,
                refused=counts.refused,
                last_sync=_parse_time(last) or self._clock(),
            )
        )
        self.synced.emit(report)
        self._schedule(self.interval_s)

    def _on_sync_failed(self, error: BaseException) -> None:
        if self._stopped:
            return
        self._failures += 1
        if isinstance(error, SignInRequired):
            self.tokens.delete(self._token_key(self.status.username))
            self._set(replace(self.status, state=SyncState.SIGN_IN_REQUIRED, message=str(error)))
            self.refresh_counts()
            self.sign_in_required.emit(str(error))
            return  # no retry loop: the user signs in again
        delay = self._backoff_s()
        if isinstance(error, ServerBusy):
            state = SyncState.BUSY
            delay = max(delay, error.retry_after or 0.0)
        elif isinstance(error, Offline):
            state = SyncState.OFFLINE
        else:
            state = SyncState.ERROR
            if not isinstance(error, SyncError):
                log.error("sync failed", exc_info=error)
        message = error.message if isinstance(error, SyncError) else str(error)
        self._set(replace(self.status, state=state, message=message))
        self.refresh_counts()
        self._schedule(delay)

    # -- offline sign-in: the online one retried in the background --------------------------
    def _request_online_sign_in(self) -> None:
        password, username = self._retry_password, self.status.username
        if password is None:
            return

        def work() -> SignInResult:
            return self._sign_in(username, password)

        def done(result: SignInResult) -> None:
            if not result.who.online:  # still unreachable: signed in offline again
                self._failures += 1
                self._schedule(self._backoff_s())
                return
            self._retry_password = None
            self._failures = 0
            self._set(
                replace(
                    self.status,
                    state=SyncState.SYNCING,
                    message="",
                    token_note=result.token_note,
                )
            )
            self.signed_in.emit(result)
            self._request()

        def failed(error: BaseException) -> None:
            self._retry_password = None
            message = error.message if isinstance(error, SignInFailed) else str(error)
            self._set(replace(self.status, state=SyncState.SIGN_IN_REQUIRED, message=message))
            self.sign_in_required.emit(message)

        self._runner.run("network", work, done, failed)

    # -- counts ----------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        """Pending and refused events, read on the read lane (after a local action, a
        re-apply or a dismissal)."""
        store = self.engine.store

        def work() -> tuple[SyncCounts, str | None]:
            return store.counts(), store.meta().get("last_sync")

        def done(result: tuple[SyncCounts, str | None]) -> None:
            counts, last = result
            self._set(
                replace(
                    self.status,
                    pending=counts.pending,
                    refused=counts.refused,
                    last_sync=_parse_time(last) or self.status.last_sync,
                )
            )

        self._runner.run("read", work, done, lambda e: log.warning("sync counts: %s", e))

    def _set(self, status: SyncStatus) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
