"""OK/Cancel button rows with Chinese labels, wired to the dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel(dialog: QDialog, ok: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    """``ok`` is the OK button's text; ``on_ok`` runs when it is pressed, 取消 rejects."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(dialog.tr(ok))
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("取消"))
    box.accepted.connect(on_ok)
    box.rejected.connect(dialog.reject)
    return box
