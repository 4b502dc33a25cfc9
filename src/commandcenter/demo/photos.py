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
"""

from __future__ import annotations

import binascii
import math
import random
import struct
import zlib

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


Color = tuple[int, int, int]

_SKIES: tuple[tuple[Color, Color], ...] = (
    ((88, 146, 214), (186, 212, 236)),  # clear
    ((150, 162, 176), (210, 210, 204)),  # hazy, as Zhengzhou often is
    ((118, 158, 208), (226, 216, 196)),  # late afternoon
    ((170, 176, 184), (222, 224, 226)),  # overcast
)
_FACADES: tuple[Color, ...] = (
    (226, 214, 192),
    (200, 200, 198),
    (236, 230, 218),
    (186, 120, 92),
    (168, 180, 192),
    (214, 190, 150),
    (222, 202, 182),
)
_SIGNS: tuple[Color, ...] = (
    (196, 40, 38),
    (30, 82, 168),
    (228, 186, 40),
    (40, 138, 72),
    (236, 236, 232),
    (220, 110, 30),
)
_CARS: tuple[Color, ...] = (
    (236, 236, 236),
    (180, 184, 188),
    (40, 42, 46),
    (170, 30, 34),
    (40, 70, 140),
    (120, 110, 100),
)
_CLOTHES: tuple[Color, ...] = (
    (40, 50, 90),
    (150, 30, 40),
    (60, 60, 60),
    (210, 210, 200),
    (90, 120, 60),
    (200, 120, 40),
    (70, 110, 170),
)
_FRUIT: tuple[Color, ...] = ((214, 40, 30), (240, 150, 30), (240, 210, 50), (90, 170, 40))
_BAGS: tuple[Color, ...] = ((240, 240, 240), (30, 30, 30), (50, 90, 170), (200, 40, 40))
_JUNK: tuple[Color, ...] = (
    (120, 96, 70),
    (96, 90, 84),
    (150, 130, 100),
    (70, 66, 60),
    (170, 160, 140),
)
_STEEL_BLUE: Color = (46, 104, 196)  # 彩钢板 roofs are this blue all over China


def _jit(rng: random.Random, c: Color, amount: int = 10) -> Color:
    r, g, b = c
    return (
        min(255, max(0, r + rng.randint(-amount, amount))),
        min(255, max(0, g + rng.randint(-amount, amount))),
        min(255, max(0, b + rng.randint(-amount, amount))),
    )


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


class _Canvas:
    """An RGB raster with the few shapes the scenes need; every shape clips to the frame."""

    __slots__ = ("h", "px", "w")

    def __init__(self, w: int, h: int) -> None:
        self.w = w
        self.h = h
        self.px = bytearray(w * h * 3)

    def rect(self, x0: int, y0: int, x1: int, y1: int, c: Color) -> None:
        x0, x1 = max(0, x0), min(self.w, x1)
        y0, y1 = max(0, y0), min(self.h, y1)
        if x0 >= x1 or y0 >= y1:
            return
        run = bytes(c) * (x1 - x0)
        stride = self.w * 3
        px = self.px
        for y in range(y0, y1):
            o = y * stride + x0 * 3
            px[o : o + len(run)] = run

    def vgrad(self, y0: int, y1: int, top: Color, bottom: Color) -> None:
        span = max(1, y1 - y0 - 1)
        for y in range(max(0, y0), min(self.h, y1)):
            self.rect(0, y, self.w, y + 1, _mix(top, bottom, (y - y0) / span))

    def ellipse(
        self, cx: float, cy: float, rx: float, ry: float, c: Color, top: bool = False
    ) -> None:
        """A filled ellipse; `top` keeps only the upper half (umbrellas, canopies, piles)."""
        if rx <= 0 or ry <= 0:
            return
        y_end = int(cy) + 1 if top else int(cy + ry) + 1
        for y in range(int(cy - ry), y_end):
            d = (y + 0.5 - cy) / ry
            if d * d > 1:
                continue
            half = rx * math.sqrt(1 - d * d)
            self.rect(round(cx - half), y, round(cx + half), y + 1, c)

    def line(self, x0: int, y0: int, x1: int, y1: int, c: Color, t: int = 1) -> None:
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for i in range(steps + 1):
            x = x0 + (x1 - x0) * i // steps
            y = y0 + (y1 - y0) * i // steps
            self.rect(x, y, x + t, y + t, c)

    def wire(self, x0: int, y0: int, x1: int, y1: int, sag: int, c: Color) -> None:
        """A hanging cable: a parabola between two points, `sag` pixels at the middle."""
        span = max(1, x1 - x0)
        for x in range(max(0, x0), min(self.w, x1 + 1)):
            t = (x - x0) / span
            y = round(y0 + (y1 - y0) * t + 4 * sag * t * (1 - t))
            self.rect(x, y, x + 1, y + 1, c)

    def speckle(self, seed: int, count: int, y0: int, y1: int, dark: int) -> None:
        """Texture: darken `count` random pixels of a band. Its own rng, so the caller's draws
        do not depend on the image size."""
        r = random.Random(seed)
        px = self.px
        stride = self.w * 3
        for _ in range(count):
            o = r.randrange(max(0, y0), max(y0 + 1, min(self.h, y1))) * stride + 3 * r.randrange(
                self.w
            )
            if o + 3 <= len(px):
                px[o] = max(0, px[o] - dark)
                px[o + 1] = max(0, px[o + 1] - dark)
                px[o + 2] = max(0, px[o + 2] - dark)

    def png(self) -> bytes:
        stride = self.w * 3
        px = self.px
        # Filter type 0 (None) per row: flat colours compress well without prediction.
        raw = b"".join([b"\x00" + px[y * stride : (y + 1) * stride] for y in range(self.h)])
        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return b"".join(
            (
                b"\x89PNG\r\n\x1a\n",
                _chunk(b"IHDR", ihdr),
                _chunk(b"IDAT", zlib.compress(raw, 6)),
                _chunk(b"IEND", b""),
            )
        )


def _chunk(tag: bytes, data: bytes) -> bytes:
    crc = binascii.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)


# An op is (Canvas method name, *args); a scene is four op lists drawn in order:
# base, then before-only or after-only, then overlay (marks on top in both photos).
_Op = tuple
_Scene = tuple[list[_Op], list[_Op], list[_Op], list[_Op]]


# ------------------------------------------------------------------------- street scene
class _Street:
    """Layout facts clutter needs: where the pavement is, where shop fronts are, and the unit
    (image height / 120) that keeps details the same share of the frame at any size."""

    __slots__ = ("fronts", "horizon", "kerb", "sky", "unit")

    def __init__(self) -> None:
        self.horizon = 0
        self.kerb = 0
        self.unit = 1.0
        self.sky: tuple[Color, Color] = _SKIES[0]
        self.fronts: list[tuple[int, int]] = []  # (x0, x1) of shop fronts


def _street(rng: random.Random, w: int, h: int, base: list[_Op]) -> _Street:
    st = _Street()
    u = st.unit = h / 120

    def n(v: float) -> int:  # design pixels (at 120 high) to image pixels
        return max(1, round(v * u))

    # A photo taken from across the pavement: a deep pavement band, the road in front.
    horizon = st.horizon = int(h * rng.uniform(0.44, 0.50))
    kerb = st.kerb = horizon + int(h * rng.uniform(0.24, 0.30))
    st.sky = sky = rng.choice(_SKIES)
    base.append(("vgrad", 0, horizon, sky[0], sky[1]))
    # A far row of towers, paler (haze), then the street's own buildings in front.
    x = -rng.randrange(n(8))
    while x < w:
        bw = rng.randint(w // 10, w // 5)
        bh = int(horizon * rng.uniform(0.55, 0.9))
        far = _mix(_jit(rng, (190, 196, 204)), sky[1], 0.5)
        base.append(("rect", x, horizon - bh, x + bw, horizon, far))
        x += bw + rng.randint(n(2), n(10))
    x = -rng.randrange(n(6))
    while x < w:
        bw = rng.randint(w // 7, w // 4)
        bh = int(horizon * rng.uniform(0.40, 0.75))
        facade = _jit(rng, rng.choice(_FACADES), 8)
        top = horizon - bh
        base.append(("rect", x, top, x + bw, horizon, facade))
        base.append(("rect", x, top, x + bw, top + n(2), _mix(facade, (60, 60, 60), 0.3)))
        glass = _mix(_jit(rng, (90, 120, 150), 15), facade, 0.15)
        sx, sy = n(rng.randint(6, 8)), n(rng.randint(7, 9))
        for wy in range(top + n(4), horizon - n(15), sy):
            for wx in range(x + n(3), x + bw - n(4), sx):
                base.append(("rect", wx, wy, wx + n(3), wy + n(4), glass))
        # Ground floor: a shop sign (门头) over a dark shop front.
        sign = _jit(rng, rng.choice(_SIGNS), 6)
        base.append(("rect", x + 1, horizon - n(13), x + bw - 1, horizon - n(8), sign))
        front = _jit(rng, (70, 64, 60), 8)
        base.append(("rect", x + n(2), horizon - n(8), x + bw - n(2), horizon, front))
        st.fronts.append((max(0, x), min(w, x + bw)))
        x += bw + rng.randint(0, n(3))
    # Pavement with tile joints, kerb, road with lane marks.
    paving = _jit(rng, (190, 184, 176), 8)
    base.append(("rect", 0, horizon, w, kerb, paving))
    joint = _mix(paving, (90, 90, 90), 0.25)
    for jx in range(rng.randrange(n(10)), w, n(10)):
        base.append(("rect", jx, horizon, jx + 1, kerb, joint))
    for jy in range(horizon + n(6), kerb, n(6)):
        base.append(("rect", 0, jy, w, jy + 1, joint))
    base.append(("speckle", rng.getrandbits(32), w * (kerb - horizon) // 12, horizon, kerb, 25))
    base.append(("rect", 0, kerb, w, kerb + n(2), (150, 150, 146)))
    road = _jit(rng, (86, 88, 92), 6)
    base.append(("vgrad", kerb + n(2), h, _mix(road, (150, 150, 150), 0.2), road))
    base.append(("speckle", rng.getrandbits(32), w * (h - kerb) // 10, kerb + n(2), h, 18))
    lane_y = kerb + n(2) + int((h - kerb - n(2)) * 0.6)
    for lx in range(-rng.randrange(n(24)), w, n(24)):
        base.append(("rect", lx, lane_y, lx + n(12), lane_y + n(2), (226, 226, 220)))
    # Street trees in the kerb line.
    for _ in range(rng.randint(1, 3)):
        tx = rng.randrange(n(4), w - n(4))
        base.append(("rect", tx - n(1), kerb - n(18), tx + n(1), kerb, (96, 70, 48)))
        leaf = _jit(rng, (58, 124, 56), 12)
        base.append(("ellipse", tx, kerb - n(24), 9 * u, 8 * u, leaf))
        light = _mix(leaf, (200, 230, 120), 0.25)
        base.append(("ellipse", tx - n(2), kerb - n(26), 5 * u, 4 * u, light))
    return st


# Clutter is drawn in local design units around a foot point (0, 0), y up being negative, then
# placed and scaled by _place: nearer the camera (lower in the frame) means bigger.
def _place(ops: list[_Op], ax: int, ay: int, k: float) -> list[_Op]:
    out: list[_Op] = []
    for op in ops:
        name = op[0]
        if name == "rect":
            _, x0, y0, x1, y1, c = op
            X0, Y0 = ax + round(x0 * k), ay + round(y0 * k)
            X1, Y1 = max(X0 + 1, ax + round(x1 * k)), max(Y0 + 1, ay + round(y1 * k))
            out.append(("rect", X0, Y0, X1, Y1, c))
        elif name == "ellipse":
            out.append(("ellipse", ax + op[1] * k, ay + op[2] * k, op[3] * k, op[4] * k, *op[5:]))
        elif name == "line":
            _, x0, y0, x1, y1, c, *t = op
            thick = max(1, round((t[0] if t else 1) * k))
            out.append(
                (
                    "line",
                    ax + round(x0 * k),
                    ay + round(y0 * k),
                    ax + round(x1 * k),
                    ay + round(y1 * k),
                    c,
                    thick,
                )
            )
        else:
            raise ValueError(f"cannot place op {name!r}")
    return out


def _stall(rng: random.Random, out: list[_Op]) -> None:
    out.append(("rect", 0, -7, 16, -4, _jit(rng, (150, 110, 70), 15)))
    out.append(("rect", 1, -4, 2, 0, (60, 50, 40)))
    out.append(("rect", 14, -4, 15, 0, (60, 50, 40)))
    for _ in range(rng.randint(5, 9)):
        gx = rng.randrange(1, 14)
        out.append(("rect", gx, -9, gx + 2, -7, rng.choice(_FRUIT)))
    out.append(("rect", 7, -20, 8, -7, (70, 70, 70)))
    canopy = rng.choice(((200, 40, 40), (40, 90, 190), (230, 190, 40), (40, 150, 80)))
    out.append(("ellipse", 7.5, -19, 11, 6, canopy, True))
    out.append(("line", 7, -25, 1, -19, (245, 245, 240)))
    out.append(("line", 8, -25, 14, -19, (245, 245, 240)))


def _tricycle(rng: random.Random, out: list[_Op]) -> None:
    out.append(("rect", 0, -8, 14, -3, _jit(rng, (60, 110, 170), 20)))
    for _ in range(rng.randint(4, 8)):
        gx = rng.randrange(0, 13)
        out.append(("ellipse", gx + 1, -9, 1.5, 1.5, rng.choice(_FRUIT)))
    out.append(("line", 14, -7, 19, -11, (40, 40, 40)))
    out.append(("ellipse", 3, -2, 2.5, 2.5, (24, 24, 24)))
    out.append(("ellipse", 12, -2, 2.5, 2.5, (24, 24, 24)))
    out.append(("ellipse", 19, -2, 2.5, 2.5, (24, 24, 24)))


def _pile(rng: random.Random, out: list[_Op]) -> None:
    for _ in range(rng.randint(3, 5)):
        cx = rng.uniform(0, 14)
        rx, ry = rng.uniform(4, 8), rng.uniform(3, 6)
        out.append(("ellipse", cx, 0, rx, ry, _jit(rng, rng.choice(_JUNK), 10), True))
    for _ in range(rng.randint(1, 2)):  # a carton or a board sticking out
        bx = rng.uniform(0, 12)
        out.append(("rect", round(bx), -7, round(bx) + 5, -3, _jit(rng, (196, 160, 110), 10)))
    for _ in range(rng.randint(2, 6)):
        out.append(("ellipse", rng.uniform(-2, 16), -rng.uniform(0, 3), 2.5, 2, rng.choice(_BAGS)))


def _shack(rng: random.Random, out: list[_Op]) -> None:
    sw, sh = rng.randint(28, 40), rng.randint(14, 18)
    out.append(("rect", 0, -sh, sw, 0, _jit(rng, (226, 228, 230), 6)))
    out.append(("rect", -2, -sh - 4, sw + 2, -sh, _STEEL_BLUE))
    for rx in range(-1, sw + 2, 3):
        out.append(("rect", rx, -sh - 4, rx + 1, -sh, (30, 76, 150)))
    out.append(("rect", 3, -10, 8, 0, (60, 66, 80)))
    out.append(("rect", sw - 9, -sh + 4, sw - 3, -sh + 9, (120, 150, 170)))


def _car(rng: random.Random, out: list[_Op]) -> None:
    body = _jit(rng, rng.choice(_CARS), 6)
    out.append(("rect", 0, -8, 26, -2, body))
    out.append(("rect", 6, -13, 19, -8, body))
    out.append(("rect", 8, -12, 12, -8, (60, 80, 100)))
    out.append(("rect", 13, -12, 17, -8, (60, 80, 100)))
    out.append(("rect", 24, -7, 26, -5, (240, 220, 120)))
    out.append(("ellipse", 6, -2, 3, 3, (24, 24, 24)))
    out.append(("ellipse", 20, -2, 3, 3, (24, 24, 24)))


def _person(rng: random.Random, out: list[_Op]) -> None:
    out.append(("rect", -1, -5, 2, 0, (50, 50, 56)))
    out.append(("rect", -2, -11, 3, -5, rng.choice(_CLOTHES)))
    out.append(("ellipse", 0.5, -13, 2, 2, (226, 188, 156)))
    out.append(("rect", -1, -15, 2, -14, (30, 26, 24)))


class _Clutter:
    """Collects the things of one photo pair, each with a before and an after drawing, and
    emits them far to near. A thing at an anchor is drawn in local design units and placed by
    _place; a scene-wide thing (wires, smoke, mud) is drawn in image coordinates."""

    def __init__(self, st: _Street, w: int) -> None:
        self.st = st
        self.w = w
        # (depth y for ordering, anchor or None, before ops, after ops)
        self.items: list[tuple[int, tuple[int, int] | None, list[_Op], list[_Op]]] = []

    def spot(self, rng: random.Random, margin: int = 24) -> tuple[int, int]:
        """A foot point on the pavement, `margin` design pixels from the right edge."""
        st = self.st
        x = rng.randrange(2, max(3, self.w - round(margin * st.unit)))
        return x, rng.randint(st.horizon + 4, st.kerb + 1)

    def scale(self, y: int) -> float:
        """Design pixels to image pixels for a thing standing at y: nearer is bigger."""
        st = self.st
        depth = (y - st.horizon) / max(1, st.kerb - st.horizon)
        return st.unit * (1.2 + 0.9 * min(1.0, max(0.0, depth)))

    def thing(self, x: int, y: int) -> tuple[list[_Op], list[_Op]]:
        before: list[_Op] = []
        after: list[_Op] = []
        self.items.append((y, (x, y), before, after))
        return before, after

    def wide(self, depth: int) -> tuple[list[_Op], list[_Op]]:
        before: list[_Op] = []
        after: list[_Op] = []
        self.items.append((depth, None, before, after))
        return before, after

    def emit(self, before: list[_Op], after: list[_Op]) -> None:
        # sorted() is stable, so things at the same depth keep their drawing order.
        for _, anchor, b, a in sorted(self.items, key=lambda item: item[0]):
            if anchor is not None:
                k = self.scale(anchor[1])
                b, a = _place(b, anchor[0], anchor[1], k), _place(a, anchor[0], anchor[1], k)
            before.extend(b)
            after.extend(a)


def _street_clutter(rng: random.Random, theme: str, cl: _Clutter, w: int, h: int) -> None:
    st = cl.st
    u = st.unit
    if theme == "stall":
        for _ in range(rng.randint(2, 4)):
            b, _a = cl.thing(*cl.spot(rng))
            (_tricycle if rng.random() < 0.3 else _stall)(rng, b)
        for _ in range(rng.randint(1, 3)):
            b, _a = cl.thing(*cl.spot(rng, 4))
            _person(rng, b)
    elif theme == "rubbish":
        for _ in range(rng.randint(2, 4)):
            b, _a = cl.thing(*cl.spot(rng))
            _pile(rng, b)
    elif theme == "cylinders":
        b, _a = cl.thing(*cl.spot(rng, 30))
        for i in range(rng.randint(3, 6)):
            b.append(("rect", 5 * i, -9, 5 * i + 4, 0, (60, 100, 170)))
            b.append(("rect", 5 * i + 1, -11, 5 * i + 3, -9, (80, 80, 80)))
    elif theme == "shack":
        b, _a = cl.thing(*cl.spot(rng, 70))
        _shack(rng, b)
    elif theme == "cars":
        for _ in range(rng.randint(2, 3)):
            b, _a = cl.thing(*cl.spot(rng, 50))
            _car(rng, b)
    elif theme == "crowd":
        cx = rng.randrange(w // 4, 3 * w // 4)
        for _ in range(rng.randint(8, 15)):
            y = rng.randint(st.horizon + 3, st.kerb + 2)
            b, _a = cl.thing(cx + rng.randint(-w // 6, w // 6), y)
            _person(rng, b)
    elif theme == "wires":
        b, _a = cl.wide(0)
        pole = rng.randrange(w // 5, 4 * w // 5)
        top = st.horizon - round(48 * u)
        b.append(("rect", pole, top, pole + round(2 * u), st.kerb, (80, 76, 72)))
        for _ in range(rng.randint(5, 9)):
            y_pole = rng.randint(top + 1, top + round(14 * u))
            y_edge = rng.randint(top + round(4 * u), st.horizon - round(10 * u))
            sag = rng.randint(2, 14) * u
            if rng.random() < 0.5:
                b.append(("wire", 0, y_edge, pole, y_pole, round(sag), (28, 28, 30)))
            else:
                b.append(("wire", pole, y_pole, w, y_edge, round(sag), (28, 28, 30)))
        for _ in range(rng.randint(1, 3)):  # loose ends hanging down
            hx = pole + rng.randint(-20, 20)
            b.append(
                (
                    "line",
                    hx,
                    top + round(16 * u),
                    hx + rng.randint(-4, 4),
                    st.horizon - round(4 * u),
                    (28, 28, 30),
                )
            )
    elif theme == "signs":
        b, a = cl.wide(0)
        for x0, x1 in st.fronts:
            # Mismatched, oversized boards over the sign strip; the "after" photo has one tidy
            # strip per shop instead.
            for _ in range(rng.randint(1, 2)):
                bw = rng.randint(8, max(9, x1 - x0))
                bx = rng.randint(x0 - 2, max(x0 - 1, x1 - bw))
                by = st.horizon - round(rng.randint(16, 26) * u)
                bh = round(rng.randint(5, 9) * u)
                b.append(("rect", bx, by, bx + bw, by + bh, _jit(rng, rng.choice(_SIGNS), 20)))
            if rng.random() < 0.4:  # a board hanging askew
                bx = rng.randint(x0, max(x0 + 1, x1 - 6))
                b.append(
                    (
                        "line",
                        bx,
                        st.horizon - round(24 * u),
                        bx + round(8 * u),
                        st.horizon - round(14 * u),
                        (40, 40, 40),
                        2,
                    )
                )
        tidy = _jit(rng, rng.choice(_SIGNS), 4)
        for x0, x1 in st.fronts:
            a.append(
                (
                    "rect",
                    x0 + 1,
                    st.horizon - round(13 * u),
                    x1 - 1,
                    st.horizon - round(8 * u),
                    tidy,
                )
            )
    elif theme == "broken":
        # An open manhole with a traffic cone; after: a new cover.
        b, a = cl.thing(*cl.spot(rng))
        b.append(("ellipse", 6, -2, 6, 2.5, (20, 20, 22)))
        b.append(("rect", 14, -8, 17, -2, (240, 110, 30)))
        b.append(("rect", 15, -6, 16, -5, (245, 245, 245)))
        b.append(("rect", 13, -2, 18, 0, (240, 110, 30)))
        a.append(("ellipse", 6, -2, 6, 2.5, (110, 112, 116)))
        a.append(("ellipse", 6, -2, 4, 1.5, (90, 92, 96)))
        # A street lamp knocked askew; after: upright.
        b, a = cl.thing(rng.randrange(w // 6, 5 * w // 6), st.kerb)
        lean = rng.choice((-12, 12))
        b.append(("line", 0, 0, lean, -26, (90, 92, 96), 2))
        b.append(("rect", lean - 3, -27, lean + 4, -25, (90, 92, 96)))
        a.append(("rect", 0, -28, 2, 0, (90, 92, 96)))
        a.append(("rect", -3, -29, 5, -27, (90, 92, 96)))
        b, a = cl.wide(h)
        for _ in range(rng.randint(2, 4)):  # potholes in the road
            hx, hy = rng.randrange(w), rng.randint(st.kerb + round(6 * u), h - round(4 * u))
            b.append(
                ("ellipse", hx, hy, rng.uniform(4, 9) * u, rng.uniform(1.5, 3) * u, (48, 46, 44))
            )
    elif theme == "smoke":
        x0, x1 = rng.choice(st.fronts)
        sx = (x0 + x1) // 2
        b, _a = cl.wide(0)
        for i in range(rng.randint(5, 8)):
            grey = _mix((70, 70, 72), st.sky[1], i / 9)
            b.append(
                (
                    "ellipse",
                    sx + (rng.randint(-4, 4) + i * 2) * u,
                    st.horizon - (10 + 6 * i) * u,
                    (5 + i) * u,
                    (4 + i * 0.6) * u,
                    grey,
                )
            )
    elif theme == "mud":
        b, _a = cl.wide(st.kerb)
        y = rng.randint(st.kerb + round(4 * u), h - round(8 * u))
        for _ in range(rng.randint(25, 45)):
            b.append(
                (
                    "ellipse",
                    rng.randrange(w),
                    y + rng.randint(-6, 6) * u,
                    rng.uniform(2, 8) * u,
                    rng.uniform(1, 2.5) * u,
                    _jit(rng, (120, 92, 60), 14),
                )
            )
        for _ in range(rng.randint(1, 2)):  # tyre tracks
            ty = rng.randint(st.kerb + round(4 * u), h - 3)
            b.append(("line", 0, ty, w, ty + rng.randint(-3, 3), (110, 86, 58), round(2 * u)))
    elif theme == "green":
        # A trampled verge with stumps; after: turf and shrubs replanted.
        b, a = cl.thing(*cl.spot(rng, 40))
        gw = rng.randint(24, 36)
        b.append(("ellipse", gw / 2, -2, gw / 2, 4, (132, 104, 72)))
        a.append(("ellipse", gw / 2, -2, gw / 2, 4, (76, 150, 64)))
        for i in range(rng.randint(2, 4)):
            sx = 4 + i * gw // 4
            b.append(("rect", sx, -6, sx + 2, -1, (100, 74, 50)))
            a.append(("ellipse", sx + 1, -6, 4, 4, (50, 126, 52)))
    elif theme == "rubble":
        # Demolition rubble with broken bricks; after: covered with green dust net (防尘网).
        for _ in range(rng.randint(2, 3)):
            b, a = cl.thing(*cl.spot(rng, 30))
            pw, ph = rng.uniform(14, 26), rng.uniform(8, 14)
            b.append(("ellipse", pw / 2, 0, pw / 2, ph, _jit(rng, (140, 126, 110), 10), True))
            for _ in range(rng.randint(6, 12)):
                bx, by = round(rng.uniform(2, pw - 2)), -round(rng.uniform(1, ph * 0.7))
                b.append(("rect", bx, by, bx + 3, by + 2, (170, 80, 60)))
            a.append(("ellipse", pw / 2, 0, pw / 2, ph, (40, 120, 60), True))


# ------------------------------------------------------------------------- aerial scene
def _aerial(rng: random.Random, themes: tuple[str, ...], w: int, h: int) -> _Scene:
    base: list[_Op] = []
    before: list[_Op] = []
    after: list[_Op] = []
    overlay: list[_Op] = []
    base.append(("rect", 0, 0, w, h, (150, 160, 120)))
    crops = ((84, 132, 60), (110, 150, 70), (150, 160, 90), (190, 180, 110), (96, 140, 84))
    cell_w, cell_h = rng.randint(18, 30), rng.randint(12, 20)
    for gy in range(-rng.randrange(cell_h), h, cell_h):
        for gx in range(-rng.randrange(cell_w), w, cell_w):
            crop = _jit(rng, rng.choice(crops), 8)
            base.append(("rect", gx + 1, gy + 1, gx + cell_w, gy + cell_h, crop))
            if rng.random() < 0.5:  # furrows
                for fy in range(gy + 3, gy + cell_h, 3):
                    base.append(
                        ("rect", gx + 1, fy, gx + cell_w, fy + 1, _mix(crop, (60, 80, 40), 0.2))
                    )
    # A road across, a canal, and a village cluster.
    ry = rng.randint(h // 5, 4 * h // 5)
    base.append(("rect", 0, ry, w, ry + 5, (176, 174, 168)))
    cx = rng.randint(w // 5, 4 * w // 5)
    base.append(("line", cx, 0, cx + rng.randint(-20, 20), h, (80, 130, 170), 2))
    vx, vy = rng.randrange(0, w // 2), rng.randrange(0, h // 2)
    for _ in range(rng.randint(8, 16)):
        hx, hy = vx + rng.randrange(0, w // 3), vy + rng.randrange(0, h // 3)
        roof = rng.choice(((150, 70, 60), (160, 160, 160), (120, 120, 130), (170, 90, 70)))
        base.append(("rect", hx, hy, hx + rng.randint(4, 8), hy + rng.randint(3, 6), roof))
    # The patch: bare, built on, or (after) replanted; outlined in red in both photos.
    pw, ph = rng.randint(w // 4, w // 2), rng.randint(h // 4, h // 2)
    px, py = rng.randrange(4, w - pw - 4), rng.randrange(4, h - ph - 4)
    before.append(("rect", px, py, px + pw, py + ph, _jit(rng, (176, 150, 116), 8)))
    if "sheds" in themes:
        for _ in range(rng.randint(2, 5)):
            sw, sh = rng.randint(8, max(9, pw // 2)), rng.randint(5, max(6, ph // 2))
            sx, sy = px + rng.randrange(1, max(2, pw - sw)), py + rng.randrange(1, max(2, ph - sh))
            before.append(("rect", sx, sy, sx + sw, sy + sh, _STEEL_BLUE))
            before.append(("rect", sx, sy + sh // 2, sx + sw, sy + sh // 2 + 1, (30, 76, 150)))
    else:
        hard = (196, 196, 190)
        hw, hh = pw // 2, ph // 2
        hx, hy = px + rng.randrange(0, pw - hw), py + rng.randrange(0, ph - hh)
        before.append(("rect", hx, hy, hx + hw, hy + hh, hard))
        for _ in range(rng.randint(2, 5)):  # trucks, material heaps
            tx, ty = px + rng.randrange(0, pw - 4), py + rng.randrange(0, ph - 3)
            before.append(
                ("rect", tx, ty, tx + 4, ty + 3, rng.choice(((220, 200, 60), (90, 90, 90))))
            )
    after.append(("rect", px, py, px + pw, py + ph, (104, 150, 70)))
    for fy in range(py + 2, py + ph, 3):
        after.append(("rect", px, fy, px + pw, fy + 1, (86, 130, 58)))
    red = (230, 30, 30)
    overlay.append(("rect", px - 2, py - 2, px + pw + 2, py, red))
    overlay.append(("rect", px - 2, py + ph, px + pw + 2, py + ph + 2, red))
    overlay.append(("rect", px - 2, py, px, py + ph, red))
    overlay.append(("rect", px + pw, py, px + pw + 2, py + ph, red))
    overlay.append(("rect", px - 2, py - 8, px + 14, py - 2, (250, 220, 60)))
    return base, before, after, overlay


def _scene(rng: random.Random, category_code: str, w: int, h: int) -> _Scene:
    themes = theme_of(category_code)
    if "aerial" in themes:
        return _aerial(rng, themes, w, h)
    base: list[_Op] = []
    before: list[_Op] = []
    after: list[_Op] = []
    clutter = _Clutter(_street(rng, w, h, base), w)
    for theme in themes:
        _street_clutter(rng, theme, clutter, w, h)
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
    canvas = _Canvas(width, height)
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
