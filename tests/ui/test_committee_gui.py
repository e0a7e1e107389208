"""The committee's window: creating its file, receiving a folder of bundles off the GUI thread,
the table filtered by tier, a branch's reasons, the judged part; and on the branch's side the
notices dialog that imports a notice and marks its items done."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from app.bundle import keys
from app.committee.notices import make_notice
from app.committee.session import CommitteeSession
from app.session import Session
from tests.conftest import CLOCK
from ui.application import make_qapp
from ui.bundle import notices_dialog
from ui.bundle.notices_dialog import NoticesDialog
from ui.committee import window as window_module
from ui.committee.dialogs import EnrollDialog, InitDialog, SettingsDialog
from ui.committee.window import CommitteeWindow

BRANCH_PASS, COMMITTEE_PASS = "支部口令-2026", "党委口令-2026"


@pytest.fixture(autouse=True)
def _app(qapp, monkeypatch):
    make_qapp()
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


@pytest.fixture
def pair(tmp_path, _demo_year_file):
    cs = CommitteeSession.open(tmp_path / "工委.sqlite", CLOCK)
    cs.services.init("中共测试市直机关工委", COMMITTEE_PASS)
    shutil.copyfile(_demo_year_file, tmp_path / "branch.sqlite")
    bs = Session.open(tmp_path / "branch.sqlite", CLOCK)
    bundle = bs.services.bundle
    bundle.init_key(BRANCH_PASS)
    public = cs.services.public_key()
    bundle.import_committee_key(public, public.fingerprint)
    bundle.set_setting("bundle.branch_code", "CZ02")
    cs.services.enroll("CZ02", "市财政局机关第二党支部", bundle.branch_key().fingerprint)
    usb = tmp_path / "usb"
    usb.mkdir()
    bundle.export(2025, usb, BRANCH_PASS)
    yield cs, bs, usb
    bs.close()
    cs.close()


def test_a_new_committee_file_is_named_with_a_passphrase_typed_twice(qtbot, tmp_path) -> None:
    with CommitteeSession.open(tmp_path / "new.sqlite", CLOCK) as cs:
        dialog = InitDialog(None, cs.services)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.focusWidget() is dialog.name
        dialog.name.setText("中共测试市直机关工委")
        dialog.first.setText("passphrase-1")
        dialog.second.setText("passphrase-2")
        dialog._on_ok()
        assert "不一致" in dialog.error.text() and cs.services.info()["name"] is None
        dialog.second.setText("passphrase-1")
        dialog._on_ok()
        assert cs.services.info()["name"] == "中共测试市直机关工委"


def test_receiving_a_folder_then_reading_and_judging_a_branch(qtbot, pair, monkeypatch, shown_messages) -> None:
    cs, _, usb = pair
    win = CommitteeWindow(cs)
    qtbot.addWidget(win)
    win.year.setValue(2025)
    assert win.model.rows[0].tier == "未报送"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    monkeypatch.setattr(window_module, "ask_passphrase", lambda *a, **k: COMMITTEE_PASS)
    win.ingest_action.trigger()
    assert "已接收 1 个" in shown_messages[-1][1]
    [row] = win.model.rows
    assert row.tier == "好" and row.grade.records == 95
    win.tier.setCurrentIndex(win.tier.findData("差"))
    assert win.proxy.rowCount() == 0
    win.tier.setCurrentIndex(win.tier.findData("好"))
    win.table.selectRow(0)
    assert "谈心谈话未全覆盖" in win.detail.toPlainText() and "名党员全年未谈" in win.detail.toPlainText()
    win.judged.setValue(60)
    win.judged_button.click()
    graded = win.model.rows[0].grade
    assert graded.judged == 60 and graded.total == pytest.approx(round(95 * 0.7 + 18, 1))
    assert win.model.rows[0].tier == "中"  # 84.5


def test_enroll_and_settings_dialogs(qtbot, pair) -> None:
    cs, _, _ = pair
    enroll = EnrollDialog(None, cs.services)
    qtbot.addWidget(enroll)
    enroll.code.setText("JG01")
    enroll.name.setText("机关第一党支部")
    enroll.fingerprint.setText("12")
    enroll._on_ok()
    assert "密钥指纹" in enroll.error.text() and len(cs.services.branches()) == 1
    enroll.fingerprint.setText(keys.grouped(keys.fingerprint(b"x" * 32)))
    enroll._on_ok()
    assert len(cs.services.branches()) == 2
    settings = SettingsDialog(None, cs.services)
    qtbot.addWidget(settings)
    row = next(r for r, s in enumerate(settings.specs) if s.key == "grade.year.talks")
    settings.table.item(row, 1).setText("几分")
    settings._save()
    assert "不是 0–100" in settings.error.text()
    settings.table.item(row, 1).setText("4")
    settings._save()
    assert cs.services.setting("grade.year.talks") == "4"


def test_the_branch_imports_a_notice_and_marks_it_done(qtbot, pair, tmp_path, monkeypatch, shown_messages) -> None:
    cs, bs, usb = pair
    from app.committee import receive

    receive.run(cs.services, [usb], cs.services.unlock(COMMITTEE_PASS), workers=1)
    path = tmp_path / "督办.bbn"
    make_notice(cs.services, "CZ02", 2025, COMMITTEE_PASS, path)
    dialog = NoticesDialog(None, bs.services)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    dialog.import_button.click()
    # two items: the leader member's 党课 and the 谈心谈话
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text() == "待整改"
    dialog.import_button.click()
    assert "已经导入过" in shown_messages[-1][1]

    def done(self) -> int:
        self.note.setPlainText("已与16名党员逐一谈话")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(notices_dialog.DoneDialog, "exec", done)
    dialog.table.selectRow(1)
    dialog.done_button.click()
    assert dialog.table.rowCount() == 1 and dialog.changed
    dialog.open_only.setChecked(False)
    assert dialog.table.item(1, 0).text() == "已整改" and "逐一谈话" in dialog.table.item(1, 4).text()


def test_the_window_fits_an_office_screen_and_opens_on_the_latest_year(qtbot, pair, tmp_path) -> None:
    from app.committee import receive

    cs, _, usb = pair
    for i in range(12):  # long names among them
        name = f"中共某某市委机关工委某某市发展和改革委员会机关第{i + 1}党支部（含下属事业单位）"
        cs.services.enroll(f"JG{i:02d}", name, f"{i:04X}" * 16, "某某市发展和改革委员会")
    receive.run(cs.services, [usb], cs.services.unlock(COMMITTEE_PASS), workers=1)
    win = CommitteeWindow(cs)
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    assert win.year.value() == 2025  # where the bundles are, not this year (every branch 未报送)
    win.table.selectRow(0)
    assert win.table.horizontalScrollBar().maximum() == 0  # nothing cut off to the right
    shown = [c for c in range(win.model.columnCount()) if not win.table.isColumnHidden(c)]
    assert sum(win.table.columnWidth(c) for c in shown) <= win.table.viewport().width()
    assert "BR-" not in win.detail.toPlainText() and "DEV-" not in win.detail.toPlainText()
    win.grab().save(str(tmp_path / "committee-window.png"))
