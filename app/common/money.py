"""Money is integer fen everywhere; this is the one place that turns it into text and back."""

from __future__ import annotations

#: The largest amount any field accepts (¥100,000,000.00): far above any real payment, far
#: below SQLite's 64-bit limit.
MAX_FEN = 10_000_000_000


class MoneyError(ValueError):
    """Not an amount of money; the message says why, in Chinese."""


def yuan(fen: int) -> str:
    """12345 → '¥123.45'; negative amounts keep their sign: '-¥1.00'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}¥{fen // 100:,}.{fen % 100:02d}"


def plain(fen: int) -> str:
    """12345 → '123.45' (no symbol, no separators; for editing fields)."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_yuan(text: object, allow_negative: bool = False) -> int:
    """'1,234.5' / '¥1234.50' / '１２３．４' / 1234.5 → fen, exactly (no float arithmetic).

    Raises:
        MoneyError: not an amount, more than two decimals, negative, or absurdly large.
    """
    if isinstance(text, bool):
        raise MoneyError(f"“{text}”不是金额")
    raw = str(text).translate(_FULLWIDTH).strip()
    for junk in ("¥", "￥", ",", "元", " "):
        raw = raw.replace(junk, "")
    negative = raw.startswith("-")
    if negative:
        if not allow_negative:
            raise MoneyError(f"金额不能为负数：{text}")
        raw = raw[1:]
    whole, _, frac = raw.partition(".")
    if not (whole.isascii() and frac.isascii()):
        raise MoneyError(f"“{text}”不是金额")
    if not whole.isdigit() and not (whole == "" and frac):
        raise MoneyError(f"“{text}”不是金额")
    if frac and (not frac.isdigit() or len(frac) > 2):
        raise MoneyError(f"“{text}”：金额最多两位小数")
    if len(whole) > 12:
        raise MoneyError(f"“{text}”：金额过大")
    fen = int(whole or "0") * 100 + int((frac + "00")[:2])
    if fen > MAX_FEN:
        raise MoneyError(f"“{text}”：金额过大（最多 {yuan(MAX_FEN)}）")
    return -fen if negative else fen
