"""党费收缴: assessment, ledger, this month's collection, arrears, remittance and reports.

Only the tab on screen is refreshed; the others are refreshed when they are shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from app.dues import rules as dr
from app.printing.catalog import BookKind
from app.services import Services
from ui.dues.arrears_tab import ArrearsTab
from ui.dues.assessment_tab import AssessmentTab
from ui.dues.base import DuesTab
from ui.dues.cash_tab import CashTab
from ui.dues.collect_tab import CollectTab
from ui.dues.dues_dialogs import DuesSettingsDialog
from ui.dues.ledger_tab import LedgerTab
from ui.printing.print_dialog import open_print_dialog


class DuesPage(QWidget):
    """One page, five tabs: 年度核定, 党费台账, 本月收缴, 欠缴提醒, 上缴与报表."""

    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.dues
        title = QLabel(self.tr("党费收缴"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(services.clock.year())
        self.year.setSuffix(self.tr(" 年"))
        self.year.valueChanged.connect(self.refresh)
        self.rounding = QLabel()
        self.rounding.setStyleSheet("color: #555;")
        settings = QPushButton(self.tr("党费设置…"))
        settings.clicked.connect(self._on_settings)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setToolTip(self.tr("打印党费收缴登记表、欠缴名单或公示（Ctrl+P）"))
        self.print_button.clicked.connect(self._on_print)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for w in (self.rounding, settings, self.print_button, QLabel(self.tr("年度")), self.year):
            top.addWidget(w)
        year = self.year.value
        self.assessment = AssessmentTab(services, year)
        self.ledger = LedgerTab(services, year)
        self.collect = CollectTab(services, year)
        self.arrears = ArrearsTab(services, year)
        self.cash = CashTab(services, year)
        self.tabs = QTabWidget()
        for tab, label in ((self.assessment, self.tr("年度核定")), (self.ledger, self.tr("党费台账")),
                           (self.collect, self.tr("本月收缴")), (self.arrears, self.tr("欠缴提醒")),
                           (self.cash, self.tr("上缴与报表"))):
            self.tabs.addTab(tab, label)
            tab.changed.connect(self._changed)
        self._stale: set[DuesTab] = set()
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def tabs_list(self) -> list[DuesTab]:
        return [self.assessment, self.ledger, self.collect, self.arrears, self.cash]

    def refresh(self, *args: object) -> None:
        """Refresh the tab on screen now and the others when they are next shown."""
        spec = dr.ROUNDING
        self.rounding.setText(self.tr("舍入：{mode}").format(mode=spec.choices[self.service.setting(spec.key)]))
        self._stale = set(self.tabs_list())
        self._on_tab(self.tabs.currentIndex())

    def _on_tab(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab in self._stale:
            self._stale.discard(tab)
            tab.refresh()

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def print_choice(self) -> tuple[BookKind, dict[str, object]]:
        """What 打印… offers first on this page: the register of the year shown (公示 from 上缴与报表)."""
        kind = BookKind.DISCLOSURE if self.tabs.currentWidget() is self.cash else BookKind.DUES
        return kind, {"year": self.year.value()}

    def _on_print(self) -> None:
        kind, kw = self.print_choice()
        open_print_dialog(self, self.services, kind, **kw)

    def _on_settings(self) -> None:
        if DuesSettingsDialog(self, self.services).run():
            self._changed()
