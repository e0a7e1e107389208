"""The 18-character 公民身份号码 of GB 11643-1999: check digit, birth date and sex."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True)
class IdInfo:
    """What an ID number says about its holder."""

    number: str
    birth_date: str
    gender: str


class IdNumberError(ValueError):
    """The ID number is wrong; the message says how, in Chinese."""


def normalize(value: object) -> str:
    """Strip spaces (ASCII and full-width) and upper-case the final x."""
    text = "" if value is None else str(value)
    text = text.translate(str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX"))
    return "".join(text.split()).upper()


def check_digit(first17: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def parse(value: object, today: str | None = None) -> IdInfo:
    """Validate an ID number and return what it encodes; ``today`` (ISO) bounds the birth date.

    Raises:
        IdNumberError: length, characters, birth date or check digit wrong.
    """
    number = normalize(value)
    if not number:
        raise IdNumberError("未填写公民身份号码")
    if len(number) != 18:
        raise IdNumberError(f"公民身份号码应为18位，现为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("公民身份号码前17位应为数字，最后一位为数字或X")
    try:
        birth = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError(f"公民身份号码中的出生日期 {number[6:14]} 不存在") from exc
    if birth.year < 1900 or (today is not None and birth.isoformat() > today) or birth.year > 2100:
        raise IdNumberError(f"公民身份号码中的出生日期 {number[6:14]} 不合理")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"公民身份号码校验位错误（最后一位应为 {expected}），请核对是否录错")
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth.isoformat(), gender=gender)


def make(region: str, birth: str, sequence: int, gender: str) -> str:
    """Build a valid number (for demo data and tests): region 6 digits, birth YYYYMMDD."""
    seq = sequence % 100
    last = seq * 10 + (1 if gender == "男" else 2) + (sequence // 100 % 4) * 2
    first17 = f"{region}{birth}{last:03d}"[:17]
    return first17 + check_digit(first17)
