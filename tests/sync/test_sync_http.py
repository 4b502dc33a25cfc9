"""The sync's HTTP transport against a real stub server on 127.0.0.1 (stdlib http.server, one per
test): Retry-After honoured (seconds and HTTP-date) or refused when too long, exponential backoff,
401/4xx/3xx never retried nor followed, answers over the size limit refused, hung and refused
connections reported as offline, TLS verified whatever the environment says, the token never
logged, and the token store refusing plaintext keyrings. No request is mocked: every one goes
through requests and a socket to the stub, which records what arrived and when."""

from __future__ import annotations

import base64
import email.utils
import gzip
import json
import logging
import math
import random
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import keyring.backends.fail
import keyring.backends.SecretService
import pytest
from keyring.backends.chainer import ChainerBackend
from keyrings.alt.file import PlaintextKeyring

from commandcenter import defaults
from commandcenter.domain.enums import Role
from commandcenter.store.database import open_database
from commandcenter.store.local_accounts import LocalAccount
from commandcenter.store.sync_store import SyncStore
from commandcenter.sync.api import PlatformApi, Stored
from commandcenter.sync.credentials import (
    KeyringTokens,
    MemoryTokens,
    is_secure,
    token_store,
)
from commandcenter.sync.errors import (
    BadCredentials,
    MalformedResponse,
    Offline,
    Refused,
    ServerBusy,
    SignInRequired,
    TokenStoreError,
)
from commandcenter.sync.sync_engine import SyncEngine
from commandcenter.sync.transport import RetryPolicy, Transport

TIMEOUT = (1.0, 1.0)
SEED = 7
TOKEN = "tok-SECRET-123456789"
OK = b'{"ok": true}'


def policy(attempts: int = 4) -> RetryPolicy:
    return RetryPolicy(attempts=attempts, base_s=0.05, cap_s=1.0, max_wait_s=5.0)


# -- the stub server ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = OK
    chunks: Sequence[bytes] | None = None  # sent chunked, without Content-Length
    declared: int | None = None  # a Content-Length other than len(body) (HEAD)
    hang_s: float = 0.0  # read the request, then answer nothing for this long


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    at: float  # time.monotonic() on arrival
    wall: float  # time.time() on arrival


def error(status: int, reason: str, message: str, **headers: str) -> Answer:
    body = json.dumps({"reason": reason, "message": message}).encode()
    return Answer(status, {"Content-Type": "application/json", **headers}, body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up mid-answer (size limit, timeout): expected here


class Stub:
    """An HTTP/1.1 server on 127.0.0.1 answering every request with `answer(seen, index)`."""

    def __init__(
        self, answer: Callable[[Seen, int], Answer], tls: ssl.SSLContext | None = None
    ) -> None:
        self.answer = answer
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                seen = Seen(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    time.monotonic(),
                    time.time(),
                )
                with stub._lock:
                    stub.seen.append(seen)
                    index = len(stub.seen) - 1
                ans = stub.answer(seen, index)
                if ans.hang_s:
                    stub.stopping.wait(ans.hang_s)
                    self.close_connection = True
                    return
                self.send_response(ans.status)
                for name, value in ans.headers.items():
                    self.send_header(name, value)
                if ans.chunks is not None:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for chunk in ans.chunks:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                declared = len(ans.body) if ans.declared is None else ans.declared
                self.send_header("Content-Length", str(declared))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(ans.body)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = serve

        self.server = _Server(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(2)

    def gaps(self) -> list[float]:
        return [b.at - a.at for a, b in zip(self.seen, self.seen[1:], strict=False)]


def script(*answers: Answer) -> Callable[[Seen, int], Answer]:
    """The answers in turn, the last one repeated."""
    return lambda _seen, n: answers[min(n, len(answers) - 1)]


@pytest.fixture
def stub() -> Iterator[Callable[..., Stub]]:
    started: list[Stub] = []

    def start(answer: Callable[[Seen, int], Answer], tls: ssl.SSLContext | None = None) -> Stub:
        s = Stub(answer, tls)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture
def transport() -> Iterator[Callable[..., Transport]]:
    made: list[Transport] = []

    def make(base_url: str, *, attempts: int = 4, **kw: Any) -> Transport:
        kw.setdefault("timeout", TIMEOUT)
        kw.setdefault("retry", policy(attempts))
        kw.setdefault("rng", random.Random(SEED))
        t = Transport(base_url, **kw)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- Retry-After and backoff ----------------------------------------------------------------------


def test_retry_after_seconds_is_honoured_over_a_shorter_backoff(stub, transport) -> None:
    busy = error(503, "busy", "come back in a second", **{"Retry-After": "1"})
    server = stub(script(busy, busy, Answer()))
    waits: list[float] = []
    t = transport(server.url, on_wait=lambda delay, why: waits.append(delay))

    reply = t.request("GET", "/api/v1/changes", token=TOKEN)

    assert (reply.status, reply.body) == (200, OK)
    assert len(server.seen) == 3
    assert all(w >= 1.0 for w in waits) and len(waits) == 2
    gaps = server.gaps()
    assert gaps[0] >= 0.95, gaps
    assert gaps[1] >= 0.95, gaps
    assert max(gaps) < 1.5, gaps  # waited what was asked, not much more


def test_retry_after_http_date_is_honoured(stub, transport) -> None:
    asked: dict[str, float] = {}

    def answer(_seen: Seen, n: int) -> Answer:
        if n:
            return Answer()
        # A whole second (HTTP-dates have no fractions) between 1 and 2 s ahead.
        until = math.ceil(time.time()) + 1
        asked["until"] = until
        date = email.utils.format_datetime(datetime.fromtimestamp(until, UTC), usegmt=True)
        return error(429, "too_many", "slow down", **{"Retry-After": date})

    server = stub(answer)
    t = transport(server.url)

    reply = t.request("GET", "/api/v1/changes", token=TOKEN)

    assert reply.status == 200
    assert len(server.seen) == 2
    # Not before the date named (same clock on both sides), and so at least ~1 s later.
    assert server.seen[1].wall >= asked["until"] - 0.02, (server.seen[1].wall, asked)
    assert 0.9 <= server.gaps()[0] < 2.5, server.gaps()


def test_retry_after_longer_than_we_wait_is_server_busy_at_once(stub, transport) -> None:
    server = stub(script(error(503, "maintenance", "back in an hour", **{"Retry-After": "3600"})))
    waits: list[float] = []
    t = transport(server.url, on_wait=lambda delay, why: waits.append(delay))

    start = time.monotonic()
    with pytest.raises(ServerBusy) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)
    elapsed = time.monotonic() - start

    assert caught.value.retry_after == 3600
    assert caught.value.status == 503
    assert len(server.seen) == 1
    assert waits == []
    assert elapsed < 1.0


def test_5xx_without_retry_after_backs_off_exponentially_then_server_busy(stub, transport) -> None:
    server = stub(script(error(503, "busy", "try later")))
    retry = policy(attempts=4)
    replay = random.Random(SEED)
    expected = [retry.backoff(k, replay) for k in range(3)]
    waits: list[tuple[float, str]] = []
    t = transport(
        server.url,
        retry=retry,
        rng=random.Random(SEED),
        on_wait=lambda delay, why: waits.append((delay, why)),
    )

    start = time.monotonic()
    with pytest.raises(ServerBusy) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)
    elapsed = time.monotonic() - start

    assert len(server.seen) == 4
    assert caught.value.retry_after is None
    assert caught.value.status == 503
    assert "4 tries" in str(caught.value)
    delays = [d for d, _ in waits]
    assert delays == pytest.approx(expected)
    assert all(why == "HTTP 503" for _, why in waits)
    for k, delay in enumerate(delays):  # half of the step fixed, half jitter
        step = min(1.0, 0.05 * 2**k)
        assert step / 2 <= delay <= step
    assert delays[0] < delays[1] < delays[2]
    gaps = server.gaps()
    for gap, delay in zip(gaps, delays, strict=True):
        assert delay <= gap < delay + 0.25, (gaps, delays)
    assert gaps[2] > gaps[0]
    assert elapsed < 2.0


# -- answers that are never retried ---------------------------------------------------------------


def test_401_is_sign_in_required_after_one_request(stub, transport) -> None:
    server = stub(script(error(401, "bad_token", "the token expired")))
    t = transport(server.url)

    with pytest.raises(SignInRequired) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)

    assert len(server.seen) == 1
    assert caught.value.details.get("reason") == "bad_token"
    assert "the token expired" in str(caught.value)


def test_401_at_sign_in_is_bad_credentials_after_one_request(stub, transport) -> None:
    server = stub(script(error(401, "bad_credentials", "wrong password")))
    api = PlatformApi(transport(server.url))

    with pytest.raises(BadCredentials):
        api.sign_in("duty", "not-the-password")

    assert [(s.method, s.path) for s in server.seen] == [("POST", "/api/v1/sessions")]


def test_engine_sync_stops_at_401_without_looping(stub, transport, tmp_path: Path) -> None:
    server = stub(script(error(401, "bad_token", "the token was revoked")))
    db = open_database(tmp_path / "ws.db")
    try:
        store = SyncStore(db.engine, defaults.calendar())
        engine = SyncEngine(store, PlatformApi(transport(server.url)), db.blobs)
        account = LocalAccount("duty", "P0001", None, server.url, datetime.now())
        engine.resume("duty", TOKEN, account, frozenset({Role.DUTY_OFFICER}))

        with pytest.raises(SignInRequired):
            engine.sync()
    finally:
        db.dispose()

    assert 1 <= len(server.seen) <= 2, [(s.method, s.path) for s in server.seen]
    assert all(s.headers.get("authorization") == f"Bearer {TOKEN}" for s in server.seen)


def test_400_is_refused_with_the_platforms_reason(stub, transport) -> None:
    server = stub(script(error(400, "bad_cursor", "x")))
    api = PlatformApi(transport(server.url))

    with pytest.raises(Refused) as caught:
        api.changes(TOKEN, "c-unknown", 10)

    assert caught.value.reason == "bad_cursor"
    assert caught.value.status == 400
    assert len(server.seen) == 1
    assert server.seen[0].path == "/api/v1/changes?limit=10&since=c-unknown"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_is_refused_and_never_followed(stub, transport, status: int) -> None:
    holder: dict[str, str] = {}

    def answer(seen: Seen, _n: int) -> Answer:
        if seen.path.startswith("/elsewhere"):
            return Answer()
        return Answer(status, {"Location": holder["url"] + "/elsewhere"}, b"")

    server = stub(answer)
    holder["url"] = server.url
    t = transport(server.url)

    with pytest.raises(Refused) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)

    assert caught.value.reason == "redirect"
    assert caught.value.status == status
    # The stub records a request before it answers: a followed redirect would be recorded
    # before request() returned, so no wait is needed to see it.
    assert [s.path for s in server.seen] == ["/api/v1/changes"]


# -- size limit -----------------------------------------------------------------------------------


def test_declared_length_over_the_limit_is_malformed(stub, transport) -> None:
    server = stub(script(Answer(body=b"x" * 5000)))
    t = transport(server.url)

    # Refused on the declared length, before the body is read.
    with pytest.raises(MalformedResponse, match="is 5000 bytes, over the limit of 1000"):
        t.request("GET", "/big", max_bytes=1000)

    assert len(server.seen) == 1


def test_chunked_answer_over_the_limit_is_malformed(stub, transport) -> None:
    server = stub(script(Answer(chunks=[b"y" * 16_384] * 32)))  # 512 KiB, no Content-Length
    t = transport(server.url)

    with pytest.raises(MalformedResponse, match="over the limit"):
        t.request("GET", "/big", max_bytes=100_000)

    assert len(server.seen) == 1


def test_chunked_answer_under_the_limit_is_read_whole(stub, transport) -> None:
    server = stub(script(Answer(chunks=[b"z" * 1000] * 5)))
    t = transport(server.url)

    reply = t.request("GET", "/small", max_bytes=100_000)

    assert reply.body == b"z" * 5000
    assert "Content-Length" not in reply.headers


# -- the network ----------------------------------------------------------------------------------


def test_server_that_never_answers_is_offline_after_the_read_timeouts(stub, transport) -> None:
    server = stub(script(Answer(hang_s=5.0)))
    t = transport(server.url, attempts=2)

    start = time.monotonic()
    with pytest.raises(Offline) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)
    elapsed = time.monotonic() - start

    assert "cannot be reached" in str(caught.value)
    assert len(server.seen) == 2
    assert 2.0 <= elapsed < 3.0, elapsed


def test_connection_refused_is_offline_fast(transport) -> None:
    t = transport(f"http://127.0.0.1:{free_port()}")

    start = time.monotonic()
    with pytest.raises(Offline) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)
    elapsed = time.monotonic() - start

    assert "cannot be reached" in str(caught.value)
    assert elapsed < 1.5, elapsed


# -- TLS ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (cert, key)."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a certificate with")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "c.pem", where / "k.pem"
    subprocess.run(
        [
            *"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1".split(),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.fixture
def https(stub, certificate: tuple[Path, Path]) -> Stub:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return stub(script(Answer()), tls=context)


def test_self_signed_certificate_is_refused_by_default(https: Stub, transport) -> None:
    waits: list[float] = []
    t = transport(https.url, on_wait=lambda delay, why: waits.append(delay))

    start = time.monotonic()
    with pytest.raises(Offline) as caught:
        t.request("GET", "/api/v1/changes", token=TOKEN)

    assert "TLS" in str(caught.value)
    assert https.seen == []  # nothing got past the handshake
    assert waits == []  # not retried: it will not verify next time
    assert time.monotonic() - start < 1.0


@pytest.mark.parametrize("bundle", ["missing file", "empty", "the server's own certificate"])
def test_ca_bundle_from_the_environment_changes_nothing(
    https: Stub,
    transport,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    bundle: str,
) -> None:
    value = {
        "missing file": str(tmp_path / "elsewhere" / "ca.pem"),
        "empty": "",
        "the server's own certificate": str(certificate[0]),
    }[bundle]
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", value)
    monkeypatch.setenv("CURL_CA_BUNDLE", value)
    t = transport(https.url)

    with pytest.raises(Offline, match="TLS"):
        t.request("GET", "/api/v1/changes", token=TOKEN)

    assert https.seen == []


def test_certificate_verified_against_the_given_ca_file(
    https: Stub, transport, certificate: tuple[Path, Path]
) -> None:
    t = transport(https.url, verify=str(certificate[0]))

    reply = t.request("GET", "/api/v1/changes", token=TOKEN)

    assert (reply.status, reply.body) == (200, OK)
    assert [s.path for s in https.seen] == ["/api/v1/changes"]
    assert https.seen[0].headers.get("authorization") == f"Bearer {TOKEN}"


# -- the token is never logged --------------------------------------------------------------------


def test_token_is_in_no_log_record_nor_error(
    stub, transport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root: urllib3's debug lines too

    def answer(seen: Seen, n: int) -> Answer:
        if seen.path.startswith("/expired"):
            return error(401, "bad_token", "the token expired")
        return error(503, "busy", "later") if n == 0 else Answer()

    server = stub(answer)
    t = transport(server.url)

    assert t.request("GET", "/retried", token=TOKEN).status == 200
    errors: list[BaseException] = []
    with pytest.raises(SignInRequired) as expired:
        t.request("GET", "/expired", token=TOKEN)
    errors.append(expired.value)
    down = transport(f"http://127.0.0.1:{free_port()}", attempts=2)
    with pytest.raises(Offline) as offline:
        down.request("GET", "/unreachable", token=TOKEN)
    errors.append(offline.value)

    # The token did travel (so that this test can fail), in the Authorization header only.
    assert [s.path for s in server.seen] == ["/retried", "/retried", "/expired"]
    assert all(s.headers.get("authorization") == f"Bearer {TOKEN}" for s in server.seen)
    assert all(TOKEN not in s.path for s in server.seen)
    # What was logged, including urllib3's debug lines and the retry notes.
    names = {r.name for r in caplog.records}
    assert any(n.startswith("urllib3") for n in names), names
    assert "commandcenter.sync.transport" in names, names
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
    assert TOKEN not in caplog.text
    for exc in errors:
        assert TOKEN not in str(exc)
        assert TOKEN not in repr(exc)
        assert TOKEN not in repr(exc.args)
        assert TOKEN not in repr(getattr(exc, "details", None))


# -- the token store ------------------------------------------------------------------------------


def files_containing(root: Path, secret: str) -> list[Path]:
    """Files holding `secret` as it is or base64-encoded (as keyrings.alt's files keep it)."""
    raw = secret.encode()
    needles = (raw, base64.b64encode(raw).rstrip(b"="))
    return [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def test_plaintext_keyring_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    plain = PlaintextKeyring()
    if not Path(plain.file_path).is_relative_to(home):  # a platform whose data root ignores HOME
        plain.file_path = str(home / "keyring_pass.cfg")
    assert Path(plain.file_path).is_relative_to(home)

    assert is_secure(plain) is False
    with pytest.raises(TokenStoreError, match="plaintext"):
        KeyringTokens(plain)
    tokens = token_store(plain)
    assert isinstance(tokens, MemoryTokens)
    assert tokens.persistent is False
    assert "not encrypted" in tokens.why
    tokens.set("u", TOKEN)
    assert tokens.get("u") == TOKEN
    assert TOKEN not in repr(tokens)

    assert not Path(plain.file_path).exists()
    assert files_containing(tmp_path, TOKEN) == []
    # The search would have found it: the same backend used directly writes it in clear.
    control = PlaintextKeyring()
    control.file_path = str(tmp_path / "control" / "keyring_pass.cfg")
    control.set_password("commandcenter", "u", TOKEN)
    assert files_containing(tmp_path, TOKEN) == [Path(control.file_path)]


def test_no_keyring_is_memory_for_the_session() -> None:
    tokens = token_store(keyring.backends.fail.Keyring())

    assert isinstance(tokens, MemoryTokens)
    assert tokens.persistent is False
    assert "session only" in tokens.why


def test_chainer_is_secure_only_if_every_backend_is(monkeypatch: pytest.MonkeyPatch) -> None:
    secret_service = keyring.backends.SecretService.Keyring()  # not used: only its kind
    monkeypatch.setattr(ChainerBackend, "backends", [secret_service, PlaintextKeyring()])
    mixed = ChainerBackend()
    assert is_secure(mixed) is False
    with pytest.raises(TokenStoreError):
        KeyringTokens(mixed)
    tokens = token_store(mixed)
    assert isinstance(tokens, MemoryTokens)
    assert tokens.persistent is False

    monkeypatch.setattr(ChainerBackend, "backends", [secret_service])
    assert is_secure(ChainerBackend()) is True
    monkeypatch.setattr(ChainerBackend, "backends", [])
    assert is_secure(ChainerBackend()) is False


# -- answers whose Content-Length is not the length of the body read ----------------------------
# A HEAD answer declares the length of the body a GET would have; a gzip answer its compressed
# length. Neither is "cut short" (an upload of a photo the platform holds once failed so).


@pytest.mark.parametrize("size", [3008, 5 * 1024 * 1024])
def test_head_of_an_attachment_the_platform_holds_is_present(stub, transport, size: int) -> None:
    # What district/server.py answers: 200, Content-Length of the stored copy, no body.
    server = stub(script(Answer(200, {}, b"", declared=size)))
    api = PlatformApi(transport(server.url, attempts=2))

    assert api.stored(TOKEN, "a" * 64) == Stored("present")


def test_gzip_encoded_answer_is_read(stub, transport) -> None:
    body = json.dumps({"changes": ["x" * 40] * 50}).encode()
    packed = gzip.compress(body)
    server = stub(script(Answer(200, {"Content-Encoding": "gzip"}, packed)))
    t = transport(server.url, attempts=2)

    reply = t.request("GET", "/api/v1/changes", token=TOKEN)

    assert "gzip" in server.seen[0].headers.get("accept-encoding", "")  # requests asks for it
    assert reply.body == body
