"""The office's clock. Every time the store holds is the street office's wall-clock time
(Asia/Shanghai, naive), whatever zone the workstation's system clock is set to: a machine left on
UTC would otherwise judge deadlines eight hours off and see the platform's reports as future."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

OFFICE_ZONE = ZoneInfo("Asia/Shanghai")


def office_now() -> datetime:
    """Now, as the office's wall clock shows it (naive)."""
    return datetime.now(OFFICE_ZONE).replace(tzinfo=None)
