"""A stack of coloured warning lines (rule findings), hidden when there are none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.branch.model import BranchWarning

_STYLE = {
    "error": "background:#fbe3e1; color:#8c1d18; border:1px solid #e8b4b0; padding:6px; border-radius:4px;",
    "warning": "background:#fff4d6; color:#6b4e00; border:1px solid #ead9a0; padding:6px; border-radius:4px;",
}


class WarningList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.labels: list[QLabel] = []

    def set_warnings(self, warnings: Sequence[BranchWarning]) -> None:
        for label in self.labels:
            # Hide and detach now: deleteLater() alone leaves the old line on screen until
            # the event loop runs again.
            label.hide()
            self._layout.removeWidget(label)
            label.deleteLater()
        self.labels = []
        for w in warnings:
            label = QLabel(("⚠ " if w.level == "warning" else "✖ ") + w.message)
            label.setWordWrap(True)
            label.setStyleSheet(_STYLE.get(w.level, _STYLE["warning"]))
            label.setToolTip(w.rule)
            self._layout.addWidget(label)
            self.labels.append(label)
        self.setVisible(bool(warnings))

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels]
