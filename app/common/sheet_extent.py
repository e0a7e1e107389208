"""How far a workbook's sheets reach, found before the sheet reader builds them.

The reader (python-calamine) builds every sheet as one dense block from its first used cell to its
last: a roster of 40 rows with one stray space left in cell XFD1048576 asks for 17 billion cells,
and the library aborts the whole program when the memory is not there (no exception to catch).
An .xlsx/.xlsm file is a ZIP of XML: the cells each sheet holds are read here as text, a few
megabytes a second, and a sheet reaching too far is refused in words, naming the cell to clear.
(An .ods file is refused by the library itself; an .xls sheet cannot reach past 65,536 × 256.)"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

#: The most cells a sheet may span (rows × columns of its block; all the sheets together, twice
#: that): a roster of 20,000 members with 100 columns fits; a stray cell a million rows down does not.
MAX_CELLS = 2_000_000
#: Sheets' XML larger than this (all together) is no roster (nor is a ZIP made to unpack to gigabytes).
MAX_SHEET_XML = 200_000_000

# A cell's start tag: <c r="B12" ...> or the empty <c r="B12" s="3"/> (formatting, no value).
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
#: What to do about a sheet that reaches too far.
CLEAR_ADVICE = "请在 Excel 或 WPS 中删除名册以外多余的内容（或把名册复制到一个新工作簿）后再导入"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class TooFar:
    """A sheet whose cells span too many: its name, the far cell's address, rows and columns."""

    sheet: str
    cell: str
    rows: int
    columns: int

    def message(self) -> str:
        return (f"工作表“{self.sheet}”的 {self.cell} 单元格有内容，使这张表的范围达到 "
                f"{self.rows:,} 行 × {self.columns:,} 列，无法读取。{CLEAR_ADVICE}")


def too_far(path: Path) -> TooFar | str | None:
    """The first sheet of the .xlsx/.xlsm at ``path`` that spans more than :data:`MAX_CELLS`
    (or whose cells, with the sheets before it, do), a reason (text) when the sheets' XML is too
    large to be a roster, or None (also for a file that is no such ZIP: the reader then says what
    it is)."""
    spanned = unpacked = 0
    try:
        with zipfile.ZipFile(path) as archive:
            names = _sheet_names(archive)
            for part, info in ((i.filename, i) for i in archive.infolist()):
                if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                    continue
                sheet = names.get(part, posixpath.basename(part))
                unpacked += info.file_size
                if unpacked > MAX_SHEET_XML:
                    return _too_large(sheet)
                box = _extent(archive, part)
                if box is None:
                    return _too_large(sheet)
                spanned += box.spanned
                if box.spanned > MAX_CELLS:
                    return TooFar(sheet, box.far, box.rows, box.columns)
                if spanned > 2 * MAX_CELLS:
                    return (f"各工作表合计超过 {2 * MAX_CELLS // 10_000} 万个单元格，不像是名册；"
                            "请把名册单独存为一个工作簿后再导入")
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return None
    return None


def _too_large(sheet: str) -> str:
    return f"工作表“{sheet}”过大（超过 {MAX_SHEET_XML // 1_000_000} MB），不像是名册"


def _extent(archive: zipfile.ZipFile, part: str) -> _Box | None:
    """The block the sheet's cells span; None when its XML is larger than any roster's."""
    box = _Box()
    tail = b""
    with archive.open(part) as stream:
        read = 0
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > MAX_SHEET_XML:  # the ZIP's own size was false
                return None
            text = tail + chunk
            cut = text.rfind(b"<")  # a tag cut by the chunk's end is read with the next chunk
            text, tail = (text[:cut], text[cut:]) if cut > 0 and len(text) - cut < 4096 else (text, b"")
            box.add(text)
        box.add(tail)
    return box


class _Box:
    """The block the cells seen so far span, and the cells that reach lowest and furthest right."""

    def __init__(self) -> None:
        self.low_row = self.low_col = 1 << 30
        self.high_row = self.high_col = 0
        self.cells = 0
        self.lowest = self.rightmost = ""

    def add(self, text: bytes) -> None:
        found = [(letters, row) for letters, row, empty in _CELL.findall(text) if not empty]  # not <c .../>
        if not found:
            return
        self.cells += len(found)
        from openpyxl.utils.cell import column_index_from_string  # loads slowly: only when a book is read

        columns = {letters: column_index_from_string(letters.decode()) for letters in {letters for letters, _ in found}}
        low = min(found, key=_row_order)
        high = max(found, key=_row_order)
        right = max(columns, key=columns.__getitem__)
        self.low_row = min(self.low_row, int(low[1]))
        self.low_col = min(self.low_col, min(columns.values()))
        if int(high[1]) > self.high_row:
            self.high_row, self.lowest = int(high[1]), f"{high[0].decode()}{int(high[1])}"
        if columns[right] > self.high_col:
            row = next(r for letters, r in found if letters == right)
            self.high_col, self.rightmost = columns[right], f"{right.decode()}{int(row)}"

    @property
    def rows(self) -> int:
        return self.high_row - self.low_row + 1 if self.cells else 0

    @property
    def columns(self) -> int:
        return self.high_col - self.low_col + 1 if self.cells else 0

    @property
    def spanned(self) -> int:
        return self.rows * self.columns

    @property
    def far(self) -> str:
        if not self.lowest or self.lowest == self.rightmost:
            return self.rightmost
        return f"{self.rightmost} 和 {self.lowest}" if self.rightmost else self.lowest


def _row_order(cell: tuple[bytes, bytes]) -> tuple[int, bytes]:
    """A row number's digits in numeric order without making a number of each (most are short)."""
    return len(cell[1].lstrip(b"0")), cell[1].lstrip(b"0")


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name as its tab shows it (empty when the book says nothing)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_ID), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out[part] = sheet.get("name", "")
    return out
