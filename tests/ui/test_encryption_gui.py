"""文件 → 数据库加密…, the passphrase asked on opening, and the idle lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from app.integrity import encryption
from app.session import Session
from db.connection import SQLITE_HEADER, forget_passphrases
from tests.conftest import CLOCK
from ui.integrity.encryption_dialog import EncryptionDialog
from ui.main_window import MainWindow

SECRET = "支部口令2026abc"


#: each test stands for a program started afresh: it knows no passphrase yet
pytestmark = pytest.mark.usefixtures("no_known_passphrases")


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    from app.demo import fill_demo

    path = tmp_path / "密.sqlite"
    with Session.open(path, CLOCK) as session:
        fill_demo(session.services, records=False)
        encryption.change(session, SECRET)
    return path


def test_dialog_checks_the_new_passphrase(qtbot) -> None:
    dialog = EncryptionDialog(None, encrypted=False, minutes=0)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() is dialog.first or dialog.first.hasFocus()
    assert not dialog.remove.isVisible()
    dialog.first.setText("short")
    dialog._on_ok()
    assert "口令太短" in dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.first.setText(SECRET)
    dialog.second.setText(SECRET + "x")
    dialog._on_ok()
    assert "不一致" in dialog.error.text()
    dialog.second.setText(SECRET)
    dialog.idle.setValue(10)
    dialog._on_ok()
    assert (dialog.mode, dialog.passphrase, dialog.minutes) == ("encrypt", SECRET, 10)


def test_encrypting_from_the_menu_reopens_the_file_encrypted(qtbot, demo_session, monkeypatch) -> None:
    def fill(dialog: EncryptionDialog) -> int:
        dialog.first.setText(SECRET)
        dialog.second.setText(SECRET)
        dialog.idle.setValue(5)
        dialog._on_ok()
        return dialog.result()

    monkeypatch.setattr(EncryptionDialog, "exec", fill)
    window = MainWindow(demo_session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    window.controller.encryption()
    assert window.next_db == str(demo_session.path) and not window.isVisible()
    assert not demo_session.path.read_bytes().startswith(SQLITE_HEADER)
    with Session.open(demo_session.path, CLOCK, passphrase=SECRET) as reopened:
        assert reopened.services.base.setting(encryption.IDLE_LOCK.key) == 5


def test_opening_asks_until_the_passphrase_is_right(qtbot, encrypted, monkeypatch) -> None:
    from ui import application
    from ui.bundle import key_dialogs

    answers = iter(["错的口令12345", SECRET])
    prompts: list[str] = []
    monkeypatch.setattr(key_dialogs, "ask_passphrase",
                        lambda parent, title, prompt, new=False: prompts.append(prompt) or next(answers))
    forget_passphrases()
    session = application._open_asking_passphrase(encrypted)
    try:
        assert session.passphrase == SECRET
    finally:
        session.close()
    assert "已加密" in prompts[0] and "口令不对" in prompts[1]


def test_idle_lock_covers_everything_and_keeps_unsaved_edits(qtbot, encrypted) -> None:
    session = Session.open(encrypted, CLOCK, passphrase=SECRET)
    window = MainWindow(session, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    session.services.base.set_setting(encryption.IDLE_LOCK.key, 1)
    editor = QDialog(window)
    field = QLineEdit(editor)
    QVBoxLayout(editor).addWidget(field)
    editor.show()
    field.setText("写了一半的记录")
    lock = window.idle_lock
    lock.check()
    assert not lock.locked and lock.watching  # armed by the new setting, not idle yet
    lock.last_input -= 61
    qtbot.keyClick(field, Qt.Key.Key_End)  # someone is at the keyboard: counting starts again
    lock.check()
    assert not lock.locked
    lock.last_input -= 61
    lock.check()
    assert lock.locked and lock.dialog.isVisible()
    covered = {cover.parentWidget() for cover in lock.covers}
    assert window in covered and editor in covered
    assert all(cover.isVisible() and cover.geometry() == cover.parentWidget().rect() for cover in lock.covers)
    lock.dialog.reject()  # Esc does not unlock
    assert lock.locked
    lock.dialog.field.setText("不是口令")
    lock.dialog._try()
    assert lock.locked and "口令不对" in lock.dialog.error.text()
    lock.dialog.field.setText(SECRET)
    lock.dialog._try()
    assert not lock.locked and not lock.covers
    assert editor.isVisible() and field.text() == "写了一半的记录"
    window.close()
    session.close()


def test_no_idle_lock_without_encryption(qtbot, demo_session) -> None:
    window = MainWindow(demo_session, remember_geometry=False)
    qtbot.addWidget(window)
    demo_session.services.base.set_setting(encryption.IDLE_LOCK.key, 1)
    window.idle_lock.last_input -= 3600
    window.idle_lock.check()
    assert not window.idle_lock.locked
    assert not window.idle_lock.watching  # an ordinary file's windows do not pass every event through it
