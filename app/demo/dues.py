"""A year and a half of dues for the demo branch: assessments for last year and this year,
monthly collection around the 20th, quarterly remittance, months closed up to two months ago,
one mid-year change, one waived retiree, and a few members in arrears."""

from __future__ import annotations

import random

from app.common import months
from app.services import Services


def fill_dues(services: Services, seed: int = 2025, start: str | None = None) -> None:
    """Assessments, monthly collection, arrears, remittances and closed months from ``start``
    (default: July of last year) to today."""
    rng = random.Random(seed)
    service = services.dues
    today = services.today()
    this_year = int(today[:4])
    start = start or f"{this_year - 1}-07"  # a year and a half
    service.set_start_month(start)  # the ledger begins where the demo's records do (建账月份)
    members = services.roster.list()
    bases: dict[int, int] = {}
    for m in members:
        if m.personnel_category == "离退休":
            bases[m.id] = rng.randint(38, 72) * 10_000
        else:
            bases[m.id] = rng.randint(42, 125) * 10_000
    waived = next((m for m in members if m.personnel_category == "离退休"), None)
    for year in range(int(start[:4]), this_year + 1):
        for m in members:
            if not service.liable_months(m, f"{year}-01", f"{year}-12"):
                continue
            growth = 10_000 * (year - int(start[:4]))
            if waived and m.id == waived.id:
                service.assess(m.id, year, base_fen=bases[m.id], reduced_fen=0, reduction_reason="本人重病，生活困难",
                               branch_decision=f"{year}年1月支委会研究同意免交",
                               upper_approval=f"机关党委党费〔{year}〕3号", approved_by="支部书记",
                               approved_on=f"{year}-01-15")
            else:
                service.assess(m.id, year, base_fen=bases[m.id] + growth, approved_by="支部书记",
                               approved_on=f"{year}-01-15")
    # One mid-year change with its reason (a promotion this year).
    promoted = next(m for m in members if m.personnel_category == "在职" and m.active)
    change_month = f"{this_year}-07"
    if change_month <= months.of(today):
        service.assess(promoted.id, this_year, base_fen=bases[promoted.id] + 210_000,
                       effective_from=change_month, change_reason="职务晋升，工资调整，经支委会同意自7月起调整",
                       approved_by="支部书记", approved_on=f"{this_year}-07-10")
    in_arrears = {m.id: n for m, n in zip([m for m in members if m.active and m.personnel_category == "在职"][-3:],
                                           (4, 7, 3), strict=False)}
    last_month = months.of(today)
    collector = "组织委员"
    for month in months.span(start, last_month):
        day = f"{month}-{rng.randint(18, 22):02d}"
        if day > today:
            continue
        payers = []
        for m in members:
            gap = in_arrears.get(m.id)
            if gap and month > months.add(last_month, -gap - 1):
                continue
            if rng.random() < 0.04:  # the occasional member who pays next month instead
                continue
            payers.append(m.id)
        sheet = {r.member_id: r for r in service.ledger.month_sheet(month)}
        payers = [p for p in payers if p in sheet and sheet[p].owing_fen]
        service.collect_month(month, payers, paid_on=day, collector=collector)
    # Late payers settle the month they missed along with the next one.
    for m in members:
        if m.id in in_arrears:
            continue
        for month in months.span(start, months.add(last_month, -2)):
            owing = service.ledger.owing(m.id, [month]) if month in service.liable_months(m, month, month) else 0
            if owing:
                service.pay(m.id, [month], owing, paid_on=f"{months.add(month, 1)}-20", collector=collector,
                            note="随下月一并交纳")
    # Quarterly remittance and monthly closing.
    for q_end in (m for m in months.span(start, last_month) if int(m[5:]) % 3 == 0):
        remit_day = f"{months.add(q_end, 1)}-08"
        if remit_day > today:
            continue
        amount = service.cash.on_hand(remit_day)
        if amount > 0:
            first = months.add(q_end, -2)
            service.cash.remit(remit_day, amount, max(first, start), q_end, slip_no=f"DF{q_end.replace('-', '')}",
                          handled_by=collector)
    for month in months.span(start, months.add(last_month, -2)):
        service.cash.close_month(month, "支部书记", on=f"{months.add(month, 1)}-05")
