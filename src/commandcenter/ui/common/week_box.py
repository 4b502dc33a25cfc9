"""The week a paper is about, chosen from the weeks a window offers (this week first, then the
half-year before it), each shown as its ISO label and its Monday to Sunday."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QWidget

from ...domain.periods import Period, offered_weeks


class WeekBox(QComboBox):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for period in offered_weeks(today):
            last = period.end - timedelta(days=1)
            self.addItem(f"{period.label}  {period.start:%m-%d} – {last:%m-%d}", period)

    def period(self) -> Period | None:
        chosen = self.currentData()
        return chosen if isinstance(chosen, Period) else None

    def choose(self, label: str) -> bool:
        """Selects the week of this label (2026-W47); False when it is not offered."""
        for i in range(self.count()):
            if self.itemData(i).label == label:
                self.setCurrentIndex(i)
                return True
        return False
