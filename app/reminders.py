"""What the home page shows: the branch at a glance and what needs doing now, decided here
(not in the UI) from every area's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
class FirstStep:
    """One step of setting up a branch: ``key`` names where it is done (branch, roster,
    committee, groups, dues, history); ``optional`` steps never hold the checklist open."""

    key: str
    title: str
    hint: str
    done: bool
    optional: bool = False


#: A branch this small may do without 党小组 (rulebook 1.15: set up "when membership is large").
GROUPS_OPTIONAL_BELOW = 10


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
    first_steps: tuple[FirstStep, ...] = field(default=())
    #: where each to-do is done (a page, "notices" or "backups"), in the order of ``to_do``
    to_do_targets: tuple[str, ...] = field(default=())

    @property
    def probationary_members(self) -> int:
        return self.members - self.full_members

    @property
    def setting_up(self) -> bool:
        """True while a required first step is not done: no page may then claim compliance."""
        return any(not step.done and not step.optional for step in self.first_steps)


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
        groups = s.branch.groups()
        steps = self.first_steps(branch, active, groups, seats, today)
        if any(not step.done and not step.optional for step in steps) and not active:
            items: list[tuple[str, str]] = []  # nothing can be due in a branch with no members yet
        else:
            items = self.to_do_items(today, dev_findings)
        if s.path is not None and (since := s.backups.second_missing_since()):
            items.append((f"备份：第二份备份（{s.backups.second_location()}）自{dates.fmt_cn(since)}起未能写入，"
                          "请插入U盘或连接网络文件夹", "backups"))
        to_do = [text for text, _ in items]
        return HomeSummary(
            branch_name=branch.name if branch else "",
            supervising_committee=branch.supervising_committee if branch else "",
            today=today, members=len(active), full_members=len(full), groups=len(groups),
            ungrouped=sum(1 for m in active if m.group_id is None), seats=len(seats), secretary=secretary,
            warnings=tuple(s.branch.warnings(today)), to_do=tuple(to_do),
            probation=tuple(self.probation(active, today)), dev_findings=dev_findings, first_steps=steps,
            to_do_targets=tuple(target for _, target in items))

    def first_steps(self, branch: object, active: list, groups: list, seats: list,
                    today: str) -> tuple[FirstStep, ...]:
        """The set-up checklist of a new or half set-up branch, each step ticked as it is done."""
        s = self.s
        year = int(today[:4])
        small = len(active) < GROUPS_OPTIONAL_BELOW
        grouped = bool(groups) and all(m.group_id is not None for m in active)
        has_history = s.meetings.count_all() > 0
        return (
            FirstStep("branch", "填写支部基本情况", "支部全称、上级党组织、成立日期",
                      bool(branch and getattr(branch, "name", "") and getattr(branch, "supervising_committee", ""))),
            FirstStep("roster", "导入或录入党员名册", "可从 Excel/WPS 表格导入现有花名册，也可逐个录入",
                      bool(active)),
            FirstStep("committee", "登记支部委员会", "最近一次换届选举的日期和书记、委员", bool(seats)),
            FirstStep("groups", "设立党小组并把党员编入",
                      "党员人数较少的支部可不设党小组" if small else "党员人数较多的支部应划分党小组",
                      grouped, optional=small and not groups),
            FirstStep("dues", f"核定{year}年党费", "按每名党员的工资收入核定月交纳额",
                      bool(active) and not s.dues.ledger.unassessed(year, today)),
            FirstStep("history", "补录以前的会议记录（如有）",
                      "已有纸质记录的，把本年度已开的会议补录进来，落实情况才完整", has_history, optional=True),
        )

    def to_do(self, today: str, dev_findings: tuple[Finding, ...]) -> list[str]:
        return [text for text, _ in self.to_do_items(today, dev_findings)]

    def to_do_items(self, today: str, dev_findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
        """What needs doing, each with where it is done: notices, compliance, meetings, dues,
        development (the home page opens that place when an item is clicked)."""
        s = self.s
        due = [(("【逾期】" if i.overdue else "") + s.notices.describe(i), "notices")
               for i in s.notices.items(open_only=True)]
        due += [(text, "compliance") for text in s.compliance.due_now(today)]
        overdue: dict[str, list[Any]] = {}  # the same item raised year after year: once, with its years
        for r in s.meetings.open_rectifications(today):
            if r.overdue:
                overdue.setdefault(r.item.strip(), []).append(r)
        for item, found in overdue.items():
            owners = "、".join(dict.fromkeys(r.owner for r in found if r.owner)) or "未定"
            years = _years_text(sorted({int(r.date[:4]) for r in found}))
            due.append((f"整改事项“{item}”（责任人：{owners}；{years}组织生活会提出"
                        + (f"，共{len(found)}次" if len(found) > 1 else "")
                        + f"）已过完成时限{dates.fmt_cn(min(r.due_on for r in found))}，尚未完成", "meetings"))
        arrears = s.dues.ledger.arrears(today)
        alerts = [a for a in arrears if a.level == "alert"]
        warnings = [a for a in arrears if a.level == "warning"]
        if alerts:
            due.append(("党费：" + "、".join(f"{a.name}（连续{a.longest}个月）" for a in alerts)
                        + "已连续6个月以上未交足党费，按规定须由支部处理（如有正当理由请登记）", "dues"))
        if warnings:
            due.append(("党费：" + "、".join(f"{a.name}（{a.count}个月）" for a in warnings)
                        + "有3个月以上未交足党费，请提醒", "dues"))
        due.extend((f"发展党员：{f.person}，{f.message}", "development") for f in dev_findings)
        unassessed = s.dues.ledger.unassessed(int(today[:4]), today)
        if unassessed:
            due.append((f"党费：{len(unassessed)}名党员尚未核定{today[:4]}年党费", "dues"))
        return due

    @staticmethod
    def probation(active: list, today: str) -> list[Probation]:
        out = []
        for m in sorted((m for m in active if m.member_class == MemberClass.PROBATIONARY), key=lambda m: m.join_date):
            due = roster_rules.expected_full_date(m.join_date)
            if due is None:
                continue
            out.append(Probation(m.name, m.join_date, due, dates.days_between(today, due)))
        return out


def _years_text(years: list[int]) -> str:
    """2017年至2025年、2027年: runs of consecutive years said as runs."""
    runs: list[list[int]] = []
    for y in years:
        if runs and runs[-1][-1] == y - 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "、".join(f"{r[0]}年" if len(r) == 1 else f"{r[0]}年至{r[-1]}年" for r in runs)
