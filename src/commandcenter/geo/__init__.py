"""Grid geometry: deterministic demo grids, GeoJSON encoding and point-in-grid location.

Everything here works in WGS-84 longitude/latitude and imports no Qt.
"""
