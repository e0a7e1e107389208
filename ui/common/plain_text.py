"""A multi-line text box that Tab leaves (Ctrl+Tab inserts a tab), as in a form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class PlainTextEdit(QPlainTextEdit):
    """Every multi-line box of the program is one of these (a test keeps it so): a per-box
    setting rather than an application-wide event filter or style sheet, which would slow every
    widget of the program."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Tab and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            if not self.isReadOnly():
                self.insertPlainText("\t")
            return
        super().keyPressEvent(event)
