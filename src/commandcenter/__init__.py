"""网格指挥中心 — the street office's grid command centre."""

__version__ = "0.1.0"
