"""The `commandcenter` command. Errors the user can fix print one line and exit 2."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from . import defaults, paths
from .domain.errors import DomainError

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

    d = sub.add_parser("demo", help="open the window on the demo street (seeded if missing)")
    d.add_argument("--db", type=Path, help=f"default: {paths.default_database()}")
    d.add_argument("--lang", default="zh_CN", choices=LANGUAGES, help="zh_CN (default) or en")

    sh = sub.add_parser("screenshot", help="render a view of the window offscreen into a PNG")
    sh.add_argument("--db", type=Path, required=True)
    sh.add_argument("--view", default="main", help="main, timeline or wall")
    sh.add_argument("--case", help="case number or id (timeline; default: the first in the queue)")
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
        return _cmd_grids_export(args)
    if args.command == "tick":
        return _cmd_tick(args)
    if args.command == "stats":
        from .stats_output import run_stats

        return run_stats(args)
    if args.command == "demo":
        return _cmd_demo(args)
    if args.command == "screenshot":
        return _cmd_screenshot(args)
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


def _cmd_tick(args: argparse.Namespace) -> int:
    from .store.database import open_database
    from .store.supervision_tick import SupervisionTick

    calendar = defaults.calendar(args.calendar)
    rules = defaults.supervision_rules(args.rules)
    now = args.now or datetime.now().replace(microsecond=0)
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


def _cmd_demo(args: argparse.Namespace) -> int:
    from .app import has_display, run_demo

    if not has_display():
        raise DomainError(
            "no display to open the window on (DISPLAY is not set); "
            "run it on a desktop, or under xvfb-run"
        )
    path = args.db or paths.default_database()
    if not path.exists():
        from .demo.seeder import SeedOptions, seed

        print(f"Seeding the demo street office into {path} …", file=sys.stderr)
        options = SeedOptions(preset="shangdu", cases=5000, taxonomy=defaults.taxonomy())
        seed(path, options, defaults.calendar())
    return run_demo(path, args.lang)


SCREENSHOT_VIEWS = ("main", "timeline", "wall")


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
        )
    except ScreenshotTimeout as exc:
        raise DomainError(str(exc)) from None
    print(args.out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
