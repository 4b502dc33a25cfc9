"""Lanes: results come back on the GUI thread in order; after shutdown nothing runs and nothing
is delivered, so a window closing with answers in flight does not act on them."""

from __future__ import annotations

import logging
import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from commandcenter.services.task_runner import TaskRunner


def test_results_come_back_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner()
    got: list[tuple[int, bool]] = []
    main = threading.get_ident()
    try:
        for i in range(5):
            runner.run(
                "read", lambda i=i: i, lambda r: got.append((r, threading.get_ident() == main))
            )
        errors: list[BaseException] = []
        runner.run("write", lambda: 1 / 0, lambda _r: None, errors.append)
        qtbot.waitUntil(lambda: len(got) == 5 and len(errors) == 1, timeout=5_000)
        assert got == [(i, True) for i in range(5)]
        assert isinstance(errors[0], ZeroDivisionError)
    finally:
        runner.shutdown()


def test_after_shutdown_nothing_runs_or_arrives(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ran: list[str] = []
    release = threading.Event()
    runner.run("read", lambda: release.wait(5) and ran.append("in flight"), ran.append)
    threading.Timer(0.1, release.set).start()
    runner.shutdown()  # waits for the one in flight; its answer is not delivered
    future = runner.run("read", lambda: ran.append("late"), ran.append)
    assert future.cancelled()
    # Were the in-flight answer delivered, it would be queued to the GUI thread before a live
    # runner's answer asked for now: once that one is in, the other would be too.
    probe = TaskRunner()
    try:
        arrived: list[object] = []
        probe.run("read", lambda: "probe", arrived.append)
        qtbot.waitUntil(lambda: arrived == ["probe"], timeout=5_000)
    finally:
        probe.shutdown()
    assert ran == ["in flight"]


def test_single_flight_runs_one_at_a_time_and_once_more_with_the_latest_state(
    qtbot: QtBot,
) -> None:
    from commandcenter.services.task_runner import SingleFlight

    runner = TaskRunner()
    release = threading.Event()
    state = {"value": 1}
    started: list[int] = []
    shown: list[int] = []

    def prepare() -> tuple[object, object]:
        value = state["value"]
        started.append(value)

        def work() -> int:
            release.wait(5)
            return value

        return work, shown.append

    flight = SingleFlight(runner, "read")
    try:
        flight.request(prepare)  # type: ignore[arg-type]
        for value in (2, 3, 4):  # asked three times while the first runs
            state["value"] = value
            flight.request(prepare)  # type: ignore[arg-type]
        assert started == [1] and flight.busy
        release.set()
        qtbot.waitUntil(lambda: shown == [1, 4] and not flight.busy, timeout=5_000)
        assert started == [1, 4]  # once more, reading the state of then

        failures: list[BaseException] = []
        flight.request(lambda: (lambda: 1 / 0, shown.append), failures.append)
        qtbot.waitUntil(lambda: len(failures) == 1 and not flight.busy, timeout=5_000)
    finally:
        runner.shutdown()


class _Panel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[object] = []

    def show_result(self, result: object) -> None:
        self.shown.append(result)
        self.setText(str(result))


def test_an_answer_for_a_widget_deleted_meanwhile_touches_nothing(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    """[12/20] 9: the window closed while its page was read (the map's MapPage, seen as a
    teardown error): the bound method of the dead widget is not called, a closure that reaches
    it does not raise out of the lane, and a live receiver still gets its answer."""
    runner = TaskRunner()
    release = threading.Event()
    try:
        dead, reached = _Panel(), _Panel()
        runner.run("read", lambda: release.wait(5) and "page", dead.show_result)
        runner.run("read", lambda: "page", lambda r: reached.setText(str(r)))
        alive = _Panel()
        runner.run("read", lambda: "page", alive.show_result)
        shiboken6.delete(dead)
        shiboken6.delete(reached)
        release.set()
        with caplog.at_level(logging.INFO, logger="commandcenter.services.task_runner"):
            qtbot.waitUntil(lambda: alive.shown == ["page"], timeout=5_000)
        said = [r.getMessage() for r in caplog.records]
        assert any("after its receiver was deleted" in m for m in said), said
        assert any("after a widget it shows was deleted" in m for m in said), said
    finally:
        runner.shutdown()


def test_a_runtime_error_of_another_kind_is_not_swallowed(qtbot: QtBot) -> None:
    runner = TaskRunner()
    try:

        def broken(_result: object) -> None:
            raise RuntimeError("a bug of the callback")

        with qtbot.captureExceptions() as raised:
            runner.run("read", lambda: 1, broken)
            qtbot.waitUntil(lambda: bool(raised), timeout=5_000)
        assert "a bug of the callback" in str(raised[0][1])
    finally:
        runner.shutdown()
