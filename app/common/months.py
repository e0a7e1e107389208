"""Months as 'YYYY-MM' strings."""

from __future__ import annotations

import re
from functools import lru_cache

#: Years any month or date argument may name (the Party was founded in 1921).
FIRST_YEAR = 1921
LAST_YEAR = 2100
#: A month range longer than this is a typing mistake, not a request (20 years).
MAX_SPAN = 240

_FULLWIDTH = str.maketrans("０１２３４５６７８９．／－　", "0123456789./- ")
_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")


class MonthError(ValueError):
    """Not a month or a month range; the message says why, in Chinese."""


def of(iso_date: str) -> str:
    return iso_date[:7]


def add(month: str, n: int) -> str:
    total = int(month[:4]) * 12 + int(month[5:7]) - 1 + n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def count(first: str, last: str) -> int:
    """How many months from ``first`` to ``last`` inclusive (0 when last < first)."""
    n = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    return max(0, n)


def span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive."""
    return list(_span(first, last))


@lru_cache(maxsize=4096)
def _span(first: str, last: str) -> tuple[str, ...]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    for _ in range(count(first, last)):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return tuple(out)


def parse(text: object) -> str:
    """'2025-03', '2025.3', '2025年3月', '２０２５-０３' → '2025-03'.

    Raises:
        MonthError: not a month, or a year outside 1921–2100.
    """
    raw = str(text).translate(_FULLWIDTH).strip()
    m = _MONTH.match(raw)
    if not m:
        shown = "".join(ch if ch.isprintable() else "�" for ch in str(text))[:30]
        raise MonthError(f"“{shown}”不是月份（应写成 2025-03）")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise MonthError(f"“{raw}”：月份 {month} 不存在")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MonthError(f"“{raw}”：年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    return f"{year:04d}-{month:02d}"


def parse_range(text: object, max_months: int = MAX_SPAN) -> list[str]:
    """'2025-01..2025-03', '2025-01' or '2025-01,2025-03' → the months, in order.

    Raises:
        MonthError: a part is not a month, the range is reversed, or longer than ``max_months``.
    """
    raw = str(text).translate(_FULLWIDTH).strip()
    if ".." in raw or "至" in raw:
        a, b = (p.strip() for p in re.split(r"\.\.|至", raw, maxsplit=1))
        first, last = parse(a), parse(b)
        if last < first:
            raise MonthError(f"月份范围 {raw} 的结束早于开始")
        if count(first, last) > max_months:
            raise MonthError(f"月份范围 {raw} 过长（最多 {max_months} 个月）")
        return span(first, last)
    parts = [p.strip() for p in re.split(r"[,，、]", raw) if p.strip()]
    if not parts:
        raise MonthError("请填写月份（如 2025-03 或 2025-01..2025-03）")
    found = sorted({parse(p) for p in parts})
    if len(found) > max_months:
        raise MonthError(f"月份过多（最多 {max_months} 个月）")
    return found


def quarter_end(month: str) -> str:
    q_last = (int(month[5:7]) - 1) // 3 * 3 + 3
    return f"{month[:4]}-{q_last:02d}"


def cn(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def runs(months: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """Sorted months as runs of consecutive months: ['2025-01', '2025-02', '2025-05'] →
    [('2025-01', '2025-02'), ('2025-05', '2025-05')]."""
    out: list[tuple[str, str]] = []
    for m in sorted(months):
        if out and add(out[-1][1], 1) == m:
            out[-1] = (out[-1][0], m)
        else:
            out.append((m, m))
    return out


def longest_run(months: list[str] | tuple[str, ...]) -> int:
    """The most consecutive months among ``months``."""
    return max((count(a, b) for a, b in runs(months)), default=0)


def describe(months: list[str] | tuple[str, ...]) -> str:
    """Months in words: 2025年1月至3月、2025年5月 (a run within a year names its year once)."""
    parts = []
    for a, b in runs(months):
        if a == b:
            parts.append(cn(a))
        elif a[:4] == b[:4]:
            parts.append(f"{cn(a)}至{int(b[5:7])}月")
        else:
            parts.append(f"{cn(a)}至{cn(b)}")
    return "、".join(parts)
