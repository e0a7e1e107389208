"""What the idle lock shows (ui/idle_lock.py): an opaque sheet over each window and the dialog that
asks for the passphrase. Loaded only when the program locks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.common.error_label import ErrorLabel


class Cover(QWidget):
    """An opaque sheet over one window's contents, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        label = QLabel(self.tr("已锁定"), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and parent is not None and obj is parent:
            self.setGeometry(parent.rect())
        return False


class UnlockDialog(QDialog):
    """Asks for the database's passphrase; it cannot be closed any other way."""

    def __init__(self, parent: QWidget, minutes: int, check: Callable[[str], bool]) -> None:
        super().__init__(parent)
        self.check = check
        self.setWindowTitle(self.tr("支部台账已锁定"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
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
