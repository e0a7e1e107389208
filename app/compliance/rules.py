"""三会一课 requirements (rulebook section 8): the periods each applies to, and a cell's status.
Pure: no storage, no clock."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any

from app.common.settings import Setting, define
from app.meetings import kinds

DK_PER_QUARTER = define(Setting(
    "rules.dk_per_quarter", "每季度至少上党课次数（条例未规定次数；0 表示不检查）", "1", tag="P",
    minimum=0, maximum=12, unit="次"))

LEADER_LECTURES = define(Setting(
    "rules.leader_lectures_per_year", "领导班子成员（党员领导干部）每年至少讲党课次数", "2", tag="P",
    minimum=0, maximum=12, unit="次"))
SECRETARY_LECTURES = define(Setting(
    "rules.secretary_lectures_per_year", "支部书记每年至少讲党课次数", "1", tag="P",
    minimum=0, maximum=12, unit="次"))
DUAL_GROUP_PER_QUARTER = define(Setting(
    "rules.dual_group_meetings_per_quarter", "党员领导干部每季度至少参加本人所在党小组会次数（双重组织生活）",
    "1", tag="P", minimum=0, maximum=3, unit="次"))

RULE_LABELS = {
    "MTG-ZWH": "支委会（每月）",
    "MTG-DYDH": "支部党员大会（每季度）",
    "MTG-XZH": "党小组会（每月）",
    "MTG-DK": "党课（每季度）",
    "MTG-ZTDR": "主题党日（每月）",
    "MTG-ZZSHH": "组织生活会（每年）",
    "MTG-MZPY": "民主评议党员（每年）",
    "MTG-TXTH": "谈心谈话（每年全覆盖）",
}

#: The kind of record that fulfils each requirement.
RULE_KIND = kinds.RULE_KIND  # each kind names its rule (app/meetings/kinds.py)

#: What is still due, in plain words (the home page).
DUE_WORDS = {
    "MTG-ZWH": "本月尚未召开支委会",
    "MTG-DYDH": "本季度尚未召开支部党员大会",
    "MTG-DK": "本季度尚未上党课",
    "MTG-ZTDR": "本月尚未开展主题党日活动",
    "MTG-ZZSHH": "本年度尚未召开组织生活会（一般安排在第四季度）",
    "MTG-MZPY": "本年度尚未开展民主评议党员",
}


@dataclass(frozen=True)
class Cell:
    """One requirement in one period.

    Attributes:
        rule: the rulebook key (MTG-ZWH …).
        period: "2025-03", "2025-Q1" or "2025".
        group: the party group id for MTG-XZH, else None.
        group_name: its name, for display.
        status: "held", "missing", "due" or "future".
        meetings: ids of the records that fulfil it.
        detail: a Chinese note (counts, coverage).
    """

    rule: str
    period: str
    group: int | None
    group_name: str | None
    status: str
    meetings: tuple[int, ...] = ()
    detail: str = ""
    dates: tuple[str, ...] = ()  # the dates of those records, for display

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "period": self.period, "group": self.group_name,
                "group_id": self.group, "status": self.status,
                "meetings": list(self.meetings), "detail": self.detail}


@dataclass(frozen=True)
class TalkCoverage:
    """谈心谈话 in a year: members without any talk, committee pairs that have not talked."""

    members_without: tuple[str, ...]
    committee_pairs_missing: tuple[tuple[str, str], ...]
    talks: int

    @property
    def complete(self) -> bool:
        return not self.members_without and not self.committee_pairs_missing


@dataclass
class Period:
    key: str
    start: str
    end: str
    label: str = field(default="")


def months(year: int) -> list[Period]:
    return [Period(f"{year:04d}-{m:02d}", f"{year:04d}-{m:02d}-01",
                    f"{year:04d}-{m:02d}-{calendar.monthrange(year, m)[1]:02d}", f"{m}月")
            for m in range(1, 13)]


def quarters(year: int) -> list[Period]:
    out = []
    for q in range(1, 5):
        m1, m3 = 3 * q - 2, 3 * q
        out.append(Period(f"{year:04d}-Q{q}", f"{year:04d}-{m1:02d}-01",
                           f"{year:04d}-{m3:02d}-{calendar.monthrange(year, m3)[1]:02d}", f"第{q}季度"))
    return out


def whole_year(year: int) -> list[Period]:
    return [Period(f"{year:04d}", f"{year:04d}-01-01", f"{year:04d}-12-31", "全年")]


def status(p: Period, as_of: str, held: bool, closed: bool = False) -> str:
    """held, future, missing, or due (still open on ``as_of``). ``closed``: ``as_of`` is counted
    to the end of its day (a finished year, graded whole: its last month and quarter are over)."""
    if held:
        return "held"
    if p.start > as_of:
        return "future"
    if p.end < as_of or (closed and p.end <= as_of):
        return "missing"
    return "due"


def overlaps(member: Any, p: Period) -> bool:
    return any(per.start_date <= p.end and (per.end_date is None or per.end_date > p.start)
               for per in member.periods)
