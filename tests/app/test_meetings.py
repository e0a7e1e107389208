"""The work record: attendance from the roster, quorum and pass rules, grades, sign-off,
corrections, search."""

from __future__ import annotations

import datetime as _dt

import pytest

from app.committee import history, metrics
from app.common.errors import UserError, ValidationError
from app.meetings import rules as mr
from app.meetings.model import Grade, Rectification, Step, Vote
from app.meetings.service import MeetingService
from app.roster.model import Arrival
from db import engine
from tests.conftest import make_member, services_of


def build_branch(conn):
    """7 full members and 2 probationary ones (from 2024-12-01), a committee of 3, 2 groups."""
    members = services_of(conn).roster
    service = services_of(conn).branch
    g1, g2 = service.add_group("第一党小组"), service.add_group("第二党小组")
    ids = []
    for i in range(7):
        ids.append(members.create(make_member(name=f"正式{i}", join_date="2010-01-01",
                                              is_leader_cadre=(i == 6)),
                                  group_id=g1 if i < 4 else g2, arrival=Arrival(date="2015-01-01")))
    for i in range(2):
        ids.append(members.create(make_member(name=f"预备{i}", join_date="2024-12-01", full_date=None,
                                              member_class="预备"),
                                  group_id=g2, arrival=Arrival(kind="本支部发展")))
    service.start_term("2023-01-10", 3, seats=[(ids[0], "书记"), (ids[1], "组织委员"), (ids[2], "宣传委员")])
    return {"conn": conn, "ids": ids, "g1": g1, "g2": g2, "services": services_of(conn)}




def _meeting(service: MeetingService, kind: str, on: str, group=None, **kw):
    m = service.new_from_last(kind, on, group)
    m.title = kw.pop("title", f"{kind}{on}")
    m.host = kw.pop("host", "正式0")
    m.recorder = kw.pop("recorder", "正式1")
    for key, value in kw.items():
        setattr(m, key, value)
    return m


def test_who_is_due_depends_on_kind_and_date(branch) -> None:
    s = branch["services"].meetings
    assert [a.name for a in s.due_people("支委会", "2025-03-05")] == ["正式0", "正式1", "正式2"]
    group2 = s.due_people("党小组会", "2025-03-05", branch["g2"])
    assert [a.name for a in group2] == ["正式4", "正式5", "正式6", "预备0", "预备1"]
    everyone = s.due_people("支部党员大会", "2025-03-05")
    assert sum(a.member_class == "正式" for a in everyone) == 7
    assert sum(a.member_class == "预备" for a in everyone) == 2
    # Before the probationary members were admitted, they were not due.
    assert len(s.due_people("支部党员大会", "2024-11-30")) == 7
    # The leader member is marked as attending as an ordinary member.
    assert [a.name for a in everyone if a.as_ordinary_member] == ["正式6"]


def test_quorum_and_pass_at_exactly_half(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "支部党员大会", "2025-03-20")
    m.attendance = [a for a in m.attendance]
    full = [a for a in m.attendance if a.member_class == "正式"]
    for a in full[:3]:  # 4 of 7 voting members present: quorum
        a.present, a.absence_reason = False, "公出"
    m.votes = [Vote("接收张三为预备党员", "举手", yes=3, no=1),
               Vote("表彰优秀党员", "举手", yes=4)]
    t = s.tally(m)
    assert (t.due_full, t.present_full, t.due_probationary, t.present_probationary) == (7, 4, 2, 2)
    assert t.quorum is True
    assert [v.passes for v in t.votes] == [False, True]  # 3 of 7 due fails, 4 of 7 passes
    assert "未超过应到有表决权党员（7名）的半数" in t.votes[0].text
    # Written opinions of absent members count as votes.
    m.votes = [Vote("接收张三为预备党员", "举手", yes=3, no=1, written_yes=1)]
    assert s.tally(m).votes[0].passes is True
    # 3 of 7 present: no quorum, so no motion passes.
    full[3].present, full[3].absence_reason = False, "病假"
    t = s.tally(m)
    assert t.quorum is False and "不足法定人数" in t.quorum_text
    assert t.votes[0].passes is False


def test_exactly_half_is_not_a_majority() -> None:
    assert not mr.majority(4, 8)
    assert mr.majority(5, 8)
    assert not mr.general_meeting_quorum(8, 4)
    assert mr.general_meeting_quorum(8, 5)
    assert not mr.committee_quorum(4, 2)
    assert mr.committee_quorum(3, 2)
    assert not mr.motion_passes(6, 3)


def test_committee_quorum(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "支委会", "2025-03-05")
    m.attendance[0].present, m.attendance[0].absence_reason = False, "事假"
    assert s.tally(m).quorum is True  # 2 of 3
    m.attendance[1].present, m.attendance[1].absence_reason = False, "事假"
    assert s.tally(m).quorum is False


def test_votes_cannot_exceed_the_people_there(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "支部党员大会", "2025-03-20")
    m.votes = [Vote("某事项", "举手", yes=8)]
    assert "超过到会有表决权人数7" in s.validate(m)["votes"]
    m.votes = [Vote("某事项", "举手", yes=7, written_yes=1)]
    assert "书面意见1份，超过未到会有表决权人数0" in s.validate(m)["votes"]


def test_attendance_must_match_the_roster_that_day(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "支部党员大会", "2025-03-20")
    m.attendance = m.attendance[1:]
    assert "缺少应到人员：正式0" in s.validate(m)["attendance"]
    m = _meeting(s, "支部党员大会", "2025-03-20")
    m.attendance[0].present = False
    assert "缺席原因" in s.validate(m)["attendance"]
    m.attendance[0].absence_reason = "其他"
    assert "写明具体原因" in s.validate(m)["attendance"]
    m.attendance[0].absence_note = "陪护家人"
    assert s.validate(m) == {}


def test_excellent_grades_are_capped_at_one_third(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "民主评议党员", "2025-12-10")
    full = [a for a in m.attendance if a.member_class == "正式"]  # 7 graded: at most 2 优秀
    m.grades = [Grade(a.member_id, "优秀" if i < 3 else "合格") for i, a in enumerate(full)]
    assert "超过参评正式党员（7名）的三分之一（最多2名）" in s.validate(m)["grades"]
    with pytest.raises(ValidationError):
        s.save(m)
    m.grades[2].grade = "合格"
    prob = [a for a in m.attendance if a.member_class == "预备"]
    m.grades.append(Grade(prob[0].member_id, "合格"))
    assert "预备党员，参加评议但不评定等次" in s.validate(m)["grades"]
    m.grades[-1].grade = None
    mid = s.save(m)
    assert sorted(g.grade or "" for g in s.get(mid).grades).count("优秀") == 2
    # Signing off needs every full member graded.
    m = s.get(mid)
    m.grades = m.grades[1:]
    s.save(m)
    with pytest.raises(ValidationError) as info:
        s.sign_off(mid, "正式0")
    assert "尚未评定等次" in info.value.message


def test_sign_off_locks_and_corrections_keep_the_original(branch) -> None:
    conn = branch["conn"]
    s = services_of(conn).meetings
    m = _meeting(s, "支委会", "2025-03-05", agenda=["研究发展党员工作", "部署主题党日"],
                 resolutions="同意确定李某为发展对象")
    mid = s.save(m)
    s.sign_off(mid, "正式0", on="2025-03-07")
    signed = s.get(mid)
    assert signed.signed and signed.signed_by == "正式0"
    signed.resolutions = "改过的决议"
    with pytest.raises(UserError) as info:
        s.save(signed)
    assert "更正" in info.value.message
    # The database refuses direct writes too.
    with pytest.raises(engine.IntegrityError):
        conn.execute("UPDATE meeting SET resolutions = 'x' WHERE id = :id", {"id": mid})
    with pytest.raises(engine.IntegrityError):
        conn.execute("DELETE FROM meeting_agenda WHERE meeting_id = :id", {"id": mid})
    with pytest.raises(UserError):
        s.delete(mid)
    with pytest.raises(ValidationError):
        s.correct(signed, "正式0", "")
    s.correct(signed, "正式0", "决议文字录入有误")
    after = s.get(mid)
    assert after.resolutions == "改过的决议" and after.signed
    revs = s.revisions(mid)
    assert len(revs) == 1 and revs[0].reason == "决议文字录入有误" and revs[0].revised_by == "正式0"
    assert revs[0].snapshot["resolutions"] == "同意确定李某为发展对象"
    with pytest.raises(engine.IntegrityError):
        conn.execute("UPDATE meeting SET title = 'x' WHERE id = :id", {"id": mid})


def test_late_sign_off_counts_working_days(branch) -> None:
    # 2025-03-07 is a Friday: Mon 10, Tue 11, Wed 12 are the 3 working days after it.
    assert not mr.signed_late("2025-03-07", "2025-03-12")
    assert mr.signed_late("2025-03-07", "2025-03-13")
    s = branch["services"].meetings
    a = s.save(_meeting(s, "支委会", "2025-03-07"))
    b = s.save(_meeting(s, "支委会", "2025-04-07"))
    s.sign_off(a, "正式0", on="2025-03-12")
    s.sign_off(b, "正式0", on="2025-04-11")
    late = {r.id: r.late for r in s.list(year=2025)}
    assert late == {a: False, b: True}


def test_working_days_are_counted_from_every_weekday_over_any_span() -> None:
    """The count is worked out by arithmetic; it must be the one a person gets counting the days
    one by one on a calendar, from every weekday and across weekends and months."""
    start = _dt.date(2025, 2, 24)  # a Monday
    for offset in range(7):
        a = start + _dt.timedelta(days=offset)
        for span in range(-2, 45):
            b = a + _dt.timedelta(days=span)
            by_hand = sum(1 for n in range(1, span + 1) if (a + _dt.timedelta(days=n)).weekday() < 5)
            assert mr.working_days_after(a.isoformat(), b.isoformat()) == by_hand, (a, b)


def test_new_from_last_copies_the_agenda(branch) -> None:
    s = branch["services"].meetings
    s.save(_meeting(s, "党小组会", "2025-01-15", branch["g1"], agenda=["学习文件", "交流心得"], place="会议室"))
    new = s.new_from_last("党小组会", "2025-02-14", branch["g1"])
    assert new.agenda == ["学习文件", "交流心得"] and new.place == "会议室" and new.id is None
    assert [a.name for a in new.attendance] == ["正式0", "正式1", "正式2", "正式3"]


def test_chinese_full_text_search(branch) -> None:
    s = branch["services"].meetings
    a = s.save(_meeting(s, "组织生活会", "2025-11-20", title="2025年度组织生活会",
                        content="查摆问题并制定整改措施", rectifications=[Rectification("理论学习不够系统", "正式0")]))
    b = s.save(_meeting(s, "支委会", "2025-11-05", title="研究年度工作", agenda=["学习贯彻会议精神"]))
    assert {r.id for r in s.list(text="整改")} == {a}  # two characters
    assert {r.id for r in s.list(text="整改措施")} == {a}  # four: trigram index
    assert {r.id for r in s.list(text="学习")} == {a, b}
    assert {r.id for r in s.list(text="学习 贯彻")} == {b}
    assert s.list(text="不存在的词") == []
    assert {r.id for r in s.list(text="理论学习")} == {a}


def test_filters_by_kind_date_and_person(branch) -> None:
    s = branch["services"].meetings
    a = s.save(_meeting(s, "支委会", "2025-03-05"))
    b = s.save(_meeting(s, "党小组会", "2025-03-10", branch["g2"]))
    c = s.save(_meeting(s, "主题党日", "2025-04-01", also_counts=("党课",), speaker="正式3", lecture_title="党史"))
    assert {r.id for r in s.list(kind="党课")} == {c}
    assert {r.id for r in s.list(date_from="2025-03-06", date_to="2025-03-31")} == {b}
    assert {r.id for r in s.list(person=branch["ids"][5])} == {b, c}  # 正式5: group 2, all members
    assert {r.id for r in s.list(person=branch["ids"][2])} == {a, c}  # committee, not group 2
    assert {r.id for r in s.list(person=branch["ids"][0])} == {a, b, c}  # hosted them all


def test_talks_need_two_people_of_the_branch(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "谈心谈话", "2025-05-06", title="谈心谈话")
    m.attendance = [s.participant(branch["ids"][0], "2025-05-06")]
    assert "至少两名" in s.validate(m)["attendance"]
    m.attendance.append(s.participant(branch["ids"][4], "2025-05-06"))
    assert s.validate(m) == {}


def test_life_meeting_tracking_after_sign_off(branch) -> None:
    s = branch["services"].meetings
    m = _meeting(s, "组织生活会", "2025-11-20",
                 steps=[Step(step, "2025-11-01") for _, step in mr.LIFE_MEETING_STEPS[:5]],
                 rectifications=[Rectification("学习不够深入", "正式0", "2025-12-31")])
    mid = s.save(m)
    s.sign_off(mid, "正式0", on="2025-11-21")
    signed = s.get(mid)
    item = signed.rectifications[0]
    item.done_on = "2025-12-20"
    steps = [*signed.steps, Step("整改落实并公示", "2025-12-22")]
    s.update_tracking(mid, steps, [item, Rectification("新增事项", "正式1")])
    after = s.get(mid)
    assert after.rectifications[0].done_on == "2025-12-20" and len(after.rectifications) == 2
    assert len(after.steps) == 6
    with pytest.raises(UserError) as info:
        s.update_tracking(mid, steps, [after.rectifications[1]])
    assert "不能删除" in info.value.message


def test_lecture_counts_for_secretary_and_leaders(branch) -> None:
    s = branch["services"].meetings
    ids = branch["ids"]
    s.save(_meeting(s, "党课", "2025-03-01", speaker="正式0", speaker_member_id=ids[0], lecture_title="甲"))
    s.save(_meeting(s, "党课", "2025-06-01", speaker="正式6", speaker_member_id=ids[6], lecture_title="乙"))
    s.save(_meeting(s, "党课", "2024-06-01", speaker="正式0", speaker_member_id=ids[0], lecture_title="丙"))

    given = {d.name: (d.roles, d.given) for d in branch["services"].compliance.lecture_duties(2025, "2025-12-31")}
    assert given == {"正式0": (("书记",), 1), "正式6": (("党员领导干部",), 1)}  # 2024's lecture not counted


def test_attachments_keep_their_hash(branch, tmp_path) -> None:
    s = branch["services"].meetings
    mid = s.save(_meeting(s, "支委会", "2025-03-05"))
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\xff\xd8fake jpeg" * 100)
    aid = s.add_attachment(mid, photo)
    name, data, digest = s.attachment(aid)
    assert name == "签到表.jpg" and data == photo.read_bytes() and len(digest) == 64
    with pytest.raises(UserError):
        s.add_attachment(mid, photo)  # the same file twice
    s.sign_off(mid, "正式0", on="2025-03-06")
    with pytest.raises(UserError):
        s.remove_attachment(aid)


def test_a_search_counts_the_attendance_of_its_hits_only_and_rightly(demo_year_session) -> None:
    services = demo_year_session.services
    conn = services.conn
    hits = services.meetings.list(date_from="2000-01-01", text="整改")  # searched first: nothing listed before
    listed = services.meetings.list(date_from="2000-01-01")
    assert hits and len(hits) < len(listed)
    assert {h.id for h in hits} <= {m.id for m in listed}
    for hit in hits:
        expected = conn.execute(
            "SELECT count(*), coalesce(sum(present), 0), coalesce(sum(member_class = '正式'), 0), "
            "coalesce(sum(member_class = '正式' AND present), 0) FROM meeting_attendance WHERE meeting_id = ?",
            (hit.id,)).fetchone()
        assert (hit.due, hit.present, hit.due_full, hit.present_full) == tuple(expected)
    assert any(hit.due for hit in hits)


def test_the_committee_counts_every_rectification_past_its_date_from_signed_life_meetings(branch) -> None:
    """整改事项逾期未完成 (graded): items of signed 组织生活会 (of any year, also a meeting counted
    as one) with a deadline before the day, not done; oldest deadline first, each once."""
    s = branch["services"].meetings
    life = dict(steps=[Step(step, "2024-11-01") for _, step in mr.LIFE_MEETING_STEPS[:5]])
    old = s.save(_meeting(s, "组织生活会", "2024-11-20", rectifications=[
        Rectification("制度执行不严", "正式1", "2025-03-31"),
        Rectification("已办完的事项", "正式1", "2025-01-31")], **life))
    s.sign_off(old, "正式0", on="2024-11-21")
    item = s.get(old).rectifications[1]
    item.done_on = "2025-01-20"
    s.update_tracking(old, s.get(old).steps, [s.get(old).rectifications[0], item])
    new = s.save(_meeting(s, "组织生活会", "2025-11-20", rectifications=[
        Rectification("学习不够深入", "正式0", "2025-12-15"), Rectification("明年的事项", "正式0", "2026-03-31"),
        Rectification("没定期限的事项", "正式0")], **life))
    s.sign_off(new, "正式0", on="2025-11-21")
    s.save(_meeting(s, "组织生活会", "2025-12-01", rectifications=[  # a draft: not yet a record
        Rectification("草稿中的事项", "正式0", "2025-12-05")], **life))
    overdue = metrics._followups(branch["services"], 2025, "2025-12-31", True, [])["rectify_overdue"]
    assert [(r["item"], r["due"], r["meeting"]) for r in overdue] == [
        ("制度执行不严", "2025-03-31", "2024-11-20"), ("学习不够深入", "2025-12-15", "2025-11-20")]


def test_what_the_committee_keeps_of_the_log_names_each_records_last_change_and_last_allowed_one(branch) -> None:
    """The committee compares a later bundle with the log's last row about each record, and the last
    one a signed record allows (更正, 更新整改情况): read grouped, each record once."""
    conn = branch["conn"]
    s = services_of(conn).meetings
    mid = s.save(_meeting(s, "支委会", "2025-03-05", resolutions="同意"))
    s.sign_off(mid, "正式0", on="2025-03-07")
    signed = s.get(mid)
    signed.resolutions = "同意（更正）"
    s.correct(signed, "正式0", "决议文字录入有误")
    corrected = conn.execute("SELECT max(id) FROM change_log WHERE action = '更正'").fetchone()[0]
    other = s.save(_meeting(s, "支委会", "2025-04-05", resolutions="同意"))
    s.sign_off(other, "正式0", on="2025-04-07")
    services_of(conn).dues.cash.close_month("2025-03", "正式0", on="2025-04-01")
    touched = history.snapshot_history(conn)["touched"]
    rows = dict(conn.execute("SELECT entity_id, max(id) FROM change_log WHERE entity = 'meeting' GROUP BY entity_id"))
    assert touched[f"meeting:{mid}"] == [rows[mid], corrected]
    assert touched[f"meeting:{other}"] == [rows[other], 0]
    closed = conn.execute("SELECT max(id) FROM change_log WHERE entity = 'dues_month_close'").fetchone()[0]
    assert touched["dues_month_close:2025-03"] == [closed, 0]
    # a log row whose values are not an object (a file edited by hand) names no month: left out
    conn.execute("INSERT INTO change_log (at, entity, entity_id, action, after) "
                 "VALUES ('2025-04-02T09:00:00', 'dues_month_close', 1, '结算', '[\"2025-03\"]')")
    again = history.snapshot_history(conn)["touched"]
    assert again["dues_month_close:2025-03"] == [closed, 0]
    assert not any(key.startswith("dues_month_close:[") for key in again)
