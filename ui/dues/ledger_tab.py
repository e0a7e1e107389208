"""党费台账: members × months of the year; double-click a month to record a payment."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from app.common import months
from app.services import Services
from ui import messages
from ui.dues.base import DuesTab
from ui.dues.dues_dialogs import PaymentDialog, PaymentsDialog
from ui.dues.ledger_table_model import FIRST_MONTH_COLUMN, CellRole, LedgerTableModel, RowRole


class LedgerTab(DuesTab):
    def __init__(self, services: Services, year: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(services, year, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按姓名筛选"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        pay = QPushButton(self.tr("登记交纳…"))
        pay.clicked.connect(self._on_pay)
        bar.addWidget(pay)
        records = QPushButton(self.tr("收缴记录/冲销…"))
        records.clicked.connect(self._on_records)
        bar.addWidget(records)
        legend = QLabel(self.tr("双击月份格登记交纳。绿：已交　黄：部分交纳/本月待交　红：欠交　蓝：免交　"
                                "灰：不在本支部或未核定"))
        legend.setStyleSheet("color: #555;")
        legend.setWordWrap(True)
        layout.addLayout(bar)
        layout.addWidget(legend)
        self.model = LedgerTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Fixed widths: measuring every row's text (ResizeToContents) costs more than the data.
        for c, width in zip(range(FIRST_MONTH_COLUMN), (84, 76, 96), strict=False):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(c, width)
        header.setSectionResizeMode(self.model.columnCount() - 1, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(self.model.columnCount() - 1, 110)
        self.view.doubleClicked.connect(self._on_double_clicked)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        year = self.year()
        self.model.set_rows(year, self.service.ledger.grid(year))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        cell = self.proxy.data(index, CellRole)
        row = self.proxy.data(index, RowRole)
        today = months.of(self.services.today())
        month = cell.month if cell is not None else min(today, f"{self.year()}-12")
        if PaymentDialog(self, self.services, row.member_id, month).run():
            self.changed.emit()

    def _on_pay(self) -> None:
        rows = self.view.selectionModel().selectedIndexes()
        if not rows:
            messages.show_info(self, self.tr("登记交纳"), self.tr("请先在台账中选择党员（或双击月份格）"))
            return
        self._on_double_clicked(rows[0])

    def _on_records(self) -> None:
        rows = self.view.selectionModel().selectedIndexes()
        if not rows:
            messages.show_info(self, self.tr("收缴记录"), self.tr("请先在台账中选择党员"))
            return
        dialog = PaymentsDialog(self, self.services, self.proxy.data(rows[0], RowRole).member_id)
        dialog.run()
        if dialog.changed:
            self.changed.emit()
