"""`commandcenter demo`'s parts: the demo district seeded once into a file, the platform started
on loopback with the simulator, the demo duty officer signed in and synced before the window
opens, and the window's queues live as the simulator reports cases."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from commandcenter.app import PlatformLink, build_app
from commandcenter.district.launcher import PlatformStartError, seed_platform, start_platform
from commandcenter.domain.enums import Role
from commandcenter.features.demo import demo_sync
from commandcenter.services.sync_service import SyncState
from commandcenter.store import schema as t
from commandcenter.store.database import open_database
from commandcenter.sync.credentials import MemoryTokens

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from windows import show_window


def _cases(path: Path) -> int:
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(t.cases)) or 0)
    finally:
        db.dispose()


@pytest.mark.slow
def test_the_demo_platform_is_seeded_once_and_the_queues_are_live(
    qtbot: QtBot, tmp_path: Path
) -> None:
    platform_db = tmp_path / "demo-platform.db"
    report = seed_platform(platform_db, cases=120, weeks=2, seed=3)
    assert report is not None and report.cases == 120
    assert not list(tmp_path.glob("*.partial*"))
    stamp = platform_db.stat().st_mtime_ns
    assert seed_platform(platform_db, cases=120, weeks=2, seed=3) is None
    assert platform_db.stat().st_mtime_ns == stamp
    client = tmp_path / "demo-workstation.db"
    # Ten simulated events a second: the demo street's queues move within seconds.
    with start_platform(platform_db, tmp_path / "platform.log", simulate=600) as running:
        assert running.url.startswith("http://127.0.0.1:")
        who = demo_sync(client, running.url, "shangdu-duty", "demo", lambda _line: None)
        assert who.online and Role.DUTY_OFFICER in who.roles and who.street == "410171001"
        synced = _cases(client)
        assert synced > 0
        built = build_app(
            open_database(client),
            show_map=False,
            platform=PlatformLink(
                running.url,
                signed_in=who,
                tokens=MemoryTokens("no keyring in the test"),
                interval_s=0.5,
            ),
        )
        try:
            window, sync = built.window, built.sync
            assert sync is not None and window.sync_status is not None
            show_window(qtbot, built, (1400, 900))
            # Signed in before the window opened: no dialog, the duty officer at once.
            assert window.platform is not None and window.platform.sign_in_dialog is None
            assert window.person is not None and window.person.code == who.person
            assert window.windowTitle().endswith("商都路办事处")
            shown = _open_count(window.counts_label.text())
            qtbot.waitUntil(lambda: _cases(client) > synced, timeout=30_000)
            qtbot.waitUntil(
                lambda: _open_count(window.counts_label.text()) != shown, timeout=30_000
            )
            assert sync.status.state in (SyncState.ONLINE, SyncState.SYNCING)
        finally:
            built.close()
    assert running.process.poll() is not None  # stopped with the demo


def _open_count(text: str) -> int:
    found = re.search(r"在办 (\d+)", text)
    return int(found.group(1)) if found else -1


def test_a_platform_that_cannot_start_is_said_with_its_log(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-database.db"
    bad.write_text("this is not SQLite")
    with pytest.raises(PlatformStartError, match="exited"):
        start_platform(bad, tmp_path / "platform.log", timeout_s=30)


@pytest.mark.slow
def test_the_platform_dies_with_the_demo_however_it_dies(tmp_path: Path) -> None:
    platform_db = tmp_path / "platform.db"
    seed_platform(platform_db, cases=20, weeks=1, seed=5)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from commandcenter.district.launcher import start_platform\n"
        f"p = start_platform(Path({str(platform_db)!r}), Path({str(tmp_path / 'p.log')!r}))\n"
        "print(p.process.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    demo = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert demo.stdout is not None
        child = int(demo.stdout.readline())
        assert _alive(child)
        demo.kill()  # SIGKILL: no finally, no atexit
        demo.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait(10)
        if demo.stdout is not None:
            demo.stdout.close()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
