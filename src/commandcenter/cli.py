"""The `commandcenter` command: arguments parsed into a use case's request (features/), its result
printed. Errors the user can fix print one line and exit 2. Nothing here imports Qt to parse."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import importlib
import json
import logging
import math
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from .domain.errors import DomainError
from .store.errors import as_damage

LANGUAGES = ("zh_CN", "en")  # ui/i18n.py (the CLI does not import Qt to parse its arguments)
Args = argparse.Namespace
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
Handler = Callable[[Args], int]


class UsageError(Exception):
    """A command line the parser refuses."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _typed(what: str, convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argument type whose error names what was expected."""

    def parse(text: str) -> Any:
        try:
            return convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None

    return parse


def _wall_clock(text: str) -> datetime:
    value = datetime.fromisoformat(text)  # times in the database are the office's wall clock
    return value if value.tzinfo is None else value.astimezone().replace(tzinfo=None)


def _at_least_0(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(text)
    return value


_date = _typed("a date (YYYY-MM-DD)", date.fromisoformat)
_datetime = _typed("a time (ISO, e.g. 2026-11-23T09:30)", _wall_clock)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="commandcenter", description="网格指挥中心 — grid command centre")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help: str, parent: Any = sub, out: str = "", json: str = "", **kw: Any):
        """A command on a database; `out`: the file it writes; `json`: what --json prints;
        `now`: what --now means for it."""
        db, now = kw.pop("db", None), kw.pop("now", "")  # db: its help, where not required
        c: argparse.ArgumentParser = parent.add_parser(name, help=help, **kw)
        c.add_argument("--db", type=Path, required=db is None, help=db)
        if out:
            c.add_argument("--out", type=Path, required=True, help=out)
        if json:
            c.add_argument("--json", action="store_true", help=f"{json} as one JSON object")
        if now:
            c.add_argument("--now", type=_datetime, help=now)
        return c

    s = command("seed", "fill a new database with a demo street office or district")
    s.add_argument("--preset", default="shangdu", help="shangdu (one street) or district")
    s.add_argument("--cases", type=int, default=5000)
    s.add_argument("--weeks", type=int, default=12)
    s.add_argument("--end", type=_date, help="last day of the period (default: now)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--taxonomy", type=Path, help="a taxonomy JSON file (default: the shipped one)")
    command("info", "counts of a database", json="the counts")
    bk = command("backup", "a checked copy of the database", json="the copy")
    bk.add_argument("--out", type=Path, help="where (default: the data directory's backups/)")
    rs = command("restore", "put a checked backup in the database's place (window closed)")
    rs.add_argument("--from", dest="source", type=Path, required=True, help="the backup")
    g = sub.add_parser("grids", help="grid tools")
    gsub = g.add_subparsers(dest="sub", required=True, parser_class=_Parser)
    m2 = _typed("an area in m² (0 or more)", _at_least_0)
    tolerance = dict(dest="tolerance_m2", type=m2, metavar="M2", help="ignore smaller gaps (1)")
    command("export", "write the current grids as GeoJSON", gsub, out="grids.geojson")
    gc = command("check", "gaps, overlaps and children outside their parent", gsub)
    gc.add_argument("--tolerance", **tolerance)
    gi = command("import", "checked import of grids exported and edited as GeoJSON", gsub)
    gi.add_argument("--geojson", type=Path, required=True)
    gi.add_argument("--tolerance", **tolerance)
    gl = command("locate", "the grid of a point", gsub)
    gl.add_argument("--lon", type=float, required=True)
    gl.add_argument("--lat", type=float, required=True)
    gl.add_argument("--level", type=int, default=3, choices=(1, 2, 3, 4), help="default 3")
    within = "outside every grid, the nearest one up to this many metres away (default 50)"
    gl.add_argument("--within", dest="within_m", type=_typed("metres", _at_least_0), help=within)
    now = "ISO time (default: now)"
    k = command("tick", "apply the supervision and escalation rules", json="the report", now=now)
    k.add_argument("--rules", type=Path, help="supervision rules JSON (default: the shipped one)")
    k.add_argument("--calendar", type=Path, help="calendar JSON (default: the shipped one)")
    st = command("stats", "indicators, scores and ranks", now="judge 'by the period end' then")
    when = st.add_mutually_exclusive_group(required=True)
    when.add_argument("--week", help="ISO week, e.g. 2026-W47")
    when.add_argument("--month", help="e.g. 2026-11")
    when.add_argument("--from", dest="date_from", type=_date, help="first day (with --to)")
    st.add_argument("--to", dest="date_to", type=_date, help="last day (with --from)")
    st.add_argument("--by", required=True, help="grid2, grid3, department or person")
    st.add_argument("--format", default="table", help="table, json or csv")
    st.add_argument("--weights", type=Path, help="scoring weights JSON")
    d = command(
        "demo",
        "start a demo platform on 127.0.0.1, sync the demo street, open the window",
        db="the workstation's database (default: demo-workstation.db in the data directory)",
    )
    rate = _typed("a rate a minute (0 or more)", _at_least_0)
    d.add_argument("--simulate", type=rate, default=6.0, help="reports and answers a minute (6)")
    d.add_argument("--lang", dest="language", choices=LANGUAGES, help="zh_CN (default) or en")
    d.add_argument("--tiles", help="map tiles: a URL template with {z}/{x}/{y}, or an .mbtiles")
    d.add_argument("--tiles-gcj02", action="store_true", help="the tiles are GCJ-02 (AMap/Gaode)")
    sy = command(
        "sync",
        "one full sync with the district platform (password from CC_PASSWORD)",
        description="Push the outbox and pull the platform's feed once (password: CC_PASSWORD,"
        " or a prompt on a terminal). Exit 0: done; 2: yours to fix (password, database); 3:"
        " the platform cannot be reached or is busy; 4: it refused, or answered out of protocol.",
        json="the report",
    )
    sy.add_argument("--server", required=True, help="the platform, e.g. https://grid.example:8765")
    sy.add_argument("--user", required=True, help="the platform account")
    sy.add_argument("--ca-bundle", type=Path, help="CA certificates to verify the platform with")
    seconds = _typed("seconds (0 or more)", _at_least_0)
    sy.add_argument("--timeout", dest="timeout_s", type=seconds, help="read timeout (30 s)")
    lg = sub.add_parser("ledger", help="the rectification ledger (整改台账)")
    lgsub = lg.add_subparsers(dest="sub", required=True, parser_class=_Parser)
    le = command(
        "export",
        "the ledger as PDF or XLSX",
        lgsub,
        description="The cases of a grid's subtree found within a period (no dates: all), of "
        "some categories (with those under them) and states (none: the accepted problems).",
        out="ledger.pdf or ledger.xlsx",
    )
    le.add_argument("--grid", help="grid code: the grid and every grid under it")
    le.add_argument("--from", dest="date_from", type=_date, help="found on or after YYYY-MM-DD")
    le.add_argument("--to", dest="date_to", type=_date, help="found on or before YYYY-MM-DD")
    le.add_argument("--category", dest="categories", action="append", help="code (repeatable)")
    le.add_argument("--state", dest="states", action="append", help="已办结, 未办结, all …")
    le.add_argument("--format", required=True, help="pdf or xlsx")
    li = command(
        "import",
        "cases from a ledger typed in Excel",
        lgsub,
        description="Every row is checked, problems listed as 'row N, column 列名: problem';"
        " while any remains nothing is imported (exit 1). Rows already recorded (by 案件编号, or"
        " grid, category, found time and description) are skipped: a file twice adds nothing.",
    )
    li.add_argument("--xlsx", type=Path, required=True)
    li.add_argument("--skip-row", dest="skip_rows", type=int, action="append", metavar="N")
    li.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    asof = "as of this time, dated its day (default: now)"
    nt = command("notice", "the weekly supervision notice (督查通报)", out="notice.pdf", now=asof)
    nt.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    rv = command("review", "the Thursday meeting's pack", out="pack.pdf or .pptx", now=asof)
    rv.add_argument("--week", help="ISO week, e.g. 2026-W47 (default: this week)")
    rv.add_argument("--no-photos", dest="photos", action="store_false", help="leave photos out")
    sh = command("screenshot", "render a view of the window offscreen into a PNG", out="a.png")
    sh.add_argument("--view", default="main", help="main, timeline, wall, ledger, review, …")
    sh.add_argument("--case", help="case number or id (timeline; default: the first in the queue)")
    sh.add_argument("--week", help="ISO week of review/presenter (default: this week)")
    sh.add_argument("--as", dest="person", help="person code (default: the first duty officer)")
    sh.add_argument("--size", default="1600x1000", help="WIDTHxHEIGHT")
    sh.add_argument("--lang", dest="language", choices=LANGUAGES, help="zh_CN (default) or en")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, format=LOG_FORMAT)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        name = f"{args.command} {args.sub}" if getattr(args, "sub", None) else args.command
        return COMMANDS[name](args)
    except Exception as exc:  # one the user can fix, or SQLite's saying the file is damaged
        error = exc if isinstance(exc, DomainError) else as_damage(exc, getattr(args, "db", ""))
        if error is None:
            raise
        print(f"commandcenter: error: {error.message}", file=sys.stderr)
        return 2


def _request(kind: Any, args: Args) -> Any:
    """A use case's request from the arguments of its fields' names (lists as tuples)."""
    names = {f.name for f in dataclasses.fields(kind)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    return kind(**{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()})


def _feature(name: str) -> Any:
    """features/<name>, imported when its command runs: `tick` runs every minute."""
    return importlib.import_module(f"{__package__}.features.{name}")


def _say(text: str) -> None:
    """Progress and what was written: on stderr, so stdout stays the result."""
    print(text, file=sys.stderr, flush=True)


def _use_case(module: str, request: str, run: str, *given: Callable[[], Any]) -> Handler:
    """features/<module>'s `run` on the request and the collaborators `given` makes: lines() on
    stdout (JSON with --json), said() on stderr; exit 1 when not `ok` (findings, problems)."""

    def handle(args: Args) -> int:
        feature = _feature(module)
        request_ = _request(getattr(feature, request), args)
        result = getattr(feature, run)(request_, *(make() for make in given))
        if getattr(args, "json", False):
            print(json.dumps(result.as_json(), sort_keys=True, ensure_ascii=False))
        else:
            for line in getattr(result, "lines", list)():
                print(line)
        for line in getattr(result, "said", list)():
            _say(line)
        return 0 if getattr(result, "ok", True) else 1

    return handle


def _sync(args: Args) -> int:
    from .sync.errors import BadCredentials, Offline, ServerBusy, SyncError

    try:
        args.password = _password()
        return _use_case("sync", "SyncRequest", "sync_once")(args)
    except (UsageError, SyncError) as exc:  # 2: yours to fix; 3: try later; 4: refused
        print(f"commandcenter sync: {getattr(exc, 'message', exc)}", file=sys.stderr)
        later, refused = isinstance(exc, Offline | ServerBusy), isinstance(exc, SyncError)
        return 3 if later else 4 if refused and not isinstance(exc, BadCredentials) else 2


def _password() -> str:
    password = os.environ.get("CC_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageError("no password: set CC_PASSWORD (stdin is not a terminal to ask on)")
    return getpass.getpass("password: ")


def _app(name: str) -> Callable[[], Any]:  # the window's collaborator, imported when used
    return lambda: getattr(importlib.import_module(f"{__package__}.app"), name)


COMMANDS: dict[str, Handler] = {
    "seed": _use_case("seed", "SeedRequest", "seed_database"),
    "info": _use_case("info", "InfoRequest", "database_info"),
    "backup": _use_case("backup", "BackupRequest", "backup_database"),
    "restore": _use_case("backup", "RestoreRequest", "restore_database"),
    "grids export": _use_case("grids", "GridExportRequest", "export_grids"),
    "grids check": _use_case("grids", "GridCheckRequest", "check_grids"),
    "grids import": _use_case("grids", "GridImportRequest", "import_grids"),
    "grids locate": _use_case("grids", "GridLocateRequest", "locate_grid"),
    "tick": _use_case("tick", "TickRequest", "run_tick"),
    "stats": _use_case("stats", "StatsRequest", "stats_report"),
    "sync": _sync,
    "demo": _use_case("demo", "DemoRequest", "run_demo", _app("demo_window"), lambda: _say),
    "screenshot": _use_case(
        "screenshot", "ScreenshotRequest", "take_screenshot", _app("render_screenshot")
    ),
    "ledger export": _use_case("ledger_export", "LedgerExportRequest", "export_ledger"),
    "ledger import": _use_case("ledger_import", "LedgerImportRequest", "import_ledger"),
    "notice": _use_case("notice", "NoticeRequest", "write_notice"),
    "review": _use_case("review_pack", "ReviewPackRequest", "write_review_pack"),
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
