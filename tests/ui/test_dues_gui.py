"""The dues page: 本月收缴 saves the ticked members at once, the ledger grid, assessment and
payment dialogs, arrears on the home page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.common import months
from app.roster.model import Arrival
from tests.conftest import TODAY, make_member, services_of
from ui.application import make_qapp
from ui.dues.dues_dialogs import AssessmentDialog, PaymentDialog
from ui.dues.ledger_table_model import FIRST_MONTH_COLUMN
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _app(qapp):
    make_qapp()


@pytest.fixture
def dues_branch(branch_conn, session):
    members = services_of(branch_conn).roster
    ids = [members.create(make_member(name=f"党员{i}", join_date="2010-01-01"), arrival=Arrival(date="2015-01-01"))
           for i in range(4)]
    service = services_of(branch_conn).dues
    year = int(TODAY[:4])
    for i, mid in enumerate(ids[:3]):
        service.assess(mid, year, base_fen=(3 + i) * 100_000)
    service.set_start_month(f"{year}-01")  # the ledger begun in January (entered in June)
    return session, service, ids, year


def test_collect_month_ticks_and_saves_together(qtbot, dues_branch) -> None:
    session, service, _ids, _year = dues_branch
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.dues
    page.tabs.setCurrentWidget(page.collect)
    model = page.collect.model
    assert model.rowCount() == 4
    names = [model.index(r, 1).data() for r in range(4)]
    ticked = [r for r in range(4) if model.flags(model.index(r, 0)) & Qt.ItemFlag.ItemIsUserCheckable]
    assert len(ticked) == 3  # 党员3 is not assessed: nothing to tick
    assert model.index(names.index("党员3"), 0).data() == "未核定"
    page.collect.tick_all(True)
    assert "已勾选 3 人，合计 ¥105.00" in page.collect.total.text()  # 3000 × 0.5% + 4000 × 1% + 5000 × 1%
    page.collect.save_button.click()
    month = months.of(TODAY)
    paid = {r.name: r.owing_fen for r in service.ledger.month_sheet(month)}
    assert paid["党员0"] == 0 and paid["党员1"] == 0 and paid["党员2"] == 0
    assert not page.collect.save_button.isEnabled()


def test_ledger_grid_and_payment_dialog(qtbot, dues_branch, monkeypatch) -> None:
    session, service, ids, _year = dues_branch
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.dues
    page.tabs.setCurrentWidget(page.ledger)
    model = page.ledger.model
    assert model.rowCount() == 4
    row = next(r for r in range(4) if model.index(r, 0).data() == "党员1")
    month = months.of(TODAY)
    last = months.add(month, -1)
    column = FIRST_MONTH_COLUMN + int(last[5:]) - 1
    assert model.index(row, column).data() == "欠交"
    dialog = PaymentDialog(None, session.services, ids[1], last)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "40.00"
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    page.refresh()
    assert model.index(row, column).data() == "¥40.00"
    # A payment the rules refuse shows why and records nothing.
    dialog = PaymentDialog(None, session.services, ids[1], last)
    qtbot.addWidget(dialog)
    dialog.amount.setText("40.00")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "已交清" in dialog.error.text()
    assert len(service.payments(ids[1])) == 1


def test_assessment_dialog_shows_the_working(qtbot, dues_branch) -> None:
    session, service, ids, year = dues_branch
    dialog = AssessmentDialog(None, session.services, ids[3], year)
    qtbot.addWidget(dialog)
    dialog.base.setText("3000.01")
    assert "每月应交 ¥30.00" in dialog.result_label.text() and "1%" in dialog.result_label.text()
    dialog.base.setText("3000")
    assert "每月应交 ¥15.00" in dialog.result_label.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert service.assessment_for(ids[3], f"{year}-01").amount_fen == 1500


def test_home_page_shows_arrears(qtbot, branch_conn, session) -> None:
    members = services_of(branch_conn).roster
    mid = members.create(make_member(name="欠交者", join_date="2010-01-01"), arrival=Arrival(date="2015-01-01"))
    service = services_of(branch_conn).dues
    today = TODAY
    for year in (int(today[:4]) - 1, int(today[:4])):
        service.assess(mid, year, base_fen=400_000)
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    assert any("欠交者" in item and "6个月以上" in item for item in window.home.due_items)


def test_income_items_with_exclusions_make_the_base(qtbot, dues_branch) -> None:
    session, service, ids, year = dues_branch
    dialog = AssessmentDialog(None, session.services, ids[3], year)
    qtbot.addWidget(dialog)
    dialog._add_item("职务工资", "3000", False)
    dialog._add_item("级别工资", "2500", False)
    dialog._on_add_exclusion(dialog.exclusion.findData("住房公积金"))
    dialog.items.item(2, 1).setText("800")
    assert dialog.base.text() == "5500.00"
    assert "每月应交 ¥82.50" in dialog.result_label.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    a = service.assessments(ids[3], year)[-1]
    assert a.base_fen == 550_000 and a.amount_fen == 8250
    assert [i["name"] for i in a.income_items if i["excluded"]] == ["住房公积金"]


def test_settings_dialog_changes_rounding(qtbot, dues_branch) -> None:
    from ui.dues.dues_dialogs import DuesSettingsDialog

    session, service, _ids, _year = dues_branch
    dialog = DuesSettingsDialog(None, session.services)
    qtbot.addWidget(dialog)
    dialog.rounding.setCurrentIndex(dialog.rounding.findData("yuan-truncate"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert service.setting("dues.rounding") == "yuan-truncate"
    assert service.calculate("在职", 482_250).amount_fen == 4800


def test_the_ledgers_start_month_is_shown_and_changed_in_the_settings(qtbot, dues_branch) -> None:
    from ui.dues.dues_dialogs import DuesSettingsDialog

    session, service, _ids, year = dues_branch
    dialog = DuesSettingsDialog(None, session.services)
    qtbot.addWidget(dialog)
    assert dialog.start.text() == f"{year}-01"
    dialog.start.setText("2026年13月")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "建账月份" in dialog.error.text() and service.start_month() == f"{year}-01"  # nothing changed
    dialog.start.setText(f"{year}.3")
    dialog.days.setValue(7)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert service.start_month() == f"{year}-03" and service.setting("dues.disclosure_days") == 7


def test_reversing_a_payment_from_the_records_dialog(qtbot, dues_branch) -> None:
    from ui.dues.dues_dialogs import PaymentsDialog

    session, service, ids, _year = dues_branch
    month = months.of(TODAY)
    service.pay(ids[0], [month], 1500)
    dialog = PaymentsDialog(None, session.services, ids[0])
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    dialog._on_reverse()
    assert "冲销须写明原因" in dialog.error.text()
    dialog.reason.setText("重复登记")
    dialog._on_reverse()
    assert dialog.table.rowCount() == 2 and dialog.changed
    assert service.ledger.owing(ids[0], [month]) == 1500


def test_remind_dialog_copies_prints_and_records(qtbot, demo_year_session, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QFileDialog

    from ui.dues.dues_dialogs import PaymentsDialog
    from ui.dues.remind_dialog import RemindDialog

    services = demo_year_session.services
    dialog = RemindDialog(None, services)
    qtbot.addWidget(dialog)
    expected = [r.name for r in services.dues.reminders.due()]
    assert dialog.people.count() == len(expected) > 0
    assert dialog.text.toPlainText().startswith(f"{expected[0]}同志")
    dialog._on_copy()
    assert QGuiApplication.clipboard().text() == dialog.text.toPlainText()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.pdf"), ""))
    dialog._on_print()
    assert (tmp_path / "r.pdf").stat().st_size > 1000
    dialog.how.setCurrentText("当面")
    first = dialog.found[0]
    dialog._on_record()
    assert dialog.recorded and "已提醒" in dialog.people.item(0).text()
    history = PaymentsDialog(None, services, first.member_id)
    qtbot.addWidget(history)
    assert "当面" in history.reminded.text()


def test_paying_a_closed_months_dues_late_is_an_ordinary_back_payment(qtbot, dues_branch) -> None:
    """Closing a month locks the money received in it, not that month's dues (issue finding 6)."""
    session, service, ids, year = dues_branch
    month = f"{year}-03"
    service.cash.close_month(month, "党员0")
    dialog = PaymentDialog(None, session.services, ids[0], month)
    qtbot.addWidget(dialog)
    assert dialog.amount.text()  # what is owed for March, prefilled
    dialog.paid_on.set_value(session.services.today())  # paid today, in an open month
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error.text() == "" and dialog.result() == 1
    [payment] = service.payments(ids[0])
    assert payment.correction_reason == "" and month in payment.months
    # recording money as received inside the closed month is what needs a correction reason
    dialog = PaymentDialog(None, session.services, ids[1], month)
    qtbot.addWidget(dialog)
    dialog.paid_on.set_value(f"{month}-15")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "更正原因" in dialog.error.text()


def test_every_form_opens_on_its_first_field(qtbot, dues_branch) -> None:
    session, _, ids, year = dues_branch
    dialog = PaymentDialog(None, session.services, ids[0], f"{year}-03")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() is dialog.first  # not the 确定 button
    assessment = AssessmentDialog(None, session.services, ids[3], year)
    qtbot.addWidget(assessment)
    assessment.show()
    assert assessment.focusWidget() is not None and assessment.focusWidget() is not assessment.buttons.button(
        assessment.buttons.StandardButton.Ok)


def test_assessing_a_selection_assesses_every_member_selected(qtbot, dues_branch, monkeypatch, shown_messages) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from ui.dues import assessment_tab

    session, service, ids, year = dues_branch
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    page = window.dues
    page.tabs.setCurrentWidget(page.assessment)
    tab = page.assessment
    selection = tab.view.selectionModel()
    for r in range(tab.model.rowCount()):
        selection.select(tab.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    assert tab.assess_button.text() == "核定/调整所选 4 名党员…"
    opened = []

    def run(dialog) -> bool:
        opened.append(dialog.windowTitle())
        dialog.base.setText("6000")
        dialog.change_reason.setText("工资调整")  # three of them were assessed already
        dialog._save()
        return True

    monkeypatch.setattr(assessment_tab.AssessmentDialog, "run", run)
    tab._on_assess()
    assert "所选 4 名党员" in shown_messages[-1][1] and "党员3" in shown_messages[-1][1]  # says whom
    assert len(opened) == 4 and "（第 4 名，共 4 名）" in opened[-1]
    assert all(service.assessments(mid, year)[-1].base_fen == 600_000 for mid in ids)
