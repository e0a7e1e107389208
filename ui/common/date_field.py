"""A date entry that accepts the shapes people type (2025-3-12, 2025.3.12, 2025年3月12日 …)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.common import dates


class DateField(QWidget):
    """A line edit for an ISO date (or empty) with a calendar pop-up.

    ``value()`` returns the ISO string, None when empty, and raises ``dates.DateParseError``
    when the text is not a date; ``allow_month`` accepts month-only dates (1985.03).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, allow_month: bool = False) -> None:
        super().__init__(parent)
        self.allow_month = allow_month
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("如 2025年3月12日 或 2025-3-12"))
        self.edit.setMinimumWidth(150)
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(self.tr("从日历中选择（F4）"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # out of the Tab order: Tab goes from this date to the next field, F4 opens the calendar
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.edit.installEventFilter(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.button.setMenu(menu)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._normalize_text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F4 in the date opens the calendar (the button itself takes no Tab stop)."""
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_F4):
            self.button.showMenu()
            return True
        return super().eventFilter(watched, event)

    def value(self) -> str | None:
        iso = dates.parse_date(self.edit.text())
        if iso and len(iso) == 7 and not self.allow_month:
            raise dates.DateParseError(self.tr("请写到具体日期（年月日）"))
        return iso

    def set_value(self, iso: str | None) -> None:
        self.edit.setText(dates.fmt_cn(iso))

    def text(self) -> str:
        return self.edit.text()

    def _normalize_text(self) -> None:
        try:
            iso = self.value()
        except dates.DateParseError:
            return
        if iso and dates.fmt_cn(iso) != self.edit.text():
            self.edit.setText(dates.fmt_cn(iso))

    def _sync_calendar(self) -> None:
        try:
            iso = self.value()
        except dates.DateParseError:
            iso = None
        d = dates.to_date(iso) if iso else None
        self.calendar.setSelectedDate(QDate(d.year, d.month, d.day) if d else QDate.currentDate())

    def _on_calendar_clicked(self, qdate: QDate) -> None:
        self.edit.setText(dates.fmt_cn(qdate.toString(Qt.DateFormat.ISODate)))
        self.button.menu().hide()
