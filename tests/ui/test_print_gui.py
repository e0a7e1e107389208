"""Printing from the GUI: the print dialog offers the book of the page on screen, builds it off the
GUI thread (cancellable), shows it in the preview; the preview pages, zooms, prints a page range
and saves the PDF; the year's plan and summary are written in their own dialog."""

from __future__ import annotations

import io
import threading
import time

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QPushButton

from app.printing.service import BookKind, PrintService
from tests.ui.conftest import painted
from ui import workers
from ui.application import make_qapp
from ui.main_window import MainWindow
from ui.printing import pdf_preview
from ui.printing.print_dialog import PrintDialog
from ui.summary.year_text_dialog import YearTextDialog


@pytest.fixture(autouse=True)
def _app(qapp):
    make_qapp()


@pytest.fixture
def previews(monkeypatch):
    """Previews opened (not shown modally): each records the PDF it was given."""
    opened: list[pdf_preview.PdfPreview] = []

    def exec_(self) -> int:
        opened.append(self)
        return 0

    monkeypatch.setattr(pdf_preview.PdfPreview, "exec", exec_)
    return opened


def _text(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_workbook_builds_off_the_gui_thread_and_opens_in_the_preview(qtbot, demo_year_session, previews,
                                                                     monkeypatch) -> None:
    threads = []
    real = PrintService.workbook

    def spy(self, *a, **kw):
        threads.append(threading.current_thread())
        return real(self, *a, **kw)

    monkeypatch.setattr(PrintService, "workbook", spy)
    dialog = PrintDialog(None, demo_year_session.services, BookKind.WORKBOOK, year=2025)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() is dialog.book or QApplication.focusWidget() is dialog.book
    assert dialog.year.isVisible() and dialog.drafts.isVisible() and not dialog.person.isVisible()
    dialog.preview_button.click()
    assert threads and threads[0] is not threading.main_thread()
    [preview] = previews
    pages = _text(preview.data)
    assert preview.count == len(pages) > 20
    assert "党支部工作记录" in pages[0] and "2025年" in pages[0]
    assert f"第 1 页 共 {len(pages)} 页" in pages[0]
    assert preview.page_label.text() == f"第 1 页 / 共 {len(pages)} 页"
    assert preview.suggested == "2025年党支部工作记录.pdf"


def test_a_year_with_nothing_to_print_says_so_and_opens_no_preview(qtbot, demo_year_session, previews,
                                                                   shown_messages) -> None:
    dialog = PrintDialog(None, demo_year_session.services, BookKind.WORKBOOK, year=2010)
    qtbot.addWidget(dialog)
    dialog.preview_button.click()
    assert not previews
    assert shown_messages and "2010" in shown_messages[-1][1]
    assert "2010" in dialog.error.text()


def test_cancel_stops_a_long_book_and_nothing_opens(qtbot, demo_year_session, previews, monkeypatch) -> None:
    monkeypatch.setattr(workers, "SHOW_AFTER_MS", 0)
    started = threading.Event()
    real = PrintService.workbook

    def slow(self, year, target=None, *, progress=None, cancel=None, **kw):
        started.set()
        while not cancel():  # a book far too long: only cancelling ends it
            time.sleep(0.01)
        return real(self, year, target, progress=progress, cancel=cancel, **kw)

    monkeypatch.setattr(PrintService, "workbook", slow)

    def press_cancel() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if boxes and started.is_set():
            assert "正在生成《党支部工作记录》" in boxes[0].windowTitle()
            [button] = [b for b in boxes[0].findChildren(QPushButton) if b.text() == "取消"]
            button.click()
        else:
            QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(20, press_cancel)
    dialog = PrintDialog(None, demo_year_session.services, BookKind.WORKBOOK, year=2025)
    qtbot.addWidget(dialog)
    dialog.preview_button.click()
    assert started.is_set()
    assert not previews
    assert dialog.error.text() == ""  # cancelling is not an error


def test_each_book_shows_only_its_own_choices(qtbot, demo_year_session, previews) -> None:
    services = demo_year_session.services
    person = services.development.people()[0]
    dialog = PrintDialog(None, services, BookKind.ASSESSMENT, person_id=person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    # the year: a closed year's forms as its records stood at its end (this year by default)
    assert dialog.person.isVisible() and dialog.year.isVisible() and not dialog.on.isVisible()
    assert dialog.year.value() == services.clock.year()
    assert dialog.person.currentData() == person.id
    dialog.preview_button.click()
    assert person.name in _text(previews[-1].data)[0]
    dialog = PrintDialog(None, services, BookKind.ROSTER, on="2025-12-31")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.on.isVisible() and dialog.full_id.isVisible() and not dialog.year.isVisible()
    dialog.on.edit.setText("２０２５年１３月１日")
    dialog.preview_button.click()
    assert "名册日期" in dialog.error.text() and len(previews) == 1
    dialog.on.edit.setText("2025-12-31")
    dialog.preview_button.click()
    assert "党员花名册" in _text(previews[-1].data)[0]
    page = PdfReader(io.BytesIO(previews[-1].data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape


def test_signin_sheet_and_blank_minutes_from_the_dialog(qtbot, demo_year_session, previews) -> None:
    services = demo_year_session.services
    dialog = PrintDialog(None, services, BookKind.SIGNIN)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.meeting.isVisible() and dialog.meeting_kind.isVisible() and dialog.date.isVisible()
    assert dialog.meeting.currentData() is None  # no record: by kind and day
    dialog.meeting_kind.setCurrentIndex(dialog.meeting_kind.findData("支委会"))
    dialog.date.edit.setText("２０２６年１３月１日")
    dialog.preview_button.click()
    assert "会议日期" in dialog.error.text() and not previews
    dialog.date.edit.setText("2026-06-10")
    dialog.preview_button.click()
    text = "".join(_text(previews[-1].data))
    seats = services.branch.committee_seats_on("2026-06-10")
    assert "支委会签到表" in text and all(x.member_name in text for x in seats)
    dialog = PrintDialog(None, services, BookKind.MINUTES_BLANK)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.meeting_kind.isVisible() and not dialog.meeting.isVisible() and not dialog.date.isVisible()
    dialog.meeting_kind.setCurrentIndex(dialog.meeting_kind.findData("党课"))
    dialog.preview_button.click()
    assert "党课主讲人" in _text(previews[-1].data)[0]


def test_print_button_on_meetings_page_offers_the_selected_record(qtbot, demo_year_session, monkeypatch) -> None:
    offered = []
    monkeypatch.setattr(PrintDialog, "exec", lambda self: offered.append(self) or 0)
    window = MainWindow(demo_year_session, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    window.show_page(window.meetings)
    window.meetings.table.selectRow(0)
    chosen = window.meetings._selected()
    window.meetings.print_one_action.trigger()
    assert offered[-1].kind() == BookKind.MEETING and offered[-1].meeting.currentData() == chosen.id
    window.show_page(window.dues)
    window.dues.year.setValue(2025)
    window.print_action.trigger()
    assert offered[-1].kind() == BookKind.DUES and offered[-1].year.value() == 2025
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    window.show_page(window.roster)
    window.print_action.trigger()
    assert offered[-1].kind() == BookKind.ROSTER


def test_preview_pages_zooms_saves_and_prints_a_page_range(qtbot, demo_year_session, tmp_path, monkeypatch) -> None:
    data = demo_year_session.services.printing.workbook(2025)
    preview = pdf_preview.PdfPreview(None, data, "党支部工作记录", "2025年党支部工作记录.pdf")
    qtbot.addWidget(preview)
    preview.show()
    assert not preview.prev_button.isEnabled()
    preview.next_button.click()
    assert preview.current == 1 and preview.page_label.text().startswith("第 2 页")
    preview.zoom.setCurrentIndex(preview.zoom.findText("50%"))
    small = preview.view.pixmap().width()
    preview.zoom.setCurrentIndex(preview.zoom.findText("100%"))
    assert preview.view.pixmap().width() == pytest.approx(2 * small, abs=2)
    target = tmp_path / "副本.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "副本"), ""))
    preview.save_as()
    assert target.read_bytes() == data
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFromTo(2, 3)
    assert preview.print_to(printer) == 2
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 2


def test_year_plan_and_summary_are_saved_and_printed(qtbot, demo_session, previews, shown_messages) -> None:
    services = demo_session.services
    dialog = YearTextDialog(None, services, 2026)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["年度工作计划"].setPlainText("一、加强政治建设。\n二、落实三会一课。")
    dialog.by.setText("孔涛")
    dialog.year.setValue(2025)  # unsaved: asks first; the canned answer discards
    assert shown_messages[-1][0] == "ask_save"
    assert services.meetings.year_text(2026, "年度工作计划") == ""
    dialog.year.setValue(2026)
    dialog.edits["年度工作计划"].setPlainText("一、加强政治建设。\n二、落实三会一课。")
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.meetings.year_text(2026, "年度工作计划") == "一、加强政治建设。\n二、落实三会一课。"
    again = YearTextDialog(None, services, 2026)
    qtbot.addWidget(again)
    assert again.edits["年度工作计划"].toPlainText().startswith("一、加强政治建设")
    assert not again.dirty()



def test_the_summary_tab_is_drafted_from_the_records(qtbot, demo_year_session, shown_messages) -> None:
    services = demo_year_session.services
    dialog = YearTextDialog(None, services, 2025)
    qtbot.addWidget(dialog)
    summary = dialog.edits["年度工作总结"]
    summary.setPlainText("已有的文字")
    dialog.draft_button.click()
    assert shown_messages[-1][0] == "confirm"  # asked before replacing what was typed
    text = summary.toPlainText()
    assert text.startswith(services.branch.get().name) and "二、落实“三会一课”" in text
    assert dialog.tabs.currentWidget() is summary


def test_word_export_from_the_print_dialog_and_the_plan_and_summary_window(qtbot, demo_year_session, previews,
                                                                          shown_messages, tmp_path,
                                                                          monkeypatch) -> None:
    from docx import Document

    from ui.printing import print_dialog
    from ui.summary import year_text_dialog

    services = demo_year_session.services
    asked: list[str] = []

    def ask(parent, title, default, filters, suffix):
        asked.append(default)
        return str(tmp_path / default)

    monkeypatch.setattr(print_dialog, "ask_save_path", ask)
    monkeypatch.setattr(year_text_dialog, "ask_save_path", ask)
    dialog = PrintDialog(None, services, BookKind.WORKBOOK)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.word_button.isVisible()  # the year's book is a PDF only
    record = next(m for m in services.meetings.list(year=2025) if m.status == "已签发")
    dialog.book.setCurrentIndex(dialog.book.findData(BookKind.MEETING))
    dialog._select_meeting(record.id)
    assert dialog.word_button.isVisible() and dialog.word_button.text() == "导出Word(&W)…"
    dialog.word_button.click()
    assert asked[-1].endswith(".docx") and not previews
    doc = Document(str(tmp_path / asked[-1]))
    assert record.title in doc.paragraphs[0].text
    assert shown_messages[-1][0] == "info" and "已保存" in shown_messages[-1][1]

    window = YearTextDialog(None, services, 2026)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(1)
    window.edits[window.current_kind()].setPlainText("一、基本情况\n全年召开支委会12次。")  # not saved yet
    window.word_button.click()
    summary = Document(str(tmp_path / asked[-1]))
    assert asked[-1] == "2026年度工作总结.docx"
    assert [p.text for p in summary.paragraphs if p.text][1:] == ["一、基本情况", "全年召开支委会12次。"]
