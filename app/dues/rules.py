"""Party dues rules (rulebook section 6, DUES-*): the rate table, rounding, the cap.

Money is integer fen throughout. A rate is in per mille (5 = 0.5 %). The bracket rate applies
to the whole base, not progressively: 3000.00 → 15.00 but 3000.01 → 30.00.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.common import dates, money, months
from app.common.settings import Setting, define
from app.roster.model import PersonnelCategory

#: In-service (and income-based 其他): upper bound of the bracket in fen (inclusive) -> per mille.
IN_SERVICE_BRACKETS = ((300_000, 5), (500_000, 10), (1_000_000, 15), (None, 20))
#: Retirees: on the basic pension.
RETIRED_BRACKETS = ((500_000, 5), (None, 10))
#: Flat monthly amounts (fen).
FLAT_LOW = 20  # 学生, 下岗失业, living on relief or 低保: 0.20 元
FARMER_MIN, FARMER_MAX = 20, 100  # 农民: 0.2–1 元 by choice
DEFAULT_CAP = 100_000  # "一般不超过1000元"
ONE_OFF_TO_CENTRE = 100_000  # a voluntary one-off payment of ≥ 1000 元 goes to the Centre

ROUNDING_MODES = {
    "fen-half-up": "四舍五入到分",
    "fen-truncate": "截尾到分",
    "jiao-half-up": "四舍五入到角",
    "jiao-truncate": "截尾到角",
    "yuan-half-up": "四舍五入到元",
    "yuan-truncate": "截尾到元",
}
_UNIT = {"fen": 1, "jiao": 10, "yuan": 100}

#: 2017 exclusions from the base, offered as a checklist when income items are entered.
EXCLUDED_ITEMS = (
    "个人所得税", "养老保险", "医疗保险", "失业保险", "工伤保险", "生育保险", "住房公积金",
    "职业年金/企业年金", "住房补贴", "交通补贴", "公务用车补贴", "通讯补贴", "加班补贴", "误餐补贴",
    "取暖费", "防暑降温费", "物业费", "其他改革性补贴", "特殊地区/单位/岗位/人员津贴",
    "奖励性绩效", "不定期奖金", "科技成果转化奖励",
)


#: Categories whose dues are a share of an income (the rest pay a flat amount).
INCOME_BASED = (PersonnelCategory.IN_SERVICE, PersonnelCategory.RETIRED, PersonnelCategory.OTHER)


class DuesError(money.MoneyError):
    """Input to the calculator is wrong; the message says why, in Chinese."""


ROUNDING = define(Setting("dues.rounding", "舍入方式（国家未作统一规定，各地做法不一）", "fen-half-up",
                          kind="choice", tag="U", choices=ROUNDING_MODES))
CAP = define(Setting("dues.cap_fen", "每月交纳上限（分），一般不超过1000元", str(DEFAULT_CAP), tag="C",
                     minimum=1, maximum=money.MAX_FEN, unit="分"))
PROBATION_FIRST = define(Setting(
    "dues.probation_first_month", "预备党员从支部大会当月（same）或次月（next）起交纳", "same", kind="choice",
    tag="P", choices={"same": "支部大会当月", "next": "支部大会次月"}))
BACKPAY = define(Setting("dues.backpay_months", "补交一般不超过几个月", "6", tag="C", minimum=0, maximum=24,
                         unit="个月"))
PREPAY = define(Setting(
    "dues.prepay", "可提前预交到：quarter 本季度末 / none 不允许 / year 本年末", "quarter", kind="choice",
    tag="U", choices={"quarter": "本季度末", "none": "不允许预交", "year": "本年末"}))
HOW_TO_PAY = define(Setting(
    "dues.how_to_pay", "催缴提醒中写明的交纳方式", "可向支部组织委员（或党费收缴人）交纳现金，或按支部通知转账",
    kind="text", tag="P"))
DISCLOSURE_DAYS = define(Setting("dues.disclosure_days", "党费收缴情况公示期", "5", tag="P", minimum=1, maximum=30,
                                 unit="个工作日"))
DISCLOSURE_CONTACT = define(Setting(
    "dues.disclosure_contact", "公示的意见反馈联系人和电话（空为支部书记和支部联系电话）", "", kind="text", tag="P"))
START_MONTH = define(Setting(
    "dues.start_month", "建账月份（此前的月份不计欠缴；空为首次录入核定、补录往年核定的起始月份"
    "或首笔收缴的月份中最早的）", "", kind="text", tag="P"))
#: The dues settings, in the order the settings dialog and ``dues settings`` show them.
SETTINGS = (ROUNDING, CAP, PROBATION_FIRST, BACKPAY, PREPAY, HOW_TO_PAY, START_MONTH, DISCLOSURE_DAYS,
            DISCLOSURE_CONTACT)
#: How a reminder was given.
REMINDER_WAYS = ("打印", "短信", "微信", "当面", "电话", "其他")


def reminder_text(name: str, months_owed: tuple[str, ...], owed: str, branch: str, how_to_pay: str,
                  on_cn: str) -> str:
    """The 催缴提醒 for one member: what is owed, how to pay, and the six-month rule said kindly."""
    span = months.describe(months_owed)
    return (
        f"{name}同志：\n"
        f"　　您好！根据支部党费收缴记录，您{span}共{len(months_owed)}个月的党费尚未交足，合计{owed}。"
        f"请您方便时尽早补交。交纳方式：{how_to_pay}。\n"
        "　　按时交纳党费是党员的义务，也是党员党性观念的体现。按照党章和党费收缴管理的规定，"
        "党员没有正当理由连续6个月不交纳党费的，按自行脱党处理。如您确有困难或其他原因，"
        "请及时与支部联系，我们会按规定妥善处理。\n"
        "　　如您已经交纳而记录有误，也请告诉我们，以便更正。谢谢！\n"
        f"{branch}\n{on_cn}"
    )


def rate_for(category: str, base_fen: int) -> int:
    """The per-mille rate of the bracket that contains ``base_fen``."""
    brackets = RETIRED_BRACKETS if category == "离退休" else IN_SERVICE_BRACKETS
    for upper, rate in brackets:
        if upper is None or base_fen <= upper:
            return rate
    raise AssertionError("unreachable")


def round_fen(numerator: int, denominator: int, mode: str) -> int:
    """numerator/denominator fen, rounded as ``mode`` says (exact integer arithmetic)."""
    if mode not in ROUNDING_MODES:
        raise DuesError(f"舍入方式应为：{'、'.join(ROUNDING_MODES)}")
    unit_name, how = mode.split("-", 1)
    step = _UNIT[unit_name] * denominator
    units = (2 * numerator + step) // (2 * step) if how == "half-up" else numerator // step
    return units * _UNIT[unit_name]


@dataclass(frozen=True)
class Calculation:
    """One month's dues as computed.

    Attributes:
        category: 人员类别.
        base_fen: the monthly base (None for flat amounts).
        rate_permille: the rate applied (None for flat amounts).
        formula_fen: what the rate gives before the cap.
        amount_fen: the monthly amount to pay.
        capped: the cap was applied.
        explanation: the working, in Chinese.
    """

    category: str
    base_fen: int | None
    rate_permille: int | None
    formula_fen: int
    amount_fen: int
    capped: bool
    explanation: str


def yuan(fen: int) -> str:
    """¥1,234.50"""
    return money.yuan(fen)


def parse_yuan(text: object) -> int:
    """'1,234.5' / '¥1234.50' / 1234.5 → fen, exactly (no float arithmetic on the digits)."""
    try:
        return money.parse_yuan(text)
    except DuesError:
        raise
    except money.MoneyError as exc:
        raise DuesError(str(exc)) from None


def calculate(category: str, base_fen: int | None = None, rounding: str = "fen-half-up",
              cap_fen: int = DEFAULT_CAP, above_cap: bool = False, farmer_fen: int | None = None,
              low_income: bool = False) -> Calculation:
    """The monthly amount for a member of ``category`` with the monthly base ``base_fen``.

    ``above_cap``: the member chose to pay the full formula amount above the cap.
    ``farmer_fen``: a farmer's chosen flat amount (0.20–1.00 元, default 0.20).
    ``low_income``: 其他 living on relief or 低保 pays the flat 0.20 元.
    """
    if category in ("学生", "下岗失业") or (category == "其他" and low_income):
        return Calculation(category, None, None, FLAT_LOW, FLAT_LOW, False,
                           f"{category}党员按固定标准每月交纳{yuan(FLAT_LOW)}")
    if category == "农民":
        amount = FLAT_LOW if farmer_fen is None else farmer_fen
        if not FARMER_MIN <= amount <= FARMER_MAX:
            raise DuesError("农民党员每月交纳0.2元至1元")
        return Calculation(category, None, None, amount, amount, False,
                           f"农民党员每月交纳{yuan(amount)}（0.2元至1元，由本人选择）")
    if category not in INCOME_BASED:
        raise DuesError("人员类别应为：在职、离退休、学生、农民、下岗失业、其他")
    if base_fen is None:
        raise DuesError("请填写计算基数（税后月收入）")
    if base_fen < 0:
        raise DuesError("计算基数不能为负数")
    rate = rate_for(category, base_fen)
    formula = round_fen(base_fen * rate, 1000, rounding)
    capped = formula > cap_fen and not above_cap
    amount = cap_fen if capped else formula
    text = f"{yuan(base_fen)} × {rate / 10:g}% = {yuan(formula)}"
    if capped:
        text += f"，超过每月{yuan(cap_fen)}的一般上限，按{yuan(cap_fen)}交纳（本人可自愿多交）"
    elif formula > cap_fen:
        text += "，本人自愿按比例全额交纳"
    return Calculation(category, base_fen, rate, formula, amount, capped, text)


# -- whether a payment may be recorded ----------------------------------------------------------

#: 交纳方式 (app.dues.model.PaymentMethod's values).
PAYMENT_METHODS = ("现金", "转账", "其他")


@dataclass(frozen=True)
class PaymentFacts:
    """What the records say about a payment being entered, gathered by the service.

    Attributes:
        name: the member's name (for the messages).
        liable: the months of the payment the member owes dues to this branch for.
        due: the monthly amount assessed for each of those months (absent: not assessed).
        paid: what is already paid for each month.
        backpay_limit: how many months back a payment may reach without a reason (a setting).
        prepay: how far ahead one may pay: "none", "quarter" or "year" (a setting).
        pay_month_closed: the month of the receipt's date is closed (结算).
    """

    name: str
    liable: frozenset[str]
    due: dict[str, int]
    paid: dict[str, int]
    backpay_limit: int
    prepay: str
    pay_month_closed: bool


def payment_field_errors(month_list: list[str], amount_fen: int, method: str, paid_on: str) -> dict[str, str]:
    """The payment's own fields, before anything is read: months chosen, a positive amount, a
    known method, a whole date."""
    errors: dict[str, str] = {}
    if not month_list:
        errors["months"] = "请选择交纳的月份"
    if amount_fen <= 0:
        errors["amount"] = "交纳金额应大于0"
    if method not in PAYMENT_METHODS:
        errors["method"] = "交纳方式应为现金、转账或其他"
    if not dates.is_valid_iso(paid_on) or len(paid_on) != 10:
        errors["paid_on"] = "请填写交纳日期"
    return errors


def validate_payment(month_list: list[str], amount_fen: int, paid_on: str, facts: PaymentFacts,
                     backpay_override: str = "", correction_reason: str = "",
                     ) -> tuple[dict[str, str], list[tuple[str, int]]]:
    """Whether the payment may be recorded: field errors (empty when it may) and, month by month
    (earliest first), what is still owed and will be covered.

    The months must be liable, assessed and not yet paid up; a month further back than the
    back-pay limit needs a reason; no month beyond what may be paid ahead; a receipt dated in a
    closed month is a correction of that month's books and needs a reason; the amount may not
    exceed what is owed, and only the last month may be part-paid."""
    errors: dict[str, str] = {}
    month_list = sorted(set(month_list))
    pay_month = months.of(paid_on)
    owing: list[tuple[str, int]] = []
    for m in month_list:
        if m not in facts.liable:
            errors["months"] = f"{facts.name}{months.cn(m)}不在本支部交纳党费的范围内"
            break
        if m not in facts.due:
            errors["months"] = f"{facts.name}{m[:4]}年的党费尚未核定，请先核定"
            break
        left = facts.due[m] - facts.paid.get(m, 0)
        if left <= 0:
            errors["months"] = f"{facts.name}{months.cn(m)}的党费已交清"
            break
        owing.append((m, left))
    oldest_allowed = months.add(pay_month, -facts.backpay_limit)
    if month_list and month_list[0] < oldest_allowed and not backpay_override.strip():
        errors["backpay_override"] = (
            f"补交{months.cn(month_list[0])}的党费已超过{facts.backpay_limit}个月，一般不得补交；确需补交请写明原因"
        )
    latest_allowed = {"none": pay_month, "quarter": months.quarter_end(pay_month),
                      "year": f"{pay_month[:4]}-12"}[facts.prepay]
    if month_list and month_list[-1] > latest_allowed:
        errors["months"] = f"最多只能预交到{months.cn(latest_allowed)}（按季度交纳须经支部同意；设置：{PREPAY.label}）"
    # Closing a month locks the money received in it (the cash book), not the dues owed for it:
    # paying an old month today is an ordinary 补交. Only a receipt dated in a closed month is a
    # correction of that month's books.
    if facts.pay_month_closed and not correction_reason.strip():
        errors["correction_reason"] = (f"交纳日期在{months.cn(pay_month)}，该月收缴已结算：如确是当月收到、"
                                       "漏记补登，请填写“更正原因”；否则请把交纳日期改为实际收款的日期")
    total = sum(left for _, left in owing)
    if not errors and amount_fen > total:
        errors["amount"] = f"交纳金额{yuan(amount_fen)}超过所选月份应交的{yuan(total)}"
    if not errors and amount_fen < total and len(owing) > 1:
        needed = total - owing[-1][1]  # only the last month may be part-paid: the earlier ones in full
        if amount_fen <= needed:
            errors["amount"] = f"金额不足以交清前{len(owing) - 1}个月（需{yuan(needed)}以上），请减少所选月份"
    return errors, owing
