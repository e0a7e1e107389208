"""Dues dialogs: payment, assessment, remittance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.common import dates, months
from app.common.errors import UserError, ValidationError
from app.common.money import plain
from app.common.settings import Setting
from app.dues import rules as dr
from app.dues.model import PaymentMethod
from app.roster.model import PersonnelCategory
from app.services import Services
from ui.common.date_field import DateField
from ui.common.form_dialog import FormDialog


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

    def __init__(self, parent: QWidget | None, services: Services, member_id: int, month: str) -> None:
        self.services = services
        self.service = services.dues
        self.member_id = member_id
        member = services.roster.get(member_id)
        super().__init__(parent, self.tr("登记交纳党费 — {name}").format(name=member.name))
        year = int(month[:4])
        self.first = _month_combo(f"{year - 1}-01", f"{year + 1}-12", month)
        self.last = _month_combo(f"{year - 1}-01", f"{year + 1}-12", month)
        self.amount = QLineEdit()
        self.owing = QLabel()
        self.paid_on = DateField()
        self.paid_on.set_value(services.today())
        self.method = QComboBox()
        self.method.addItems(list(PaymentMethod))
        self.receipt = QLineEdit()
        self.collector = QLineEdit()
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("补交超过6个月时填写原因"))
        self.correction = QLineEdit()
        self.correction.setPlaceholderText(self.tr("交纳日期在已结算的月份（漏记补登）时填写更正原因"))
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
        total = self.service.ledger.owing(self.member_id, month_list)
        self.amount.setText(plain(total) if total else "")
        self.owing.setText(self.tr("所选月份尚欠 {x}").format(x=dr.yuan(total)))

    def _save(self) -> None:
        self.service.pay(self.member_id, self._months(), _fen(self.amount, "amount"),
                         paid_on=self.paid_on.value(), method=self.method.currentText(),
                         receipt_no=self.receipt.text(), collector=self.collector.text(),
                         backpay_override=self.override.text(), correction_reason=self.correction.text())


class AssessmentDialog(FormDialog):
    """核定 (or adjust within the year) one member's monthly amount, with the working shown."""

    def __init__(self, parent: QWidget | None, services: Services, member_id: int, year: int) -> None:
        self.services = services
        self.service = services.dues
        self.member_id = member_id
        self.year = year
        member = services.roster.get(member_id)
        super().__init__(parent, self.tr("核定{year}年党费 — {name}").format(year=year, name=member.name))
        existing = self.service.assessments(member_id, year)
        last_year = self.service.assessments(member_id, year - 1)
        previous = existing[-1] if existing else (last_year[-1] if last_year else None)
        self.category = QComboBox()
        self.category.addItems(list(PersonnelCategory))
        self.category.setCurrentText(previous.category if previous else member.personnel_category)
        self.base = QLineEdit(plain(previous.base_fen) if previous and previous.base_fen is not None else "")
        self.base.setPlaceholderText(self.tr("税后月收入中相对固定的部分（元）"))
        self.items = QTableWidget(0, 3)
        self.items.setHorizontalHeaderLabels([self.tr("收入项目"), self.tr("金额（元）"), self.tr("不计入基数")])
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.items.setMinimumHeight(120)
        self.items.setMaximumHeight(180)
        for it in previous.income_items if previous else ():
            self._add_item(it.get("name", ""), plain(int(it.get("amount_fen", 0))), bool(it.get("excluded")))
        self.items.model().dataChanged.connect(self._update)
        add_income = QPushButton(self.tr("添加收入项目"))
        add_income.clicked.connect(lambda: self._add_item("", "", False))
        self.exclusion = QComboBox()
        self.exclusion.addItem(self.tr("添加不计入基数的项目…"), None)
        for name in dr.EXCLUDED_ITEMS:
            self.exclusion.addItem(name, name)
        self.exclusion.activated.connect(self._on_add_exclusion)
        remove_item = QPushButton(self.tr("删除所选"))
        remove_item.clicked.connect(self._on_remove_item)
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(add_income)
        item_buttons.addWidget(self.exclusion)
        item_buttons.addWidget(remove_item)
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
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("font-weight: bold;")
        self.form.addRow(self.tr("人员类别"), self.category)
        self.form.addRow(self.tr("计算基数（元）"), self.base)
        self.form.addRow(self.tr("或逐项填写"), self.items)
        self.form.addRow("", item_buttons)
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
            note = QLabel(
                self.tr("{year}年已核定为每月{x}。党费数额年初核定、年内一般不变动，确需调整请写明原因。").format(
                    year=year, x=dr.yuan(existing[-1].amount_fen)
                )
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #7a5c00;")
            self.form.addRow("", note)
            for label, widget in self.change_rows:
                self.form.addRow(label, widget)
        self.existing = bool(existing)
        self.form.addRow(self.tr("核定人"), self.approved_by)
        self.form.addRow(self.tr("计算结果"), self.result_label)
        for edit in (self.base, self.farmer, self.reduced):
            edit.textChanged.connect(self._update)
        for box in (self.above_cap, self.low_income, self.reduce):
            box.toggled.connect(self._update)
        self.category.currentIndexChanged.connect(self._update)
        self._update()

    def _add_item(self, name: str, amount: str, excluded: bool) -> None:
        self._building = True  # a half-built row is not an edit
        r = self.items.rowCount()
        self.items.insertRow(r)
        self.items.setItem(r, 0, QTableWidgetItem(name))
        self.items.setItem(r, 1, QTableWidgetItem(amount))
        tick = QTableWidgetItem()
        tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        tick.setCheckState(Qt.CheckState.Checked if excluded else Qt.CheckState.Unchecked)
        self.items.setItem(r, 2, tick)
        self._building = False
        if hasattr(self, "result"):
            self._update()

    def _on_add_exclusion(self, index: int) -> None:
        name = self.exclusion.itemData(index)
        if name:
            self._add_item(name, "", True)
        self.exclusion.setCurrentIndex(0)

    def _on_remove_item(self) -> None:
        for r in sorted({i.row() for i in self.items.selectedIndexes()}, reverse=True):
            self.items.removeRow(r)
        self._update()

    def income_items(self) -> list[dict]:
        out = []
        for r in range(self.items.rowCount()):
            cell, amount_cell = self.items.item(r, 0), self.items.item(r, 1)
            name = (cell.text() if cell else "").strip()
            amount_text = amount_cell.text() if amount_cell else ""
            if not name and not amount_text.strip():
                continue
            try:
                amount = dr.parse_yuan(amount_text or "0")
            except dr.DuesError as exc:
                raise ValidationError({"income_items": f"“{name}”：{exc}"}) from exc
            tick = self.items.item(r, 2)
            out.append(
                {
                    "name": name,
                    "amount_fen": amount,
                    "excluded": tick is not None and tick.checkState() == Qt.CheckState.Checked,
                }
            )
        return out

    def _kwargs(self) -> dict:
        category = self.category.currentText()
        base = None
        items = self.income_items() if category in dr.INCOME_BASED else []
        if items:
            base = sum(i["amount_fen"] for i in items if not i["excluded"])
            self.base.blockSignals(True)
            self.base.setText(plain(base))
            self.base.blockSignals(False)
        elif self.base.text().strip() and category in dr.INCOME_BASED:
            base = _fen(self.base, "base")
        farmer = _fen(self.farmer, "farmer") if category == "农民" and self.farmer.text().strip() else None
        return {
            "category": category,
            "base_fen": base,
            "above_cap": self.above_cap.isChecked(),
            "low_income": self.low_income.isChecked() and category == "其他",
            "farmer_fen": farmer,
        }

    def _update(self, *args: object) -> None:
        if getattr(self, "_building", False):
            return
        category = self.category.currentText()
        self.base.setEnabled(category in dr.INCOME_BASED)
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
        self.result_label.setText(text)

    def _save(self) -> None:
        kw = self._kwargs()
        reduced = _fen(self.reduced, "reduced") if self.reduce.isChecked() else None
        items = self.income_items() if kw["category"] in dr.INCOME_BASED else []
        self.service.assess(
            self.member_id,
            self.year,
            approved_by=self.approved_by.text(),
            reduced_fen=reduced,
            income_items=items or None,
            reduction_reason=self.reason.text(),
            branch_decision=self.decision.text(),
            upper_approval=self.approval.text(),
            effective_from=self.change_from.currentData() if self.existing else None,
            change_reason=self.change_reason.text(),
            **kw,
        )


class RemittanceDialog(FormDialog):
    """登记上缴 to the supervising committee."""

    def __init__(self, parent: QWidget | None, services: Services, year: int) -> None:
        super().__init__(parent, self.tr("登记党费上缴"))
        self.services = services
        self.service = services.dues
        current = months.of(services.today())
        self.remitted_on = DateField()
        self.remitted_on.set_value(services.today())
        self.amount = QLineEdit()
        self.first = _month_combo(f"{year}-01", f"{year}-12", f"{year}-01")
        self.last = _month_combo(f"{year}-01", f"{year}-12", min(current, f"{year}-12"))
        self.slip = QLineEdit()
        self.by = QLineEdit()
        on_hand = self.service.cash.on_hand(services.today())
        self.on_hand = QLabel(self.tr("截至今天结存 {x}").format(x=dr.yuan(on_hand)))
        self.form.addRow(self.tr("上缴日期"), self.remitted_on)
        self.form.addRow(self.tr("金额（元）"), self.amount)
        self.form.addRow("", self.on_hand)
        self.form.addRow(self.tr("所属期间从"), self.first)
        self.form.addRow(self.tr("到"), self.last)
        self.form.addRow(self.tr("凭证号"), self.slip)
        self.form.addRow(self.tr("经办人"), self.by)

    def _save(self) -> None:
        self.service.cash.remit(
            self.remitted_on.value() or "",
            _fen(self.amount, "amount"),
            self.first.currentData(),
            self.last.currentData(),
            slip_no=self.slip.text(),
            handled_by=self.by.text(),
        )


class DuesSettingsDialog(FormDialog):
    """The dues rules that are local practice rather than national rule."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent, self.tr("党费设置"))
        self.services = services
        self.service = services.dues
        note = QLabel(self.tr("以下做法各地规定不一，请按上级党委的要求设置。"))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.rounding = self._choices(dr.ROUNDING)
        self.cap = QLineEdit(plain(int(self.service.setting(dr.CAP.key))))
        self.probation = self._choices(dr.PROBATION_FIRST)
        self.backpay = QComboBox()
        for n in (3, 6, 12):
            self.backpay.addItem(self.tr("{n}个月").format(n=n), n)
        self.backpay.setCurrentIndex(max(0, self.backpay.findData(self.service.setting(dr.BACKPAY.key))))
        self.prepay = self._choices(dr.PREPAY)
        self.start = QLineEdit(str(self.service.setting(dr.START_MONTH.key) or ""))
        self.setMinimumWidth(480)
        self.start.setPlaceholderText(self.tr("如 2026-01；空为自动：{m}").format(
            m=months.cn(self.service.start_month()) if self.service.start_month() > "1900-01" else self.tr("尚未建账")))
        self.days = QSpinBox()
        self.days.setRange(dr.DISCLOSURE_DAYS.minimum, dr.DISCLOSURE_DAYS.maximum)
        self.days.setValue(int(self.service.setting(dr.DISCLOSURE_DAYS.key)))
        self.days.setSuffix(self.tr(" 个工作日"))
        self.contact = QLineEdit(str(self.service.setting(dr.DISCLOSURE_CONTACT.key) or ""))
        self.contact.setPlaceholderText(self.tr("空为支部书记和支部联系电话"))
        for spec, widget in (
            (dr.ROUNDING, self.rounding),
            (dr.CAP, self.cap),
            (dr.PROBATION_FIRST, self.probation),
            (dr.BACKPAY, self.backpay),
            (dr.PREPAY, self.prepay),
            (dr.START_MONTH, self.start),
            (dr.DISCLOSURE_DAYS, self.days),
            (dr.DISCLOSURE_CONTACT, self.contact),
        ):
            widget.setToolTip(spec.label + spec.note)
        self.form.addRow(self.tr("舍入方式") + dr.ROUNDING.note, self.rounding)
        self.form.addRow(self.tr("每月上限（元）"), self.cap)
        self.form.addRow(self.tr("预备党员交纳起始") + dr.PROBATION_FIRST.note, self.probation)
        self.form.addRow(self.tr("补交期限"), self.backpay)
        self.form.addRow(self.tr("预交") + dr.PREPAY.note, self.prepay)
        self.form.addRow(self.tr("建账月份"), self.start)
        self.form.addRow(self.tr("公示期"), self.days)
        self.form.addRow(self.tr("公示反馈联系人"), self.contact)

    def _choices(self, spec: Setting) -> QComboBox:
        combo = QComboBox()
        for key, label in spec.choices.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(self.service.setting(spec.key))))
        return combo

    def _save(self) -> None:
        values = {
            dr.ROUNDING.key: self.rounding.currentData(),
            dr.CAP.key: _fen(self.cap, "cap"),
            dr.PROBATION_FIRST.key: self.probation.currentData(),
            dr.BACKPAY.key: self.backpay.currentData(),
            dr.PREPAY.key: self.prepay.currentData(),
            dr.DISCLOSURE_DAYS.key: self.days.value(),
            dr.DISCLOSURE_CONTACT.key: self.contact.text().strip(),
        }
        if self.start.text().strip() != str(self.service.setting(dr.START_MONTH.key) or ""):
            self.service.set_start_month(self.start.text())  # a month, or refused with the field named
        for key, value in values.items():
            if value != self.service.setting(key):
                self.service.set_setting(key, value)


class PaymentsDialog(FormDialog):
    """A member's payment records; a mistaken one is reversed (冲销), never edited."""

    def __init__(self, parent: QWidget | None, services: Services, member_id: int) -> None:
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem

        self.services = services
        self.service = services.dues
        self.member_id = member_id
        member = services.roster.get(member_id)
        super().__init__(parent, self.tr("收缴记录 — {name}").format(name=member.name))
        self.setMinimumWidth(820)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("日期"),
                self.tr("金额"),
                self.tr("所交月份"),
                self.tr("方式"),
                self.tr("收据"),
                self.tr("收缴人"),
                self.tr("说明"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._item = QTableWidgetItem
        self.form.addRow(self.table)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("冲销原因，如：重复登记"))
        self.reverse_button = QPushButton(self.tr("冲销所选记录"))
        self.reverse_button.clicked.connect(self._on_reverse)
        self.form.addRow(self.reason, self.reverse_button)
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        given = self.service.reminders.given(member_id)
        self.reminded = QLabel(self.tr("催缴提醒：") + "、".join(
            f"{dates.fmt_cn(r.given_on)}（{r.how}，{dr.yuan(r.owed_fen)}）" for r in given)
            if given else self.tr("没有催缴提醒记录"))
        self.reminded.setWordWrap(True)
        self.form.addRow(self.reminded)
        self.changed = False
        self._fill()

    def _fill(self) -> None:
        rows = self.service.payments(self.member_id)
        self.table.setRowCount(len(rows))
        for i, p in enumerate(rows):
            note = "；".join(x for x in (p.correction_reason, p.backpay_override, p.note) if x)
            for c, v in enumerate(
                [
                    dates.fmt_cn(p.paid_on),
                    dr.yuan(p.amount_fen),
                    "、".join(months.cn(m) for m in (p.months or "").split(",") if m),
                    p.method,
                    p.receipt_no,
                    p.collector,
                    note,
                ]
            ):
                item = self._item(v)
                item.setData(256, p.id)
                item.setToolTip(v)
                self.table.setItem(i, c, item)

    def _on_reverse(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        try:
            self.service.reverse(items[0].data(256), self.reason.text())
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        self.changed = True
        self.reason.clear()
        self.error.show_message(None)
        self._fill()

    def _save(self) -> None:
        return None
