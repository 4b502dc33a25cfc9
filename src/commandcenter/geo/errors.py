"""Errors about grid data: a grid file or grid rows that cannot be used as they are."""

from __future__ import annotations

from ..domain.errors import ValidationError


class GridDataError(ValidationError):
    """Grids that are malformed (bad JSON, a missing property, a duplicate or unknown code, an
    invalid polygon); the message names the file or the grid and the problem."""

    code = "grid_data_invalid"
