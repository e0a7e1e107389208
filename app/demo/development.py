"""Demo development cases: people at every stage, a couple of them overdue."""

from __future__ import annotations

from typing import Any

from app.common import dates, idcard
from app.services import Services


def fill_development(services: Services, years: int = 1) -> None:
    """People at every stage, a couple of them overdue; one finished case per extra year."""
    service = services.development
    today = services.today()
    members = [m for m in services.roster.list(include_left=False) if m.member_class == "正式"]
    # The cases fit inside the branch's recorded history (a benchmark branch may have only two
    # years of it), and their contacts and introducers were full members here all along.
    first = min((p.start_date for m in members for p in m.periods), default=today)
    fits = lambda months_ago: dates.add_months(today, -months_ago - 1) >= first  # noqa: E731
    window = next(n for n in range(600, -1, -1) if n == 0 or fits(n))
    at = lambda months_ago: min(months_ago, window)  # noqa: E731 - a case no older than the history
    oldest = max([n for n in (40, *(12 * y for y in range(4, years + 1))) if fits(n)], default=at(25))
    earliest = dates.add_months(today, -oldest - 1)
    steady = [m for m in members if m.full_date and m.full_date <= earliest
              and any(p.start_date <= earliest and p.end_date is None for p in m.periods)]
    pool = steady if len(steady) >= 4 else members
    contacts = [m.id for m in (pool[5:9] if len(pool) >= 9 else pool[:4])]
    groups = [g.id for g in services.branch.groups()]

    def person(i: int, name: str, received_months_ago: int, gender: str = "男", **kw) -> int:
        received = dates.add_months(today, -received_months_ago)
        # The older cases of a long history applied years ago: born 26 years before applying.
        born = 1993 + i if i < 8 else int(received[:4]) - 26
        birth = f"{born}{(i % 12) + 1:02d}{(i % 27) + 1:02d}"
        return service.create(
            {
                "name": name,
                "id_number": idcard.make("370102", birth, 300 + i, gender),
                "application_written": dates.add_months(received, 0),
                "application_received": received,
                "rule_version": "2026" if received >= "2026-05-18" else "2014",
                "group_id": groups[i % len(groups)],
                "work_unit_post": f"市财政局{['办公室', '预算科', '国库科', '信息中心'][i % 4]}科员",
                "education": "大学本科",
                **kw,
            }
        )

    def walk(pid: int, upto: int, start_months_ago: int) -> None:
        """Complete steps 2..upto at plausible dates from ``start_months_ago``."""
        base = dates.add_months(today, -start_months_ago)
        plan = {
            2: 0,
            3: 3,
            4: 3,
            5: 3,
            6: 15,
            7: 15,
            8: 16,
            9: 16,
            10: 17,
            11: 17,
            12: 18,
            13: 18,
            14: 19,
            15: 19,
            16: 20,
            17: 21,
            18: 21,
            19: 21,
            20: 21,
            21: 31,
            22: 31,
            23: 32,
            24: 33,
            25: 33,
        }
        for no in range(2, upto + 1):
            on = dates.add_months(base, plan[no])
            if on > today:
                return
            kw: dict[str, Any] = {}
            if no == 5:
                kw = {"contacts": contacts[:2]}
            elif no == 9:
                kw = {"introducers": contacts[:2]}
            elif no == 10:
                kw = {"conclusion": "经函调和谈话，政治审查合格"}
            elif no == 11:
                kw = {"hours": 32, "days": 4}
            elif no == 23:
                kw = {"outcome": "按期转正"}
            elif no == 25:
                kw = {"documents": ["入党志愿书", "入党申请书", "政治审查材料", "转正申请书", "培养教育考察材料"]}
            service.advance(pid, no, on, actor="支部书记", **kw)
            if no in (3, 6, 19) or (no == 21):
                p = service.person(pid)
                start = (service.activist_date(p) if no in (3, 6) else None) or p.steps[-1].done_on
                end = min(dates.add_months(start, 6), today)
                if start < end:
                    service.save_assessment(
                        pid,
                        {
                            "period_start": start,
                            "period_end": end,
                            "self_summary": "思想汇报" if no < 17 else "预备期思想汇报",
                            "contact_opinion": "积极向党组织靠拢" if no < 17 else "能按党员标准要求自己",
                            "branch_opinion": "表现良好，继续培养" if no < 17 else "表现良好，继续教育考察",
                            "branch_author": "支部书记",
                            "branch_date": end,
                        },
                    )

    person(0, "李明远", 0)  # just applied: the talk is due
    person(1, "陈思雨", 3, "女")  # applied 3 months ago, no talk yet: overdue
    walk(person(2, "赵一鸣", at(9)), 5, at(9))  # activist for half a year
    walk(person(3, "孙晓梅", at(20), "女"), 7, at(20))  # 发展对象
    walk(person(4, "周子涵", at(22), expected_leave_on=dates.add_months(today, 2)), 11, at(22))  # leaving soon
    walk(person(5, "吴浩然", at(24)), 15, at(24))  # admitted by the 支部大会: approval overdue
    walk(person(6, "郑雅琪", at(25), "女"), 20, at(25))  # probationary member on the roster
    if fits(40):
        walk(person(7, "王建国", 40), 25, 40)  # full member now, materials archived
    for y in (y for y in range(4, years + 1) if fits(12 * y)):  # older cases, each finished and archived
        walk(
            person(
                4 + y,
                f"{['陈', '林', '黄', '郭', '何', '罗', '高'][y % 7]}{['志远', '思敏', '建华'][y % 3]}{y}",
                12 * y,
            ),
            25,
            12 * y,
        )
