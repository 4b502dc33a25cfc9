"""The Thursday review's room: 报表 → 周例会… opens the week's review in its own window (one per
main window), read again each time it is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ...services.task_runner import TaskRunner
from ..common.room import Room
from .presenter_window import LoadPhotos
from .review_view import LoadReview, ReviewView, SavePack


@dataclass(frozen=True)
class ReviewServices:
    load: LoadReview  # the week's review document; called on the read lane
    load_photos: LoadPhotos  # photos by sha256; called on the read lane
    save_pack: SavePack | None = None  # writes the pack (PDF/PPTX); called on the export lane


class ReviewRoom(Room):
    menu = "reports"

    def __init__(
        self, runner: TaskRunner, services: ReviewServices, clock: Callable[[], datetime]
    ) -> None:
        text = QCoreApplication.translate("MainWindow", "周例会…")
        super().__init__(self.entry(text, "action_review", "Ctrl+Shift+R"))
        self.services = services
        self._runner = runner
        self._clock = clock
        self.review: ReviewView | None = None

    def open(self) -> ReviewView:
        if self.review is None:
            s = self.services
            self.review = ReviewView(
                self._runner, s.load, s.load_photos, self._clock, s.save_pack, self.host
            )
        self.review.show()
        self.review.raise_()
        self.review.activateWindow()
        self.review.reload()
        return self.review
