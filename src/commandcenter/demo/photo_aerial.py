"""The aerial view behind a demo satellite-patch photo: fields, a road, a canal, a village, and
the outlined patch that is bare or built on before and replanted after."""

from __future__ import annotations

import random

from .photo_canvas import Op, Scene
from .photo_colors import STEEL_BLUE, jit, mix

__all__ = ["aerial_scene"]


def aerial_scene(rng: random.Random, themes: tuple[str, ...], w: int, h: int) -> Scene:
    base: list[Op] = []
    before: list[Op] = []
    after: list[Op] = []
    overlay: list[Op] = []
    base.append(("rect", 0, 0, w, h, (150, 160, 120)))
    crops = ((84, 132, 60), (110, 150, 70), (150, 160, 90), (190, 180, 110), (96, 140, 84))
    cell_w, cell_h = rng.randint(18, 30), rng.randint(12, 20)
    for gy in range(-rng.randrange(cell_h), h, cell_h):
        for gx in range(-rng.randrange(cell_w), w, cell_w):
            crop = jit(rng, rng.choice(crops), 8)
            base.append(("rect", gx + 1, gy + 1, gx + cell_w, gy + cell_h, crop))
            if rng.random() < 0.5:  # furrows
                for fy in range(gy + 3, gy + cell_h, 3):
                    base.append(
                        ("rect", gx + 1, fy, gx + cell_w, fy + 1, mix(crop, (60, 80, 40), 0.2))
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
    before.append(("rect", px, py, px + pw, py + ph, jit(rng, (176, 150, 116), 8)))
    if "sheds" in themes:
        for _ in range(rng.randint(2, 5)):
            sw, sh = rng.randint(8, max(9, pw // 2)), rng.randint(5, max(6, ph // 2))
            sx, sy = px + rng.randrange(1, max(2, pw - sw)), py + rng.randrange(1, max(2, ph - sh))
            before.append(("rect", sx, sy, sx + sw, sy + sh, STEEL_BLUE))
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
