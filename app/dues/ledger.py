"""The dues ledger as read from the records: a member-month's status, the year grid, this
month's sheet, what is owed, arrears across years: ``services.dues.ledger``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import undo
from app.common import months
from app.common.context import Context
from app.common.errors import ValidationError
from app.common.service import ServiceBase
from app.dues.model import Arrears, Cache, LedgerRow, MonthCell, SheetRow
from db.connection import memo, memo_find
from db.records.roster import Member
from db.repositories import dues as drepo
from db.repositories import roster as repo

if TYPE_CHECKING:
    from app.dues.service import DuesService

_Cache = Cache


class Ledger(ServiceBase):
    """The ledger of the dues of ``dues`` (its liability rule and assessments), read from the records."""

    def __init__(self, ctx: Context, dues: DuesService) -> None:
        super().__init__(ctx)
        self.dues = dues

    def _cache(self, first: str, last: str) -> _Cache:
        """Members, with the assessments and payments of the months ``first``..``last`` only, so
        that a year's grid or a month's sheet costs the same however many years are on file
        (kept until the next write)."""
        wider = memo_find(self.conn, lambda key: isinstance(key, tuple) and len(key) == 3 and key[0] == "dues_cache"
                          and key[1] <= first and last <= key[2])  # arrears' months hold the year's
        return wider if wider is not None else memo(self.conn, ("dues_cache", first, last),
                                                    lambda: self._read_cache(first, last))

    def _read_cache(self, first: str, last: str) -> _Cache:
        cache = _Cache()
        cache.members = {m.id: m for m in repo.list_members(self.conn)}
        for year in range(int(first[:4]), int(last[:4]) + 1):
            for a in drepo.assessments(self.conn, year=year):
                cache.assessments.setdefault(a.member_id, []).append(a)
        cache.paid = drepo.paid_by_month(self.conn, first, last)
        return cache

    def cell(self, member: Member, month: str, current: str, cache: _Cache, liable: set[str]) -> MonthCell:
        paid = cache.paid.get((member.id, month), 0)
        if month not in liable:
            return MonthCell(month, "paid" if paid else "not-liable", 0, paid)
        key = (member.id, month, current)  # the arrears and the year's grid read the same months
        found = cache.cells.get(key)
        if found is None:
            found = cache.cells[key] = self._liable_cell(member, month, current, cache, paid)
        return found

    def _liable_cell(self, member: Member, month: str, current: str, cache: _Cache, paid: int) -> MonthCell:
        a = self.dues.assessment_for(member.id, month, cache)
        if a is None:
            return MonthCell(month, "unassessed" if month <= current else "future", 0, paid)
        due = a.amount_fen
        if due == 0:
            return MonthCell(month, "exempt", 0, paid)
        if paid >= due:
            return MonthCell(month, "paid", due, paid)
        if paid > 0:
            return MonthCell(month, "part-paid", due, paid)
        if month > current:
            return MonthCell(month, "future", due, 0)
        return MonthCell(month, "due" if month == current else "overdue", due, 0)

    def grid(self, year: int, as_of: str | None = None, closed: bool = False) -> list[LedgerRow]:
        """Members × 12 months for ``year``: everyone liable for at least one month of it.
        ``closed``: ``as_of`` is counted to the end of its day (a finished year: its December is owed)."""
        current = months.of(as_of or self.today())
        current = months.add(current, 1) if closed else current
        first, last = f"{year:04d}-01", f"{year:04d}-12"
        cache = self._cache(first, last)
        nxt = self.dues.probation_next()
        start = self.dues.start_month()  # months before the ledger began are not owed here
        rows = []
        year_months = months.span(first, last)
        for m in cache.members.values():
            liable = {x for x in self.dues.liable_months(m, first, last, nxt) if x >= start}
            if not liable and not any(cache.paid.get((m.id, x)) for x in year_months):
                continue
            cells = tuple([self.cell(m, x, current, cache, liable) for x in year_months])
            a = self.dues.assessment_for(m.id, max(liable) if liable else last, cache)
            rows.append(
                LedgerRow(m.id, m.name, a.category if a else m.personnel_category, a.amount_fen if a else None, cells)
            )
        return rows

    def month_sheet(self, month: str) -> list[SheetRow]:
        """本月收缴: every member liable in ``month`` with the amount still due."""
        cache = self._cache(month, month)
        nxt = self.dues.probation_next()
        out = []
        for m in cache.members.values():
            if month not in self.dues.liable_months(m, month, month, nxt):
                continue
            a = self.dues.assessment_for(m.id, month, cache)
            out.append(
                SheetRow(
                    m.id, m.name, m.group_name or "", a.amount_fen if a else None, cache.paid.get((m.id, month), 0)
                )
            )
        return out

    def member_cache(self, member_id: int, month_list: list[str] | None = None) -> _Cache:
        """Only one member's assessments and payments (of the years of ``month_list`` when given),
        so a payment costs the same however many years are on file."""
        if month_list is None:
            return _Cache(
                assessments={member_id: self.dues.assessments(member_id)},
                paid={(member_id, m): v for m, v in drepo.paid_for_member(self.conn, member_id).items()},
            )
        years = sorted({int(m[:4]) for m in month_list})
        return _Cache(
            assessments={member_id: [a for y in years for a in self.dues.assessments(member_id, y)]},
            paid={(member_id, m): v for m, v in drepo.paid_for_member(self.conn, member_id, month_list).items()},
        )

    def owing(self, member_id: int, month_list: list[str]) -> int:
        """What is still due for these months (assessed and liable months only)."""
        member = repo.get_member(self.conn, member_id)
        if member is None or not month_list:
            return 0
        cache = self.member_cache(member_id, month_list)
        liable = set(self.dues.liable_months(member, min(month_list), max(month_list)))
        total = 0
        for m in month_list:
            a = self.dues.assessment_for(member_id, m, cache) if m in liable else None
            if a is not None:
                total += max(0, a.amount_fen - cache.paid.get((member_id, m), 0))
        return total

    def unassessed(self, year: int, as_of: str | None = None) -> list[str]:
        """Names of members liable in ``year`` (up to ``as_of``) without an assessment."""
        last = min(f"{year:04d}-12", months.of(as_of or self.today()))
        # the year's assessed members only: no payment history (the home page asks this at start-up)
        assessed = drepo.assessed_members(self.conn, year)
        nxt = self.dues.probation_next()
        return [
            m.name
            for m in repo.list_members(self.conn)
            if m.id not in assessed and self.dues.liable_months(m, f"{year:04d}-01", last, nxt)
        ]

    def arrears(self, as_of: str | None = None, minimum: int = 3, closed: bool = False) -> list[Arrears]:
        """Members with ``minimum`` or more months not fully paid since the ledger's start month
        (建账月份, :meth:`DuesService.start_month`), up to the last complete month, across year
        boundaries: a gap before a later payment is still owed. Six in a row is an alert (DUES-LAPSE).
        ``closed``: ``as_of`` is counted to the end of its day (a finished year: its December is owed)."""
        as_of = as_of or self.today()
        current = months.add(months.of(as_of), 1) if closed else months.of(as_of)
        last_complete = months.add(current, -1)
        first = max(months.add(last_complete, -47), self.dues.start_month())  # four years back at most
        if first > last_complete:
            return []
        cache = self._cache(first, last_complete)
        nxt = self.dues.probation_next()
        reasons = drepo.arrears_reasons(self.conn)
        out = []
        for m in cache.members.values():
            liable = set(self.dues.liable_months(m, first, last_complete, nxt))
            unpaid: list[str] = []
            owed = 0
            for month in sorted(liable):
                cell = self.cell(m, month, current, cache, liable)
                # A month not yet assessed is the branch's omission, not the member's arrears.
                if cell.status in ("overdue", "part-paid"):
                    unpaid.append(month)
                    owed += cell.due_fen - cell.paid_fen
            if len(unpaid) >= minimum:
                reason = next((r for start, r in reasons.get(m.id, []) if unpaid[0] <= start <= unpaid[-1]), "")
                longest = months.longest_run(unpaid)
                out.append(Arrears(m.id, m.name, tuple(unpaid), owed, "alert" if longest >= 6 else "warning", reason))
        out.sort(key=lambda a: (-a.longest, -a.count, a.name))
        return out

    def record_arrears_reason(self, member_id: int, from_month: str, reason: str) -> None:
        if not reason.strip():
            raise ValidationError({"reason": "请写明正当理由"})
        with self.write():
            before = drepo.arrears_reason(self.conn, member_id, from_month)
            drepo.set_arrears_reason(self.conn, member_id, from_month, reason.strip(), self.today())
            self.log("dues_arrears_reason", member_id, "登记正当理由", {"reason": before} if before else None,
                     {"from": from_month, "reason": reason})

        def back() -> None:
            with self.write():
                if before is None:
                    drepo.delete_arrears_reason(self.conn, member_id, from_month)
                else:
                    drepo.set_arrears_reason(self.conn, member_id, from_month, before, self.today())
                self.log("dues_arrears_reason", member_id, "撤销正当理由", {"reason": reason}, {"reason": before})

        undo.register(self.ctx, "登记欠缴的正当理由", back,
                      lambda: self.record_arrears_reason(member_id, from_month, reason))
