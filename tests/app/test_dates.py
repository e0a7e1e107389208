"""Date shapes found in real rosters, Chinese display, and calendar arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from app.common import dates


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("1985-03-12", "1985-03-12"),
        ("1985.3.12", "1985-03-12"),
        ("1985/3/12", "1985-03-12"),
        ("1985年3月12日", "1985-03-12"),
        (" 1985 年 3 月 12 日 ", "1985-03-12"),
        ("１９８５．０３．１２", "1985-03-12"),
        ("1985.03", "1985-03"),
        ("1985年3月", "1985-03"),
        ("1985-3", "1985-03"),
        ("198503", "1985-03"),
        ("19850312", "1985-03-12"),
        ("1985-03-12 00:00:00", "1985-03-12"),
        ("1985/3/12 0:00", "1985-03-12"),  # a date-time cell as Excel writes it into a CSV
        ("1985-03-12T09:30:00", "1985-03-12"),
        ("1985年3月12日 9:30", "1985-03-12"),
        (dt.datetime(1985, 3, 12, 0, 0), "1985-03-12"),
        (dt.date(1985, 3, 12), "1985-03-12"),
        (31118, "1985-03-12"),  # Excel serial number
        (19850312, "1985-03-12"),  # typed as a number
        (198503, "1985-03"),
        (1985.03, "1985-03"),  # Excel turned the text 1985.03 into a number
        (1985.12, "1985-12"),
        (1985.3, "1985-03"),  # 1985.30 cannot be a month: it was 1985.3
        (None, None),
        ("  ", None),
    ],
)
def test_every_shape_is_understood(raw: object, iso: str | None) -> None:
    assert dates.parse_date(raw) == iso


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1985-02-30", "没有30日"),
        ("1985-13-01", "月份 13 不存在"),
        ("1985", "只有年份"),
        ("去年三月", "不是可识别的日期"),
        (1985.1, "1月还是10月"),
        ("1850-01-01", "年份 1850"),
    ],
)
def test_bad_dates_say_why(raw: object, fragment: str) -> None:
    with pytest.raises(dates.DateParseError) as info:
        dates.parse_date(raw)
    assert fragment in str(info.value)


def test_chinese_display() -> None:
    assert dates.fmt_cn("2025-03-12") == "2025年3月12日"
    assert dates.fmt_cn("1985-03") == "1985年3月"
    assert dates.fmt_cn(None) == ""


def test_one_year_after_29_february_is_28_february() -> None:
    assert dates.add_years("2024-02-29", 1) == "2025-02-28"
    assert dates.add_years("2024-02-29", 4) == "2028-02-29"
    assert dates.add_months("2025-01-31", 1) == "2025-02-28"
    assert dates.add_years("1985-03", 1) == "1986-03-01"
