"""欠缴提醒: members 3 or more months behind, the 6-month alert, and their valid reasons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.common import months
from app.common.errors import UserError
from app.common.money import yuan
from app.services import Services
from ui import messages
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.dues.base import DuesTab, ReasonDialog
from ui.dues.remind_dialog import RemindDialog
from ui.meetings.record.base import button_row


@dataclass
class _Row:
    member_id: int
    first_month: str
    name: str
    count: str
    span: str
    owed: str
    level: str
    reason: str
    alert: bool


class ArrearsTab(DuesTab):
    def __init__(self, services: Services, year: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(services, year, parent)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("连续3个月未交足党费提醒；连续6个月不交纳党费又无正当理由的，按党章规定视为自行脱党，"
                              "须由支部大会处理。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = RowsModel([
            Col("name", self.tr("姓名"), editable=False, width=100),
            Col("count", self.tr("连续未交足"), editable=False, width=100),
            Col("span", self.tr("期间"), editable=False, width=200),
            Col("owed", self.tr("欠交金额"), editable=False, width=110, align_right=True),
            Col("level", self.tr("级别"), editable=False, width=90),
            Col("reason", self.tr("正当理由"), editable=False),
        ], self)
        self.model.attention = lambda r: r.alert
        self.view = table_view(self.model, editable=False)
        layout.addWidget(self.view, 1)
        reason = QPushButton(self.tr("登记正当理由…"))
        reason.clicked.connect(self._on_reason)
        remind = QPushButton(self.tr("催缴提醒…"))
        remind.setToolTip(self.tr("为未交足的党员生成提醒：可复制发短信、微信，或打印"))
        remind.clicked.connect(self._on_remind)
        layout.addLayout(button_row(remind, reason))

    def refresh(self) -> None:
        self.model.set_rows([
            _Row(a.member_id, a.months[0], a.name, self.tr("{n}个月").format(n=a.count),
                 f"{months.cn(a.months[0])}—{months.cn(a.months[-1])}", yuan(a.owed_fen),
                 self.tr("已满6个月") if a.level == "alert" else self.tr("已满3个月"), a.reason, a.level == "alert")
            for a in self.service.ledger.arrears()])

    def _on_reason(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            messages.show_info(self, self.tr("登记正当理由"), self.tr("请先在表中选择一名党员"))
            return
        row = self.model.record(rows[0].row())
        ask = ReasonDialog(self, self.tr("登记正当理由"), self.tr("正当理由"))
        if not ask.run():
            return
        try:
            self.service.ledger.record_arrears_reason(row.member_id, row.first_month, ask.text.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed.emit()

    def _on_remind(self) -> None:
        dialog = RemindDialog(self, self.services)
        dialog.exec()
        if dialog.recorded:
            self.changed.emit()
