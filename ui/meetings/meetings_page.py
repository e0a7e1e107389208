"""会议记录: the work-record list with filters and full-text search."""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError
from app.meetings import kinds
from app.meetings.kinds import Attendees
from app.meetings.model import MeetingSummary, Status
from app.printing.catalog import BookKind
from app.services import Services
from ui import messages
from ui.common.date_field import DateField
from ui.common.save_dialog import ask_save_path
from ui.meetings.import_dialog import MeetingImportDialog
from ui.meetings.meetings_table_model import MColumn, MeetingsTableModel, NumberedProxy, RecordRole, SortRole
from ui.meetings.record import MeetingEditor
from ui.printing.print_dialog import open_print_dialog
from ui.summary.year_text_dialog import YearTextDialog


class MeetingsPage(QWidget):
    """The list of records; double-click or Enter opens one."""

    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.meetings
        self.branch = services.branch
        self.members = services.roster
        self._build_ui()
        self.refresh()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("党支部工作记录"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("全部类型"), None)
        for k in kinds.NAMES:
            self.kind_filter.addItem(k, k)
        year = int(self.services.today()[:4])
        self.date_from = DateField()
        self.date_from.set_value(f"{year}-01-01")
        self.date_to = DateField()
        self.date_to.set_value(f"{year}-12-31")
        self.person_filter = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("全文搜索：标题、议题、内容、决议（如“整改”）"))
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(QLabel(self.tr("从")))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("到")))
        filters.addWidget(self.date_to)
        filters.addWidget(self.person_filter)
        filters.addWidget(self.search, 1)

        # a menu button: room on the right for its arrow, so the arrow never sits on the text
        menu_button_style = ("QToolButton { padding: 3px 18px 3px 8px; }"
                             "QToolButton::menu-indicator { subcontrol-origin: padding;"
                             " subcontrol-position: center right; right: 4px; }")
        self.new_button = QToolButton()
        self.new_button.setStyleSheet(menu_button_style)
        self.new_button.setText(self.tr("新建记录"))
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._rebuild_new_menu()
        self.open_button = QPushButton(self.tr("打开"))
        self.delete_button = QPushButton(self.tr("删除草稿"))
        self.year_text_button = QPushButton(self.tr("年度计划和总结…"))
        self.year_text_button.setToolTip(self.tr("填写本年度工作计划和工作总结（打印在工作记录中）"))
        self.print_button = QToolButton()
        self.print_button.setStyleSheet(menu_button_style)
        self.print_button.setText(self.tr("打印"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        print_menu = QMenu(self.print_button)
        self.print_year_action = print_menu.addAction(self.tr("本年度工作记录…"), self._on_print_year)
        self.print_one_action = print_menu.addAction(self.tr("选中的会议记录…"), self._on_print_one)
        print_menu.addAction(self.tr("空白续页…"), lambda: self._print(BookKind.BLANK))
        self.print_button.setMenu(print_menu)
        self.excel_button = QToolButton()
        self.excel_button.setStyleSheet(menu_button_style)
        self.excel_button.setText(self.tr("Excel"))
        self.excel_button.setToolTip(self.tr("从自己的三会一课登记表导入往年的会议记录，或把本年度的记录导出为登记表"))
        self.excel_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.excel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        excel_menu = QMenu(self.excel_button)
        self.import_action = excel_menu.addAction(self.tr("从Excel导入…"), self._on_import)
        excel_menu.addAction(self.tr("导出本年度登记表…"), self._on_export)
        self.excel_button.setMenu(excel_menu)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.RichText)
        self.count_label.linkActivated.connect(lambda _: self.search_all_years())
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.excel_button)
        actions.addWidget(self.year_text_button)
        actions.addWidget(self.print_button)

        self.model = MeetingsTableModel(self)
        self.proxy = NumberedProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((MColumn.DATE, 120), (MColumn.TIME, 100), (MColumn.KIND, 230),
                           (MColumn.HOST, 80), (MColumn.ATTENDANCE, 90), (MColumn.STATUS, 110)):
            self.table.setColumnWidth(col, width)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

        # the indexed search answers in milliseconds, so each keystroke searches (no debounce)
        self.search.textChanged.connect(lambda _: self.reload())
        self.kind_filter.currentIndexChanged.connect(self.reload)
        self.person_filter.currentIndexChanged.connect(self.reload)
        self.date_from.changed.connect(self.reload)
        self.date_to.changed.connect(self.reload)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.activated.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.open_button.clicked.connect(self._on_open)
        self.delete_button.clicked.connect(self._on_delete)
        self.year_text_button.clicked.connect(self._on_year_text)

    def _rebuild_new_menu(self) -> None:
        menu = QMenu(self.new_button)
        groups = self.branch.groups()
        for spec in kinds.KINDS:
            kind = spec.name
            if spec.attendees == Attendees.GROUP:
                sub = menu.addMenu(kind)
                for g in groups:
                    sub.addAction(g.name, partial(self.new_record, kind, g.id))
                sub.setEnabled(bool(groups))
            else:
                menu.addAction(kind, partial(self.new_record, kind))
        self.new_button.setMenu(menu)

    def refresh(self) -> None:
        current = self.person_filter.currentData() if self.person_filter.count() else None
        self.person_filter.blockSignals(True)
        self.person_filter.clear()
        self.person_filter.addItem(self.tr("全部人员"), None)
        for m in self.members.list():
            self.person_filter.addItem(m.name, m.id)
        self.person_filter.setCurrentIndex(max(0, self.person_filter.findData(current)))
        self.person_filter.blockSignals(False)
        self._rebuild_new_menu()
        self.reload()

    def reload(self, *args: object) -> None:
        try:
            start, end = self.date_from.value(), self.date_to.value()
        except dates.DateParseError:
            return
        rows = self.service.list(date_from=start, date_to=end, kind=self.kind_filter.currentData(),
                                 person=self.person_filter.currentData(), text=self.search.text())
        self.model.set_rows(rows)
        drafts = sum(1 for r in rows if r.status == Status.DRAFT)
        late = sum(1 for r in rows if r.late)
        text = self.search.text().strip()
        if not rows and text and (start, end) != (None, None):
            elsewhere = self.service.list(kind=self.kind_filter.currentData(), person=self.person_filter.currentData(),
                                          text=text)
            self.count_label.setText(self.tr("所选日期范围内没有找到“{t}”") .format(t=html.escape(text)) + (
                self.tr("；其他年份有 {n} 条，<a href='#'>查找全部年份</a>").format(n=len(elsewhere))
                if elsewhere else self.tr("；全部年份也没有")))
        else:
            self.count_label.setText(self.tr("共 {n} 条，其中草稿 {d}"
                                             " 条、逾期签发 {l} 条").format(n=len(rows), d=drafts, l=late))
        self._update_buttons()

    def search_all_years(self) -> None:
        """Widen the date range to every year (the search text stays)."""
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.reload()

    def _selected(self) -> MeetingSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], RecordRole) if rows else None

    def _update_buttons(self, *args: object) -> None:
        r = self._selected()
        self.open_button.setEnabled(r is not None)
        self.delete_button.setEnabled(r is not None and r.status == Status.DRAFT)
        self.print_one_action.setEnabled(r is not None)

    def new_record(self, kind: str, group_id: int | None = None) -> None:
        if MeetingEditor.new_record(self, self.services, kind, group_id):
            self._changed()

    def open_record(self, meeting_id: int) -> None:
        if MeetingEditor.open_record(self, self.services, meeting_id):
            self._changed()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.open_record(self.proxy.data(index, RecordRole).id)

    def _on_open(self) -> None:
        r = self._selected()
        if r:
            self.open_record(r.id)

    def _on_delete(self) -> None:
        r = self._selected()
        if not r or not messages.confirm(self, self.tr("删除草稿"), self.tr("确认删除草稿“{t}”？").format(t=r.title)):
            return
        try:
            self.service.delete(r.id)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._changed()

    def year(self) -> int:
        """The year the list shows (that of its start date)."""
        try:
            start = self.date_from.value()
        except dates.DateParseError:
            start = None
        return int(start[:4]) if start else self.services.clock.year()

    def print_choice(self) -> tuple[BookKind, dict[str, object]]:
        return BookKind.WORKBOOK, {"year": self.year()}

    def _print(self, kind: BookKind, **kw: object) -> None:
        open_print_dialog(self, self.services, kind, **{"year": self.year(), **kw})

    def _on_print_year(self) -> None:
        self._print(BookKind.WORKBOOK)

    def _on_print_one(self) -> None:
        r = self._selected()
        if r is not None:
            self._print(BookKind.MEETING, meeting_id=r.id)

    def _on_import(self) -> None:
        new, updated = MeetingImportDialog.ask(self, self.services)
        if new or updated:
            self._changed()
            messages.show_info(self, self.tr("导入会议记录"), self.tr(
                "已导入：新增 {n} 条，更新 {u} 条会议记录。导入的记录都是草稿，请逐条核对后签发；"
                "如导错了，可用“编辑 → 撤销”整体撤回。").format(n=new, u=updated))

    def _on_export(self) -> None:
        year = self.year()
        path = ask_save_path(self, self.tr("导出登记表"), self.tr("{y}年三会一课登记表.xlsx").format(y=year),
                             self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if not path:
            return
        try:
            count = self.services.meetings_excel.export(year, path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("导出登记表"), self.tr("已把{y}年的 {n} 条会议记录写入 {p}").format(
            y=year, n=count, p=path))

    def _on_year_text(self) -> None:
        if YearTextDialog(self, self.services, self.year()).exec():
            self.data_changed.emit()

    def _changed(self) -> None:
        self.reload()
        self.data_changed.emit()
