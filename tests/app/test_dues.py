"""Party dues: the rate table and its worked examples, rounding, the cap, liability from the
roster, assessment, back-pay limits, arrears across years, month close, 本月收缴."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.common.errors import UserError, ValidationError
from app.dues import rules as dr
from app.roster.model import Arrival
from db import engine
from tests.conftest import make_member, services_of


@pytest.mark.parametrize(
    ("category", "base", "expected"),
    [
        ("在职", "2800", "14.00"), ("在职", "4800", "48.00"), ("在职", "8000", "120.00"),
        ("在职", "12000", "240.00"), ("离退休", "5000", "25.00"), ("离退休", "6200", "62.00"),
        ("在职", "80000", "1000.00"),
    ],
)
def test_rulebook_worked_examples(category: str, base: str, expected: str) -> None:
    assert dr.calculate(category, dr.parse_yuan(base)).amount_fen == dr.parse_yuan(expected)


def test_students_farmers_and_the_unemployed_pay_flat_amounts() -> None:
    assert dr.calculate("学生").amount_fen == 20
    assert dr.calculate("下岗失业").amount_fen == 20
    assert dr.calculate("农民").amount_fen == 20
    assert dr.calculate("农民", farmer_fen=100).amount_fen == 100
    with pytest.raises(dr.DuesError):
        dr.calculate("农民", farmer_fen=150)
    assert dr.calculate("其他", low_income=True).amount_fen == 20
    assert dr.calculate("其他", 400_000).amount_fen == 4000  # income-based, Art. 4


@pytest.mark.parametrize(
    ("base", "expected"),
    [("3000.00", "15.00"), ("3000.01", "30.00"), ("5000.00", "50.00"), ("5000.01", "75.00"),
     ("10000.00", "150.00"), ("10000.01", "200.00"), ("0.00", "0.00")],
)
def test_every_in_service_bracket_boundary(base: str, expected: str) -> None:
    assert dr.calculate("在职", dr.parse_yuan(base)).amount_fen == dr.parse_yuan(expected)


@pytest.mark.parametrize(("base", "expected"), [("5000.00", "25.00"), ("5000.01", "50.00"), ("9000", "90.00")])
def test_retiree_bracket_boundary(base: str, expected: str) -> None:
    assert dr.calculate("离退休", dr.parse_yuan(base)).amount_fen == dr.parse_yuan(expected)


def test_the_cap_and_paying_above_it() -> None:
    assert dr.calculate("在职", 5_000_000).amount_fen == 100_000  # 50,000 × 2% = 1,000: at the cap
    over = dr.calculate("在职", 5_000_100)
    assert over.capped and over.amount_fen == 100_000 and over.formula_fen == 100_002
    assert dr.calculate("在职", 5_000_100, above_cap=True).amount_fen == 100_002
    assert dr.calculate("在职", 8_000_000, cap_fen=200_000).amount_fen == 160_000


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("fen-half-up", 4823), ("fen-truncate", 4822), ("jiao-half-up", 4820), ("jiao-truncate", 4820),
     ("yuan-half-up", 4800), ("yuan-truncate", 4800)],
)
def test_each_rounding_mode(mode: str, expected: int) -> None:
    # 4822.50 × 1% = 48.2250 元
    assert dr.calculate("在职", 482_250, rounding=mode).amount_fen == expected


@pytest.mark.parametrize(
    ("mode", "base", "expected"),
    [("fen-half-up", 300_050, 3001), ("fen-truncate", 300_050, 3000), ("jiao-half-up", 302_500, 3030),
     ("jiao-truncate", 302_500, 3020),
     ("yuan-half-up", 1_250_000, 25_000), ("yuan-half-up", 1_002_500, 20_100), ("yuan-truncate", 1_009_900, 20_100)],
)
def test_rounding_half_way_cases(mode: str, base: int, expected: int) -> None:
    assert dr.calculate("在职", base, rounding=mode).amount_fen == expected


@given(base=st.integers(min_value=0, max_value=10_000_000))
def test_amount_never_exceeds_the_formula_or_the_cap(base: int) -> None:
    calc = dr.calculate("在职", base)
    assert calc.amount_fen <= dr.DEFAULT_CAP
    assert calc.amount_fen <= calc.formula_fen
    assert abs(calc.formula_fen * 1000 - base * calc.rate_permille) <= 500  # half a fen at most


def test_money_is_parsed_exactly() -> None:
    assert dr.parse_yuan("1,234.5") == 123_450
    assert dr.parse_yuan("¥0.07") == 7
    assert dr.yuan(123_450) == "¥1,234.50"
    with pytest.raises(dr.DuesError):
        dr.parse_yuan("12.345")
    with pytest.raises(dr.DuesError):
        dr.parse_yuan("十元")


# -- the ledger ---------------------------------------------------------------------------

@pytest.fixture
def dues(branch_conn):
    members = services_of(branch_conn).roster
    ids = {
        "full": members.create(make_member(name="甲", join_date="2010-03-01"), arrival=Arrival(date="2015-01-01")),
        "prob": members.create(
            make_member(name="乙", join_date="2025-04-15", full_date=None, member_class="预备"),
            arrival=Arrival(kind="本支部发展"),
        ),
        "retired": members.create(
            make_member(name="丙", birth="19500101", join_date="1980-01-01", personnel_category="离退休"),
            arrival=Arrival(date="2015-01-01"),
        ),
    }
    return services_of(branch_conn).dues, ids


def test_probationary_members_owe_from_the_meeting_month(dues, branch_conn) -> None:
    service, ids = dues
    prob = services_of(branch_conn).roster.get(ids["prob"])
    assert service.liable_months(prob, "2025-01", "2025-06") == ["2025-04", "2025-05", "2025-06"]
    service.set_setting("dues.probation_first_month", "next")
    assert service.liable_months(prob, "2025-01", "2025-06") == ["2025-05", "2025-06"]


def test_leavers_and_transfers_in(dues, branch_conn) -> None:
    service, ids = dues
    members = services_of(branch_conn).roster
    members.leave(ids["full"], "转出", "2025-03-20", org="中共某局党支部")
    full = members.get(ids["full"])
    assert service.liable_months(full, "2025-01", "2025-06") == ["2025-01", "2025-02", "2025-03"]
    moved = members.create(
        make_member(name="丁", join_date="2012-01-01"),
        arrival=Arrival(kind="转入", date="2025-05-12", org="中共某区党支部"),
    )
    assert service.liable_months(members.get(moved), "2025-01", "2025-07") == ["2025-06", "2025-07"]


def test_assessment_is_fixed_for_the_year(dues) -> None:
    service, ids = dues
    service.assess(ids["full"], 2025, base_fen=480_000, approved_by="书记")
    with pytest.raises(ValidationError) as info:
        service.assess(ids["full"], 2025, base_fen=600_000)
    assert "年内一般不变动" in info.value.field_errors["change_reason"]
    service.assess(
        ids["full"], 2025, base_fen=600_000, change_reason="工资套改，经支部同意调整", effective_from="2025-07"
    )
    assert service.assessment_for(ids["full"], "2025-06").amount_fen == 4800
    assert service.assessment_for(ids["full"], "2025-07").amount_fen == 9000
    assert len(service.assessments(ids["full"], 2025)) == 2  # history kept


def test_income_items_and_exclusions(dues) -> None:
    service, ids = dues
    items = [
        {"name": "职务工资", "amount_fen": 300_000},
        {"name": "级别工资", "amount_fen": 250_000},
        {"name": "住房公积金", "amount_fen": 80_000, "excluded": True},
    ]
    aid = service.assess(ids["full"], 2025, income_items=items)
    a = service.assessments(ids["full"], 2025)[0]
    assert a.id == aid and a.base_fen == 550_000 and a.amount_fen == 8250


def test_reductions_need_both_approvals(dues) -> None:
    service, ids = dues
    with pytest.raises(ValidationError) as info:
        service.assess(ids["retired"], 2025, base_fen=400_000, reduced_fen=0, reduction_reason="生活困难")
    assert {"branch_decision", "upper_approval"} <= set(info.value.field_errors)
    service.assess(
        ids["retired"],
        2025,
        base_fen=400_000,
        reduced_fen=0,
        reduction_reason="生活困难",
        branch_decision="2025年1月支委会研究同意",
        upper_approval="机关党委〔2025〕2号",
    )
    ledger = {r.name: r for r in service.ledger.grid(2025, "2025-06-15")}
    assert ledger["丙"].cells[0].status == "exempt"


def test_paying_months_part_payment_and_statuses(dues) -> None:
    service, ids = dues
    service.assess(ids["full"], 2025, base_fen=480_000)
    service.pay(ids["full"], ["2025-01", "2025-02", "2025-03"], 14_400, paid_on="2025-03-10")
    service.pay(ids["full"], ["2025-04"], 2_000, paid_on="2025-04-10")
    row = next(r for r in service.ledger.grid(2025, "2025-05-20") if r.member_id == ids["full"])
    statuses = [c.status for c in row.cells[:7]]
    assert statuses == ["paid", "paid", "paid", "part-paid", "due", "future", "future"]
    with pytest.raises(ValidationError) as info:
        service.pay(ids["full"], ["2025-01"], 4_800, paid_on="2025-05-01")
    assert "已交清" in info.value.field_errors["months"]
    with pytest.raises(ValidationError) as info:
        service.pay(ids["full"], ["2025-04", "2025-05"], 9_000, paid_on="2025-05-01")
    assert "超过所选月份应交的¥76.00" in info.value.field_errors["amount"]


def test_back_pay_limit_and_prepay(dues) -> None:
    service, ids = dues
    service.assess(ids["full"], 2024, base_fen=480_000)
    service.assess(ids["full"], 2025, base_fen=480_000)
    with pytest.raises(ValidationError) as info:
        service.pay(ids["full"], ["2024-12"], 4_800, paid_on="2025-07-01")  # 7 months back
    assert "已超过6个月" in info.value.field_errors["backpay_override"]
    service.pay(ids["full"], ["2025-01"], 4_800, paid_on="2025-07-01")  # exactly 6 back: allowed
    service.pay(ids["full"], ["2024-12"], 4_800, paid_on="2025-07-01", backpay_override="长期驻外，经支部同意补交")
    # Paying ahead: to the end of the quarter by default.
    service.pay(ids["full"], ["2025-07", "2025-08", "2025-09"], 14_400, paid_on="2025-07-02")
    with pytest.raises(ValidationError) as info:
        service.pay(ids["full"], ["2025-10"], 4_800, paid_on="2025-07-02")
    assert "最多只能预交到2025年9月" in info.value.field_errors["months"]
    service.set_setting("dues.prepay", "none")
    with pytest.raises(ValidationError):
        service.pay(ids["full"], ["2025-08"], 4_800, paid_on="2025-07-31")


def test_arrears_across_a_year_boundary(dues) -> None:
    service, ids = dues
    service.assess(ids["full"], 2024, base_fen=480_000)
    service.assess(ids["full"], 2025, base_fen=480_000)
    service.set_start_month("2024-09")  # the ledger was begun in September 2024
    service.pay(ids["full"], ["2024-09"], 4_800, paid_on="2024-09-10")
    # Oct 2024 – Feb 2025 unpaid: 5 months at 2025-03-05 (March not yet over).
    found = service.ledger.arrears("2025-03-05")
    a = next(x for x in found if x.member_id == ids["full"])
    assert a.months == ("2024-10", "2024-11", "2024-12", "2025-01", "2025-02")
    assert a.level == "warning" and a.owed_fen == 5 * 4_800
    a = next(x for x in service.ledger.arrears("2025-04-01") if x.member_id == ids["full"])
    assert a.count == 6 and a.level == "alert"
    service.ledger.record_arrears_reason(ids["full"], "2024-10", "援疆期间组织关系未转，已说明")
    a = next(x for x in service.ledger.arrears("2025-04-01") if x.member_id == ids["full"])
    assert a.reason.startswith("援疆")
    # Two months unpaid is not yet listed.
    service.pay(ids["full"], ["2024-10", "2024-11", "2024-12", "2025-01"], 19_200, paid_on="2025-04-02")
    assert not any(x.member_id == ids["full"] for x in service.ledger.arrears("2025-04-05"))


def test_month_close_and_corrections(dues, branch_conn) -> None:

    service, ids = dues
    service.assess(ids["full"], 2025, base_fen=480_000)
    pid = service.pay(ids["full"], ["2025-01"], 4_800, paid_on="2025-01-20")
    service.cash.close_month("2025-01", "甲", on="2025-02-01")
    service.cash.close_month("2025-02", "甲", on="2025-03-01")
    with pytest.raises(UserError):
        service.cash.close_month("2025-02", "甲", on="2025-03-01")
    # February's dues paid late, in March (an open month): an ordinary 补交, no correction needed.
    service.pay(ids["full"], ["2025-02"], 2_400, paid_on="2025-03-02")
    # A receipt dated in closed February is a correction of February's books: it needs a reason,
    # and the message names the field to fill.
    with pytest.raises(ValidationError) as info:
        service.pay(ids["full"], ["2025-02"], 2_400, paid_on="2025-02-27")
    assert "该月收缴已结算" in info.value.field_errors["correction_reason"]
    assert "更正原因" in info.value.field_errors["correction_reason"]
    service.pay(ids["full"], ["2025-02"], 2_400, paid_on="2025-02-27", correction_reason="漏记，凭收据补登")
    # A mistaken entry is reversed, never edited or deleted.
    with pytest.raises(engine.IntegrityError):
        branch_conn.execute("DELETE FROM dues_payment WHERE id = :id", {"id": pid})
    with pytest.raises(ValidationError):
        service.reverse(pid, "")
    service.reverse(pid, "重复登记")
    row = next(r for r in service.ledger.grid(2025, "2025-03-10") if r.member_id == ids["full"])
    assert row.cells[0].status == "overdue" and row.cells[1].status == "paid"
    assert len(service.payments(ids["full"])) == 4
    with pytest.raises(UserError):
        service.reverse(pid, "再次冲销")


def test_collect_month_saves_all_or_nothing(dues, branch_conn) -> None:
    service, ids = dues
    service.assess(ids["full"], 2025, base_fen=480_000)
    service.assess(ids["prob"], 2025, base_fen=350_000)
    # 丙 (retired) has no assessment for 2025: the whole sheet is refused.
    with pytest.raises(UserError) as info:
        service.collect_month("2025-05", [ids["full"], ids["prob"], ids["retired"]], paid_on="2025-05-20")
    assert "丙的党费尚未核定" in info.value.message
    assert service.payments() == []
    service.collect_month("2025-05", [ids["full"], ids["prob"]], paid_on="2025-05-20", collector="组织委员")
    sheet = {r.name: r for r in service.ledger.month_sheet("2025-05")}
    assert sheet["甲"].owing_fen == 0 and sheet["乙"].owing_fen == 0 and sheet["丙"].due_fen is None


def test_assess_year_carries_bases_forward(dues) -> None:
    service, ids = dues
    service.assess(ids["full"], 2024, base_fen=480_000)
    service.assess(ids["retired"], 2024, base_fen=520_000)
    done, missing = service.assess_year(2025, approved_by="书记")
    assert len(done) == 2 and missing == ["乙"]
    assert service.assessment_for(ids["retired"], "2025-01").amount_fen == 5_200


def test_remittance_and_cash_summary(dues) -> None:
    service, ids = dues
    service.assess(ids["full"], 2025, base_fen=480_000)
    service.pay(ids["full"], ["2025-01", "2025-02", "2025-03"], 14_400, paid_on="2025-03-10")
    with pytest.raises(ValidationError) as info:
        service.cash.remit("2025-03-31", 20_000, "2025-01", "2025-03")
    assert "超过截至当日的结存¥144.00" in info.value.field_errors["amount"]
    service.cash.remit("2025-03-31", 14_400, "2025-01", "2025-03", slip_no="JD-2025-01")
    summary = service.cash.summary(2025)
    q1 = summary["quarters"][0]
    assert (q1["collected_fen"], q1["remitted_fen"], q1["on_hand_fen"]) == (14_400, 14_400, 0)
    assert summary["months"][2]["collected_fen"] == 14_400


def test_a_finished_year_counts_december_among_the_arrears(dues) -> None:
    """Sep–Dec unpaid is four months once the year is over (December's dues are owed by 31 December),
    three while December is still open."""
    service, ids = dues
    service.assess(ids["full"], 2025, base_fen=480_000)
    for m in range(1, 9):
        service.pay(ids["full"], [f"2025-{m:02d}"], 4_800, paid_on=f"2025-{m:02d}-20")
    open_year = next(a for a in service.ledger.arrears("2025-12-31") if a.member_id == ids["full"])
    assert open_year.months == ("2025-09", "2025-10", "2025-11")
    closed = next(a for a in service.ledger.arrears("2025-12-31", closed=True) if a.member_id == ids["full"])
    assert closed.months == ("2025-09", "2025-10", "2025-11", "2025-12") and closed.owed_fen == 4 * 4_800


def test_the_years_grid_reads_the_same_after_the_arrears_read_wider_months(dues) -> None:
    """The grid reuses the months the arrears already read (four years hold the year's): what it
    shows is the same as read on its own, and a payment made since is seen by both."""
    service, ids = dues
    service.assess(ids["full"], 2024, base_fen=480_000)
    service.assess(ids["full"], 2025, base_fen=480_000)
    service.pay(ids["full"], ["2024-12", "2025-01"], 9_600, paid_on="2025-01-20")
    service.pay(ids["full"], ["2025-02"], 2_000, paid_on="2025-02-20")  # part-paid
    alone = service.ledger.grid(2025, "2025-06-30")
    service.conn.memo = {}
    service.ledger.arrears("2025-06-30")
    assert service.ledger.grid(2025, "2025-06-30") == alone
    service.pay(ids["full"], ["2025-03"], 4_800, paid_on="2025-03-20")
    row = next(r for r in service.ledger.grid(2025, "2025-06-30") if r.member_id == ids["full"])
    assert [c.status for c in row.cells[:3]] == ["paid", "part-paid", "paid"]
    assert all(a.member_id != ids["full"] or "2025-03" not in a.months for a in service.ledger.arrears("2025-06-30"))
