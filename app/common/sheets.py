"""Reading spreadsheets as people fill them in: cell text without stray spaces, merged cells
filled in, and problems located by row and column."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.common import sheet_extent
from app.common.errors import UserError
from app.common.files import decode_text, os_reason, read_limited, readable_file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (row, column) and why, in Chinese."""

    row: int | None
    column: str | None
    message: str
    sheet: str = ""  # named when the file's rows come from more than one sheet

    def __str__(self) -> str:
        where = [f"工作表“{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return ("".join(where) + "：" if where else "") + self.message


def header_columns(row: list[Any], key_of: Callable[[Any], str | None]) -> dict[int, str]:
    """A header row's columns: position -> the key ``key_of`` reads in its cell (the first cell
    naming a key keeps it)."""
    found: dict[int, str] = {}
    for c, value in enumerate(row):
        key = key_of(value)
        if key and key not in found.values():
            found[c] = key
    return found


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    return " ".join(text.split())


def unmerged_grid(ws: Any) -> list[list[Any]]:
    """The sheet's values with every merged range filled with its top-left value."""
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            row = grid[r]
            while len(row) < rng.max_col:
                row.append(None)
            for c in range(rng.min_col - 1, rng.max_col):
                row[c] = top
    return grid


_FOOTER_WORDS = ("制表", "填表", "填报", "报送", "审核", "审批", "负责人", "联系人", "经办人", "签字", "签名",
                 "盖章", "日期", "时间", "合计", "总计", "小计", "共计", "注", "备注", "说明", "附注", "单位")
_TOTAL_WORDS = ("合计", "总计", "小计", "共计")


def footer_reason(distinct: list[str]) -> str | None:
    """Why a row whose distinct cell texts are ``distinct`` (in order) is a table's footer rather
    than data — a total, 制表人/审核人/日期, a note — or None. The caller first rules out rows
    that plainly hold data (an ID number, a date in the date column)."""
    if not distinct:
        return None
    compact = "".join(distinct[0].split())
    if compact.startswith(_TOTAL_WORDS) or any("".join(t.split()) in _TOTAL_WORDS for t in distinct):
        return "合计行"
    for word in _FOOTER_WORDS:
        if compact.startswith(word) and (len(compact) == len(word) or compact[len(word)] in "：:（(人 表"
                                         or word in ("制表", "填表", "填报", "审核", "注", "说明")):
            if word in ("注", "说明", "备注", "附注"):
                return "说明文字"
            return "表尾（制表人、审核人、日期等）"
    return None


class SheetReadError(Exception):
    """A file that cannot be read as a spreadsheet; the message is Chinese and names the file."""


#: Files read as text tables whatever they hold.
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: The formats people's rosters come in: Excel 2007+, Excel 97–2003 (also what WPS saves by
#: default), WPS 表格's own .et (an Excel 97–2003 workbook inside; read by what it holds),
#: OpenDocument (WPS, LibreOffice), and text tables (CSV, or tab-separated as Excel's
#: "Unicode 文本" and many web systems' "导出 Excel" write them).
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods", *TEXT_SUFFIXES)
#: The file choosers' filter for them (Qt's form).
SPREADSHEET_FILTER = f"表格文件 ({' '.join('*' + s for s in SPREADSHEET_SUFFIXES)});;所有文件 (*)"
#: A text table larger than this is not a roster (and is not read into memory).
TEXT_LIMIT = 20_000_000
_BOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # a ZIP (.xlsx, .ods) and an OLE file (.xls, .et)


def read_workbook(path: str | Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of the workbook at ``path`` as (name, grid): rows of cell values with the
    sheet's own row and column positions (row 1 is ``grid[0]``), empty cells ``None``, every
    merged range filled with its top-left value. Reads .xlsx, .xlsm, .xls and .ods alike, by what
    the file holds (an .xlsx renamed .xls opens too), and text tables: a .csv/.txt file, or a
    spreadsheet-named file that is tab-separated text (one sheet named after the file).

    Raises:
        SheetReadError: the file is missing, locked, encrypted or not a spreadsheet.
    """
    name = Path(path).name
    try:
        path = readable_file(path)  # a folder, a pipe, a device: reading it would fail or never end
    except UserError as exc:
        raise SheetReadError(exc.message) from None
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SheetReadError(f"无法打开 {name}：{os_reason(exc)}") from exc
    if not head:
        raise SheetReadError(f"{name} 是空文件（0字节），不是表格")
    if head.lstrip().lower().startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<meta")):
        raise SheetReadError(f"{name} 实际是网页（HTML）文件，只是扩展名为表格；请用 Excel 或 WPS 打开后"
                             "“另存为” .xlsx 格式再导入")
    if not head.startswith(_BOOK_MAGIC) and (path.suffix.lower() in TEXT_SUFFIXES or _tab_separated(head)):
        return [(path.stem, _text_grid(path))]
    if head.startswith(b"PK"):  # .xlsx: how far its sheets reach, before the reader builds them whole
        far = sheet_extent.too_far(path)
        if isinstance(far, sheet_extent.TooFar):
            raise SheetReadError(far.message())
        if far is not None:
            raise SheetReadError(far)
    return _read_book(path)


def _read_book(path: Path) -> list[tuple[str, list[list[Any]]]]:
    import python_calamine

    name = path.name
    try:
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        except python_calamine.CalamineError as exc:  # named for another format: read it by what it holds
            if _too_many_cells(exc):
                raise
            with path.open("rb") as fh:
                book = python_calamine.CalamineWorkbook.from_filelike(fh)
        sheets = []
        for index, sheet_name in enumerate(book.sheet_names):
            sheet = book.get_sheet_by_index(index)
            if sheet.height * sheet.width > sheet_extent.MAX_CELLS:  # an .xls one (.xlsx was checked)
                end = sheet.end or (sheet.height - 1, sheet.width - 1)
                far = sheet_extent.TooFar(sheet_name, _address(end[0], end[1]), sheet.height, sheet.width)
                raise SheetReadError(far.message())
            sheets.append((sheet_name, _grid(sheet)))
        book.close()
    except SheetReadError:
        raise
    except python_calamine.PasswordError as exc:
        raise SheetReadError(f"{name} 设有打开密码，请在 Excel 或 WPS 中取消密码后再导入") from exc
    except OSError as exc:
        raise SheetReadError(f"无法打开 {name}：{os_reason(exc)}") from exc
    except Exception as exc:
        if _too_many_cells(exc):  # an .ods sheet reaching too far: the library's own check
            raise SheetReadError(f"有一张工作表的范围过大（远处的单元格有内容），无法读取。{sheet_extent.CLEAR_ADVICE}"
                                 ) from exc
        kinds = "、".join(SPREADSHEET_SUFFIXES)
        raise SheetReadError(f"无法读取 {name}：不是可以识别的表格文件（支持 {kinds}），或文件已损坏；"
                             "可在 Excel 或 WPS 中打开后“另存为” .xlsx 格式再导入") from exc
    return sheets


def _tab_separated(head: bytes) -> bool:
    """Whether a file's first bytes look like a tab-separated text table (a first line with tabs);
    the last character may be cut, so up to three bytes are tried off the end."""
    text = next((t for t in (decode_text(head[:len(head) - k]) for k in range(4)) if t is not None), None)
    return text is not None and "\t" in text.split("\n", 1)[0]


def _text_grid(path: Path) -> list[list[Any]]:
    """A text table's rows (cells as text, empty ones None): comma-, tab-, semicolon- or
    bar-separated, quoted as Excel quotes."""
    name = path.name
    try:
        data = read_limited(path, TEXT_LIMIT, "名册表格")
    except UserError as exc:
        raise SheetReadError(exc.message) from None
    text = decode_text(data)
    if text is None:
        raise SheetReadError(f"无法读取 {name}：不是文本表格（应为 UTF-8 或 GBK 编码的逗号或制表符分隔的文本），"
                             "或文件已损坏；可用 Excel 或 WPS 打开后“另存为” .xlsx 格式再导入")
    sample = "\n".join([line for line in text.split("\n", 50) if line.strip()][:20])  # a title may have none
    delimiter = max("\t,;|", key=sample.count) if any(d in sample for d in "\t,;|") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)  # a quoted cell may hold line breaks
    try:
        return [[_text_cell(cell) for cell in row] for row in rows]
    except csv.Error as exc:
        raise SheetReadError(f"无法读取 {name}：第{rows.line_num}行的引号不成对（{exc}）") from exc


#: ="0123…": how a text table written for Excel keeps a number as text (an ID number's digits);
#: '0123…: the same by Excel's text prefix, as some systems write it.
_AS_TEXT = re.compile(r'^\s*="(.*)"\s*$', re.DOTALL)
_PREFIXED_NUMBER = re.compile(r"^\s*['‘’]([0-9Xx+\- ]+)\s*$")


def _text_cell(cell: str) -> str | None:
    """A text table's cell as a person meant it: None when blank, the number without the marks
    that kept it text."""
    if not cell.strip():
        return None
    kept = _AS_TEXT.match(cell) or _PREFIXED_NUMBER.match(cell)
    if kept is None:
        return cell
    return kept.group(1) if kept.group(1).strip() else None


def _grid(sheet: Any) -> list[list[Any]]:
    grid = [[None if v == "" else v for v in row] for row in sheet.to_python(skip_empty_area=False)]
    width = max((len(row) for row in grid), default=0)
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        top = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else None
        # a merge reaching past the last column that holds anything (a title merged across a
        # whole row: 16,384 columns) fills only as far as the sheet's contents go
        for r in range(r0, min(r1 + 1, len(grid))):
            row = grid[r]
            last = min(c1, max(width - 1, c0))
            while len(row) <= last:
                row.append(None)
            for c in range(c0, last + 1):
                row[c] = top
    return grid


def _too_many_cells(exc: Exception) -> bool:
    """Whether the reader refused a sheet for the number of cells it spans."""
    return "cell limit" in str(exc).lower()


def _address(row: int, column: int) -> str:
    """A cell's address as a spreadsheet shows it (row and column counted from 0)."""
    from openpyxl.utils.cell import get_column_letter  # only for this message: openpyxl loads slowly

    return f"{get_column_letter(column + 1)}{row + 1}"
