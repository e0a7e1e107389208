"""The development pages: the board by stage, advancing a step from the person's page."""

from __future__ import annotations

import pytest

from app.common import idcard
from app.roster.model import Arrival
from tests.conftest import make_member, services_of
from ui.application import make_qapp
from ui.development.dialogs import PersonDialog, StepDialog
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _app(qapp):
    make_qapp()


def applicant(service) -> int:
    """An applicant whose letter came on 2022-03-02 (a case at step 1)."""
    return service.create({"name": "申请人", "id_number": idcard.make("110101", "19980506", 7, "女"),
                           "application_written": "2022-03-01", "application_received": "2022-03-02"})


def test_board_and_advancing_a_step(qtbot, branch_conn, session) -> None:
    members = services_of(branch_conn).roster
    full = [members.create(make_member(name=f"老党员{i}", join_date="2000-01-01"), arrival=Arrival(date="2010-01-01"))
            for i in range(2)]
    service = services_of(branch_conn).development
    pid = applicant(service)
    service.advance(pid, 2, "2022-03-20")
    service.advance(pid, 3, "2022-04-10")
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.development
    assert page.columns[1].count() == 1 and "申请人" in page.columns[1].item(0).text()
    assert "入党积极分子（1）" in page.column_boxes[1].title()
    dialog = PersonDialog(None, session.services, pid)
    qtbot.addWidget(dialog)
    assert "第4步" in dialog.next_label.text() and "第5步" in dialog.next_label.text()
    step = StepDialog(None, session.services, pid, 5)
    qtbot.addWidget(step)
    step.date.set_value("2022-04-10")
    step.people[0].setCurrentIndex(step.people[0].findData(full[0]))
    step.buttons.button(step.buttons.StandardButton.Ok).click()
    assert not step.isVisible() or step.result() == 1
    dialog.refresh()
    assert "老党员0（培养联系人）" in dialog.header.text()
    # A refused step shows the rule and records nothing.
    step = StepDialog(None, session.services, pid, 4)
    qtbot.addWidget(step)
    step.date.set_value("2022-04-01")
    step.buttons.button(step.buttons.StandardButton.Ok).click()
    assert "不能早于第3步" in step.error.text()
    assert not service.done(service.person(pid), 4)


def test_step_window_warning_correction_and_end(qtbot, branch_conn, session, shown_messages, monkeypatch) -> None:
    from ui import messages
    from ui.development.dialogs.forms import CorrectStepDialog, EndCaseDialog

    service = services_of(branch_conn).development
    pid = applicant(service)
    step = StepDialog(None, session.services, pid, 2)
    qtbot.addWidget(step)
    step.show()
    assert step.focusWidget() is step.date.edit  # the date is typed first, not 确定
    assert "最迟" in step.form.itemAt(0).widget().text()  # the allowed window beside the date
    step.date.set_value("2022-05-20")  # two months after the application: past the 1-month limit
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: shown_messages.append(("confirm", text))
                        or False)
    step.buttons.button(step.buttons.StandardButton.Ok).click()
    assert "晚于规定的最迟日期" in shown_messages[-1][1] and service.person(pid).done(2) is None
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    step.buttons.button(step.buttons.StandardButton.Ok).click()
    assert service.person(pid).done(2).done_on == "2022-05-20"
    fix = CorrectStepDialog(None, session.services, pid, 2)
    qtbot.addWidget(fix)
    assert fix.date.value() == "2022-05-20"
    fix.date.set_value("2022-03-25")
    fix.buttons.button(fix.buttons.StandardButton.Ok).click()
    assert "更正原因" in fix.error.text()  # the reason is required
    fix.reason.setText("谈话日期录入错误")
    fix.buttons.button(fix.buttons.StandardButton.Ok).click()
    assert service.person(pid).done(2).done_on == "2022-03-25"
    assert service.corrections.revisions(pid)[0]["old_step"]["done_on"] == "2022-05-20"
    end = EndCaseDialog(None, session.services, pid)
    qtbot.addWidget(end)
    end.kind.setCurrentText("本人撤回申请")
    end.date.set_value("2022-06-01")
    end.reason.setPlainText("本人书面申请撤回")
    end.buttons.button(end.buttons.StandardButton.Ok).click()
    assert service.person(pid).status == "已终止"
    dialog = PersonDialog(None, session.services, pid)
    qtbot.addWidget(dialog)
    assert not dialog.end_button.isEnabled() and "本人撤回申请" in dialog.next_label.text()


def test_a_contact_is_chosen_by_pinyin(qtbot, branch_conn, session) -> None:
    from PySide6.QtCore import QModelIndex

    members = services_of(branch_conn).roster
    zhang = members.create(make_member(name="张三", join_date="2000-01-01"), arrival=Arrival(date="2010-01-01"))
    members.create(make_member(name="李四", join_date="2000-01-01"), arrival=Arrival(date="2010-01-01"))
    service = services_of(branch_conn).development
    pid = applicant(service)
    step = StepDialog(None, session.services, pid, 5)
    qtbot.addWidget(step)
    combo = step.people[0]
    combo.lineEdit().setText("zs")
    combo.lineEdit().textEdited.emit("zs")  # typed: the initials of 张三
    proxy = combo.search_proxy
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["张三（正式）"]
    completer = combo.search_completer
    completer.activated[QModelIndex].emit(completer.completionModel().index(0, 0))
    assert combo.currentData() == zhang


def test_a_correction_that_breaks_a_rule_is_refused_unless_it_is_how_it_happened(qtbot, branch_conn, session) -> None:
    from tests.app.test_meetings import build_branch
    from ui.development.dialogs.forms import CorrectStepDialog

    ids = build_branch(branch_conn)["ids"]
    service = services_of(branch_conn).development
    pid = applicant(service)
    for no, on, kw in ((2, "2022-03-20", {}), (3, "2022-04-10", {}), (4, "2022-04-20", {}),
                       (5, "2022-04-20", {"contacts": [ids[1]]}), (6, "2023-04-15", {})):
        service.advance(pid, no, on, **kw)
    fix = CorrectStepDialog(None, session.services, pid, 6)
    qtbot.addWidget(fix)
    fix.show()
    fix.date.set_value("2022-12-20")  # eight months after becoming an activist
    fix.reason.setText("按原始材料更正")
    fix.buttons.button(fix.buttons.StandardButton.Ok).click()
    assert "违反规定" in fix.error.text() and "不满1年" in fix.error.text()
    assert service.person(pid).done(6).done_on == "2023-04-15"  # nothing written
    assert fix.as_happened.isVisible()
    fix.as_happened.setChecked(True)
    fix.buttons.button(fix.buttons.StandardButton.Ok).click()
    assert service.person(pid).done(6).done_on == "2022-12-20"
    assert any(f.rule == "DEV-ACT-MIN" and f.severity == "error" for f in service.check("2023-06-30"))


def test_an_imported_probationary_member_is_followed_to_full_membership(qtbot, branch_conn, session,
                                                                       shown_messages) -> None:
    members = services_of(branch_conn).roster
    members.create(make_member(name="新预备", join_date="2026-01-10", full_date=None, member_class="预备"),
                   arrival=Arrival(kind="本支部发展", date="2026-01-10"))
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.development
    last = page.columns[-1]
    assert last.count() == 1 and "新预备（名册中的预备党员）" in last.item(0).text()
    assert "2027年1月10日" in last.item(0).text() and "（1）" in page.column_boxes[-1].title()
    page._on_open(last.item(0))
    assert "补录" in shown_messages[-1][1]
