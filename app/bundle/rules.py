"""The bundle's settings and names (no I/O)."""

from __future__ import annotations

from app.common import settings as registry

BRANCH_CODE = registry.define(registry.Setting(
    "bundle.branch_code", "支部代码（上级党委编定，写入报送包）", "", kind="text", tag="P"))


def file_name(year: int, branch_name: str, seq: int) -> str:
    """The bundle's file name: year, branch and version, safe on every file system."""
    safe = "".join(ch for ch in branch_name if ch not in '\\/:*?"<>|').strip() or "支部"
    return f"{year}年度报送包-{safe[:60]}-第{seq}版.bbx"
