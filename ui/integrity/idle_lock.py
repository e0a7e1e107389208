"""The idle lock: after N minutes without a key press or a mouse action (a setting, for encrypted
databases only), every window of the program is covered and a passphrase is asked for. Nothing is
closed: a dialog with unsaved edits stays open under its cover and is there again after unlocking.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui import registry

if TYPE_CHECKING:
    from ui.integrity.unlock_dialog import Cover, UnlockDialog


@functools.cache
def _activity() -> frozenset[QEvent.Type]:
    """Input that counts as someone at the computer (built on first use, after the first paint)."""
    kind = QEvent.Type
    return frozenset({kind.KeyPress, kind.MouseButtonPress, kind.MouseMove, kind.Wheel})


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
        if event.type() in _activity() and not self.locked:
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
        # from the registry: the dialog's module names Qt's enums, which nothing touches before the first paint
        cover: type[Cover] = registry.load("cover")
        dialog: type[UnlockDialog] = registry.load("unlock")
        self.covers = [cover(w) for w in QApplication.topLevelWidgets()
                       if w.isVisible() and not isinstance(w, dialog) and w.isWindow()]
        self.dialog = dialog(self.window, self.minutes(), self._matches)
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
