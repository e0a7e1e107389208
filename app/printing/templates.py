"""The books' page parts as data (resources/printing/books.json): titles, sections, column sets
and widths. A committee's own template is followed by putting a books.json with the parts to
change in the data folder's ``printing`` folder: no code changes."""

from __future__ import annotations

import json
from typing import Any

from app.common import paths
from app.common.errors import UserError


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def override_path() -> Any:
    return paths.data_dir() / "printing" / "books.json"


def load() -> dict[str, Any]:
    """The bundled layouts, with the data folder's overrides applied."""
    data = json.loads((paths.resource_dir() / "printing" / "books.json").read_text(encoding="utf-8"))
    custom = override_path()
    if custom.is_file():
        try:
            extra = json.loads(custom.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"打印格式文件 {custom} 无法读取：{exc}") from None
        if not isinstance(extra, dict):
            raise UserError(f"打印格式文件 {custom} 应是一个 JSON 对象")
        data = _merge(data, extra)
    return data


def columns(book: dict[str, Any]) -> tuple[list[str], list[str], list[float], list[str]]:
    """(keys, labels, widths, aligns) of a book's column set."""
    cols = book["columns"]
    return ([c["key"] for c in cols], [c["label"] for c in cols], [float(c["width"]) for c in cols],
            [c.get("align", "l") for c in cols])
