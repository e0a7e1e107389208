"""The roster: validation, history (who was a member on a date), groups, rare characters."""

from __future__ import annotations

import pytest

from app.common import dates
from app.common.errors import UserError, ValidationError
from app.roster.model import Arrival
from tests.conftest import TODAY, make_member, services_of


def test_a_member_is_added_with_sex_and_birth_from_the_id(branch_conn) -> None:
    members = services_of(branch_conn).roster
    data = make_member(name=" 张  三 ", gender="男", birth="19791103")
    data.update(gender="", birth_date=None)
    mid = members.create(data)
    m = members.get(mid)
    assert m.name == "张三"  # padding spaces of a two-character name removed
    assert m.gender == "男"
    assert m.birth_date == "1979-11-03"
    assert m.active


def test_sex_and_birth_date_must_agree_with_the_id(branch_conn) -> None:
    members = services_of(branch_conn).roster
    data = make_member(gender="男", birth="19800512")
    data["gender"] = "女"
    data["birth_date"] = "1980-05-13"
    with pytest.raises(ValidationError) as info:
        members.create(data)
    assert "与公民身份号码不符" in info.value.field_errors["gender"]
    assert "与公民身份号码不符" in info.value.field_errors["birth_date"]
    assert members.list() == []


def test_a_bad_id_saves_nothing(branch_conn) -> None:
    members = services_of(branch_conn).roster
    with pytest.raises(ValidationError) as info:
        members.create(make_member(id_number="110101198005120011"))
    assert "校验位错误" in info.value.field_errors["id_number"]
    assert branch_conn.execute("SELECT count(*) FROM member").fetchone()[0] == 0
    assert branch_conn.execute("SELECT count(*) FROM membership_period").fetchone()[0] == 0


def test_the_same_id_cannot_be_entered_twice(branch_conn) -> None:
    members = services_of(branch_conn).roster
    first = make_member(name="李四")
    members.create(first)
    with pytest.raises(ValidationError) as info:
        members.create(make_member(name="王五", id_number=first["id_number"]))
    assert "李四" in info.value.field_errors["id_number"]


def test_probationary_member_rules(branch_conn) -> None:
    members = services_of(branch_conn).roster
    join = dates.add_months(TODAY, -3)
    mid = members.create(make_member(join_date=join, full_date=None, member_class="预备"),
                         arrival=Arrival(kind="本支部发展"))
    assert members.get(mid).member_class == "预备"
    errors = members.validate(make_member(join_date=join, full_date=TODAY, member_class="预备"))
    assert "党员类别应为“正式”" in errors["full_date"]
    errors = members.validate(make_member(birth="20000101", join_date="2017-06-01"))
    assert "未满18周岁" in errors["join_date"]


def test_membership_is_history(branch_conn) -> None:
    members = services_of(branch_conn).roster
    a = members.create(make_member(name="甲", join_date="2010-01-01"),
                       arrival=Arrival(kind="建册登记", date="2015-01-01"))
    b = members.create(make_member(name="乙", join_date="2012-01-01"),
                       arrival=Arrival(kind="转入", date="2020-06-01", org="中共某局党支部", letter="001"))
    members.leave(a, "转出", "2022-03-15", org="中共某区委组织部", letter="A-7")

    def names(on: str) -> set[str]:
        return {m.name for m in members.members_on(on)}

    assert names("2014-12-31") == set()
    assert names("2015-01-01") == {"甲"}
    assert names("2020-06-01") == {"甲", "乙"}
    assert names("2022-03-14") == {"甲", "乙"}
    assert names("2022-03-15") == {"乙"}  # gone on the day of the transfer
    left = members.get(a)
    assert not left.active and left.left_kind == "转出" and left.left_on == "2022-03-15"
    assert members.get(b).periods[0].start_org == "中共某局党支部"
    # Nobody is deleted: the member is still on file, and comes back as a new period.
    members.rejoin(a, "2024-01-10", org="中共某区委组织部")
    assert names("2023-01-01") == {"乙"}
    assert names("2024-01-10") == {"甲", "乙"}


def test_leaving_needs_the_right_details(branch_conn) -> None:
    members = services_of(branch_conn).roster
    mid = members.create(make_member(join_date="2010-01-01"))
    with pytest.raises(ValidationError) as info:
        members.leave(mid, "转出", "2009-01-01")
    assert "转往的党组织" in info.value.field_errors["org"]
    assert "不能早于" in info.value.field_errors["date"]
    with pytest.raises(ValidationError):
        members.leave(mid, "出党", "2020-01-01")  # no reason given
    members.leave(mid, "去世", "2020-01-01")
    with pytest.raises(UserError):
        members.leave(mid, "去世", "2020-02-01")


def test_group_changes_keep_history(branch_conn) -> None:
    branch = services_of(branch_conn).branch
    members = services_of(branch_conn).roster
    g1 = branch.add_group("第一党小组")
    g2 = branch.add_group("第二党小组")
    mid = members.create(make_member(join_date="2010-01-01"), group_id=g1,
                         arrival=Arrival(date="2018-01-01"))
    members.update(mid, {}, group_id=g2, group_change_date="2025-04-01")
    from db.repositories import roster as repo

    assert repo.group_member_ids_on(branch_conn, g1, "2025-03-31") == [mid]
    assert repo.group_member_ids_on(branch_conn, g2, "2025-03-31") == []
    assert repo.group_member_ids_on(branch_conn, g2, "2025-04-01") == [mid]
    assert members.get(mid).group_name == "第二党小组"


def test_edits_are_recorded_with_old_values(branch_conn) -> None:
    members = services_of(branch_conn).roster
    mid = members.create(make_member(phone="13800138000"))
    members.update(mid, {"phone": "13900139000"}, reason="本人更换号码")
    log = members.history(mid)
    assert [e["action"] for e in log] == ["新增", "修改"]
    assert "13800138000" in log[1]["before"] and "13900139000" in log[1]["after"]
    assert log[1]["reason"] == "本人更换号码"


def test_rare_characters_are_stored_and_searched_intact(branch_conn) -> None:
    members = services_of(branch_conn).roster
    members.create(make_member(name="王䶮"))
    members.create(make_member(name="𠮷祥"))
    members.create(make_member(name="李明", phone="13512345678"))
    assert [m.name for m in members.search("䶮")] == ["王䶮"]
    assert [m.name for m in members.search("𠮷")] == ["𠮷祥"]
    assert [m.name for m in members.search("1351234")] == ["李明"]
    stored = {r[0] for r in branch_conn.execute("SELECT name FROM member")}
    assert {"王䶮", "𠮷祥"} <= stored


def test_history_reads_as_sentences(branch_conn) -> None:
    branch = services_of(branch_conn).branch
    members = services_of(branch_conn).roster
    g1, g2 = branch.add_group("第一党小组"), branch.add_group("第二党小组")
    mid = members.create(make_member(join_date="2010-01-01", phone="13800138000"), group_id=g1,
                         arrival=Arrival(kind="转入", date="2015-03-01", org="中共甲局党支部", letter="甲-9"))
    members.update(mid, {"phone": "13900139000"}, group_id=g2, group_change_date="2025-01-02",
                   reason="本人更换号码")
    members.leave(mid, "转出", "2025-06-30", org="中共乙局党支部", letter="乙-3")
    lines = members.describe_history(mid)
    assert lines[0] == ("在本支部：2015年3月1日 转入（自中共甲局党支部，介绍信甲-9） — "
                        "2025年6月30日 转出（至中共乙局党支部，介绍信乙-3）")
    assert any("联系电话 13800138000 → 13900139000（原因：本人更换号码）" in x for x in lines)
    assert any("党小组 第一党小组 → 第二党小组" in x for x in lines)
