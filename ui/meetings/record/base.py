"""What every tab of the meeting editor does: show a record, put its values back into one,
lock itself for a signed record, and show the errors that concern it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.meetings.model import Meeting
from app.services import Services


class Tab(QWidget):
    """Signals: ``changed`` when the user edits anything on the tab."""

    changed = Signal()
    #: The error keys (as in ``MeetingService.validate``) this tab shows.
    error_keys: tuple[str, ...] = ()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services

    def load(self, meeting: Meeting) -> None:
        raise NotImplementedError

    def apply(self, meeting: Meeting, problems: dict[str, str]) -> None:
        """Write the tab's values into ``meeting``; note what cannot be read in ``problems``."""
        raise NotImplementedError

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        """Read-only for a signed record (``tracking_open``: what stays editable after sign-off)."""

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show the messages for :attr:`error_keys` (and clear the others)."""


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row
