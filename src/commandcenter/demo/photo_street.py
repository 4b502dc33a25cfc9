"""The street behind a demo site photo: sky, a far row of towers, the street's buildings with
windows and shop signs, pavement, kerb, road and trees, and the layout facts clutter needs."""

from __future__ import annotations

import random

from .photo_canvas import Op
from .photo_colors import FACADES, SIGNS, SKIES, Color, jit, mix

__all__ = ["StreetScene", "street_scene"]


class StreetScene:
    """Layout facts clutter needs: where the pavement is, where shop fronts are, and the unit
    (image height / 120) that keeps details the same share of the frame at any size."""

    __slots__ = ("fronts", "horizon", "kerb", "sky", "unit")

    def __init__(self) -> None:
        self.horizon = 0
        self.kerb = 0
        self.unit = 1.0
        self.sky: tuple[Color, Color] = SKIES[0]
        self.fronts: list[tuple[int, int]] = []  # (x0, x1) of shop fronts


def street_scene(rng: random.Random, w: int, h: int, base: list[Op]) -> StreetScene:
    st = StreetScene()
    u = st.unit = h / 120

    def n(v: float) -> int:  # design pixels (at 120 high) to image pixels
        return max(1, round(v * u))

    # A photo taken from across the pavement: a deep pavement band, the road in front.
    horizon = st.horizon = int(h * rng.uniform(0.44, 0.50))
    kerb = st.kerb = horizon + int(h * rng.uniform(0.24, 0.30))
    st.sky = sky = rng.choice(SKIES)
    base.append(("vgrad", 0, horizon, sky[0], sky[1]))
    # A far row of towers, paler (haze), then the street's own buildings in front.
    x = -rng.randrange(n(8))
    while x < w:
        bw = rng.randint(w // 10, w // 5)
        bh = int(horizon * rng.uniform(0.55, 0.9))
        far = mix(jit(rng, (190, 196, 204)), sky[1], 0.5)
        base.append(("rect", x, horizon - bh, x + bw, horizon, far))
        x += bw + rng.randint(n(2), n(10))
    x = -rng.randrange(n(6))
    while x < w:
        bw = rng.randint(w // 7, w // 4)
        bh = int(horizon * rng.uniform(0.40, 0.75))
        facade = jit(rng, rng.choice(FACADES), 8)
        top = horizon - bh
        base.append(("rect", x, top, x + bw, horizon, facade))
        base.append(("rect", x, top, x + bw, top + n(2), mix(facade, (60, 60, 60), 0.3)))
        glass = mix(jit(rng, (90, 120, 150), 15), facade, 0.15)
        sx, sy = n(rng.randint(6, 8)), n(rng.randint(7, 9))
        for wy in range(top + n(4), horizon - n(15), sy):
            for wx in range(x + n(3), x + bw - n(4), sx):
                base.append(("rect", wx, wy, wx + n(3), wy + n(4), glass))
        # Ground floor: a shop sign (门头) over a dark shop front.
        sign = jit(rng, rng.choice(SIGNS), 6)
        base.append(("rect", x + 1, horizon - n(13), x + bw - 1, horizon - n(8), sign))
        front = jit(rng, (70, 64, 60), 8)
        base.append(("rect", x + n(2), horizon - n(8), x + bw - n(2), horizon, front))
        st.fronts.append((max(0, x), min(w, x + bw)))
        x += bw + rng.randint(0, n(3))
    # Pavement with tile joints, kerb, road with lane marks.
    paving = jit(rng, (190, 184, 176), 8)
    base.append(("rect", 0, horizon, w, kerb, paving))
    joint = mix(paving, (90, 90, 90), 0.25)
    for jx in range(rng.randrange(n(10)), w, n(10)):
        base.append(("rect", jx, horizon, jx + 1, kerb, joint))
    for jy in range(horizon + n(6), kerb, n(6)):
        base.append(("rect", 0, jy, w, jy + 1, joint))
    base.append(("speckle", rng.getrandbits(32), w * (kerb - horizon) // 12, horizon, kerb, 25))
    base.append(("rect", 0, kerb, w, kerb + n(2), (150, 150, 146)))
    road = jit(rng, (86, 88, 92), 6)
    base.append(("vgrad", kerb + n(2), h, mix(road, (150, 150, 150), 0.2), road))
    base.append(("speckle", rng.getrandbits(32), w * (h - kerb) // 10, kerb + n(2), h, 18))
    lane_y = kerb + n(2) + int((h - kerb - n(2)) * 0.6)
    for lx in range(-rng.randrange(n(24)), w, n(24)):
        base.append(("rect", lx, lane_y, lx + n(12), lane_y + n(2), (226, 226, 220)))
    # Street trees in the kerb line.
    for _ in range(rng.randint(1, 3)):
        tx = rng.randrange(n(4), w - n(4))
        base.append(("rect", tx - n(1), kerb - n(18), tx + n(1), kerb, (96, 70, 48)))
        leaf = jit(rng, (58, 124, 56), 12)
        base.append(("ellipse", tx, kerb - n(24), 9 * u, 8 * u, leaf))
        light = mix(leaf, (200, 230, 120), 0.25)
        base.append(("ellipse", tx - n(2), kerb - n(26), 5 * u, 4 * u, light))
    return st
