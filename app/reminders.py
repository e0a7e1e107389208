"""What the home page shows: the branch at a glance and what needs doing now, decided here
(not in the UI) from every area's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.branch.model import BranchWarning, CommitteeRole
from app.common import dates
from app.development.model import Finding
from app.roster import rules as roster_rules
from app.roster.model import MemberClass

if TYPE_CHECKING:
    from app.services import Services

#: Development findings shown on the home page (the rest are on the development page).
HOME_DEV_RULES = ("DEV-TALK", "DEV-PROB", "DEV-APPROVE", "DEV-ACT-EVAL")


@dataclass(frozen=True)
class Probation:
    name: str
    join_date: str
    due: str
    days_left: int  # negative: probation over that many days ago


@dataclass(frozen=True)
class HomeSummary:
    """Everything the home page shows, as data."""

    branch_name: str
    supervising_committee: str
    today: str
    members: int
    full_members: int
    groups: int
    ungrouped: int
    seats: int
    secretary: str | None
    warnings: tuple[BranchWarning, ...]
    to_do: tuple[str, ...]
    probation: tuple[Probation, ...]
    dev_findings: tuple[Finding, ...] = field(default=())

    @property
    def probationary_members(self) -> int:
        return self.members - self.full_members


class Reminders:
    def __init__(self, services: Services) -> None:
        self.s = services

    def summary(self) -> HomeSummary:
        s = self.s
        today = s.today()
        branch = s.branch.get()
        active = s.roster.list(include_left=False)
        full = [m for m in active if roster_rules.class_on(m, today) == MemberClass.FULL]
        term = s.branch.current_term()
        seats = s.branch.seats(term.id) if term else []
        secretary = next((x.member_name for x in seats if x.role == CommitteeRole.SECRETARY), None)
        dev_findings = tuple(f for f in s.development.check(today)
                             if f.severity == "error" or f.rule in HOME_DEV_RULES)
        return HomeSummary(
            branch_name=branch.name if branch else "",
            supervising_committee=branch.supervising_committee if branch else "",
            today=today, members=len(active), full_members=len(full), groups=len(s.branch.groups()),
            ungrouped=sum(1 for m in active if m.group_id is None), seats=len(seats), secretary=secretary,
            warnings=tuple(s.branch.warnings(today)), to_do=tuple(self.to_do(today, dev_findings)),
            probation=tuple(self.probation(active, today)), dev_findings=dev_findings)

    def to_do(self, today: str, dev_findings: tuple[Finding, ...]) -> list[str]:
        s = self.s
        due = [("【逾期】" if i["overdue"] else "") + s.notices.describe(i) for i in s.notices.items(open_only=True)]
        due += s.compliance.due_now(today)
        for r in s.meetings.open_rectifications(today):
            if r.overdue:
                due.append(f"整改事项“{r.item}”（责任人：{r.owner or '未定'}，{r.title}）已过完成时限"
                           f"{dates.fmt_cn(r.due_on)}，尚未完成")
        arrears = s.dues.arrears(today)
        alerts = [a for a in arrears if a.level == "alert"]
        warnings = [a for a in arrears if a.level == "warning"]
        if alerts:
            due.append("党费：" + "、".join(f"{a.name}（{a.count}个月）" for a in alerts)
                       + "已连续6个月以上未交足党费，按规定须由支部处理（如有正当理由请登记）")
        if warnings:
            due.append("党费：" + "、".join(f"{a.name}（{a.count}个月）" for a in warnings)
                       + "已连续3个月以上未交足党费，请提醒")
        due.extend(f"发展党员：{f.person}，{f.message}" for f in dev_findings)
        unassessed = s.dues.unassessed(int(today[:4]), today)
        if unassessed:
            due.append(f"党费：{len(unassessed)}名党员尚未核定{today[:4]}年党费")
        return due

    @staticmethod
    def probation(active: list, today: str) -> list[Probation]:
        out = []
        for m in sorted((m for m in active if m.member_class == MemberClass.PROBATIONARY), key=lambda m: m.join_date):
            due = roster_rules.expected_full_date(m.join_date)
            out.append(Probation(m.name, m.join_date, due, dates.days_between(today, due)))
        return out
