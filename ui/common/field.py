"""A form field with a red error line under it, shown only when there is something to say."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.common.error_label import ErrorLabel


def with_error(content: QWidget | QLayout) -> tuple[QWidget, ErrorLabel]:
    """A holder with ``content`` above an (initially hidden) error line, and the line."""
    holder = QWidget()
    holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(1)
    if isinstance(content, QLayout):
        box.addLayout(content)
    else:
        box.addWidget(content)
        holder.setFocusProxy(content)
    error = ErrorLabel()
    box.addWidget(error)
    return holder, error
