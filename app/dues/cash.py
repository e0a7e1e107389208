"""The cash book of dues: closing months, remittances upward, what is on hand:
``services.dues.cash``."""

from __future__ import annotations

from typing import Any

from app.common import dates, months
from app.common.errors import UserError, ValidationError
from app.common.service import ServiceBase
from app.dues import rules as dr
from app.dues.model import Remittance
from db.repositories import dues as drepo


class CashBook(ServiceBase):
    """The money received and sent upward, by the date it changed hands."""

    def close_month(self, month: str, by: str, on: str | None = None) -> None:
        on = on or self.today()
        try:
            month = months.parse(month)
        except months.MonthError as exc:
            raise ValidationError({"month": str(exc)}) from None
        if month > months.of(on):
            raise UserError(f"{months.cn(month)}尚未结束，不能结算")
        by = self.signer(by, "by", "结算人", min(on, self.today()))
        with self.write():
            if drepo.is_closed(self.conn, month):
                raise UserError(f"{months.cn(month)}已经结算")
            drepo.close_month(self.conn, month, on, by.strip())
            self.log("dues_month_close", None, "结算", None, {"month": month, "by": by})

    def closed_months(self) -> list[str]:
        return drepo.closed_months(self.conn)

    def remit(
        self,
        remitted_on: str,
        amount_fen: int,
        from_month: str,
        to_month: str,
        slip_no: str = "",
        handled_by: str = "",
        note: str = "",
    ) -> int:
        errors = {}
        if amount_fen <= 0:
            errors["amount"] = "上缴金额应大于0"
        if not dates.is_valid_iso(remitted_on):
            errors["remitted_on"] = "请填写上缴日期"
        if to_month < from_month:
            errors["months"] = "所属期间的结束月份早于开始月份"
        if errors:
            raise ValidationError(errors)
        with self.write():
            on_hand = self.on_hand(remitted_on)
            if amount_fen > on_hand:
                raise ValidationError({"amount": f"上缴{dr.yuan(amount_fen)}超过截至当日的结存{dr.yuan(on_hand)}"})
            rid = drepo.insert_remittance(
                self.conn,
                {
                    "remitted_on": remitted_on,
                    "amount_fen": amount_fen,
                    "from_month": from_month,
                    "to_month": to_month,
                    "slip_no": slip_no.strip(),
                    "handled_by": handled_by.strip(),
                    "note": note.strip(),
                },
            )
            self.log("dues_remittance", rid, "上缴", None, {"amount_fen": amount_fen, "on": remitted_on})
            return rid

    def remittances(self, year: int | None = None) -> list[Remittance]:
        return [
            r for r in drepo.remittances(self.conn, year)
        ]

    def on_hand(self, as_of: str) -> int:
        return drepo.collected_until(self.conn, as_of) - drepo.remitted_until(self.conn, as_of)

    def summary(self, year: int) -> dict[str, list[dict[str, Any]]]:
        """Collected − remitted = on hand, per month, quarter and year (by payment date)."""
        collected = drepo.collected_by_month(self.conn, year)
        remitted = drepo.remitted_by_month(self.conn, year)
        opening = self.on_hand(f"{year - 1:04d}-12-31")
        monthly: list[dict[str, Any]] = []
        balance = opening
        for m in months.span(f"{year:04d}-01", f"{year:04d}-12"):
            c, r = collected.get(m, 0), remitted.get(m, 0)
            balance += c - r
            monthly.append({"period": m, "collected_fen": c, "remitted_fen": r, "on_hand_fen": balance})
        quarterly = []
        for q in range(4):
            part = monthly[3 * q : 3 * q + 3]
            quarterly.append(
                {
                    "period": f"{year}-Q{q + 1}",
                    "collected_fen": sum(p["collected_fen"] for p in part),
                    "remitted_fen": sum(p["remitted_fen"] for p in part),
                    "on_hand_fen": part[-1]["on_hand_fen"],
                }
            )
        yearly = [
            {
                "period": str(year),
                "opening_fen": opening,
                "collected_fen": sum(p["collected_fen"] for p in monthly),
                "remitted_fen": sum(p["remitted_fen"] for p in monthly),
                "on_hand_fen": balance,
            }
        ]
        return {"months": monthly, "quarters": quarterly, "year": yearly}
