"""What the tabs of the dues page share: the services, the year shown, and a way to say that
something changed (the page then refreshes what is shown and the home page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from app.common.errors import ValidationError
from app.services import Services
from ui.common.form_dialog import FormDialog


class DuesTab(QWidget):
    """A tab of the dues page; :meth:`refresh` shows ``year``. Emits ``changed`` after a write."""

    changed = Signal()

    def __init__(self, services: Services, year: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.dues
        self.year = year

    def refresh(self) -> None:
        raise NotImplementedError


class ReasonDialog(FormDialog):
    """One line of text that must not be empty (a reason, a name)."""

    def __init__(self, parent: QWidget | None, title: str, label: str) -> None:
        super().__init__(parent, title)
        self.text = QLineEdit()
        self.form.addRow(label, self.text)

    def _save(self) -> None:
        if not self.text.text().strip():
            raise ValidationError({"text": self.tr("请填写")})
