"""The `commandcenter` command. Errors the user can fix print one line and exit 2."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import defaults, paths
from .domain.clock import office_now
from .domain.errors import DomainError

if TYPE_CHECKING:
    from .geo.coverage import CoverageFinding
    from .geo.grid_import import GridImportPlan
    from .store.repositories import GridRepository
    from .sync.sync_engine import SignedIn

log = logging.getLogger("commandcenter")
LANGUAGES = ("zh_CN", "en")  # ui/i18n.py (the CLI does not import Qt to parse its arguments)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a time (ISO, e.g. 2026-11-23T09:30): {text!r}"
        ) from None
    # Times in the database are the street office's wall clock.
    return (
        value.replace(tzinfo=None)
        if value.tzinfo is None
        else value.astimezone().replace(tzinfo=None)
    )


def _non_negative(what: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value >= 0):
            raise argparse.ArgumentTypeError(f"not {what} (a number, 0 or more): {text!r}")
        return value

    return parse


_square_metres = _non_negative("an area in m²")
_metres = _non_negative("a distance in m")
_within_help = "outside every grid, take the nearest one up to this many metres away (default 50)"


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="commandcenter", description="网格指挥中心 — grid command centre")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("seed", help="fill a new database with a demo street office or district")
    s.add_argument("--db", type=Path, required=True)
    s.add_argument("--preset", default="shangdu", help="shangdu (one street) or district")
    s.add_argument("--cases", type=int, default=5000)
    s.add_argument("--weeks", type=int, default=12)
    s.add_argument("--end", type=_date, help="last day of the period (default: now)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--taxonomy", type=Path, help="a taxonomy JSON file (default: the shipped one)")

    i = sub.add_parser("info", help="counts of a database")
    i.add_argument("--db", type=Path, required=True)
    i.add_argument("--json", action="store_true", help="one JSON object on stdout")

    g = sub.add_parser("grids", help="grid tools")
    gsub = g.add_subparsers(dest="grids_command", required=True, parser_class=_Parser)
    ge = gsub.add_parser("export", help="write the current grids as GeoJSON")
    ge.add_argument("--db", type=Path, required=True)
    ge.add_argument("--out", type=Path, required=True)
    tolerance = "ignore gaps and overlaps smaller than this many m² (default 1)"
    gc = gsub.add_parser("check", help="gaps, overlaps and children outside their parent")
    gc.add_argument("--db", type=Path, required=True)
    gc.add_argument("--tolerance", type=_square_metres, default=1.0, metavar="M2", help=tolerance)
    gi = gsub.add_parser("import", help="checked import of grids exported and edited as GeoJSON")
    gi.add_argument("--db", type=Path, required=True)
    gi.add_argument("--geojson", type=Path, required=True)
    gi.add_argument("--tolerance", type=_square_metres, default=1.0, metavar="M2", help=tolerance)
    gl = gsub.add_parser("locate", help="the grid of a point")
    gl.add_argument("--db", type=Path, required=True)
    gl.add_argument("--lon", type=float, required=True)
    gl.add_argument("--lat", type=float, required=True)
    gl.add_argument("--level", type=int, default=3, choices=(1, 2, 3, 4), help="default 3")
    gl.add_argument("--within", type=_metres, default=50.0, metavar="M", help=_within_help)

    k = sub.add_parser("tick", help="apply the supervision and escalation rules up to a time")
    k.add_argument("--db", type=Path, required=True)
    k.add_argument("--now", type=_datetime, help="ISO time (default: now)")
    k.add_argument("--rules", type=Path, help="supervision rules JSON (default: the shipped one)")
    k.add_argument("--calendar", type=Path, help="calendar JSON (default: the shipped one)")
    k.add_argument("--json", action="store_true", help="the report as one JSON object on stdout")

    st = sub.add_parser("stats", help="indicators, scores and ranks for a period")
    st.add_argument("--db", type=Path, required=True)
    when = st.add_mutually_exclusive_group(required=True)
    when.add_argument("--week", help="ISO week, e.g. 2026-W47")
    when.add_argument("--month", help="e.g. 2026-11")
    when.add_argument("--from", dest="date_from", type=_date, help="first day (with --to)")
    st.add_argument("--to", dest="date_to", type=_date, help="last day (with --from)")
    st.add_argument("--by", required=True, help="grid2, grid3, department or person")
    st.add_argument("--format", default="table", help="table, json or csv")
    st.add_argument("--now", type=_datetime, help="judge 'by the period end' as of this time")
    st.add_argument("--weights", type=Path, help="scoring weights JSON")

    d = sub.add_parser(
        "demo",
        help="start a demo district platform on 127.0.0.1, sync the demo street, open the window",
    )
    d.add_argument(
        "--db",
        type=Path,
        help="the workstation's database (default: demo-workstation.db in the data directory)",
    )
    d.add_argument(
        "--simulate",
        type=_non_negative("a rate a minute"),
        default=6.0,
        help="simulated reports and answers a minute on the platform (default 6; 0: none)",
    )
    d.add_argument("--lang", default="zh_CN", choices=LANGUAGES, help="zh_CN (default) or en")
    d.add_argument(
        "--tiles",
        help="map tiles: a URL template with {z}/{x}/{y}, or an .mbtiles file (default: none)",
    )
    d.add_argument("--tiles-gcj02", action="store_true", help="the tiles are GCJ-02 (AMap/Gaode)")

    sy = sub.add_parser(
        "sync",
        help="one full sync with the district platform (password from CC_PASSWORD)",
        description="Push the outbox and pull the platform's feed once. The password comes "
        "from CC_PASSWORD, or a prompt when stdin is a terminal. Exit 0 when done; 2 for what "
        "you must fix (password, database); 3 when the platform cannot be reached or is busy; "
        "4 when it refused the request or answered out of protocol.",
    )
    sy.add_argument("--db", type=Path, required=True, help="the local database (created if new)")
    sy.add_argument("--server", required=True, help="the platform, e.g. https://grid.example:8765")
    sy.add_argument("--user", required=True, help="the platform account")
    sy.add_argument("--ca-bundle", type=Path, help="CA certificates to verify the platform with")
    sy.add_argument(
        "--timeout", type=_non_negative("a time in s"), default=30.0, help="read timeout (s)"
    )
    sy.add_argument("--json", action="store_true", help="the report as one JSON object on stdout")

    lg = sub.add_parser("ledger", help="the rectification ledger (整改台账)")
    lgsub = lg.add_subparsers(dest="ledger_command", required=True, parser_class=_Parser)
    le = lgsub.add_parser(
        "export",
        help="the ledger as PDF or XLSX",
        description="The cases of a grid's subtree found within a period (no dates: all), of "
        "some categories (with the categories under them) and states (no state: all).",
    )
    le.add_argument("--db", type=Path, required=True)
    le.add_argument("--grid", help="grid code: the grid and every grid under it")
    le.add_argument("--from", dest="date_from", type=_date, help="found on or after YYYY-MM-DD")
    le.add_argument("--to", dest="date_to", type=_date, help="found on or before YYYY-MM-DD")
    le.add_argument("--category", action="append", help="category code (repeatable)")
    le.add_argument("--state", action="append", help="state, e.g. 已办结 or closed (repeatable)")
    le.add_argument("--format", required=True, help="pdf or xlsx")
    le.add_argument("--out", type=Path, required=True)
    li = lgsub.add_parser(
        "import",
        help="cases from a ledger typed in Excel",
        description="Every row is checked; the problems are listed as 'row N, column 列名: "
        "problem' and, while any remains, nothing is imported (exit 1). Rows whose 案件编号 is "
        "already recorded are skipped, as are rows without one whose grid, category, found time "
        "and description are: importing a file twice adds nothing.",
    )
    li.add_argument("--db", type=Path, required=True)
    li.add_argument("--xlsx", type=Path, required=True)
    li.add_argument(
        "--skip-row", type=int, action="append", metavar="N", help="leave Excel row N out"
    )
    li.add_argument("--dry-run", action="store_true", help="check and report; write nothing")

    nt = sub.add_parser("notice", help="the weekly supervision notice (督查通报) as a PDF")
    nt.add_argument("--db", type=Path, required=True)
    nt.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    nt.add_argument("--out", type=Path, required=True)
    nt.add_argument("--now", type=_datetime, help="as of this time, dated its day (default: now)")

    rv = sub.add_parser("review", help="the Thursday review meeting's pack (PDF or PPTX)")
    rv.add_argument("--db", type=Path, required=True)
    rv.add_argument("--week", help="ISO week, e.g. 2026-W47 (default: this week)")
    rv.add_argument("--out", type=Path, required=True, help="pack.pdf or pack.pptx")
    rv.add_argument("--now", type=_datetime, help="as of this time, dated its day (default: now)")
    rv.add_argument("--no-photos", action="store_true", help="leave the cases' photos out")

    sh = sub.add_parser("screenshot", help="render a view of the window offscreen into a PNG")
    sh.add_argument("--db", type=Path, required=True)
    sh.add_argument(
        "--view", default="main", help="main, timeline, wall, ledger, review or presenter"
    )
    sh.add_argument("--case", help="case number or id (timeline; default: the first in the queue)")
    sh.add_argument("--week", help="ISO week of review/presenter (default: this week)")
    sh.add_argument("--as", dest="person", help="person code (default: the first duty officer)")
    sh.add_argument("--size", default="1600x1000", help="WIDTHxHEIGHT")
    sh.add_argument("--out", type=Path, required=True)
    sh.add_argument("--lang", default="zh_CN", choices=LANGUAGES, help="zh_CN (default) or en")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return _dispatch(args)
    except DomainError as exc:
        print(f"commandcenter: error: {exc.message}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "seed":
        return _cmd_seed(args)
    if args.command == "info":
        return _cmd_info(args)
    if args.command == "grids":
        return _GRID_COMMANDS[args.grids_command](args)
    if args.command == "tick":
        return _cmd_tick(args)
    if args.command == "stats":
        from .stats_output import run_stats

        return run_stats(args)
    if args.command == "demo":
        return _cmd_demo(args)
    if args.command == "screenshot":
        return _cmd_screenshot(args)
    if args.command == "sync":
        return _cmd_sync(args)
    if args.command == "ledger" and args.ledger_command == "import":
        from .ledger_import import run_ledger_import

        checked = run_ledger_import(args)
        for problem in checked.problems:  # one a line on stdout: row N, column 列名: problem
            print(problem)
        print(checked.summary(), file=sys.stderr)
        return 0 if checked.ok else 1
    if args.command == "ledger":
        from .ledger_output import run_ledger_export

        print(run_ledger_export(args), file=sys.stderr)
        return 0
    if args.command == "notice":
        from .notice_output import run_notice

        print(run_notice(args), file=sys.stderr)
        return 0
    if args.command == "review":
        from .review_output import run_review

        print(run_review(args), file=sys.stderr)
        return 0
    raise AssertionError(args.command)


def _cmd_seed(args: argparse.Namespace) -> int:
    from .demo.seeder import SeedOptions, seed

    options = SeedOptions(
        preset=args.preset,
        cases=args.cases,
        weeks=args.weeks,
        end=args.end,
        seed=args.seed,
        taxonomy=defaults.taxonomy(args.taxonomy),
    )
    stats = seed(args.db, options, defaults.calendar())
    log.info(
        "seeded %s: %d grids, %d people, %d cases, %d events (generation %.1f s, insertion %.1f s)",
        args.db,
        stats.grids,
        stats.people,
        stats.cases,
        stats.events,
        stats.generation_s,
        stats.insertion_s,
    )
    return 0


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _cmd_info(args: argparse.Namespace) -> int:
    from .store.database import open_readonly
    from .store.repositories import summarize

    db = open_readonly(args.db)
    try:
        s = summarize(db.engine)
    finally:
        db.dispose()
    data = {
        "cases": s.cases_by_state,
        "departments": s.departments,
        "events": s.events,
        "first_reported": _iso(s.first_reported),
        "grids": {str(level): s.grids_by_level.get(level, 0) for level in (1, 2, 3, 4)},
        "last_reported": _iso(s.last_reported),
        "people": s.people,
    }
    if args.json:
        print(json.dumps(data, sort_keys=True, ensure_ascii=False))
    else:
        from .domain.enums import CaseState

        print(f"{args.db}")
        for state, n in s.cases_by_state.items():
            print(f"  {CaseState(state).label:<6} {n:>9}")
        print(f"  events {s.events}, people {s.people}, departments {s.departments}")
        grids = ", ".join(f"L{k}: {v}" for k, v in sorted(s.grids_by_level.items()))
        print(f"  grids {grids}")
        print(f"  reported {_iso(s.first_reported)} .. {_iso(s.last_reported)}")
    return 0


def _cmd_grids_export(args: argparse.Namespace) -> int:
    from .geo.geojson import grids_to_geojson
    from .store.database import open_readonly
    from .store.repositories import GridRepository

    db = open_readonly(args.db)
    try:
        grids = GridRepository(db.engine).current()
    finally:
        db.dispose()
    text = grids_to_geojson(grids)
    tmp = args.out.with_name(args.out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    return 0


def _cmd_grids_check(args: argparse.Namespace) -> int:
    from .geo.coverage import check_coverage
    from .geo.validation import validate_grids
    from .store.database import open_readonly
    from .store.repositories import GridRepository

    db = open_readonly(args.db)
    try:
        grids = GridRepository(db.engine).current()
    finally:
        db.dispose()
    findings = check_coverage(validate_grids(grids, str(args.db)), args.tolerance)
    _print_findings(findings, {g.code: g.name for g in grids})
    if findings:
        print(_findings_summary(findings, len(grids), args.tolerance))
        return 1
    print(
        f"{len(grids)} current grids: no gaps, overlaps or children outside their parent "
        f"(tolerance {args.tolerance:g} m²)"
    )
    return 0


def _cmd_grids_import(args: argparse.Namespace) -> int:
    from .geo.coverage import check_coverage
    from .geo.geojson import grids_from_geojson
    from .geo.grid_import import plan_grid_import
    from .geo.validation import validate_grids
    from .store.database import open_database
    from .store.repositories import GridRepository

    source = str(args.geojson)
    grid_file = grids_from_geojson(_read_text(args.geojson), source)
    db = open_database(args.db, create=False)
    try:
        repo = GridRepository(db.engine)
        plan = plan_grid_import(repo.current(), grid_file, source)
        findings = check_coverage(validate_grids(plan.after, source), args.tolerance)
        _refuse_unknown_leaders(repo, plan, source)
        if findings:
            _print_findings(findings, {g.code: g.name for g in plan.after})
            print(_findings_summary(findings, len(plan.after), args.tolerance))
            print(f"nothing imported from {source}: the grids would not tile their parents")
            return 1
        if plan.writes:
            repo.save_versions(plan.added, plan.changed, office_now().replace(microsecond=0))
    finally:
        db.dispose()
    n_changed = len(plan.changed)
    print(
        f"imported {source}: {len(plan.added)} added, {n_changed} new "
        f"{'version' if n_changed == 1 else 'versions'}, {len(plan.unchanged)} unchanged"
    )
    if plan.absent:
        shown = ", ".join(plan.absent[:10]) + (", …" if len(plan.absent) > 10 else "")
        print(f"{len(plan.absent)} current grids not in the file, left unchanged: {shown}")
    return 0


def _refuse_unknown_leaders(repo: GridRepository, plan: GridImportPlan, source: str) -> None:
    from .geo.errors import GridDataError

    leaders = {g.leader: g.code for g in (*plan.added, *plan.changed) if g.leader}
    unknown = repo.unknown_people(leaders)
    if unknown:
        leader = unknown[0]
        grid = leaders[leader]
        raise GridDataError(f"{source}: grid {grid}: unknown leader {leader} (no such person)")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DomainError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DomainError(f"{path}: is a directory, not a GeoJSON file") from None
    except UnicodeDecodeError:
        raise DomainError(f"{path}: not UTF-8 text (GeoJSON is UTF-8)") from None
    except OSError as exc:
        raise DomainError(f"{path}: cannot be read ({exc.strerror})") from None


def _cmd_grids_locate(args: argparse.Namespace) -> int:
    from .geo.locate import GridLocator
    from .store.database import open_readonly
    from .store.repositories import GridRepository

    db = open_readonly(args.db)
    try:
        grids = GridRepository(db.engine).current()
    finally:
        db.dispose()
    found = GridLocator.for_level(grids, args.level).nearest(args.lon, args.lat, args.within)
    if found is None:
        print(f"no level-{args.level} grid within {args.within:g} m of {args.lon},{args.lat}")
        return 1
    code, metres = found
    name = next(g.name for g in grids if g.code == code)
    print(f"{code} {name}" + (f" ({metres:.1f} m away)" if metres else ""))
    return 0


def _print_findings(findings: Sequence[CoverageFinding], names: dict[str, str]) -> None:
    """One line per finding: kind, codes, area, a point inside it, and what it is in words."""
    for f in findings:
        codes = " ".join(f.codes)
        where = f"{f.area_m2:>12.1f} m²  at {f.lon:.6f},{f.lat:.6f}"
        named = [names.get(code) or code for code in f.codes]
        if f.kind == "gap":
            what = f"inside {named[0]} but in none of its children"
        elif f.kind == "overlap":
            what = f"{named[0]} and {named[1]} both cover it"
        else:
            what = f"{named[0]} reaches outside its parent {named[1]}"
        print(f"{f.kind:<7}  {codes:<31}  {where}  {what}")


def _findings_summary(findings: Sequence[CoverageFinding], n_grids: int, tolerance: float) -> str:
    kinds = (("gap", "gaps"), ("overlap", "overlaps"), ("outside", "outside"))
    counts = [(sum(f.kind == one for f in findings), one, many) for one, many in kinds]
    parts = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    return (
        f"{len(findings)} {'finding' if len(findings) == 1 else 'findings'} in {n_grids} "
        f"current grids: {parts} (tolerance {tolerance:g} m²)"
    )


_GRID_COMMANDS = {
    "export": _cmd_grids_export,
    "check": _cmd_grids_check,
    "import": _cmd_grids_import,
    "locate": _cmd_grids_locate,
}


def _cmd_tick(args: argparse.Namespace) -> int:
    from .store.database import open_database
    from .store.supervision_tick import SupervisionTick

    calendar = defaults.calendar(args.calendar)
    rules = defaults.supervision_rules(args.rules)
    now = args.now or office_now().replace(microsecond=0)
    db = open_database(args.db, create=False)
    try:
        report = SupervisionTick(db.engine, calendar, rules).run(now)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps({"now": now.isoformat(), **dataclasses.asdict(report)}, sort_keys=True))
        return 0
    print(
        f"tick {now.isoformat()}: {report.examined} overdue cases examined, "
        f"{report.cases} changed: {report.supervised} supervised, {report.raised} raised, "
        f"{report.escalated} escalated ({report.events} events)"
    )
    return 0


def _password() -> str:
    import getpass
    import os

    password = os.environ.get("CC_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageError("no password: set CC_PASSWORD (stdin is not a terminal to ask on)")
    return getpass.getpass("password: ")


def _cmd_sync(args: argparse.Namespace) -> int:
    from .store.database import open_database
    from .store.sync_store import SyncStore
    from .sync.api import PlatformApi
    from .sync.errors import BadCredentials, Offline, ServerBusy, SyncError
    from .sync.sync_engine import SyncEngine
    from .sync.transport import Transport

    try:
        password = _password()
        transport = Transport(
            args.server,
            timeout=(min(10.0, args.timeout or 10.0), args.timeout or 30.0),
            verify=str(args.ca_bundle) if args.ca_bundle else True,
        )
    except (UsageError, ValueError) as exc:
        print(f"commandcenter sync: {exc}", file=sys.stderr)
        return 2
    db = open_database(args.db)
    try:
        engine = SyncEngine(
            SyncStore(db.engine, defaults.calendar()), PlatformApi(transport), db.blobs
        )
        try:
            engine.sign_in(args.user, password, office_now().replace(microsecond=0))
            report = engine.sync()
        except BadCredentials as exc:
            print(f"commandcenter sync: {exc}", file=sys.stderr)
            return 2
        except (Offline, ServerBusy) as exc:
            print(f"commandcenter sync: {exc}", file=sys.stderr)
            return 3
        except SyncError as exc:
            print(f"commandcenter sync: {exc}", file=sys.stderr)
            return 4
        counts = engine.store.counts()
    finally:
        transport.close()
        db.dispose()
    out = {**dataclasses.asdict(report), "queued": counts.pending, "listed": counts.refused}
    if args.json:
        print(json.dumps(out, sort_keys=True))
    else:
        print(
            f"synced with {transport.base_url}: pushed {report.pushed} "
            f"({report.refused} refused, {report.later} waiting for their author), "
            f"pulled {report.pulled} events in {report.pages} pages, {report.photos} photos; "
            f"{counts.pending} still queued, {counts.refused} conflicts listed"
        )
    return 0


DEMO_CASES = 20_000  # the district's; 商都路 gets a tenth
DEMO_WEEKS = 12
DEMO_USER = "shangdu-duty"


def _cmd_demo(args: argparse.Namespace) -> int:
    from .app import PlatformLink, has_display, run_demo
    from .district.launcher import seed_platform, start_platform
    from .district.seed import DEMO_PASSWORD
    from .ui.tiles import TileSource

    try:  # before anything is seeded or opened
        tiles = TileSource.parse(args.tiles, gcj02=args.tiles_gcj02)
    except ValueError as exc:
        raise DomainError(str(exc)) from None

    if not has_display():
        raise DomainError(
            "no display to open the window on (DISPLAY is not set); "
            "run it on a desktop, or under xvfb-run"
        )
    data = paths.user_data_dir()
    platform_db = data / "demo-platform.db"
    client = args.db or data / "demo-workstation.db"
    if not platform_db.exists():
        print(
            f"Seeding the demo district into {platform_db} (once, about half a minute) …",
            file=sys.stderr,
        )
        seed_platform(platform_db, cases=DEMO_CASES, weeks=DEMO_WEEKS)
        if args.db is None:  # the workstation synced with the district seeded before
            _remove_database(client)
    print("Starting the demo platform on 127.0.0.1 …", file=sys.stderr)
    with start_platform(platform_db, data / "demo-platform.log", simulate=args.simulate) as running:
        who = _demo_sync(client, running.url, DEMO_USER, DEMO_PASSWORD)
        link = PlatformLink(running.url, signed_in=who)
        return run_demo(client, args.lang, tiles, platform=link)


def _demo_sync(client: Path, server: str, username: str, password: str) -> SignedIn:
    """Sign in as the demo duty officer and sync before the window opens (the first time, the
    street's grids, people and cases come down)."""
    from .store.database import open_database
    from .store.sync_store import SyncStore
    from .sync.api import PlatformApi
    from .sync.sync_engine import SyncEngine
    from .sync.transport import Transport

    db = open_database(client)
    transport = Transport(server)
    try:
        engine = SyncEngine(
            SyncStore(db.engine, defaults.calendar()), PlatformApi(transport), db.blobs
        )
        who = engine.sign_in(username, password, office_now().replace(microsecond=0))
        print(f"Signed in as {username}; syncing {client} …", file=sys.stderr)
        report = engine.sync(on_page=lambda n: print(f"  page {n}", file=sys.stderr, flush=True))
        print(
            f"Synced: {report.pulled} events pulled, {report.pushed} pushed, "
            f"{report.photos} photos",
            file=sys.stderr,
        )
        return who
    finally:
        transport.close()
        db.dispose()


def _remove_database(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


SCREENSHOT_VIEWS = ("main", "timeline", "wall", "ledger", "review", "presenter")


def _cmd_screenshot(args: argparse.Namespace) -> int:
    if args.view not in SCREENSHOT_VIEWS:
        views = ", ".join(SCREENSHOT_VIEWS)
        raise DomainError(f"unknown view {args.view!r}; the views are: {views}")
    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        raise DomainError(
            f"--size must be WIDTHxHEIGHT, e.g. 1600x1000, not {args.size!r}"
        ) from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise DomainError(f"--size {args.size} is out of range (320x240 to 8000x8000)")
    from .app import ScreenshotTimeout, screenshot
    from .domain.periods import week_period

    week = week_period(args.week).label if args.week else None
    from .store.case_detail import CaseDetailRepository
    from .store.database import open_readonly
    from .store.directory import load_directory

    case_id = None
    db = open_readonly(args.db)
    try:
        if args.person and load_directory(db.engine).person(args.person) is None:
            raise DomainError(f"no person with code {args.person!r} in {args.db}")
        if args.case:
            case_id = CaseDetailRepository(db.engine).find(args.case)
            if case_id is None:
                raise DomainError(f"no case {args.case!r} in {args.db}")
    finally:
        db.dispose()
    try:
        screenshot(
            args.db,
            args.out,
            person=args.person,
            size=(width, height),
            view=args.view,
            case_id=case_id,
            language=args.lang,
            week=week,
        )
    except ScreenshotTimeout as exc:
        raise DomainError(str(exc)) from None
    print(args.out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
