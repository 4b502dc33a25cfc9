"""[9/10] A 5 000-row rectification ledger: read and written as PDF (laid out and drawn with
QtGui into a QPdfWriter) under 10 s, and as XLSX (openpyxl) under 5 s. The street is seeded once
into bench-data/ (商都路, 6 000 cases over 26 weeks) and the ledger is its first 5 000 cases by
the time found; each figure is the best of three runs, the reading of the database included.
No target is set for the import: the figure says how long a clerk waits for the 5 000-row
workbook to be checked and written into the same street without cases (the floor beside it: the
workbook read with openpyxl alone)."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from commandcenter import defaults
from commandcenter.demo.seeder import SeedOptions, seed
from commandcenter.features.ledger_export import build_ledger
from commandcenter.reports.ledger import LedgerDocument
from commandcenter.store.database import open_database
from commandcenter.store.ledger import LedgerQuery

DATA = Path(__file__).resolve().parents[1] / "bench-data"
STREET = DATA / "street-6000.db"
ROWS = 5000
TARGETS = {"pdf": 10.0, "xlsx": 5.0}


def street_database() -> Path:
    if not STREET.exists():
        DATA.mkdir(exist_ok=True)
        print(f"seeding {STREET} (once) …", flush=True)
        seed(
            STREET,
            SeedOptions(
                preset="shangdu",
                cases=6000,
                weeks=26,
                end=date(2026, 11, 20),
                seed=1,
                taxonomy=defaults.taxonomy(),
            ),
            defaults.calendar(),
        )
    open_database(STREET).dispose()  # migrate to the current schema
    return STREET


def _document(path: Path) -> LedgerDocument:
    db = open_database(path)
    try:
        document = build_ledger(db.engine, LedgerQuery())
    finally:
        db.dispose()
    return LedgerDocument(document.title, document.rows[:ROWS], unit=document.unit)


def main() -> None:
    from PySide6.QtGui import QGuiApplication

    from commandcenter.render.ledger import write_pdf
    from commandcenter.reports.ledger_xlsx import write_xlsx

    print(f"ledger ({ROWS:,} rows):")
    path = street_database()
    app = QGuiApplication.instance() or QGuiApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("pdf", "xlsx"):
            best, pages = float("inf"), 0
            for _ in range(3):
                started = time.perf_counter()
                document = _document(path)
                assert len(document.rows) == ROWS
                out = Path(tmp) / f"ledger.{kind}"
                if kind == "pdf":
                    pages = write_pdf(document, out)
                else:
                    write_xlsx(document, out)
                best = min(best, time.perf_counter() - started)
            size = out.stat().st_size / 1e6
            extra = f", {pages} pages" if kind == "pdf" else ""
            verdict = "PASS" if best < TARGETS[kind] else "FAIL"
            print(
                f"  {kind.upper()}: {best:.2f} s ({size:.1f} MB{extra}) "
                f"(target < {TARGETS[kind]:.0f} s) {verdict}"
            )
        _import(Path(tmp), Path(tmp) / "ledger.xlsx")
    del app


def _import(tmp: Path, workbook: Path) -> None:
    from openpyxl import load_workbook

    from commandcenter.domain.clock import office_now
    from commandcenter.features.ledger_import import check_ledger, commit_ledger

    started = time.perf_counter()
    book = load_workbook(workbook, read_only=True, data_only=True)
    sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    floor = time.perf_counter() - started
    empty = tmp / "empty.db"
    seed(
        empty,
        SeedOptions(
            preset="shangdu",
            cases=0,
            weeks=26,
            end=date(2026, 11, 20),
            seed=1,
            taxonomy=defaults.taxonomy(),
        ),
        defaults.calendar(),
    )
    db = open_database(empty)
    try:
        now = office_now()
        started = time.perf_counter()
        checked = check_ledger(db.engine, workbook, now)
        checking = time.perf_counter() - started
        assert checked.ok and len(checked.cases) == ROWS, checked.summary()
        commit_ledger(db.engine, checked, defaults.calendar(), now)
        total = time.perf_counter() - started
    finally:
        db.dispose()
    print(
        f"  import: {total:.2f} s for {ROWS:,} rows (checked in {checking:.2f} s; floor: the"
        f" workbook read by openpyxl alone {floor:.2f} s; no target)"
    )


if __name__ == "__main__":
    main()
