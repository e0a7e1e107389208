"""The work-record pages: the editor saving a meeting with attendance, sign-off and
correction from the editor, "changed" meaning changed, the list's search, the compliance grid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.app.test_meetings import build_branch
from tests.conftest import TODAY, services_of
from tests.ui.test_gui import type_text
from ui import messages
from ui.application import make_qapp
from ui.main_window import MainWindow
from ui.meetings.record import MeetingEditor
from ui.meetings.record import editor as editor_module


@pytest.fixture(autouse=True)
def _app(qapp):
    make_qapp()


@pytest.fixture
def branch(branch_conn):
    return build_branch(branch_conn)


def _editor(qtbot, services, kind: str, on: str, group=None) -> MeetingEditor:
    meeting = services.meetings.new_from_last(kind, on, group)
    editor = MeetingEditor(None, services, meeting)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _row(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def _set(model, row: int, column: int, value, role=Qt.ItemDataRole.EditRole) -> None:
    assert model.setData(model.index(row, column), value, role)


def test_editor_saves_a_meeting_with_attendance(qtbot, branch, services) -> None:
    editor = _editor(qtbot, services, "支部党员大会", "2025-03-20")
    att = editor.attendance.model
    assert att.rowCount() == 9
    assert "应到9人（正式党员7名、预备党员2名）" in editor.attendance.tally_label.text()
    b = editor.basics
    type_text(qtbot, b.title_edit, "第一季度支部党员大会")
    b.host_combo.setCurrentText("正式0")
    b.recorder_combo.setCurrentText("正式1")
    qtbot.keyClicks(b.start_edit, "14:30")
    qtbot.keyClicks(b.end_edit, "16:00")
    # 正式3 is on sick leave: choosing the reason marks the person absent, without moving the table.
    row = _row(att, "正式3")
    height = editor.attendance.tally_label.height()
    _set(att, row, 3, "病假")
    assert att.index(row, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert editor.attendance.tally_label.height() == height
    assert "实到8人" in editor.attendance.tally_label.text() and "正式3（病假）" in editor.attendance.tally_label.text()
    editor.content._on_add_agenda()
    _set(editor.content.agenda, 0, 0, "听取支委会工作报告")
    editor.votes._on_add()
    votes = editor.votes.model
    _set(votes, 0, 0, "通过支委会工作报告")
    _set(votes, 0, 2, 6)
    assert votes.index(0, 8).data() == "通过"
    _set(votes, 0, 2, 3)  # 3 of 7 due: fails
    assert votes.index(0, 8).data() == "未通过"
    _set(votes, 0, 2, 6)
    assert editor.has_unsaved_changes()
    assert editor.save()
    assert not editor.has_unsaved_changes()
    stored = services.meetings.get(editor.meeting.id)
    assert stored.title == "第一季度支部党员大会" and stored.start_time == "14:30"
    assert stored.agenda == ["听取支委会工作报告"]
    assert [(a.name, a.absence_reason) for a in stored.attendance if not a.present] == [("正式3", "病假")]
    assert stored.votes[0].yes == 6


def test_ticking_present_again_clears_the_reason(qtbot, branch, services) -> None:
    editor = _editor(qtbot, services, "支部党员大会", "2025-03-20")
    att = editor.attendance.model
    row = _row(att, "正式2")
    _set(att, row, 3, "事假")
    _set(att, row, 4, "家中有事")
    _set(att, row, 2, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    person = att.record(row)
    assert person.present and person.absence_reason is None and person.absence_note == ""
    assert not att.flags(att.index(row, 4)) & Qt.ItemFlag.ItemIsEditable  # no note for someone present


def test_editor_shows_errors_and_saves_nothing(qtbot, branch, services) -> None:
    editor = _editor(qtbot, services, "支委会", "2025-03-05")
    _set(editor.attendance.model, 0, 2, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not editor.save()
    assert "请填写会议名称或主题" in editor.basics.errors["title"].text()
    assert "请填写主持人" in editor.basics.errors["host"].text()
    assert "缺席原因" in editor.attendance.error.text()
    assert services.meetings.list(year=2025) == []


def test_opening_and_closing_never_asks(qtbot, branch, services, monkeypatch) -> None:
    editor = _editor(qtbot, services, "支委会", "2025-03-05")
    type_text(qtbot, editor.basics.title_edit, "研究工作")
    editor.basics.host_combo.setCurrentText("正式0")
    editor.basics.recorder_combo.setCurrentText("正式1")
    assert editor.save()
    services.meetings.sign_off(editor.meeting.id, "正式0", on="2025-03-06")
    editor.close()
    asked = []
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: asked.append(text) or "cancel")
    again = MeetingEditor(None, services, services.meetings.get(editor.meeting.id))
    qtbot.addWidget(again)
    again.show()
    assert not again.has_unsaved_changes() and not again.windowTitle().endswith("*")
    again.close()
    assert not asked and not again.isVisible()
    # Typing and typing back leaves nothing changed either.
    draft = _editor(qtbot, services, "主题党日", "2025-03-20")
    type_text(qtbot, draft.basics.title_edit, "x")
    assert draft.has_unsaved_changes()
    draft.basics.title_edit.setText("")
    draft.basics.title_edit.textEdited.emit("")
    assert not draft.has_unsaved_changes()


def test_sign_off_then_correct_from_the_editor(qtbot, branch, services, monkeypatch) -> None:
    editor = _editor(qtbot, services, "支委会", TODAY)
    type_text(qtbot, editor.basics.title_edit, "研究本月工作")
    editor.basics.host_combo.setCurrentText("正式0")
    editor.basics.recorder_combo.setCurrentText("正式1")
    editor.content.resolutions.setPlainText("同意甲")
    answers = iter([("正式0", ""), ("正式0", "决议录入有误")])

    def fake_run(dialog) -> bool:
        name, reason = next(answers)
        dialog.name.setText(name)
        dialog.reason.setText(reason)
        return True

    monkeypatch.setattr(editor_module.SignDialog, "run", fake_run)
    editor._on_sign()
    service = branch["services"].meetings
    assert service.get(editor.meeting.id).signed
    assert editor.basics.title_edit.isReadOnly() and editor.correct_button.isVisible()
    # a signed record's fields look read-only (grey), not only ignore typing
    from PySide6.QtGui import QPalette
    grey = editor.basics.title_edit.palette().color(QPalette.ColorRole.Base)
    assert grey == editor.palette().color(QPalette.ColorRole.Window) and "更正" in editor.basics.title_edit.toolTip()
    editor._on_correct()
    assert not editor.basics.title_edit.isReadOnly()
    assert editor.basics.title_edit.palette().color(QPalette.ColorRole.Base) != grey
    editor.content.resolutions.setPlainText("同意乙")
    assert editor.save()
    stored = service.get(editor.meeting.id)
    assert stored.resolutions == "同意乙" and stored.signed
    revs = service.revisions(stored.id)
    assert revs[0].reason == "决议录入有误" and revs[0].snapshot["resolutions"] == "同意甲"


def test_closing_with_unsaved_changes_asks(qtbot, branch, services, monkeypatch) -> None:
    editor = _editor(qtbot, services, "主题党日", "2025-03-20")
    type_text(qtbot, editor.basics.title_edit, "未保存的主题")
    asked = []
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: asked.append(text) or "cancel")
    editor.close()
    assert asked and editor.isVisible()
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: "discard")
    editor.close()
    assert not editor.isVisible()
    assert services.meetings.list(year=2025) == []


def test_attendance_and_votes_models_are_valid_qt_models(qtmodeltester, qtbot, branch, services) -> None:
    editor = _editor(qtbot, services, "支部党员大会", "2025-03-20")
    editor.votes._on_add()
    qtmodeltester.check(editor.attendance.model)
    qtmodeltester.check(editor.votes.model)


def test_meetings_page_search_and_compliance_grid(qtbot, demo_year_session) -> None:
    window = MainWindow(demo_year_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.meetings
    window.show_page(page)
    year = int(TODAY[:4])
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
    cells = demo_year_session.services.compliance.check(year)
    missing = [c for c in cells if c.status == "missing"]
    assert missing  # the demo has deliberate gaps
    shown = [grid.item(r, c).text() for r in range(grid.rowCount()) for c in range(12) if grid.item(r, c)]
    assert sum("未开" in t for t in shown) == len(missing)
    assert any("✓" in t for t in shown)
    assert window.home.due_items  # the home page lists what is due now


def test_a_search_with_no_hits_in_the_range_offers_all_years(qtbot, demo_year_session) -> None:
    window = MainWindow(demo_year_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.meetings
    window.show_page(page)
    page.date_from.set_value("2001-01-01")
    page.date_to.set_value("2001-12-31")
    page.search.setText("整改")
    assert page.proxy.rowCount() == 0
    assert "所选日期范围内没有找到“整改”" in page.count_label.text() and "查找全部年份" in page.count_label.text()
    page.search_all_years()
    assert page.proxy.rowCount() > 0 and page.date_from.text() == ""
    page.search.setText("没有这个词的记录")
    assert "全部年份也没有" not in page.count_label.text()  # the range is already every year


def test_a_missing_cell_opens_a_new_record_of_its_kind_and_period(qtbot, demo_year_session, monkeypatch) -> None:
    from app.compliance.rules import RULE_KIND
    from ui.compliance import compliance_page
    from ui.meetings.record.editor import MeetingEditor

    window = MainWindow(demo_year_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.compliance
    window.show_page(page)
    opened: list[tuple] = []
    monkeypatch.setattr(MeetingEditor, "new_record",
                        classmethod(lambda cls, parent, services, kind, group=None, on=None:
                                    opened.append((kind, group, on)) or False))
    grid = page.grid
    for r in range(grid.rowCount()):
        for c in range(12):
            item = grid.item(r, c)
            cell = item.data(compliance_page.CellRole) if item else None
            if cell is not None and cell.status == "missing" and len(cell.period) == 7 and "Q" not in cell.period:
                page._on_cell_double_clicked(r, c)
                assert opened == [(RULE_KIND[cell.rule], cell.group, cell.period + "-01")]
                return
    raise AssertionError("the demo has a missed month")


def test_a_talk_has_its_own_simple_form(qtbot, demo_year_session) -> None:
    from ui.meetings.record.editor import MeetingEditor

    services = demo_year_session.services
    talk = next(r for r in services.meetings.list(date_from="2000-01-01") if r.kind == "谈心谈话")
    editor = MeetingEditor(None, services, services.meetings.get(talk.id))
    qtbot.addWidget(editor)
    shown = [editor.tabs.tabText(i) for i in range(editor.tabs.count()) if editor.tabs.isTabVisible(i)]
    assert shown == ["基本信息", "谈话人", "谈话内容", "附件与更正记录"]  # no 表决, no 民主评议
    tab = editor.attendance
    assert all(tab.table.isColumnHidden(c) for c in range(2, tab.model.columnCount()))
    assert tab.tally_label.isHidden() and tab.observer_box.isHidden()  # no "应到0人", no 列席


def test_a_committee_meeting_without_quorum_shows_as_not_held(qtbot, branch_conn, session, shown_messages) -> None:
    from tests.app.test_meetings import _meeting, build_branch

    build_branch(branch_conn)
    s = session.services.meetings
    m = _meeting(s, "支委会", "2025-03-05")
    for a in m.attendance[1:]:  # 1 of 3 委员 present: no quorum
        a.present, a.absence_reason = False, "公出"
    s.save(m)
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.compliance
    window.show_page(page)
    page.year.setValue(2025)
    texts = [page.grid.item(0, c).text() for c in range(12) if page.grid.item(0, c)]
    assert any("未达法定人数" in t and "应到3名，实到1名" in t for t in texts)


@pytest.mark.parametrize(("kind", "host", "recorder"), [
    ("支委会", "主持人 *", "记录人 *"), ("党课", "主持人 *", "记录人"), ("谈心谈话", "主持人", "记录人")])
def test_the_form_marks_what_each_kind_must_name(qtbot, branch_conn, kind, host, recorder) -> None:
    """The asterisks follow the kinds table: a 党课 needs no recorder, a 谈心谈话 neither host nor recorder."""
    build_branch(branch_conn)
    services = services_of(branch_conn)
    editor = MeetingEditor(None, services, services.meetings.new_from_last(kind, "2025-03-05"))
    qtbot.addWidget(editor)
    assert (editor.basics.host_caption.text(), editor.basics.recorder_caption.text()) == (host, recorder)


def test_meetings_import_dialog_previews_attendance_and_imports_on_the_button_only(
        qtbot, branch, services, tmp_path, monkeypatch, shown_messages) -> None:
    from tests.app.test_meetings_excel import sheet
    from ui.meetings import import_dialog
    from ui.meetings.meetings_page import MeetingsPage

    header = ["类型", "日期", "时间", "主持人", "记录人", "缺席人员及原因", "会议名称"]
    bad = sheet(tmp_path / "坏.xlsx", header, [["支委会", "2025-03-05", "14:30-16:00", "正式0", "正式1", "",
                                                "三月支委会"], ["碰头会", "2025-03-06", "", "正式0", "正式1", "", "x"]])
    good = sheet(tmp_path / "好.xlsx", header, [
        ["支委会", "2025-03-05", "14:30-16:00", "正式0", "正式1", "正式2（出差）", "三月支委会"],
        ["党员大会", "2025-03-20", "9:00-11:00", "正式0", "正式1", "", "一季度党员大会"]])
    page = MeetingsPage(services)
    qtbot.addWidget(page)
    opened: list = []

    def ask(parent, svc, path=None):
        dialog = import_dialog.MeetingImportDialog(parent, svc, path)
        qtbot.addWidget(dialog)
        opened.append(dialog)
        dialog.show()
        assert dialog.focusWidget() is dialog.path_edit  # opens on its first field
        dialog.load(str(bad))
        assert not dialog.import_button.isEnabled()
        lines = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        assert any("第4行“类型”列：“碰头会”不是可识别的会议类型" in t for t in lines)
        dialog.path_edit.setText(str(good))
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Enter previews, never imports
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # (and again, with 导入 enabled)
        assert dialog.isVisible() and services.meetings.list() == []
        assert dialog.table.rowCount() == 2
        cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
        assert cells[1:4] == ["2025年3月5日", "14:30—16:00", "支委会"] and "正式2（公出：出差）" in cells
        assert cells[6:8] == ["3", "2"]  # 应到, 实到
        assert dialog.import_button.text() == "导入（新增 2 条，更新 0 条）"
        dialog.import_button.click()
        return dialog.written

    monkeypatch.setattr(import_dialog.MeetingImportDialog, "ask", classmethod(lambda cls, *a, **k: ask(*a, **k)))
    page.import_action.trigger()
    assert opened and not opened[0].isVisible()
    assert sorted(m.title for m in services.meetings.list()) == ["一季度党员大会", "三月支委会"]
    assert shown_messages[-1][0] == "info" and "新增 2 条" in shown_messages[-1][1]
