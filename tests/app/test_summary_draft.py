"""The year's 工作总结 draft: every number in it equals what the records say."""

from __future__ import annotations

from collections import Counter

import pytest

from app.cli import main
from app.common.errors import UserError
from app.common.money import yuan
from app.meetings.model import Status
from app.roster import rules as roster_rules
from tests.conftest import TODAY


def test_the_drafts_numbers_are_the_records(demo_year_session) -> None:
    s = demo_year_session.services
    year = int(TODAY[:4]) - 1  # last year: complete
    text = s.summary.draft(year)
    end = f"{year}-12-31"
    members = s.roster.list(include_left=True)
    on_end = [m for m in members if roster_rules.is_member_on(m, end)]
    full = sum(1 for m in on_end if roster_rules.class_on(m, end) == "正式")
    assert f"年末{len(on_end)}名，其中正式党员{full}名、预备党员{len(on_end) - full}名" in text
    records = s.meetings.list(year=year)
    signed = [r for r in records if r.status == Status.SIGNED]
    assert f"全年形成会议记录{len(signed)}条（另有尚未定稿的{len(records) - len(signed)}条）" in text
    by_kind = Counter(r.kind for r in signed)
    assert f"支委会{by_kind['支委会']}次" in text and f"党小组会{by_kind['党小组会']}次" in text
    cash = s.dues.cash.summary(year)["year"][0]
    assert f"收缴{yuan(cash['collected_fen'])}，上缴{yuan(cash['remitted_fen'])}" in text
    missing = [c for c in s.compliance.check(year, end) if c.status == "missing"]
    if missing:
        assert "以下会议应开未开" in text
    else:
        assert "应开的会议均已召开" in text
    assert "（本稿根据截至" not in text  # the year is over: no "draft so far" note


def test_saving_the_draft_never_overwrites_silently(demo_year_session, capsys) -> None:
    s = demo_year_session.services
    year = int(TODAY[:4]) - 1
    s.meetings.set_year_text(year, "年度工作总结", "书记亲手写的总结", "孔涛")
    with pytest.raises(UserError, match="已有年度工作总结"):
        s.summary.save_draft(year)
    assert s.meetings.year_text(year, "年度工作总结") == "书记亲手写的总结"
    path = demo_year_session.path
    demo_year_session.close()
    assert main(["--db", str(path), "--today", TODAY, "summary", "draft", "--year", str(year), "--save",
                 "--replace", "--by", "孔涛"]) == 0
    assert "已保存为" in capsys.readouterr().out
