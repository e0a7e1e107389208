"""The meeting-kind table (app/meetings/kinds.py) and the file's own list of kinds (migration 13)."""

from __future__ import annotations

import pytest

from app.common.errors import ValidationError
from app.meetings import kinds
from app.meetings.kinds import Attendees, Quorum, Section
from tests.app.test_meetings import _meeting


def test_the_file_knows_exactly_the_programs_kinds(session) -> None:
    rows = [r[0] for r in session.conn.execute("SELECT name FROM meeting_kinds ORDER BY sort_order")]
    assert rows == list(kinds.NAMES)


def test_a_register_may_use_short_names_and_aliases() -> None:
    assert kinds.parse("支部大会") == kinds.parse("党员大会") == kinds.parse("支部党员大会") == "支部党员大会"
    assert kinds.parse(" 支 委 会 ") == "支委会" and kinds.parse("党日活动") == "主题党日"
    assert kinds.parse("民主评议") == "民主评议党员" and kinds.parse("座谈会") is None
    meaning: dict[str, set[str]] = {}
    for k in kinds.KINDS:
        for name in (k.name, k.short, *k.aliases):
            meaning.setdefault(name, set()).add(k.name)
    assert {n: m for n, m in meaning.items() if len(m) > 1} == {}  # a name means one kind only


def test_behaviour_by_kind_comes_from_the_table() -> None:
    assert kinds.of("支委会").quorum == Quorum.COMMITTEE and kinds.of("支部党员大会").quorum == Quorum.GENERAL
    assert kinds.of("党课").quorum is None and not kinds.of("党课").recorder_required
    assert kinds.of("谈心谈话").attendees == Attendees.CHOSEN and not kinds.of("谈心谈话").host_required
    assert kinds.COMBINABLE == ("支部党员大会", "党课", "主题党日", "组织生活会", "民主评议党员")
    assert kinds.sections("主题党日", ("党课",)) == {Section.SPEAKER}
    assert set(kinds.RULE_KIND.values()) == set(kinds.NAMES) - {"其他"}


def test_a_group_meeting_names_its_group_as_the_table_says(branch) -> None:
    """The 党小组会 rule was a CHECK in the table before migration 13; the service keeps it."""
    meetings = branch["services"].meetings
    m = _meeting(meetings, "党小组会", "2025-03-05", branch["g1"])
    m.group_id = None
    with pytest.raises(ValidationError, match="请选择召开党小组会的党小组"):
        meetings.save(m)


def test_a_new_kind_is_a_row_not_a_rebuild(session) -> None:
    """After migration 13 a kind is added by inserting its row: no CHECK to rewrite."""
    conn = session.conn
    conn.execute("INSERT INTO meeting_kinds (name, sort_order) VALUES ('支部书记讲评', 99)")
    conn.execute("INSERT INTO meeting (kind, date, created_at, updated_at) VALUES ('支部书记讲评', '2025-01-02', "
                 "'2025-01-02T10:00:00', '2025-01-02T10:00:00')")
    from db import engine

    with pytest.raises(engine.IntegrityError):  # a kind the file does not list is still refused
        conn.execute("INSERT INTO meeting (kind, date, created_at, updated_at) VALUES ('座谈会', '2025-01-02', "
                     "'2025-01-02T10:00:00', '2025-01-02T10:00:00')")
