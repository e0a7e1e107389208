"""Dues dialogs: payment, assessment, remittance."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app import dates, months
from app import dues_rules as dr
from app.errors import ValidationError
from app.services.dues import METHODS, DuesService
from app.services.members import MemberService
from ui.dialogs.form_dialog import FormDialog
from ui.widgets.date_field import DateField


def _month_combo(first: str, last: str, current: str) -> QComboBox:
    combo = QComboBox()
    for m in months.span(first, last):
        combo.addItem(months.cn(m), m)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _fen(edit: QLineEdit, field: str) -> int:
    try:
        return dr.parse_yuan(edit.text())
    except dr.DuesError as exc:
        raise ValidationError({field: str(exc)}) from exc


class PaymentDialog(FormDialog):
    """登记交纳 for one member: months, amount (prefilled with what is owed), receipt."""

    def __init__(self, parent: QWidget | None, service: DuesService, member_id: int, month: str) -> None:
        self.service = service
        self.member_id = member_id
        member = MemberService(service.conn).get(member_id)
        super().__init__(parent, self.tr("登记交纳党费 — {name}").format(name=member.name))
        year = int(month[:4])
        self.first = _month_combo(f"{year - 1}-01", f"{year + 1}-12", month)
        self.last = _month_combo(f"{year - 1}-01", f"{year + 1}-12", month)
        self.amount = QLineEdit()
        self.owing = QLabel()
        self.paid_on = DateField()
        self.paid_on.set_value(dates.today())
        self.method = QComboBox()
        self.method.addItems(METHODS)
        self.receipt = QLineEdit()
        self.collector = QLineEdit()
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("补交超过6个月时填写原因"))
        self.correction = QLineEdit()
        self.correction.setPlaceholderText(self.tr("登记到已结算月份时填写更正原因"))
        self.form.addRow(self.tr("从"), self.first)
        self.form.addRow(self.tr("到"), self.last)
        self.form.addRow(self.tr("金额（元）"), self.amount)
        self.form.addRow("", self.owing)
        self.form.addRow(self.tr("交纳日期"), self.paid_on)
        self.form.addRow(self.tr("方式"), self.method)
        self.form.addRow(self.tr("收据编号"), self.receipt)
        self.form.addRow(self.tr("收缴人"), self.collector)
        self.form.addRow(self.tr("补交原因"), self.override)
        self.form.addRow(self.tr("更正原因"), self.correction)
        self.first.currentIndexChanged.connect(self._update_owing)
        self.last.currentIndexChanged.connect(self._update_owing)
        self._update_owing()

    def _months(self) -> list[str]:
        return months.span(self.first.currentData(), self.last.currentData())

    def _update_owing(self) -> None:
        month_list = self._months()
        if not month_list:
            self.owing.setText(self.tr("结束月份早于开始月份"))
            return
        total = self.service.owing(self.member_id, month_list)
        self.amount.setText(f"{total / 100:.2f}" if total else "")
        self.owing.setText(self.tr("所选月份尚欠 {x}").format(x=dr.yuan(total)))

    def _save(self) -> None:
        self.service.pay(self.member_id, self._months(), _fen(self.amount, "amount"),
                         paid_on=self.paid_on.value(), method=self.method.currentText(),
                         receipt_no=self.receipt.text(), collector=self.collector.text(),
                         backpay_override=self.override.text(), correction_reason=self.correction.text())


class AssessmentDialog(FormDialog):
    """核定 (or adjust within the year) one member's monthly amount, with the working shown."""

    def __init__(self, parent: QWidget | None, service: DuesService, member_id: int, year: int) -> None:
        self.service = service
        self.member_id = member_id
        self.year = year
        member = MemberService(service.conn).get(member_id)
        super().__init__(parent, self.tr("核定{year}年党费 — {name}").format(year=year, name=member.name))
        existing = service.assessments(member_id, year)
        previous = existing[-1] if existing else (service.assessments(member_id, year - 1) or [None])[-1]
        self.category = QComboBox()
        self.category.addItems(["在职", "离退休", "学生", "农民", "下岗失业", "其他"])
        self.category.setCurrentText(previous.category if previous else member.personnel_category)
        self.base = QLineEdit(f"{previous.base_fen / 100:.2f}" if previous and previous.base_fen is not None else "")
        self.base.setPlaceholderText(self.tr("税后月收入中相对固定的部分（元）"))
        self.above_cap = QCheckBox(self.tr("本人自愿超过1000元上限按比例全额交纳"))
        self.low_income = QCheckBox(self.tr("依靠抚恤、救济或领取最低生活保障金（每月0.2元）"))
        self.farmer = QLineEdit()
        self.farmer.setPlaceholderText(self.tr("农民党员：0.2–1元，默认0.2"))
        self.reduce = QCheckBox(self.tr("经批准少交或免交"))
        self.reduced = QLineEdit()
        self.reduced.setPlaceholderText(self.tr("减免后每月金额（元），免交填0"))
        self.reason = QLineEdit()
        self.decision = QLineEdit()
        self.approval = QLineEdit()
        self.change_from = QComboBox()
        for m in months.span(f"{year}-02", f"{year}-12"):
            self.change_from.addItem(months.cn(m), m)
        self.change_reason = QLineEdit()
        self.approved_by = QLineEdit()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-weight: bold;")
        self.form.addRow(self.tr("人员类别"), self.category)
        self.form.addRow(self.tr("计算基数（元）"), self.base)
        self.form.addRow("", self.above_cap)
        self.form.addRow("", self.low_income)
        self.form.addRow(self.tr("农民党员金额"), self.farmer)
        self.form.addRow("", self.reduce)
        self.form.addRow(self.tr("减免后金额"), self.reduced)
        self.form.addRow(self.tr("减免原因"), self.reason)
        self.form.addRow(self.tr("支部研究决定"), self.decision)
        self.form.addRow(self.tr("上级批准文号"), self.approval)
        self.change_rows = [(self.tr("调整起始月份"), self.change_from), (self.tr("调整原因"), self.change_reason)]
        if existing:
            note = QLabel(self.tr("{year}年已核定为每月{x}。党费数额年初核定、年内一般不变动，确需调整请写明原因。").format(
                year=year, x=dr.yuan(existing[-1].amount_fen)))
            note.setWordWrap(True)
            note.setStyleSheet("color: #7a5c00;")
            self.form.addRow("", note)
            for label, widget in self.change_rows:
                self.form.addRow(label, widget)
        self.existing = bool(existing)
        self.form.addRow(self.tr("核定人"), self.approved_by)
        self.form.addRow(self.tr("计算结果"), self.result)
        for w in (self.base, self.farmer, self.reduced):
            w.textChanged.connect(self._update)
        for w in (self.above_cap, self.low_income, self.reduce):
            w.toggled.connect(self._update)
        self.category.currentIndexChanged.connect(self._update)
        self._update()

    def _kwargs(self) -> dict:
        category = self.category.currentText()
        base = None
        if self.base.text().strip() and category in ("在职", "离退休", "其他"):
            base = _fen(self.base, "base")
        farmer = _fen(self.farmer, "farmer") if category == "农民" and self.farmer.text().strip() else None
        return {"category": category, "base_fen": base, "above_cap": self.above_cap.isChecked(),
                "low_income": self.low_income.isChecked() and category == "其他", "farmer_fen": farmer}

    def _update(self, *args: object) -> None:
        category = self.category.currentText()
        self.base.setEnabled(category in ("在职", "离退休", "其他"))
        self.farmer.setEnabled(category == "农民")
        self.low_income.setEnabled(category == "其他")
        for w in (self.reduced, self.reason, self.decision, self.approval):
            w.setEnabled(self.reduce.isChecked())
        try:
            kw = self._kwargs()
            calc = self.service.calculate(kw.pop("category"), kw.pop("base_fen"), **kw)
            text = self.tr("每月应交 {x}：{how}").format(x=dr.yuan(calc.amount_fen), how=calc.explanation)
        except (ValidationError, dr.DuesError) as exc:
            text = exc.message if isinstance(exc, ValidationError) else str(exc)
        self.result.setText(text)

    def _save(self) -> None:
        kw = self._kwargs()
        reduced = _fen(self.reduced, "reduced") if self.reduce.isChecked() else None
        self.service.assess(
            self.member_id, self.year, approved_by=self.approved_by.text(), reduced_fen=reduced,
            reduction_reason=self.reason.text(), branch_decision=self.decision.text(),
            upper_approval=self.approval.text(),
            effective_from=self.change_from.currentData() if self.existing else None,
            change_reason=self.change_reason.text(), **kw)


class RemittanceDialog(FormDialog):
    """登记上缴 to the supervising committee."""

    def __init__(self, parent: QWidget | None, service: DuesService, year: int) -> None:
        super().__init__(parent, self.tr("登记党费上缴"))
        self.service = service
        current = months.of(dates.today())
        self.remitted_on = DateField()
        self.remitted_on.set_value(dates.today())
        self.amount = QLineEdit()
        self.first = _month_combo(f"{year}-01", f"{year}-12", f"{year}-01")
        self.last = _month_combo(f"{year}-01", f"{year}-12", min(current, f"{year}-12"))
        self.slip = QLineEdit()
        self.by = QLineEdit()
        self.on_hand = QLabel(self.tr("截至今天结存 {x}").format(x=dr.yuan(service.on_hand(dates.today()))))
        self.form.addRow(self.tr("上缴日期"), self.remitted_on)
        self.form.addRow(self.tr("金额（元）"), self.amount)
        self.form.addRow("", self.on_hand)
        self.form.addRow(self.tr("所属期间从"), self.first)
        self.form.addRow(self.tr("到"), self.last)
        self.form.addRow(self.tr("凭证号"), self.slip)
        self.form.addRow(self.tr("经办人"), self.by)

    def _save(self) -> None:
        self.service.remit(self.remitted_on.value() or "", _fen(self.amount, "amount"), self.first.currentData(),
                           self.last.currentData(), slip_no=self.slip.text(), handled_by=self.by.text())
