"""The core runs without Qt: in a fresh interpreter where PySide6, shiboken6 and pyqtgraph cannot
be imported at all, every Qt-free package imports and real use cases run — a small street
seeded, its ledger exported as XLSX, its week's indicators computed — and no Qt module was
loaded on the way (napari's check, done by making Qt unimportable rather than uninstalling it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl

QT_FREE = ("domain", "store", "geo", "sync", "reports", "demo", "district", "protocol", "defaults")

SCRIPT = r"""
import importlib, importlib.abc, json, pkgutil, sys
from pathlib import Path

BLOCKED = ("PySide6", "shiboken6", "pyqtgraph")

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is unimportable in this test")
        return None

sys.meta_path.insert(0, NoQt())
import commandcenter

imported = []
for top in json.loads(sys.argv[2]):
    module = importlib.import_module(f"commandcenter.{top}")
    imported.append(module.__name__)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), module.__name__ + "."):
        importlib.import_module(info.name)
        imported.append(info.name)

from commandcenter.features.ledger_export import LedgerExportRequest, export_ledger
from commandcenter.features.seed import SeedRequest, seed_database
from commandcenter.features.stats import StatsRequest, stats_report
from datetime import date

work = Path(sys.argv[1])
stats = seed_database(SeedRequest(work / "street.db", cases=300, weeks=3, end=date(2026, 11, 20)))
ledger = export_ledger(LedgerExportRequest(work / "street.db", work / "ledger.xlsx", "xlsx"))
table = stats_report(StatsRequest(work / "street.db", "grid2", week="2026-W47", format="json"))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
print(json.dumps({
    "imported": len(imported),
    "cases": stats.cases,
    "ledger_rows": ledger.cases,
    "grids": len(json.loads(table.text)["rows"]),
    "qt_loaded": loaded,
}))
"""


def test_the_core_and_its_use_cases_run_with_qt_unimportable(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), json.dumps(QT_FREE)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["qt_loaded"] == []
    assert report["imported"] > 60  # every module of the Qt-free packages, not just their tops
    assert report["cases"] == 300 and report["grids"] > 5
    sheet = openpyxl.load_workbook(tmp_path / "ledger.xlsx").active
    assert sheet is not None and report["ledger_rows"] > 0
    # the workbook holds the cases the export said it wrote (title and header rows above them)
    assert sheet.max_row >= report["ledger_rows"] + 2
