"""The DEV-* findings about one case: talks, half-yearly assessments, approvals, probation,
departure, archiving, and the 2026 revision's unconfirmed limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.common import dates
from app.development.model import CaseStatus, Finding, MilestoneKind, Outcome
from app.development.rules import ARCHIVE_DOCUMENTS
from app.meetings.rules import working_days_after
from db.records.development import DevPerson

if TYPE_CHECKING:
    from app.development.service import DevelopmentService


def hard_breaches(service: DevelopmentService, p: DevPerson) -> list[Finding]:
    """The confirmed ([C]) rules a recorded history breaks — what ``advance`` refuses, found again
    in the steps as they now stand (after corrections): 培养不满一年即确定为发展对象, admission
    without training or without a 政审 conclusion, 转正 before the probation ended."""
    out: list[Finding] = []

    def add(rule: str, message: str) -> None:
        out.append(Finding(rule, p.id, p.name, "error", message))

    start, need = service.activist_date(p), service.limit(p, "activist_min_months") or 0
    for no, what in ((6, "完成培养教育考察"), (7, "确定为发展对象")):
        st = p.done(no)
        if start and st and st.done_on < dates.add_months(start, need):
            add("DEV-ACT-MIN", f"{dates.fmt_cn(start)}确定为入党积极分子，{dates.fmt_cn(st.done_on)}即{what}，"
                f"培养教育考察不满{need // 12}年（违反规定）")
            break
    admitted = next((st for no in (15, 17) if (st := p.done(no))), None)
    if admitted:
        s10, s11 = p.done(10), p.done(11)
        if not s11:
            add("DEV-TRAIN", f"{dates.fmt_cn(admitted.done_on)}接收为预备党员，此前未经集中培训（违反规定）")
        else:
            hours, days = int(s11.data.get("hours") or 0), int(s11.data.get("days") or 0)
            need_h, need_d = service.limit(p, "training_hours") or 0, service.limit(p, "training_days") or 0
            if hours < need_h and days < need_d:
                add("DEV-TRAIN", f"集中培训{days}天、{hours}学时，不足{need_d}天或{need_h}学时（违反规定）")
        if not s10 or not s10.data.get("conclusion") or not s10.data.get("qualified", True):
            add("DEV-VET", "没有政治审查结论或政审不合格即接收为预备党员（违反规定）")
    s24, end = p.done(24), service.probation_end(p)
    if s24 and end and s24.done_on < end and not any(
            s.step_no == 23 and s.data.get("outcome") == Outcome.CANCELLED for s in p.steps):
        s23 = p.done(23)
        if s23 and s23.done_on < end:
            add("DEV-PROB", f"预备期{dates.fmt_cn(end)}期满，支部大会{dates.fmt_cn(s23.done_on)}即讨论转正（违反规定）")
    return out


def findings(service: DevelopmentService, p: DevPerson, as_of: str) -> list[Finding]:
    out: list[Finding] = list(hard_breaches(service, p))
    limit = service.limit

    def add(rule: str, severity: str, message: str) -> None:
        out.append(Finding(rule, p.id, p.name, severity, message))

    s2 = p.done(2)
    talk_by = dates.add_months(p.application_received, service.months(p, "talk_months"))
    if s2 and s2.done_on > talk_by and not p.activist_since:
        add("DEV-TALK", "warning",
            f"收到申请书后超过1个月才谈话（{dates.fmt_cn(s2.done_on)}，应在{dates.fmt_cn(talk_by)}前）")
    elif not s2 and as_of > talk_by:
        add("DEV-TALK", "warning", f"收到入党申请书已超过1个月，尚未派人谈话（应在{dates.fmt_cn(talk_by)}前）")
    _eval_gaps(service, p, as_of, add)
    s15, s17 = p.done(15), p.done(17)
    if s15:
        warn_by = dates.add_months(s15.done_on, service.months(p, "approve_warn_months"))
        max_by = dates.add_months(s15.done_on, service.months(p, "approve_max_months"))
        when = s17.done_on if s17 else as_of
        approved = f"（{dates.fmt_cn(s17.done_on)}批准）" if s17 else "，尚未审批"
        if when > max_by:
            add("DEV-APPROVE", "error", f"支部大会{dates.fmt_cn(s15.done_on)}通过，上级党委审批已超过6个月{approved}")
        elif when > warn_by:
            add("DEV-APPROVE", "warning", f"支部大会{dates.fmt_cn(s15.done_on)}通过，上级党委审批已超过3个月{approved}")
    if p.expected_leave_on:
        admitted = s15.done_on if s15 else as_of
        if admitted <= p.expected_leave_on <= dates.add_months(admitted, service.months(p, "leave_months")):
            add("DEV-LEAVE", "warning", f"预计{dates.fmt_cn(p.expected_leave_on)}离开工作单位，"
                "3个月内将离开工作单位的一般不办理接收")
    end = service.probation_end(p)
    last23 = p.done(23)
    pending_23 = not last23 or (last23.data.get("outcome") == Outcome.EXTENDED and end and last23.done_on < end)
    if s17 and end and as_of > end and pending_23 and p.status == CaseStatus.PROBATIONARY:
        add("DEV-PROB", "warning", f"预备期已于{dates.fmt_cn(end)}期满，支部尚未讨论转正")
    if last23 and last23.data.get("outcome") == Outcome.ON_TIME and not p.done(24):
        by = dates.add_months(last23.done_on, service.months(p, "full_approve_months"))
        if as_of > by:
            add("DEV-APPROVE", "warning", f"支部大会{dates.fmt_cn(last23.done_on)}通过转正，上级党委超过3个月未审批")
    s24, s25 = p.done(24), p.done(25)
    if s25:
        missing = [d for d in ARCHIVE_DOCUMENTS if d not in s25.data.get("documents", [])]
        if missing:
            add("DEV-ARCHIVE", "warning", "归档材料缺少：" + "、".join(missing))
    elif s24:
        add("DEV-ARCHIVE", "warning", "已转正，入党材料尚未归档")
    oath_limit = limit(p, "oath_months")
    if oath_limit and s17:
        s20 = p.done(20)
        by = dates.add_months(s17.done_on, oath_limit)
        if (s20.done_on if s20 else as_of) > by:
            add("DEV-OATH", "warning", f"批准后{oath_limit}个月内应组织入党宣誓（2026年修订的规定，未经核实）")
    publicity = limit(p, "publicity_working_days")
    if publicity and p.done(12):
        notices = [m for m in p.milestones if m.kind == MilestoneKind.PUBLICITY]
        longest = max((working_days_after(m.date, m.end_date or m.date) + 1 for m in notices), default=0)
        if longest < publicity:
            add("DEV-PUBLICITY", "warning", f"发展对象应公示不少于{publicity}个工作日（2026年修订的规定，未经核实）")
    return out


def _eval_gaps(service: DevelopmentService, p: DevPerson, as_of: str,
               add: Callable[[str, str, str], None]) -> None:
    """DEV-ACT-EVAL: an assessment entry at least every 6 months while an activist (until
    发展对象) and while probationary (until 转正)."""
    spans = []
    start = service.activist_date(p)
    if start:
        s7 = p.done(7)
        spans.append(("入党积极分子", start, s7.done_on if s7 else as_of))
    s17 = p.done(17)
    if s17:
        s24 = p.done(24)
        s15 = p.done(15)
        spans.append(("预备党员", s15.done_on if s15 else s17.done_on, s24.done_on if s24 else as_of))
    months = service.months(p, "eval_months")
    ends = sorted(a.period_end for a in p.assessments)
    for label, begin, finish in spans:
        cursor = begin
        for end in [e for e in ends if begin <= e <= finish] + [finish]:
            if dates.add_months_end_aware(cursor, months) < end:
                add("DEV-ACT-EVAL", "warning", f"作为{label}，{dates.fmt_cn(cursor)}之后超过半年没有考察写实")
                break
            cursor = end
