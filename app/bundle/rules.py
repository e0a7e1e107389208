"""The bundle's settings and names (no I/O)."""

from __future__ import annotations

import re

from app.common import settings as registry

BRANCH_CODE = registry.define(registry.Setting(
    "bundle.branch_code", "支部代码（上级党委编定，写入报送包）", "", kind="text", tag="P"))


#: What a branch code may be (the committee's own enrolment allows the same, app/committee/service.py).
CODE_PATTERN = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff._-]{1,40}$")


def code_error(code: str) -> str | None:
    """Why ``code`` cannot be a branch code (None when it can)."""
    if not code.strip():
        return "支部代码不能为空"
    if not CODE_PATTERN.match(code.strip()):
        return "支部代码应为1–40位字母、数字、汉字或 . _ -"
    return None


def file_name(year: int, branch_name: str, seq: int) -> str:
    """The bundle's file name: year, branch and version, safe on every file system."""
    safe = "".join(ch for ch in branch_name if ch not in '\\/:*?"<>|').strip() or "支部"
    return f"{year}年度报送包-{safe[:60]}-第{seq}版.bbx"
