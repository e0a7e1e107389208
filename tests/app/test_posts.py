"""先锋岗 and 双报到: registers, coverage computed by hand, hours never floats, bad input refused."""

from __future__ import annotations

import pytest

from app.common.errors import ValidationError
from app.posts import rules as pr
from tests.conftest import services_of


def test_post_coverage_and_the_model_post_check(demo_session) -> None:
    s = demo_session.services
    members = s.roster.list(include_left=False)
    posts = services_of(s.conn, s.clock).posts
    window = posts.add("政务服务窗口", "窗口服务", "2026-03-01", "行政审批处", holders=[members[0].id, members[1].id])
    law = posts.add("执法一线岗", "行政执法", "2026-03-01", holders=[members[1].id, members[2].id])
    assert posts.list()[0].commitments == pr.FOUR_ZEROS  # a window post gets the 四零承诺
    posts.award(window, "示范先锋岗", "2026-06-01", "市直机关工委")
    cov = posts.coverage("2026-06-15")
    assert (cov["holding"], cov["members"]) == (3, len(members))
    assert cov["share"] == f"{3 * 100 / len(members):.1f}%"
    assert cov["kinds"]["窗口服务"]["met"] and not cov["kinds"]["行政执法"]["met"]
    posts.set_holders(law, [members[2].id], "2026-06-10")
    assert posts.coverage("2026-06-15")["holding"] == 3  # members[1] still holds the window post
    posts.set_holders(window, [members[0].id], "2026-06-12")
    assert posts.coverage("2026-06-15")["holding"] == 2
    assert posts.coverage("2026-06-11")["holding"] == 3  # as it was that day
    with pytest.raises(ValidationError, match="岗位类别"):
        posts.add("x", "后勤", "2026-03-01")
    with pytest.raises(ValidationError, match="评定结果"):
        posts.award(window, "金牌", "2026-06-01")


def test_community_reporting_and_hours(demo_session) -> None:
    s = demo_session.services
    members = s.roster.list(include_left=False)
    com = services_of(s.conn, s.clock).community
    com.report(members[0].id, "幸福里社区党委", "2026-03-01")
    com.report(members[1].id, "光明社区党委", "2026-03-01")
    com.report(members[1].id, "幸福里社区党委", "2026-05-01")  # moved: the earlier report ends
    assert [r.community for r in com.reports() if r.member_id == members[1].id] == ["幸福里社区党委"]
    com.add_activity("2026-05-10", "幸福里社区党委", "垃圾分类宣传", [(members[0].id, "2.5"), (members[1].id, "２")])
    com.add_activity("2026-06-10", "幸福里社区党委", "关爱老人", [(members[0].id, "1")])
    cov = com.coverage(2026)
    assert (cov["reported"], cov["activities"], cov["members_serving"]) == (2, 2, 2)
    assert cov["hours_tenths"] == 55 and cov["hours"] == "5.5"
    assert cov["hours_per_member"] == {members[0].name: "3.5", members[1].name: "2"}
    for bad in ("abc", "-1", "25", "1.25", "nan"):
        with pytest.raises(ValidationError, match="服务时长"):
            com.add_activity("2026-06-10", "x", "y", [(members[0].id, bad)])
    assert com.coverage(2026)["activities"] == 2  # nothing written by a refused entry
