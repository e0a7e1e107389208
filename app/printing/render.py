"""Document blocks (app/printing/blocks.py) as reportlab flowables: the PDF side of the parts a
Word file is also made from."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from app.printing.blocks import Block, Break, Cut, Gap, Grid, Heading, Signatures, Style, Sub, Tabular, Text
from app.printing.flow import BODY, H1, H2, H3, NOTE, CutLine, fit_widths, gap, grid, para, section, signatures, table
from app.printing.layout import Heading as Mark

STYLES: dict[str, ParagraphStyle] = {
    Style.BODY: BODY, Style.NOTE: NOTE,
    Style.INDENT: ParagraphStyle("block-indent", parent=BODY, firstLineIndent=2 * BODY.fontSize),
    Style.RIGHT: ParagraphStyle("block-right", parent=BODY, alignment=TA_RIGHT),
    Style.CENTER: ParagraphStyle("block-center", parent=H2, alignment=TA_CENTER),
    Style.TITLE: H1,
}


def flowables(blocks: Sequence[Block], width: float, toc: bool = True) -> list[Flowable]:
    """The blocks laid out ``width`` points wide; ``toc``: headings go into the book's contents."""
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += section(b.text, level=b.level, toc=toc) if b.bookmark else [para(b.text, H1 if b.level == 0
                                                                                     else H2)]
        elif isinstance(b, Sub):
            out.append(para(b.text, H3))
        elif isinstance(b, Text):
            if b.style == Style.TITLE:
                out += [Mark(b.text.split("\n")[-1], 0, toc=False), para(b.text, H1)]
            else:
                out.append(para(b.text, STYLES[b.style]))
        elif isinstance(b, Grid):
            out.append(grid(list(b.pairs), width, columns=b.columns))
        elif isinstance(b, Tabular):
            cells: list[list[object]] = [list(r) for r in b.rows]
            if b.row_mm:  # room to sign: a spacer in the first empty cell of each row sets its height
                for r in cells:
                    at = next((i for i, v in enumerate(r) if v == ""), len(r) - 1)
                    r[at] = Spacer(1, b.row_mm * mm)
            out.append(table(list(b.headers), cells, fit_widths(b.widths, width / mm), list(b.aligns) or None))
        elif isinstance(b, Signatures):
            dated = [para(b.dated, NOTE)] if b.dated else []
            out.append(KeepTogether([*dated, signatures(list(b.labels), width)]))
        elif isinstance(b, Gap):
            out.append(gap(b.mm))
        elif isinstance(b, Cut):
            out.append(CutLine())
        elif isinstance(b, Break):
            out.append(CondPageBreak(b.room_mm * mm) if b.room_mm else PageBreak())
    return out

