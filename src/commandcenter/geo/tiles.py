"""Base map tiles for the grid map, as a value: none by default (the grids on a plain
background, which works anywhere), an online URL template (天地图 with its key, AMap/Gaode — whose
tiles are in GCJ-02, so every overlay is converted — or OSM), or a local MBTiles file. The map
serves an MBTiles file itself (ui/map/mbtiles_server.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

MBTILES_TEMPLATE = "cc://tiles/{z}/{x}/{y}"


@dataclass(frozen=True)
class TileSource:
    url: str | None = None  # an online template with {z}, {x}, {y} (and {s})
    mbtiles: Path | None = None  # a local MBTiles file
    gcj02: bool = False  # the tiles are in GCJ-02 (AMap/Gaode): overlays are converted
    attribution: str = ""

    @classmethod
    def parse(cls, text: str | None, gcj02: bool = False) -> TileSource:
        """From a command-line value: empty or "none", a URL template, or an .mbtiles path."""
        if not text or text == "none":
            return cls()
        if "{z}" in text and "{x}" in text and "{y}" in text:
            if not urlsplit(text).scheme.startswith("http"):
                raise ValueError(f"a tile URL template must be http(s): {text}")
            return cls(url=text, gcj02=gcj02)
        path = Path(text)
        if path.suffix == ".mbtiles" and path.is_file():
            return cls(mbtiles=path, gcj02=gcj02)
        raise ValueError(
            f"not a tile source: {text} "
            "(a URL template with {z}/{x}/{y}, or an .mbtiles file)"
        )

    @property
    def template(self) -> str | None:
        return MBTILES_TEMPLATE if self.mbtiles else self.url

    def allows(self, url: str) -> bool:
        """Whether the page may fetch `url`: only from the online template's host (or its
        {s} subdomains), over the template's scheme."""
        if not self.url:
            return False
        template = urlsplit(self.url.replace("{s}.", ""))
        asked = urlsplit(url)
        host, base = asked.hostname or "", template.hostname or ""
        return asked.scheme == template.scheme and (host == base or host.endswith("." + base))
