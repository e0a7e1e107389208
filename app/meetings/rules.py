"""Rules of the work record (rulebook sections 2, 3 and 8): quorum, votes, grades, lateness,
and the checks of one record's own fields. Pure functions: no storage, no clock."""

from __future__ import annotations

import datetime as _dt
import re

from app.common import dates
from app.meetings import kinds
from app.meetings.kinds import Quorum, Section
from app.meetings.model import (
    AbsenceReason,
    Meeting,
    Rating,
    Tally,
    VoteMethod,
    VoteResult,
)

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
    whole_weeks, rest = divmod((b - a).days, 7)
    # the ``rest`` days after the whole weeks, from the weekday after a's: those before Saturday
    first = (a.weekday() + 1) % 7
    return whole_weeks * 5 + sum(1 for i in range(first, first + rest) if i % 7 < 5)


def signed_late(meeting_date: str, signed_on: str) -> bool:
    return working_days_after(meeting_date, signed_on) > SIGN_OFF_WORKING_DAYS


_TIME_DIGITS = str.maketrans("０１２３４５６７８９：", "0123456789:")


def normalize_time(text: str) -> str:
    """A time of day as people type it — 9:30, 09:30, 0930, 930, 9：30, 9点30, 9点半, 9时30分,
    14点 — written 09:30; anything else is returned as it was (and then refused)."""
    raw = "".join((text or "").split()).translate(_TIME_DIGITS)
    if not raw:
        return ""
    found = (re.fullmatch(r"(\d{1,2}):(\d{2})", raw) or re.fullmatch(r"(\d{1,2})(\d{2})", raw)
             or re.fullmatch(r"(\d{1,2})[点时](?:(\d{1,2})分?|(半))?", raw))
    if found is None:
        return text
    hour = int(found.group(1))
    minute = 30 if found.lastindex == 3 and found.group(3) else int(found.group(2) or 0)
    if hour > 23 or minute > 59:
        return text
    return f"{hour:02d}:{minute:02d}"


def valid_time(text: str) -> bool:
    if not text:
        return True
    try:
        _dt.time.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 5


def tally(meeting: Meeting) -> Tally:
    """Attendance counts, quorum and the result of every vote."""
    full = [a for a in meeting.attendance if a.member_class == "正式"]
    prob = [a for a in meeting.attendance if a.member_class == "预备"]
    present_full = sum(1 for a in full if a.present)
    present_prob = sum(1 for a in prob if a.present)
    absent = tuple((a.name, a.absence_reason + (f"：{a.absence_note}" if a.absence_note else ""))
                   for a in meeting.attendance if not a.present and a.absence_reason)
    quorum: bool | None = None
    text = ""
    rule = kinds.of(meeting.kind).quorum if meeting.kind in kinds.BY_NAME else None
    if rule == Quorum.GENERAL:
        quorum = general_meeting_quorum(len(full), present_full)
        text = (f"应到有表决权党员{len(full)}名，实到{present_full}名，"
                + ("超过半数，可以进行表决" if quorum else "未超过半数，不足法定人数，不能进行表决"))
    elif rule == Quorum.COMMITTEE:
        due = len(meeting.attendance)
        present = present_full + present_prob
        quorum = committee_quorum(due, present)
        text = f"应到委员{due}名，实到{present}名，" + ("超过半数，可以召开" if quorum else "未超过半数，不能召开")
    results = []
    for v in meeting.votes:
        yes, no, abstain = v.yes + v.written_yes, v.no + v.written_no, v.abstain + v.written_abstain
        passes: bool | None = None
        note = f"赞成{yes}票、反对{no}票、弃权{abstain}票"
        if v.written_yes or v.written_no or v.written_abstain:
            note += f"（含书面意见{v.written_yes + v.written_no + v.written_abstain}份）"
        if rule is not None:
            # 支部党员大会: more than half of the voting members due (条例 Art. 11). The 支委会
            # threshold is unconfirmed (rulebook 2.2 [U]); the same "more than half of the
            # members due" is applied until the supervising committee says otherwise.
            base = len(full) if rule == Quorum.GENERAL else len(meeting.attendance)
            passes = motion_passes(base, yes) and quorum is not False
            label = "应到有表决权党员" if rule == Quorum.GENERAL else "应到委员"
            if quorum is False:
                note += "；到会人数不足，表决无效"
            elif passes:
                note += f"；超过{label}（{base}名）的半数，通过"
            else:
                note += f"；未超过{label}（{base}名）的半数，未通过"
        results.append(VoteResult(v.subject, yes, no, abstain, passes, note))
    return Tally(len(full), len(prob), present_full, present_prob, absent, quorum, text, tuple(results))


def field_errors(meeting: Meeting, today: str, for_sign_off: bool = False) -> dict[str, str]:
    """Problems in the record's own fields (field -> Chinese message); the attendance list
    against the roster is checked by the service, which knows the roster."""
    e: dict[str, str] = {}
    if meeting.kind not in kinds.BY_NAME:
        e["kind"] = "会议类型应为：" + "、".join(kinds.NAMES)
        return e
    spec = kinds.of(meeting.kind)
    if not dates.is_valid_iso(meeting.date) or len(meeting.date) != 10:
        e["date"] = "请填写会议日期（年月日）"
    elif for_sign_off and meeting.date > today:
        e["date"] = "会议尚未召开，不能签发"
    for key in ("start_time", "end_time"):
        if not valid_time(getattr(meeting, key)):
            e[key] = "时间应为时和分，如 14:30、9:30、0930 或 9点30"
    if meeting.start_time and meeting.end_time and "start_time" not in e and "end_time" not in e \
            and meeting.end_time <= meeting.start_time:
        e["end_time"] = "结束时间应晚于开始时间"
    if not meeting.title.strip():
        e["title"] = "请填写会议名称或主题"
    if spec.host_required and not meeting.host.strip():
        e["host"] = "请填写主持人"
    if spec.recorder_required and not meeting.recorder.strip():
        e["recorder"] = "请填写记录人"
    if kinds.has(meeting, Section.SPEAKER):
        if not meeting.speaker.strip():
            e["speaker"] = "请填写党课主讲人"
        if not meeting.lecture_title.strip():
            e["lecture_title"] = "请填写党课题目"
    bad_also = [k for k in meeting.also_counts if k == meeting.kind or k not in kinds.COMBINABLE]
    if bad_also:
        e["also_counts"] = "“同时计为”不能选择：" + "、".join(bad_also)
    _absences(meeting, e)
    _votes(meeting, e)
    _grades(meeting, e, for_sign_off)
    for i, item in enumerate(meeting.agenda, start=1):
        if not item.strip():
            e["agenda"] = f"第{i}项议题为空"
    for r in meeting.rectifications:
        if not r.item.strip():
            e["rectifications"] = "整改事项不能为空"
        for d in (r.due_on, r.done_on):
            if d and not dates.is_valid_iso(d):
                e["rectifications"] = f"整改事项“{r.item}”的日期格式不正确"
    for s in meeting.steps:
        if s.done_on and not dates.is_valid_iso(s.done_on):
            e["steps"] = f"“{s.step}”的日期格式不正确"
    return e


def _absences(meeting: Meeting, e: dict[str, str]) -> None:
    for a in meeting.attendance:
        if not a.present:
            if a.absence_reason not in tuple(AbsenceReason):
                e["attendance"] = f"请填写{a.name}的缺席原因（病假、事假、公出或其他）"
            elif a.absence_reason == AbsenceReason.OTHER and not a.absence_note.strip():
                e["attendance"] = f"{a.name}的缺席原因为“其他”，请写明具体原因"


def _votes(meeting: Meeting, e: dict[str, str]) -> None:
    if not meeting.votes:
        return
    voting = [a for a in meeting.attendance if a.member_class == "正式"]
    if meeting.kind in kinds.BY_NAME and kinds.of(meeting.kind).quorum == Quorum.COMMITTEE:
        voting = list(meeting.attendance)  # every committee member has a vote
    present = sum(1 for a in voting if a.present)
    absent = len(voting) - present
    for i, v in enumerate(meeting.votes, start=1):
        label = f"第{i}项表决（{v.subject or '未填写事项'}）"
        counts = (v.yes, v.no, v.abstain, v.written_yes, v.written_no, v.written_abstain)
        if not v.subject.strip():
            e["votes"] = f"第{i}项表决请填写表决事项"
        elif v.method not in tuple(VoteMethod):
            e["votes"] = f"{label}：表决方式应为举手或无记名投票"
        elif any(not isinstance(n, int) or isinstance(n, bool) for n in counts):
            e["votes"] = f"{label}：票数应为整数"
        elif min(counts) < 0:
            e["votes"] = f"{label}：票数不能为负数"
        elif v.yes + v.no + v.abstain > present:
            e["votes"] = f"{label}：现场票数合计{v.yes + v.no + v.abstain}，超过到会有表决权人数{present}"
        elif v.written_yes + v.written_no + v.written_abstain > absent:
            e["votes"] = (f"{label}：书面意见{v.written_yes + v.written_no + v.written_abstain}份，"
                          f"超过未到会有表决权人数{absent}")


def _grades(meeting: Meeting, e: dict[str, str], for_sign_off: bool) -> None:
    if not kinds.has(meeting, Section.GRADES):
        if meeting.grades:
            e["grades"] = "只有民主评议党员的记录才能填写评定等次"
        return
    classes = {a.member_id: a for a in meeting.attendance}
    graded = [a for a in meeting.attendance if a.member_class == "正式"]
    for g in meeting.grades:
        person = classes.get(g.member_id)
        if person is None:
            e["grades"] = f"{g.name or g.member_id}不在本次评议范围内"
        elif person.member_class == "预备" and g.grade is not None:
            e["grades"] = f"{person.name}是预备党员，参加评议但不评定等次"
        elif g.grade is not None and g.grade not in tuple(Rating):
            e["grades"] = f"{person.name}的等次应为：" + "、".join(Rating)
    excellent = sum(1 for g in meeting.grades if g.grade == Rating.EXCELLENT)
    cap = excellent_cap(len(graded))
    if excellent > cap:
        e["grades"] = (f"评为“优秀”的有{excellent}名，超过参评正式党员（{len(graded)}名）的三分之一"
                       f"（最多{cap}名），不能保存")
    if for_sign_off and "grades" not in e:
        done = {g.member_id for g in meeting.grades if g.grade}
        missing = [a.name for a in graded if a.member_id not in done]
        if missing:
            e["grades"] = "以下正式党员尚未评定等次：" + "、".join(missing)


def search_body(m: Meeting) -> str:
    """The words of a record that full-text search looks through."""
    parts = [m.kind, m.title, m.place, m.lecture_title, m.speaker, *m.agenda, m.content,
             *(f"{s.speaker} {s.points}" for s in m.speeches), m.resolutions,
             *(v.subject for v in m.votes), *(r.item for r in m.rectifications)]
    return "\n".join(p for p in parts if p)
