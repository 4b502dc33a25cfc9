"""`commandcenter sync`: one full sync without the window, its password never on the command
line, and an exit code a script can act on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import Platform, free_port

SYNC = [sys.executable, "-m", "commandcenter.cli", "sync"]


def _run(db: Path, server: str, user: str, password: str | None, *extra: str):
    env = {k: v for k, v in os.environ.items() if k != "CC_PASSWORD"}
    if password is not None:
        env["CC_PASSWORD"] = password
    return subprocess.run(
        [*SYNC, "--db", str(db), "--server", server, "--user", user, "--timeout", "2", *extra],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_exit_codes_name_the_reason(platform: Platform, tmp_path: Path) -> None:
    db = tmp_path / "street.db"
    no_password = _run(db, platform.base, "shangdu-duty", None)
    assert no_password.returncode == 2
    assert "CC_PASSWORD" in no_password.stderr and "terminal" in no_password.stderr
    wrong = _run(db, platform.base, "shangdu-duty", "not-the-password")
    assert wrong.returncode == 2
    assert "wrong user name or password" in wrong.stderr and "not-the-password" not in wrong.stderr
    bad_url = _run(db, "ftp://example", "shangdu-duty", "demo")
    assert bad_url.returncode == 2 and "http" in bad_url.stderr
    done = _run(db, platform.base, "shangdu-duty", "demo", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["pages"] >= 1 and report["pulled"] > 0 and report["queued"] == 0
    again = _run(db, platform.base, "shangdu-duty", "demo")
    assert again.returncode == 0 and "pulled 0 events" in again.stdout
    other_street = _run(db, platform.base, "xiangyun-duty", "demo")
    assert other_street.returncode == 2 and "street office" in other_street.stderr


@pytest.mark.slow
def test_an_unreachable_platform_is_exit_3(tmp_path: Path) -> None:
    port = free_port()
    out = _run(tmp_path / "street.db", f"http://127.0.0.1:{port}", "shangdu-duty", "demo")
    assert out.returncode == 3
    assert "cannot be reached" in out.stderr
