"""[8/10] GUI-thread stalls while the window syncs: the window (offscreen, no map) on a fresh
workstation database signs in at the platform and pulls the street's year (the data of
bench_sync: 商都路, 20 000 cases), then keeps syncing every 10 s while the change feed brings
the cases into the queues and counts. A 5 ms timer on the GUI thread measures how late each tick
comes; a stall is the lateness. Target: p99 under 50 ms, from sign-in until 5 s after the first
sync ended. A second run measures a steady window (already synced) while the platform takes
100 changes from another workstation and the window syncs them."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

from commandcenter.app import PlatformLink, build_app, ensure_qapplication
from commandcenter.store.database import open_database
from commandcenter.sync.credentials import MemoryTokens

from .bench_sync import PASSWORD, USER, Colleague, platform_database, running_platform

TICK_MS = 5
TARGET_P99_MS = 50.0


class StallMeter:
    def __init__(self) -> None:
        self.lateness: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0

    def start(self) -> None:
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        if self._last:
            self.lateness.append(max(0.0, (now - self._last) / 1e6 - TICK_MS))
        self._last = now

    def report(self, what: str) -> None:
        late = sorted(self.lateness)
        p99 = late[int(len(late) * 0.99)] if late else 0.0
        verdict = "PASS" if p99 < TARGET_P99_MS else "FAIL"
        print(
            f"  {what}: {len(late)} ticks, median {statistics.median(late):.1f} ms, "
            f"p99 {p99:.1f} ms, max {late[-1]:.0f} ms, {sum(x > 50 for x in late)} over 50 ms "
            f"(target p99 < {TARGET_P99_MS:.0f} ms) {verdict}"
        )


def _wait(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _wait_for(signal: object, timeout_s: float) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def main() -> None:
    print("sync, GUI thread (the window syncing the street's year, offscreen, no map):")
    platform_db = platform_database()
    ensure_qapplication()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-gui-"))
    try:
        platform_copy = work / "platform.db"
        shutil.copy(platform_db, platform_copy)
        with running_platform(platform_copy, work / "platform.log") as url:
            built = build_app(
                open_database(work / "ws.db"),
                show_map=False,
                platform=PlatformLink(url, tokens=MemoryTokens("benchmark")),
            )
            sync = built.sync
            assert sync is not None
            window = built.window
            window.resize(1600, 1000)
            window.show()
            window.start()
            _wait(1.0)
            meter = StallMeter()
            meter.start()
            started = time.perf_counter()
            sync.sign_in(USER, PASSWORD)
            _wait_for(sync.synced, 600)
            synced_s = time.perf_counter() - started
            _wait(5.0)
            meter.stop()
            print(f"  first sync in the window: {synced_s:.1f} s")
            meter.report("initial sync")

            steady = StallMeter()
            steady.start()
            colleague = Colleague(url, work / "ws.db")
            colleague.work(100)
            colleague.close()
            sync.sync_now()
            _wait_for(sync.synced, 60)
            _wait(3.0)
            steady.stop()
            steady.report("100 changes synced")
            built.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
