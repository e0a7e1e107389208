"""A document as plain parts — headings, label/value grids, ruled tables, paragraphs, signature
lines — that both the PDF (app/printing/flow.py) and the Word file (app/printing/word.py) are
made from, so that a record exported to Word says exactly what its printed page says. Pure data:
no reportlab, no python-docx."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Style(StrEnum):
    BODY = "body"  # a paragraph of the record
    INDENT = "indent"  # a paragraph of a letter or a text: first line indented two characters
    NOTE = "note"  # a smaller explanatory line
    RIGHT = "right"  # the sender and date at a letter's end
    CENTER = "center"  # a letter's own title
    TITLE = "title"  # a form's title (the branch on the first line)


@dataclass(frozen=True)
class Heading:
    """A record's title (level 1) or a book's section (level 0); ``bookmark``: in the PDF's outline."""

    text: str
    level: int = 1
    bookmark: bool = True


@dataclass(frozen=True)
class Sub:
    """A part of a record: 议题, 会议内容, 表决情况 …"""

    text: str


@dataclass(frozen=True)
class Text:
    text: str
    style: Style = Style.BODY


@dataclass(frozen=True)
class Grid:
    """Label/value pairs in a ruled grid, ``columns`` pairs a row."""

    pairs: tuple[tuple[str, str], ...]
    columns: int = 2


@dataclass(frozen=True)
class Tabular:
    """A ruled table with its header; widths in millimetres (scaled to the page), aligns l/c/r;
    ``row_mm``: a fixed row height (room to sign)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    aligns: tuple[str, ...] = ()
    row_mm: float = 0


@dataclass(frozen=True)
class Signatures:
    """Signature lines side by side ("主持人签字：____"), kept with the line above them."""

    labels: tuple[str, ...]
    dated: str = ""  # e.g. 记录日期：2025年3月5日, printed just above


@dataclass(frozen=True)
class Gap:
    mm: float = 3


@dataclass(frozen=True)
class Cut:
    """Where two letters on one sheet are cut apart."""


@dataclass(frozen=True)
class Break:
    """A new page (``room_mm``: only if less than that is left)."""

    room_mm: float = 0


Block = Heading | Sub | Text | Grid | Tabular | Signatures | Gap | Cut | Break


@dataclass
class Document:
    """What one file holds: its blocks, the title in its properties and the running header."""

    title: str
    owner: str  # the branch
    year: str  # e.g. 2025年
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


def pairs(items: list[tuple[str, object]]) -> tuple[tuple[str, str], ...]:
    return tuple((label, "" if value is None else str(value)) for label, value in items)


def rows(items: Sequence[Sequence[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple("" if v is None else str(v) for v in row) for row in items)


def is_word(target: str | Path | None) -> bool:
    """Whether ``target`` names a Word file (the suffix decides what is written)."""
    return target is not None and Path(target).suffix.lower() == ".docx"


_PART = re.compile(r"^[一二三四五六七八九十]+、")


def text_document(owner: str, year: int, kind: str, text: str) -> Document:
    """A year's text (计划, 总结): its title, parts (“一、…”) as headings, paragraphs indented."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].endswith(kind) and len(lines[0]) < 60:
        lines = lines[1:]  # a draft starts with its own title
    blocks: list[Block] = [Text(f"{owner}\n{year}年度{kind.removeprefix('年度')}", Style.TITLE)]
    blocks += [Sub(line) if _PART.match(line) and len(line) <= 40 else Text(line, Style.INDENT) for line in lines]
    return Document(kind, owner, f"{year}年", blocks)
