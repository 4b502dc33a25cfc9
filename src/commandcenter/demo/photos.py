"""Small generated "site photos" for demo cases, as PNG bytes, with the standard library only.

A photo is a crude scene drawn with flat shapes: a street (sky, buildings with windows and shop
signs, pavement, road, trees) or, for satellite patches, an aerial view of fields. A "before"
photo adds the problem of its category (stalls, rubbish, a blue steel shack, cars on the
pavement, tangled wires, a crowd, a bare patch of land); the "after" photo of the same rng state
shows the same layout with the problem gone (and, where it fits, repaired: a new manhole cover,
replanted greenery, a dust net over rubble, a field replanted).

The scene, clutter included, is drawn from the rng the same way whatever `kind` is asked for, so
`make_photo(Random(s), "before", c)` and `make_photo(Random(s), "after", c)` are a matching
pair. PNG chunks are written by hand (IHDR, IDAT, IEND; 8-bit RGB, no interlace). An image costs
a few milliseconds; the seeder makes a pool with `photo_pool` and reuses it by content hash.

This module is the public entry and says which category shows what; the drawing lives in
photo_colors, photo_canvas (the raster and its PNG), photo_street and photo_clutter (a street and
the problems on it) and photo_aerial (fields seen from above).
"""

from __future__ import annotations

import random

from .photo_aerial import aerial_scene
from .photo_canvas import Canvas, Op, Scene
from .photo_clutter import Clutter, street_clutter
from .photo_street import street_scene

__all__ = ["KINDS", "POOL_CATEGORIES", "make_photo", "photo_pool", "theme_of"]

KINDS = ("before", "after")

# The categories photo_pool cycles through: those whose problems are visible in a photo.
POOL_CATEGORIES: tuple[str, ...] = (
    "CS01",
    "CS09",
    "CS10",
    "CS04",
    "CS06",
    "CS03",
    "CS05",
    "CS02",
    "CS08",
    "CS11",
    "CS12",
    "CS13",
    "TZ03",
    "TZ01",
    "TZ05",
    "TZ08",
    "WX01",
    "WX02",
)

# What each category's "before" photo shows.
_THEMES: dict[str, tuple[str, ...]] = {
    "TZ01": ("shack", "rubbish"),
    "TZ02": ("stall",),
    "TZ03": ("shack",),
    "TZ04": ("rubbish", "cylinders"),
    "TZ05": ("crowd",),
    "TZ06": ("crowd",),
    "TZ07": ("rubbish",),
    "TZ08": ("rubble",),
    "TZ09": ("crowd",),
    "CS01": ("stall",),
    "CS02": ("stall", "rubbish"),
    "CS03": ("signs",),
    "CS04": ("cars",),
    "CS05": ("broken",),
    "CS06": ("wires",),
    "CS07": ("rubbish",),
    "CS08": ("rubbish",),
    "CS09": ("rubbish",),
    "CS10": ("shack",),
    "CS11": ("mud",),
    "CS12": ("smoke",),
    "CS13": ("green",),
    "SQ01": ("broken",),
    "SQ02": ("crowd",),
    "SQ03": ("rubbish",),
    "SQ04": ("rubbish",),
    "SQ05": ("broken",),
    "SQ06": ("broken", "wires"),
    "WX01": ("aerial", "bare"),
    "WX02": ("aerial", "sheds"),
}


def theme_of(category_code: str) -> tuple[str, ...]:
    """The themes a category's photo shows; unknown codes fall back by prefix."""
    themes = _THEMES.get(category_code)
    if themes is None:
        themes = ("aerial", "bare") if category_code.startswith("WX") else ("rubbish",)
    return themes


def _scene(rng: random.Random, category_code: str, w: int, h: int) -> Scene:
    themes = theme_of(category_code)
    if "aerial" in themes:
        return aerial_scene(rng, themes, w, h)
    base: list[Op] = []
    before: list[Op] = []
    after: list[Op] = []
    clutter = Clutter(street_scene(rng, w, h, base), w)
    for theme in themes:
        street_clutter(rng, theme, clutter, w, h)
    clutter.emit(before, after)
    return base, before, after, []


def make_photo(
    rng: random.Random, kind: str, category_code: str, width: int = 160, height: int = 120
) -> bytes:
    """A PNG "site photo" for a case of `category_code`: kind "before" shows the problem,
    "after" the same scene (same rng state) with it gone."""
    if kind not in KINDS:
        raise ValueError(f"make_photo: kind must be one of {KINDS}, not {kind!r}")
    if width < 48 or height < 36:
        raise ValueError(f"make_photo: {width}x{height} is too small for a scene (min 48x36)")
    base, before, after, overlay = _scene(rng, category_code, width, height)
    canvas = Canvas(width, height)
    for ops in (base, before if kind == "before" else after, overlay):
        for op in ops:
            getattr(canvas, op[0])(*op[1:])
    return canvas.png()


def photo_pool(seed: int, size: int = 32) -> list[tuple[bytes, bytes]]:
    """`size` (before, after) pairs; pair i shows category POOL_CATEGORIES[i % len]."""
    rng = random.Random(seed)
    pool: list[tuple[bytes, bytes]] = []
    for i in range(size):
        code = POOL_CATEGORIES[i % len(POOL_CATEGORIES)]
        pair_seed = rng.getrandbits(64)
        pool.append(
            (
                make_photo(random.Random(pair_seed), "before", code),
                make_photo(random.Random(pair_seed), "after", code),
            )
        )
    return pool
