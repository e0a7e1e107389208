"""The facts a committee grades on, computed from a branch's own records (its database snapshot)
with the same rules the branch program applies (MTG-*, DEV-*, DUES-*, BR-*), each with the
evidence a person can check. Nothing here is taken from the branch's summary.json; comparing
the two is itself a finding."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections import Counter
from typing import Any

from app.common import dates
from app.common import months as months_mod
from app.common.money import yuan
from app.compliance.rules import RULE_LABELS
from app.dues.reports import month_totals
from app.meetings import kinds
from app.meetings import rules as mr
from app.meetings.kinds import Quorum
from app.meetings.model import MeetingKind, Status
from app.roster import rules as roster_rules
from app.services import Services
from db.records.meetings import QualityRow
from db.repositories import dues as drepo
from db.repositories import meetings as mrepo

_MONTHS = tuple(f"{m:02d}" for m in range(1, 13))


def _month_end(month: str) -> str:
    year, m = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(year, m)[1]:02d}"


def _record(r: QualityRow, detail: str = "") -> dict[str, str]:
    return {"date": dates.fmt_cn(r.date), "kind": r.kind, "title": r.title or "（无标题）", "detail": detail}


def _meetings(s: Services, year: int, as_of: str) -> dict[str, Any]:
    rows = mrepo.quality_rows(s.conn, f"{year}-01-01", min(f"{year}-12-31", as_of))
    signed = [r for r in rows if r.status == Status.SIGNED]
    out: dict[str, Any] = {"quorum_failed": [], "drafts_overdue": [], "late": [], "fields_missing": [],
                           "absent_no_reason": [], "no_resolutions": []}
    for r in rows:
        if r.status != Status.SIGNED and mr.working_days_after(r.date, as_of) > 3:
            out["drafts_overdue"].append(_record(r))
    for r in signed:
        signed_on = (r.signed_at or "")[:10]
        if mr.signed_late(r.date, signed_on):
            out["late"].append(_record(r, f"{dates.fmt_cn(signed_on)}签发"))
        spec = kinds.BY_NAME.get(r.kind)
        missing = [label for label, ok in (("主持人", r.host or (spec and not spec.host_required)),
                                           ("记录人", r.recorder or (spec and not spec.recorder_required)),
                                           ("会议内容或发言要点", r.content_len or r.speeches)) if not ok]
        if missing:
            out["fields_missing"].append(_record(r, "缺" + "、".join(missing)))
        if r.unexplained:
            out["absent_no_reason"].append(_record(r, f"{r.unexplained}人缺席原因为“其他”但未说明"))
        if spec and spec.quorum is not None:
            if r.agenda and not r.resolutions_len:
                out["no_resolutions"].append(_record(r))
            if spec.quorum == Quorum.GENERAL:
                quorum = mr.general_meeting_quorum(r.due_full, r.present_full)
                due, present = r.due_full, r.present_full
            else:
                due, present = r.due_full + r.due_prob, r.present_full + r.present_prob
                quorum = mr.committee_quorum(due, present)
            if not quorum:
                out["quorum_failed"].append({**_record(r), "due": due, "present": present})
    table: dict[str, dict[str, int]] = {}
    for r in signed:
        if r.kind not in table:
            table[r.kind] = dict.fromkeys(_MONTHS, 0)
        table[r.kind][r.date[5:7]] += 1
    out["by_kind_month"] = table
    out["signed"] = len(signed)
    out["records"] = len(rows)
    return out


def _year_items(s: Services, year: int, as_of: str) -> dict[str, Any]:
    signed = [r for r in s.meetings.list(year=year) if r.status == Status.SIGNED and r.date <= as_of]
    evaluations = [r for r in signed if r.counts_as(MeetingKind.EVALUATION)]
    held, over = False, ""
    for r in evaluations:
        m = s.meetings.get(r.id)
        if not m.grades:
            continue
        held = True
        graded = sum(1 for a in m.attendance if a.member_class == "正式")
        excellent = sum(1 for g in m.grades if g.grade == "优秀")
        if excellent > mr.excellent_cap(graded):
            over = f"{dates.fmt_cn(m.date)}评为优秀{excellent}名，参评正式党员{graded}名"
    life = any(r.counts_as(MeetingKind.LIFE_MEETING) for r in signed)
    return {"evaluation": held, "excellent_over": over, "life_meeting": life}


def _dues(s: Services, year: int, as_of: str, closed: bool = False) -> dict[str, Any]:
    dues = s.dues
    # arrears first: the months they read (up to four years) hold the year's, which the grid reuses
    arrears = [{"member_id": a.member_id, "name": a.name, "count": a.count, "longest": a.longest,
                "first": a.months[0], "last": a.months[-1], "months": months_mod.describe(a.months),
                "owed": yuan(a.owed_fen), "reason": a.reason}
               for a in dues.ledger.arrears(as_of, closed=closed)]
    ledger = dues.ledger.grid(year, as_of, closed)
    due, paid = month_totals(ledger, year)
    cash = {p["period"]: p for p in dues.cash.summary(year)["months"]}
    half = f"{year}-06-30"
    in_arrears_h1 = sum(1 for row in ledger if sum(
        1 for c in row.cells if c.month <= half[:7] and c.status not in ("not-liable", "future")
        and c.paid_fen < c.due_fen) >= 3)
    remit_late = []
    for q in range(1, 5):
        quarter_end = _month_end(f"{year}-{3 * q:02d}")
        deadline = _month_end(f"{year + (q == 4)}-{(3 * q + 3 - 1) % 12 + 1:02d}")
        if deadline > as_of:
            continue
        if drepo.remitted_until(s.conn, deadline) < drepo.collected_until(s.conn, quarter_end):
            remit_late.append(f"{year}年第{q}季度收缴的党费到{dates.fmt_cn(deadline)}仍未上缴")
    return {
        "arrears": arrears, "remit_late": remit_late, "arrears_h1": in_arrears_h1, "arrears_h2": len(arrears),
        "dues_months": [{"month": m, "due_fen": due[m], "paid_fen": paid[m],
                         "collected_fen": cash[m]["collected_fen"], "remitted_fen": cash[m]["remitted_fen"]}
                        for m in due],
    }


def _followups(s: Services, year: int, as_of: str, closed: bool, arrears: list[dict[str, Any]]) -> dict[str, Any]:
    """What the speech asks beyond the meetings: leaders' 党课 and 双重组织生活, reminders to members
    in arrears, 整改 items past their date, 先锋岗 and 双报到 (shown; scored only if set)."""
    end = f"{year}-12-31"
    after = (_dt.date.fromisoformat(end) + _dt.timedelta(days=1)).isoformat() if closed else as_of
    lectures = [{"name": d.name, "roles": list(d.roles), "given": d.given, "needed": d.needed}
                for d in s.compliance.lecture_duties(year, after) if d.status == "short"]
    dual = []
    for d in s.compliance.dual_life(year, after):
        missed = [f"第{i}季度党小组会" for i, q in enumerate(d.quarters, start=1) if q.status == "missing"]
        missed += ["组织生活会"] if d.life_meeting == "missing" else []
        if missed:
            dual.append({"name": d.name, "group": d.group_name or "未编入党小组", "missed": missed,
                         "absences": [f"{dates.fmt_cn(x)}{k}（{r}）" for x, k, r in d.absences if r]})
    reminded = drepo.reminders_between(s.conn, f"{year}-01-01", as_of)
    unreminded = [{"name": a["name"], "count": a["count"], "first": a["first"]} for a in arrears
                  if not a["reason"] and a["count"] >= 3
                  and not any(on >= f"{a['first']}-01" for on in reminded.get(a["member_id"], ()))]
    overdue = [{"item": item.item, "owner": item.owner, "due": item.due_on, "meeting": item.date}
               for item in mrepo.overdue_rectifications(s.conn, as_of, MeetingKind.LIFE_MEETING, Status.SIGNED)]
    posts = s.posts.coverage(as_of)
    community = s.community.coverage(year)
    return {"lectures_short": lectures, "dual_missed": dual, "unreminded": unreminded, "rectify_overdue": overdue,
            "posts": {"holding": posts["holding"], "members": posts["members"], "share": posts["share"]},
            "community": {"reported": community["reported"], "share": community["share"],
                          "activities": community["activities"], "hours": community["hours"]}}


def compute(s: Services, year: int, as_of: str | None = None) -> dict[str, Any]:
    """Every fact of ``year`` up to ``as_of`` (default: the year's end, or the snapshot's today).
    A year that is over (the snapshot made after its last day) is graded whole: its December and
    fourth quarter are periods like any other, and December's dues are owed."""
    as_of = as_of or min(f"{year}-12-31", s.today())
    closed = as_of >= f"{year}-12-31" and s.today() > f"{year}-12-31"
    cells, talks = s.compliance.check_with_talks(year, as_of, signed_only=True, closed=closed)
    if talks is None:
        talks = s.compliance.talk_coverage(year, as_of, signed_only=True)
    members = [m for m in s.roster.list() if roster_rules.is_member_on(m, as_of)]
    out: dict[str, Any] = {
        "year": year, "as_of": as_of,
        "members_end": len(members),
        "members_by_class": dict(Counter(roster_rules.class_on(m, as_of) for m in members)),
        "compliance_missing": [{"rule": c.rule, "label": RULE_LABELS[c.rule], "period": c.period,
                                "group": c.group_name or ""} for c in cells if c.status == "missing"],
        "compliance_counts": dict(Counter(c.status for c in cells)),
        "talks": {"complete": talks.complete, "count": talks.talks, "members_without": len(talks.members_without),
                  "pairs_missing": len(talks.committee_pairs_missing)},
        "dev_findings": [f.as_json() for f in s.development.check(as_of)],
        "branch_warnings": [{"rule": w.rule, "level": w.level, "message": w.message} for w in s.branch.warnings(as_of)],
    }
    out["closed"] = closed
    out.update(_meetings(s, year, as_of))
    out.update(_year_items(s, year, as_of))
    out.update(_dues(s, year, as_of, closed))
    out.update(_followups(s, year, as_of, closed, out["arrears"]))
    return out


def compare(summary: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    """Where the branch's summary.json disagrees with what its records show. The summary is what
    the branch's program wrote: anything in it of the wrong shape counts as a disagreement, shown
    in words (never a Python value)."""
    out = []
    sent = _part(_part(_part(summary).get("meetings")).get("by_kind_month"))
    kinds = {k for k in sent if isinstance(k, str)} | set(metrics["by_kind_month"])
    for kind in sorted(kinds):
        a, b = _part(sent.get(kind)), metrics["by_kind_month"].get(kind, {})
        months = {m for m in a if isinstance(m, str) and m.isdigit() and 1 <= int(m) <= 12} | set(b)
        for month in sorted(months, key=int):
            if a.get(month, 0) != b.get(month, 0):
                out.append(f"{kind[:20]}{int(month)}月：摘要{_shown(a.get(month, 0), '次')}，记录{b.get(month, 0)}次")
    total = _part(_part(_part(summary).get("members")).get("at_year_end")).get("total")
    if total != metrics["members_end"]:
        out.append(f"年末党员人数：摘要{_shown(total, '人')}，名册{metrics['members_end']}人")
    paid = _part(_part(_part(summary).get("dues")).get("year")).get("paid_fen")
    computed = sum(m["paid_fen"] for m in metrics["dues_months"])
    if paid != computed:
        shown = yuan(paid) if type(paid) is int else "未填或无法读取"
        out.append(f"全年党费实交：摘要{shown}，台账{yuan(computed)}")
    return out


def _part(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _shown(value: Any, unit: str) -> str:
    """A count from the summary as a person reads it."""
    return f"{value}{unit}" if type(value) is int else "未填或无法读取"
