"""Party dues (党费收缴): yearly assessment, the monthly ledger, arrears, remittance, reports.

Liability follows the roster history: a member owes dues for every month in the branch,
through the month they leave; a 预备党员 from the month of the 支部大会 date (a setting: or the
month after); a member transferred in from the month after arrival (the sending branch collects
the month of the transfer).

``services.dues`` is a facade over named parts: the assessments and payments are its own; the
ledger read from them (``.ledger``), the cash book (``.cash``) and the 催缴 reminders
(``.reminders``) are parts. Whether a payment may be recorded is decided by the pure
``rules.validate_payment``; this service gathers the facts it needs and writes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from app import undo
from app.common import months
from app.common.context import Context
from app.common.errors import UserError, ValidationError
from app.common.service import ServiceBase
from app.dues import rules as dr
from app.dues.cash import CashBook
from app.dues.ledger import Ledger
from app.dues.model import (
    Assessment,
    Cache,
    Payment,
)
from app.dues.remind import DuesReminders
from app.roster.model import PersonnelCategory, StartKind
from db.records.roster import Member
from db.repositories import dues as drepo
from db.repositories import roster as repo

_Cache = Cache


class DuesService(ServiceBase):
    """Use cases of dues; every write is one transaction with a change-log entry.

    Attributes:
        ledger: the ledger (grid, month sheet, owing, arrears).
        cash: the cash book (closing months, remittances, on hand).
        reminders: 催缴 (who is due a reminder, and those given).
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.ledger = Ledger(ctx, self)
        self.cash = CashBook(ctx)
        self.reminders = DuesReminders(ctx, self.ledger)

    def set_setting(self, key: str, value: object) -> None:
        if key not in {s.key for s in dr.SETTINGS}:
            raise UserError(f"没有名为 {key} 的党费设置；可用的设置：" + "、".join(s.key for s in dr.SETTINGS))
        super().set_setting(key, value)

    def calculate(self, category: str, base_fen: int | None, **kw: Any) -> dr.Calculation:
        return dr.calculate(category, base_fen, rounding=self.setting(dr.ROUNDING.key),
                            cap_fen=int(self.setting(dr.CAP.key)), **kw)

    # -- liability ----------------------------------------------------------------------

    def start_month(self) -> str:
        """建账月份: months before it are not arrears (nor in reminders). The setting when set,
        else the month dues were first kept here; far back while nothing is kept."""
        chosen = str(self.setting(dr.START_MONTH.key) or "").strip()
        if chosen:
            try:
                return months.parse(chosen)
            except months.MonthError:
                pass  # refused when set (set_start_month); an old value that no longer reads is ignored
        return drepo.first_entry_month(self.conn) or "1900-01"

    def set_start_month(self, month: str) -> None:
        """Change 建账月份 (YYYY-MM, or empty for the month dues were first kept here)."""
        text = str(month).strip()
        if text:
            try:
                text = months.parse(text)
            except months.MonthError as exc:
                raise ValidationError({"month": f"建账月份：{exc}"}) from None
        self.set_setting(dr.START_MONTH.key, text)

    def probation_next(self) -> bool:
        """Whether a 预备党员 pays from the month after the 支部大会 (a setting)."""
        return self.setting(dr.PROBATION_FIRST.key) == "next"

    def liable_months(self, member: Member, first: str, last: str, probation_next: bool | None = None) -> list[str]:
        """The months in [first, last] for which the member owes dues to this branch
        (``probation_next``: the setting, when the caller asks for many members)."""
        join_month = months.of(member.join_date)
        if self.probation_next() if probation_next is None else probation_next:
            join_month = months.add(join_month, 1)
        out: set[str] = set()
        for p in member.periods:
            start = months.of(p.start_date)
            if p.start_kind == StartKind.TRANSFERRED_IN and not p.start_date.endswith("-01"):
                start = months.add(start, 1)
            start = max(start, join_month, first)
            end = min(months.of(p.end_date) if p.end_date else last, last)
            out.update(months.span(start, end))
        return sorted(out)

    # -- assessment ---------------------------------------------------------------------

    def assessments_of_year(self, year: int) -> dict[int, list[Assessment]]:
        """Every member's assessments of ``year`` (mid-year changes after the first), in one query."""
        out: dict[int, list[Assessment]] = {}
        for a in drepo.assessments(self.conn, year=year):
            out.setdefault(a.member_id, []).append(a)
        return out

    def assessments(self, member_id: int, year: int | None = None) -> list[Assessment]:
        return drepo.assessments(self.conn, member_id, year)

    def assessment_for(self, member_id: int, month: str, cache: _Cache | None = None) -> Assessment | None:
        rows = cache.assessments.get(member_id, ()) if cache else self.assessments(member_id)
        year, found = int(month[:4]), None
        for a in rows:  # the last that applies (a mid-year change follows the first); once per cell
            if a.year == year and a.effective_from <= month:
                found = a
        return found

    def assess(self, member_id: int, year: int, *, base_fen: int | None = None, category: str | None = None,
               income_items: list[dict[str, Any]] | None = None, above_cap: bool = False,
               farmer_fen: int | None = None, low_income: bool = False, approved_by: str = "",
               approved_on: str | None = None, reduced_fen: int | None = None, reduction_reason: str = "",
               branch_decision: str = "", upper_approval: str = "", effective_from: str | None = None,
               change_reason: str = "") -> int:
        """核定 a member's monthly amount for ``year``.

        A second assessment in the same year is a mid-year change: it needs ``change_reason``
        and a later ``effective_from`` month; the earlier one is kept. ``income_items`` (each
        {name, amount_fen, excluded}) are summed into the base, leaving out excluded ones.
        A reduced or waived amount needs the branch decision and the upper approval.
        """
        member = repo.get_member(self.conn, member_id)
        if member is None:
            raise UserError("找不到该党员")
        errors: dict[str, str] = {}
        category = category or member.personnel_category
        items = [dict(i) for i in income_items or ()]
        if items:
            if any(int(i.get("amount_fen", 0)) < 0 for i in items):
                errors["income_items"] = "收入项目金额不能为负数"
            base_fen = sum(int(i["amount_fen"]) for i in items if not i.get("excluded"))
        try:
            calc = self.calculate(category, base_fen, above_cap=above_cap, farmer_fen=farmer_fen,
                                  low_income=low_income)
        except dr.DuesError as exc:
            errors["base"] = str(exc)
            calc = None
        amount = calc.amount_fen if calc else 0
        if reduced_fen is not None:
            if calc and reduced_fen >= calc.amount_fen:
                errors["reduced"] = "减免后的金额应低于按标准计算的金额"
            if reduced_fen < 0:
                errors["reduced"] = "减免后的金额不能为负数"
            if not reduction_reason.strip():
                errors["reduction_reason"] = "少交或免交须写明原因（如生活困难）"
            if not branch_decision.strip():
                errors["branch_decision"] = "少交或免交须经党支部研究决定，请填写决定情况"
            if not upper_approval.strip():
                errors["upper_approval"] = "少交或免交须报上一级党委批准，请填写批准文号"
            amount = reduced_fen
        existing = self.assessments(member_id, year)
        start = effective_from or f"{year:04d}-01"
        if not existing:
            liable = self.liable_months(member, f"{year:04d}-01", f"{year:04d}-12")
            if effective_from is None and liable:
                start = liable[0]
        else:
            if not change_reason.strip():
                errors["change_reason"] = (f"{year}年已核定（每月{dr.yuan(existing[-1].amount_fen)}），"
                                           "党费数额年初核定、年内一般不变动；确需调整请写明原因")
            if effective_from is None or effective_from <= existing[-1].effective_from:
                errors["effective_from"] = (f"年内调整须注明从哪个月起执行"
                                            f"（晚于{months.cn(existing[-1].effective_from)}）")
        if start[:4] != f"{year:04d}":
            errors["effective_from"] = f"执行月份应在{year}年内"
        if errors:
            raise ValidationError(errors)
        assert calc is not None
        with self.write():
            aid = drepo.insert_assessment(self.conn, {
                "member_id": member_id, "year": year, "effective_from": start, "category": category,
                "base_fen": calc.base_fen, "income_items": json.dumps(items, ensure_ascii=False),
                "rate_permille": calc.rate_permille, "formula_fen": calc.formula_fen, "amount_fen": amount,
                "capped": int(calc.capped), "above_cap": int(above_cap), "low_income": int(low_income),
                "reduced": int(reduced_fen is not None), "reduction_reason": reduction_reason.strip(),
                "branch_decision": branch_decision.strip(), "upper_approval": upper_approval.strip(),
                "approved_by": approved_by.strip(), "approved_on": approved_on or self.today(),
                "change_reason": change_reason.strip(),
            })
            self.log("dues_assessment", aid, "年内调整" if existing else "核定", None,
                     {"member_id": member_id, "year": year, "amount_fen": amount, "from": start})
        return aid

    def assess_year(self, year: int, approved_by: str = "") -> tuple[list[int], list[str]]:
        """Assess everyone liable in ``year`` who has no assessment yet, carrying last year's
        base and category forward. Returns (new assessment ids, names that need a base)."""
        done: list[int] = []
        missing: list[str] = []
        with self.write():
            for m in repo.list_members(self.conn):
                if not self.liable_months(m, f"{year:04d}-01", f"{year:04d}-12") or self.assessments(m.id, year):
                    continue
                previous = self.assessments(m.id, year - 1)
                last = previous[-1] if previous else None
                category = m.personnel_category
                flat = category in (PersonnelCategory.STUDENT, PersonnelCategory.UNEMPLOYED,
                                    PersonnelCategory.FARMER) or (last and last.low_income)
                if last is None and not flat:
                    missing.append(m.name)
                    continue
                try:
                    done.append(
                        self.assess(
                            m.id,
                            year,
                            category=category,
                            base_fen=None if last is None or (flat and last.category != category)
                            else last.base_fen,
                            above_cap=bool(last and last.above_cap),
                            low_income=bool(last and last.low_income),
                            farmer_fen=last.amount_fen if last and category == PersonnelCategory.FARMER else None,
                            approved_by=approved_by,
                        )
                    )
                except ValidationError:
                    missing.append(m.name)
        return done, missing

    # -- paying -------------------------------------------------------------------------

    def pay(
        self,
        member_id: int,
        month_list: list[str],
        amount_fen: int,
        paid_on: str | None = None,
        method: str = "现金",
        receipt_no: str = "",
        collector: str = "",
        backpay_override: str = "",
        correction_reason: str = "",
        note: str = "",
    ) -> int:
        """Record a payment covering ``month_list`` (earliest first; the last may be part-paid)."""
        args = (member_id, month_list, amount_fen, paid_on or self.today(), method, receipt_no, collector,
                backpay_override, correction_reason, note)
        with self.write():
            pid = self._pay(*args)
        self._undoable_payments(f"登记{repo.names_by_id(self.conn, [member_id]).get(member_id, '')}的党费", [pid],
                                lambda: [self.pay(*args)])
        return pid

    def _undoable_payments(self, label: str, ids: list[int], again: Any) -> None:
        """Undo a payment by reversing it (the original stays, as with any 冲销)."""

        box = {"ids": ids}

        def back() -> None:
            for pid in box["ids"]:
                self.reverse(pid, "撤销刚才的登记")

        def forward() -> None:
            box["ids"] = again()

        undo.register(self.ctx, label, back, forward)

    def _pay(
        self,
        member_id: int,
        month_list: list[str],
        amount_fen: int,
        paid_on: str,
        method: str,
        receipt_no: str,
        collector: str,
        backpay_override: str,
        correction_reason: str,
        note: str,
    ) -> int:
        member = repo.get_member(self.conn, member_id)
        if member is None:
            raise UserError("找不到该党员")
        errors = dr.payment_field_errors(month_list, amount_fen, method, paid_on)
        if errors:
            raise ValidationError(errors)
        month_list = sorted(set(month_list))
        cache = self.ledger.member_cache(member_id, month_list)
        due: dict[str, int] = {}
        for m in month_list:
            a = self.assessment_for(member_id, m, cache)
            if a is not None:
                due[m] = a.amount_fen
        facts = dr.PaymentFacts(
            name=member.name, liable=frozenset(self.liable_months(member, month_list[0], month_list[-1])), due=due,
            paid={m: cache.paid.get((member_id, m), 0) for m in month_list},
            backpay_limit=int(self.setting(dr.BACKPAY.key)), prepay=str(self.setting(dr.PREPAY.key)),
            pay_month_closed=drepo.is_closed(self.conn, months.of(paid_on)))
        errors, owing = dr.validate_payment(month_list, amount_fen, paid_on, facts, backpay_override,
                                            correction_reason)
        if errors:
            raise ValidationError(errors)
        pid = drepo.insert_payment(
            self.conn,
            {
                "member_id": member_id,
                "paid_on": paid_on,
                "amount_fen": amount_fen,
                "method": method,
                "receipt_no": receipt_no.strip(),
                "collector": collector.strip(),
                "backpay_override": backpay_override.strip(),
                "correction_reason": correction_reason.strip(),
                "note": note.strip(),
            },
        )
        left = amount_fen
        for m, owed in owing:
            part = min(owed, left)
            drepo.insert_payment_month(self.conn, pid, member_id, m, part)
            left -= part
        self.log(
            "dues_payment", pid, "收缴", None, {"member_id": member_id, "months": month_list, "amount_fen": amount_fen}
        )
        return pid

    def reverse(self, payment_id: int, reason: str, on: str | None = None) -> int:
        """Cancel a mistaken payment by a negative correcting entry (the original stays)."""
        if not reason.strip():
            raise ValidationError({"reason": "冲销须写明原因"})
        with self.write():
            original = drepo.payment(self.conn, payment_id)
            if original is None:
                raise UserError("找不到该收缴记录")
            if original.amount_fen < 0 or drepo.is_reversed(self.conn, payment_id):
                raise UserError("该记录已冲销")
            pid = drepo.insert_payment(
                self.conn,
                {
                    "member_id": original.member_id,
                    "paid_on": on or self.today(),
                    "amount_fen": -original.amount_fen,
                    "reverses": payment_id,
                    "method": original.method,
                    "receipt_no": original.receipt_no,
                    "collector": original.collector,
                    "correction_reason": reason.strip(),
                    "note": f"冲销第{payment_id}号收缴记录",
                },
            )
            for part in drepo.payment_months(self.conn, payment_id):
                drepo.insert_payment_month(self.conn, pid, part.member_id, part.month, -part.amount_fen)
            self.log("dues_payment", pid, "冲销", {"payment": payment_id}, {"reason": reason})
            return pid

    def collect_month(
        self,
        month: str,
        paid_member_ids: list[int],
        paid_on: str | None = None,
        collector: str = "",
        method: str = "现金",
    ) -> list[int]:
        """本月收缴: a full payment of ``month`` for every ticked member, in one transaction."""
        paid_on = paid_on or self.today()
        sheet = {r.member_id: r for r in self.ledger.month_sheet(month)}
        ids = []
        with self.write():
            for mid in paid_member_ids:
                row = sheet.get(mid)
                if row is None:
                    name = repo.names_by_id(self.conn, [mid]).get(mid, mid)
                    raise UserError(f"{name}{months.cn(month)}不需要在本支部交纳党费")
                if row.due_fen is None:
                    raise UserError(f"{row.name}的党费尚未核定，未登记任何收缴")
                if not row.owing_fen:
                    continue
                try:
                    ids.append(
                        self._pay(mid, [month], row.owing_fen, paid_on, method, "", collector, "", "", "本月收缴")
                    )
                except ValidationError as exc:
                    raise UserError(f"{row.name}：{exc.message}；本次未登记任何收缴") from exc
        if ids:
            self._undoable_payments(f"{months.cn(month)}本月收缴（{len(ids)}人）", ids,
                                    lambda: self.collect_month(month, paid_member_ids, paid_on, collector, method))
        return ids

    def payments(self, member_id: int | None = None, year: int | None = None) -> list[Payment]:
        rows = drepo.payments(self.conn, member_id, year)
        reversed_ids = {r.reverses for r in rows if r.reverses}  # among these rows: a year's list is that year's
        return [replace(r, reversed=r.id in reversed_ids) for r in rows]
