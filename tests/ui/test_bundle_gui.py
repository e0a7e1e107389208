"""年度报送 in the GUI: first use creates the key and offers the enrolment sheet, the committee key
is imported only with the right fingerprint, the checklist can be marked, and the bundle is
exported off the GUI thread after the passphrase is right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from app.bundle import keys
from ui.application import make_qapp
from ui.bundle import bundle_dialog
from ui.bundle.bundle_dialog import BundleDialog
from ui.bundle.key_dialogs import FingerprintDialog, PassphraseDialog
from ui.printing import pdf_preview

PASS = "支部口令-2026"


@pytest.fixture(autouse=True)
def _app(qapp, monkeypatch):
    make_qapp()
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


@pytest.fixture
def committee() -> keys.CommitteePrivate:
    return keys.CommitteePrivate.generate("中共测试市直机关工委", 2026)


@pytest.fixture
def previews(monkeypatch):
    opened = []
    monkeypatch.setattr(pdf_preview.PdfPreview, "exec", lambda self: opened.append(self) or 0)
    return opened


def _answers(monkeypatch, *values):
    """The passphrases typed, in order (None = 取消)."""
    queue = list(values)
    monkeypatch.setattr(bundle_dialog, "ask_passphrase", lambda *a, **k: queue.pop(0))
    return queue


def test_first_export_creates_the_key_and_offers_the_enrolment_sheet(qtbot, demo_year_session, previews,
                                                                     shown_messages, monkeypatch) -> None:
    dialog = BundleDialog(None, demo_year_session.services, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.create_button.isVisible() and not dialog.sheet_button.isVisible()
    assert "尚未创建" in dialog.key_label.text()
    _answers(monkeypatch, PASS)
    dialog.export_button.click()
    key = demo_year_session.services.bundle.branch_key()
    assert key is not None and keys.grouped(key.fingerprint) == dialog.key_label.text()
    assert previews and previews[0].suggested == "报送密钥登记表.pdf"  # the sheet, offered at once
    assert "尚未导入上级党委的公钥" in shown_messages[-1][1]  # then: the committee key is still needed
    assert dialog.sheet_button.isVisible() and dialog.changed


def test_committee_key_needs_the_fingerprint_on_the_letter(qtbot, demo_year_session, committee, tmp_path,
                                                           monkeypatch) -> None:
    path = tmp_path / "committee.pub"
    path.write_bytes(committee.public().to_file())
    check = FingerprintDialog(None, committee.public())
    qtbot.addWidget(check)
    check.typed.setText("0000 " * 8)
    check._on_ok()
    assert "指纹不符" in check.error.text() and check.result() != QDialog.DialogCode.Accepted
    check.typed.setText("１２３")  # full-width, too short
    check._on_ok()
    assert "至少 32 位" in check.error.text()
    dialog = BundleDialog(None, demo_year_session.services, 2025)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def accept_with_letter(self) -> int:
        self.typed.setText(keys.grouped(committee.public().fingerprint))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FingerprintDialog, "exec", accept_with_letter)
    dialog.import_button.click()
    assert keys.grouped(committee.public().fingerprint) in dialog.committee_label.text()


def test_export_asks_again_after_a_wrong_passphrase_and_lists_the_bundle(qtbot, demo_year_session, committee,
                                                                         tmp_path, shown_messages,
                                                                         monkeypatch) -> None:
    service = demo_year_session.services.bundle
    service.init_key(PASS)
    service.import_committee_key(committee.public(), committee.public().fingerprint)
    dialog = BundleDialog(None, demo_year_session.services, 2025)
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.items.rowCount())
               if dialog.items.item(r, 0).data(Qt.ItemDataRole.UserRole) == "term_request")
    dialog.items.selectRow(row)
    dialog.separate_button.click()
    assert dialog.items.item(row, 1).text() == "已另行报送（已标记）"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    _answers(monkeypatch, "wrong-passphrase", PASS)
    signed = demo_year_session.services.integrity.verify(remember=False).signed_checkpoints
    dialog.export_button.click()
    # the dialog exports the one way the CLI does: a checkpoint signed for this bundle
    assert demo_year_session.services.integrity.verify(remember=False).signed_checkpoints == signed + 1
    assert any("口令不正确" in text for kind, text in shown_messages if kind == "error")
    [bundle] = list(tmp_path.glob("*.bbx"))
    assert dialog.exports.rowCount() == 1 and dialog.exports.item(0, 1).text() == "第1版"
    assert dialog.exports.item(0, 4).text() in shown_messages[-1][1]  # the SHA-256 is shown
    assert bundle.name == dialog.exports.item(0, 3).text()


def test_a_new_passphrase_is_typed_twice_and_long_enough(qtbot) -> None:
    dialog = PassphraseDialog(None, "创建", "说明", new=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("short")
    dialog.second.setText("short")
    dialog._on_ok()
    assert "至少 8 个字符" in dialog.error.text()
    dialog.first.setText("long-enough-1")
    dialog.second.setText("long-enough-2")
    dialog._on_ok()
    assert "不一致" in dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.second.setText("long-enough-1")
    dialog._on_ok()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.value() == "long-enough-1"
