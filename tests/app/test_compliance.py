"""三会一课 compliance: cadence across month, quarter and year boundaries, groups that change."""

from __future__ import annotations

from app.roster.model import Arrival
from db.repositories import settings as settings_repo
from tests.app.test_meetings import _meeting
from tests.conftest import make_member, services_of


def _cells(conn, year: int, as_of: str, rule: str, group=None) -> dict[str, str]:
    return {c.period: c.status for c in services_of(conn).compliance.check(year, as_of)
            if c.rule == rule and (group is None or c.group == group)}


def test_monthly_committee_meetings_across_month_ends(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    s.save(_meeting(s, "支委会", "2025-01-31"))
    s.save(_meeting(s, "支委会", "2025-03-01"))
    cells = _cells(conn, 2025, "2025-03-15", "MTG-ZWH")
    assert cells["2025-01"] == "held"
    assert cells["2025-02"] == "missing"  # Jan 31 and Mar 1 do not cover February
    assert cells["2025-03"] == "held"
    assert cells["2025-04"] == "future"
    assert _cells(conn, 2025, "2025-02-28", "MTG-ZWH")["2025-02"] == "due"  # last day: still due
    assert _cells(conn, 2025, "2025-02-28", "MTG-ZWH")["2025-03"] == "future"  # not yet held then


def test_quarterly_general_meetings_across_quarter_and_year_ends(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    s.save(_meeting(s, "支部党员大会", "2024-12-31"))
    s.save(_meeting(s, "支部党员大会", "2025-04-01"))
    assert _cells(conn, 2024, "2025-06-30", "MTG-DYDH")["2024-Q4"] == "held"
    cells = _cells(conn, 2025, "2025-06-30", "MTG-DYDH")
    assert cells == {"2025-Q1": "missing", "2025-Q2": "held", "2025-Q3": "future", "2025-Q4": "future"}
    assert _cells(conn, 2025, "2025-07-01", "MTG-DYDH")["2025-Q3"] == "due"


def test_yearly_requirements_and_combined_meetings(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    assert _cells(conn, 2025, "2025-06-30", "MTG-ZZSHH") == {"2025": "due"}
    assert _cells(conn, 2025, "2026-01-01", "MTG-ZZSHH") == {"2025": "missing"}
    # A 组织生活会 that also counts as 民主评议 fulfils both; a 主题党日 with a 党课 fulfils both.
    m = _meeting(s, "组织生活会", "2025-11-20", also_counts=("民主评议党员",))
    m.grades = []
    s.save(m)
    s.save(_meeting(s, "主题党日", "2025-11-05", also_counts=("党课",), speaker="正式0", lecture_title="党章"))
    assert _cells(conn, 2025, "2025-12-01", "MTG-ZZSHH") == {"2025": "held"}
    assert _cells(conn, 2025, "2025-12-01", "MTG-MZPY") == {"2025": "held"}
    assert _cells(conn, 2025, "2025-12-01", "MTG-DK")["2025-Q4"] == "held"
    assert _cells(conn, 2025, "2025-12-01", "MTG-ZTDR")["2025-11"] == "held"


def test_lecture_threshold_is_a_setting(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    s.save(_meeting(s, "党课", "2025-02-10", speaker="正式0", lecture_title="甲"))
    assert _cells(conn, 2025, "2025-04-01", "MTG-DK")["2025-Q1"] == "held"
    settings_repo.set_setting(conn, "rules.dk_per_quarter", "2")
    cell = next(c for c in services_of(conn).compliance.check(2025, "2025-04-01")
                if c.rule == "MTG-DK" and c.period == "2025-Q1")
    assert cell.status == "missing" and "已开1次，应至少2次" in cell.detail
    settings_repo.set_setting(conn, "rules.dk_per_quarter", "0")
    assert _cells(conn, 2025, "2025-04-01", "MTG-DK") == {}


def test_group_meetings_per_group_and_a_group_whose_members_change(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    members = services_of(conn).roster

    g3 = services_of(conn).branch.add_group("第三党小组", founded_on="2025-05-01")
    # In May two members of group 2 move to the new group 3.
    for mid in branch["ids"][4:6]:
        members.update(mid, {}, group_id=g3, group_change_date="2025-05-01")
    s.save(_meeting(s, "党小组会", "2025-04-10", branch["g2"]))
    s.save(_meeting(s, "党小组会", "2025-05-12", g3))
    april = s.due_people("党小组会", "2025-04-10", branch["g2"])
    may = s.due_people("党小组会", "2025-05-12", branch["g2"])
    assert {a.name for a in april} - {a.name for a in may} == {"正式4", "正式5"}
    assert [a.name for a in s.due_people("党小组会", "2025-05-12", g3)] == ["正式4", "正式5"]
    g2 = _cells(conn, 2025, "2025-05-31", "MTG-XZH", branch["g2"])
    g3_cells = _cells(conn, 2025, "2025-05-31", "MTG-XZH", g3)
    assert g2["2025-04"] == "held" and g2["2025-05"] == "due"
    assert "2025-04" not in g3_cells  # the group did not exist yet
    assert g3_cells["2025-05"] == "held"
    assert _cells(conn, 2025, "2025-05-31", "MTG-XZH", branch["g1"])["2025-04"] == "missing"


def test_no_committee_no_committee_meetings(branch_conn) -> None:
    from tests.app.test_branch import _add

    _add(branch_conn, 4)
    cells = services_of(branch_conn).compliance.check(2025, "2025-06-01")
    assert not any(c.rule == "MTG-ZWH" for c in cells)
    assert any(c.rule == "MTG-ZTDR" for c in cells)


def test_talk_coverage(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    ids = branch["ids"]

    def talk(a: int, b: int, on: str) -> None:
        m = _meeting(s, "谈心谈话", on, title="谈心谈话")
        m.attendance = [s.participant(a, on), s.participant(b, on)]
        s.save(m)

    talk(ids[0], ids[1], "2025-03-01")
    cov = services_of(conn).compliance.talk_coverage(2025, "2025-12-31")
    assert ("正式0", "正式2") in cov.committee_pairs_missing and "正式3" in cov.members_without
    talk(ids[0], ids[2], "2025-03-02")
    talk(ids[1], ids[2], "2025-03-03")
    for other in ids[3:]:
        talk(ids[0], other, "2025-04-01")
    cov = services_of(conn).compliance.talk_coverage(2025, "2025-12-31")
    assert cov.complete
    assert _cells(conn, 2025, "2025-12-31", "MTG-TXTH") == {"2025": "held"}


def test_due_now_in_plain_words(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    s.save(_meeting(s, "党小组会", "2025-03-03", branch["g1"]))
    words = services_of(conn).compliance.due_now("2025-03-15")
    assert "本月尚未召开支委会" in words
    assert "本月尚未召开党小组会：第二党小组" in words  # one line for the groups, naming those still due
    assert not any("第一党小组" in w for w in words)
    assert "本季度尚未召开支部党员大会" in words
    assert any(w.startswith("2025年已过去的时段中有") for w in words)


def test_many_groups_make_one_line(branch) -> None:
    conn = branch["conn"]
    services = services_of(conn)
    for i in range(10):
        group = services.branch.add_group(f"第{i + 3}党小组")
        services.roster.create(make_member(name=f"组员{i}", join_date="2010-01-01"), group_id=group,
                               arrival=Arrival(date="2015-01-01"))
    words = services_of(conn).compliance.due_now("2025-03-15")
    groups = [w for w in words if "党小组会" in w]
    assert len(groups) == 1 and groups[0].endswith("等12个党小组")


def test_a_meeting_without_a_quorum_does_not_fill_its_period(branch) -> None:
    """MTG-ZWH / MTG-DYDH: half or fewer of those due present is no lawful meeting (rulebook §2.2)."""
    conn = branch["conn"]
    s = services_of(conn).meetings
    thin = _meeting(s, "支委会", "2025-03-05")
    for a in thin.attendance[1:]:  # 1 of the 3 委员
        a.present, a.absence_reason = False, "公出"
    s.save(thin)
    full = _meeting(s, "支部党员大会", "2025-03-20")
    voting = [a for a in full.attendance if a.member_class == "正式"]
    for a in voting[:4]:  # 3 of 7 with a vote (the probationary members do not count)
        a.present, a.absence_reason = False, "病假"
    s.save(full)
    cells = {(c.rule, c.period): c for c in services_of(conn).compliance.check(2025, "2025-06-30")}
    committee = cells[("MTG-ZWH", "2025-03")]
    assert committee.status == "missing" and "未达法定人数（应到3名，实到1名）" in committee.detail
    assert committee.meetings  # the record is still linked from the cell
    general = cells[("MTG-DYDH", "2025-Q1")]
    assert general.status == "missing" and "应到7名，实到3名" in general.detail
    s.save(_meeting(s, "支委会", "2025-03-26"))  # a lawful one later in the month fills it
    assert _cells(conn, 2025, "2025-06-30", "MTG-ZWH")["2025-03"] == "held"


def test_leaders_and_the_secretary_are_held_to_their_lectures(branch) -> None:
    conn, ids = branch["conn"], branch["ids"]
    s = services_of(conn).meetings
    c = services_of(conn).compliance
    s.save(_meeting(s, "党课", "2025-03-10", speaker="正式6", speaker_member_id=ids[6], lecture_title="甲"))
    duties = {d.name: d for d in c.lecture_duties(2025, "2025-06-30")}
    assert set(duties) == {"正式0", "正式6"}  # the 书记 and the one leader member
    assert (duties["正式6"].given, duties["正式6"].needed, duties["正式6"].status) == (1, 2, "due")
    assert (duties["正式0"].roles, duties["正式0"].given, duties["正式0"].needed) == (("书记",), 0, 1)
    assert "还差1次" in duties["正式6"].describe()
    # the year over: a leader with one 党课 is flagged
    after = {d.name: d for d in c.lecture_duties(2025, "2026-01-05")}
    assert after["正式6"].status == "short" and after["正式6"].flagged and "少讲1次" in after["正式6"].describe()
    # the secretary's one lecture (a 主题党日 that also counts as 党课) is enough for him
    s.save(_meeting(s, "主题党日", "2025-11-05", also_counts=("党课",), speaker="正式0", speaker_member_id=ids[0],
                    lecture_title="乙"))
    after = {d.name: d for d in c.lecture_duties(2025, "2026-01-05")}
    assert after["正式0"].status == "met" and after["正式0"].dates == ("2025-11-05",)
    # the number is a setting
    settings_repo.set_setting(conn, "rules.leader_lectures_per_year", "1")
    assert {d.name: d.status for d in c.lecture_duties(2025, "2026-01-05")}["正式6"] == "met"


def test_dual_organisational_life_of_a_leader_member(branch) -> None:
    conn, ids, g2 = branch["conn"], branch["ids"], branch["g2"]
    s = services_of(conn).meetings
    s.save(_meeting(s, "党小组会", "2025-02-12", g2))
    absent = _meeting(s, "党小组会", "2025-05-14", g2)
    for a in absent.attendance:
        if a.member_id == ids[6]:
            a.present, a.absence_reason = False, "公出"
    s.save(absent)
    (leader,) = services_of(conn).compliance.dual_life(2025, "2025-07-15")
    assert leader.name == "正式6" and leader.group_name == "第二党小组"
    assert [(q.period, q.attended, q.status) for q in leader.quarters] == [
        ("2025-Q1", 1, "met"), ("2025-Q2", 0, "missing"), ("2025-Q3", 0, "due"), ("2025-Q4", 0, "future")]
    assert leader.life_meeting == "due" and (leader.due, leader.attended) == (2, 1)
    assert leader.absences == (("2025-05-14", "党小组会", "公出"),)
    assert leader.flagged and "Q2未参加党小组会" in leader.describe() and "5月14日党小组会（公出）" in leader.describe()
