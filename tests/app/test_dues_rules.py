"""Whether a payment may be recorded, decided without a database (app.dues.rules)."""

from __future__ import annotations

from app.dues import rules as dr

FACTS = dr.PaymentFacts(
    name="张三", liable=frozenset({"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"}),
    due={"2025-01": 1500, "2025-02": 1500, "2025-03": 1500, "2025-04": 1500, "2025-05": 1500, "2025-06": 1500},
    paid={"2025-01": 1500, "2025-02": 500}, backpay_limit=6, prepay="quarter", pay_month_closed=False)


def _check(months: list[str], amount: int, on: str = "2025-04-10", facts: dr.PaymentFacts = FACTS, **kw: str):
    return dr.validate_payment(months, amount, on, facts, **kw)


def test_an_ordinary_payment_covers_the_months_owed_earliest_first() -> None:
    errors, owing = _check(["2025-03", "2025-02"], 2500)
    assert errors == {} and owing == [("2025-02", 1000), ("2025-03", 1500)]
    errors, owing = _check(["2025-02", "2025-03"], 1200)  # the last month may be part-paid
    assert errors == {} and owing[-1] == ("2025-03", 1500)


def test_months_that_are_not_owed_are_refused_with_the_reason() -> None:
    assert _check(["2025-01"], 100)[0] == {"months": "张三2025年1月的党费已交清"}
    assert _check(["2024-12"], 100)[0]["months"] == "张三2024年12月不在本支部交纳党费的范围内"
    unassessed = dr.PaymentFacts(**{**FACTS.__dict__, "due": {}})
    assert _check(["2025-03"], 100, facts=unassessed)[0]["months"] == "张三2025年的党费尚未核定，请先核定"


def test_amounts_beyond_what_is_owed_or_too_small_for_the_earlier_months() -> None:
    assert _check(["2025-03"], 1501)[0] == {"amount": "交纳金额¥15.01超过所选月份应交的¥15.00"}
    assert "不足以交清前1个月" in _check(["2025-02", "2025-03"], 1000)[0]["amount"]


def test_back_pay_past_the_limit_needs_a_reason_and_prepay_stops_at_the_setting() -> None:
    late = dr.PaymentFacts(**{**FACTS.__dict__, "backpay_limit": 1})
    assert "已超过1个月" in _check(["2025-02"], 1000, facts=late)[0]["backpay_override"]
    assert _check(["2025-02"], 1000, facts=late, backpay_override="长期外派")[0] == {}
    assert _check(["2025-06"], 1500)[0] == {}  # paid in April: up to the end of its quarter
    assert _check(["2025-06"], 1500, on="2025-03-10")[0]["months"].startswith("最多只能预交到2025年3月")


def test_a_receipt_dated_in_a_closed_month_is_a_correction() -> None:
    closed = dr.PaymentFacts(**{**FACTS.__dict__, "pay_month_closed": True})
    assert "该月收缴已结算" in _check(["2025-03"], 1500, facts=closed)[0]["correction_reason"]
    assert _check(["2025-03"], 1500, facts=closed, correction_reason="当月收到漏记")[0] == {}


def test_the_fields_themselves() -> None:
    assert dr.payment_field_errors([], 0, "支票", "2025-13-01") == {
        "months": "请选择交纳的月份", "amount": "交纳金额应大于0", "method": "交纳方式应为现金、转账或其他",
        "paid_on": "请填写交纳日期"}
    assert dr.payment_field_errors(["2025-01"], 1, "现金", "2025-01-05") == {}
