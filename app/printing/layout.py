"""The page machinery of every book: A4 portrait and landscape pages, the header (branch and
year) and footer (第 x 页 共 y 页), bookmarks, a table of contents, a 草稿 watermark — all in
one layout pass: the canvas keeps each page until the end, when the page count and every
heading's page are known, and draws the furniture then.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from app.printing import fonts

PORTRAIT, LANDSCAPE = "portrait", "landscape"
#: Lines of the table of contents on one page.
TOC_LINES = 36


class Cancelled(Exception):
    """The person building the book pressed 取消."""


class Heading(Flowable):
    """An invisible marker: a heading of ``level`` (0 section, 1 record) for the bookmarks and
    the table of contents. The visible title is a separate paragraph."""

    def __init__(self, text: str, level: int = 0, toc: bool = True) -> None:
        super().__init__()
        self.text, self.level, self.toc = text, level, toc
        self.width = self.height = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class Mark(Flowable):
    """An invisible marker of where a draft starts or ends (for the watermark)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.width = self.height = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


@dataclass
class _Furniture:
    header_left: str
    header_right: str
    #: False for pages that go into another book (blank continuation pages): "第____页" to fill in
    numbered: bool = True
    toc_pages: list[int] = field(default_factory=list)
    toc: list[tuple[int, str, int, str]] = field(default_factory=list)  # (level, text, page, bookmark)
    #: bookmarks by the page (from 1) they are on: set when the pages are written at the end
    marks: dict[int, list[str]] = field(default_factory=dict)
    drafts: list[tuple[int, int | None]] = field(default_factory=list)


def _canvas_class(furniture: _Furniture) -> type[Canvas]:
    class BookCanvas(Canvas):
        """Keeps every page and draws the furniture at the end (the page count is known then)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # The bundled font from the first operator on: no unembedded Helvetica in the file.
            kwargs.update(initialFontName=fonts.MAIN, initialFontSize=10)
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def bookmarkPage(self, key: str, **kwargs: Any) -> None:
            # The page is written only in save(): the bookmark is made there, on its own page
            # (made now it would point at the first page, the only one the PDF has so far).
            furniture.marks.setdefault(len(self._pages) + 1, []).append(key)

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                for key in furniture.marks.get(number, ()):
                    super().bookmarkPage(key, fit="XYZ", left=0, top=self._pagesize[1], zoom=0)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(fonts.MAIN, 8.5)
            self.setFillGray(0.35)
            self.drawString(15 * mm, height - 10 * mm, furniture.header_left)
            self.drawRightString(width - 15 * mm, height - 10 * mm, furniture.header_right)
            self.setLineWidth(0.4)
            self.setStrokeGray(0.6)
            self.line(15 * mm, height - 11.5 * mm, width - 15 * mm, height - 11.5 * mm)
            self.drawCentredString(width / 2, 8 * mm, f"第 {number} 页 共 {total} 页" if furniture.numbered
                                   else "第 ________ 页")
            self.restoreState()
            if number in furniture.toc_pages:
                self._toc_page(furniture.toc_pages.index(number))
            if any(start <= number and (end is None or number <= end) for start, end in furniture.drafts):
                # behind the page's text and signature lines: drawn first in the page's stream
                content: list[str] = self._code  # type: ignore[has-type]  # reportlab's page stream
                self._code = []
                self.saveState()
                self.setFont(fonts.MAIN, 110)
                self.setFillGray(0.9)
                self.translate(width / 2, height / 2)
                self.rotate(35)
                self.drawCentredString(0, -40, "草稿")
                self.restoreState()
                self._code += content

        def _toc_page(self, index: int) -> None:
            width, height = self._pagesize
            entries = furniture.toc[index * TOC_LINES:(index + 1) * TOC_LINES]
            self.saveState()
            if index == 0:
                self.setFont(fonts.MAIN, 18)
                self.drawCentredString(width / 2, height - 30 * mm, "目　录")
            y = height - 42 * mm
            for level, text, page, key in entries:
                size = 11 if level == 0 else 9.5
                self.setFont(fonts.MAIN, size)
                left = 25 * mm + level * 8 * mm
                right = width - 25 * mm
                title = _fit(text, right - left - 18 * mm, size)
                self.drawString(left, y, title)
                self.drawRightString(right, y, str(page))
                self.linkRect("", key, (left, y - 1.5 * mm, right, y + size * 0.9), name=f"toc-{key}", relative=0,
                              thickness=0)
                used = fonts.plain_width(title, size)
                dots = left + used + 3 * mm
                if dots < right - 12 * mm:
                    self.setFillGray(0.55)
                    self.drawString(dots, y, "·" * int((right - 12 * mm - dots) / fonts.plain_width("·", size)))
                    self.setFillGray(0)
                y -= 6.4 * mm
            self.restoreState()

    return BookCanvas


def _fit(text: str, width: float, size: float) -> str:
    if fonts.plain_width(text, size) <= width:
        return text
    while text and fonts.plain_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


class Book(BaseDocTemplate):
    """One PDF. Add flowables with :meth:`build`; ``toc_entries`` reserves the contents pages.

    The same data gives the same bytes (``invariant``), so the annual bundle can hash a book.
    """

    def __init__(self, target: str | Path | io.BytesIO, *, title: str, author: str, subject: str,
                 header_left: str, header_right: str, orientation: str = PORTRAIT,
                 progress: Callable[[int], None] | None = None, numbered: bool = True) -> None:
        fonts.register()
        self.furniture = _Furniture(header_left, header_right, numbered=numbered)
        self.progress = progress
        self._flowables_done = 0
        self._outlines = 0
        self._outline_level = -1
        super().__init__(str(target) if isinstance(target, Path) else target, pagesize=A4, title=title,
                         author=author, subject=subject, creator="BranchBook 支部台账", producer="BranchBook",
                         invariant=1, lang="zh-CN", leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                         bottomMargin=16 * mm)
        portrait_frame = Frame(18 * mm, 16 * mm, A4[0] - 36 * mm, A4[1] - 34 * mm, id="p", leftPadding=0,
                               rightPadding=0, topPadding=0, bottomPadding=0)
        wide = landscape(A4)
        landscape_frame = Frame(15 * mm, 15 * mm, wide[0] - 30 * mm, wide[1] - 32 * mm, id="l", leftPadding=0,
                                rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate(id=PORTRAIT, frames=[portrait_frame], pagesize=A4),
                     PageTemplate(id=LANDSCAPE, frames=[landscape_frame], pagesize=wide)]
        if orientation == LANDSCAPE:
            templates.reverse()
        self.addPageTemplates(templates)

    @staticmethod
    def frame_width(orientation: str) -> float:
        return (landscape(A4)[0] - 30 * mm) if orientation == LANDSCAPE else (A4[0] - 36 * mm)

    def afterFlowable(self, flowable: Flowable) -> None:
        self._flowables_done += 1
        if self.progress is not None and self._flowables_done % 50 == 0:
            self.progress(self.page)
        if isinstance(flowable, Heading):
            key = f"h{self._outlines}"
            self._outlines += 1
            # An outline cannot skip a level (a lone meeting has no section above it).
            level = min(flowable.level, self._outline_level + 1)
            self._outline_level = level
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.text, key, level=level, closed=level > 0)
            if flowable.toc:
                self.furniture.toc.append((flowable.level, flowable.text, self.page, key))
        elif isinstance(flowable, Mark):
            if flowable.what == "draft-start":
                self.furniture.drafts.append((self.page, None))
            elif flowable.what == "draft-end" and self.furniture.drafts:
                start, _ = self.furniture.drafts[-1]
                self.furniture.drafts[-1] = (start, self.page)
            elif flowable.what == "toc":
                self.furniture.toc_pages.append(self.page)

    def build_book(self, story: list[Flowable]) -> None:
        entries = sum(1 for f in story if isinstance(f, Heading) and f.toc)
        expanded: list[Flowable] = []
        for f in story:
            if isinstance(f, Contents):
                for _ in range(max(1, math.ceil(entries / TOC_LINES))):
                    expanded += [Mark("toc"), PageBreak()]
            else:
                expanded.append(f)
        self.build(expanded, canvasmaker=_canvas_class(self.furniture))


class Contents(Flowable):
    """Where the table of contents goes: replaced, when the book is built, by as many pages as
    the headings that follow need (they are filled in once their pages are known)."""

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


def orientation(name: str) -> list[Flowable]:
    """Go on on a new page in portrait or landscape: a page just begun (after a section's page
    break) takes the orientation itself, so no blank page is left between."""
    return [PageBreakIfNotEmpty(nextTemplate=name)]
