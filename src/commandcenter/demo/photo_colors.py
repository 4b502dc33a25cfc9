"""The colours of the demo site photos: skies, facades, signs, cars, clothes, fruit, rubbish and
the steel-blue roofs, and the two helpers that vary and blend them."""

from __future__ import annotations

import random

__all__ = [
    "BAGS",
    "CARS",
    "CLOTHES",
    "FACADES",
    "FRUIT",
    "JUNK",
    "SIGNS",
    "SKIES",
    "STEEL_BLUE",
    "Color",
    "jit",
    "mix",
]

Color = tuple[int, int, int]

SKIES: tuple[tuple[Color, Color], ...] = (
    ((88, 146, 214), (186, 212, 236)),  # clear
    ((150, 162, 176), (210, 210, 204)),  # hazy, as Zhengzhou often is
    ((118, 158, 208), (226, 216, 196)),  # late afternoon
    ((170, 176, 184), (222, 224, 226)),  # overcast
)
FACADES: tuple[Color, ...] = (
    (226, 214, 192),
    (200, 200, 198),
    (236, 230, 218),
    (186, 120, 92),
    (168, 180, 192),
    (214, 190, 150),
    (222, 202, 182),
)
SIGNS: tuple[Color, ...] = (
    (196, 40, 38),
    (30, 82, 168),
    (228, 186, 40),
    (40, 138, 72),
    (236, 236, 232),
    (220, 110, 30),
)
CARS: tuple[Color, ...] = (
    (236, 236, 236),
    (180, 184, 188),
    (40, 42, 46),
    (170, 30, 34),
    (40, 70, 140),
    (120, 110, 100),
)
CLOTHES: tuple[Color, ...] = (
    (40, 50, 90),
    (150, 30, 40),
    (60, 60, 60),
    (210, 210, 200),
    (90, 120, 60),
    (200, 120, 40),
    (70, 110, 170),
)
FRUIT: tuple[Color, ...] = ((214, 40, 30), (240, 150, 30), (240, 210, 50), (90, 170, 40))
BAGS: tuple[Color, ...] = ((240, 240, 240), (30, 30, 30), (50, 90, 170), (200, 40, 40))
JUNK: tuple[Color, ...] = (
    (120, 96, 70),
    (96, 90, 84),
    (150, 130, 100),
    (70, 66, 60),
    (170, 160, 140),
)
STEEL_BLUE: Color = (46, 104, 196)  # 彩钢板 roofs are this blue all over China


def jit(rng: random.Random, c: Color, amount: int = 10) -> Color:
    r, g, b = c
    return (
        min(255, max(0, r + rng.randint(-amount, amount))),
        min(255, max(0, g + rng.randint(-amount, amount))),
        min(255, max(0, b + rng.randint(-amount, amount))),
    )


def mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )
