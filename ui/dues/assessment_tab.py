"""年度核定: every member's assessment for the year, with what is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.common import months
from app.common.money import yuan
from app.dues.model import Assessment
from app.services import Services
from ui import messages
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.dues.base import DuesTab
from ui.dues.dues_dialogs import AssessmentDialog
from ui.meetings.record.base import button_row


@dataclass
class _Row:
    member_id: int
    name: str
    category: str
    base: str = ""
    rate: str = ""
    amount: str = "未核定"
    start: str = ""
    note: str = ""
    approver: str = ""
    assessed: bool = False


class AssessmentTab(DuesTab):
    def __init__(self, services: Services, year: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(services, year, parent)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = RowsModel([
            Col("name", self.tr("姓名"), editable=False, width=90),
            Col("category", self.tr("人员类别"), editable=False, width=80),
            Col("base", self.tr("计算基数"), editable=False, width=110, align_right=True),
            Col("rate", self.tr("比例"), editable=False, width=60, align_right=True),
            Col("amount", self.tr("月交纳额"), editable=False, width=100, align_right=True),
            Col("start", self.tr("执行起始"), editable=False, width=100),
            Col("note", self.tr("说明"), editable=False),
            Col("approver", self.tr("核定人"), editable=False, width=90),
        ], self)
        self.model.attention = lambda r: not r.assessed
        self.view = table_view(self.model, editable=False)
        self.view.doubleClicked.connect(lambda _: self._on_assess())
        layout.addWidget(self.view, 1)
        one = QPushButton(self.tr("核定/调整所选党员…"))
        one.clicked.connect(self._on_assess)
        self.assess_button = one
        self.view.selectionModel().selectionChanged.connect(self._update_assess_button)
        carry = QPushButton(self.tr("按上年基数批量核定"))
        carry.clicked.connect(self._on_assess_year)
        layout.addLayout(button_row(one, carry))

    def refresh(self) -> None:
        year = self.year()
        missing = self.service.ledger.unassessed(year)
        ledger = self.service.ledger.grid(year)
        if missing:
            text = self.tr("{year}年尚有{n}名党员未核定：{names}").format(year=year, n=len(missing),
                                                                  names="、".join(missing))
        elif not ledger:  # nothing to claim over an empty roster
            text = self.tr("{year}年没有应交党费的党员：请先在“党员名册”中导入或录入党员。").format(year=year)
        else:
            text = self.tr("{year}年全部党员已核定。党费数额年初核定，年内一般不变动。").format(year=year)
        self.note.setText(text)
        self.note.setStyleSheet("color: #1e6b2e;" if ledger and not missing else "color: #b3261e;")
        history = self.service.assessments_of_year(year)
        rows = []
        for r in ledger:
            own = history.get(r.member_id, [])
            a = own[-1] if own else None
            row = _Row(r.member_id, r.name, a.category if a else r.category)
            if a:
                row.base = yuan(a.base_fen) if a.base_fen is not None else ""
                row.rate = f"{a.rate_permille / 10:g}%" if a.rate_permille else ""
                row.amount, row.start = yuan(a.amount_fen), months.cn(a.effective_from)
                row.note, row.approver, row.assessed = self._note(a, len(own)), a.approved_by, True
            rows.append(row)
        self.model.set_rows(rows)

    def _note(self, a: Assessment, versions: int) -> str:
        notes = []
        if a.capped:
            notes.append(self.tr("按上限"))
        if a.above_cap:
            notes.append(self.tr("自愿全额"))
        if a.reduced:
            notes.append(self.tr("减免：{r}").format(r=a.reduction_reason))
        if versions > 1:
            notes.append(self.tr("年内调整：{r}").format(r=a.change_reason))
        return "；".join(notes)

    def selected(self) -> list[_Row]:
        """The members selected, in the table's order."""
        return [self.model.record(i.row()) for i in sorted(self.view.selectionModel().selectedRows(),
                                                           key=lambda i: i.row())]

    def _update_assess_button(self, *args: object) -> None:
        n = len(self.selected())
        self.assess_button.setText(self.tr("核定/调整所选 {n} 名党员…").format(n=n) if n > 1
                                   else self.tr("核定/调整所选党员…"))

    def _on_assess(self) -> None:
        chosen = self.selected()
        if not chosen:
            messages.show_info(self, self.tr("核定"), self.tr("请先在表中选择党员（可按住 Ctrl 或 Shift 多选）"))
            return
        if len(chosen) > 1 and not messages.confirm(
                self, self.tr("核定所选党员"),
                self.tr("将为所选 {n} 名党员逐一核定（每人一个窗口，可随时取消其余）：\n{names}").format(
                    n=len(chosen), names="、".join(r.name for r in chosen))):
            return
        done = 0
        for i, row in enumerate(chosen, start=1):
            dialog = AssessmentDialog(self, self.services, row.member_id, self.year())
            if len(chosen) > 1:
                which = self.tr("（第 {i} 名，共 {n} 名）").format(i=i, n=len(chosen))
                dialog.setWindowTitle(dialog.windowTitle() + which)
            if not dialog.run():
                break
            done += 1
        if done:
            self.changed.emit()

    def _on_assess_year(self) -> None:
        year = self.year()
        if not messages.confirm(self, self.tr("批量核定"),
                                self.tr("为{year}年尚未核定的党员沿用上年计算基数和人员类别核定？").format(year=year)):
            return
        done, missing = self.service.assess_year(year)
        text = self.tr("已核定 {n} 人。").format(n=len(done))
        if missing:
            text += self.tr("\n以下党员没有上年基数，请逐一核定：") + "、".join(missing)
        messages.show_info(self, self.tr("批量核定"), text)
        self.changed.emit()
