"""Checking what a person types or a file holds before anything is written: dates with
full-width digits, years, bounded integers, text without control characters, JSON of the
right shape. Every refusal is a :class:`InputError` naming the field, in Chinese.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.common import dates, months
from app.common.errors import UserError

#: The largest integer any count or id accepts (far below SQLite's 2**63).
MAX_INT = 1_000_000_000
MAX_TEXT = 20_000
MAX_JSON_DEPTH = 20
MAX_JSON_BYTES = 20_000_000

_DIGITS = str.maketrans("０１２３４５６７８９－＋", "0123456789-+")


class InputError(UserError):
    """A value is wrong; ``field`` names where (a CLI argument or a JSON field)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}：{problem}" if field else problem)


def shown(value: object, limit: int = 30) -> str:
    return dates.shown(value, limit)


def date_value(value: object, field: str = "日期", *, allow_month: bool = False,
               first_year: int = months.FIRST_YEAR, exact: bool = False) -> str:
    """An ISO date from any shape people type; month-only only when ``allow_month``. ``exact``
    (a command's argument, a JSON field) takes only text, with nothing around the date."""
    if exact:
        if not isinstance(value, str):
            raise InputError(field, f"应是日期文字（如 2025-03-12），现为 {_type_name(value)}")
        if value != value.strip():
            raise InputError(field, "日期前后有多余的空格或换行")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(field, f"应是日期文字（如 2025-03-12），现为 {_type_name(value)}")
    try:
        iso = dates.parse_date(value)
    except dates.DateParseError as exc:
        raise InputError(field, str(exc)) from None
    if iso is None:
        raise InputError(field, "未填写日期")
    if len(iso) == 7 and not allow_month:
        raise InputError(field, f"“{shown(value)}”只写到月，请写到具体日期（年月日）")
    if not first_year <= int(iso[:4]) <= months.LAST_YEAR:
        raise InputError(field, f"年份应在 {first_year}–{months.LAST_YEAR} 之间")
    return iso


def optional_date(value: object, field: str = "日期", **kw: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return date_value(value, field, **kw)


def year_value(value: object, field: str = "年度") -> int:
    text = str(value).translate(_DIGITS).strip().removesuffix("年")
    if not text.isdigit() or len(text) != 4:
        raise InputError(field, f"“{shown(value)}”不是年份（应写成 2025）")
    year = int(text)
    if not months.FIRST_YEAR <= year <= months.LAST_YEAR:
        raise InputError(field, f"年份应在 {months.FIRST_YEAR}–{months.LAST_YEAR} 之间")
    return year


def month_value(value: object, field: str = "月份") -> str:
    try:
        return months.parse(value)
    except months.MonthError as exc:
        raise InputError(field, str(exc)) from None


def month_range(value: object, field: str = "月份", max_months: int = months.MAX_SPAN) -> list[str]:
    try:
        return months.parse_range(value, max_months)
    except months.MonthError as exc:
        raise InputError(field, str(exc)) from None


def int_value(value: object, field: str, lo: int = 0, hi: int = MAX_INT) -> int:
    if isinstance(value, bool):
        raise InputError(field, "应是整数")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).translate(_DIGITS).strip()
        body = text[1:] if text[:1] in "+-" else text
        if not body.isascii() or not body.isdigit():
            raise InputError(field, f"“{shown(value)}”不是整数")
        if len(body) > 18:
            raise InputError(field, f"数字 {shown(value)} 过大（应在 {lo}–{hi} 之间）")
        number = int(text)
    if not lo <= number <= hi:
        raise InputError(field, f"应在 {lo}–{hi} 之间，现为 {shown(number)}")
    return number


def text_value(value: object, field: str, *, multiline: bool = False, max_len: int = MAX_TEXT,
               required: bool = False, exact: bool = False) -> str:
    """Text without NUL or other control characters (newlines and tabs only when ``multiline``).
    A number is taken as its digits (a spreadsheet's cell), except when ``exact`` (a JSON field)."""
    if value is None:
        value = ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not exact:
        value = str(value)
    if not isinstance(value, str):
        raise InputError(field, f"应是文字，现为 {_type_name(value)}")
    allowed = "\n\t\r" if multiline else ""
    for ch in value:
        if not ch.isprintable() and ch not in allowed and ch not in "\u3000\xa0 ":
            raise InputError(field, f"含有不可见的控制字符（U+{ord(ch):04X}）")
    if len(value) > max_len:
        raise InputError(field, f"过长（{len(value)} 字，最多 {max_len} 字）")
    if required and not value.strip():
        raise InputError(field, "不能为空")
    return value


def bool_value(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip() in ("是", "否", "true", "false"):
        return value.strip() in ("是", "true")
    raise InputError(field, f"应是 true/false（或“是”“否”），现为 {shown(value)}")


def _type_name(value: object) -> str:
    return {dict: "对象", list: "列表", str: "文字", bool: "真假值", int: "数字", float: "数字",
            type(None): "空值"}.get(type(value), type(value).__name__)


def depth(value: object) -> int:
    """Nesting depth of parsed JSON, computed without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item)
    return deepest


class _RepeatedKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKey(key)
        out[key] = value
    return out


def load_json(text: str | bytes, where: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON text, refusing invalid UTF-8, syntax errors, huge input and deep nesting."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            raise InputError(where, f"文件过大（超过 {MAX_JSON_BYTES // 1_000_000} MB）")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(where, "不是 UTF-8 编码的文本") from None
    if len(text) > MAX_JSON_BYTES:
        raise InputError(where, "内容过长")
    if "\x00" in text:
        raise InputError(where, "含有 NUL 字符，不是有效的 JSON")
    try:
        data = json.loads(text, object_pairs_hook=_no_repeated_keys)
    except _RepeatedKey as exc:
        raise InputError(where, f"JSON 中字段“{shown(exc.key)}”出现了不止一次（只能写一次）") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            where, f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{_json_reason(exc.msg)}）"
        ) from None
    except RecursionError:
        raise InputError(where, f"JSON 嵌套过深（最多 {max_depth} 层）") from None
    if depth(data) > max_depth:
        raise InputError(where, f"JSON 嵌套过深（最多 {max_depth} 层）")
    return data


def _json_reason(msg: str) -> str:
    known = {
        "Expecting value": "缺少值",
        "Expecting property name enclosed in double quotes": "键名应使用双引号",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Extra data": "末尾有多余内容",
        "Unterminated string starting at": "字符串没有结束",
        "Invalid control character at": "字符串中有控制字符",
        "Invalid \\escape": "无效的转义",
    }
    for key, text in known.items():
        if msg.startswith(key):
            return text
    return "格式错误"


def expect_object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(where, f"应是一个 JSON 对象（{{…}}），现为 {_type_name(value)}")
    return value


def expect_list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(where, f"应是列表（[…]），现为 {_type_name(value)}")
    return value


def check_keys(data: Mapping[str, Any], allowed: Mapping[str, str], where: str) -> None:
    """Refuse keys that are not in ``allowed`` (key -> Chinese label)."""
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise InputError(where, f"未知字段“{shown(unknown[0])}”；可用字段：" + "、".join(allowed))
