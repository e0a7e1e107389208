"""Records of party dues as the repository reads them: assessments, payments (with the months they
cover), remittances upward and the reminders given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Assessment:
    """核定: a member's monthly amount for a year, from a month on (a mid-year change is another)."""

    id: int
    member_id: int
    year: int
    effective_from: str
    category: str
    base_fen: int | None
    rate_permille: int | None
    formula_fen: int
    amount_fen: int
    capped: bool
    above_cap: bool
    low_income: bool
    reduced: bool
    reduction_reason: str
    branch_decision: str
    upper_approval: str
    approved_by: str
    approved_on: str | None
    change_reason: str
    income_items: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_row(cls, r: Any) -> Assessment:
        return cls(
            id=r["id"], member_id=r["member_id"], year=r["year"], effective_from=r["effective_from"],
            category=r["category"], base_fen=r["base_fen"], rate_permille=r["rate_permille"],
            formula_fen=r["formula_fen"], amount_fen=r["amount_fen"], capped=bool(r["capped"]),
            above_cap=bool(r["above_cap"]), low_income=bool(r["low_income"]), reduced=bool(r["reduced"]),
            reduction_reason=r["reduction_reason"], branch_decision=r["branch_decision"],
            upper_approval=r["upper_approval"], approved_by=r["approved_by"], approved_on=r["approved_on"],
            change_reason=r["change_reason"], income_items=tuple(json.loads(r["income_items"] or "[]")))


@dataclass(frozen=True)
class Payment:
    """A payment record (or a reversal: negative, with ``reverses``); ``reversed``: a later
    record reverses this one."""

    id: int
    member_id: int
    name: str
    paid_on: str
    amount_fen: int
    reverses: int | None
    method: str
    receipt_no: str
    collector: str
    backpay_override: str
    correction_reason: str
    note: str
    created_at: str
    months: str  # "2025-01,2025-02"
    reversed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (
            "id", "member_id", "paid_on", "amount_fen", "reverses", "method", "receipt_no", "collector",
            "backpay_override", "correction_reason", "note", "created_at", "name", "months")}


@dataclass(frozen=True)
class PaymentMonth:
    """The part of a payment that covers one month."""

    payment_id: int
    member_id: int
    month: str
    amount_fen: int


@dataclass(frozen=True)
class Remittance:
    id: int
    remitted_on: str
    amount_fen: int
    slip_no: str
    from_month: str
    to_month: str
    handled_by: str
    note: str


@dataclass(frozen=True)
class ReminderGiven:
    """A 催缴提醒 given: when, how, and what was owed then."""

    id: int
    member_id: int
    given_on: str
    how: str
    months: tuple[str, ...]
    owed_fen: int
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "member_id": self.member_id, "given_on": self.given_on, "how": self.how,
                "months": list(self.months), "owed_fen": self.owed_fen, "note": self.note}
