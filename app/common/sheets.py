"""Reading spreadsheets as people fill them in: cell text without stray spaces, merged cells
filled in, and problems located by row and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (row, column) and why, in Chinese."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return ("".join(where) + "：" if where else "") + self.message


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
