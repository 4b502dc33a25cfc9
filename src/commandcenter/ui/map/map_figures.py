"""What the map colours its grids by: open cases, overdue cases, 结案率 or the grade of the week
([3/10]), each turned into five colour classes and a legend. Plain Python (the values come from a
worker); the words go through Qt translation where they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..common.i18n import QT_TRANSLATE_NOOP

FIGURES = {
    "open": QT_TRANSLATE_NOOP("MapFigures", "在办案件"),
    "overdue": QT_TRANSLATE_NOOP("MapFigures", "超期案件"),
    "closing_rate": QT_TRANSLATE_NOOP("MapFigures", "本周结案率"),
    "grade": QT_TRANSLATE_NOOP("MapFigures", "本周等级"),
}
# From good to bad: green to red.
SCALE = ("#1b5e20", "#66bb6a", "#fdd835", "#fb8c00", "#c62828")
NO_DATA = "#cfd8dc"
GRADES = ("A", "B", "C", "D", "E")
RATE_BREAKS = (0.95, 0.90, 0.80, 0.60)  # ≥95 %, ≥90 %, ≥80 %, ≥60 %, below


@dataclass(frozen=True)
class Colouring:
    colours: dict[str, str]  # grid code -> fill colour
    legend: list[tuple[str, str]]  # (colour, words), in order


def colour_counts(values: Mapping[str, int]) -> Colouring:
    """Counts (open, overdue): none is the best class; the others split at the quartiles of the
    grids that have any, so a quiet street and a busy district both use the whole scale."""
    nonzero = sorted(v for v in values.values() if v > 0)
    if not nonzero:
        return Colouring({code: SCALE[0] for code in values}, [(SCALE[0], "0")])
    cuts: list[int] = []
    for share in (0.25, 0.5, 0.75):
        cut = nonzero[min(len(nonzero) - 1, int(len(nonzero) * share))]
        if not cuts or cut > cuts[-1]:
            cuts.append(cut)
    bounds = [0, *cuts, nonzero[-1]]

    def klass(v: int) -> int:
        if v <= 0:
            return 0
        for i, cut in enumerate(cuts, start=1):
            if v <= cut:
                return i
        return len(cuts) + 1

    colours = {code: SCALE[min(klass(v), len(SCALE) - 1)] for code, v in values.items()}
    legend = [(SCALE[0], "0")]
    for i in range(1, len(bounds)):
        low, high = bounds[i - 1] + 1, bounds[i]
        if low > high:
            continue
        words = str(low) if low == high else f"{low}–{high}"
        legend.append((SCALE[min(i, len(SCALE) - 1)], words))
    return Colouring(colours, legend)


def colour_rates(values: Mapping[str, float | None]) -> Colouring:
    def klass(v: float) -> int:
        for i, cut in enumerate(RATE_BREAKS):
            if v >= cut:
                return i
        return len(RATE_BREAKS)

    colours = {code: (SCALE[klass(v)] if v is not None else NO_DATA) for code, v in values.items()}
    legend = [
        (SCALE[0], "≥95%"),
        (SCALE[1], "90–95%"),
        (SCALE[2], "80–90%"),
        (SCALE[3], "60–80%"),
        (SCALE[4], "<60%"),
    ]
    return Colouring(colours, legend)


def colour_grades(values: Mapping[str, str | None]) -> Colouring:
    colours = {
        code: (SCALE[GRADES.index(v)] if v in GRADES else NO_DATA) for code, v in values.items()
    }
    return Colouring(colours, [(SCALE[i], grade) for i, grade in enumerate(GRADES)])
