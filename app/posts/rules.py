"""The rules of posts and community service (no I/O): kinds, the 四零承诺, coverage, hours."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from app.common.errors import ValidationError
from app.common.settings import Setting, define

POST_KINDS = ("行政审批", "行政执法", "窗口服务", "综合服务", "其他")
AWARD_TITLES = ("优秀先锋岗", "标兵先锋岗", "示范先锋岗", "其他")
#: The window posts' 四零承诺 (the speech's words).
FOUR_ZEROS = "服务受理零推诿、服务方式零距离、服务质量零差错、服务结果零投诉"
MODEL_TITLES = ("示范先锋岗", "标兵先锋岗")

MODELS_PER_KIND = define(Setting(
    "posts.models_per_kind", "每类职能至少的示范（标兵）先锋岗数（讲话：每个单位每类职能至少1至2个）", "1", tag="P",
    minimum=0, maximum=10, unit="个"))


def default_commitments(kind: str) -> str:
    return FOUR_ZEROS if kind == "窗口服务" else ""


def share(part: int, whole: int) -> str:
    """'35.0%' (one decimal), or '—' of nothing."""
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def hours_tenths(text: object) -> int:
    """Hours typed as text ('2', '2.5', '２．５') as tenths of an hour, never a float.

    Raises:
        ValidationError: not a number of hours between 0 and 24 with at most one decimal.
    """
    raw = str(text).strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError({"hours": f"服务时长“{raw[:20]}”不是数字（如 2 或 2.5）"}) from None
    if not value.is_finite() or value < 0 or value > 24 or (value * 10) != (value * 10).to_integral_value():
        raise ValidationError({"hours": "服务时长应在0到24小时之间，最多一位小数"})
    return int(value * 10)


def hours_text(tenths: int) -> str:
    return f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
