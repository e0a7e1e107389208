"""A field of a signed record looks read-only, not only behaves so: its background is the
window's (grey), as disabled fields are, while its text stays black and can still be selected
and copied."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit


def set_read_only(widget: QLineEdit | QPlainTextEdit | QTextEdit, read_only: bool) -> None:
    widget.setReadOnly(read_only)
    palette = widget.palette()
    base = QApplication.palette()  # the application's own colours, not this widget's (changed before)
    palette.setColor(QPalette.ColorRole.Base, base.color(QPalette.ColorRole.Window if read_only
                                                          else QPalette.ColorRole.Base))
    widget.setPalette(palette)
    widget.setToolTip(widget.tr("已签发的记录不能直接修改；如有错误请用“更正”") if read_only else "")
