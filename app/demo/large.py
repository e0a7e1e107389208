"""A branch of any size with years of roster history, for benchmarks and checks."""

from __future__ import annotations

import random

from app.common import dates, idcard
from app.demo.roster import _EDU, _GIVEN, _PLACES, _POSTS, _SURNAMES, _UNITS
from app.roster import rules
from app.roster.model import Arrival, ExitKind, MemberClass, PersonnelCategory, StartKind
from app.services import Services
from db.records.branch import Branch


def fill_large_roster(services: Services, count: int, years: int, seed: int = 2025) -> None:
    """``count`` members (about 3 % leaving and as many arriving each year), one party group per
    25 members, a committee elected every three years from the start of the window."""
    rng = random.Random(seed)
    today = services.today()
    start = f"{services.clock.year() - years + 1}-01-01"
    branches, roster = services.branch, services.roster
    founded = dates.add_years(start, -3)
    branches.save(Branch(name=f"中共某某市委机关工委某某局机关第{count}人党支部", kind="党支部",
                         supervising_committee="中共某某局机关委员会", founded_on=founded,
                         secretary_phone="0531-86661234"))
    groups = [branches.add_group(f"第{i + 1}党小组", founded_on=founded) for i in range(max(1, count // 25))]
    names: set[str] = set()
    numbers: set[str] = set()

    def person(i: int, arrive: str) -> dict:
        while True:
            name = ["王䶮", "𠮷祥"][i] if i < 2 else rng.choice(_SURNAMES) + "".join(
                rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
            if name not in names:
                names.add(name)
                break
        gender = "女" if rng.random() < 0.42 else "男"
        retired = rng.random() < 0.12
        year = rng.randint(1948, 1960) if retired else rng.randint(1962, int(arrive[:4]) - 24)
        birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number = idcard.make("370102", birth, 100 + i, gender)
        while number in numbers:
            number = idcard.make("370102", birth, rng.randint(1, 999), gender)
        numbers.add(number)
        join = min(dates.add_years(f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", rng.randint(19, 30)),
                   dates.add_years(arrive, -1))
        return {
            "name": name, "gender": gender, "ethnicity": "汉族", "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
            "id_number": number, "native_place": rng.choice(_PLACES), "education": rng.choice(_EDU),
            "work_unit_post": "" if retired else f"某某局{rng.choice(_UNITS)}{rng.choice(_POSTS)}",
            "personnel_category": PersonnelCategory.RETIRED if retired else PersonnelCategory.IN_SERVICE,
            "join_date": join, "full_date": dates.add_years(join, 1), "member_class": MemberClass.FULL,
            "is_leader_cadre": i % 40 == 3, "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "notes": "",
        }

    ids: list[int] = []
    for i in range(count):
        ids.append(roster.create(person(i, start), groups[i % len(groups)],
                                 Arrival(kind=StartKind.REGISTERED, date=start)))
    # Turnover: each year about 3 % transfer out and as many transfer in.
    turnover = max(1, count * 3 // 100)
    n = count
    for y in range(years):
        year = int(start[:4]) + y
        for _ in range(turnover):
            on = f"{year}-{rng.randint(2, 11):02d}-{rng.randint(1, 28):02d}"
            if on >= today:
                continue
            active = [m for m in roster.list(include_left=False)
                      if rules.is_member_on(m, on) and m.periods[-1].start_date < on]
            leaving = rng.choice(active)
            roster.leave(leaving.id, ExitKind.TRANSFERRED_OUT, on, org="中共某某市某某局机关党支部",
                         letter=f"组转字〔{year}〕{rng.randint(10, 99)}号")
            arrive = dates.add_months(on, 1)
            if arrive < today:
                ids.append(roster.create(person(n, arrive), groups[n % len(groups)], Arrival(
                    kind=StartKind.TRANSFERRED_IN, date=arrive, org="中共某某市某某委机关党支部",
                    letter=f"组转字〔{year}〕{rng.randint(10, 99)}号")))
                n += 1
    # A committee elected every three years, the first at the start of the window.
    roles = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
    election = start
    while election <= today:
        eligible = [m for m in roster.list(include_left=False)
                    if rules.is_member_on(m, election) and rules.class_on(m, election) == MemberClass.FULL]
        rng.shuffle(eligible)
        branches.start_term(election, 3, seats=[(m.id, r) for m, r in zip(eligible, roles, strict=False)])
        election = dates.add_years(election, 3)
    for gid in groups:
        group = next(g for g in branches.groups() if g.id == gid)
        in_group = [m for m in roster.list(include_left=False) if m.group_id == gid]
        if in_group:
            branches.update_group(gid, group.name, in_group[0].id)
