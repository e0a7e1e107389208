"""A realistic year of work-record entries for the demo branch, with a few deliberate gaps:
one month without a 支委会, a group that skipped two months, a quarter without a 党课, a month
without a 主题党日, one record signed late and the most recent ones still drafts."""

from __future__ import annotations

import datetime as _dt
import random

from app.common import dates
from app.meetings import rules as mr
from app.meetings.model import Grade, Rectification, Speech, Step, Vote
from app.roster.rules import is_member_on
from app.services import Services
from db.repositories import roster as roster_repo

_THEMES = ["重温入党誓词，坚定理想信念", "学习党章党规，增强纪律意识", "志愿服务进社区", "参观红色教育基地",
           "学习先进典型，立足岗位作贡献", "廉政教育警示日", "读书分享会", "“我为群众办实事”实践活动",
           "观看主题教育专题片", "走访慰问困难党员", "清廉机关建设学习", "岗位练兵与业务交流"]
_LECTURES = ["坚定理想信念 践行初心使命", "学习党章 做合格党员", "加强作风建设 提升服务效能",
             "弘扬伟大建党精神", "严守政治纪律和政治规矩", "以高质量党建引领业务发展"]
_STUDY = ["学习上级党委近期会议精神", "学习《中国共产党支部工作条例（试行）》", "学习《中国共产党纪律处分条例》",
          "学习党的创新理论有关篇目", "学习本单位年度工作要点"]


def _weekday_on_or_after(d: _dt.date) -> _dt.date:
    while d.weekday() >= 5:
        d += _dt.timedelta(days=1)
    return d


def _sign_date(on: str, days: int) -> str:
    d = dates.to_date(on)
    n = 0
    while n < days:
        d += _dt.timedelta(days=1)
        if d.weekday() < 5:
            n += 1
    return d.isoformat()


def fill_records(services: Services, seed: int = 2025, first_year: int | None = None) -> int:
    """Write the records from January of ``first_year`` (default: last year) up to today;
    returns how many were written."""
    rng = random.Random(seed)
    today = dates.to_date(services.today())
    service = services.meetings
    branch = services.branch
    term = branch.current_term()
    seats = branch.seats(term.id) if term else []
    secretary = next((s for s in seats if s.role == "书记"), None)
    recorder = next((s for s in seats if s.role == "组织委员"), seats[-1] if seats else None)
    sec_name = secretary.member_name if secretary else ""
    rec_name = recorder.member_name if recorder else ""
    groups = branch.groups()
    names = roster_repo.names_by_id(services.conn, [g.leader_member_id for g in groups if g.leader_member_id])
    leaders = {g.id: names.get(g.leader_member_id, "") if g.leader_member_id else "" for g in groups}
    count = 0
    # Every month of last year and of this year up to now.
    first = _dt.date(first_year or today.year - 1, 1, 1)
    month_starts = []
    d = first
    while d <= today:
        month_starts.append(d)
        d = (d + _dt.timedelta(days=32)).replace(day=1)
    # The deliberate gaps fall in this year, so the default compliance view shows them.
    this_year = [m for m in month_starts if m.year == today.year]
    pick = lambda i: this_year[min(i, len(this_year) - 1)]  # noqa: E731
    skip_committee = pick(2)
    skip_theme_day = pick(4)
    skip_group = {(groups[2].id, pick(6)), (groups[2].id, pick(7))} if len(groups) > 2 else set()
    late_one = pick(1)
    quarters_with_lecture: set[tuple[int, int]] = set()
    lecture_gap_quarter = (today.year, 1)

    def save(m, sign_after: int | None = None) -> int:
        nonlocal count
        mid = service.save(m)
        count += 1
        age = (today - dates.to_date(m.date)).days
        if sign_after is not None and age > 12:
            signed = _sign_date(m.date, sign_after)
            if signed <= today.isoformat():
                service.sign_off(mid, sec_name, on=signed)
        return mid

    def absent_some(m, k: int = 2) -> None:
        for a in rng.sample(m.attendance, min(k, max(0, len(m.attendance) - 3))):
            a.present = False
            a.absence_reason = rng.choice(["病假", "事假", "公出", "公出"])
            if a.absence_reason == "公出":
                a.absence_note = "外出参加业务培训"

    for ms in month_starts:
        q = (ms.year, (ms.month - 1) // 3)
        # 支委会, early in the month
        on = _weekday_on_or_after(ms + _dt.timedelta(days=rng.randint(2, 6))).isoformat()
        if ms != skip_committee and on <= today.isoformat():
            m = service.new_from_last("支委会", on)
            m.title = f"{ms.month}月份支委会"
            m.start_time, m.end_time, m.place = "08:30", "09:40", "局机关第三会议室"
            m.host, m.recorder = sec_name, rec_name
            m.agenda = ["传达学习上级党委近期会议精神", f"研究{ms.month}"
                                          "月份主题党日活动安排", "研究党员教育管理和发展党员工作"]
            m.speeches = [Speech(sec_name, "传达上级党委会议精神，提出贯彻落实意见。"),
                          Speech(rec_name, f"汇报{ms.month}月份主题党日活动方案和党费收缴情况。")]
            m.resolutions = f"1. 同意{ms.month}月份主题党日活动方案；2. 各党小组本月内完成集中学习。"
            if rng.random() < 0.3:
                absent_some(m, 1)
            save(m, 6 if ms == late_one else rng.choice([0, 1, 2]))  # one signed a week late
        # 党小组会 per group, mid-month
        for g in groups:
            if (g.id, ms) in skip_group:
                continue
            on = _weekday_on_or_after(ms + _dt.timedelta(days=rng.randint(9, 14))).isoformat()
            if on > today.isoformat():
                continue
            m = service.new_from_last("党小组会", on, g.id)
            m.title = f"{g.name}{ms.month}月集中学习"
            m.start_time, m.end_time, m.place = "16:00", "17:20", "科室会议室"
            m.host, m.recorder = leaders.get(g.id, sec_name), m.attendance[-1].name if m.attendance else rec_name
            topic = rng.choice(_STUDY)
            m.agenda = [topic, "结合岗位实际交流研讨"]
            m.content = f"{topic}。小组成员逐一发言，结合工作实际谈体会，查找差距，明确下一步改进措施。"
            if m.attendance:
                m.speeches = [Speech(a.name, "结合本职工作谈学习体会，表示将把学习成果转化为工作实效。")
                              for a in m.attendance[:3]]
            absent_some(m, rng.choice([0, 1]))
            save(m, rng.choice([1, 2]))
        # 主题党日, about the 20th (sometimes with a 党课)
        on = _weekday_on_or_after(ms + _dt.timedelta(days=rng.randint(17, 21))).isoformat()
        if ms != skip_theme_day and on <= today.isoformat():
            m = service.new_from_last("主题党日", on)
            theme = _THEMES[ms.month - 1]
            m.title = f"{ms.month}月主题党日：{theme}"
            m.start_time, m.end_time, m.place = "14:30", "16:30", "党员活动室"
            m.host, m.recorder = sec_name, rec_name
            m.agenda = ["集中学习", theme, "收缴本月党费"]
            m.content = f"全体党员参加“{theme}”主题党日活动。"
            if q not in quarters_with_lecture and q != lecture_gap_quarter and ms.month % 3 == 2:
                m.also_counts = ("党课",)
                m.speaker = sec_name
                m.speaker_member_id = secretary.member_id if secretary else None
                m.lecture_title = _LECTURES[ms.month % len(_LECTURES)]
                quarters_with_lecture.add(q)
            absent_some(m, rng.choice([1, 2, 3]))
            save(m, rng.choice([1, 2]))
        # 支部党员大会, in the last month of each quarter
        if ms.month % 3 == 0:
            on = _weekday_on_or_after(ms + _dt.timedelta(days=rng.randint(22, 25))).isoformat()
            if on <= today.isoformat():
                m = service.new_from_last("支部党员大会", on)
                m.title = f"{ms.year}年第{(ms.month - 1) // 3 + 1}季度支部党员大会"
                m.start_time, m.end_time, m.place = "15:00", "16:30", "局机关第一会议室"
                m.host, m.recorder = sec_name, rec_name
                m.agenda = ["听取支委会季度工作报告", "讨论下季度工作安排"]
                m.speeches = [Speech(sec_name, "代表支委会报告本季度支部工作情况和下季度安排。")]
                absent_some(m, 3)
                full = [a for a in m.attendance if a.member_class == "正式"]
                present_full = sum(1 for a in full if a.present)
                m.votes = [Vote("通过支委会季度工作报告", "举手", yes=present_full)]
                m.resolutions = "会议通过支委会季度工作报告。"
                save(m, rng.choice([1, 2]))
        # 党课 in the last month of a quarter where the 主题党日 had none (except the gap)
        if ms.month % 3 == 0 and q not in quarters_with_lecture and q != lecture_gap_quarter:
            on = _weekday_on_or_after(ms + _dt.timedelta(days=10)).isoformat()
            if on <= today.isoformat():
                m = service.new_from_last("党课", on)
                m.title = m.lecture_title = _LECTURES[(ms.month + 1) % len(_LECTURES)]
                speaker = next((a for a in m.attendance if a.is_leader_cadre), None)
                m.speaker = speaker.name if speaker else sec_name
                m.speaker_member_id = speaker.member_id if speaker else None
                m.host, m.recorder = sec_name, rec_name
                m.start_time, m.end_time, m.place = "15:00", "16:00", "局机关第一会议室"
                absent_some(m, 2)
                save(m, 1)
                quarters_with_lecture.add(q)
        # 组织生活会 + 民主评议 in December
        if ms.month == 12:
            on = _weekday_on_or_after(ms + _dt.timedelta(days=16)).isoformat()
            if on <= today.isoformat():
                m = service.new_from_last("组织生活会", on)
                m.title = f"{ms.year}年度组织生活会暨民主评议党员"
                m.also_counts = ("民主评议党员",)
                m.start_time, m.end_time, m.place = "09:00", "11:30", "局机关第一会议室"
                m.host, m.recorder = sec_name, rec_name
                m.agenda = ["书记代表支委会作对照检查", "党员逐一对照检查、"
                                            "开展批评和自我批评", "民主评议党员", "明确整改方向"]
                m.content = "会前支部开展了集中学习、谈心谈话和征求意见。会上查摆问题，开展批评和自我批评。"
                absent_some(m, 1)
                full = [a for a in m.attendance if a.member_class == "正式"]
                cap = mr.excellent_cap(len(full))
                excellent = min(cap, len(full) // 5)  # about a fifth, within the one-third cap
                m.grades = [Grade(a.member_id, "优秀" if i < excellent else "合格") for i, a in enumerate(full)]
                m.grades += [Grade(a.member_id, None) for a in m.attendance if a.member_class == "预备"]
                m.steps = [Step(step, dates.add_months(on, -1) if stage == "会前" else on if stage == "会上" else None)
                           for stage, step in mr.LIFE_MEETING_STEPS if stage != "会后"]
                m.rectifications = [
                    Rectification("理论学习的系统性不够", sec_name, f"{ms.year + 1}-03-31", f"{ms.year + 1}-03-20"),
                    Rectification("服务基层的主动性有待加强", rec_name, f"{ms.year + 1}-06-30"),
                ]
                save(m, 2)
    # 谈心谈话: the secretary with each committee member and with a number of members
    for year in range(first.year, today.year + 1):
        count += _talks(services, rng, year)
        _year_texts(services, year, sec_name, done=year < today.year)
    return count


_PLAN = "\n".join((
    "一、加强政治建设。坚持“第一议题”制度，全年组织集中学习不少于12次，每季度召开一次支部党员大会。",
    "二、严格组织生活。按月召开支委会、党小组会，按季度上党课，每月开展主题党日；"
    "年底召开组织生活会，开展民主评议党员。",
    "三、抓好发展党员和党员教育管理。做好入党积极分子培养考察，按月收缴党费，按时公示。",
    "四、推动党建和业务融合。围绕本单位{year}年重点工作，设立党员先锋岗，开展“我为群众办实事”。",
))

_SUMMARY = "\n".join((
    "{year}年，支部在机关党委领导下，认真落实“三会一课”等组织生活制度，全年召开支部党员大会4次、"
    "支委会12次、党小组会36次，讲党课4次，开展主题党日12次。",
    "按时召开组织生活会，开展民主评议党员，查摆问题并建立整改清单，逐项整改销号。",
    "存在的不足：理论学习的系统性不够，党建和业务融合还不够紧密。",
    "下一步，支部将针对问题持续整改，进一步提升组织力。",
))


def _year_texts(services: Services, year: int, by: str, done: bool) -> None:
    """The year's 年度工作计划, and its 总结 once the year is over."""
    service = services.meetings
    service.set_year_text(year, "年度工作计划", _PLAN.format(year=year), by)
    if done:
        service.set_year_text(year, "年度工作总结", _SUMMARY.format(year=year), by)


def _talks(services: Services, rng: random.Random, year: int) -> int:
    """谈心谈话 in ``year``: the secretary with each committee member and with many members."""
    service = services.meetings
    today = dates.to_date(services.today())
    talk_day = dates.to_date(f"{year}-01-05")
    seats = services.branch.committee_seats_on(talk_day.isoformat())
    people = [s.member_id for s in seats]
    if len(people) < 2:
        return 0
    count = 0
    due = service.due_people("支部党员大会", talk_day.isoformat())
    others = [a.member_id for a in due if a.member_id not in people]
    pairs = [(people[0], p) for p in people[1:]] + [(people[1], p) for p in people[2:]]
    pairs += [(rng.choice(people), o) for o in others[: len(others) * 2 // 3]]
    members = {m.id: m for m in services.roster.list()}
    for i, (a, b) in enumerate(pairs):
        on = _weekday_on_or_after(talk_day + _dt.timedelta(days=7 * i % 200)).isoformat()
        if on > today.isoformat() or not all(is_member_on(members[x], on) for x in (a, b)):
            continue
        m = service.new_from_last("谈心谈话", on)
        m.title = "谈心谈话"
        m.attendance = [service.participant(a, on), service.participant(b, on)]
        m.content = "围绕思想、工作、生活情况交流，听取意见建议。"
        m.place = rng.choice(("书记办公室", "支部活动室", "小会议室"))
        mid = service.save(m)
        count += 1
        if (today - dates.to_date(on)).days > 12:
            service.sign_off(mid, seats[0].member_name, on=_sign_date(on, 2))
    return count
