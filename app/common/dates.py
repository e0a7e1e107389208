"""Dates: parsing the shapes found in real rosters, Chinese display, and calendar arithmetic.

Dates are stored as ISO strings, 'YYYY-MM-DD', or 'YYYY-MM' where the source gives only the
month (common in old paper rosters). Arithmetic treats a month-only date as the 1st.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．／－：　", "0123456789./-: ")
_DAY = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")
#: A date with a time of day after it (2005-07-01T00:00:00, 2005/7/1 0:00 as Excel writes a CSV): the date is kept.
_WITH_TIME = re.compile(r"^(.+?)(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")

MIN_YEAR = 1900
MAX_YEAR = 2100


class DateParseError(ValueError):
    """The value is not a date in any shape we accept; the message says why, in Chinese."""


def shown(value: object, limit: int = 40) -> str:
    """A value as it may be quoted in a message: control characters made visible, cut short."""
    text = "".join(ch if ch.isprintable() else "�" for ch in str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def _make(year: int, month: int, day: int | None) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"年份 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
    if not 1 <= month <= 12:
        raise DateParseError(f"月份 {month} 不存在")
    if day is None:
        return f"{year:04d}-{month:02d}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateParseError(f"{year}年{month}月没有{day}日")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _excel_serial(value: float) -> str:
    # Excel's 1900 date system (with its fictitious 1900-02-29): serial 60 is that day.
    serial = int(value)
    if serial < 61:
        raise DateParseError(f"数字 {value} 不像日期")
    day = _dt.date(1899, 12, 30) + _dt.timedelta(days=serial)
    return _make(day.year, day.month, day.day)


def parse_date(value: object) -> str | None:
    """Parse one cell or field into an ISO date string; None for an empty value.

    Accepts date/datetime objects, Excel serial numbers, 19850312 / 198503 as numbers or text,
    and text such as 1985-03-12, 1985.3.12, 1985/3/12, 1985年3月12日, 1985.03, 1985年3月.
    A number like 1985.1 typed into Excel is ambiguous (January or October?) and is refused.

    Raises:
        DateParseError: with a Chinese explanation.
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return _make(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return _make(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise DateParseError("不是日期")
    if isinstance(value, int):
        return _parse_number_text(str(value), value)
    if isinstance(value, float):
        if value.is_integer():
            return _parse_number_text(str(int(value)), value)
        year = int(value)
        if MIN_YEAR <= year <= MAX_YEAR:
            hundredths = round((value - year) * 100)
            tenths_only = abs(round((value - year) * 10) * 10 - hundredths) == 0
            if tenths_only and hundredths == 10:
                raise DateParseError(
                    f"“{value}”无法确定是1月还是10月（Excel 把 1985.10 存成了 1985.1），"
                    "请把该单元格改为文本，写成 1985.01 或 1985.10"
                )
            month = hundredths // 10 if tenths_only else hundredths
            return _make(year, month, None)
        return _excel_serial(value)
    text = str(value).translate(_FULLWIDTH).strip()
    if not text:
        return None
    m = _WITH_TIME.match(text)
    if m:
        text = m.group(1)
    for pattern, has_day in ((_DAY, True), (_MONTH, False)):
        m = pattern.match(text)
        if m:
            return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)) if has_day else None)
    if text.isdigit():
        return _parse_number_text(text, text)
    raise DateParseError(f"“{shown(value)}”不是可识别的日期（例如 1985-03-12、1985年3月12日、1985.03）")


def _parse_number_text(text: str, original: object) -> str:
    m = _COMPACT_DAY.match(text)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT_MONTH.match(text)
    if m and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        return _make(int(m.group(1)), int(m.group(2)), None)
    if len(text) == 4:
        raise DateParseError(f"“{original}”只有年份，请写到月或日")
    if isinstance(original, (int, float)) and 0 < int(original) < 80000:
        return _excel_serial(float(original))
    raise DateParseError(f"“{shown(original)}”不是可识别的日期")


def is_valid_iso(text: str | None) -> bool:
    if not text:
        return False
    try:
        return parse_date(text) == text
    except DateParseError:
        return False


def to_date(iso: str) -> _dt.date:
    """An ISO string (day or month precision) as a date; month-only means the 1st."""
    if len(iso) == 7:
        return _dt.date(int(iso[:4]), int(iso[5:7]), 1)
    return _dt.date.fromisoformat(iso[:10])


def weekday_cn(iso: str) -> str:
    """星期一 … 星期日."""
    return "星期" + "一二三四五六日"[to_date(iso).weekday()]


def fmt_cn(iso: str | None) -> str:
    """2025-03-12 → 2025年3月12日; 1985-03 → 1985年3月; None → ''."""
    if not iso:
        return ""
    if len(iso) == 7:
        return f"{int(iso[:4])}年{int(iso[5:7])}月"
    d = to_date(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def add_months(iso: str, months: int) -> str:
    """Calendar months later; a day past the end of the target month is clamped to its end.

    One year after 2024-02-29 is therefore 2025-02-28 (the last day of February), the reading
    a person counting "one full year" on a calendar gives most often.
    """
    d = to_date(iso)
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return _dt.date(year, month, day).isoformat()


def add_months_end_aware(iso: str, months: int) -> str:
    """Like :func:`add_months`, but the last day of a month stays the last day of a month: six
    months after 30 November is 31 May, so a half-year record ending 30 November followed by one
    ending 31 May is back to back."""
    later = add_months(iso, months)
    d = to_date(iso)
    if d.day == calendar.monthrange(d.year, d.month)[1]:
        end = to_date(later)
        return _dt.date(end.year, end.month, calendar.monthrange(end.year, end.month)[1]).isoformat()
    return later


def add_years(iso: str, years: int) -> str:
    return add_months(iso, 12 * years)


def days_between(a: str, b: str) -> int:
    return (to_date(b) - to_date(a)).days
