"""A section of a page that its reader can fold away: a title button with an arrow (and a count),
its content below. Whether it is folded is remembered for the next start."""

from __future__ import annotations

from PySide6 import QtCore  # not `Qt` itself: importing it builds its enums, which start-up must not pay for
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ui.ui_settings import ui_settings


class Section(QFrame):
    """``body`` takes the content (give it a layout); ``key`` names the remembered state."""

    def __init__(self, title: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.key = f"sections/{key}/folded"
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header = QToolButton()
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setStyleSheet("QToolButton { font-weight: bold; border: none; text-align: left; }")
        self.header.setToolTip(self.tr("点击收起或展开"))
        self.body = QWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self._count: int | None = None
        folded = str(ui_settings().value(self.key, "false")).lower() == "true"
        self.header.setChecked(not folded)
        self.header.toggled.connect(self._on_toggled)
        self._show(not folded)

    def set_count(self, count: int | None) -> None:
        """Show how many items the section holds in its title (None: no count)."""
        self._count = count
        self._show(self.header.isChecked())

    @property
    def folded(self) -> bool:
        return not self.header.isChecked()

    def _on_toggled(self, shown: bool) -> None:
        ui_settings().setValue(self.key, "false" if shown else "true")
        self._show(shown)

    def _show(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.header.setArrowType(QtCore.Qt.ArrowType.DownArrow if shown else QtCore.Qt.ArrowType.RightArrow)
        count = "" if self._count is None else self.tr("（{n} 项）").format(n=self._count)
        self.header.setText(self.title + count)
