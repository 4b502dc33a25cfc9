"""Indicator arithmetic (docs/indicators.md): exact fractions from counts, half-up display,
composite score, grade and competition ranking. The counts come from SQL aggregation."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .errors import ValidationError

COUNT_FIELDS = (
    "new",  # reported in the period
    "filed",  # §I1 numerator, §I7 denominator
    "rejected_invalid",
    "due",  # §I2-§I5 denominator
    "handled",
    "closed",
    "closed_on_time",
    "reworked",
    "overdue",  # §I6 overdue_due
    "overdue_open",  # due in the period and still not handled at its end
    "missed",  # §I7 numerator
    "closed_in_period",  # §I8
    "closed_grid",
    "closed_community",
    "closed_street",
    "closed_district",
    "handled_in_period",  # §I9
)
RATES = ("filing_rate", "handling_rate", "closing_rate", "ontime_rate", "rework_rate", "miss_rate")
INVERTED = frozenset({"rework_rate", "miss_rate"})


def rate(numerator: int, denominator: int) -> Fraction | None:
    return None if denominator == 0 else Fraction(numerator, denominator)


def percent(value: Fraction | None) -> str:
    """Half-up to two decimals: 642/647 -> '99.22%'."""
    if value is None:
        return "—"
    scaled = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return f"{scaled.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def half_up(value: Fraction | Decimal | float, places: int = 2) -> Decimal:
    if isinstance(value, Fraction):
        d = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        d = Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """Counts and rates of one entity in one period."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_FIELDS, 0))
    handling_minutes: float = 0.0

    def rates(self) -> dict[str, Fraction | None]:
        c = self.counts
        return {
            "filing_rate": rate(c["filed"], c["filed"] + c["rejected_invalid"]),
            "handling_rate": rate(c["handled"], c["due"]),
            "closing_rate": rate(c["closed"], c["due"]),
            "ontime_rate": rate(c["closed_on_time"], c["due"]),
            "rework_rate": rate(c["reworked"], c["due"]),
            "miss_rate": rate(c["missed"], c["filed"]),
        }

    def level_shares(self) -> dict[str, Fraction | None]:
        c = self.counts
        return {
            level: rate(c[f"closed_{level}"], c["closed_in_period"])
            for level in ("grid", "community", "street", "district")
        }

    def mean_handling_hours(self) -> Decimal | None:
        n = self.counts["handled_in_period"]
        return None if n == 0 else half_up(self.handling_minutes / 60 / n, 1)


@dataclass(frozen=True, slots=True)
class Weights:
    weights: Mapping[str, float]
    # (rate, weight numerator, weight denominator, inverted) with the weights as exact ratios.
    _parts: tuple[tuple[str, int, int, bool], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = []
        for key, weight in self.weights.items():
            w = Fraction(weight)
            if w:
                parts.append((key, w.numerator, w.denominator, key in INVERTED))
        object.__setattr__(self, "_parts", tuple(parts))

    def score(self, rates: Mapping[str, Fraction | None]) -> Decimal | None:
        """0-100, half-up to two decimals; None when no weighted rate has cases. Exact: the
        weighted mean is kept as integer fractions (grade boundaries must not wobble)."""
        num, den = 0, 1  # sum of weight * rate
        w_num, w_den = 0, 1  # sum of the weights that take part
        for key, wn, wd, inverted in self._parts:
            value = rates.get(key)
            if value is None:
                continue
            n, d = value.numerator, value.denominator
            v = d - n if inverted else n
            term_num, term_den = wn * v, wd * d
            num, den = num * term_den + term_num * den, den * term_den
            w_num, w_den = w_num * wd + wn * w_den, w_den * wd
        if w_num == 0:
            return None
        # score = 100 * (num / den) / (w_num / w_den), in hundredths, rounded half up
        top = num * 10000 * w_den
        bottom = den * w_num
        hundredths, rest = divmod(top, bottom)
        if 2 * rest >= bottom:
            hundredths += 1
        return Decimal(hundredths).scaleb(-2)


def parse_weights(text: str, source: str = "scoring") -> Weights:
    try:
        data: Any = json.loads(text)
        raw = data["weights"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise ValidationError(f'{source}: expected {{"weights": {{rate: weight, …}}}}') from None
    weights: dict[str, float] = {}
    for key, value in raw.items():
        if key not in RATES:
            raise ValidationError(f"{source}: unknown rate '{key}' (one of {', '.join(RATES)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValidationError(f"{source}: weight of '{key}' must be 0 or more")
        weights[key] = float(value)
    if not any(weights.values()):
        raise ValidationError(f"{source}: at least one weight must be positive")
    return Weights(weights)


GRADES = ((Decimal(90), "A"), (Decimal(75), "B"), (Decimal(60), "C"), (Decimal(40), "D"))


def grade(score: Decimal | None) -> str | None:
    if score is None:
        return None
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "E"


def competition_ranks(scores: Mapping[str, Decimal | None]) -> dict[str, int | None]:
    """1 for the best; ties share a rank and the next rank skips (1, 2, 2, 4)."""
    ranked = sorted((s, k) for k, s in scores.items() if s is not None)
    ranked.reverse()
    out: dict[str, int | None] = dict.fromkeys(scores)
    previous: Decimal | None = None
    rank = 0
    for position, (score, key) in enumerate(ranked, start=1):
        if score != previous:
            rank, previous = position, score
        out[key] = rank
    return out


def rank_change(now: int | None, before: int | None) -> int | None:
    return None if now is None or before is None else before - now


def sum_figures(parts: Sequence[Figures]) -> Figures:
    total = Figures()
    for f in parts:
        for k, v in f.counts.items():
            total.counts[k] += v
        total.handling_minutes += f.handling_minutes
    return total
