"""Dues reports as data, and their Excel export: 党费收缴登记表, 党费收缴公示, the arrears list,
the remittance summary. Every function takes the dues service of the open database."""

from __future__ import annotations

from typing import Any

from app.common import months
from app.dues.service import DuesService
from db.repositories import branch as branch_repo
from db.repositories import dues as drepo

MONEY = '"¥"#,##0.00'


def month_totals(ledger: list[Any], year: int) -> tuple[dict[str, int], dict[str, int]]:
    """Due and paid per month of ``year`` over the ledger's rows (months not owed left out of due)."""
    due = dict.fromkeys(months.span(f"{year}-01", f"{year}-12"), 0)
    paid = dict(due)
    for row in ledger:
        for c in row.cells:
            if c.status not in ("not-liable", "future"):
                due[c.month] += c.due_fen
            paid[c.month] += c.paid_fen
    return due, paid


def year_end(service: DuesService, year: int) -> tuple[str, bool]:
    """Where a year's dues are counted to: its last day once it is over (then December is owed
    like any month: ``closed``), today while it runs."""
    end = f"{year:04d}-12-31"
    return min(end, service.today()), service.today() > end


def register(service: DuesService, year: int, as_of: str | None = None) -> dict[str, Any]:
    """党费收缴登记表: member rows × 12 months of amounts paid (and when), with the year's totals."""
    end, closed = year_end(service, year)
    closed = closed and (as_of is None or as_of >= end)

    paid_on = drepo.paid_dates(service.conn, year)
    back = drepo.back_paid_in(service.conn, year)
    other = drepo.other_years_paid_in(service.conn, year)
    rows: list[dict[str, Any]] = []
    for i, r in enumerate(sorted(service.ledger.grid(year, as_of or end, closed), key=lambda r: r.member_id),
                          start=1):
        a = service.assessment_for(r.member_id, max((c.month for c in r.cells if c.status != "not-liable"),
                                                    default=f"{year}-12"))
        rows.append({
            "seq": i, "member_id": r.member_id, "name": r.name, "category": r.category,
            "base_fen": a.base_fen if a else None,
            "rate": f"{a.rate_permille / 10:g}%" if a and a.rate_permille else "",
            "monthly_fen": r.amount_fen,
            "months": [None if c.status == "not-liable" else c.paid_fen for c in r.cells],
            "statuses": [c.status for c in r.cells],
            "paid_on": [paid_on.get((r.member_id, c.month)) for c in r.cells],
            "back_paid_fen": back.get(r.member_id, 0),
            "other_years": other.get(r.member_id, []),  # (month, fen) paid this year for other years
            "year_due_fen": r.due_fen, "year_paid_fen": r.paid_fen,
            "note": "减免" if a and a.reduced else ("自愿超上限交纳" if a and a.above_cap else ""),
        })
    totals = {"months": [sum(r["months"][k] or 0 for r in rows) for k in range(12)],
              "year_due_fen": sum(r["year_due_fen"] for r in rows),
              "year_paid_fen": sum(r["year_paid_fen"] for r in rows),
              "back_paid_fen": sum(r["back_paid_fen"] for r in rows)}
    return {"year": year, "branch": _branch_name(service), "rows": rows, "totals": totals}


def publication(service: DuesService, year: int, as_of: str | None = None) -> dict[str, Any]:
    """党费收缴公示: each member's assessed amount and what was paid, with the year's cash summary."""
    data = register(service, year, as_of)
    rows: list[dict[str, Any]] = []
    for r in data["rows"]:
        rows.append({"seq": r["seq"], "name": r["name"], "category": r["category"],
                     "monthly_fen": r["monthly_fen"], "year_paid_fen": r["year_paid_fen"],
                     "state": _state(r["statuses"], r["monthly_fen"])})
    cash = service.cash.summary(year)["year"][0]
    return {"year": year, "branch": data["branch"], "rows": rows, "cash": cash,
            "paid": drepo.paid_by_when(service.conn, year), "table_paid_fen": sum(r["year_paid_fen"] for r in rows)}


def _state(statuses: list[str], monthly_fen: int | None) -> str:
    """What the disclosure says of a member's year, true to the ledger."""
    liable = [s for s in statuses if s not in ("not-liable", "future")]
    owing = sum(1 for s in liable if s in ("overdue", "part-paid"))
    if owing:
        return f"欠交{owing}个月"
    if liable and all(s == "exempt" for s in liable):
        return "免交"
    if monthly_fen is None or "unassessed" in liable:
        return "未核定"
    if "due" in liable:
        return "已交至上月"
    if not liable:
        return "—"
    return "按时足额交纳"


def arrears_list(service: DuesService, as_of: str | None = None) -> list[dict[str, Any]]:
    return [{"name": a.name, "months": list(a.months), "count": a.count, "owed_fen": a.owed_fen,
             "level": a.level, "reason": a.reason} for a in service.ledger.arrears(as_of)]


def _branch_name(service: DuesService) -> str:
    branch = branch_repo.get_branch(service.conn)
    return branch.name if branch else ""
