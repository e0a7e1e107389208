"""Member development: every DEV-* rule at its boundary dates, step order, the rule-version
switch, and the move into the roster."""

from __future__ import annotations

import pytest

from app.common import dates, idcard
from app.common.errors import UserError, ValidationError
from app.development.service import DevelopmentService
from app.roster.model import Arrival
from db import engine
from tests.conftest import make_member, services_of


@pytest.fixture
def dev(branch_conn):
    members = services_of(branch_conn).roster
    full = [members.create(make_member(name=f"老党员{i}", join_date="2000-01-01"), arrival=Arrival(date="2010-01-01"))
            for i in range(3)]
    prob = members.create(make_member(name="预备甲", join_date="2023-06-01", full_date=None, member_class="预备"),
                          arrival=Arrival(kind="本支部发展"))
    return services_of(branch_conn).development, full, prob


def _person(service: DevelopmentService, received: str = "2022-03-01", version: str = "2014", **kw) -> int:
    data = {"name": kw.pop("name", "申请人"),
            "id_number": kw.pop("id_number", idcard.make("110101", "19980506", 7, "女")),
            "application_written": kw.pop("written", received), "application_received": received,
            "rule_version": version, **kw}
    return service.create(data)


def _to_candidate(service, pid, full, activist="2022-04-10"):
    service.advance(pid, 2, "2022-03-20")
    service.advance(pid, 3, activist)
    service.advance(pid, 4, activist)
    service.advance(pid, 5, activist, contacts=[full[0]])
    service.advance(pid, 6, dates.add_years(activist, 1))
    service.advance(pid, 7, dates.add_years(activist, 1))


def _to_admission(service, pid, full, s15="2023-06-20"):
    _to_candidate(service, pid, full)
    for no, on in ((8, "2023-04-15"), (9, "2023-04-15"), (10, "2023-05-10"), (11, "2023-05-20"),
                   (12, "2023-05-25"), (13, "2023-06-01"), (14, "2023-06-05"), (15, s15)):
        kw = {}
        if no == 9:
            kw = {"introducers": full[:2]}
        if no == 10:
            kw = {"conclusion": "政治审查合格"}
        if no == 11:
            kw = {"days": 3}
        service.advance(pid, no, on, **kw)


def test_applicants_must_be_18(dev) -> None:
    service, *_ = dev
    born = "2004-05-06"
    number = idcard.make("110101", born.replace("-", ""), 9, "男")
    with pytest.raises(ValidationError) as info:
        _person(service, "2022-05-05", id_number=number)
    assert "未满18周岁" in info.value.message and "DEV-AGE" in info.value.message
    _person(service, "2022-05-06", id_number=number)  # the 18th birthday itself


def test_steps_happen_in_order_except_the_parallel_ones(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 3, "2022-04-10")
    assert "须先办理第2步“党组织派人谈话”" in info.value.message
    _to_candidate(service, pid, full)
    # 介绍人, 政审 and 培训 may come in any order after 确定发展对象.
    service.advance(pid, 11, "2023-04-20", hours=24)
    service.advance(pid, 10, "2023-04-21", conclusion="政治审查合格")
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 12, "2023-04-25")
    assert "第8步" in info.value.message and "第9步" in info.value.message
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 8, "2022-01-01")
    assert "不能早于第7步" in info.value.message
    assert set(service.next_steps(service.person(pid))) == {8, 9}


def test_candidate_one_year_after_activist_at_the_boundary(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    for no, on in ((2, "2022-03-20"), (3, "2024-02-29"), (4, "2024-02-29")):
        service.advance(pid, no, on)
    service.advance(pid, 5, "2024-02-29", contacts=[full[0]])
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 6, "2025-02-27")
    assert "DEV-ACT-MIN" in info.value.message and "2025年2月28日起" in info.value.message
    service.advance(pid, 6, "2025-02-28")  # one year after 29 February is 28 February
    service.advance(pid, 7, "2025-02-28")


def test_contacts_and_introducers_must_be_full_members_that_day(dev) -> None:
    service, full, prob = dev
    pid = _person(service)
    service.advance(pid, 2, "2022-03-20")
    service.advance(pid, 3, "2022-04-10")
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 5, "2022-04-10", contacts=[prob])
    assert "预备甲在2022年4月10日不是本支部正式党员" in info.value.message and "DEV-INTRO" in info.value.message
    with pytest.raises(ValidationError):
        service.advance(pid, 5, "2022-04-10", contacts=full)  # three: at most two
    service.advance(pid, 5, "2022-04-10", contacts=full[:2])
    service.advance(pid, 4, "2022-04-10")
    service.advance(pid, 6, "2023-04-10")
    service.advance(pid, 7, "2023-04-10")
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 9, "2023-04-15", introducers=[full[0]])
    assert "入党介绍人须为2名正式党员" in info.value.message
    # 预备甲 becomes full on 2024-06-01: an introducer from that day on, not the day before.
    services_of(service.conn).roster.update(prob, {"member_class": "正式", "full_date": "2024-06-01"})
    with pytest.raises(ValidationError):
        service.advance(pid, 9, "2024-05-31", introducers=[full[0], prob])
    service.advance(pid, 9, "2024-06-01", introducers=[full[0], prob])


def test_training_and_vetting_are_required_for_admission(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_candidate(service, pid, full)
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 11, "2023-05-20", days=2, hours=23)
    assert "DEV-TRAIN" in info.value.message
    service.advance(pid, 11, "2023-05-20", hours=24)  # 24 学时 is enough on its own
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 10, "2023-05-10")
    assert "DEV-VET" in info.value.message
    service.advance(pid, 10, "2023-05-10", conclusion="有问题待查", qualified=False)
    service.advance(pid, 8, "2023-04-15")
    service.advance(pid, 9, "2023-04-15", introducers=full[:2])
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 12, "2023-05-25")
    assert "政审不合格" in info.value.message


def test_admission_makes_a_probationary_member_and_full_membership_follows(dev, branch_conn) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_admission(service, pid, full)
    assert service.person(pid).member_id is None
    service.advance(pid, 16, "2023-07-01")
    service.advance(pid, 17, "2023-08-01")
    p = service.person(pid)
    member = services_of(branch_conn).roster.get(p.member_id)
    assert p.status == "预备党员"
    assert member.member_class == "预备" and member.join_date == "2023-06-20"
    # Dues are owed from the month of the 支部大会.
    assert services_of(branch_conn).dues.liable_months(member, "2023-05", "2023-08")[0] == "2023-06"
    for no, on in ((18, "2023-08-10"), (19, "2023-08-10"), (20, "2023-08-15"), (21, "2024-06-01"), (22, "2024-06-10")):
        service.advance(pid, no, on)
    with pytest.raises(ValidationError):
        service.advance(pid, 24, "2024-07-01")  # no 转正 resolution yet
    service.advance(pid, 23, "2024-06-25", outcome="按期转正")
    service.advance(pid, 24, "2024-07-15")
    member = services_of(branch_conn).roster.get(p.member_id)
    assert member.member_class == "正式"
    assert member.full_date == "2024-06-20"  # party standing from the end of probation, not the approval


def test_extension_once_and_within_6_to_12_months(dev, branch_conn) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_admission(service, pid, full)
    for no, on in ((16, "2023-07-01"), (17, "2023-08-01"), (19, "2023-08-10"), (21, "2024-06-01"), (22, "2024-06-10")):
        service.advance(pid, no, on)
    for months in (5, 13):
        with pytest.raises(ValidationError) as info:
            service.advance(pid, 23, "2024-06-25", outcome="延长预备期", extension_months=months)
        assert "DEV-PROB" in info.value.message
    service.advance(pid, 23, "2024-06-25", outcome="延长预备期", extension_months=6)
    assert service.probation_end(service.person(pid)) == "2024-12-20"
    with pytest.raises(ValidationError) as info:
        service.advance(pid, 23, "2024-12-25", outcome="延长预备期", extension_months=6)
    assert "只能延长一次" in info.value.message
    service.advance(pid, 23, "2024-12-25", outcome="按期转正")
    service.advance(pid, 24, "2025-01-10")
    member = services_of(branch_conn).roster.get(service.person(pid).member_id)
    assert member.full_date == "2024-12-20"


def test_cancelling_probation_takes_the_member_off_the_roster(dev, branch_conn) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_admission(service, pid, full)
    for no, on in ((16, "2023-07-01"), (17, "2023-08-01"), (19, "2023-08-10"), (21, "2024-06-01"), (22, "2024-06-10")):
        service.advance(pid, no, on)
    service.advance(pid, 23, "2024-06-25", outcome="取消预备党员资格")
    p = service.person(pid)
    assert p.status == "已终止"
    member = services_of(branch_conn).roster.get(p.member_id)
    assert not member.active and member.left_on == "2024-06-25"
    with pytest.raises(UserError):
        service.advance(pid, 24, "2024-07-01")


def _rules(service: DevelopmentService, as_of: str) -> dict[str, str]:
    return {f.rule: f.severity for f in service.check(as_of)}


def test_talk_within_one_month(dev) -> None:
    service, *_ = dev
    pid = _person(service, "2024-01-31")
    assert "DEV-TALK" not in _rules(service, "2024-02-29")  # one month after 31 January
    assert _rules(service, "2024-03-01")["DEV-TALK"] == "warning"
    service.advance(pid, 2, "2024-03-01")
    assert "超过1个月才谈话" in next(f.message for f in service.check("2024-03-02") if f.rule == "DEV-TALK")


def test_half_yearly_assessment_while_activist(dev) -> None:
    service, _full, _ = dev
    pid = _person(service)
    service.advance(pid, 2, "2022-03-20")
    service.advance(pid, 3, "2022-04-10")
    assert "DEV-ACT-EVAL" not in _rules(service, "2022-10-10")
    assert _rules(service, "2022-10-11")["DEV-ACT-EVAL"] == "warning"
    service.save_assessment(pid, {"period_start": "2022-04-10", "period_end": "2022-10-09",
                                  "branch_opinion": "表现良好", "branch_author": "书记"})
    assert "DEV-ACT-EVAL" not in _rules(service, "2022-10-11")
    assert "DEV-ACT-EVAL" in _rules(service, "2023-04-10")


def test_approval_within_three_months_error_after_six(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_admission(service, pid, full, s15="2023-06-20")
    service.advance(pid, 16, "2023-07-01")
    assert "DEV-APPROVE" not in _rules(service, "2023-09-20")
    assert _rules(service, "2023-09-21")["DEV-APPROVE"] == "warning"
    assert _rules(service, "2023-12-20")["DEV-APPROVE"] == "warning"
    assert _rules(service, "2023-12-21")["DEV-APPROVE"] == "error"


def test_probation_over_without_discussion_and_leaving_the_unit(dev) -> None:
    service, full, _ = dev
    pid = _person(service, expected_leave_on="2023-09-01")
    _to_admission(service, pid, full, s15="2023-06-20")
    assert _rules(service, "2023-06-21")["DEV-LEAVE"] == "warning"
    service.advance(pid, 16, "2023-07-01")
    service.advance(pid, 17, "2023-08-01")
    assert "DEV-PROB" not in _rules(service, "2024-06-20")
    assert _rules(service, "2024-06-21")["DEV-PROB"] == "warning"


def test_rule_version_switch(dev) -> None:
    service, full, _ = dev
    old = _person(service, version="2014", name="老版本")
    new = _person(service, version="2026", name="新版本", id_number=idcard.make("110101", "19970101", 3, "男"))
    for pid in (old, new):
        _to_admission(service, pid, full)
        service.advance(pid, 16, "2023-07-01")
        service.advance(pid, 17, "2023-08-01")
    found = {(f.person, f.rule) for f in service.check("2023-09-15")}
    # The 2026 revision's unconfirmed oath (1 month) and publicity rules apply to 2026 cases only.
    assert ("新版本", "DEV-OATH") in found and ("老版本", "DEV-OATH") not in found
    assert ("新版本", "DEV-PUBLICITY") in found and ("老版本", "DEV-PUBLICITY") not in found
    service.add_milestone(new, "公示", "2023-05-22", "2023-05-26")  # Monday to Friday: 5 working days
    service.advance(new, 20, "2023-08-31")
    found = {(f.person, f.rule) for f in service.check("2023-09-15")}
    assert ("新版本", "DEV-PUBLICITY") not in found and ("新版本", "DEV-OATH") not in found


def test_assessment_entries_lock_when_signed(dev, branch_conn) -> None:

    service, *_ = dev
    pid = _person(service)
    aid = service.save_assessment(pid, {"period_start": "2022-04-10", "period_end": "2022-10-09",
                                        "self_summary": "思想汇报", "branch_opinion": "表现良好"})
    service.sign_assessment(aid, "老党员0", "2022-10-15")
    with pytest.raises(UserError):
        service.save_assessment(pid, {"period_start": "2022-04-10", "period_end": "2022-10-09"}, aid)
    with pytest.raises(engine.IntegrityError):
        branch_conn.execute("UPDATE dev_assessment SET branch_opinion = 'x' WHERE id = :id", {"id": aid})
    service.amend_assessment(aid, "老党员0", "补充：10月参加志愿服务两次")
    assert service.person(pid).assessments[0].amendments[0].text.startswith("补充")


def test_activist_transferred_in_keeps_time_served(dev) -> None:
    service, full, _ = dev
    pid = _person(service, "2021-01-10", activist_since="2021-06-01", transferred_from="中共某局机关党支部")
    p = service.person(pid)
    assert service.activist_date(p) == "2021-06-01"
    assert service.window(p, 7)[0] is None or service.window(p, 7)[0] >= "2022-06-01"
    service.advance(pid, 4, "2022-03-01")
    service.advance(pid, 5, "2022-03-01", contacts=[full[0]])
    service.advance(pid, 6, "2022-06-01")
    service.advance(pid, 7, "2022-06-01")  # a year after becoming an activist elsewhere


def test_admission_vote_must_pass_in_the_linked_general_meeting(dev, branch_conn) -> None:
    from app.meetings.model import Vote

    service, full, _ = dev
    pid = _person(service, name="候选人")
    _to_admission(service, pid, full, s15="2023-06-20")  # recorded without a meeting link
    other = _person(service, name="另一人", id_number=idcard.make("110101", "19960101", 5, "男"))
    _to_candidate(service, other, full)
    for no, on in ((8, "2023-04-15"), (9, "2023-04-15"), (10, "2023-05-10"), (11, "2023-05-20"),
                   (12, "2023-05-25"), (13, "2023-06-01"), (14, "2023-06-05")):
        kw = {9: {"introducers": full[:2]}, 10: {"conclusion": "合格"}, 11: {"days": 3}}.get(no, {})
        service.advance(other, no, on, **kw)
    meetings = services_of(branch_conn).meetings
    m = meetings.new_from_last("支部党员大会", "2023-06-21")
    m.title, m.host, m.recorder = "接收预备党员大会", "老党员0", "老党员1"
    m.votes = [Vote("接收另一人为预备党员", "举手", yes=2, no=1)]  # 2 of 3 full members due: passes
    mid = meetings.save(m)
    with pytest.raises(ValidationError) as info:
        service.advance(other, 15, "2023-06-22", meeting_id=mid)
    assert "DEV-VOTE" in info.value.message  # a meeting of another day
    m = meetings.get(mid)
    m.votes = [Vote("接收另一人为预备党员", "举手", yes=1, no=2)]
    meetings.save(m)
    with pytest.raises(ValidationError) as info:
        service.advance(other, 15, "2023-06-21", meeting_id=mid)
    assert "表决未通过" in info.value.message
    m = meetings.get(mid)
    m.votes = [Vote("接收另一人为预备党员", "举手", yes=2, no=1)]
    meetings.save(m)
    service.advance(other, 15, "2023-06-21", meeting_id=mid)
    assert service.done(service.person(other), 15).meeting_id == mid


def test_archive_needs_the_five_documents(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_admission(service, pid, full)
    for no, on in ((16, "2023-07-01"), (17, "2023-08-01"), (19, "2023-08-10"), (21, "2024-06-01"), (22, "2024-06-10")):
        service.advance(pid, no, on)
    service.advance(pid, 23, "2024-06-25", outcome="按期转正")
    service.advance(pid, 24, "2024-07-15")
    assert "DEV-ARCHIVE" in _rules(service, "2024-07-20")  # 转正 but not yet archived
    service.advance(pid, 25, "2024-07-22", documents=["入党志愿书", "入党申请书"])
    messages = [f.message for f in service.findings(service.person(pid), "2024-07-23") if f.rule == "DEV-ARCHIVE"]
    assert messages == ["归档材料缺少：政治审查材料、转正申请书、培养教育考察材料"]


def test_unconfirmed_limits_are_settings(dev) -> None:
    service, full, _ = dev
    new = _person(service, version="2026", name="新版本")
    _to_admission(service, new, full)
    service.advance(new, 16, "2023-07-01")
    service.advance(new, 17, "2023-08-01")
    assert "DEV-OATH" in _rules(service, "2023-09-02")
    service.set_limit("dev.2026.oath_months", 2)
    assert "DEV-OATH" not in _rules(service, "2023-09-02")
    with pytest.raises(UserError):
        service.set_limit("dev.2014.activist_min_months", 6)  # a confirmed rule is not a setting


def test_a_wrong_step_is_corrected_with_the_old_row_kept(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_candidate(service, pid, full)
    service.corrections.correct(pid, 2, "谈话日期录错", "2022-03-18", actor="张书记")
    p = service.person(pid)
    assert p.done(2).done_on == "2022-03-18" and p.done(2).actor == "张书记"
    [rev] = service.corrections.revisions(pid)
    assert (rev["action"], rev["old_step"]["done_on"], rev["new_done_on"], rev["reason"]) == (
        "更正", "2022-03-20", "2022-03-18", "谈话日期录错")
    with pytest.raises(ValidationError, match="早于第2步"):  # the activist step cannot move before the talk
        service.corrections.correct(pid, 3, "录错", "2022-03-01")
    with pytest.raises(ValidationError, match="晚于其后的第4步"):
        service.corrections.correct(pid, 3, "录错", "2022-05-01")
    with pytest.raises(ValidationError, match="更正原因"):
        service.corrections.correct(pid, 2, " ", "2022-03-19")


def test_only_the_latest_step_is_withdrawn_and_a_case_is_ended(dev) -> None:
    service, full, _ = dev
    pid = _person(service)
    _to_candidate(service, pid, full)
    with pytest.raises(UserError, match="只能撤回最后办理的一步"):
        service.corrections.withdraw(pid, 5, "录错")
    service.corrections.withdraw(pid, 7, "支委会未通过，误登记")
    assert service.person(pid).done(7) is None
    assert [r["action"] for r in service.corrections.revisions(pid)] == ["撤回"]
    service.corrections.end_case(pid, "调离本单位", "2023-05-01", "调往市发改委，材料已转")
    p = service.person(pid)
    assert (p.status, p.outcome, p.ended_on, p.end_reason) == ("已终止", "调离本单位", "2023-05-01",
                                                              "调往市发改委，材料已转")
    with pytest.raises(UserError, match="已终止"):
        service.advance(pid, 7, "2023-06-01")
    with pytest.raises(ValidationError, match="终止原因"):
        service.corrections.end_case(_person(service, name="乙", id_number=idcard.make("110101", "19990506", 8, "男")),
                         "不想干了", "2023-05-01", "x")


def test_the_record_commands_of_the_cli(tmp_path, capsys) -> None:
    import json

    from app.cli import main

    db = str(tmp_path / "d.sqlite")
    base = ["--db", db, "--today", "2023-06-30"]
    assert main([*base, "init", "--name", "中共测试党支部", "--committee", "中共测试委员会"]) == 0
    person = {"name": "王申请", "id_number": idcard.make("110101", "19980506", 7, "女"),
              "application_written": "2023-03-01", "application_received": "2023-03-02"}
    assert main([*base, "dev", "add", json.dumps(person, ensure_ascii=False)]) == 0
    assert main([*base, "dev", "advance", "王申请", "2", "--date", "2023-03-20"]) == 0
    assert main([*base, "dev", "correct", "王申请", "2", "--date", "2023-03-18", "--reason", "录错"]) == 0
    assert main([*base, "dev", "correct", "王申请", "2", "--date", "2023-02-01", "--reason", "录错"]) == 2
    entry = {"period_start": "2023-03-02", "period_end": "2023-06-30", "self_summary": "认真学习",
             "branch_opinion": "表现良好"}
    assert main([*base, "dev", "assess", "王申请", json.dumps(entry, ensure_ascii=False)]) == 0
    assert "编号 1" in capsys.readouterr().out
    assert main([*base, "dev", "sign-assessment", "1", "--by", "张书记"]) == 2  # nobody of that name yet
    assert "不是本支部党员" in capsys.readouterr().err
    secretary = {k: v for k, v in make_member(name="张书记").items() if k != "is_leader_cadre"}
    assert main([*base, "members", "add", json.dumps(secretary, ensure_ascii=False)]) == 0
    assert main([*base, "dev", "sign-assessment", "1", "--by", "张书记"]) == 0
    assert main([*base, "dev", "assess", "王申请", json.dumps(entry, ensure_ascii=False), "--id", "1"]) == 2
    assert main([*base, "dev", "amend", "1", "--by", "张书记", "--text", "补充：参加志愿服务"]) == 0
    assert main([*base, "dev", "milestone", "王申请", "--kind", "群众座谈", "--date", "2023-04-01"]) == 0
    assert main([*base, "dev", "withdraw", "王申请", "2", "--reason", "重复登记"]) == 0
    assert main([*base, "dev", "end", "王申请", "--kind", "本人撤回申请", "--date", "2023-06-01",
                 "--reason", "书面申请撤回"]) == 0
    capsys.readouterr()
    assert main([*base, "dev", "list", "--all", "--json"]) == 0
    [case] = json.loads(capsys.readouterr().out)
    assert case["status"] == "已终止"


def test_undo_of_a_step_withdraws_it_and_redo_does_it_again(dev) -> None:
    from app.undo import UndoStack

    service, _, _ = dev
    pid = _person(service)
    stack = service.ctx.undo = UndoStack()
    service.advance(pid, 2, "2022-03-20", actor="张书记")
    assert stack.undo_label() == "申请人第2步“党组织派人谈话”"
    stack.undo()
    assert service.person(pid).done(2) is None
    assert service.corrections.revisions(pid)[-1]["reason"] == "撤销刚才的办理"
    stack.redo()
    assert service.person(pid).done(2).actor == "张书记"


def test_back_to_back_half_year_records_ending_at_month_ends_leave_no_gap(dev) -> None:
    """Jun 1–Nov 30 then Dec 1–May 31: each half year has its record (six months after 30 November
    is 31 May, not 30 May)."""
    service, *_ = dev
    pid = _person(service, "2022-04-20")
    service.advance(pid, 2, "2022-05-10")
    service.advance(pid, 3, "2022-05-31")  # an activist from the last day of May
    for start, end in (("2022-06-01", "2022-11-30"), ("2022-12-01", "2023-05-31")):
        service.save_assessment(pid, {"period_start": start, "period_end": end, "branch_opinion": "表现良好"})
    assert "DEV-ACT-EVAL" not in _rules(service, "2023-06-01")
    assert "DEV-ACT-EVAL" in _rules(service, "2023-12-01")  # and a real gap is still found
