"""The demo branch's roster: about 40 members in 3 groups, a committee, a few who left."""

from __future__ import annotations

import random

from app.common import dates, idcard
from app.roster import rules
from app.roster.model import Arrival
from app.services import Services
from db.records.branch import Branch

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红海燕"
          "玉兰文斌晓东建华国强丽娟春梅海涛俊杰子涵欣怡浩然思远雨萱晨曦宇航佳琪")
_UNITS = ("办公室", "政策法规科", "财务科", "人事科", "综合业务科", "信息中心", "执法监督科")
_POSTS = ("科长", "副科长", "一级主任科员", "二级主任科员", "四级主任科员", "一级科员", "科员")
_EDU = ("研究生", "大学本科", "大学本科", "大学本科", "大学专科")
_PLACES = ("山东济南", "河北保定", "河南郑州", "江苏徐州", "安徽合肥", "湖北武汉", "四川成都")


def fill_roster(services: Services, seed: int = 2025) -> None:
    """Write the demo branch, its roster and committee into an empty database."""
    rng = random.Random(seed)
    today = services.today()
    branches = services.branch
    members = services.roster
    branches.save(
        Branch(
            name="中共某某市委机关工委市财政局机关第二党支部",
            kind="党支部",
            supervising_committee="中共某某市财政局机关委员会",
            founded_on="2012-07-01",
            secretary_phone="0531-86661234",
        )
    )
    group_ids = [branches.add_group(n, founded_on="2012-07-01") for n in ("第一党小组", "第二党小组", "第三党小组")]
    used: set[str] = set()
    ids: list[int] = []
    names: set[str] = set()
    specials = ["王䶮", "𠮷祥"]  # rare characters (CJK Ext. A and B) must survive everything
    for i in range(42):
        while True:
            name = (
                specials[i]
                if i < len(specials)
                else rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
            )
            if name not in names:
                names.add(name)
                break
        gender = "女" if rng.random() < 0.42 else "男"
        retired = i >= 37
        year = rng.randint(1950, 1962) if retired else rng.randint(1966, 2000)
        birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number = idcard.make("370102", birth, 100 + i, gender)
        while number in used:
            number = idcard.make("370102", birth, rng.randint(1, 999), gender)
        used.add(number)
        join_year = min(int(birth[:4]) + rng.randint(20, 32), int(today[:4]) - 2)
        join = f"{join_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        probationary = i in (33, 34)
        if probationary:
            join = dates.add_months(today, -rng.randint(3, 10))
        full = None if probationary else dates.add_years(join, 1)
        category = "离退休" if retired else "在职"
        data = {
            "name": name,
            "gender": gender,
            "ethnicity": "回族" if i == 17 else "汉族",
            "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
            "id_number": number,
            "native_place": rng.choice(_PLACES),
            "education": rng.choice(_EDU),
            "work_unit_post": "" if retired else f"市财政局{rng.choice(_UNITS)}{rng.choice(_POSTS)}",
            "personnel_category": category,
            "join_date": join,
            "full_date": full,
            "member_class": "预备" if probationary else "正式",
            "is_leader_cadre": i == 3,
            "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "notes": "副局长，参加双重组织生活" if i == 3 else "",
        }
        arrival = (
            Arrival(kind="本支部发展")
            if probationary
            else Arrival(
                kind="转入" if i % 9 == 5 else "建册登记",
                date=max(join, "2012-07-01")
                if i % 9 != 5
                else max(join, dates.add_months(today, -rng.randint(14, 40))),
                org="中共某某市税务局机关第一党支部" if i % 9 == 5 else "",
                letter=f"市直组转字〔{today[:4]}〕{rng.randint(10, 99)}号" if i % 9 == 5 else "",
            )
        )
        mid = members.create(data, group_ids[i % 3], arrival)
        ids.append(mid)
    # Two members who have left: one transferred out, one retired to the community.
    members.leave(
        ids[40],
        "转出",
        dates.add_months(today, -5),
        org="中共某某市审计局机关党支部",
        letter=f"市直组转字〔{today[:4]}〕36号",
    )
    members.leave(
        ids[41],
        "转出",
        dates.add_months(today, -2),
        org="中共某某市历下区文东街道某某社区委员会",
        letter="",
        reason="退休后转入居住地社区",
    )
    election = dates.add_months(today, -34)
    eligible = [
        m
        for m in members.list(include_left=False)
        if rules.is_member_on(m, election) and rules.class_on(m, election) == "正式" and not m.is_leader_cadre
    ]
    roles = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
    branches.start_term(election, 3, seats=[(m.id, r) for m, r in zip(eligible, roles, strict=False)])
    for gid in group_ids:
        group = next(g for g in branches.groups() if g.id == gid)
        in_group = [m for m in members.list(include_left=False) if m.group_id == gid]
        branches.update_group(gid, group.name, in_group[len(in_group) // 2].id)
