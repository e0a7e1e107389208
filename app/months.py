"""Months as 'YYYY-MM' strings."""

from __future__ import annotations


def of(iso_date: str) -> str:
    return iso_date[:7]


def add(month: str, n: int) -> str:
    total = int(month[:4]) * 12 + int(month[5:7]) - 1 + n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive."""
    out = []
    m = first
    while m <= last:
        out.append(m)
        m = add(m, 1)
    return out


def parse_range(text: str) -> list[str]:
    """'2025-01..2025-03', '2025-01' or '2025-01,2025-03' → the months."""
    text = text.strip()
    if ".." in text:
        a, b = (p.strip() for p in text.split("..", 1))
        _check(a)
        _check(b)
        if b < a:
            raise ValueError(f"月份范围 {text} 的结束早于开始")
        return span(a, b)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for p in parts:
        _check(p)
    return sorted(set(parts))


def _check(month: str) -> None:
    if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit() or not 1 <= int(month[5:]) <= 12:
        raise ValueError(f"“{month}”不是月份（应写成 2025-03）")


def quarter_end(month: str) -> str:
    q_last = (int(month[5:7]) - 1) // 3 * 3 + 3
    return f"{month[:4]}-{q_last:02d}"


def cn(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"
