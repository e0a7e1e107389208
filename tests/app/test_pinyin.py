"""Finding members by pinyin: initials and full pinyin, polyphonic surnames read as surnames."""

from __future__ import annotations

import pytest

from app.common import pinyin
from tests.conftest import make_member, services_of


@pytest.mark.parametrize(("needle", "name"), [
    ("zs", "张三"), ("zhangsan", "张三"), ("ZHANGS", "张三"), ("sxx", "单雄信"), ("shanxiongxin", "单雄信"),
    ("zgf", "曾国藩"), ("zengguofan", "曾国藩"), ("xieming", "解明"), ("wy", "王䶮"),
])
def test_names_are_found_by_pinyin(needle: str, name: str) -> None:
    assert pinyin.matches(needle, name)


@pytest.mark.parametrize(("needle", "name"), [("ls", "张三"), ("danxiongxin", "单雄信"), ("ceng", "曾国藩"),
                                              ("张", "张三"), ("", "张三")])
def test_other_names_and_non_letters_do_not_match(needle: str, name: str) -> None:
    assert not pinyin.matches(needle, name)


def test_roster_search_by_initials(conn) -> None:
    members = services_of(conn).roster
    members.create(make_member(name="张三"))
    members.create(make_member(name="单雄信"))
    members.create(make_member(name="李四"))
    assert [m.name for m in members.search("zs")] == ["张三"]
    assert [m.name for m in members.search("shan")] == ["单雄信"]
