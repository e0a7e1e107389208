"""GUI behaviour a secretary would notice, driven with pytest-qt (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard

from app.common import idcard
from tests.app.test_roster_excel import HEADER, TEXT_ROWS, _good_rows, _sheet, _text_table
from tests.conftest import services_of
from tests.ui.conftest import painted
from ui.application import make_qapp
from ui.branch.first_run_wizard import FirstRunWizard
from ui.main_window import MainWindow
from ui.roster.import_dialog import ImportDialog
from ui.roster.leave_dialog import LeaveDialog
from ui.roster.member_dialog import MemberDialog
from ui.roster.members_table_model import Column, MembersTableModel
from ui.ui_settings import ui_settings


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user. QTest can only send ASCII key clicks (it asserts on other
    characters), so Chinese text arrives as an input-method commit would: inserted at once."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


@pytest.fixture(autouse=True)
def _app(qapp):
    make_qapp()


def test_first_run_wizard_creates_the_branch(qtbot, conn, services) -> None:
    wizard = FirstRunWizard(None, services)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.profile
    # Finishing without a name is refused with a message under the field.
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert page.form.errors["name"].isVisible()
    assert "支部全称" in page.form.errors["name"].text()
    assert not services_of(conn).branch.exists()
    type_text(qtbot, page.form.name, "中共某某市委机关工委某局机关第一党支部")
    type_text(qtbot, page.form.committee, "中共某局机关委员会")
    type_text(qtbot, page.form.founded.edit, "2015.7.1")
    type_text(qtbot, page.operator, "组织委员 张三")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert services.integrity.operator() == "组织委员 张三"  # named at first start, in every log row after
    branch = services_of(conn).branch.get()
    assert branch is not None
    assert branch.name == "中共某某市委机关工委某局机关第一党支部"
    assert branch.founded_on == "2015-07-01"


def _fill_member(qtbot, dialog: MemberDialog, name: str, number: str) -> None:
    type_text(qtbot, dialog.name, name)
    type_text(qtbot, dialog.id_number, number)
    dialog.id_number.editingFinished.emit()
    type_text(qtbot, dialog.join_date.edit, "2010-07-01")
    type_text(qtbot, dialog.full_date.edit, "2011-07-01")


def test_adding_a_member_with_a_bad_id_shows_why_and_saves_nothing(qtbot, branch_conn) -> None:
    members, branch = services_of(branch_conn).roster, services_of(branch_conn).branch
    dialog = MemberDialog(None, members, branch)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_member(qtbot, dialog, "赵六", "110101198005120019")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["id_number"].isVisible()
    assert "校验位错误" in dialog.errors["id_number"].text()
    assert "未保存" in dialog.summary.text()
    assert members.list() == []
    # Correcting the number lets it save, with sex and birth date filled from the number.
    dialog.id_number.clear()
    good = idcard.make("110101", "19800512", 7, "女")
    type_text(qtbot, dialog.id_number, good)
    dialog.id_number.editingFinished.emit()
    assert dialog.gender.currentText() == "女"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = members.list()
    assert [(m.name, m.gender, m.birth_date) for m in saved] == [("赵六", "女", "1980-05-12")]


def test_roster_search_filters_as_you_type(qtbot, demo_session) -> None:
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    window.show_page(window.roster)
    page = window.roster
    total = page.proxy.rowCount()
    assert total == 40
    type_text(qtbot, page.search, "䶮")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, Column.NAME).data() == "王䶮"
    active = sum(1 for m in demo_session.services.roster.list() if m.active)
    assert f"显示 1 人 · 在册 {active} 人" in page.count_label.text()  # the roster's totals, not the hits'
    page.search.clear()
    some = demo_session.services.roster.list()[5]
    type_text(qtbot, page.search, some.id_number[-6:])
    assert [page.proxy.index(r, Column.NAME).data() for r in range(page.proxy.rowCount())] == [some.name]
    page.search.clear()
    type_text(qtbot, page.search, some.phone[:7])
    assert some.name in {page.proxy.index(r, Column.NAME).data() for r in range(page.proxy.rowCount())}
    page.search.clear()
    assert page.proxy.rowCount() == total
    assert "显示 40 人" in page.count_label.text()
    from tests.conftest import make_member

    demo_session.services.roster.create(make_member(name="新来的", join_date="2020-07-01"))
    page.refresh()
    assert f"显示 41 人 · 在册 {active + 1} 人" in page.count_label.text()  # counted again after a reload


def test_roster_filters_by_group_status_and_date(qtbot, demo_session) -> None:
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.roster
    page.group_filter.setCurrentIndex(page.group_filter.findText("第二党小组"))
    assert {page.proxy.index(r, Column.GROUP).data() for r in range(page.proxy.rowCount())} == {"第二党小组"}
    page.group_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData("预备"))
    assert page.proxy.rowCount() == 2
    page.status_filter.setCurrentIndex(page.status_filter.findData("已离开"))
    assert page.proxy.rowCount() == 2
    assert all("已转出" in page.proxy.index(r, Column.STATUS).data() for r in range(2))
    page.status_filter.setCurrentIndex(page.status_filter.findData("全部"))
    assert page.proxy.rowCount() == 42
    page.on_date_check.setChecked(True)
    page.on_date.set_value("2000-01-01")
    on_2000 = {m.name for m in demo_session.services.roster.members_on("2000-01-01")}
    assert {page.proxy.index(r, Column.NAME).data() for r in range(page.proxy.rowCount())} == on_2000


def test_members_table_model_is_a_valid_qt_model(qtmodeltester, demo_session) -> None:
    model = MembersTableModel()
    model.set_rows(demo_session.services.roster.list())
    qtmodeltester.check(model)


def test_transfer_out_keeps_the_member_marked_as_left(qtbot, demo_session) -> None:
    members = demo_session.services.roster
    target = members.list(include_left=False)[10]
    dialog = LeaveDialog(None, members, target.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "转往的党组织" in dialog.errors["org"].text()
    type_text(qtbot, dialog.org, "中共某某区委组织部")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    after = members.get(target.id)
    assert not after.active and after.left_kind == "转出"


def test_import_dialog_blocks_bad_files_and_imports_good_ones(qtbot, branch_conn, services, tmp_path: Path) -> None:
    rows = _good_rows()
    rows[1][5] = "12345"
    bad = _sheet(tmp_path / "bad.xlsx", HEADER, rows)
    dialog = ImportDialog(None, services, str(bad))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.import_button.isEnabled()
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("bad.xlsx 第5行“公民身份号码”列" in t for t in texts)
    good = _sheet(tmp_path / "good.xlsx", HEADER, _good_rows())
    dialog.path_edit.setText(f'"{good}"')  # typed or pasted, quoted as Explorer copies it
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 4
    # the groups are not on file yet: importing waits for the tick that confirms their names
    assert dialog.new_groups.isVisible() and "第一党小组、第二党小组" in dialog.new_groups.text()
    assert not dialog.import_button.isEnabled()
    dialog.new_groups.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入（新增 4 名，更新 0 名）"
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Enter loads the preview again, never imports
    assert dialog.isVisible() and not services_of(branch_conn).roster.list()
    dialog.new_groups.setChecked(True)
    dialog.import_button.click()
    assert dialog.imported == 4 and dialog.written == (4, 0)
    assert len(services_of(branch_conn).roster.list()) == 4
    again = ImportDialog(None, services, str(good))  # the same file again, updating
    qtbot.addWidget(again)
    again.update_existing.setChecked(True)
    assert again.import_button.text() == "导入（新增 0 名，更新 4 名）"


def test_import_dialog_reads_a_csv_roster(qtbot, branch_conn, services, tmp_path: Path) -> None:
    """A roster saved by Excel as CSV on a Chinese PC (GBK): the dialog previews and imports it."""
    path = tmp_path / "名册.csv"
    path.write_bytes(_text_table(TEXT_ROWS, ",").encode("gb18030"))
    dialog = ImportDialog(None, services, "")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(path))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert dialog.table.rowCount() == 3 and all(t.startswith(("提示：", "已跳过")) for t in texts)  # notes only
    assert "已跳过第6行：表尾（制表人、审核人、日期等）" in texts
    dialog.new_groups.setChecked(True)
    assert dialog.import_button.text() == "导入（新增 3 名，更新 0 名）"
    dialog.import_button.click()
    assert sorted(m.name for m in services_of(branch_conn).roster.list()) == sorted(["张三", "李秀兰", "𠮷祥"])


def test_main_window_pages_status_bar_and_geometry(qtbot, demo_session) -> None:
    window = MainWindow(demo_session, demo=True)
    qtbot.addWidget(window)
    window.show()
    assert "【演示】" in window.windowTitle()
    assert str(demo_session.path) in window.db_label.text()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["首页", "支部概况", "党员名册", "会议记录", "三会一课落实", "发展党员", "党费收缴",
                      "先锋岗与报到"]
    for page in window.pages():
        window.show_page(page)
        assert window.stack.currentWidget() is page
    window.resize(1000, 640)
    window.move(0, 40)
    geometry = window.geometry().getRect()
    window.close()
    saved = ui_settings().value("main_window/geometry")
    assert saved is not None
    again = MainWindow(demo_session, demo=True)
    qtbot.addWidget(again)
    assert again.geometry().getRect() == geometry
    assert geometry[2:] == (1000, 640)


def test_home_and_branch_pages_show_the_warnings(qtbot, branch_conn, session) -> None:
    from tests.app.test_branch import _add

    _add(branch_conn, 8)
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    assert any("应当设立支部委员会" in t for t in window.home.warnings.texts())
    assert any("应当设立支部委员会" in t for t in window.branch_page.warnings.texts())
    assert "在册党员" in window.home.stat_members.caption.text()
    assert window.home.stat_members.value.text() == "8"


def test_qsettings_are_isolated_for_tests() -> None:
    assert "branchbook-test-home" in QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BranchBook", "BranchBook").fileName()


def test_a_member_who_left_can_transfer_back_in(qtbot, demo_session) -> None:
    from ui.roster.leave_dialog import RejoinDialog

    members = demo_session.services.roster
    left = next(m for m in members.list() if not m.active)
    dialog = RejoinDialog(None, members, demo_session.services.branch, left.id)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.org, "中共某某区委组织部")
    dialog.group.setCurrentIndex(dialog.group.findText("第一党小组"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    back = members.get(left.id)
    assert back.active and back.group_name == "第一党小组" and len(back.periods) == 2


def test_member_dialog_shows_the_history(qtbot, demo_session) -> None:
    members = demo_session.services.roster
    left = next(m for m in members.list() if not m.active)
    dialog = MemberDialog(None, members, demo_session.services.branch, left.id)
    qtbot.addWidget(dialog)
    text = dialog.history.toPlainText()
    assert "转出" in text and "在本支部" in text


def test_unsaved_branch_edits_survive_navigation_and_are_asked_about_on_close(
    qtbot, demo_session, monkeypatch
) -> None:
    from ui import messages

    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    page = window.branch_page
    window.show_page(page)
    page.form.name.clear()
    type_text(qtbot, page.form.name, "ABC")
    assert page.has_unsaved_changes() and "未保存" in page.saved_label.text()
    window.show_page(window.roster)
    window.show_page(page)
    assert page.form.name.text() == "ABC"  # not overwritten by the stored name
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: asked.append(text) or "cancel")
    window.close()
    assert asked and window.isVisible()
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: "save")
    window.close()
    assert not window.isVisible()
    assert demo_session.services.branch.get().name == "ABC"


def test_bundled_fonts_are_found_and_cover_rare_name_characters(qapp) -> None:
    """Chinese renders on a PC without a CJK font: the bundled fonts load, and between them
    they have the glyphs of common and rare name characters."""
    from PySide6.QtGui import QFont, QFontMetrics

    from app.common import paths
    from ui import fonts

    assert paths.font_path().is_file() and paths.rare_font_path().is_file()
    families = fonts.register_bundled_font()
    assert len(families) >= 2
    common = QFontMetrics(QFont(families[0]))
    rare = QFontMetrics(QFont(families[-1]))
    assert all(common.inFontUcs4(ord(ch)) for ch in "支部台账党员名册")
    assert rare.inFontUcs4(ord("䶮")) and rare.inFontUcs4(ord("𠮷"))


def test_the_rare_name_font_is_in_the_chain_from_the_start_and_loaded_right_after_the_first_paint(
        qtbot, demo_session, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from app.common import paths
    from ui import fonts

    monkeypatch.setattr(fonts, "_rare", [])  # as in a program that has just started
    monkeypatch.setattr(fonts, "_loader", [])
    assert QApplication.font().families()[-1] == paths.RARE_FAMILY
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    assert not fonts.rare_loaded()  # not on the way to the first paint
    window.show()
    qtbot.waitUntil(lambda: window._built["home"].loaded)
    assert fonts._rare == [paths.RARE_FAMILY]  # loaded before the home page showed its names


def test_a_rare_font_still_to_expand_is_expanded_on_a_thread_and_then_loaded(qtbot, monkeypatch) -> None:
    import threading

    from app.common import paths
    from ui import fonts

    monkeypatch.setattr(fonts, "_rare", [])
    monkeypatch.setattr(fonts, "_loader", [])
    monkeypatch.setattr(fonts, "ready_rare_font_path", lambda: None)  # the installed program's first run
    go, threads = threading.Event(), []

    def expand() -> Path:
        threads.append(threading.current_thread())
        go.wait(10)
        return paths.rare_font_path()

    monkeypatch.setattr(fonts, "rare_font_path", expand)
    fonts.load_rare_font()
    assert not fonts.rare_loaded()  # returned at once: the GUI is not held up
    go.set()
    qtbot.waitUntil(fonts.rare_loaded)
    assert fonts._rare == [paths.RARE_FAMILY] and threads[0] is not threading.main_thread()


def test_a_new_branch_gets_first_steps_and_no_claim_of_compliance(qtbot, branch_conn, session) -> None:
    from tests.conftest import make_member

    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    home = window.home
    steps = home.first_steps
    assert steps.isVisible()
    assert {k: m.text() for k, m in steps.marks.items()} == {
        "branch": "✔", "roster": "○", "committee": "○", "groups": "○", "dues": "○", "history": "○"}
    assert "符合规定" not in home.all_clear.text() and "都已召开" not in home.due_text.text()
    assert "尚未录入党员" in home.due_text.text()
    # each step's button opens the place where it is done
    steps.buttons["roster"].click()
    assert window.stack.currentWidget() is window.roster
    steps.buttons["dues"].click()
    assert window.stack.currentWidget() is window.dues
    assert "没有应交党费的党员" in window.dues.assessment.note.text()
    steps.buttons["groups"].click()
    assert window.stack.currentWidget() is window.branch_page
    # a refresh that changes nothing keeps the checklist as it is (a focused button keeps its focus)
    button = steps.buttons["roster"]
    home.refresh()
    assert steps.buttons["roster"] is button
    # a member entered ticks the roster step; the checklist stays until the required steps are done
    session.services.roster.create(make_member())
    home.refresh()
    assert steps.marks["roster"].text() == "✔" and steps.isVisibleTo(home)
    assert steps.marks["groups"].text() == "○"  # optional for a small branch, shown but not required


def test_keyboard_find_new_and_save_act_on_the_page_shown(qtbot, demo_session) -> None:
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    shortcuts = {a.text(): a.shortcut().toString() for a in (window.new_action, window.find_action,
                                                              window.save_action)}
    assert shortcuts == {"新建(&N)": "Ctrl+N", "查找(&F)": "Ctrl+F", "保存(&S)": "Ctrl+S"}
    assert not window.find_action.isEnabled()  # the home page has nothing to search
    window.show_page(window.roster)
    window.roster.search.setText("张")
    window.find_action.trigger()
    assert window.focusWidget() is window.roster.search and window.roster.search.selectedText() == "张"
    window.show_page(window.branch_page)
    assert window.save_action.isEnabled() and not window.find_action.isEnabled()
    page = window.branch_page
    page.form.name.clear()
    type_text(qtbot, page.form.name, "中共测试保存党支部")
    window.save_action.trigger()
    assert not page.has_unsaved_changes()
    assert demo_session.services.branch.get().name == "中共测试保存党支部"


def test_manual_opens_on_f1_with_a_page_per_task(qtbot, demo_session) -> None:
    from ui.common.manual_dialog import ManualDialog, manual_dir

    pages = {p.name for p in manual_dir().iterdir()}
    assert {"index.html", "roster.html", "safety.html", "keys.html"} <= pages
    dialog = ManualDialog(None)
    qtbot.addWidget(dialog)
    assert "支部台账使用手册" in dialog.browser.toPlainText()
    from PySide6.QtCore import QUrl

    dialog.browser.setSource(QUrl.fromLocalFile(str(manual_dir() / "safety.html")))
    assert "第二备份位置" in dialog.browser.toPlainText()
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    manual = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "使用手册(&M)")
    assert manual.shortcut().toString() == "F1"


def test_the_manual_about_and_open_other_menu_items_open_their_dialogs(qtbot, demo_session, tmp_path,
                                                                        monkeypatch) -> None:
    """What the window opens from its menus through the GUI registry or Qt's own dialogs, looked
    up when chosen (not before the first paint): each still opens when its item is chosen."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from ui.common.manual_dialog import ManualDialog

    opened: list[str] = []
    monkeypatch.setattr(ManualDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: opened.append(title))
    other = tmp_path / "其他支部.sqlite"
    other.write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (opened.append(a[1]) or (str(other), "")))
    window = MainWindow(demo_session, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    items = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    items["使用手册(&M)"].trigger()
    items["关于支部台账"].trigger()
    assert opened == ["支部台账使用手册", "关于支部台账"]
    items["打开其他数据库(&O)…"].trigger()
    assert opened[-1] == "打开其他数据库"
    assert window.next_db == str(other) and not window.isVisible()


def test_another_database_is_opened_after_this_one_closes(qtbot, demo_session, tmp_path, monkeypatch) -> None:
    from ui import window_controller

    window = MainWindow(demo_session, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    other = tmp_path / "其他支部.sqlite"
    other.write_bytes(b"")
    window.controller.open_other(str(other))
    assert window.next_db == str(other) and not window.isVisible()
    monkeypatch.setattr(window_controller, "recent_files", lambda: [str(other), str(demo_session.path)])
    window.controller.fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == [str(other)]


def test_home_charts_open_the_page_behind_them(qtbot, demo_year_session) -> None:
    from PySide6.QtCore import QPoint

    window = MainWindow(demo_year_session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    home = window.home
    qtbot.waitUntil(lambda: home.charts[2].series is not None)  # drawn right after the text
    assert home.charts_box.isVisibleTo(home) and home.charts[2].series.page == "dues"
    qtbot.mouseClick(home.charts[2], Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert window.stack.currentWidget() is window.dues


def test_home_to_dos_open_where_they_are_done(qtbot, demo_year_session) -> None:
    window = MainWindow(demo_year_session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    home = window.home
    summary = demo_year_session.services.reminders.summary()
    assert len(summary.to_do_targets) == len(summary.to_do) > 0
    assert "href='dues'" in home.due_text.text() and "href='compliance'" in home.due_text.text()
    home.due_text.linkActivated.emit("dues")
    assert window.stack.currentWidget() is window.dues
    home.due_text.linkActivated.emit("compliance")
    assert window.stack.currentWidget() is window.compliance


def test_the_main_window_opens_within_the_screen(qtbot, demo_session) -> None:
    from ui.common.screen import available_size

    window = MainWindow(demo_session, demo=True)
    qtbot.addWidget(window)
    free_w, free_h = available_size(window)
    assert window.width() <= free_w and window.height() <= free_h
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 576  # 1280×720 @125 %


def test_tab_leaves_every_multi_line_box(qtbot) -> None:
    import re

    from PySide6.QtCore import Qt

    from ui.common.plain_text import PlainTextEdit

    box = PlainTextEdit("第一行")
    qtbot.addWidget(box)
    assert box.tabChangesFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClick(box, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Tab still types a tab
    assert box.toPlainText() == "第一行\t"
    # and every multi-line box of the program is one (the read-only help browser keeps Tab for its links)
    raw = re.compile(r"(?<![\w.])Q(?:Plain)?TextEdit\(")
    ui = Path(__file__).resolve().parents[2] / "ui"
    offenders = [str(p.relative_to(ui)) for p in ui.rglob("*.py")
                 if p.name != "plain_text.py" and raw.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_charts_waiting_to_be_drawn_are_dropped_when_the_window_closes(qtbot, tmp_path) -> None:
    from app.common.clock import Clock
    from app.demo import fill_demo
    from app.session import Session
    from tests.conftest import TODAY

    session = Session.open(tmp_path / "b.sqlite", Clock(TODAY))
    fill_demo(session.services)
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    drawn: list[object] = []
    for chart in window.home.charts:
        chart.set_series = drawn.append  # type: ignore[method-assign] # what would be drawn, and when
    window.home.refresh()  # the text now, the charts queued for right after
    assert drawn == []  # not yet: they follow the text
    window.close()
    session.close(auto_backup="never")
    qtbot.wait(50)  # a queued chart refresh would read the closed file here (pytest-qt reports it)
    assert drawn == []  # nothing was drawn after the window closed


def test_backup_to_a_chosen_file_from_the_menu(qtbot, demo_session, tmp_path, monkeypatch) -> None:
    """文件 → 备份数据库到…: the copy is written where the secretary chose (its suggested name once
    read a function the program does not have, and the menu item failed)."""
    from PySide6.QtWidgets import QFileDialog

    from ui import messages

    window = MainWindow(demo_session, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    target = tmp_path / "U盘" / "备份.sqlite"
    target.parent.mkdir()
    offered: list[str] = []

    def choose(parent, title, default, filters):
        offered.append(default)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda parent, title, text: shown.append(text))
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "备份数据库到…")
    action.trigger()
    assert offered and offered[0].endswith(f"-备份-{demo_session.clock.today()}.sqlite")
    assert target.is_file() and target.stat().st_size > 0
    assert shown and str(target) in shown[0]
    window.close()
