"""Enrolling many branches from one Excel sheet (支部代码, 支部名称, 上级单位, 书记, 密钥指纹):
the header found below title rows, merged cells filled, every problem listed with its row and
column, and nothing written unless every row is right; then all rows in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.committee.service import CommitteeService
from app.common.errors import ValidationError
from app.common.sheets import Problem, SheetReadError, cell_text, read_workbook
from db.backup import take_backup

HEADERS = {
    "branch_id": ("支部代码", "代码", "编码", "支部编码", "编号"),
    "name": ("支部名称", "党支部名称", "名称", "支部"),
    "parent_unit": ("上级单位", "上级党组织", "所属单位", "单位"),
    "secretary": ("书记", "支部书记", "联系人"),
    "fingerprint": ("密钥指纹", "指纹", "公钥指纹", "报送密钥指纹"),
}
LABELS = {k: v[0] for k, v in HEADERS.items()}
_LOOKUP = {name: key for key, names in HEADERS.items() for name in names}


@dataclass
class EnrollPreview:
    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _header(grid: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    for r, row in enumerate(grid[:30]):
        found: dict[int, str] = {}
        for c, value in enumerate(row):
            key = _LOOKUP.get("".join(cell_text(value).split()).replace("：", ""))
            if key and key not in found.values():
                found[c] = key
        if {"branch_id", "name", "fingerprint"} <= set(found.values()):
            return r, found
    return None


def read(path: str | Path) -> EnrollPreview:
    """The rows as understood and every problem; writes nothing."""
    path = Path(path)
    preview = EnrollPreview(path)
    try:
        sheets = read_workbook(path)
    except SheetReadError as exc:
        preview.problems.append(Problem(None, None, str(exc)))
        return preview
    found = None
    for _name, grid in sheets:
        header = _header(grid)
        if header:
            found = (grid, header)
            break
    if found is None:
        preview.problems.append(Problem(None, None, "没有找到表头：表格中应有“支部代码”“支部名称”“密钥指纹”三列"))
        return preview
    grid, (top, columns) = found
    codes: dict[str, int] = {}
    prints: dict[str, int] = {}
    for r, row in enumerate(grid[top + 1:], start=top + 2):
        values = {key: cell_text(row[c]) if c < len(row) else "" for c, key in columns.items()}
        if not any(values.values()):
            continue
        try:
            data = CommitteeService.check_enrollment(values.get("branch_id"), values.get("name"),
                                                     values.get("fingerprint"), values.get("parent_unit", ""),
                                                     values.get("secretary", ""))
        except ValidationError as exc:
            for key, message in exc.field_errors.items():
                preview.problems.append(Problem(r, LABELS.get(key), message))
            continue
        for key, seen, label in (("branch_id", codes, "支部代码"), ("fingerprint", prints, "密钥指纹")):
            if data[key] in seen:
                preview.problems.append(Problem(r, label, f"与第{seen[data[key]]}行重复"))
            seen.setdefault(data[key], r)
        preview.rows.append({**data, "row": r})
    if not preview.rows and not preview.problems:
        preview.problems.append(Problem(None, None, "表格中没有支部"))
    return preview


def apply(service: CommitteeService, preview: EnrollPreview) -> int:
    """Enrol every row, or none (a backup is taken first)."""
    if preview.problems or not preview.rows:
        raise ValidationError({"file": "表格有问题，未登记任何支部"})
    if service.path is not None:
        take_backup(service.conn, str(service.path), "before-enroll-excel")
    with service.write():
        for row in preview.rows:
            service._enroll({k: row[k] for k in ("branch_id", "name", "fingerprint", "parent_unit", "secretary")},
                            "Excel")
    return len(preview.rows)
