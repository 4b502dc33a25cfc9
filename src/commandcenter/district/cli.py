"""`commandcenter-platform`: the reference district platform.

    commandcenter-platform --db URL [--host 127.0.0.1] [--port 8765] [--simulate RATE]
    commandcenter-platform --db URL --seed-demo [--cases N]

URL is a SQLite file (a path or sqlite:///path; the default kind) or a PostgreSQL URL
(postgresql+psycopg://user@host:port/name). Errors the user can fix print one line, exit 2."""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Sequence
from datetime import timedelta
from typing import NoReturn

from .. import defaults
from ..domain.errors import DomainError

log = logging.getLogger("commandcenter.district")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= 600):
        raise argparse.ArgumentTypeError(
            f"not a rate (events a minute, above 0, at most 600): {text!r}"
        )
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a whole number, 0 or more: {text!r}")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port (1-65535): {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="commandcenter-platform",
        description="网格指挥中心 — the reference district platform (区级平台)",
    )
    p.add_argument("--db", required=True, help="SQLite file or PostgreSQL URL")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8765)
    p.add_argument(
        "--simulate", type=_rate, metavar="RATE", help="simulated reports and answers a minute"
    )
    p.add_argument(
        "--seed-demo", action="store_true", help="fill an empty platform with the demo district"
    )
    p.add_argument(
        "--migrate", action="store_true", help="create or upgrade the platform's schema, then exit"
    )
    p.add_argument(
        "--locked-accounts",
        action="store_true",
        help="list the accounts and addresses whose sign-ins are held back now, then exit",
    )
    p.add_argument("--cases", type=_positive_int, default=3000, help="with --seed-demo")
    p.add_argument("--weeks", type=_positive_int, default=12, help="with --seed-demo")
    p.add_argument("--seed", type=int, default=1, help="with --seed-demo: the random seed")
    p.add_argument(
        "--token-ttl", type=_positive_int, default=12 * 3600, help="token lifetime in seconds"
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(
            level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        # The demo generator migrates a scratch client database: its steps are not news here.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        return _run(args)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"commandcenter-platform: {exc.message}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from .database import PlatformDatabase

    db = PlatformDatabase(args.db)
    if args.migrate:
        before, after = db.migrate()
        db.dispose()
        print(f"the platform schema of {args.db}: {before or 'empty'} -> {after}")
        return 0
    if db.create_schema():
        log.info("created the platform schema in %s", args.db)
    if args.locked_accounts:
        return _locked(db)
    if args.seed_demo:
        return _seed(db, args)
    return _serve(db, args)


def _locked(db: object) -> int:
    from .database import PlatformDatabase, local_now
    from .throttle import SignInThrottle

    assert isinstance(db, PlatformDatabase)
    now = local_now()
    held = SignInThrottle(db).held(now)
    db.dispose()
    for h in held:
        print(
            f"{h.kind:<8} {h.key:<24} {h.failures:>4} failures in 15 min, held "
            f"{h.wait_s(now)} s more (until {h.until:%Y-%m-%d %H:%M:%S})"
        )
    if not held:
        print("no account or address is held back")
    return 0


def _seed(db: object, args: argparse.Namespace) -> int:
    from .database import PlatformDatabase
    from .seed import seed_demo

    assert isinstance(db, PlatformDatabase)
    if args.weeks < 1:
        raise _UsageError("commandcenter-platform: --weeks must be at least 1")
    report = seed_demo(
        db,
        defaults.taxonomy(),
        defaults.calendar(),
        cases=args.cases,
        weeks=args.weeks,
        seed=args.seed,
    )
    db.dispose()
    print(
        f"seeded {report.grids} grids, {report.people} people, {report.cases} cases, "
        f"{report.events} events"
    )
    print("demo accounts (password for all: demo):")
    for a in report.accounts:
        print(f"  {a.username:<22} {a.role.label:<8} {a.name}（{a.street}）")
    return 0


def _serve(db: object, args: argparse.Namespace) -> int:
    import uvicorn

    from .database import PlatformDatabase
    from .server import create_app
    from .simulator import Simulator

    assert isinstance(db, PlatformDatabase)
    app = create_app(db, defaults.calendar(), token_ttl=timedelta(seconds=args.token_ttl))
    simulator = None
    if args.simulate:
        try:
            simulator = Simulator(db, app.state.intake, app.state.attachments, args.simulate)
        except ValueError as exc:
            raise _UsageError(f"commandcenter-platform: --simulate: {exc}") from None
        app.state.background.append(simulator)
    log.info("district platform on http://%s:%d (database %s)", args.host, args.port, args.db)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
