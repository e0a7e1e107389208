"""Asking where to save a file: Qt's save dialog, with the ending of what is written added when
the name typed has none (the program refuses a name that ends otherwise — app.common.files)."""

from __future__ import annotations

from pathlib import Path

# QFileDialog is looked up when asked: the main window imports this module before its first paint
from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget


def ask_save_path(parent: QWidget | None, title: str, default: str, filters: str, suffix: str) -> str:
    """The path chosen ("" when cancelled); ``suffix`` (".pdf" …) is added to a name without one."""
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, default, filters)
    if path and not Path(path).suffix:
        path += suffix
    return path
