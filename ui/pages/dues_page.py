"""党费收缴: assessment, ledger, this month's collection, arrears, remittance and reports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.common import dates, months
from app.common.errors import UserError, ValidationError
from app.dues import rules as dr
from app.dues.reports import export_workbook
from app.services import Services
from ui import messages
from ui.dialogs.dues_dialogs import (
    AssessmentDialog,
    DuesSettingsDialog,
    PaymentDialog,
    PaymentsDialog,
    RemittanceDialog,
)
from ui.dialogs.form_dialog import FormDialog
from ui.models.ledger_table_model import FIRST_MONTH_COLUMN, CellRole, LedgerTableModel, RowRole
from ui.widgets.date_field import DateField

IdRole = Qt.ItemDataRole.UserRole


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _item(text: str, data: object = None, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(IdRole, data)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _ReasonDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str) -> None:
        super().__init__(parent, title)
        self.text = QLineEdit()
        self.form.addRow(label, self.text)

    def _save(self) -> None:
        if not self.text.text().strip():
            raise ValidationError({"text": self.tr("请填写")})


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
        self.year.setValue(int(self.services.today()[:4]))
        self.year.setSuffix(self.tr(" 年"))
        self.year.valueChanged.connect(self.refresh)
        self.rounding = QLabel()
        self.rounding.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.rounding)
        settings = QPushButton(self.tr("党费设置…"))
        settings.clicked.connect(self._on_settings)
        top.addWidget(settings)
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_assessment(), self.tr("年度核定"))
        self.tabs.addTab(self._build_ledger(), self.tr("党费台账"))
        self.tabs.addTab(self._build_collect(), self.tr("本月收缴"))
        self.tabs.addTab(self._build_arrears(), self.tr("欠缴提醒"))
        self.tabs.addTab(self._build_cash(), self.tr("上缴与报表"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # -- tabs ---------------------------------------------------------------------------

    def _build_assessment(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.assess_note = QLabel()
        self.assess_note.setWordWrap(True)
        layout.addWidget(self.assess_note)
        self.assess_table = _table([self.tr("姓名"), self.tr("人员类别"), self.tr("计算基数"), self.tr("比例"),
                                    self.tr("月交纳额"), self.tr("执行起始"), self.tr("说明"), self.tr("核定人")])
        self.assess_table.doubleClicked.connect(lambda _: self._on_assess())
        layout.addWidget(self.assess_table, 1)
        row = QHBoxLayout()
        one = QPushButton(self.tr("核定/调整所选党员…"))
        one.clicked.connect(self._on_assess)
        carry = QPushButton(self.tr("按上年基数批量核定"))
        carry.clicked.connect(self._on_assess_year)
        row.addWidget(one)
        row.addWidget(carry)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _build_ledger(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.ledger_search = QLineEdit()
        self.ledger_search.setPlaceholderText(self.tr("按姓名筛选"))
        self.ledger_search.setClearButtonEnabled(True)
        bar.addWidget(self.ledger_search, 1)
        pay = QPushButton(self.tr("登记交纳…"))
        pay.clicked.connect(self._on_pay)
        bar.addWidget(pay)
        records = QPushButton(self.tr("收缴记录/冲销…"))
        records.clicked.connect(self._on_records)
        bar.addWidget(records)
        self.ledger_legend = QLabel(self.tr("双击月份格登记交纳。绿：已交　黄：部分交纳/本月"
                                            "待交　红：欠交　蓝：免交　灰：不在本支部或未核定"))
        self.ledger_legend.setStyleSheet("color: #555;")
        layout.addLayout(bar)
        layout.addWidget(self.ledger_legend)
        self.ledger_model = LedgerTableModel(self)
        self.ledger_proxy = QSortFilterProxyModel(self)
        self.ledger_proxy.setSourceModel(self.ledger_model)
        self.ledger_proxy.setFilterKeyColumn(0)
        self.ledger_search.textChanged.connect(self.ledger_proxy.setFilterFixedString)
        self.ledger = QTableView()
        self.ledger.setModel(self.ledger_proxy)
        self.ledger.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ledger.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ledger.verticalHeader().setDefaultSectionSize(26)
        header = self.ledger.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.ledger.doubleClicked.connect(self._on_ledger_double_clicked)
        layout.addWidget(self.ledger, 1)
        return page

    def _build_collect(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.collect_month = QComboBox()
        self.collect_on = DateField()
        self.collect_on.set_value(self.services.today())
        self.collector = QLineEdit()
        self.collector.setPlaceholderText(self.tr("收缴人"))
        select_all = QPushButton(self.tr("全部勾选"))
        select_all.clicked.connect(lambda: self._tick_all(True))
        clear = QPushButton(self.tr("全部取消"))
        clear.clicked.connect(lambda: self._tick_all(False))
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.collect_month)
        bar.addWidget(QLabel(self.tr("收缴日期")))
        bar.addWidget(self.collect_on)
        bar.addWidget(self.collector)
        bar.addStretch(1)
        bar.addWidget(select_all)
        bar.addWidget(clear)
        layout.addLayout(bar)
        self.collect_table = _table([self.tr("交纳"), self.tr("姓名"), self.tr("党小组"), self.tr("月应交"),
                                     self.tr("已交"), self.tr("本次收缴")])
        self.collect_table.model().dataChanged.connect(lambda *_: self._update_collect_total())
        layout.addWidget(self.collect_table, 1)
        row = QHBoxLayout()
        self.collect_total = QLabel()
        self.collect_save = QPushButton(self.tr("保存本月收缴"))
        self.collect_save.clicked.connect(self._on_collect_save)
        row.addWidget(self.collect_total, 1)
        row.addWidget(self.collect_save)
        layout.addLayout(row)
        self.collect_month.currentIndexChanged.connect(self._fill_collect)
        return page

    def _build_arrears(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(self.tr("连续3个月未交足党费提醒；连续6个月不交纳党费又无正"
                              "当理由的，按党章规定视为自行脱党，须由支部大会处理。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.arrears_table = _table([self.tr("姓名"), self.tr("连续未交足"), self.tr("期间"), self.tr("欠交金额"),
                                     self.tr("级别"), self.tr("正当理由")])
        layout.addWidget(self.arrears_table, 1)
        row = QHBoxLayout()
        reason = QPushButton(self.tr("登记正当理由…"))
        reason.clicked.connect(self._on_arrears_reason)
        row.addWidget(reason)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _build_cash(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.cash_table = _table([self.tr("期间"), self.tr("收缴"), self.tr("上缴"), self.tr("结存")])
        layout.addWidget(self.cash_table, 2)
        layout.addWidget(QLabel(self.tr("上缴记录")))
        self.remit_table = _table([self.tr("上缴日期"), self.tr("金额"), self.tr("所属期间"), self.tr("凭证号"),
                                   self.tr("经办人")])
        layout.addWidget(self.remit_table, 1)
        row = QHBoxLayout()
        remit = QPushButton(self.tr("登记上缴…"))
        remit.clicked.connect(self._on_remit)
        close = QPushButton(self.tr("结算月份…"))
        close.clicked.connect(self._on_close_month)
        export = QPushButton(self.tr("导出登记表、公示表（Excel）…"))
        export.clicked.connect(self._on_export)
        self.closed_label = QLabel()
        row.addWidget(remit)
        row.addWidget(close)
        row.addWidget(export)
        row.addStretch(1)
        row.addWidget(self.closed_label)
        layout.addLayout(row)
        return page

    # -- refreshing ---------------------------------------------------------------------

    def refresh(self, *args: object) -> None:
        year = self.year.value()
        self.rounding.setText(self.tr("舍入：{mode}").format(
            mode=dr.ROUNDING_MODES[self.service.setting("dues.rounding")]))
        ledger = self.service.ledger(year)
        self._fill_assessment(year, ledger)
        self.ledger_model.set_rows(year, ledger)
        current = months.of(self.services.today())
        self.collect_month.blockSignals(True)
        self.collect_month.clear()
        last = min(f"{year}-12", current) if str(year) <= current[:4] else f"{year}-12"
        for m in reversed(months.span(f"{year}-01", last)):
            self.collect_month.addItem(months.cn(m), m)
        self.collect_month.blockSignals(False)
        self._fill_collect()
        self._fill_arrears()
        self._fill_cash(year)

    def _fill_assessment(self, year: int, ledger: list) -> None:
        missing = self.service.unassessed(year)
        self.assess_note.setText(
            self.tr("{year}年尚有{n}名党员未核定：{names}").format(year=year, n=len(missing), names="、".join(missing))
            if missing else self.tr("{year}年全部党员已核定。党费数额年初核定，年内一般不变动。").format(year=year))
        self.assess_note.setStyleSheet("color: #b3261e;" if missing else "color: #1e6b2e;")
        rows = []
        for r in ledger:
            history = self.service.assessments(r.member_id, year)
            rows.append((r, history))
        self.assess_table.setRowCount(len(rows))
        for i, (r, history) in enumerate(rows):
            a = history[-1] if history else None
            values = [r.name, a.category if a else r.category,
                      dr.yuan(a.base_fen) if a and a.base_fen is not None else "",
                      f"{a.rate_permille / 10:g}%" if a and a.rate_permille else "",
                      dr.yuan(a.amount_fen) if a else self.tr("未核定"),
                      months.cn(a.effective_from) if a else "",
                      self._assessment_note(a, len(history)) if a else "",
                      a.approved_by if a else ""]
            for c, v in enumerate(values):
                item = _item(v, r.member_id, align_right=c in (2, 4))
                item.setToolTip(v)
                if a is None:
                    item.setBackground(QBrush(QColor("#fbe3e1")))
                self.assess_table.setItem(i, c, item)

    def _assessment_note(self, a, versions: int) -> str:
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

    def _fill_collect(self, *args: object) -> None:
        month = self.collect_month.currentData()
        self.collect_table.blockSignals(True)
        self.collect_table.setRowCount(0)
        if month:
            sheet = sorted(self.service.month_sheet(month), key=lambda r: (not r.owing_fen, r.group, r.member_id))
            for r in sheet:
                i = self.collect_table.rowCount()
                self.collect_table.insertRow(i)
                tick = QTableWidgetItem()
                tick.setData(IdRole, r.member_id)
                owing = r.owing_fen
                if owing:
                    tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                                  | Qt.ItemFlag.ItemIsSelectable)
                    tick.setCheckState(Qt.CheckState.Unchecked)
                else:
                    tick.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    tick.setText(self.tr("已交清") if r.due_fen is not None else self.tr("未核定"))
                self.collect_table.setItem(i, 0, tick)
                self.collect_table.setItem(i, 1, _item(r.name))
                self.collect_table.setItem(i, 2, _item(r.group))
                due = dr.yuan(r.due_fen) if r.due_fen is not None else self.tr("未核定")
                self.collect_table.setItem(i, 3, _item(due, align_right=True))
                self.collect_table.setItem(i, 4, _item(dr.yuan(r.paid_fen), align_right=True))
                self.collect_table.setItem(i, 5, _item(dr.yuan(owing) if owing else "", owing or 0, align_right=True))
        self.collect_table.blockSignals(False)
        self._update_collect_total()

    def _ticked(self) -> list[int]:
        out = []
        for i in range(self.collect_table.rowCount()):
            item = self.collect_table.item(i, 0)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(IdRole))
        return out

    def _tick_all(self, on: bool) -> None:
        for i in range(self.collect_table.rowCount()):
            item = self.collect_table.item(i, 0)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _update_collect_total(self) -> None:
        ticked = set(self._ticked())
        total = sum(self.collect_table.item(i, 5).data(IdRole) or 0 for i in range(self.collect_table.rowCount())
                    if self.collect_table.item(i, 0).data(IdRole) in ticked)
        self.collect_total.setText(self.tr("已勾选 {n} 人，合计 {x}").format(n=len(ticked), x=dr.yuan(total)))
        self.collect_save.setEnabled(bool(ticked))

    def _fill_arrears(self) -> None:
        found = self.service.arrears()
        self.arrears_table.setRowCount(len(found))
        for i, a in enumerate(found):
            values = [a.name, self.tr("{n}个月").format(n=a.count),
                      f"{months.cn(a.months[0])}—{months.cn(a.months[-1])}", dr.yuan(a.owed_fen),
                      self.tr("已满6个月") if a.level == "alert" else self.tr("已满3个月"), a.reason]
            for c, v in enumerate(values):
                item = _item(v, (a.member_id, a.months[0]))
                item.setBackground(QBrush(QColor("#f8d7d4" if a.level == "alert" else "#fff0c2")))
                self.arrears_table.setItem(i, c, item)

    def _fill_cash(self, year: int) -> None:
        summary = self.service.cash_summary(year)
        parts = summary["months"] + summary["quarters"] + summary["year"]
        self.cash_table.setRowCount(len(parts))
        for i, p in enumerate(parts):
            label = p["period"]
            if "Q" in label:
                label = self.tr("第{q}季度").format(q=label[-1])
            elif len(label) == 7:
                label = months.cn(label)
            else:
                label = self.tr("{y}年全年（上年结转{x}）").format(y=label, x=dr.yuan(p["opening_fen"]))
            amounts = [dr.yuan(p[k]) for k in ("collected_fen", "remitted_fen", "on_hand_fen")]
            for c, v in enumerate([label, *amounts]):
                item = _item(v, align_right=c > 0)
                if "Q" in p["period"] or len(p["period"]) == 4:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.cash_table.setItem(i, c, item)
        remits = self.service.remittances(year)
        self.remit_table.setRowCount(len(remits))
        for i, r in enumerate(remits):
            for c, v in enumerate(
                [
                    dates.fmt_cn(r.remitted_on),
                    dr.yuan(r.amount_fen),
                    f"{months.cn(r.from_month)}—{months.cn(r.to_month)}",
                    r.slip_no,
                    r.handled_by,
                ]
            ):
                self.remit_table.setItem(i, c, _item(v))
        closed = [m for m in self.service.closed_months() if m.startswith(str(year))]
        self.closed_label.setText(
            self.tr("已结算至：{m}").format(m=months.cn(closed[-1])) if closed else self.tr("本年尚未结算")
        )

    # -- actions ------------------------------------------------------------------------

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _selected_id(self, table: QTableWidget) -> object:
        items = table.selectedItems()
        return items[0].data(IdRole) if items else None

    def _on_assess(self) -> None:
        mid = self._selected_id(self.assess_table)
        if mid is None:
            messages.show_info(self, self.tr("核定"), self.tr("请先在表中选择一名党员"))
            return
        if AssessmentDialog(self, self.services, mid, self.year.value()).run():
            self._changed()

    def _on_assess_year(self) -> None:
        year = self.year.value()
        if not messages.confirm(
            self,
            self.tr("批量核定"),
            self.tr("为{year}年尚未核定的党员沿用上年计算基数和人员类别核定？").format(year=year),
        ):
            return
        done, missing = self.service.assess_year(year)
        text = self.tr("已核定 {n} 人。").format(n=len(done))
        if missing:
            text += self.tr("\n以下党员没有上年基数，请逐一核定：") + "、".join(missing)
        messages.show_info(self, self.tr("批量核定"), text)
        self._changed()

    def _on_ledger_double_clicked(self, index: QModelIndex) -> None:
        cell = self.ledger_proxy.data(index, CellRole)
        row = self.ledger_proxy.data(index, RowRole)
        month = cell.month if cell else months.of(self.services.today())
        if index.column() < FIRST_MONTH_COLUMN or cell is None:
            month = min(months.of(self.services.today()), f"{self.year.value()}-12")
        if PaymentDialog(self, self.services, row.member_id, month).run():
            self._changed()

    def _on_pay(self) -> None:
        rows = self.ledger.selectionModel().selectedIndexes()
        if not rows:
            messages.show_info(self, self.tr("登记交纳"), self.tr("请先在台账中选择党员（或双击月份格）"))
            return
        self._on_ledger_double_clicked(rows[0])

    def _on_records(self) -> None:
        rows = self.ledger.selectionModel().selectedIndexes()
        if not rows:
            messages.show_info(self, self.tr("收缴记录"), self.tr("请先在台账中选择党员"))
            return
        dialog = PaymentsDialog(self, self.services, self.ledger_proxy.data(rows[0], RowRole).member_id)
        dialog.run()
        if dialog.changed:
            self._changed()

    def _on_settings(self) -> None:
        if DuesSettingsDialog(self, self.services).run():
            self._changed()

    def _on_collect_save(self) -> None:
        month = self.collect_month.currentData()
        try:
            on = self.collect_on.value()
            self.service.collect_month(month, self._ticked(), paid_on=on, collector=self.collector.text())
        except dates.DateParseError as exc:
            messages.show_error(self, self.tr("无法保存"), str(exc))
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._changed()

    def _on_arrears_reason(self) -> None:
        key = self._selected_id(self.arrears_table)
        if key is None:
            return
        ask = _ReasonDialog(self, self.tr("登记正当理由"), self.tr("正当理由"))
        if not ask.run():
            return
        try:
            self.service.record_arrears_reason(key[0], key[1], ask.text.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._changed()

    def _on_remit(self) -> None:
        if RemittanceDialog(self, self.services, self.year.value()).run():
            self._changed()

    def _on_close_month(self) -> None:
        last = months.add(months.of(self.services.today()), -1)
        closed = self.service.closed_months()
        month = months.add(closed[-1], 1) if closed else last
        if month > last:
            messages.show_info(self, self.tr("结算"), self.tr("上月之前的月份都已结算。"))
            return
        ask = _ReasonDialog(self, self.tr("结算{m}").format(m=months.cn(month)), self.tr("结算人"))
        if not ask.run():
            return
        try:
            self.service.close_month(month, ask.text.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._changed()

    def _on_export(self) -> None:
        year = self.year.value()
        default = str(Path.home() / f"党费收缴-{year}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出党费报表"), default, self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        try:
            export_workbook(self.services.dues, year, path)
        except UserError as exc:
            messages.show_error(self, self.tr("无法导出"), str(exc))
            return
        messages.show_info(self, self.tr("导出完成"), self.tr("已导出到\n{p}").format(p=path))
