"""The small dialogs of the annual bundle: a passphrase (typed twice when it is new) and the
committee key's fingerprint check."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.bundle import keys
from app.common.errors import UserError
from ui.common.buttons import ok_cancel
from ui.common.error_label import ErrorLabel


class PassphraseDialog(QDialog):
    """Asks for a passphrase; ``new`` asks twice and checks the length. ``value()`` after exec."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, new: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.new = new
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        text = QLabel(prompt)
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("口令(&P)"), self.first)
        if new:
            form.addRow(self.tr("再输入一次(&A)"), self.second)
        buttons = ok_cancel(self, "确定", self._on_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.first.setFocus()

    def value(self) -> str:
        return self.first.text()

    def _on_ok(self) -> None:
        if self.new:
            try:
                keys.check_passphrase(self.first.text())
            except UserError as exc:
                self.error.show_message(exc.message)
                return
            if self.first.text() != self.second.text():
                self.error.show_message(self.tr("两次输入的口令不一致"))
                return
        elif not self.first.text():
            self.error.show_message(self.tr("请输入口令"))
            return
        self.accept()


def ask_passphrase(parent: QWidget | None, title: str, prompt: str, new: bool = False) -> str | None:
    dialog = PassphraseDialog(parent, title, prompt, new)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class FingerprintDialog(QDialog):
    """Shows the fingerprint of a committee.pub and asks for the one on the committee's letter."""

    def __init__(self, parent: QWidget | None, key: keys.CommitteePublic) -> None:
        super().__init__(parent)
        self.key = key
        self.setWindowTitle(self.tr("核对上级党委公钥"))
        intro = QLabel(self.tr(
            "文件中的公钥属于：{c}（第 {e} 期）\n其指纹为：\n\n{fp}\n\n"
            "请与上级党委来函（或登记表）上印的指纹逐组核对，并在下面输入来函上的指纹（至少前 8 组）。"
            "指纹不一致的公钥文件可能被调换过，不要使用。").format(
                c=key.committee or "（未写名称）", e=key.epoch, fp=keys.grouped(key.fingerprint)))
        intro.setWordWrap(True)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(self.tr("如 3F2A 91C0 …（可用扫码枪扫描来函上的二维码）"))
        self.error = ErrorLabel()
        buttons = ok_cancel(self, "核对无误，导入", self._on_ok)
        form = QFormLayout()
        form.addRow(self.tr("来函上的指纹(&F)"), self.typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.typed.setFocus()

    def _on_ok(self) -> None:
        try:
            ok = keys.matches(self.key.fingerprint, self.typed.text())
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        if not ok:
            self.error.show_message(self.tr("指纹不符：请向上级党委核实，不要导入这个文件"))
            return
        self.accept()
