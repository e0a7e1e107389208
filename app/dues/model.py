"""Records of party dues: assessments, the ledger's cells and rows, arrears, payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from db.records.dues import Assessment, Payment, PaymentMonth, ReminderGiven, Remittance
from db.records.roster import Member

__all__ = ["Arrears", "Assessment", "Cache", "LedgerRow", "MonthCell", "Payment", "PaymentMethod",
           "PaymentMonth", "ReminderGiven", "Remittance", "SheetRow"]


class PaymentMethod(StrEnum):
    CASH = "现金"
    TRANSFER = "转账"
    OTHER = "其他"


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
