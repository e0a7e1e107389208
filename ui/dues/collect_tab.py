"""本月收缴: tick who paid this month and save them together (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.common import dates, months
from app.common.errors import UserError
from app.common.money import yuan
from app.services import Services
from ui import messages
from ui.common.date_field import DateField
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.dues.base import DuesTab


@dataclass
class _Row:
    member_id: int
    name: str
    group: str
    due_fen: int | None
    paid_fen: int
    owing_fen: int
    pay: bool = False

    @property
    def payable(self) -> bool:
        return self.owing_fen > 0


def _state(r: _Row) -> str:
    if r.due_fen is None:
        return "未核定"
    return "" if r.payable else "已交清"


class CollectTab(DuesTab):
    def __init__(self, services: Services, year: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(services, year, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.month = QComboBox()
        self.paid_on = DateField()
        self.paid_on.set_value(services.today())
        self.collector = QLineEdit()
        self.collector.setPlaceholderText(self.tr("收缴人"))
        select_all = QPushButton(self.tr("全部勾选"))
        select_all.clicked.connect(lambda: self.tick_all(True))
        clear = QPushButton(self.tr("全部取消"))
        clear.clicked.connect(lambda: self.tick_all(False))
        for w in (QLabel(self.tr("月份")), self.month, QLabel(self.tr("收缴日期")), self.paid_on, self.collector):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(select_all)
        bar.addWidget(clear)
        layout.addLayout(bar)
        self.model = RowsModel([
            Col("pay", self.tr("交纳"), "check", width=60, can_edit=lambda r: r.payable,
                display=_state),
            Col("name", self.tr("姓名"), editable=False, width=110),
            Col("group", self.tr("党小组"), editable=False, width=110),
            Col("due_fen", self.tr("月应交"), editable=False, width=110, align_right=True,
                display=lambda r: yuan(r.due_fen) if r.due_fen is not None else "未核定"),
            Col("paid_fen", self.tr("已交"), editable=False, width=110, align_right=True,
                display=lambda r: yuan(r.paid_fen)),
            Col("owing_fen", self.tr("本次收缴"), editable=False, align_right=True,
                display=lambda r: yuan(r.owing_fen) if r.payable else ""),
        ], self)
        self.view = table_view(self.model)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.total = QLabel()
        self.save_button = QPushButton(self.tr("保存本月收缴"))
        self.save_button.clicked.connect(self._on_save)
        row.addWidget(self.total, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.model.edited.connect(self._update_total)
        self.month.currentIndexChanged.connect(self._fill)

    def refresh(self) -> None:
        year = self.year()
        current = months.of(self.services.today())
        last = min(f"{year}-12", current) if str(year) <= current[:4] else f"{year}-12"
        chosen = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        for m in reversed(months.span(f"{year}-01", last)):
            self.month.addItem(months.cn(m), m)
        self.month.setCurrentIndex(max(0, self.month.findData(chosen)))
        self.month.blockSignals(False)
        self._fill()

    def _fill(self, *args: object) -> None:
        month = self.month.currentData()
        sheet = self.service.ledger.month_sheet(month) if month else []
        rows = [_Row(r.member_id, r.name, r.group, r.due_fen, r.paid_fen, r.owing_fen or 0) for r in sheet]
        rows.sort(key=lambda r: (not r.payable, r.group, r.member_id))
        self.model.set_rows(rows)
        self._update_total()

    def ticked(self) -> list[int]:
        return [r.member_id for r in self.model.rows() if r.pay and r.payable]

    def tick_all(self, on: bool) -> None:
        rows = self.model.rows()
        for r in rows:
            r.pay = on and r.payable
        self.model.set_rows(rows)
        self._update_total()

    def _update_total(self) -> None:
        rows = [r for r in self.model.rows() if r.pay and r.payable]
        total = sum(r.owing_fen for r in rows)
        self.total.setText(self.tr("已勾选 {n} 人，合计 {x}").format(n=len(rows), x=yuan(total)))
        self.save_button.setEnabled(bool(rows))

    def _on_save(self) -> None:
        try:
            on = self.paid_on.value()
            self.service.collect_month(self.month.currentData(), self.ticked(), paid_on=on,
                                       collector=self.collector.text())
        except dates.DateParseError as exc:
            messages.show_error(self, self.tr("无法保存"), str(exc))
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed.emit()
