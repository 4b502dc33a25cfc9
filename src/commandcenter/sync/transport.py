"""HTTP to the district platform: every request with a timeout, TLS verified, redirects never
followed, answers read up to a size limit. Network errors, 5xx and 429 are retried with
exponential backoff and jitter, waiting at least what `Retry-After` asks; other 4xx are not
retried. A 2xx that promises JSON but stops before its JSON does (empty, or cut off: a connection
closed inside the header block reads as a 200 with no body) is a network fault too, retried the
same way. The token travels only in the Authorization header and is never logged."""

from __future__ import annotations

import email.utils
import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pydantic_core
import requests

from ..protocol import ErrorBody
from .errors import MalformedResponse, Offline, Refused, ServerBusy, SignInRequired

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 6
    base_s: float = 0.5
    cap_s: float = 30.0
    # A Retry-After longer than this is not waited out here: the caller is told (ServerBusy)
    # and its scheduler comes back later.
    max_wait_s: float = 120.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Exponential with jitter: half the step fixed, half random."""
        step = min(self.cap_s, self.base_s * 2**attempt)
        return step / 2 + rng.uniform(0, step / 2)


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass
class Transport:
    base_url: str
    timeout: tuple[float, float] = (5.0, 30.0)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # True, or the path of a CA bundle; passed with each request (the environment's
    # REQUESTS_CA_BUNDLE cannot turn verification off).
    verify: bool | str = True
    rng: random.Random = field(default_factory=random.Random)
    cancel: threading.Event = field(default_factory=threading.Event)
    on_wait: Callable[[float, str], None] | None = None
    # False: a new connection for every request (tests put each through a fault proxy).
    keep_alive: bool = True

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) address: {self.base_url!r}")
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies, netrc or CA overrides from the environment

    def close(self) -> None:
        self._session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: Mapping[str, str] | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
        max_bytes: int = DEFAULT_MAX_BYTES,
        retry: bool = True,
        json: bool = False,
    ) -> Reply:
        """One call, retried as the policy says; returns a reply whose status is in `expect`.
        `json`: the protocol promises a JSON body with a 2xx, so one that ends early is retried
        (JSON that is complete but wrong is the caller's to refuse)."""
        policy = self.retry
        last = ""
        for attempt in range(policy.attempts if retry else 1):
            if self.cancel.is_set():
                raise Offline("sync stopped")
            wait: float | None = None
            try:
                reply = self._once(
                    method, path, token, params, body, content_type, headers, max_bytes
                )
            except _Transient as exc:
                last = str(exc)
                log.info("%s %s: %s (attempt %d)", method, path, last, attempt + 1)
            else:
                if reply.status in expect:
                    cut = _ends_early(reply.body) if json and 200 <= reply.status < 300 else None
                    if cut is None:
                        return reply
                    # Not the platform's answer but what a broken connection left of it.
                    last = f"the answer ended early: {cut}"
                    log.info("%s %s: %s (attempt %d)", method, path, last, attempt + 1)
                else:
                    if reply.status not in RETRY_STATUSES:
                        raise _refusal(reply)
                    last = f"HTTP {reply.status}"
                    wait = retry_after(reply.headers.get("Retry-After"))
                    log.info(
                        "%s %s: %s, Retry-After %s (attempt %d)",
                        method,
                        path,
                        last,
                        wait,
                        attempt + 1,
                    )
                    if wait is not None and wait > policy.max_wait_s:
                        raise ServerBusy(
                            f"the platform is busy ({last}) and asks to wait {wait:.0f} s",
                            retry_after=wait,
                            status=reply.status,
                        )
                    if attempt + 1 == policy.attempts or not retry:
                        raise ServerBusy(
                            f"the platform is busy ({last}) after {attempt + 1} tries",
                            retry_after=wait,
                            status=reply.status,
                        )
            if attempt + 1 >= (policy.attempts if retry else 1):
                break
            delay = max(wait or 0.0, policy.backoff(attempt, self.rng))
            if self.on_wait is not None:
                self.on_wait(delay, last)
            if self.cancel.wait(delay):
                raise Offline("sync stopped")
        raise Offline(f"the platform cannot be reached ({last})")

    def _once(
        self,
        method: str,
        path: str,
        token: str | None,
        params: Mapping[str, str] | None,
        body: bytes | None,
        content_type: str,
        headers: Mapping[str, str] | None,
        max_bytes: int,
    ) -> Reply:
        sent: dict[str, str] = {"Accept": "application/json"}
        if not self.keep_alive:
            sent["Connection"] = "close"
        if body is not None:
            sent["Content-Type"] = content_type
        if headers:
            sent.update(headers)
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        try:
            with self._session.request(
                method,
                self.base_url + path,
                params=params,
                data=body,
                headers=sent,
                timeout=self.timeout,
                verify=self.verify,
                allow_redirects=False,
                stream=True,
            ) as r:
                # A HEAD answer declares the length a GET would have, and a compressed answer
                # the compressed length: only a body to come is measured. A body cut short
                # raises in urllib3 (IncompleteRead → ChunkedEncodingError: retried).
                declared = r.headers.get("Content-Length")
                has_body = method != "HEAD" and r.status_code not in (204, 304)
                if (
                    has_body
                    and r.headers.get("Content-Encoding") in (None, "identity")
                    and declared is not None
                    and declared.isdigit()
                    and int(declared) > max_bytes
                ):
                    raise MalformedResponse(
                        f"the platform's answer to {method} {path} is {declared} bytes, "
                        f"over the limit of {max_bytes}"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > max_bytes:
                        raise MalformedResponse(
                            f"the platform's answer to {method} {path} is over the limit of "
                            f"{max_bytes} bytes"
                        )
                    chunks.append(chunk)
                return Reply(r.status_code, dict(r.headers), b"".join(chunks))
        except requests.exceptions.SSLError as exc:
            # Not transient: a certificate that does not verify will not verify next time.
            raise Offline(f"TLS verification failed for {self.base_url}: {_short(exc)}") from None
        except (
            requests.exceptions.ConnectionError,
            requests.exceptions.Timeout,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise _Transient(_short(exc)) from None


class _Transient(Exception):
    pass


def _ends_early(body: bytes) -> str | None:
    """Why a body that should be JSON stops before its JSON does (empty, or its parse runs out
    of input), or None: it is whole JSON, or JSON gone wrong otherwise (a server's fault, not
    the network's, which the caller refuses)."""
    if not body.strip():
        return "empty" if not body else "blank"
    try:
        pydantic_core.from_json(body)
    except ValueError as exc:
        text = str(exc)
        if "EOF while parsing" in text:
            return f"cut off after {len(body)} bytes"
    return None


def _short(exc: BaseException) -> str:
    kind = type(exc).__name__
    text = str(exc)
    return f"{kind}: {text[:200]}" if text else kind


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _refusal(reply: Reply) -> Exception:
    reason, message = "http_error", f"HTTP {reply.status}"
    try:
        err = ErrorBody.model_validate_json(reply.body)
        reason, message = err.reason, err.message
    except ValueError:
        pass
    if reply.status == 401:
        return SignInRequired(f"sign in again: {message}", reason=reason)
    if 300 <= reply.status < 400:
        where = reply.headers.get("Location", "?")
        return Refused(reply.status, "redirect", f"redirects are not followed (to {where})")
    return Refused(reply.status, reason, message)
