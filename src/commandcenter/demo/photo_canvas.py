"""The raster the demo site photos are drawn on, its PNG encoding (IHDR, IDAT, IEND written by
hand; 8-bit RGB, no interlace), and the draw ops a scene is made of."""

from __future__ import annotations

import binascii
import math
import random
import struct
import zlib

from .photo_colors import Color, mix

__all__ = ["Canvas", "Op", "Scene"]


class Canvas:
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
            self.rect(0, y, self.w, y + 1, mix(top, bottom, (y - y0) / span))

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
Op = tuple
Scene = tuple[list[Op], list[Op], list[Op], list[Op]]
