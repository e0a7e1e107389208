"""The bundled Chinese fonts for reportlab, and the three things reportlab needs taught about
Chinese text: which characters may not start a line, which font has a rare character, and how
to map characters beyond U+FFFF back to text (so a name like 𠮷祥 can be searched and copied).
"""

from __future__ import annotations

import html
from functools import cache
from itertools import groupby

from reportlab import rl_config
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

from app.common import paths
from app.printing import linebreak

MAIN = "BBSans"
RARE = "BBRare"

#: Chinese punctuation that may not start a line (reportlab's own list has the Japanese ones).
CANNOT_START = "，。、；：？！」』》〉）】〕”’…—·\uff5e\uff05‰℃"  # with the full-width tilde and percent
#: Opening punctuation that may not end a line.
CANNOT_END = "（《〈「『【〔“‘"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate
    pairs (reportlab writes their code point as five hex digits, which no reader accepts)."""

    def utf16(code: int) -> str:
        if code <= 0xFFFF:
            return f"{code:04X}"
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"

    cmap = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(cmap)


@cache
def register() -> tuple[str, str]:
    """Register the fonts and the typesetting fixes once per process; returns the two names."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    rl_config.useA85 = 0  # binary page streams: smaller files, and a fifth less time per page
    if not all(ch in textsplit.ALL_CANNOT_START for ch in CANNOT_START):
        textsplit.ALL_CANNOT_START += "".join(ch for ch in CANNOT_START if ch not in textsplit.ALL_CANNOT_START)
        textsplit.ALL_CANNOT_END += "".join(ch for ch in CANNOT_END if ch not in textsplit.ALL_CANNOT_END)
    # paragraph.py imported its own copy of the list.
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    linebreak.install(paragraph, textsplit)  # names, dates and amounts kept whole (app/printing/linebreak.py)
    pdfmetrics.registerFont(ttfonts.TTFont(MAIN, str(paths.font_path()), subfontIndex=0))
    pdfmetrics.registerFontFamily(MAIN, normal=MAIN, bold=MAIN, italic=MAIN, boldItalic=MAIN)
    return MAIN, RARE


@cache
def register_rare() -> str:
    """The rare-character font (51 MB: read only when a text needs it)."""
    register()
    pdfmetrics.registerFont(ttfonts.TTFont(RARE, str(paths.rare_font_path())))
    return RARE


@cache
def _main_glyphs() -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(MAIN).face.charToGlyph)


def markup(text: object) -> str:
    """Paragraph markup for plain text: XML-escaped, line breaks kept, and every run of
    characters the main font lacks set in the rare-character font."""
    glyphs = _main_glyphs()
    text = str(text)
    if all(ord(ch) < 0x80 or ord(ch) in glyphs for ch in set(text)):  # nearly always: no rare characters
        return html.escape(text, quote=False).replace("\n", "<br/>")
    rare_font = register_rare()
    out: list[str] = []
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            out.append("<br/>")
        for rare, run in groupby(line, key=lambda ch: not (ord(ch) < 0x80 or ord(ch) in glyphs or ch.isspace())):
            chars = "".join(ch for ch in run if not rare or ch.isprintable())
            if not chars:
                continue
            escaped = html.escape(chars, quote=False)
            out.append(f'<font name="{rare_font}">{escaped}</font>' if rare else escaped)
    return "".join(out)


def is_plain(text: str) -> bool:
    """True when the main font has every character of ``text`` (no rare-character runs)."""
    glyphs = _main_glyphs()
    return all(ord(ch) < 0x80 or ord(ch) in glyphs for ch in set(text))


def plain_width(text: str, size: float) -> float:
    """Width of ``text`` in the main font (rare characters counted as one em)."""
    glyphs = _main_glyphs()
    normal = "".join(ch for ch in text if ord(ch) in glyphs or ord(ch) < 0x80)
    return pdfmetrics.stringWidth(normal, MAIN, size) + (len(text) - len(normal)) * size
