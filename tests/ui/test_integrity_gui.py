"""The check on open (a red banner naming outside edits), the change-log dialog and the operator."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl

from app.common.clock import Clock
from app.session import Session
from tests.ui.conftest import painted
from ui.integrity.log_dialog import LogDialog, OperatorDialog
from ui.main_window import MainWindow


def _tamper(path: Path) -> int:
    c = sqlite3.connect(path, isolation_level=None)
    mid = c.execute("SELECT id FROM meeting WHERE locked = 1 LIMIT 1").fetchone()[0]
    c.execute("UPDATE meeting SET locked = 0 WHERE id = ?", (mid,))
    c.execute("UPDATE meeting SET resolutions = '另行处理' WHERE id = ?", (mid,))
    c.execute("UPDATE meeting SET locked = 1 WHERE id = ?", (mid,))
    c.close()
    return mid


def test_the_window_shows_a_red_banner_for_outside_edits(qtbot, demo_year_session, shown_messages) -> None:
    path = demo_year_session.path
    demo_year_session.close()
    mid = _tamper(path)
    with Session.open(path, Clock("2026-06-15")) as session:
        window = MainWindow(session, remember_geometry=False)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.watch.checked, timeout=20000):
            window.show()
        assert window.banner.isVisible()
        assert f"会议记录（编号 {mid}）在程序之外被改动" in window.banner.text()
        window.controller.banner_details()
        assert shown_messages[-1][0] == "error" and "不会自动“修复”" in shown_messages[-1][1]
        window.close()


def test_a_clean_file_shows_no_banner_and_is_remembered(qtbot, demo_year_session) -> None:
    window = MainWindow(demo_year_session, remember_geometry=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.watch.checked, timeout=20000):
        window.show()
    assert not window.banner.isVisible()
    assert demo_year_session.conn.execute(
        "SELECT value FROM settings WHERE key = 'integrity.last_clean'").fetchone() is not None
    window.close()


def test_log_dialog_searches_and_exports(qtbot, demo_year_session, tmp_path: Path, monkeypatch) -> None:
    services = demo_year_session.services
    dialog = OperatorDialog(None, services)
    qtbot.addWidget(dialog)
    assert dialog.name.hasFocus() or dialog.focusWidget() is dialog.name
    dialog.name.setText("组织委员 张三")
    dialog._on_ok()
    assert services.integrity.operator() == "组织委员 张三"
    log = LogDialog(None, services)
    qtbot.addWidget(log)
    everything = log.model.rowCount()
    assert everything > 10
    log.search.setText("更换操作人")
    log.reload()
    assert log.model.rowCount() == 1
    assert log.model.data(log.model.index(0, 1)) == "组织委员 张三"
    target = tmp_path / "日志.xlsx"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    log._on_export()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("时间", "操作人") and len(rows) == 2 and rows[1][3] == "更换操作人"
    assert rows[1][5] == "操作人：组织委员 张三"  # in words, not as stored
    log.search.setText("")
    log.reload()
    shown = " ".join(str(log.model.data(log.model.index(r, c))) for r in range(log.model.rowCount())
                     for c in (2, 4))
    for raw in ("step:", "at:", "election_date", "term_years", "党员编号", "['", "T0", "T1"):
        assert raw not in shown, raw


def test_restore_dialog_restores_and_the_window_reloads(qtbot, session, branch_conn, shown_messages) -> None:
    services = session.services
    services.branch.add_group("第一党小组")
    services.backups.auto(force=True)
    services.branch.add_group("第二党小组")
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    window.show_page(window.branch_page)
    assert window.branch_page.groups.rowCount() == 2
    from ui.backups.restore_dialog import RestoreDialog

    dialog = RestoreDialog(window, session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "自动"
    assert dialog.restore_button.isEnabled()
    dialog._on_restore()
    assert dialog.restored and "恢复前的数据已另存为" in shown_messages[-1][1]
    assert dialog.table.rowCount() == 2  # the copy taken before the restore is listed too
    window.reload_pages()
    window.show_page(window.branch_page)
    assert window.branch_page.groups.rowCount() == 1
    window.close()


def test_the_home_page_shown_again_after_a_reload_has_its_figures(qtbot, demo_session) -> None:
    window = MainWindow(demo_session, demo=True, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._built["home"].loaded)
    window.reload_pages()  # as after a restore, with the home page in front
    page = window.stack.currentWidget()
    assert page is window._built["home"] and "正在读取" not in page.title.text()
    assert page.stat_members.value.text() == str(len(demo_session.services.roster.list(include_left=False)))


def test_handover_dialog(qtbot, demo_year_session, tmp_path) -> None:
    from ui.integrity.log_dialog import HandoverDialog

    dialog = HandoverDialog(None, demo_year_session)
    qtbot.addWidget(dialog)
    assert dialog.focusWidget() is dialog.to_name
    dialog.pdf.setText(str(tmp_path / "清单.pdf"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "接收" in dialog.error.text()  # the name is required
    dialog.to_name.setText("李新书记")
    dialog.passphrase.setText("short")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "口令太短" in dialog.error.text() and not (tmp_path / "清单.pdf").exists()
    dialog.passphrase.setText("新书记的口令2026")
    dialog.passphrase2.setText("新书记的口令2027")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "不一致" in dialog.error.text() and not (tmp_path / "清单.pdf").exists()
    dialog.passphrase2.setText("新书记的口令2026")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert (tmp_path / "清单.pdf").is_file() and demo_year_session.services.integrity.operator() == "李新书记"
    assert "已完成移交" in dialog.result_text and dialog.new_passphrase == "新书记的口令2026"


def test_a_records_history_shows_only_that_record(qtbot, demo_year_session, monkeypatch) -> None:
    from ui.meetings.record.editor import MeetingEditor

    services = demo_year_session.services
    signed = next(r for r in services.meetings.list(date_from="2000-01-01") if r.status == "已签发")
    editor = MeetingEditor(None, services, services.meetings.get(signed.id))
    qtbot.addWidget(editor)
    assert editor.history_button.isEnabled()
    shown: list = []
    monkeypatch.setattr(LogDialog, "exec", lambda self: shown.append(self) or 0)
    editor._on_history()
    [log] = shown
    qtbot.addWidget(log)
    rows = log.model.rows
    assert rows and all(r["entity"] == "meeting" and r["entity_id"] == signed.id for r in rows)
    assert any(r["action"] == "签发" for r in rows) and log.windowTitle().startswith("历史")


def test_edit_menu_undo_names_the_action_and_reverses_it(qtbot, demo_year_session) -> None:
    window = MainWindow(demo_year_session, remember_geometry=False)
    qtbot.addWidget(window)
    painted(qtbot, window)
    dues = demo_year_session.services.dues
    member = dues.ledger.arrears()[0]
    month = member.months[-1]
    dues.pay(member.member_id, [month], dues.ledger.owing(member.member_id, [month]))
    window.controller.update_undo_actions()
    assert window.undo_action.text() == f"撤销：登记{member.name}的党费" and window.undo_action.isEnabled()
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    window.undo_action.trigger()
    assert dues.ledger.owing(member.member_id, [month]) > 0  # owed again: the payment was reversed
    assert window.redo_action.text() == f"重做：登记{member.name}的党费" and window.redo_action.isEnabled()
    window.redo_action.trigger()  # redo works after an undo, and undo again after it
    assert dues.ledger.owing(member.member_id, [month]) == 0
    window.controller.update_undo_actions()
    assert window.undo_action.isEnabled()
    # what cannot be undone is not offered: the menu says so and why
    meetings = demo_year_session.services.meetings
    draft = next(r for r in meetings.list() if r.status == "草稿" and r.date <= demo_year_session.services.today())
    meetings.sign_off(draft.id, meetings.get(draft.id).host or "支部书记")
    window.controller.update_undo_actions()
    assert not window.undo_action.isEnabled() and window.undo_action.text().startswith("无法撤销：签发")
    assert "更正" in window.undo_action.toolTip()
    window.close()


def test_exporting_the_log_to_a_name_without_ending_or_to_a_pipe(qtbot, demo_session, tmp_path, monkeypatch,
                                                                shown_messages) -> None:
    """The save dialog adds .xlsx to a name typed without it; a pipe at the path is refused in Chinese
    and stays a pipe."""
    import os
    import stat

    from PySide6.QtWidgets import QFileDialog

    log = LogDialog(None, demo_session.services)
    qtbot.addWidget(log)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "操作日志"), ""))
    log._on_export()
    assert (tmp_path / "操作日志.xlsx").is_file()
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pipe), ""))
    log._on_export()
    assert shown_messages[-1][0] == "error" and "管道" in shown_messages[-1][1]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
