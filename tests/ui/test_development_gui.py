"""The development pages: the board by stage, advancing a step from the person's page."""

from __future__ import annotations

import pytest

from app.common import idcard
from app.development.service import DevelopmentService
from app.roster.model import Arrival
from app.roster.service import MemberService
from tests.conftest import make_member
from ui.application import make_qapp
from ui.dialogs.development import PersonDialog, StepDialog
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _app(qapp):
    make_qapp()


def test_board_and_advancing_a_step(qtbot, branch_conn, session) -> None:
    members = MemberService(branch_conn)
    full = [members.create(make_member(name=f"老党员{i}", join_date="2000-01-01"), arrival=Arrival(date="2010-01-01"))
            for i in range(2)]
    service = DevelopmentService(branch_conn)
    pid = service.create({"name": "申请人", "id_number": idcard.make("110101", "19980506", 7, "女"),
                          "application_written": "2022-03-01", "application_received": "2022-03-02"})
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
