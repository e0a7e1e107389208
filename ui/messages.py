"""Message boxes in one place, so tests can intercept them. QMessageBox is looked up when a box
is shown: naming it at import would build its enums before the main window is first painted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication

from app.common.errors import UserError, ValidationError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def _message(icon_name: str, parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box_class = QtWidgets.QMessageBox
    box = box_class(getattr(box_class.Icon, icon_name), title, text, box_class.StandardButton.Ok, parent)
    box.exec()
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    return _message("Warning", parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    return _message("Information", parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    buttons = QtWidgets.QMessageBox.StandardButton
    answer = QtWidgets.QMessageBox.question(parent, title, text, buttons.Yes | buttons.No, buttons.No)
    return answer == buttons.Yes


def show_user_error(parent: QWidget | None, exc: UserError) -> QMessageBox:
    title = _tr("输入有误") if isinstance(exc, ValidationError) else _tr("无法完成")
    return show_error(parent, title, exc.message)


def ask_save(parent: QWidget | None, text: str) -> str:
    """Ask about unsaved changes; returns "save", "discard" or "cancel"."""
    box_class = QtWidgets.QMessageBox
    role = box_class.ButtonRole
    box = box_class(box_class.Icon.Question, _tr("有未保存的修改"), text, parent=parent)
    save = box.addButton(_tr("保存"), role.AcceptRole)
    discard = box.addButton(_tr("不保存"), role.DestructiveRole)
    box.addButton(_tr("取消"), role.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"
