"""The window syncing with the platform (a subprocess on 127.0.0.1): signing in at the platform
instead of picking a person, the status bar, the scheduler (now after a local action, back off
while the platform cannot be reached, no retry loop on 401), the token kept in memory only when
there is no encrypted keyring, offline sign-in, and the conflicts dialog."""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fault_proxy import FaultProxy
from harness import Platform
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sync_harness import TEST_RETRY, TEST_TIMEOUT, Workstation, server_projections
from test_sync_conflicts import _dispatch

from commandcenter.app import App, PlatformLink, build_app
from commandcenter.domain.enums import Priority, Role, Source
from commandcenter.domain.lifecycle import EventType as E
from commandcenter.domain.transitions import Command
from commandcenter.features.case_action import ActionRequest
from commandcenter.services.sync_service import Backoff, SyncState
from commandcenter.store.case_commands import NewCase, Recorded
from commandcenter.store.database import open_database
from commandcenter.sync.credentials import MemoryTokens
from commandcenter.ui.main_window import MainWindow
from commandcenter.ui.signin.platform_sign_in_dialog import PlatformSignInDialog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FAST = Backoff(base_s=0.2, cap_s=0.8)


@dataclass
class Vault:
    """A keyring that keeps tokens between windows of one test (as the OS keyring would)."""

    persistent: bool = True
    why: str = "kept in the test vault"

    def __post_init__(self) -> None:
        self.tokens: dict[str, str] = {}

    def get(self, account: str) -> str | None:
        return self.tokens.get(account)

    def set(self, account: str, token: str) -> None:
        self.tokens[account] = token

    def delete(self, account: str) -> None:
        self.tokens.pop(account, None)


@pytest.fixture
def open_window(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[..., App]]:
    opened: list[App] = []

    def make(server: str, name: str = "ws", **link: object) -> App:
        link.setdefault("tokens", MemoryTokens("no keyring in the test"))
        platform = PlatformLink(
            server,
            timeout=TEST_TIMEOUT,
            retry=TEST_RETRY,
            backoff=FAST,
            **link,  # type: ignore[arg-type]
        )
        built = build_app(open_database(tmp_path / f"{name}.db"), show_map=False, platform=platform)
        opened.append(built)
        return built

    yield make
    for built in opened:
        built.close()


def _sign_in_dialog(window: MainWindow) -> PlatformSignInDialog | None:
    assert window.platform is not None, "the window syncs with a platform"
    return window.platform.sign_in_dialog


def _start(qtbot: QtBot, built: App) -> None:
    window = built.window
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()


def _sign_in(qtbot: QtBot, built: App, username: str, password: str = "demo") -> None:
    window, sync = built.window, built.sync
    assert sync is not None
    qtbot.waitUntil(lambda: _sign_in_dialog(window) is not None, timeout=10_000)
    dialog = _sign_in_dialog(window)
    assert dialog is not None
    dialog.username.setEditText(username)
    dialog.password.setText(password)
    with qtbot.waitSignal(sync.signed_in, timeout=15_000):
        dialog.ok_button.click()


def _synced(qtbot: QtBot, built: App) -> None:
    sync = built.sync
    assert sync is not None
    with qtbot.waitSignal(sync.synced, timeout=30_000):
        pass


def test_sign_in_at_the_platform_then_the_queues_fill(
    qtbot: QtBot, platform: Platform, open_window: Callable[..., App]
) -> None:
    built = open_window(platform.base, interval_s=60)
    window, sync = built.window, built.sync
    assert sync is not None and window.sync_status is not None
    _start(qtbot, built)
    # Nobody is signed in and there is no token: the platform's sign-in dialog, not the picker.
    qtbot.waitUntil(lambda: _sign_in_dialog(window) is not None, timeout=10_000)
    dialog = _sign_in_dialog(window)
    assert dialog is not None
    assert dialog.server_label.text() == platform.base
    assert dialog.token_label.isVisibleTo(dialog)  # the memory-only token is said beforehand
    assert window.person is None
    dialog.username.setEditText("shangdu-duty")
    dialog.password.setText("wrong")
    with qtbot.waitSignal(sync.sign_in_failed, timeout=15_000):
        dialog.ok_button.click()
    assert "不正确" in dialog.message.text()
    assert _sign_in_dialog(window) is dialog and dialog.ok_button.isEnabled()
    dialog.password.setText("demo")
    with qtbot.waitSignal(sync.synced, timeout=30_000) as synced:
        dialog.ok_button.click()
    assert _sign_in_dialog(window) is None
    assert synced.args[0].reference > 0 and synced.args[0].pages >= 1
    # The first sync brought the street's people: the duty officer is the window's person.
    qtbot.waitUntil(lambda: window.person is not None, timeout=10_000)
    assert window.person is not None and Role.DUTY_OFFICER in window.person.roles
    # The feed says which cases the sync wrote; the counts follow.
    qtbot.waitUntil(
        lambda: re.search(r"在办 [1-9]", window.counts_label.text()) is not None, timeout=10_000
    )
    status = window.sync_status
    qtbot.waitUntil(lambda: status.status.state is SyncState.ONLINE, timeout=10_000)
    assert status.status.pending == 0 and status.status.refused == 0
    assert status.status.last_sync is not None
    assert "在线" in status.state_label.text() and "待上传 0" in status.detail_label.text()
    assert status.token_label.isVisibleTo(window)  # kept in memory only, and it says so
    assert not status.conflicts_button.isVisibleTo(window)
    assert sync.next_in_s() is not None and sync.next_in_s() > 50  # every interval_s


def test_a_local_action_is_pushed_at_once(
    qtbot: QtBot, platform: Platform, platform_db: str, open_window: Callable[..., App]
) -> None:
    built = open_window(platform.base, interval_s=600)
    window, sync = built.window, built.sync
    assert sync is not None and built.actions is not None
    _start(qtbot, built)
    _sign_in(qtbot, built, "shangdu-duty")
    _synced(qtbot, built)
    qtbot.waitUntil(lambda: window.person is not None, timeout=10_000)
    case_id = _report(_workstation(built)).case_id
    assert sync.next_in_s() is not None and sync.next_in_s() > 500
    with qtbot.waitSignal(sync.synced, timeout=15_000):
        built.actions.submit(
            window.person.code,  # type: ignore[union-attr]
            ActionRequest(case_id, E.ACCEPT, Role.DUTY_OFFICER, "受理"),
        )
    qtbot.waitUntil(lambda: sync.status.pending == 0, timeout=10_000)
    assert sync.engine.store.counts().pending == 0
    uuid = _uuid_of(sync.engine.store, case_id)
    assert server_projections(platform_db, "410171001")[uuid][0].state.value == "accepted"


@pytest.mark.slow
def test_offline_backs_off_then_recovers(
    qtbot: QtBot, platform: Platform, open_window: Callable[..., App]
) -> None:
    port = int(platform.base.rsplit(":", 1)[1])
    with FaultProxy(port, rate=0.0) as proxy:
        built = open_window(proxy.url, interval_s=60, keep_alive=False)
        window, sync = built.window, built.sync
        assert sync is not None and window.sync_status is not None
        _start(qtbot, built)
        _sign_in(qtbot, built, "shangdu-duty")
        _synced(qtbot, built)
        proxy.down = True
        states: list[SyncState] = []
        sync.status_changed.connect(lambda s: states.append(s.state))
        sync.sync_now()
        qtbot.waitUntil(lambda: sync.status.state is SyncState.OFFLINE, timeout=30_000)
        assert "离线" in window.sync_status.state_label.text()
        delay = sync.next_in_s()
        assert delay is not None and delay <= FAST.cap_s  # backing off, not the 60 s tick
        proxy.down = False
        qtbot.waitUntil(lambda: sync.status.state is SyncState.ONLINE, timeout=30_000)
        assert SyncState.SYNCING in states


def test_401_asks_to_sign_in_again_and_does_not_retry(
    qtbot: QtBot, platform: Platform, open_window: Callable[..., App]
) -> None:
    vault = Vault()
    first = open_window(platform.base, "ws", tokens=vault)
    _start(qtbot, first)
    _sign_in(qtbot, first, "shangdu-duty")
    _synced(qtbot, first)
    assert list(vault.tokens) == [f"shangdu-duty@{platform.base}"]
    first.close()
    # The next start signs in with the kept token, without a dialog.
    second = open_window(platform.base, "ws", tokens=vault)
    sync = second.sync
    assert sync is not None
    with qtbot.waitSignal(sync.synced, timeout=30_000):
        _start(qtbot, second)
    assert _sign_in_dialog(second.window) is None
    qtbot.waitUntil(lambda: second.window.person is not None, timeout=10_000)
    second.close()
    # The token expired on the platform meanwhile: 401 leads to the dialog, not to retries.
    vault.tokens[f"shangdu-duty@{platform.base}"] = "expired-token"
    third = open_window(platform.base, "ws", tokens=vault)
    sync = third.sync
    assert sync is not None
    with qtbot.waitSignal(sync.sign_in_required, timeout=30_000):
        _start(qtbot, third)
    qtbot.waitUntil(lambda: _sign_in_dialog(third.window) is not None, timeout=10_000)
    dialog = _sign_in_dialog(third.window)
    assert dialog is not None and "重新登录" in dialog.reason_label.text()
    assert sync.status.state is SyncState.SIGN_IN_REQUIRED
    assert sync.next_in_s() is None  # nothing scheduled
    assert vault.tokens == {}  # the dead token is not kept
    assert third.window.sync_status is not None
    assert third.window.sync_status.sign_in_button.isVisibleTo(third.window)


@pytest.mark.slow
def test_offline_sign_in_queues_then_pushes_after_online_sign_in(
    qtbot: QtBot, platform: Platform, open_window: Callable[..., App]
) -> None:
    port = int(platform.base.rsplit(":", 1)[1])
    with FaultProxy(port, rate=0.0) as proxy:
        first = open_window(proxy.url, "ws", keep_alive=False)
        _start(qtbot, first)
        _sign_in(qtbot, first, "shangdu-duty")
        _synced(qtbot, first)
        first.close()
        proxy.down = True
        built = open_window(proxy.url, "ws", keep_alive=False)
        window, sync = built.window, built.sync
        assert sync is not None and window.sync_status is not None
        _start(qtbot, built)
        _sign_in(qtbot, built, "shangdu-duty")
        assert sync.status.state is SyncState.OFFLINE_SIGN_IN
        assert sync.who is not None and not sync.who.online
        qtbot.waitUntil(lambda: window.person is not None, timeout=10_000)
        assert "离线登录" in window.sync_status.state_label.text()
        case_id = _report(_workstation(built)).case_id
        with qtbot.waitSignal(built.actions.action_recorded, timeout=10_000):  # type: ignore[union-attr]
            built.actions.submit(  # type: ignore[union-attr]
                window.person.code,  # type: ignore[union-attr]
                ActionRequest(case_id, E.ACCEPT, Role.DUTY_OFFICER, "受理"),
            )

        # The report and the accept wait in the outbox, and the status bar counts all that waits
        # (the supervision's tick may have queued its own events for cases past their deadlines:
        # how many depends on the hour of the working week the test runs in).
        def queued() -> bool:
            waiting = sync.engine.store.counts().pending
            return sync.status.pending == waiting and _queued(built, case_id) == [
                "report",
                "accept",
            ]

        qtbot.waitUntil(queued, timeout=10_000)
        proxy.down = False
        # The online sign-in is tried again in the background; then the queue goes up.
        qtbot.waitUntil(lambda: sync.status.state is SyncState.ONLINE, timeout=30_000)
        qtbot.waitUntil(lambda: sync.status.pending == 0, timeout=10_000)
        assert sync.who is not None and sync.who.online


def _queued(built: App, case_id: int) -> list[str]:
    """The types of this case's events waiting in the outbox, in order."""
    with sqlite3.connect(built.db.path) as conn:
        rows = conn.execute(
            "SELECT e.type FROM outbox o JOIN case_events e ON e.id = o.event_id"
            " WHERE e.case_id = ? ORDER BY o.id",
            (case_id,),
        ).fetchall()
    return [r[0] for r in rows]


def _workstation(built: App) -> Workstation:
    """The harness's view of the window's database and engine."""
    assert built.sync is not None and built.transport is not None
    return Workstation(
        built.db.path,
        built.db,
        built.sync.engine.store,
        built.sync.engine,
        built.transport,
    )


def _report(ws: Workstation) -> Recorded:
    """A case a grid member reported on this workstation (not yet on the platform), numbered
    by it."""
    grid, member = ws.leaf_grid_with_member()
    now = datetime.now().replace(microsecond=0) - timedelta(minutes=30)
    return ws.store.commands.report(
        NewCase(
            "",
            ws.leaf_category(),
            Source.PATROL,
            Priority.NORMAL,
            grid,
            "占道经营",
            "商都路9号",
            None,
            None,
        ),
        Command(E.REPORT, member, Role.GRID_MEMBER, now, "上报"),
    )


def test_conflicts_dialog_dismisses_and_reapplies(
    qtbot: QtBot,
    platform: Platform,
    workstation: Callable[..., Workstation],
    open_window: Callable[..., App],
    qtmodeltester: ModelTester,
) -> None:
    other = workstation(platform.base, "other")
    other.sign_in("shangdu-duty")
    other.engine.sync()
    built = open_window(platform.base, "mine", interval_s=600)
    window, sync = built.window, built.sync
    assert sync is not None and window.sync_status is not None
    _start(qtbot, built)
    _sign_in(qtbot, built, "shangdu-duty")
    _synced(qtbot, built)
    qtbot.waitUntil(lambda: window.person is not None, timeout=10_000)
    duty = window.person.code  # type: ignore[union-attr]
    leaders = other.people(Role.GRID_LEADER)
    accepted = [_report(other), _report(other)]
    at = datetime.now().replace(microsecond=0) - timedelta(minutes=20)
    for rec in accepted:
        other.store.commands.apply(
            rec.case_id, Command(E.ACCEPT, duty, Role.DUTY_OFFICER, at, "受理")
        )
    other.engine.sync()
    with qtbot.waitSignal(sync.synced, timeout=15_000):
        sync.sync_now()
    mine = _workstation(built)
    now = datetime.now().replace(microsecond=0)
    for n, case_no in enumerate(rec.case_no for rec in accepted):
        _dispatch(other, other.case_id(case_no), duty, leaders[0], now - timedelta(minutes=5 - n))
        _dispatch(mine, mine.case_id(case_no), duty, leaders[1], now - timedelta(minutes=4 - n))
    other.engine.sync()  # the other workstation commits first
    with qtbot.waitSignal(sync.synced, timeout=15_000):
        sync.sync_now()
    status = window.sync_status
    qtbot.waitUntil(lambda: status.status.refused == 2, timeout=10_000)
    assert status.conflicts_button.isVisibleTo(window)
    assert status.conflicts_button.text().endswith("2")
    assert window.platform is not None
    dialog = window.platform.open_conflicts()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(dialog.model, force_py=True)
    texts = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert texts[1] == "派遣" and texts[4] == "冲突" and texts[5] == "处置中"
    # Dismiss the first: kept in the history, no longer listed.
    dialog.select_row(0)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.dismiss_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert "已放弃" in dialog.message.text()
    # Re-apply the second: a dispatch of a dispatched case is not allowed now; said, kept.
    dialog.select_row(0)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.reapply_button.click()
    assert "未能完成" in dialog.message.text()
    assert dialog.model.rowCount() == 1
    qtbot.waitUntil(lambda: status.status.refused == 1, timeout=15_000)


def _uuid_of(store: object, case_id: int) -> str:
    from sqlalchemy import select

    from commandcenter.store import schema as t

    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        return str(conn.scalar(select(t.cases.c.uuid).where(t.cases.c.id == case_id)))
