"""Message boxes in one place, so tests can intercept them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.common.errors import UserError, ValidationError


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def show_error(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()
    return box


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()
    return box


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_user_error(parent: QWidget | None, exc: UserError) -> QMessageBox:
    title = _tr("输入有误") if isinstance(exc, ValidationError) else _tr("无法完成")
    return show_error(parent, title, exc.message)


def ask_save(parent: QWidget | None, text: str) -> str:
    """Ask about unsaved changes; returns "save", "discard" or "cancel"."""
    box = QMessageBox(QMessageBox.Icon.Question, _tr("有未保存的修改"), text, parent=parent)
    save = box.addButton(_tr("保存"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_tr("不保存"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"
