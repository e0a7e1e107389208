"""Paragraph styles and the building blocks of every book: headings, label/value grids,
tables whose header repeats on every page and whose rows split instead of being clipped."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, Table, TableStyle

from app.printing import fonts, linebreak
from app.printing.layout import Heading


def _style(name: str, size: float, leading: float | None = None, align: int = TA_LEFT, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=fonts.MAIN, fontSize=size, leading=leading or size * 1.5,
                          alignment=align, wordWrap="CJK", **kw)


TITLE = _style("title", 22, 34, TA_CENTER)
SUBTITLE = _style("subtitle", 14, 24, TA_CENTER)
# headings stay with what follows them (never alone at a page's foot)
H1 = _style("h1", 15, 24, TA_CENTER, spaceAfter=4 * mm, keepWithNext=1)
H2 = _style("h2", 12.5, 19, spaceBefore=2 * mm, spaceAfter=2 * mm, keepWithNext=1)
H3 = _style("h3", 11, 17, spaceBefore=2 * mm, spaceAfter=1 * mm, keepWithNext=1)
BODY = _style("body", 10.5, 17, firstLineIndent=0)
NOTE = _style("note", 9, 13.5, textColor=colors.HexColor("#444444"))
CELL = _style("cell", 9, 12.5)
CELL_CENTER = _style("cellc", 9, 12.5, TA_CENTER)
CELL_RIGHT = _style("cellr", 9, 12.5, TA_RIGHT)
HEAD = _style("head", 9, 12.5, TA_CENTER)

GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
])


def para(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(fonts.markup(text), style)


#: Padding on each side of a table cell (GRID's LEFTPADDING/RIGHTPADDING).
PAD = 3
_ALIGN = {TA_LEFT: "LEFT", TA_CENTER: "CENTER", TA_RIGHT: "RIGHT"}


def cell(text: object, style: ParagraphStyle, width: float) -> Flowable | str:
    """A table cell: plain text when it fits on one line in ``width`` (drawn directly, many
    times faster than a paragraph; the table's style gives it the same font, size and
    alignment). What does not fit is set a little smaller on one line (down to 85%; a date or
    an amount, which must not be split, down to 60%), or else wraps where the rules of
    app/printing/linebreak.py allow."""
    s = "" if text is None else str(text)
    room = width - 2 * PAD - 0.5
    if len(s) < 80 and "\n" not in s and fonts.is_plain(s):
        wide = pdfmetrics.stringWidth(s, fonts.MAIN, style.fontSize)
        if wide <= room:
            return s
        floor = 0.6 if any(ch.isdigit() for ch in s) and _whole(s) else 0.85
        if wide * floor <= room:
            return para(s, _smaller(style, style.fontSize * room / wide))
    return para(s, style)


def _whole(text: str) -> bool:
    """A text the rules never break (a date, an amount, an ID number)."""
    return all(linebreak.forbidden(text)[1:len(text)])


def _smaller(style: ParagraphStyle, size: float) -> ParagraphStyle:
    size = math.floor(size * 4) / 4  # a quarter point down: the same few styles again and again
    key = (style.name, size)
    if key not in _SMALLER:
        _SMALLER[key] = ParagraphStyle(f"{style.name}@{size}", parent=style, fontSize=size,
                                       leading=max(style.leading, size * 1.3))
    return _SMALLER[key]


_SMALLER: dict[tuple[str, float], ParagraphStyle] = {}


def head(text: str, width: float) -> Paragraph:
    """A column's label: on one line, smaller if need be, unless it is a long one."""
    found = cell(text, HEAD, width)
    return found if isinstance(found, Paragraph) else para(text, HEAD)


def section(title: str, level: int = 0, style: ParagraphStyle | None = None, toc: bool = True) -> list[Flowable]:
    """A heading: the marker for bookmarks and contents, then the visible title."""
    return [Heading(title, level, toc), para(title, style or (H1 if level == 0 else H2))]


def grid(pairs: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Table:
    """Label/value pairs in a ruled grid, ``columns`` pairs a row (labels shaded)."""
    label_w = 24 * mm
    value_w = (width - columns * label_w) / columns
    rows: list[list[Flowable | str]] = []
    for i in range(0, len(pairs), columns):
        row: list[Flowable | str] = []
        for label, value in pairs[i:i + columns]:
            row += [cell(label, CELL_CENTER, label_w), cell(value if value not in (None, "") else "", CELL, value_w)]
        while len(row) < 2 * columns:
            row += ["", ""]
        rows.append(row)
    table = Table(rows, colWidths=[label_w, value_w] * columns, splitByRow=1)
    style = TableStyle([*GRID.getCommands(), ("FONTSIZE", (0, 0), (-1, -1), CELL.fontSize),
                        ("LEADING", (0, 0), (-1, -1), CELL.leading)])
    for c in range(0, 2 * columns, 2):
        style.add("BACKGROUND", (c, 0), (c, -1), colors.HexColor("#f2f2f2"))
        style.add("ALIGN", (c, 0), (c, -1), "CENTER")
    table.setStyle(style)
    return table


def table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
          aligns: Sequence[str] | None = None, size: float = 9, shade: Sequence[int] = ()) -> LongTable:
    """A ruled table; the header repeats on every page and long rows split between pages.

    ``widths`` in millimetres (scaled to fill when their sum differs from the space); ``aligns``
    per column: "l", "c" or "r"; ``shade``: row indexes (of ``rows``) with a grey background.
    """
    styles = {"l": CELL, "c": CELL_CENTER, "r": CELL_RIGHT}
    if size != 9:
        styles = {k: ParagraphStyle(f"{v.name}{size}", parent=v, fontSize=size, leading=size * 1.4)
                  for k, v in styles.items()}
    aligns = aligns or ["l"] * len(header)
    points = [w * mm for w in widths]
    data: list[list[Flowable | str]] = [[head(h, w) for h, w in zip(header, points, strict=True)]]
    cols = [(styles[a], w) for a, w in zip(aligns, points, strict=True)]
    for row in rows:
        data.append([v if isinstance(v, Flowable) else cell(v, *cols[i]) for i, v in enumerate(row)])
    result = LongTable(data, colWidths=points, repeatRows=1, splitByRow=1)
    body = styles["l"]
    style = TableStyle([*GRID.getCommands(), ("FONTSIZE", (0, 1), (-1, -1), body.fontSize),
                        ("LEADING", (0, 1), (-1, -1), body.leading)])
    for i, (st, _) in enumerate(cols):
        style.add("ALIGN", (i, 1), (i, -1), _ALIGN[st.alignment])
    style.add("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))
    for r in shade:
        style.add("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#f4f4f4"))
    result.setStyle(style)
    return result


def axis_ticks(top: float, unit: str = "") -> tuple[float, float]:
    """A chart's value axis: its step and top. Whole steps for counts and money (no half a
    person), 0–100 for shares in %."""
    if unit == "%":
        return 20, 100
    step = 1.0
    while top / step > 6:
        for factor in (2, 2.5, 2):
            step *= factor
            if top / step <= 6:
                break
    step = max(1.0, round(step))
    return step, step * max(1, -(-top // step))


def fit_widths(widths: Sequence[float], total_mm: float) -> list[float]:
    """Scale column widths (mm) so they fill ``total_mm``."""
    scale = total_mm / sum(widths)
    return [w * scale for w in widths]


def signatures(labels: Sequence[str], width: float) -> Table:
    """Signature lines side by side: "主持人签字：______"."""
    cells = [para(f"{label}：", CELL) for label in labels]
    each = width / len(labels)
    rows = [[item for c in cells for item in (c, "")]]
    widths = [w for _ in labels for w in (each * 0.35, each * 0.65)]
    t = Table(rows, colWidths=widths, rowHeights=[12 * mm])
    style = TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN)])
    for i in range(len(labels)):
        style.add("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.6, colors.black)
    t.setStyle(style)
    return t


class CutLine(Flowable):
    """A dashed line across the whole frame, with 沿此线剪开 in its middle: where a sheet of
    two letters is cut."""

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, 6 * mm

    def draw(self) -> None:
        c = self.canv
        label = "沿此线剪开"
        c.saveState()
        c.setFont(fonts.MAIN, 7.5)
        c.setFillGray(0.45)
        c.setStrokeGray(0.45)
        c.setLineWidth(0.5)
        c.setDash(3, 2)
        middle = self.width / 2
        gap_w = fonts.plain_width(label, 7.5) / 2 + 2 * mm
        c.line(0, 3 * mm, middle - gap_w, 3 * mm)
        c.line(middle + gap_w, 3 * mm, self.width, 3 * mm)
        c.drawCentredString(middle, 2.2 * mm, label)
        c.restoreState()


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)

