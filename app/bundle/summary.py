"""``summary.json``: the year's counts the committee grades on and 党内统计 needs, computed
from the records (docs/bundle-format.md describes every field). Money is integer fen, dates
ISO, kinds and statuses the program's own Chinese words."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from app.dues.reports import month_totals
from app.meetings import rules as meeting_rules
from app.meetings.model import MeetingKind, Status
from app.roster import rules as roster_rules
from app.roster.model import StartKind

if TYPE_CHECKING:
    from app.services import Services

FORMAT = "branchbook-summary/1"


def members_facts(s: Services, year: int, end: str) -> dict[str, Any]:
    start = f"{year}-01-01"
    everyone = s.roster.list(include_left=True)
    on_end = [m for m in everyone if roster_rules.is_member_on(m, end)]
    classes = Counter(roster_rules.class_on(m, end) for m in on_end)
    arrivals: Counter[str] = Counter()
    exits: Counter[str] = Counter()
    for m in everyone:
        for p in m.periods:
            if start <= p.start_date <= end:
                arrivals[p.start_kind] += 1
            if p.end_date and start <= p.end_date <= end:
                exits[p.end_kind or "其他"] += 1
    made_full = sum(1 for m in everyone if m.full_date and start <= m.full_date <= end
                    and roster_rules.is_member_on(m, m.full_date))
    return {
        "at_year_start": sum(1 for m in everyone if roster_rules.is_member_on(m, start)),
        "at_year_end": {"total": len(on_end), "full": classes.get("正式", 0),
                        "probationary": classes.get("预备", 0)},
        "by_category": dict(sorted(Counter(m.personnel_category for m in on_end).items())),
        "by_gender": dict(sorted(Counter(m.gender for m in on_end).items())),
        "admitted": arrivals.get(StartKind.DEVELOPED, 0),
        "made_full": made_full,
        "arrivals": dict(sorted(arrivals.items())),
        "exits": dict(sorted(exits.items())),
    }


def meetings_facts(s: Services, year: int) -> dict[str, Any]:
    records = s.meetings.list(year=year)
    signed = [r for r in records if r.status == Status.SIGNED]
    table: dict[str, dict[str, int]] = {k: dict.fromkeys((f"{m:02d}" for m in range(1, 13)), 0)
                                        for k in MeetingKind}
    quorum_failed: list[dict[str, Any]] = []
    grades: Counter[str] = Counter()
    excellent_ok = True
    life_held, rect_total, rect_done, rect_overdue = False, 0, 0, 0
    today = s.today()
    for r in signed:
        table[r.kind][r.date[5:7]] += 1
        m = s.meetings.get(r.id)
        tally = meeting_rules.tally(m)
        if tally.quorum is False:
            quorum_failed.append({"id": r.id, "kind": r.kind, "date": r.date, "title": r.title,
                                  "due": tally.due, "present": tally.present})
        if m.counts_as(MeetingKind.EVALUATION) and m.grades:
            counted = Counter(g.grade for g in m.grades if g.grade)
            grades.update(counted)
            graded = sum(1 for a in m.attendance if a.member_class == "正式")
            excellent_ok = excellent_ok and counted.get("优秀", 0) <= meeting_rules.excellent_cap(graded)
        if m.counts_as(MeetingKind.LIFE_MEETING):
            life_held = True
            for item in m.rectifications:
                rect_total += 1
                rect_done += item.done_on is not None
                rect_overdue += item.done_on is None and item.due_on is not None and item.due_on < today
    return {
        "records": len(records), "signed": len(signed), "drafts": len(records) - len(signed),
        "late_signoffs": sum(1 for r in signed if r.late),
        "by_kind_month": {k: v for k, v in table.items() if any(v.values())},
        "quorum_failed": quorum_failed,
        "evaluation": {"held": bool(grades), "grades": dict(sorted(grades.items())),
                       "excellent_within_one_third": excellent_ok if grades else None},
        "life_meeting": {"held": life_held, "rectifications": {"total": rect_total, "done": rect_done,
                                                               "overdue": rect_overdue}},
    }


def compliance_facts(s: Services, year: int, as_of: str) -> dict[str, Any]:
    cells = s.compliance.check(year, as_of)
    talks = s.compliance.talk_coverage(year, as_of)
    by_rule: dict[str, Counter[str]] = {}
    for c in cells:
        by_rule.setdefault(c.rule, Counter())[c.status] += 1
    return {
        "by_rule": {rule: dict(sorted(counts.items())) for rule, counts in sorted(by_rule.items())},
        "missing": [{"rule": c.rule, "period": c.period, "group": c.group_name or ""}
                    for c in cells if c.status == "missing"],
        "talks": {"count": talks.talks, "members_without": len(talks.members_without),
                  "committee_pairs_missing": len(talks.committee_pairs_missing)},
        # the speech's numbers for leaders: 党课 given, and 双重组织生活
        "lectures": [d.as_json() for d in s.compliance.lecture_duties(year, as_of)],
        "dual_life": [d.as_json() for d in s.compliance.dual_life(year, as_of)],
    }


def dues_facts(s: Services, year: int, as_of: str) -> dict[str, Any]:
    dues = s.dues
    closed = as_of >= f"{year}-12-31" and s.today() > f"{year}-12-31"  # a finished year: December is owed
    ledger = dues.ledger.grid(year, as_of, closed)
    cash = dues.cash.summary(year)
    due, paid = month_totals(ledger, year)
    by_month = {p["period"]: p for p in cash["months"]}
    arrears = dues.ledger.arrears(as_of, closed=closed)
    return {
        "members": len(ledger),
        "months": [{"month": m, "due_fen": due[m], "paid_fen": paid[m],
                    "collected_fen": by_month[m]["collected_fen"], "remitted_fen": by_month[m]["remitted_fen"],
                    "on_hand_fen": by_month[m]["on_hand_fen"]} for m in due],
        "year": {"due_fen": sum(due.values()), "paid_fen": sum(paid.values()), **cash["year"][0]},
        "closed_months": [m for m in dues.cash.closed_months() if m.startswith(str(year))],
        "arrears": {"members": len(arrears), "six_months_or_more": sum(1 for a in arrears if a.longest >= 6),
                    "with_reason": sum(1 for a in arrears if a.reason)},
        "unassessed_next_year": len(dues.ledger.unassessed(year + 1, f"{year + 1}-01-01")),
    }


def development_facts(s: Services, year: int, as_of: str) -> dict[str, Any]:
    dev = s.development
    people = dev.people(include_closed=True)
    steps_in_year = Counter(st.step_no for p in people for st in p.steps if st.done_on[:4] == str(year))
    findings = dev.check(as_of)
    return {
        "cases": len(people),
        "by_stage": dict(sorted(Counter(dev.stage(p) for p in people if p.status in ("进行中", "预备党员")).items())),
        "by_status": dict(sorted(Counter(p.status for p in people).items())),
        "steps_done_in_year": {str(k): v for k, v in sorted(steps_in_year.items())},
        "findings": [f.as_json() for f in findings],
    }


def _branch(s: Services, year: int, end: str, code: str) -> dict[str, Any]:
    b = s.branch.get()
    term = s.branch.current_term()
    seats = s.branch.committee_seats_on(end)
    return {
        "name": b.name if b else "", "code": code, "kind": b.kind if b else "",
        "supervising_committee": b.supervising_committee if b else "", "founded_on": b.founded_on if b else None,
        "term": ({"elected_on": term.election_date, "years": term.term_years,
                  "due_on": s.branch.term_due_date(term)} if term else None),
        "committee": [{"role": x.role, "name": x.member_name} for x in seats],
        "groups": len(s.branch.groups()),
        "warnings": [w.message for w in s.branch.warnings(end)],
    }


def build(s: Services, year: int, code: str, checklist: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole summary for ``year`` as known today (the end of the year when it is over)."""
    end = min(f"{year}-12-31", s.today())
    return {
        "format": FORMAT, "year": year, "as_of": end,
        "branch": _branch(s, year, end, code),
        "members": members_facts(s, year, end),
        "meetings": meetings_facts(s, year),
        "compliance": compliance_facts(s, year, end),
        "dues": dues_facts(s, year, end),
        "development": development_facts(s, year, end),
        "year_texts": {"plan": bool(s.meetings.year_text(year, "年度工作计划")),
                       "summary": bool(s.meetings.year_text(year, "年度工作总结"))},
        "notices": s.notices.for_summary(),
        "checklist": checklist,
        "missing": [c["key"] for c in checklist if c["status"] == "缺少"],
        "integrity": s.integrity.verify(remember=False).as_json(),
        **posts_facts(s, year, end),
    }


def posts_facts(s: Services, year: int, end: str) -> dict[str, Any]:
    """先锋岗 coverage at the year's end and 双报到 of the year (the speech's section 四)."""

    return {"posts": s.posts.coverage(end), "community": s.community.coverage(year)}
