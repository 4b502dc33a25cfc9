"""The problems a demo street photo shows, and what the "after" photo puts in their place:
stalls, tricycles, rubbish, gas cylinders, a steel shack, cars on the pavement, crowds, tangled
wires, oversized signs, broken fittings, smoke, mud, a trampled verge and rubble."""

from __future__ import annotations

import random

from .photo_canvas import Op
from .photo_colors import BAGS, CARS, CLOTHES, FRUIT, JUNK, SIGNS, STEEL_BLUE, jit, mix
from .photo_street import StreetScene

__all__ = ["Clutter", "street_clutter"]


# Clutter is drawn in local design units around a foot point (0, 0), y up being negative, then
# placed and scaled by _place: nearer the camera (lower in the frame) means bigger.
def _place(ops: list[Op], ax: int, ay: int, k: float) -> list[Op]:
    out: list[Op] = []
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


def _stall(rng: random.Random, out: list[Op]) -> None:
    out.append(("rect", 0, -7, 16, -4, jit(rng, (150, 110, 70), 15)))
    out.append(("rect", 1, -4, 2, 0, (60, 50, 40)))
    out.append(("rect", 14, -4, 15, 0, (60, 50, 40)))
    for _ in range(rng.randint(5, 9)):
        gx = rng.randrange(1, 14)
        out.append(("rect", gx, -9, gx + 2, -7, rng.choice(FRUIT)))
    out.append(("rect", 7, -20, 8, -7, (70, 70, 70)))
    canopy = rng.choice(((200, 40, 40), (40, 90, 190), (230, 190, 40), (40, 150, 80)))
    out.append(("ellipse", 7.5, -19, 11, 6, canopy, True))
    out.append(("line", 7, -25, 1, -19, (245, 245, 240)))
    out.append(("line", 8, -25, 14, -19, (245, 245, 240)))


def _tricycle(rng: random.Random, out: list[Op]) -> None:
    out.append(("rect", 0, -8, 14, -3, jit(rng, (60, 110, 170), 20)))
    for _ in range(rng.randint(4, 8)):
        gx = rng.randrange(0, 13)
        out.append(("ellipse", gx + 1, -9, 1.5, 1.5, rng.choice(FRUIT)))
    out.append(("line", 14, -7, 19, -11, (40, 40, 40)))
    out.append(("ellipse", 3, -2, 2.5, 2.5, (24, 24, 24)))
    out.append(("ellipse", 12, -2, 2.5, 2.5, (24, 24, 24)))
    out.append(("ellipse", 19, -2, 2.5, 2.5, (24, 24, 24)))


def _pile(rng: random.Random, out: list[Op]) -> None:
    for _ in range(rng.randint(3, 5)):
        cx = rng.uniform(0, 14)
        rx, ry = rng.uniform(4, 8), rng.uniform(3, 6)
        out.append(("ellipse", cx, 0, rx, ry, jit(rng, rng.choice(JUNK), 10), True))
    for _ in range(rng.randint(1, 2)):  # a carton or a board sticking out
        bx = rng.uniform(0, 12)
        out.append(("rect", round(bx), -7, round(bx) + 5, -3, jit(rng, (196, 160, 110), 10)))
    for _ in range(rng.randint(2, 6)):
        out.append(("ellipse", rng.uniform(-2, 16), -rng.uniform(0, 3), 2.5, 2, rng.choice(BAGS)))


def _shack(rng: random.Random, out: list[Op]) -> None:
    sw, sh = rng.randint(28, 40), rng.randint(14, 18)
    out.append(("rect", 0, -sh, sw, 0, jit(rng, (226, 228, 230), 6)))
    out.append(("rect", -2, -sh - 4, sw + 2, -sh, STEEL_BLUE))
    for rx in range(-1, sw + 2, 3):
        out.append(("rect", rx, -sh - 4, rx + 1, -sh, (30, 76, 150)))
    out.append(("rect", 3, -10, 8, 0, (60, 66, 80)))
    out.append(("rect", sw - 9, -sh + 4, sw - 3, -sh + 9, (120, 150, 170)))


def _car(rng: random.Random, out: list[Op]) -> None:
    body = jit(rng, rng.choice(CARS), 6)
    out.append(("rect", 0, -8, 26, -2, body))
    out.append(("rect", 6, -13, 19, -8, body))
    out.append(("rect", 8, -12, 12, -8, (60, 80, 100)))
    out.append(("rect", 13, -12, 17, -8, (60, 80, 100)))
    out.append(("rect", 24, -7, 26, -5, (240, 220, 120)))
    out.append(("ellipse", 6, -2, 3, 3, (24, 24, 24)))
    out.append(("ellipse", 20, -2, 3, 3, (24, 24, 24)))


def _person(rng: random.Random, out: list[Op]) -> None:
    out.append(("rect", -1, -5, 2, 0, (50, 50, 56)))
    out.append(("rect", -2, -11, 3, -5, rng.choice(CLOTHES)))
    out.append(("ellipse", 0.5, -13, 2, 2, (226, 188, 156)))
    out.append(("rect", -1, -15, 2, -14, (30, 26, 24)))


class Clutter:
    """Collects the things of one photo pair, each with a before and an after drawing, and
    emits them far to near. A thing at an anchor is drawn in local design units and placed by
    _place; a scene-wide thing (wires, smoke, mud) is drawn in image coordinates."""

    def __init__(self, st: StreetScene, w: int) -> None:
        self.st = st
        self.w = w
        # (depth y for ordering, anchor or None, before ops, after ops)
        self.items: list[tuple[int, tuple[int, int] | None, list[Op], list[Op]]] = []

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

    def thing(self, x: int, y: int) -> tuple[list[Op], list[Op]]:
        before: list[Op] = []
        after: list[Op] = []
        self.items.append((y, (x, y), before, after))
        return before, after

    def wide(self, depth: int) -> tuple[list[Op], list[Op]]:
        before: list[Op] = []
        after: list[Op] = []
        self.items.append((depth, None, before, after))
        return before, after

    def emit(self, before: list[Op], after: list[Op]) -> None:
        # sorted() is stable, so things at the same depth keep their drawing order.
        for _, anchor, b, a in sorted(self.items, key=lambda item: item[0]):
            if anchor is not None:
                k = self.scale(anchor[1])
                b, a = _place(b, anchor[0], anchor[1], k), _place(a, anchor[0], anchor[1], k)
            before.extend(b)
            after.extend(a)


def street_clutter(rng: random.Random, theme: str, cl: Clutter, w: int, h: int) -> None:
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
                b.append(("rect", bx, by, bx + bw, by + bh, jit(rng, rng.choice(SIGNS), 20)))
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
        tidy = jit(rng, rng.choice(SIGNS), 4)
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
            grey = mix((70, 70, 72), st.sky[1], i / 9)
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
                    jit(rng, (120, 92, 60), 14),
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
            b.append(("ellipse", pw / 2, 0, pw / 2, ph, jit(rng, (140, 126, 110), 10), True))
            for _ in range(rng.randint(6, 12)):
                bx, by = round(rng.uniform(2, pw - 2)), -round(rng.uniform(1, ph * 0.7))
                b.append(("rect", bx, by, bx + 3, by + 2, (170, 80, 60)))
            a.append(("ellipse", pw / 2, 0, pw / 2, ph, (40, 120, 60), True))
