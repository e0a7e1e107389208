"""上缴与报表: collected, remitted and on hand per month, quarter and year; remittances;
closing months; the Excel reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.common import dates, months
from app.common.errors import UserError
from app.common.money import yuan
from app.dues.excel import export_workbook
from app.services import Services
from ui import messages
from ui.common.rows_model import Col, RowsModel
from ui.common.save_dialog import ask_save_path
from ui.common.table import table_view
from ui.dues.base import DuesTab, ReasonDialog
from ui.dues.dues_dialogs import RemittanceDialog
from ui.meetings.record.base import button_row


@dataclass
class _Period:
    label: str
    collected: str
    remitted: str
    on_hand: str


@dataclass
class _Remit:
    on: str
    amount: str
    span: str
    slip: str
    by: str


class CashTab(DuesTab):
    def __init__(self, services: Services, year: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(services, year, parent)
        layout = QVBoxLayout(self)
        self.cash = RowsModel([Col("label", self.tr("期间"), editable=False),
                               *(Col(k, label, editable=False, width=140, align_right=True)
                                 for k, label in (("collected", self.tr("收缴")), ("remitted", self.tr("上缴")),
                                                  ("on_hand", self.tr("结存"))))], self)
        layout.addWidget(table_view(self.cash, editable=False), 2)
        layout.addWidget(QLabel(self.tr("上缴记录")))
        self.remits = RowsModel([Col("on", self.tr("上缴日期"), editable=False, width=130),
                                 Col("amount", self.tr("金额"), editable=False, width=120, align_right=True),
                                 Col("span", self.tr("所属期间"), editable=False),
                                 Col("slip", self.tr("凭证号"), editable=False, width=120),
                                 Col("by", self.tr("经办人"), editable=False, width=100)], self)
        layout.addWidget(table_view(self.remits, editable=False), 1)
        remit = QPushButton(self.tr("登记上缴…"))
        remit.clicked.connect(self._on_remit)
        close = QPushButton(self.tr("结算月份…"))
        close.clicked.connect(self._on_close_month)
        export = QPushButton(self.tr("导出登记表、公示表（Excel）…"))
        export.clicked.connect(self._on_export)
        self.closed_label = QLabel()
        row = button_row(remit, close, export)
        row.addWidget(self.closed_label)
        layout.addLayout(row)

    def refresh(self) -> None:
        year = self.year()
        summary = self.service.cash.summary(year)
        rows = []
        for p in summary["months"] + summary["quarters"] + summary["year"]:
            label = p["period"]
            if "Q" in label:
                label = self.tr("第{q}季度").format(q=label[-1])
            elif len(label) == 7:
                label = months.cn(label)
            else:
                label = self.tr("{y}年全年（上年结转{x}）").format(y=label, x=yuan(p["opening_fen"]))
            rows.append(_Period(label, yuan(p["collected_fen"]), yuan(p["remitted_fen"]), yuan(p["on_hand_fen"])))
        self.cash.set_rows(rows)
        self.remits.set_rows([_Remit(dates.fmt_cn(r.remitted_on), yuan(r.amount_fen),
                                     f"{months.cn(r.from_month)}—{months.cn(r.to_month)}", r.slip_no, r.handled_by)
                              for r in self.service.cash.remittances(year)])
        closed = [m for m in self.service.cash.closed_months() if m.startswith(str(year))]
        self.closed_label.setText(self.tr("已结算至：{m}").format(m=months.cn(closed[-1]))
                                  if closed else self.tr("本年尚未结算"))

    def _on_remit(self) -> None:
        if RemittanceDialog(self, self.services, self.year()).run():
            self.changed.emit()

    def _on_close_month(self) -> None:
        last = months.add(months.of(self.services.today()), -1)
        closed = self.service.cash.closed_months()
        month = months.add(closed[-1], 1) if closed else last
        if month > last:
            messages.show_info(self, self.tr("结算"), self.tr("上月之前的月份都已结算。"))
            return
        ask = ReasonDialog(self, self.tr("结算{m}").format(m=months.cn(month)), self.tr("结算人"))
        if not ask.run():
            return
        try:
            self.service.cash.close_month(month, ask.text.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed.emit()

    def _on_export(self) -> None:
        year = self.year()
        default = str(Path.home() / f"党费收缴-{year}.xlsx")
        path = ask_save_path(self, self.tr("导出党费报表"), default, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if not path:
            return
        try:
            export_workbook(self.service, year, path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("导出完成"), self.tr("已导出到\n{p}").format(p=path))
