"""The work-record pages: the editor saving a meeting with attendance, sign-off and
correction from the editor, the list's search, and the compliance grid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app import dates
from app.services.compliance import ComplianceService
from app.services.meetings import MeetingService
from tests.app.test_meetings import build_branch
from tests.ui.test_gui import type_text
from ui import messages
from ui.application import make_qapp
from ui.dialogs import meeting_editor
from ui.dialogs.meeting_editor import MeetingEditor
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _app(qapp):  # noqa: ANN001, ANN202
    make_qapp()


@pytest.fixture
def branch(branch_conn):  # noqa: ANN001, ANN201
    return build_branch(branch_conn)


def _editor(qtbot, conn, kind: str, on: str, group=None) -> MeetingEditor:  # noqa: ANN001
    service = MeetingService(conn)
    meeting = service.new_from_last(kind, on, group)
    editor = MeetingEditor(None, conn, meeting)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_editor_saves_a_meeting_with_attendance(qtbot, branch) -> None:  # noqa: ANN001
    conn = branch["conn"]
    editor = _editor(qtbot, conn, "支部党员大会", "2025-03-20")
    assert editor.attendance.rowCount() == 9
    assert "应到9人（正式党员7名、预备党员2名）" in editor.tally_label.text()
    type_text(qtbot, editor.title_edit, "第一季度支部党员大会")
    editor.host_combo.setCurrentText("正式0")
    editor.recorder_combo.setCurrentText("正式1")
    qtbot.keyClicks(editor.start_edit, "14:30")
    qtbot.keyClicks(editor.end_edit, "16:00")
    # 正式3 is on sick leave: choosing the reason marks the person absent.
    row = next(r for r in range(9) if editor.attendance.item(r, 0).text() == "正式3")
    editor.attendance.cellWidget(row, 3).setCurrentText("病假")
    assert editor.attendance.item(row, 2).checkState() == Qt.CheckState.Unchecked
    assert "实到8人" in editor.tally_label.text() and "正式3（病假）" in editor.tally_label.text()
    editor._on_add_agenda()
    editor.agenda.item(0).setText("听取支委会工作报告")
    editor._on_add_vote()
    editor.votes.item(0, 0).setText("通过支委会工作报告")
    editor.votes.cellWidget(0, 2).setValue(6)
    assert editor.votes.item(0, 8).text() == "通过"
    editor.votes.cellWidget(0, 2).setValue(3)  # 3 of 7 due: fails
    assert editor.votes.item(0, 8).text() == "未通过"
    editor.votes.cellWidget(0, 2).setValue(6)
    assert editor.has_unsaved_changes()
    assert editor.save()
    assert not editor.has_unsaved_changes()
    stored = MeetingService(conn).get(editor.meeting.id)
    assert stored.title == "第一季度支部党员大会" and stored.start_time == "14:30"
    assert stored.agenda == ["听取支委会工作报告"]
    absent = [(a.name, a.absence_reason) for a in stored.attendance if not a.present]
    assert absent == [("正式3", "病假")]
    assert stored.votes[0].yes == 6


def test_editor_shows_errors_and_saves_nothing(qtbot, branch) -> None:  # noqa: ANN001
    conn = branch["conn"]
    editor = _editor(qtbot, conn, "支委会", "2025-03-05")
    row = 0
    editor.attendance.item(row, 2).setCheckState(Qt.CheckState.Unchecked)  # absent, no reason
    assert not editor.save()
    assert "请填写会议名称或主题" in editor.field_errors["title"].text()
    assert "请填写主持人" in editor.field_errors["host"].text()
    assert "缺席原因" in editor.attendance_error.text()
    assert MeetingService(conn).list(year=2025) == []


def test_sign_off_then_correct_from_the_editor(qtbot, branch, monkeypatch) -> None:  # noqa: ANN001
    conn = branch["conn"]
    today = dates.today()
    editor = _editor(qtbot, conn, "支委会", today)
    type_text(qtbot, editor.title_edit, "研究本月工作")
    editor.host_combo.setCurrentText("正式0")
    editor.recorder_combo.setCurrentText("正式1")
    editor.resolutions.setPlainText("同意甲")
    answers = iter([("正式0", ""), ("正式0", "决议录入有误")])

    def fake_run(dialog) -> bool:  # noqa: ANN001
        name, reason = next(answers)
        dialog.name.setText(name)
        dialog.reason.setText(reason)
        return True

    monkeypatch.setattr(meeting_editor._SignDialog, "run", fake_run)
    editor._on_sign()
    service = MeetingService(conn)
    assert service.get(editor.meeting.id).signed
    assert not editor.title_edit.isEnabled() and editor.correct_button.isVisible()
    editor._on_correct()
    assert editor.title_edit.isEnabled()
    editor.resolutions.setPlainText("同意乙")
    assert editor.save()
    stored = service.get(editor.meeting.id)
    assert stored.resolutions == "同意乙" and stored.signed
    revs = service.revisions(stored.id)
    assert revs[0]["reason"] == "决议录入有误" and "同意甲" in revs[0]["snapshot"]


def test_closing_with_unsaved_changes_asks(qtbot, branch, monkeypatch) -> None:  # noqa: ANN001
    editor = _editor(qtbot, branch["conn"], "主题党日", "2025-03-20")
    type_text(qtbot, editor.title_edit, "未保存的主题")
    asked = []
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: asked.append(text) or "cancel")
    editor.close()
    assert asked and editor.isVisible()
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: "discard")
    editor.close()
    assert not editor.isVisible()
    assert MeetingService(branch["conn"]).list(year=2025) == []


def test_meetings_page_search_and_compliance_grid(qtbot, demo_year_session) -> None:  # noqa: ANN001
    window = MainWindow(demo_year_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.meetings
    window.show_page(page)
    year = int(dates.today()[:4])
    page.date_from.set_value(f"{year - 1}-01-01")
    page.reload()
    total = page.proxy.rowCount()
    assert total > 100
    page.search.setText("整改")
    page.reload()
    rows = [page.proxy.index(r, 3).data() for r in range(page.proxy.rowCount())]
    assert rows == [f"{year - 1}年度组织生活会暨民主评议党员"]
    page.search.clear()
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("支委会"))
    assert all(page.proxy.index(r, 2).data() == "支委会" for r in range(page.proxy.rowCount()))

    window.show_page(window.compliance)
    grid = window.compliance.grid
    labels = [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]
    assert labels[0].startswith("支委会") and any("第三党小组" in x for x in labels)
    cells = ComplianceService(demo_year_session.conn).check(year)
    missing = [c for c in cells if c.status == "missing"]
    assert missing  # the demo has deliberate gaps
    shown = [grid.item(r, c).text() for r in range(grid.rowCount()) for c in range(12) if grid.item(r, c)]
    assert sum("未开" in t for t in shown) == len(missing)
    assert any("✓" in t for t in shown)
    assert window.home.due_items  # the home page lists what is due now
