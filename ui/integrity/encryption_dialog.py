"""文件 → 数据库加密…: turn encryption at rest on or off, change the passphrase, set the idle lock."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.common.errors import UserError
from app.common.passphrase import check_passphrase
from app.integrity import encryption
from ui.common.buttons import ok_cancel
from ui.common.error_label import ErrorLabel


class EncryptionDialog(QDialog):
    """After ``exec()``: ``mode`` is "encrypt" (also a new passphrase for an encrypted file),
    "decrypt" or "settings" (only the idle lock changed); ``passphrase`` the new one; ``minutes``."""

    def __init__(self, parent: QWidget | None, encrypted: bool, minutes: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("数据库加密"))
        self.encrypted = encrypted
        self.mode, self.passphrase = "settings", ""
        state = QLabel(self.tr("当前：数据库及其备份已加密。") if encrypted else self.tr(
            "当前：数据库未加密。加密后，没有口令就无法读取数据库和备份中的任何姓名、身份证号和记录。"))
        state.setWordWrap(True)
        warn = QLabel(self.tr("请牢记口令：口令丢失后，数据库和备份都无法打开，任何人（包括本程序）都无法找回。"
                              "可以使用与支部报送密钥相同的口令。加密或更改口令后，程序会重新打开数据库。"))
        warn.setWordWrap(True)
        self.keep = QRadioButton(self.tr("保持现状（只修改空闲锁定）"))
        self.change = QRadioButton(self.tr("更改口令") if encrypted else self.tr("加密数据库"))
        self.remove = QRadioButton(self.tr("取消加密"))
        group = QButtonGroup(self)
        for button in (self.keep, self.change, self.remove):
            group.addButton(button)
        self.remove.setVisible(encrypted)
        self.change.setChecked(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" 分钟"))
        self.idle.setSpecialValueText(self.tr("不锁定"))
        self.idle.setValue(minutes)
        self.idle.setToolTip(self.tr("窗口空闲这么久后隐藏数据、要求输入口令（仅对加密的数据库有效）"))
        form = QFormLayout()
        form.addRow(self.tr("新口令(&P)"), self.first)
        form.addRow(self.tr("再输入一次(&A)"), self.second)
        form.addRow(self.tr("空闲锁定(&L)"), self.idle)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(state)
        layout.addWidget(self.change)
        layout.addWidget(self.remove)
        layout.addWidget(self.keep)
        layout.addLayout(form)
        layout.addWidget(warn)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, "确定", self._on_ok))
        group.buttonToggled.connect(self._sync)
        if not encryption.available():
            self.change.setEnabled(False)
            self.keep.setChecked(True)
            self.error.show_message(self.tr("本程序没有加密组件（SQLCipher），不能加密数据库"))
        self._sync()
        self.setMinimumWidth(520)
        self.first.setFocus()

    def _sync(self, *_: object) -> None:
        asks = self.change.isChecked()
        self.first.setEnabled(asks)
        self.second.setEnabled(asks)

    @property
    def minutes(self) -> int:
        return self.idle.value()

    def _on_ok(self) -> None:
        if self.change.isChecked():
            try:
                check_passphrase(self.first.text())
            except UserError as exc:
                self.error.show_message(exc.message)
                self.first.setFocus()
                return
            if self.first.text() != self.second.text():
                self.error.show_message(self.tr("两次输入的口令不一致"))
                self.second.setFocus()
                return
            self.mode, self.passphrase = "encrypt", self.first.text()
        elif self.remove.isChecked():
            self.mode = "decrypt"
        else:
            self.mode = "settings"
        self.accept()
