"""Records of party dues: assessments, the ledger's cells and rows, arrears, payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from app.common import months as months_mod
from db.records.dues import Assessment, Payment, PaymentMonth, ReminderGiven, Remittance
from db.records.roster import Member

__all__ = ["Arrears", "Assessment", "Cache", "LedgerRow", "MonthCell", "Payment", "PaymentMethod",
           "PaymentMonth", "ReminderGiven", "Remittance", "SheetRow"]


class PaymentMethod(StrEnum):
    CASH = "现金"
    TRANSFER = "转账"
    OTHER = "其他"


class MonthCell(NamedTuple):
    """One member-month of the ledger (a named tuple: a committee builds thousands per bundle).

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
    """A member's unpaid months since the ledger's start month (not only the trailing run)."""

    member_id: int
    name: str
    months: tuple[str, ...]  # every month not fully paid, in order (may have gaps)
    owed_fen: int
    level: str  # "warning" (3 or more months) or "alert" (6 or more in a row: DUES-LAPSE)
    reason: str = ""

    @property
    def count(self) -> int:
        return len(self.months)

    @property
    def longest(self) -> int:
        """The most months unpaid in a row (what the six-month rule counts)."""
        return months_mod.longest_run(self.months)

    @property
    def consecutive(self) -> bool:
        return self.longest == self.count

    def describe(self) -> str:
        """连续4个月（2025年9月至12月） / 5个月（2025年1月至3月、2025年9月至10月，最长连续3个月）."""
        if self.consecutive:
            return f"连续{self.count}个月（{months_mod.describe(self.months)}）"
        return f"{self.count}个月（{months_mod.describe(self.months)}，最长连续{self.longest}个月）"


@dataclass
class Cache:
    members: dict[int, Member] = field(default_factory=dict)
    assessments: dict[int, list[Assessment]] = field(default_factory=dict)
    paid: dict[tuple[int, str], int] = field(default_factory=dict)
    #: the cells of liable months already worked out, by (member, month, current month)
    cells: dict[tuple[int, str, str], MonthCell] = field(default_factory=dict)


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
