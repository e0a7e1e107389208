"""The idle lock: after N minutes without a key press or a mouse action (a setting, for encrypted
databases only), every window of the program is covered and a passphrase is asked for. Nothing is
closed: a dialog with unsaved edits stays open under its cover and is there again after unlocking.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.widgets.error_label import ErrorLabel

#: Input that counts as someone at the computer.
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class Cover(QWidget):
    """An opaque sheet over one window's contents, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        label = QLabel(self.tr("已锁定"), self)
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)  # Qt on use: see main_window.NO_QT_NAMESPACE
        QVBoxLayout(self).addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and obj is self.parent():
            self.setGeometry(self.parentWidget().rect())
        return False


class UnlockDialog(QDialog):
    """Asks for the database's passphrase; it cannot be closed any other way."""

    def __init__(self, parent: QWidget, minutes: int, check: Callable[[str], bool]) -> None:
        super().__init__(parent)
        self.check = check
        self.setWindowTitle(self.tr("支部台账已锁定"))
        self.setWindowModality(QtCore.Qt.WindowModality.ApplicationModal)
        text = QLabel(self.tr("超过 {n} 分钟没有操作，数据已隐藏。\n请输入数据库口令继续（未保存的修改都还在）。")
                      .format(n=minutes))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self._try)
        self.error = ErrorLabel()
        button = QPushButton(self.tr("解锁(&U)"))
        button.clicked.connect(self._try)
        layout = QVBoxLayout(self)
        for widget in (text, self.field, self.error, button):
            layout.addWidget(widget)
        self.setMinimumWidth(420)
        self.field.setFocus()

    def _try(self) -> None:
        if self.check(self.field.text()):
            self.accept()
        else:
            self.field.clear()
            self.error.show_message(self.tr("口令不对"))

    def reject(self) -> None:  # Esc and the close button do not unlock
        pass


class IdleLock(QObject):
    """Watches the application's input; ``minutes`` and ``passphrase`` are read each time it checks,
    so a new setting or a re-encryption takes effect at the next check. The application-wide input
    filter is installed only while the lock is armed (an encrypted file and a time set): every event
    of every widget passes through it, which an ordinary file need not pay for."""

    def __init__(self, window: QWidget, minutes: Callable[[], int], passphrase: Callable[[], str | None],
                 interval_ms: int = 15_000) -> None:
        super().__init__(window)
        self.window = window
        self.minutes, self.passphrase = minutes, passphrase
        self.last_input = time.monotonic()
        self.covers: list[Cover] = []
        self.dialog: UnlockDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.watching = False
        self.start()

    def start(self) -> None:
        self.last_input = time.monotonic()
        self._watch(self._armed())
        self.timer.start()

    def _armed(self) -> bool:
        return bool(self.passphrase()) and bool(self.minutes())

    def _watch(self, on: bool) -> None:
        """Install or remove the input filter; watching starts counting from now."""
        app = QApplication.instance()
        if on == self.watching or app is None:
            return
        if on:
            self.last_input = time.monotonic()
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self.watching = on

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self.last_input = time.monotonic()
        return False

    def check(self) -> None:
        if self.locked:
            return
        self._watch(self._armed())
        if not self.watching:
            return
        minutes = self.minutes()
        if time.monotonic() - self.last_input >= minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Cover every window and ask for the passphrase (returns at once; the dialog stays up)."""
        if self.locked:
            return
        self.covers = [Cover(w) for w in QApplication.topLevelWidgets()
                       if w.isVisible() and not isinstance(w, UnlockDialog) and w.isWindow()]
        self.dialog = UnlockDialog(self.window, self.minutes(), self._matches)
        self.dialog.accepted.connect(self.unlock)
        self.dialog.show()
        self.dialog.field.setFocus()

    def _matches(self, text: str) -> bool:
        import hmac  # only when unlocking (it loads OpenSSL)

        expected = self.passphrase() or ""
        return hmac.compare_digest(text.encode("utf-8"), expected.encode("utf-8"))

    def unlock(self) -> None:
        for cover in self.covers:
            cover.deleteLater()
        self.covers = []
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.last_input = time.monotonic()

    def stop(self) -> None:
        self.timer.stop()
        self._watch(False)
