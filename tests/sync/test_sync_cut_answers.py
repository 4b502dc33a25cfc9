"""[12/20] 1: answers that a broken connection cut short, from a raw socket server on 127.0.0.1
that writes exactly the bytes given: a header block closed before its blank line reads (in
http.client) as a complete 200 with no body, so where the protocol promises JSON an empty or
cut-off 2xx is retried as a network fault with the same bounded backoff, and JSON that is whole
but wrong is still the caller's to refuse, at once."""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections.abc import Iterator, Sequence

import pytest

from commandcenter.sync.api import PlatformApi
from commandcenter.sync.errors import MalformedResponse, Offline
from commandcenter.sync.transport import RetryPolicy, Transport

CUT_IN_HEADERS = b"HTTP/1.1 200 OK\r\ndate: Mon, 07 Dec 2026 08:00:00 GMT\r\nserver: uv"
EMPTY_200 = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
MID_CHUNK = b'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n40\r\n{"changes": [], "ne'
PAGE = b'{"changes": [], "next": "c1", "more": false}'


def ok(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}"
    return head.encode() + b"\r\nconnection: close\r\n\r\n" + body


class RawServer:
    """Answers the n-th connection with `answers[n]` (the last one repeated), then closes it."""

    def __init__(self, answers: Sequence[bytes]) -> None:
        self.answers = list(answers)
        self.connections: list[float] = []  # when each arrived
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                n = len(self.connections)
                self.connections.append(time.monotonic())
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    request = b""
                    while b"\r\n\r\n" not in request:
                        part = conn.recv(65536)
                        if not part:
                            break
                        request += part
                    conn.sendall(self.answers[min(n, len(self.answers) - 1)])
                    conn.shutdown(socket.SHUT_WR)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()


@pytest.fixture
def serve() -> Iterator[list[RawServer]]:
    started: list[RawServer] = []
    yield started
    for server in started:
        server.stop()


def _transport(server: RawServer, attempts: int = 4) -> Transport:
    policy = RetryPolicy(attempts=attempts, base_s=0.05, cap_s=1.0, max_wait_s=5.0)
    return Transport(server.url, timeout=(1.0, 1.0), retry=policy, rng=random.Random(3))


@pytest.mark.parametrize(
    "broken", [CUT_IN_HEADERS, EMPTY_200, MID_CHUNK], ids=["headers", "empty", "chunk"]
)
def test_a_cut_answer_is_retried_and_the_next_whole_one_taken(
    serve: list[RawServer], broken: bytes
) -> None:
    server = RawServer([broken, broken, ok(PAGE)])
    serve.append(server)
    transport = _transport(server)
    try:
        page = PlatformApi(transport).changes("token", None)
    finally:
        transport.close()
    assert page.next == "c1" and len(server.connections) == 3
    gaps = [b - a for a, b in zip(server.connections, server.connections[1:], strict=False)]
    assert all(gap >= 0.025 for gap in gaps), gaps  # backed off, half the step at least


def test_answers_cut_every_time_are_offline_after_the_bounded_tries(
    serve: list[RawServer],
) -> None:
    server = RawServer([CUT_IN_HEADERS])
    serve.append(server)
    transport = _transport(server, attempts=3)
    try:
        with pytest.raises(Offline, match=r"cannot be reached \(the answer ended early: empty\)"):
            PlatformApi(transport).changes("token", "c0")
    finally:
        transport.close()
    assert len(server.connections) == 3  # the policy's tries, no more


def test_whole_json_that_is_wrong_is_refused_at_once_not_retried(serve: list[RawServer]) -> None:
    server = RawServer([ok(PAGE + b"}"), ok(PAGE)])
    serve.append(server)
    transport = _transport(server)
    try:
        with pytest.raises(MalformedResponse, match="Invalid JSON: trailing characters"):
            PlatformApi(transport).changes("token", None)
    finally:
        transport.close()
    assert len(server.connections) == 1


def test_an_answer_with_no_json_promised_is_taken_as_it_came(serve: list[RawServer]) -> None:
    server = RawServer([CUT_IN_HEADERS])
    serve.append(server)
    transport = _transport(server)
    try:
        reply = transport.request("GET", "/anything")
    finally:
        transport.close()
    # The status line came whole: what it says stands (HEAD and PUT answers carry no JSON).
    assert (reply.status, reply.body) == (200, b"") and len(server.connections) == 1
