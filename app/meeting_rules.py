"""Rules of the work record (rulebook sections 2, 3 and 8): quorum, votes, grades, lateness."""

from __future__ import annotations

import datetime as _dt

from app import dates

MEETING_KINDS = ("支委会", "支部党员大会", "党小组会", "党课", "主题党日", "组织生活会",
                 "民主评议党员", "谈心谈话", "其他")
ABSENCE_REASONS = ("病假", "事假", "公出", "其他")
VOTE_METHODS = ("举手", "无记名投票")
GRADES = ("优秀", "合格", "基本合格", "不合格")
OBSERVER_ROLES = ("入党积极分子", "发展对象", "上级党组织代表", "其他")

#: 组织生活会 procedure (rulebook 2.3): before, during and after the meeting.
LIFE_MEETING_STEPS = (
    ("会前", "确定主题"),
    ("会前", "组织学习研讨"),
    ("会前", "开展谈心谈话"),
    ("会前", "广泛征求意见"),
    ("会前", "撰写对照检查材料（发言提纲）"),
    ("会上", "通报情况、查摆问题"),
    ("会上", "开展批评和自我批评（书记带头）"),
    ("会上", "明确整改方向"),
    ("会后", "制定整改清单"),
    ("会后", "向上级党组织报告会议情况"),
    ("会后", "整改落实并公示"),
)

#: Days after the meeting within which the record should be signed off.
SIGN_OFF_WORKING_DAYS = 3


def majority(count: int, of: int) -> bool:
    """More than half: exactly half is not enough."""
    return count * 2 > of


def general_meeting_quorum(due_voting: int, present_voting: int) -> bool:
    """支部党员大会: more than half of the members with a vote present (条例 Art. 11)."""
    return due_voting > 0 and majority(present_voting, due_voting)


def committee_quorum(due: int, present: int) -> bool:
    """支委会: more than half of the committee members present (条例 Art. 12)."""
    return due > 0 and majority(present, due)


def motion_passes(due_voting: int, yes_total: int) -> bool:
    """A motion passes when the yes votes (written opinions included) exceed half of the
    members with a vote who were due, not of those present (条例 Art. 11)."""
    return due_voting > 0 and majority(yes_total, due_voting)


def excellent_cap(graded: int) -> int:
    """At most one third of the members may be rated 优秀."""
    return graded // 3


def working_days_after(start: str, end: str) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``.

    Public holidays are not known to the program and are counted as working days.
    """
    a, b = dates.to_date(start), dates.to_date(end)
    if b <= a:
        return 0
    days = 0
    d = a
    while d < b:
        d += _dt.timedelta(days=1)
        if d.weekday() < 5:
            days += 1
    return days


def signed_late(meeting_date: str, signed_on: str) -> bool:
    return working_days_after(meeting_date, signed_on) > SIGN_OFF_WORKING_DAYS


def valid_time(text: str) -> bool:
    if not text:
        return True
    try:
        _dt.time.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 5
