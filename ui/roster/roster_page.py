"""党员名册: the roster table with search, filters, and the member actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError
from app.printing.catalog import BookKind
from app.roster.model import PersonnelCategory
from app.services import Services
from ui import messages
from ui.common.date_field import DateField
from ui.common.save_dialog import ask_save_path
from ui.printing.print_dialog import open_print_dialog
from ui.roster.import_dialog import ImportDialog
from ui.roster.leave_dialog import LeaveDialog, RejoinDialog
from ui.roster.member_dialog import MemberDialog
from ui.roster.members_table_model import (
    Column,
    MemberFilterProxy,
    MembersTableModel,
    RecordRole,
)


class RosterPage(QWidget):
    """The member roster."""

    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.members = services.roster
        self.branch = services.branch
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索姓名、公民身份号码或电话"))
        self.search.setClearButtonEnabled(True)
        self.group_filter = QComboBox()
        self.category_filter = QComboBox()
        self.category_filter.addItem(self.tr("全部人员类别"), None)
        for c in PersonnelCategory:
            self.category_filter.addItem(c, c)
        self.status_filter = QComboBox()
        labels = {"在册": "在册党员", "正式": "正式党员", "预备": "预备党员",
                  "已离开": "已转出/离开", "全部": "全部（含已离开）"}
        for s in MemberFilterProxy.STATUSES:
            self.status_filter.addItem(self.tr(labels[s]), s)
        self.on_date_check = QCheckBox(self.tr("查看某日在册："))
        self.on_date = DateField()
        self.on_date.set_value(self.services.today())
        self.on_date.setEnabled(False)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.group_filter)
        filters.addWidget(self.category_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.on_date_check)
        filters.addWidget(self.on_date)

        self.add_button = QPushButton(self.tr("新增党员"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.leave_button = QPushButton(self.tr("转出/离开…"))
        self.import_button = QPushButton(self.tr("从 Excel 导入…"))
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.print_button = QPushButton(self.tr("打印花名册…"))
        self.print_button.setToolTip(self.tr("打印党员花名册（Ctrl+P）"))
        self.count_label = QLabel()
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.leave_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)

        self.model = MembersTableModel(self)
        self.proxy = MemberFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.JOIN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # 工作单位及职务 takes what is left, so the whole roster fits 1366 pixels without scrolling sideways
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.UNIT, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        for col, width in ((Column.NAME, 66), (Column.GENDER, 38), (Column.BIRTH, 100),
                           (Column.ID_NUMBER, 146), (Column.GROUP, 76), (Column.CATEGORY, 60),
                           (Column.CLASS, 60), (Column.JOIN, 100), (Column.FULL, 100),
                           (Column.PHONE, 100), (Column.LEADER, 64), (Column.STATUS, 64)):
            self.table.setColumnWidth(col, width)

        title = QLabel(self.tr("党员名册"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._on_search_changed)
        self.group_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_group(self.group_filter.currentData()))
        self.category_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_category(self.category_filter.currentData()))
        self.status_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.status_filter.currentData()))
        self.on_date_check.toggled.connect(self._on_date_filter_changed)
        self.on_date.changed.connect(self._on_date_filter_changed)
        self._totals: tuple[object, int, int] = (None, 0, 0)  # (rows counted, in the branch, full)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self._on_add)
        self.edit_button.clicked.connect(self._on_edit)
        self.leave_button.clicked.connect(self._on_leave)
        self.import_button.clicked.connect(self._on_import)
        self.export_button.clicked.connect(self._on_export)
        self.print_button.clicked.connect(self._on_print)

    # -- data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.group_filter.currentData() if self.group_filter.count() else "any"
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(self.tr("全部党小组"), "any")
        for g in self.branch.groups():
            self.group_filter.addItem(g.name, g.id)
        self.group_filter.addItem(self.tr("未编入党小组"), None)
        self.group_filter.setCurrentIndex(max(0, self.group_filter.findData(current)))
        self.group_filter.blockSignals(False)
        self.proxy.set_group(self.group_filter.currentData())
        self.model.set_rows(self.members.list())
        self._update_count()
        self._update_buttons()

    def _update_count(self, *args: object) -> None:
        """The line under the table; the roster's totals are counted once per reload, not at every
        keystroke of a search (3,000 members: 5 ms each time, three times a keystroke)."""
        rows = self.model.rows()
        if self._totals[0] is not rows:
            active = [m for m in rows if m.active]
            self._totals = (rows, len(active), sum(1 for m in active if m.member_class == "正式"))
        _, active_count, full = self._totals
        self.count_label.setText(self.tr(
            "显示 {shown} 人 · 在册 {active} 人（正式 {full}，预备 {prob}）"
        ).format(shown=self.proxy.rowCount(), active=active_count, full=full, prob=active_count - full))

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_date_filter_changed(self, *args: object) -> None:
        self.on_date.setEnabled(self.on_date_check.isChecked())
        self.status_filter.setEnabled(not self.on_date_check.isChecked())
        on = None
        if self.on_date_check.isChecked():
            try:
                on = self.on_date.value()
            except dates.DateParseError:
                return
        self.proxy.set_on_date(on)
        self._update_count()

    def selected_member_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.data(rows[0], RecordRole).id

    def _update_buttons(self, *args: object) -> None:
        mid = self.selected_member_id()
        self.edit_button.setEnabled(mid is not None)
        member = self.members.get(mid) if mid is not None else None
        self.leave_button.setEnabled(member is not None)
        self.leave_button.setText(
            self.tr("重新转入…") if member is not None and not member.active else self.tr("转出/离开…"))

    # -- actions ------------------------------------------------------------------------

    def _changed(self, select: int | None = None) -> None:
        self.refresh()
        self.data_changed.emit()
        if select is not None:
            for r in range(self.proxy.rowCount()):
                idx = self.proxy.index(r, 0)
                if self.proxy.data(idx, RecordRole).id == select:
                    self.table.selectRow(r)
                    self.table.scrollTo(idx)
                    break

    def _on_add(self) -> None:
        mid = MemberDialog.ask(self, self.members, self.branch)
        if mid is not None:
            self._changed(mid)

    def open_member(self, member_id: int) -> None:
        if MemberDialog.ask(self, self.members, self.branch, member_id) is not None:
            self._changed(member_id)

    def _on_edit(self) -> None:
        mid = self.selected_member_id()
        if mid is not None:
            self.open_member(mid)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.open_member(self.proxy.data(index, RecordRole).id)

    def _on_leave(self) -> None:
        mid = self.selected_member_id()
        if mid is None:
            return
        if self.members.get(mid).active:
            done = LeaveDialog.ask(self, self.members, mid)
        else:
            done = RejoinDialog(self, self.members, self.branch, mid).run()
        if done:
            self._changed(mid)

    def _on_import(self) -> None:
        new, updated = ImportDialog.ask(self, self.services)
        if new or updated:
            self._changed()
            messages.show_info(self, self.tr("导入完成"), self.tr("新增 {n} 名，更新 {u} 名党员。"
                                                              "导入前的数据已自动备份。").format(n=new, u=updated))

    def print_choice(self) -> tuple[BookKind, dict[str, object]]:
        """The roster as on the date looked at (today unless 查看某日在册 is on)."""
        on = None
        if self.on_date_check.isChecked():
            try:
                on = self.on_date.value()
            except dates.DateParseError:
                on = None
        return BookKind.ROSTER, {"on": on}

    def _on_print(self) -> None:
        kind, kw = self.print_choice()
        open_print_dialog(self, self.services, kind, **kw)

    def _on_export(self) -> None:
        default = str(Path.home() / f"党员名册-{self.services.today().replace('-', '')}.xlsx")
        path = ask_save_path(self, self.tr("导出党员名册"), default, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            count = self.services.roster_excel.export(
                path, include_left=self.status_filter.currentData() in ("已离开", "全部")
            )
        except (OSError, UserError) as exc:
            messages.show_user_error(
                self,
                exc
                if isinstance(exc, UserError)
                else UserError(self.tr("无法写入 {path}：{err}").format(path=path, err=exc)),
            )
            return
        messages.show_info(self, self.tr("导出完成"), self.tr("已导出 {n} 名党员到\n{path}").format(n=count, path=path))
