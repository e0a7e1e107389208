"""公民身份号码 (GB 11643): check digit, birth date, sex."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.common import idcard


def test_a_published_example_is_valid() -> None:
    info = idcard.parse("11010519491231002X")
    assert info.birth_date == "1949-12-31"
    assert info.gender == "女"


def test_lower_case_x_and_spaces_are_accepted() -> None:
    assert idcard.parse(" 110105 19491231 002x ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "校验位错误（最后一位应为 X）"),
        ("11010519491231002", "应为18位，现为17位"),
        ("1101051949123100XX", "前17位应为数字"),
        ("110105194902300020", "出生日期 19490230 不存在"),
        ("110105213001010011", "不合理"),
        ("", "未填写"),
    ],
)
def test_bad_numbers_say_what_is_wrong(number: str, fragment: str) -> None:
    with pytest.raises(idcard.IdNumberError) as info:
        idcard.parse(number)
    assert fragment in str(info.value)


def test_any_single_digit_typo_is_caught() -> None:
    good = "11010519491231002X"
    for pos in range(17):
        for digit in "0123456789":
            if digit == good[pos]:
                continue
            typo = good[:pos] + digit + good[pos + 1:]
            with pytest.raises(idcard.IdNumberError):
                idcard.parse(typo)


@given(
    birth=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2007, 12, 31)),
    seq=st.integers(min_value=0, max_value=399),
    gender=st.sampled_from(["男", "女"]),
)
def test_made_numbers_parse_back(birth: dt.date, seq: int, gender: str) -> None:
    number = idcard.make("370102", birth.strftime("%Y%m%d"), seq, gender)
    info = idcard.parse(number)
    assert info.birth_date == birth.isoformat()
    assert info.gender == gender
