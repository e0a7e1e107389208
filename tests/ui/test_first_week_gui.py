"""Forms follow the keyboard (#26): the calendar button takes no Tab stop, so what is typed after
a date lands in the next field; F4 opens the calendar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import services_of
from tests.ui.test_development_gui import applicant
from ui.application import make_qapp
from ui.common.date_field import DateField
from ui.development.dialogs.forms import StepDialog


def test_tab_after_a_date_goes_to_the_next_field(qtbot, qapp, branch_conn, session) -> None:
    make_qapp()
    service = services_of(branch_conn).development
    pid = applicant(service)
    step = StepDialog(None, session.services, pid, 2)
    qtbot.addWidget(step)
    step.show()
    qtbot.waitExposed(step)
    assert step.focusWidget() is step.date.edit
    qtbot.keyClicks(step.date.edit, "2022-03-20")
    qtbot.keyClick(step.date.edit, Qt.Key.Key_Tab)
    assert step.focusWidget() is step.actor  # not the calendar button
    typed = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "张伟")
    QApplication.sendEvent(step.focusWidget(), typed)
    assert step.actor.text() == "张伟"
    assert step.date.button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_f4_opens_the_calendar(qtbot, qapp, monkeypatch) -> None:
    make_qapp()
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.edit.setFocus()
    shown = []
    menu = field.button.menu()
    menu.aboutToShow.connect(lambda: (shown.append(True), QTimer.singleShot(0, menu.close)))
    qtbot.keyClick(field.edit, Qt.Key.Key_F4)
    assert shown


def test_the_file_chooser_speaks_chinese(qtbot, qapp) -> None:
    from PySide6.QtWidgets import QFileDialog, QLabel

    make_qapp()
    dialog = QFileDialog(None, "打开", "", "Excel 文件 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "查找范围" in labels and "文件类型" in labels and "Look in" not in labels and "type" not in labels


def test_an_error_puts_the_cursor_in_the_field_it_names(qtbot, qapp, branch_conn, session) -> None:
    from ui.development.dialogs.forms import CorrectStepDialog

    make_qapp()
    service = services_of(branch_conn).development
    pid = applicant(service)
    service.advance(pid, 2, "2022-03-20")
    fix = CorrectStepDialog(None, session.services, pid, 2)
    qtbot.addWidget(fix)
    fix.show()
    qtbot.waitExposed(fix)
    fix.actor.setFocus()
    fix.buttons.button(fix.buttons.StandardButton.Ok).click()
    assert "更正原因" in fix.error.text() and fix.focusWidget() is fix.reason


def test_the_members_elected_take_office_on_the_election_day(qtbot, qapp, branch_conn, session) -> None:
    from tests.conftest import make_member
    from ui.branch.committee_dialogs import SeatDialog

    make_qapp()
    services = services_of(branch_conn)
    mid = services.roster.create(make_member(name="委员甲", join_date="2010-01-01"))
    term = services.branch.start_term("2026-03-02", 3)
    first = SeatDialog(None, services.branch, services.roster, term)
    qtbot.addWidget(first)
    assert first.windowTitle() == "登记选举产生的支部委员" and first.start.value() == "2026-03-02"
    services.branch.add_seat(term, mid, "书记", "2026-03-02")
    later = SeatDialog(None, services.branch, services.roster, term)
    qtbot.addWidget(later)
    assert later.windowTitle() == "增补支部委员" and later.start.value() == services.today()


def test_the_roster_fits_an_office_screen(qtbot, qapp, demo_session) -> None:
    from tests.ui.conftest import painted
    from ui.main_window import MainWindow

    make_qapp()
    window = MainWindow(demo_session, remember_geometry=False)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    painted(qtbot, window)
    window.show_page(window.roster)
    qtbot.wait(50)
    assert window.roster.table.horizontalScrollBar().maximum() == 0  # no sideways scrolling


def _tops(dialog) -> tuple[int, ...]:
    """Where 转正日期, 党小组 and 党员领导干部 stand in the member form."""
    return tuple(w.mapTo(dialog, w.rect().topLeft()).y() for w in (dialog.full_date, dialog.group, dialog.leader))


def test_hints_and_the_group_date_never_move_the_fields_below(qtbot, qapp, demo_session) -> None:
    """A hint appearing under 党员类别 or the group's date under 党小组 used to push 党员领导干部 to
    where the click meant for another field landed."""
    from ui.roster.member_dialog import MemberDialog

    make_qapp()
    members, branch = demo_session.services.roster, demo_session.services.branch
    member = next(m for m in members.list() if m.group_id is not None)
    for member_id in (None, member.id):
        dialog = MemberDialog(None, members, branch, member_id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        before = _tops(dialog)
        dialog.join_date.set_value("2026-03-01")
        dialog.member_class.setCurrentText("预备")  # the hint 预计转正日期 appears
        qapp.processEvents()
        assert dialog.expected.isVisible() and "预计转正日期" in dialog.expected.text()
        dialog.group.setCurrentIndex((dialog.group.currentIndex() + 1) % dialog.group.count())
        qapp.processEvents()
        assert _tops(dialog) == before
        if member_id is not None:
            assert dialog.group_date.isEnabled()  # to be filled in now that the group changed


def test_home_page_sections_fold_say_their_counts_and_stay_folded(qtbot, qapp, demo_year_session) -> None:
    from ui.home.home_page import HomePage

    make_qapp()
    home = HomePage(demo_year_session.services)
    qtbot.addWidget(home)
    home.show()
    due = home.due_box
    assert due.header.text() == f"需要办理的事项（三会一课、整改、党费、发展党员）（{len(home.due_items)} 项）"
    assert home.due_items and due.body.isVisible()
    qtbot.mouseClick(due.header, Qt.MouseButton.LeftButton)
    assert due.folded and not due.body.isVisible()
    again = HomePage(demo_year_session.services)  # the next start
    qtbot.addWidget(again)
    again.show()
    assert again.due_box.folded and not again.due_box.body.isVisible()
    qtbot.mouseClick(again.due_box.header, Qt.MouseButton.LeftButton)
    assert again.due_box.body.isVisible()
