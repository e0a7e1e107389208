"""Document blocks as a Word file (.docx, python-docx) in the official style of GB/T 9704: A4,
margins 37/35/28/26 mm, the title in 黑体 (二号), headings in 黑体 (三号), the body in 仿宋 at 三号
with a fixed 28-point line, real Word tables for the grids and lists, the page number in the
footer as “— 1 —”. Fonts are named by family, so Word and WPS use what the PC has."""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from app.printing.blocks import Block, Break, Cut, Document, Gap, Grid, Heading, Signatures, Style, Sub, Tabular, Text

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四: tables keep their columns readable on A4
NOTE_PT = 14  # 四号
LINE_PT = 28  # 22 lines to the page
_ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}


def _font(run_or_style: object, family: str, size: float, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), family)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _para(doc_or_cell: object, text: str, family: str = BODY_FONT, size: float = BODY_PT, bold: bool = False,
          align: int | None = None, indent: bool = False, exact: bool = True) -> Paragraph:
    p = doc_or_cell.add_paragraph()  # type: ignore[attr-defined]
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(LINE_PT, size * 1.3) if size >= BODY_PT else size * 1.5)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if align is not None:
        p.alignment = align
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        _font(run, family, size, bold)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    return p


def _cell_text(cell: _Cell, text: str, align: str = "l", shade: str = "", bold: bool = False) -> None:
    cell.text = ""
    first = cell.paragraphs[0]
    first._element.getparent().remove(first._element)
    p = _para(cell, text, size=TABLE_PT, bold=bold, align=_ALIGN[align], exact=False)
    p.paragraph_format.line_spacing = 1.15
    if shade:
        props = cell._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:color"), "auto")
        fill.set(qn("w:fill"), shade)
        props.append(fill)


def _table(doc: object, columns: int) -> Table:
    table = doc.add_table(rows=0, cols=columns)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    return table


def _set_widths(table: Table, widths_mm: Sequence[float], total_mm: float) -> None:
    """The columns ``widths_mm`` scaled to ``total_mm``: on the grid (LibreOffice reads it) and on
    every cell (Word reads those), once the rows are in."""
    widths = [Mm(w * total_mm / sum(widths_mm)) for w in widths_mm]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _repeat_header(table: Table) -> None:
    props = table.rows[0]._tr.get_or_add_trPr()
    head = OxmlElement("w:tblHeader")
    head.set(qn("w:val"), "true")
    props.append(head)


def _signatures(doc: object, labels: Sequence[str], width_mm: float) -> None:
    """“主持人签字：____” side by side: a borderless table, the line under each name's cell."""
    each = width_mm / len(labels)
    # the label's cell as wide as "主持人签字：" in 三号 and its padding, the rest of the share the line
    widths = [w for label in labels for w in (_text_mm(f"{label}：", BODY_PT),
                                              each - _text_mm(f"{label}：", BODY_PT))]
    table = doc.add_table(rows=1, cols=2 * len(labels))  # type: ignore[attr-defined]
    table.autofit = False
    row = table.rows[0]
    row.height = Mm(14)
    for i, label in enumerate(labels):
        _cell_text(row.cells[2 * i], f"{label}：", "r")
        _cell_text(row.cells[2 * i + 1], "")
        props = row.cells[2 * i + 1]._tc.get_or_add_tcPr()
        borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "000000")):
            bottom.set(qn(f"w:{key}"), value)
        borders.append(bottom)
        props.append(borders)
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        for p in cell.paragraphs:
            for run in p.runs:
                _font(run, BODY_FONT, BODY_PT)
    _set_widths(table, widths, width_mm)


def _text_mm(text: str, size: float) -> float:
    """The width of a line of Chinese ``text`` at ``size`` points in a table cell, padding included."""
    return len(text) * size * 0.3528 + 6


def _fit(headers: Sequence[str], widths_mm: Sequence[float], total_mm: float) -> list[float]:
    """Column widths scaled to the page, each at least as wide as its header's longest line (Word
    would break 序号 into two lines in a narrow column)."""
    scale = total_mm / sum(widths_mm)
    need = [max(_text_mm(line, TABLE_PT) for line in h.split("\n")) for h in headers]
    widths = [max(w * scale, n) for w, n in zip(widths_mm, need, strict=True)]
    grown = sum(widths) - total_mm
    if grown > 0:  # take the room from the columns wider than they need
        slack = [w - n for w, n in zip(widths, need, strict=True)]
        total_slack = sum(slack) or 1
        widths = [w - grown * s / total_slack for w, s in zip(widths, slack, strict=True)]
    return widths


def _page_number(section: object) -> None:
    footer = section.footer  # type: ignore[attr-defined]
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), "宋体", 14)
    run = p.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    _font(p.add_run(" —"), "宋体", 14)


def _plain_package(doc: object) -> None:
    """Nothing of the blank template python-docx starts from: its thumbnail (a picture of some
    other page) and the program it names as the writer."""
    package = doc.part.package  # type: ignore[attr-defined]
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
        elif rel.reltype.endswith("/extended-properties"):
            part = rel.target_part
            part._blob = part.blob.replace(b"<Application>Microsoft Macintosh Word</Application>", b"")


def render(document: Document, made_on: str) -> bytes:
    """The Word file's bytes; ``made_on`` (ISO day) is its creation date."""
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    width_mm = (297 if document.landscape else 210) - 28 - 26
    _font(doc.styles["Normal"], BODY_FONT, BODY_PT)
    _page_number(section)
    props = doc.core_properties
    props.title = f"{document.owner}{document.year}{document.title}"
    props.author = props.last_modified_by = document.owner
    props.subject = document.title
    props.comments = props.keywords = props.category = ""
    stamp = _dt.datetime.fromisoformat(made_on)
    props.created = props.modified = stamp
    props.revision = 1
    _plain_package(doc)
    for block in document.blocks:
        _add(doc, block, width_mm)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _add(doc: object, b: Block, width_mm: float) -> None:
    if isinstance(b, Heading):
        p = _para(doc, b.text, TITLE_FONT, TITLE_PT if b.level == 0 else 18, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(12)
        p.paragraph_format.keep_with_next = True
    elif isinstance(b, Sub):
        p = _para(doc, b.text, TITLE_FONT, BODY_PT)
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True
    elif isinstance(b, Text):
        if b.style == Style.TITLE:
            p = _para(doc, b.text, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.space_after = Pt(12)
        elif b.style == Style.CENTER:
            _para(doc, b.text, TITLE_FONT, 18, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_after = Pt(8)
        elif b.style == Style.NOTE:
            _para(doc, b.text, BODY_FONT, NOTE_PT, exact=False)
        elif b.style == Style.RIGHT:
            _para(doc, b.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            _para(doc, b.text, indent=b.style == Style.INDENT)
    elif isinstance(b, Grid):
        widths = [24, (width_mm - 24 * b.columns) / b.columns] * b.columns
        table = _table(doc, 2 * b.columns)
        for i in range(0, len(b.pairs), b.columns):
            cells = table.add_row().cells
            for j, (label, value) in enumerate(b.pairs[i:i + b.columns]):
                _cell_text(cells[2 * j], label, "c", shade="F2F2F2")
                _cell_text(cells[2 * j + 1], value)
        _set_widths(table, widths, width_mm)
    elif isinstance(b, Tabular):
        fitted = _fit(b.headers, b.widths, width_mm)
        table = _table(doc, len(b.headers))
        aligns = b.aligns or ("l",) * len(b.headers)
        for cell, text in zip(table.add_row().cells, b.headers, strict=True):
            _cell_text(cell, text, "c", shade="E8E8E8", bold=True)
        _repeat_header(table)
        for row in b.rows:
            added = table.add_row()
            if b.row_mm:
                added.height = Mm(b.row_mm)
            for cell, text, align in zip(added.cells, row, aligns, strict=True):
                _cell_text(cell, text, align)
        _set_widths(table, fitted, width_mm)
    elif isinstance(b, Signatures):
        if b.dated:
            _para(doc, b.dated, size=NOTE_PT, exact=False).paragraph_format.keep_with_next = True
        _signatures(doc, b.labels, width_mm)
    elif isinstance(b, Gap):
        _para(doc, "", size=max(4.0, b.mm * 2.8), exact=False)
    elif isinstance(b, Cut):
        _para(doc, "- - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - -", size=10,
              align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    elif isinstance(b, Break) and not b.room_mm:
        doc.add_page_break()  # type: ignore[attr-defined]
