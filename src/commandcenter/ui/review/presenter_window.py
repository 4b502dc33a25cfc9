"""演示模式: the review meeting walked grid by grid, full screen. For each level-2 grid in the
meeting's order a slide of its week (figures, grade, rank), then one slide per open overdue or
important case of it: photos, grid, responsible grid leader, deadline and time overdue. Light
text on a dark ground, sized from the screen's height, to be read from the back of the room.

Keys: → ↓ PageDown Space Enter next; ← ↑ PageUp Backspace previous; Home, End; Esc closes and
returns to the review. Photos are read on the read lane, the next slide's ahead of time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...reports.review import GridLine, ReviewDocument, Slide
from ...services.task_runner import TaskRunner
from ..common.plain_text import plain

LoadPhotos = Callable[[tuple[str, ...]], dict[str, QImage]]
_NEXT = {
    Qt.Key.Key_Right,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Space,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
}
_PREVIOUS = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace}
_GROUND, _TEXT, _DIM, _LATE, _ACCENT = "#0f1a24", "#f4f6f8", "#a9b8c6", "#ff6b5e", "#ffd54f"
_MAX_PHOTOS = 3


@dataclass(frozen=True, slots=True)
class Page:
    """A slide of the walk: a grid's summary (case None) or one of its cases."""

    grid: GridLine
    case: Slide | None


def walk(document: ReviewDocument) -> list[Page]:
    """Grid by grid in the meeting's order (grid code), each grid's cases after its summary."""
    by_grid: dict[str, list[Slide]] = {}
    for slide in document.slides:
        by_grid.setdefault(slide.grid2_code, []).append(slide)
    pages = []
    for grid in document.grids:
        pages.append(Page(grid, None))
        pages.extend(Page(grid, s) for s in by_grid.pop(grid.code, ()))
    # a case filed in a level-2 grid no longer in the tree is still shown, after the others
    for code, slides in by_grid.items():
        grid = GridLine(code, slides[0].title.split(" · ")[0], "—", {}, ())
        pages.extend(Page(grid, s) for s in slides)
    return pages


class PresenterWindow(QWidget):
    page_shown = Signal(int)  # the index of the page on screen
    closed = Signal()

    def __init__(
        self,
        document: ReviewDocument,
        runner: TaskRunner,
        load_photos: LoadPhotos,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("PresenterWindow")
        self.setWindowTitle(self.tr("周例会 · 演示模式"))
        self.setStyleSheet(f"#PresenterWindow {{ background: {_GROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.document = document
        self.pages = walk(document)
        self.index = 0
        self._runner = runner
        self._load_photos = load_photos
        self._photos: dict[str, QImage] = {}
        self._asked: set[str] = set()

        self.heading = self._label("presenter_heading")
        self.position = self._label("presenter_position", Qt.AlignmentFlag.AlignRight)
        self.title = self._label("presenter_title")
        self.lines = [self._label(f"presenter_line{i}") for i in range(6)]
        self.photo_labels = [self._label(f"presenter_photo{i}") for i in range(_MAX_PHOTOS)]
        self.hint = self._label("presenter_hint", Qt.AlignmentFlag.AlignRight)
        self.hint.setText(self.tr("→ 下一页   ← 上一页   Esc 退出"))

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.position)
        text = QVBoxLayout()
        text.addWidget(self.title)
        for line in self.lines:
            text.addWidget(line)
        text.addStretch(1)
        self.photo_box = QHBoxLayout()
        for label in self.photo_labels:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.photo_box.addWidget(label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.addLayout(top)
        layout.addLayout(text, 3)
        layout.addLayout(self.photo_box, 4)
        layout.addWidget(self.hint)
        self._apply_fonts()
        self.show_page(0)

    def _label(self, name: str, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
        label = plain(QLabel(self))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        label.setStyleSheet(f"color: {_TEXT};")
        return label

    # -- navigation --------------------------------------------------------------------
    @property
    def page(self) -> Page:
        return self.pages[self.index]

    def show_page(self, index: int) -> None:
        if not self.pages:
            self.title.setText(self.tr("本周没有需要通报的网格"))
            return
        self.index = max(0, min(index, len(self.pages) - 1))
        page = self.page
        self.heading.setText(f"{self.document.title}  {self.document.subtitle}")
        self.position.setText(f"{self.index + 1} / {len(self.pages)}")
        if page.case is None:
            self._show_grid(page.grid)
        else:
            self._show_case(page.case)
        self._ask_photos(self.index + 1)
        self.page_shown.emit(self.index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _NEXT:
            self.show_page(self.index + 1)
        elif key in _PREVIOUS:
            self.show_page(self.index - 1)
        elif key == Qt.Key.Key_Home:
            self.show_page(0)
        elif key == Qt.Key.Key_End:
            self.show_page(len(self.pages) - 1)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)

    # -- slides ------------------------------------------------------------------------
    def _show_grid(self, grid: GridLine) -> None:
        f = dict(zip(self.document.headers, grid.cells, strict=True))
        self.title.setText(grid.name)
        self._set_lines(
            [
                (self.tr("网格长：%1").replace("%1", grid.leader), _TEXT),
                (
                    self.tr("本周新增 %1 件　结案 %2 件　超期 %3 件")
                    .replace("%1", f["新增"])
                    .replace("%2", f["结案"])
                    .replace("%3", f["超期"]),
                    _TEXT,
                ),
                (
                    self.tr("结案率 %1　按期结案率 %2　返工率 %3")
                    .replace("%1", f["结案率"])
                    .replace("%2", f["按期结案率"])
                    .replace("%3", f["返工率"]),
                    _TEXT,
                ),
                (
                    self.tr("得分 %1　等级 %2　排名 %3（%4）")
                    .replace("%1", f["得分"])
                    .replace("%2", f["等级"])
                    .replace("%3", f["排名"])
                    .replace("%4", f["变化"]),
                    _ACCENT,
                ),
                (self._cases_line(grid), _DIM),
            ]
        )
        self._set_photos(())

    def _cases_line(self, grid: GridLine) -> str:
        count = sum(1 for p in self.pages if p.grid.code == grid.code and p.case is not None)
        if not count:
            return self.tr("本周无超期或重要的在办案件")
        return self.tr("超期或重要的在办案件 %1 件，逐件通报").replace("%1", str(count))

    def _show_case(self, slide: Slide) -> None:
        self.title.setText(f"{slide.title}　{slide.case_no}")
        self._set_lines(
            [
                (slide.description, _TEXT),
                (slide.place, _DIM),
                (self.tr("责任网格长：%1").replace("%1", slide.leader), _TEXT),
                (
                    self.tr("处置时限：%1　%2")
                    .replace("%1", slide.deadline)
                    .replace("%2", slide.overdue),
                    _LATE if slide.is_overdue else _TEXT,
                ),
                (f"{slide.priority} · {slide.state}", _ACCENT),
            ]
        )
        self._set_photos(slide.photos)

    def _set_lines(self, lines: list[tuple[str, str]]) -> None:
        for i, label in enumerate(self.lines):
            text, colour = lines[i] if i < len(lines) else ("", _TEXT)
            label.setText(text)
            label.setStyleSheet(f"color: {colour};")
            label.setVisible(bool(text))

    def _set_photos(self, photos: tuple[str, ...]) -> None:
        if photos:
            self._ask(photos)
        shown = photos[:_MAX_PHOTOS]
        size = self._photo_size(len(shown))
        for i, label in enumerate(self.photo_labels):
            label.setVisible(i < len(shown))
            if i >= len(shown):
                continue
            image = self._photos.get(shown[i])
            if image is None or image.isNull():
                label.setPixmap(QPixmap())
                label.setText(self.tr("照片载入中…") if image is None else self.tr("照片缺失"))
            else:
                label.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        size,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )

    def _photo_size(self, count: int) -> QSize:
        width = max(160, (self.width() - 96) // max(1, count) - 16)
        height = max(120, int(self.height() * 0.45))
        return QSize(width, height)

    # -- photos on the read lane -------------------------------------------------------
    def _ask_photos(self, index: int) -> None:
        if 0 <= index < len(self.pages) and self.pages[index].case is not None:
            self._ask(self.pages[index].case.photos)  # type: ignore[union-attr]

    def _ask(self, photos: tuple[str, ...]) -> None:
        wanted = tuple(p for p in photos[:_MAX_PHOTOS] if p not in self._asked)
        if not wanted:
            return
        self._asked.update(wanted)
        self._runner.run("read", lambda: self._load_photos(wanted), self._on_photos_loaded)

    def _on_photos_loaded(self, images: dict[str, QImage]) -> None:
        self._photos.update(images)
        page = self.page if self.pages else None
        if page is not None and page.case is not None and images.keys() & set(page.case.photos):
            self._set_photos(page.case.photos)

    # -- legible from the back of the room ---------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fonts()
        if self.pages:
            page = self.page
            self._set_photos(page.case.photos if page.case is not None else ())

    def _apply_fonts(self) -> None:
        unit = max(self.height(), 480) / 100  # a hundredth of the screen's height
        sizes = {self.title: 6.0, self.heading: 2.8, self.position: 2.8, self.hint: 2.0}
        for label in self.lines:
            sizes[label] = 3.6
        for label, share in sizes.items():
            font = QFont(label.font())
            font.setPixelSize(round(unit * share))
            font.setBold(label is self.title)
            label.setFont(font)
