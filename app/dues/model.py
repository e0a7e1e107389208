"""Records of party dues: assessments, the ledger's cells and rows, arrears, payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from db.records import Member


class PaymentMethod(StrEnum):
    CASH = "现金"
    TRANSFER = "转账"
    OTHER = "其他"


@dataclass(frozen=True)
class Assessment:
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
    def from_row(cls, r: dict[str, Any]) -> Assessment:
        import json

        return cls(
            id=r["id"], member_id=r["member_id"], year=r["year"], effective_from=r["effective_from"],
            category=r["category"], base_fen=r["base_fen"], rate_permille=r["rate_permille"],
            formula_fen=r["formula_fen"], amount_fen=r["amount_fen"], capped=bool(r["capped"]),
            above_cap=bool(r["above_cap"]), low_income=bool(r["low_income"]), reduced=bool(r["reduced"]),
            reduction_reason=r["reduction_reason"], branch_decision=r["branch_decision"],
            upper_approval=r["upper_approval"], approved_by=r["approved_by"], approved_on=r["approved_on"],
            change_reason=r["change_reason"], income_items=tuple(json.loads(r["income_items"] or "[]")))


@dataclass(frozen=True)
class MonthCell:
    """One member-month of the ledger.

    ``status``: paid, part-paid, due (this month), overdue, exempt, not-liable, unassessed or
    future.
    """

    month: str
    status: str
    due_fen: int
    paid_fen: int


@dataclass(frozen=True)
class LedgerRow:
    member_id: int
    name: str
    category: str
    amount_fen: int | None
    cells: tuple[MonthCell, ...]

    @property
    def due_fen(self) -> int:
        return sum(c.due_fen for c in self.cells if c.status not in ("not-liable", "future"))

    @property
    def paid_fen(self) -> int:
        return sum(c.paid_fen for c in self.cells)


@dataclass(frozen=True)
class Arrears:
    member_id: int
    name: str
    months: tuple[str, ...]
    owed_fen: int
    level: str  # "warning" (≥3) or "alert" (≥6)
    reason: str = ""

    @property
    def count(self) -> int:
        return len(self.months)


@dataclass
class Cache:
    members: dict[int, Member] = field(default_factory=dict)
    assessments: dict[int, list[Assessment]] = field(default_factory=dict)
    paid: dict[tuple[int, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class SheetRow:
    """One member on the 本月收缴 sheet."""

    member_id: int
    name: str
    group: str
    due_fen: int | None  # None: not yet assessed
    paid_fen: int

    @property
    def owing_fen(self) -> int | None:
        return None if self.due_fen is None else max(0, self.due_fen - self.paid_fen)


@dataclass(frozen=True)
class Payment:
    """A payment record (or a reversal: negative, with ``reverses``)."""

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
class Remittance:
    id: int
    remitted_on: str
    amount_fen: int
    slip_no: str
    from_month: str
    to_month: str
    handled_by: str
    note: str
