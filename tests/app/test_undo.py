"""Undo and redo, as compensating service calls that go in the change log."""

from __future__ import annotations

import pytest

from app.common.errors import UserError
from tests.app.test_meetings import _meeting


def test_undo_and_redo_of_a_payment_and_a_months_collection(demo_year_session) -> None:
    s = demo_year_session.services
    stack = s.enable_undo()
    dues = s.dues
    member = dues.ledger.arrears()[0]
    month = member.months[-1]  # the latest month owed: within the back-pay limit
    before = len(dues.payments(member.member_id))
    dues.pay(member.member_id, [month], dues.ledger.owing(member.member_id, [month]))
    assert stack.undo_label() == f"登记{member.name}的党费"
    assert stack.undo() == f"登记{member.name}的党费"
    after = dues.payments(member.member_id)
    assert len(after) == before + 2 and sum(p.amount_fen for p in after[-2:]) == 0  # reversed, both kept
    assert stack.redo_label() and stack.redo()
    assert len(dues.payments(member.member_id)) == before + 3 and not stack.redo_label()
    log = s.conn.execute("SELECT action FROM change_log ORDER BY id DESC LIMIT 3").fetchall()
    assert [r[0] for r in log] == ["收缴", "冲销", "收缴"]  # the compensating calls are logged too


def test_undo_of_a_new_draft_and_of_a_signed_one(demo_session) -> None:
    s = demo_session.services
    stack = s.enable_undo()
    meetings = s.meetings
    mid = meetings.save(_meeting(meetings, "支委会", "2026-05-06"))
    assert stack.undo_label().startswith("新建会议记录")
    stack.undo()
    with pytest.raises(UserError):
        meetings.get(mid)
    stack.redo()
    new_id = meetings.list(date_from="2026-05-06", date_to="2026-05-06")[0].id
    assert not stack.redo_label()  # the redo was used up
    meetings.sign_off(new_id, "书记")
    assert "签发" in stack.undo_label()  # signing is on the stack, but its undo refuses:
    with pytest.raises(UserError, match="更正"):  # says why, and the proper way
        stack.undo()
    assert meetings.get(new_id).signed and stack.undo_label()  # nothing changed, still on the stack


def test_a_command_keeps_no_undo(demo_session) -> None:
    """What is done before undo is switched on (every command) is never kept to be undone: the
    GUI's undo, switched on later, does not reach back into it."""
    s = demo_session.services
    member = s.roster.list(include_left=False)[0]
    s.integrity.set_operator("某人")
    s.roster.update(member.id, {"phone": "13900000000"})
    assert s.ctx.undo is None
    stack = s.enable_undo()
    assert stack.undo_label() == "" and not stack.redo_label()
    with pytest.raises(UserError):
        stack.undo()
    assert s.roster.get(member.id).phone == "13900000000" and s.integrity.operator() == "某人"


def test_undo_of_a_reason_a_reminder_and_the_operator(demo_year_session) -> None:
    s = demo_year_session.services
    stack = s.enable_undo()
    dues = s.dues
    owing = dues.ledger.arrears()[0]
    dues.ledger.record_arrears_reason(owing.member_id, owing.months[0], "长期病休")
    assert any(a.reason for a in dues.ledger.arrears() if a.member_id == owing.member_id)
    stack.undo()
    assert not any(a.reason for a in dues.ledger.arrears() if a.member_id == owing.member_id)
    r = dues.reminders.due()[0]
    dues.reminders.record(r.member_id, "短信")
    assert stack.undo_label() == f"登记{r.name}的催缴提醒"
    stack.undo()
    assert dues.reminders.given(r.member_id) == []
    stack.redo()
    assert [g.how for g in dues.reminders.given(r.member_id)] == ["短信"]
    s.integrity.set_operator("组织委员 张三")
    s.integrity.set_operator("宣传委员 李四")
    stack.undo()
    assert s.integrity.operator() == "组织委员 张三"


def test_undo_of_a_member_edit_and_of_the_branch_profile(demo_session) -> None:
    s = demo_session.services
    stack = s.enable_undo()
    member = s.roster.list()[0]
    s.roster.update(member.id, {"phone": "13900000000", "education": "研究生"})
    assert stack.undo_label() == f"修改{member.name}的信息"
    stack.undo()
    back = s.roster.get(member.id)
    assert (back.phone, back.education) == (member.phone, member.education)
    stack.redo()
    assert s.roster.get(member.id).phone == "13900000000"
    actions = [r[0] for r in s.conn.execute(
        "SELECT reason FROM change_log WHERE entity = 'member' ORDER BY id DESC LIMIT 2")]
    assert actions == ["重做修改", "撤销修改"]  # the compensating edits are in the log with why
    other = next(g for g in s.branch.groups() if g.id != s.roster.get(member.id).group_id)
    s.roster.update(member.id, {}, group_id=other.id)
    with pytest.raises(UserError, match="党小组的变动"):
        stack.undo()
    branch = s.branch.get()
    s.branch.save(branch._replace(secretary_phone="010-12345678"))
    assert stack.undo_label() == "修改支部基本情况"
    stack.undo()
    assert s.branch.get().secretary_phone == branch.secretary_phone


def test_a_change_with_no_undo_of_its_own_stops_undo_from_reaching_older_ones(demo_year_session) -> None:
    s = demo_year_session.services
    stack = s.enable_undo()
    owing = s.dues.ledger.arrears()[0]
    month = owing.months[-1]
    s.dues.pay(owing.member_id, [month], s.dues.ledger.owing(owing.member_id, [month]))
    paid = len(s.dues.payments(owing.member_id))
    from app.integrity.encryption import IDLE_LOCK

    s.base.set_setting(IDLE_LOCK.key, 10)  # a setting: logged, with no undo of its own
    label = stack.undo_label()
    assert label and "党费" not in label
    with pytest.raises(UserError, match="不能撤销"):
        stack.undo()
    assert len(s.dues.payments(owing.member_id)) == paid  # the payment was not taken back behind the user's back


def test_an_edit_made_inside_a_larger_operation_is_not_undone_on_its_own(demo_session) -> None:
    from db.connection import transaction

    s = demo_session.services
    stack = s.enable_undo()
    first, second = s.roster.list()[:2]
    with transaction(s.conn):  # as an import updating members, or a development step promoting one
        s.roster.update(first.id, {"phone": "13900000001"})
        s.roster.update(second.id, {"phone": "13900000002"})
        s.base.log("import", None, "导入名册", None, {"rows": 2})
    assert f"修改{second.name}" not in stack.undo_label()  # not half of the import
    with pytest.raises(UserError, match="不能撤销"):
        stack.undo()
    assert (s.roster.get(first.id).phone, s.roster.get(second.id).phone) == ("13900000001", "13900000002")
