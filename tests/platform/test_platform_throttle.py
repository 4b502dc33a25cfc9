"""[12/20] 4: sign-ins held back after failures, on the platform's own clock (moved by the test,
never slept out): per account after 5 failures within 15 minutes, 429 with Retry-After
2^(n−5) s capped at 900; per client address the same after 100; an attempt held back is not
checked; a success clears the account; another account from another address (127.0.0.2) goes
in meanwhile; `--locked-accounts` lists who is held back; the client says the wait."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
import requests
from harness import Client, SettableClock, platform_in_process, run_platform, sa_url
from requests.adapters import HTTPAdapter
from test_platform_input import check_error

from commandcenter.district.database import PlatformDatabase, local_now
from commandcenter.district.errors import ApiError
from commandcenter.district.throttle import SignInThrottle
from commandcenter.sync.api import PlatformApi
from commandcenter.sync.errors import SignInThrottled
from commandcenter.sync.transport import RetryPolicy, Transport

PATH = "/api/v1/sessions"
TTL = timedelta(hours=12)
OTHER = "xiangyun-duty"


class _From(HTTPAdapter):
    """Connections from another loopback address of this machine."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _sign_in(c: Client, username: str, password: str, source: str = "127.0.0.1") -> Any:
    with requests.Session() as http:
        http.mount("http://", _From(source))
        body = {"username": username, "password": password}
        return http.post(c.base + PATH, json=body, timeout=30)


def test_fifty_wrong_passwords_then_the_right_one(platform_db: str) -> None:
    clock = SettableClock(local_now())
    with platform_in_process(platform_db, clock, TTL) as c:
        waits = []
        for n in range(1, 51):
            r = _sign_in(c, "shangdu-duty", f"wrong-{n}")
            if n <= 5:
                check_error(r, PATH, "post", 401, "bad_credentials")
            else:
                check_error(r, PATH, "post", 429, "too_many_attempts")
                waits.append(r.headers["Retry-After"])
        assert waits == ["1"] * 45  # the clock stood still: still the first second's hold
        held = _sign_in(c, "shangdu-duty", "demo")
        check_error(held, PATH, "post", 429, "too_many_attempts")  # held: not even checked
        assert "try again in 1 s" in held.json()["message"]
        # Another account from another address is not affected; this one from there still is.
        assert _sign_in(c, OTHER, "demo", source="127.0.0.2").status_code == 201
        assert _sign_in(c, "shangdu-duty", "demo", source="127.0.0.2").status_code == 429
        clock.advance(timedelta(seconds=1))  # the wait is over
        r = _sign_in(c, "shangdu-duty", "demo")
        assert r.status_code == 201, r.text
        for n in range(5):  # the success cleared the account: five more before a hold
            assert _sign_in(c, "shangdu-duty", f"again-{n}").status_code == 401
        assert _sign_in(c, "shangdu-duty", "demo").status_code == 429


def test_the_wait_doubles_with_each_failure_up_to_900_s(platform_db: str) -> None:
    clock = SettableClock(local_now())
    with platform_in_process(platform_db, clock, TTL) as c:
        for n in range(5):
            assert _sign_in(c, "shangdu-duty", f"wrong-{n}").status_code == 401
        waits = []
        for _ in range(9):  # 1 + 2 + … + 256 s: all within the 15 minutes
            r = _sign_in(c, "shangdu-duty", "wrong")
            assert r.status_code == 429
            waits.append(int(r.headers["Retry-After"]))
            clock.advance(timedelta(seconds=waits[-1]))
            # The hold is over: checked again, wrong again, held longer.
            assert _sign_in(c, "shangdu-duty", "wrong").status_code == 401
        assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256]
        clock.advance(timedelta(minutes=15))  # they are all older than 15 minutes now
        assert _sign_in(c, "shangdu-duty", "demo").status_code == 201
    # Failures faster than the holds allow (several server processes): the wait stops at 900.
    db = PlatformDatabase(platform_db)
    try:
        throttle = SignInThrottle(db)
        now = local_now()
        for _ in range(30):
            throttle.failed("shangdu-duty", "127.0.0.9", now)
        with pytest.raises(ApiError) as info:
            throttle.check("shangdu-duty", "127.0.0.1", now)
        assert info.value.status == 429 and info.value.headers["Retry-After"] == "900"
    finally:
        db.dispose()


def test_an_address_is_held_after_100_failures_whatever_the_accounts(platform_db: str) -> None:
    clock = SettableClock(local_now())
    names = [f"guess-{n:02d}" for n in range(25)]  # four failures each: no account is held
    with platform_in_process(platform_db, clock, TTL) as c:
        for attempt in range(4):
            for name in names:
                r = _sign_in(c, name, f"pw-{attempt}", source="127.0.0.2")
                assert r.status_code == 401, (name, attempt, r.text)
        r = _sign_in(c, OTHER, "demo", source="127.0.0.2")
        check_error(r, PATH, "post", 429, "too_many_attempts")
        assert "this address" in r.json()["message"] and r.headers["Retry-After"] == "1"
        assert _sign_in(c, OTHER, "demo", source="127.0.0.1").status_code == 201


def test_locked_accounts_are_listed(platform_db: str) -> None:
    db = PlatformDatabase(platform_db)
    try:
        throttle = SignInThrottle(db)
        now = local_now()
        for _ in range(12):  # 2^7 s = 128 s held: still held when the command runs
            throttle.failed("shangdu-duty", "127.0.0.9", now)
    finally:
        db.dispose()
    done = run_platform("--db", platform_db, "--locked-accounts")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].split()[:3] == ["account", "shangdu-duty", "12"]
    assert "held" in lines[0] and sa_url(platform_db)


def test_the_client_says_how_long_to_wait(platform_db: str) -> None:
    clock = SettableClock(local_now())
    with platform_in_process(platform_db, clock, TTL) as c:
        for n in range(5):
            assert _sign_in(c, "shangdu-duty", f"wrong-{n}").status_code == 401
        transport = Transport(
            c.base,
            timeout=(2.0, 5.0),
            retry=RetryPolicy(attempts=3, base_s=0.05),
            rng=random.Random(1),
        )
        try:
            with pytest.raises(SignInThrottled, match=r"checks again in 1 s") as info:
                PlatformApi(transport).sign_in("shangdu-duty", "demo")
        finally:
            transport.close()
        assert info.value.retry_after == 1.0
