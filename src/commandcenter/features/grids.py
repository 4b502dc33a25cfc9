"""The grid tools (`commandcenter grids export|check|import|locate`): the current grids as
GeoJSON, their coverage checked, an edited file imported only when the grids would still tile
their parents, the grid of a point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.clock import office_now
from ..domain.errors import DomainError
from ..domain.model import Grid
from ..geo.coverage import CoverageFinding, check_coverage
from ..geo.errors import GridDataError
from ..geo.geojson import grids_from_geojson, grids_to_geojson
from ..geo.grid_import import GridImportPlan, plan_grid_import
from ..geo.locate import GridLocator
from ..geo.validation import validate_grids
from ..store.database import open_database, open_readonly
from ..store.repositories import GridRepository


@dataclass(frozen=True)
class GridExportRequest:
    db: Path
    out: Path


@dataclass(frozen=True)
class GridCheckRequest:
    db: Path
    tolerance_m2: float = 1.0  # gaps and overlaps smaller than this are ignored


@dataclass(frozen=True)
class GridImportRequest:
    db: Path
    geojson: Path
    tolerance_m2: float = 1.0


@dataclass(frozen=True)
class GridLocateRequest:
    db: Path
    lon: float
    lat: float
    level: int = 3
    within_m: float = 50.0  # outside every grid, the nearest one up to this far


@dataclass(frozen=True)
class CoverageReport:
    """What a check found: one line per finding, then a summary."""

    findings: tuple[CoverageFinding, ...]
    names: dict[str, str]
    grids: int
    tolerance_m2: float

    @property
    def ok(self) -> bool:
        return not self.findings

    def lines(self) -> list[str]:
        out = [_finding_line(f, self.names) for f in self.findings]
        if self.findings:
            out.append(_findings_summary(self.findings, self.grids, self.tolerance_m2))
        else:
            out.append(
                f"{self.grids} current grids: no gaps, overlaps or children outside their parent "
                f"(tolerance {self.tolerance_m2:g} m²)"
            )
        return out


@dataclass(frozen=True)
class GridImportResult:
    source: str
    plan: GridImportPlan
    coverage: CoverageReport

    @property
    def ok(self) -> bool:
        return self.coverage.ok

    def lines(self) -> list[str]:
        if not self.ok:
            return [
                *self.coverage.lines(),
                f"nothing imported from {self.source}: the grids would not tile their parents",
            ]
        plan = self.plan
        n_changed = len(plan.changed)
        out = [
            f"imported {self.source}: {len(plan.added)} added, {n_changed} new "
            f"{'version' if n_changed == 1 else 'versions'}, {len(plan.unchanged)} unchanged"
        ]
        if plan.absent:
            shown = ", ".join(plan.absent[:10]) + (", …" if len(plan.absent) > 10 else "")
            out.append(f"{len(plan.absent)} current grids not in the file, left unchanged: {shown}")
        return out


@dataclass(frozen=True)
class GridLocation:
    request: GridLocateRequest
    code: str | None
    name: str | None = None
    metres: float = 0.0

    @property
    def ok(self) -> bool:
        return self.code is not None

    def lines(self) -> list[str]:
        r = self.request
        if self.code is None:
            return [f"no level-{r.level} grid within {r.within_m:g} m of {r.lon},{r.lat}"]
        away = f" ({self.metres:.1f} m away)" if self.metres else ""
        return [f"{self.code} {self.name}{away}"]


def _current_grids(db_path: Path) -> list[Grid]:
    db = open_readonly(db_path)
    try:
        return GridRepository(db.engine).current()
    finally:
        db.dispose()


@dataclass(frozen=True)
class GridExport:
    out: Path
    grids: int


def export_grids(request: GridExportRequest) -> GridExport:
    """Writes the current grids as GeoJSON (whole, or not at all)."""
    grids = _current_grids(request.db)
    tmp = request.out.with_name(request.out.name + ".part")
    tmp.write_text(grids_to_geojson(grids), encoding="utf-8")
    tmp.replace(request.out)
    return GridExport(request.out, len(grids))


def check_grids(request: GridCheckRequest) -> CoverageReport:
    grids = _current_grids(request.db)
    findings = check_coverage(validate_grids(grids, str(request.db)), request.tolerance_m2)
    names = {g.code: g.name for g in grids}
    return CoverageReport(tuple(findings), names, len(grids), request.tolerance_m2)


def import_grids(request: GridImportRequest) -> GridImportResult:
    """The file's grids as new versions, written only when they would still tile their parents
    and name known leaders."""
    source = str(request.geojson)
    grid_file = grids_from_geojson(_read_text(request.geojson), source)
    db = open_database(request.db, create=False)
    try:
        repo = GridRepository(db.engine)
        plan = plan_grid_import(repo.current(), grid_file, source)
        findings = check_coverage(validate_grids(plan.after, source), request.tolerance_m2)
        _refuse_unknown_leaders(repo, plan, source)
        names = {g.code: g.name for g in plan.after}
        coverage = CoverageReport(tuple(findings), names, len(plan.after), request.tolerance_m2)
        if coverage.ok and plan.writes:
            repo.save_versions(plan.added, plan.changed, office_now().replace(microsecond=0))
    finally:
        db.dispose()
    return GridImportResult(source, plan, coverage)


def locate_grid(request: GridLocateRequest) -> GridLocation:
    grids = _current_grids(request.db)
    locator = GridLocator.for_level(grids, request.level)
    found = locator.nearest(request.lon, request.lat, request.within_m)
    if found is None:
        return GridLocation(request, None)
    code, metres = found
    return GridLocation(request, code, next(g.name for g in grids if g.code == code), metres)


def _refuse_unknown_leaders(repo: GridRepository, plan: GridImportPlan, source: str) -> None:
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


def _finding_line(f: CoverageFinding, names: dict[str, str]) -> str:
    """Kind, codes, area, a point inside it, and what it is in words."""
    codes = " ".join(f.codes)
    where = f"{f.area_m2:>12.1f} m²  at {f.lon:.6f},{f.lat:.6f}"
    named = [names.get(code) or code for code in f.codes]
    if f.kind == "gap":
        what = f"inside {named[0]} but in none of its children"
    elif f.kind == "overlap":
        what = f"{named[0]} and {named[1]} both cover it"
    else:
        what = f"{named[0]} reaches outside its parent {named[1]}"
    return f"{f.kind:<7}  {codes:<31}  {where}  {what}"


def _findings_summary(findings: Sequence[CoverageFinding], n_grids: int, tolerance: float) -> str:
    kinds = (("gap", "gaps"), ("overlap", "overlaps"), ("outside", "outside"))
    counts = [(sum(f.kind == one for f in findings), one, many) for one, many in kinds]
    parts = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    return (
        f"{len(findings)} {'finding' if len(findings) == 1 else 'findings'} in {n_grids} "
        f"current grids: {parts} (tolerance {tolerance:g} m²)"
    )
