"""Windows and dialogs that fit on the screen they open on (1366×768 office screens, 125 %)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available_size(widget: QWidget) -> tuple[int, int]:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return 1366, 728
    geometry = screen.availableGeometry()
    return geometry.width(), geometry.height()


def fit_to_screen(widget: QWidget, width: int, height: int, margin: int = 40) -> None:
    """Resize to ``width``×``height``, but never beyond the screen's free area (taskbar excluded)."""
    free_w, free_h = available_size(widget)
    widget.resize(min(width, free_w - margin), min(height, free_h - margin))
