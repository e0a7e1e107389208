"""A small form dialog: fields, an error line, OK/Cancel; subclasses implement ``_save``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.common import dates
from app.common.errors import UserError, ValidationError
from ui import messages
from ui.common.error_label import ErrorLabel


class FormDialog(QDialog):
    """A form with an error line and OK/Cancel; subclasses implement ``_save``."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    def showEvent(self, event: QShowEvent) -> None:
        """Every form opens on its first field (not on 确定), unless the dialog chose one."""
        super().showEvent(event)
        focused = self.focusWidget()
        if focused is not None and not isinstance(focused, QAbstractButton):
            return
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            target = widget if widget.focusPolicy() != Qt.FocusPolicy.NoFocus else widget.focusProxy()
            for candidate in (target, *widget.findChildren(QWidget)):
                if candidate is not None and candidate.isEnabled() and candidate.isVisibleTo(self) \
                        and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus \
                        and not isinstance(candidate, QAbstractButton):
                    candidate.setFocus()
                    return

    def _on_ok(self) -> None:
        try:
            self._save()
        except dates.DateParseError as exc:
            self.error.show_message(str(exc))
            return
        except ValidationError as exc:
            self.error.show_message(exc.message)
            self._focus_field(exc)
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.accept()

    def _focus_field(self, exc: ValidationError) -> None:
        """Put the cursor in the field the error names (the dialog's attribute of that name)."""
        for key in getattr(exc, "field_errors", {}) or {}:
            widget = getattr(self, key, None)
            if isinstance(widget, QWidget) and widget.isVisibleTo(self) and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _save(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self) -> bool:
        return self.exec() == QDialog.DialogCode.Accepted
