"""Chinese line breaking for every book, in one place (reportlab's own cuts between any two
characters and hangs at most one closing mark in the margin).

A line may break between two characters unless:

- the next one is closing punctuation (，。、）” …) or the previous one opening punctuation (（“《 …);
- both are part of one run of Latin letters, digits and signs (8,013.00, 370102********3135, ¥49);
- they are a number and its unit, or a date's parts (2024年11月7日, 11月20日, 第3季度, 64名);
- they are inside a short item of a list — a name in "张军、郭然华、杨帆（出差）" stays whole — or
  inside any run of up to four characters between punctuation.

When a line has no such place (a date or a name wider than its column) it breaks between a
number and its unit or inside the name, and only then cuts where the line is full. A last line of one
character is avoided by taking one more down with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

#: Closing punctuation: never at the start of a line.
CANNOT_START = frozenset("，。、；：？！」』》〉）】〕”’…—·\uff5e\uff05‰℃,.;:?!)]}%")  # full-width tilde, percent
#: Opening punctuation: never at the end of a line.
CANNOT_END = frozenset("（《〈「『【〔“‘([{¥￥")
#: Characters that end a list item or a phrase.
SEPARATORS = frozenset("、，,；;：:。 \u3000\n")
#: Units that stay with the number before them.
UNITS = frozenset("年月日号时分秒点名人次个元岁页条项天周届期季%\uff05")
#: A run between separators this short is never broken; one up to LIST_ITEM next to "、" neither.
SHORT_RUN = 4
LIST_ITEM = 8


def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80 and not ch.isspace()


def strength(text: str) -> list[int]:
    """How strongly the rules keep ``text[k - 1]`` and ``text[k]`` together (k from 1): 0 a line
    may break there; 1 only when nothing better is on the line (between a date's parts, inside a
    name or a short word); 2 when not even that is (a number and its unit); 3 only when the line
    must be cut (punctuation rules, inside a run of digits or Latin letters)."""
    n = len(text)
    out = [3] * (n + 1)
    for k in range(1, n):
        prev, cur = text[k - 1], text[k]
        if cur in CANNOT_START or prev in CANNOT_END or (_latin(prev) and _latin(cur)):
            out[k] = 3
        elif prev.isdigit() and cur in UNITS:
            out[k] = 2
        elif prev in "年月第" and cur.isdigit():
            out[k] = 1
        else:
            out[k] = 0

    def keep(start: int, end: int) -> None:
        for k in range(start + 1, end):
            out[k] = max(out[k], 1)

    start = 0
    for end in range(n + 1):
        if end == n or text[end] in SEPARATORS:
            length = end - start
            listed = (start > 0 and text[start - 1] == "、") or (end < n and text[end] == "、")
            if 1 < length <= SHORT_RUN or (listed and length <= LIST_ITEM):
                keep(start, end)
            start = end + 1
    start = 0  # a name before its bracket: 周红华（以普通党员身份）
    for end in range(n + 1):
        if end == n or text[end] in SEPARATORS or text[end] in "（）()":
            if 1 < end - start <= SHORT_RUN:
                keep(start, end)
            start = end + 1
    return out


def forbidden(text: str) -> list[bool]:
    """``forbidden[k]``: no break between ``text[k - 1]`` and ``text[k]`` where there is a choice."""
    return [level > 0 for level in strength(text)]


def lines(text: str, widths: Sequence[float], max_widths: Sequence[float],
          hard: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines: (start, end) of each, the i-th no wider than
    ``max_widths[i]`` (the last repeats) where the rules allow. ``hard``: forced breaks (after
    those indexes' characters: a <br/>)."""
    n = len(text)
    if n == 0:
        return []
    if not hard and sum(widths) <= max_widths[0] + 1e-6:  # fits on one line: nothing to decide
        return [(0, n)]
    level = strength(text)
    forced = set(hard)
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        limit = max_widths[min(len(out), len(max_widths) - 1)]
        used, i = 0.0, start
        while i < n:
            if used + widths[i] > limit + 1e-6 and i > start:
                break
            used += widths[i]
            i += 1
            if i - 1 in forced:
                break
        if i >= n or i - 1 in forced:
            out.append((start, i))
            start = i
            continue
        # the last place the rules allow; for a unit wider than the line, between its parts, then
        # between a number and its unit, and only then where the line is full
        cut = next((k for tier in (0, 1, 2) for k in range(i, start, -1) if level[k] <= tier), i)
        out.append((start, cut))
        start = cut
        while start < n and text[start] == " ":  # a space at a line's start is not drawn
            start += 1
    if len(out) > 1:
        (a, b), (c, d) = out[-2], out[-1]
        visible = sum(1 for ch in text[c:d] if ch not in CANNOT_START)
        if visible < 2 and b == c:
            moved = next((k for k in range(b - 1, a + 1, -1) if level[k] <= level[b] and d - k >= 2), None)
            if moved is not None:
                out[-2:] = [(a, moved), (moved, d)]
    return out


class _Glyph(str):
    """One character of a paragraph with its fragment and width (reportlab's ``cjkU``, with the
    width looked up once per character, font and size instead of measured again)."""

    frag: Any
    width: float

    def __new__(cls, value: str, frag: Any, width: float) -> _Glyph:
        self = str.__new__(cls, value)
        self.frag, self.width = frag, width
        return self


def install(paragraph: Any, textsplit: Any) -> None:
    """Use these rules in reportlab's paragraphs (both its single-font and mixed-font paths)."""
    string_width: Callable[..., float] = paragraph.stringWidth
    known: dict[tuple[str, float], dict[str, float]] = {}

    def widths_of(text: str, font_name: str, font_size: float) -> list[float]:
        table = known.get((font_name, font_size))
        if table is None:
            table = known[(font_name, font_size)] = {}
        out = []
        for ch in text:
            found = table.get(ch)
            if found is None:
                found = table[ch] = string_width(ch, font_name, font_size)
            out.append(found)
        return out

    def word_split(word: str, max_widths: Any, font_name: str, font_size: float,
                   encoding: str = "utf8") -> list[list[Any]]:
        if isinstance(word, bytes):
            word = word.decode(encoding)
        if not isinstance(max_widths, (list, tuple)):
            max_widths = [max_widths]
        widths = widths_of(word, font_name, font_size)
        found = []
        for row, (a, b) in enumerate(lines(word, widths, max_widths)):
            limit = max_widths[min(row, len(max_widths) - 1)]
            found.append([limit - sum(widths[a:b]), word[a:b]])
        return found

    def frag_split(frags: list[Any], max_widths: Any, calc_bounds: bool, encoding: str = "utf8") -> Any:
        if not isinstance(max_widths, (list, tuple)):
            max_widths = [max_widths]
        glyphs: list[Any] = []
        for f in frags:
            text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
            if text and not hasattr(f, "cbDefn"):
                glyphs.extend(_Glyph(t, f, w) for t, w in zip(text, widths_of(text, f.fontName, f.fontSize),
                                                              strict=True))
            elif text:
                glyphs.extend(paragraph.cjkU(t, f, encoding) for t in text)
            else:
                glyphs.append(paragraph.cjkU(text, f, encoding))
        # an empty glyph is an image or a <br/>: kept as a character of its own for the rules
        text = "".join(str(u) or "\ufffc" for u in glyphs)
        widths = []
        for u in glyphs:
            w = u.width
            if hasattr(w, "normalizedValue"):
                w._normalizer = max_widths[0]
                w = w.normalizedValue(max_widths[0])
            widths.append(w)
        hard = [k for k, u in enumerate(glyphs) if hasattr(u.frag, "lineBreak")]
        out = []
        for row, (a, b) in enumerate(lines(text, widths, max_widths, hard)):
            limit = max_widths[min(row, len(max_widths) - 1)]
            used = sum(widths[a:b])
            out.append(paragraph.makeCJKParaLine(glyphs[a:b], limit, used, limit - used,
                                                 any(hasattr(u.frag, "lineBreak") for u in glyphs[a:b]),
                                                 calc_bounds))
        return paragraph.ParaLines(kind=1, lines=out)

    paragraph.wordSplit = word_split
    paragraph.cjkFragSplit = frag_split
    textsplit.wordSplit = word_split
