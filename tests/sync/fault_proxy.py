"""A real TCP proxy that injects faults, to put an HTTP/1.1 server behind unreliable connections.

Each accepted client connection is decided once, with a seeded ``random.Random``: either it is
relayed faithfully both ways, or it suffers one fault:

``reset``
    the client sees ECONNRESET (SO_LINGER (1, 0)). Half the time before anything is forwarded
    (the server never sees the request), half the time once the server's response has started
    (the server committed the request but the client saw an error: what idempotency is about).
``drop``
    the request is forwarded, the response read and discarded; the client is never answered and
    its connection stays open until it gives up or the proxy stops.
``truncate``
    the request is forwarded; only a random prefix (1-90 %) of the first response bytes reaches
    the client, then its connection is closed normally (FIN).
``delay``
    the connection waits a random time within ``delay_s`` before anything is relayed, then
    behaves normally.

Three faults of the answer itself, not in the default set (each named in ``faults``); the
request always reaches the server, which commits it:

``cut_headers``
    the status line and part of the header block reach the client, then FIN: what
    ``http.client`` reads as a complete answer with no body.
``empty_ok``
    a 200 or 201 of the server's keeps its status line and loses its body (``content-length:
    0``); other answers pass as they are (a status the server did not send would be a lie,
    not a fault of the network).
``cut_chunk``
    the answer is sent chunked, its one chunk announced whole and cut short, then FIN.

``rate`` and ``down`` may be changed while the proxy runs: ``rate = 0`` heals the network,
``down = True`` resets every new connection at once, as if the server were unreachable.

Standard library only. Every thread's name starts with ``THREAD_PREFIX``.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import selectors
import socket
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, cast

__all__ = ["ANSWER_FAULTS", "FAULTS", "THREAD_PREFIX", "FaultProxy"]

FAULTS: tuple[str, ...] = ("reset", "drop", "truncate", "delay")
ANSWER_FAULTS: tuple[str, ...] = ("cut_headers", "empty_ok", "cut_chunk")
THREAD_PREFIX = "fault-proxy"

_CHUNK = 65536
_POLL_S = 0.05  # how often blocked loops look at the stop flag
_GATHER_IDLE_S = 0.02  # truncate: the first response bytes are those that arrive without a pause
_GATHER_MAX = 1 << 20
_CONNECT_TIMEOUT_S = 2.0
_FIRST_BYTES_WAIT_S = 2.0  # reset before forwarding: how long to wait for the request to arrive
_JOIN_S = 2.0

_Kind = Literal["reset", "drop", "truncate", "delay", "cut_headers", "empty_ok", "cut_chunk"]


@dataclass(frozen=True)
class _Plan:
    """What happens to one connection; ``kind`` None means relayed faithfully."""

    kind: _Kind | None = None
    reset_after_response: bool = False
    keep_fraction: float = 1.0
    delay_s: float = 0.0


class _Ended(Exception):
    """Ends a connection's relay loop; ``reset_client`` says how the client is left."""

    def __init__(self, *, reset_client: bool = False) -> None:
        super().__init__()
        self.reset_client = reset_client


class FaultProxy:
    """A fault-injecting TCP proxy on 127.0.0.1 in front of ``127.0.0.1:target_port``."""

    def __init__(
        self,
        target_port: int,
        *,
        rate: float = 0.3,
        seed: int = 0,
        faults: Sequence[str] = FAULTS,
        delay_s: tuple[float, float] = (0.2, 1.5),
    ) -> None:
        unknown = set(faults) - set(FAULTS) - set(ANSWER_FAULTS)
        if unknown:
            raise ValueError(f"unknown faults {sorted(unknown)}; known: {FAULTS + ANSWER_FAULTS}")
        if not faults:
            raise ValueError("faults must name at least one fault")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be within [0, 1], not {rate}")
        low, high = delay_s
        if not 0.0 <= low <= high:
            raise ValueError(f"delay_s must be (low, high) with 0 <= low <= high, not {delay_s}")
        self.target_port = target_port
        self.rate = rate
        self.down = False
        self.faults: tuple[str, ...] = tuple(faults)
        self.delay_s = (low, high)
        self.port = 0
        self.stats: dict[str, int] = dict.fromkeys(
            ("connections", *FAULTS, *ANSWER_FAULTS, "reset_after_response", "refused"), 0
        )
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self._lock = threading.Lock()  # stats, live sockets and threads
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._sockets: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._ids = itertools.count(1)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        if self._listener is not None:
            raise RuntimeError("the proxy is already started")
        if self._stopping.is_set():
            raise RuntimeError("a stopped proxy cannot be restarted; make a new one")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", 0))
            listener.listen(128)
            listener.setblocking(False)
        except BaseException:
            listener.close()
            raise
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"{THREAD_PREFIX}-{self.port}-accept", daemon=True
        )
        self._acceptor.start()
        return self

    def stop(self) -> None:
        """Close the listener and every live connection; return once the threads have ended."""
        self._stopping.set()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the acceptor's select
        if self._acceptor is not None:
            self._acceptor.join(_JOIN_S)
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for sock in self._sockets:
                # wakes the owner thread out of select/recv/send; the owner closes the socket
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            threads = list(self._threads)
        for thread in threads:
            thread.join(_JOIN_S)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- bookkeeping -------------------------------------------------------------------------

    def _count(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self.stats[key] += 1

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            if self._stopping.is_set():
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self._sockets.add(sock)

    def _close(self, sock: socket.socket, *, reset: bool = False) -> None:
        """Close ``sock``: with an RST if ``reset``, else with a FIN after draining its input."""
        with self._lock:
            self._sockets.discard(sock)
            try:
                if reset:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                else:
                    # unread input would make the kernel answer close() with an RST
                    _drain(sock)
                    sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            finally:
                sock.close()

    def _plan(self) -> _Plan:
        with self._rng_lock:
            rng = self._rng
            if rng.random() >= self.rate:
                return _Plan()
            kind = cast(_Kind, rng.choice(self.faults))
            if kind == "reset":
                return _Plan(kind, reset_after_response=rng.random() < 0.5)
            if kind in ("truncate", "cut_headers", "cut_chunk"):
                return _Plan(kind, keep_fraction=rng.uniform(0.01, 0.9))
            if kind == "delay":
                return _Plan(kind, delay_s=rng.uniform(*self.delay_s))
            return _Plan(kind)

    # -- threads -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            while not self._stopping.is_set():
                if not selector.select(_POLL_S):
                    continue
                try:
                    client, _ = listener.accept()
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    return
                client.setblocking(True)
                _no_delay(client)
                with self._lock:
                    if self._stopping.is_set():
                        client.close()
                        return
                    self._sockets.add(client)
                    thread = threading.Thread(
                        target=self._serve,
                        args=(client,),
                        name=f"{THREAD_PREFIX}-{self.port}-conn-{next(self._ids)}",
                        daemon=True,
                    )
                    self._threads.add(thread)
                thread.start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        reset_client = False
        try:
            self._count("connections")
            if self.down:
                self._count("refused")
                reset_client = True
                return
            plan = self._plan()
            if plan.kind is not None:
                self._count(plan.kind)
            if plan.kind == "reset" and not plan.reset_after_response:
                # the request reaches the proxy, never the server
                self._wait_readable(client, _FIRST_BYTES_WAIT_S)
                reset_client = True
                return
            if plan.kind == "delay" and self._stopping.wait(plan.delay_s):
                return
            try:
                upstream = socket.create_connection(
                    ("127.0.0.1", self.target_port), timeout=_CONNECT_TIMEOUT_S
                )
            except OSError:
                reset_client = True  # the server is unreachable
                return
            upstream.settimeout(None)
            _no_delay(upstream)
            self._track(upstream)
            self._relay(client, upstream, plan)
        except _Ended as ended:
            reset_client = ended.reset_client
        except Exception:
            reset_client = True  # a bug of the proxy must not look like a clean answer
        finally:
            if upstream is not None:
                self._close(upstream)
            self._close(client, reset=reset_client)
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _wait_readable(self, sock: socket.socket, timeout: float) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(sock, selectors.EVENT_READ)
            waited = 0.0
            while waited < timeout and not self._stopping.is_set():
                if selector.select(_POLL_S):
                    return
                waited += _POLL_S

    def _relay(self, client: socket.socket, upstream: socket.socket, plan: _Plan) -> None:
        """Relay both ways until the connection ends, applying the plan's fault; raises _Ended."""
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, "client")
            selector.register(upstream, selectors.EVENT_READ, "upstream")
            upstream_open = True
            while not self._stopping.is_set():
                for key, _ in selector.select(_POLL_S):
                    if key.data == "client":
                        try:
                            data = client.recv(_CHUNK)
                        except OSError:
                            raise _Ended() from None
                        if not data:
                            if plan.kind == "drop":
                                raise _Ended()  # the client gave up
                            selector.unregister(client)
                            if upstream_open:
                                with contextlib.suppress(OSError):
                                    upstream.shutdown(socket.SHUT_WR)
                            continue
                        if upstream_open:
                            try:
                                upstream.sendall(data)
                            except OSError:
                                raise _Ended(reset_client=plan.kind != "drop") from None
                        continue
                    # upstream
                    try:
                        data = upstream.recv(_CHUNK)
                    except OSError:
                        if plan.kind != "drop":
                            raise _Ended(reset_client=True) from None
                        data = b""
                    if not data:
                        if plan.kind != "drop":
                            raise _Ended()
                        upstream_open = False
                        selector.unregister(upstream)
                        continue
                    self._downstream(client, upstream, data, plan)
            raise _Ended()

    def _downstream(
        self, client: socket.socket, upstream: socket.socket, data: bytes, plan: _Plan
    ) -> None:
        """Pass response bytes to the client, or not, as the plan says."""
        if plan.kind == "drop":
            return
        if plan.kind == "reset":
            self._count("reset_after_response")
            raise _Ended(reset_client=True)
        if plan.kind == "truncate":
            data += self._gather(upstream)
            keep = max(1, int(len(data) * plan.keep_fraction))
            with contextlib.suppress(OSError):
                client.sendall(data[:keep])
            raise _Ended()
        if plan.kind in ANSWER_FAULTS:
            data += self._gather(upstream)
            with contextlib.suppress(OSError):
                client.sendall(_spoil(data, plan))
            raise _Ended()
        try:
            client.sendall(data)
        except OSError:
            raise _Ended() from None

    def _gather(self, upstream: socket.socket) -> bytes:
        """The response bytes that follow without a pause, so truncation can cut the body."""
        parts: list[bytes] = []
        size = 0
        with selectors.DefaultSelector() as selector:
            selector.register(upstream, selectors.EVENT_READ)
            while size < _GATHER_MAX and selector.select(_GATHER_IDLE_S):
                try:
                    part = upstream.recv(_CHUNK)
                except OSError:
                    break
                if not part:
                    break
                parts.append(part)
                size += len(part)
        return b"".join(parts)


def _spoil(answer: bytes, plan: _Plan) -> bytes:
    """What reaches the client of the server's whole `answer` under an answer fault."""
    head, sep, body = answer.partition(b"\r\n\r\n")
    status, _, fields = head.partition(b"\r\n")
    if plan.kind == "cut_headers":
        # the status line whole, the fields cut within (never at their end: no blank line)
        keep = int(len(fields) * plan.keep_fraction)
        return status + b"\r\n" + fields[:keep]
    if plan.kind == "empty_ok":
        if status.split(b" ")[1:2] not in ([b"200"], [b"201"]):
            return answer
        return status + b"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    assert plan.kind == "cut_chunk" and sep
    kept = [
        line
        for line in fields.split(b"\r\n")
        if not line.lower().startswith((b"content-length:", b"transfer-encoding:"))
    ]
    chunked = status + b"\r\n" + b"\r\n".join([*kept, b"transfer-encoding: chunked"])
    cut = body[: max(0, int(len(body) * plan.keep_fraction))]
    return chunked + b"\r\n\r\n" + f"{max(1, len(body)):x}".encode() + b"\r\n" + cut


def _drain(sock: socket.socket) -> None:
    """Discard whatever input is waiting, without blocking."""
    while True:
        try:
            if not sock.recv(_CHUNK, socket.MSG_DONTWAIT):
                return
        except OSError:  # EAGAIN: nothing more for now
            return


def _no_delay(sock: socket.socket) -> None:
    """Relay each chunk as it comes: Nagle's algorithm would add delays the server does not."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
