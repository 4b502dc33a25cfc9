"""The fault proxy, against a tiny real HTTP/1.1 server: each fault looks to a client as it should,
and the proxy leaves no thread behind."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from fault_proxy import THREAD_PREFIX, FaultProxy

BODY = bytes(range(256)) * 200  # 51,200 bytes
TIMEOUT = (1, 1)
CLIENT_ERRORS = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as uvicorn
    disable_nagle_algorithm = True  # headers and body go out in two writes

    def do_GET(self) -> None:
        self.server.hits += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits = 0

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients cut off by the proxy are the point of these tests


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(2)


@pytest.fixture
def port(server: _Server) -> int:
    return server.server_address[1]


def _proxy_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]


def _get(url: str) -> requests.Response:
    return requests.get(url, timeout=TIMEOUT)


def test_a_healthy_network_relays_every_request(port: int) -> None:
    with FaultProxy(port, rate=0) as proxy:
        assert proxy.url == f"http://127.0.0.1:{proxy.port}"
        for _ in range(25):
            response = _get(proxy.url)
            assert response.status_code == 200
            assert response.content == BODY
        with requests.Session() as session:  # keep-alive: many requests on one connection
            for _ in range(25):
                response = session.get(proxy.url, timeout=TIMEOUT)
                assert response.content == BODY
        assert proxy.stats["connections"] == 26
        assert sum(proxy.stats[kind] for kind in ("reset", "drop", "truncate", "delay")) == 0


def test_reset_fails_the_request(port: int, server: _Server) -> None:
    with FaultProxy(port, rate=1, faults=("reset",), seed=3) as proxy:
        for _ in range(10):
            with pytest.raises(CLIENT_ERRORS):
                _get(proxy.url)
        assert proxy.stats["reset"] == 10
        # both kinds happen: before the server saw the request, and after it answered
        late = proxy.stats["reset_after_response"]
        assert 0 < late < 10
        assert server.hits == late


def test_truncate_never_hands_over_the_full_body(port: int) -> None:
    with FaultProxy(port, rate=1, faults=("truncate",), seed=1) as proxy:
        for _ in range(10):
            try:
                response = _get(proxy.url)
            except CLIENT_ERRORS:
                continue
            assert len(response.content) < len(BODY)
        assert proxy.stats["truncate"] == 10


def test_drop_leaves_the_client_waiting_until_it_gives_up(port: int, server: _Server) -> None:
    with FaultProxy(port, rate=1, faults=("drop",)) as proxy:
        started = time.monotonic()
        with pytest.raises((requests.exceptions.ReadTimeout, requests.ConnectionError)):
            _get(proxy.url)
        assert time.monotonic() - started < 2
        assert server.hits == 1  # the server did answer
        assert proxy.stats["drop"] == 1


def test_delay_slows_the_request_down(port: int) -> None:
    with FaultProxy(port, rate=1, faults=("delay",), delay_s=(0.2, 0.3)) as proxy:
        started = time.monotonic()
        response = _get(proxy.url)
        assert time.monotonic() - started >= 0.2
        assert response.content == BODY
        assert proxy.stats["delay"] == 1


def test_down_refuses_at_once_and_rate_zero_heals(port: int) -> None:
    with FaultProxy(port, rate=1, faults=("reset",)) as proxy:
        proxy.down = True
        started = time.monotonic()
        with pytest.raises(requests.ConnectionError):
            _get(proxy.url)
        assert time.monotonic() - started < 0.5
        assert proxy.stats["refused"] == 1
        proxy.down = False
        with pytest.raises(CLIENT_ERRORS):
            _get(proxy.url)
        proxy.rate = 0
        assert _get(proxy.url).content == BODY


def test_the_same_seed_gives_the_same_faults(port: int) -> None:
    runs = []
    for _ in range(2):
        with FaultProxy(port, rate=0.5, faults=("reset", "truncate"), seed=7) as proxy:
            outcomes = []
            for _ in range(12):
                try:
                    ok = _get(proxy.url).content == BODY
                except CLIENT_ERRORS:
                    ok = False
                outcomes.append(ok)
            runs.append((outcomes, dict(proxy.stats)))
    assert runs[0] == runs[1]
    assert 0 < sum(runs[0][0]) < 12


def test_stop_ends_every_thread_and_connection(port: int) -> None:
    proxy = FaultProxy(port, rate=0).start()
    session = requests.Session()
    assert session.get(proxy.url, timeout=TIMEOUT).content == BODY  # an idle pooled connection
    proxy.rate = 1
    proxy.faults = ("drop",)
    failure: list[BaseException] = []

    def waiting() -> None:
        try:
            requests.get(proxy.url, timeout=(1, 5))
        except requests.RequestException as error:
            failure.append(error)

    client = threading.Thread(target=waiting)
    client.start()
    deadline = time.monotonic() + 5  # until the client's connection has its relay thread
    while len(_proxy_threads()) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_proxy_threads()) == 3  # the acceptor, the pooled connection, the dropped one
    started = time.monotonic()
    proxy.stop()
    assert time.monotonic() - started < 0.5
    client.join(2)
    session.close()
    assert failure  # stopping ended the dropped connection: the client did not wait 5 s
    assert _proxy_threads() == []
    with pytest.raises(requests.ConnectionError):
        _get(proxy.url)


def test_many_proxies_leave_nothing_behind(port: int) -> None:
    for seed in range(20):
        with FaultProxy(port, rate=0.5, faults=("reset", "truncate", "delay"), seed=seed) as p:
            p.delay_s = (0.0, 0.01)
            with requests.Session() as session:
                for _ in range(3):
                    with contextlib.suppress(*CLIENT_ERRORS):
                        session.get(p.url, timeout=TIMEOUT)
    assert _proxy_threads() == []
