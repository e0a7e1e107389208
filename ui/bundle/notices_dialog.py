"""督办事项: the items of the committee's notices, each 待整改 until marked 已整改 with what was done.
Importing a .bbn checks that the committee the branch trusts signed it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError
from app.services import Services
from db.records.notices import NoticeItem
from ui import messages
from ui.common.buttons import ok_cancel
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.plain_text import PlainTextEdit
from ui.common.screen import fit_to_screen


class DoneDialog(QDialog):
    """What was done about one item, and when."""

    def __init__(self, parent: QWidget | None, problem: str, today: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("标记已整改"))
        text = QLabel(problem)
        text.setWordWrap(True)
        self.note = PlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.on = DateField()
        self.on.set_value(today)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("整改情况(&N)"), self.note)
        form.addRow(self.tr("完成日期(&D)"), self.on)
        buttons = ok_cancel(self, "确定", self._ok)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.note.setFocus()

    def _ok(self) -> None:
        if not self.note.toPlainText().strip():
            self.error.show_message(self.tr("请写明整改情况"))
            return
        try:
            self.on.value()
        except dates.DateParseError as exc:
            self.error.show_message(self.tr("完成日期：{e}").format(e=exc))
            return
        self.accept()


class NoticesDialog(QDialog):
    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.notices
        self.changed = False
        self.setWindowTitle(self.tr("督办事项"))
        self.open_only = QCheckBox(self.tr("只看待整改的"))
        self.open_only.setChecked(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in ("状态", "期限", "督办事项", "整改要求", "整改情况",
                                                                   "来自")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.import_button = QPushButton(self.tr("导入督办通知…"))
        self.done_button = QPushButton(self.tr("标记已整改…"))
        self.reopen_button = QPushButton(self.tr("改回待整改"))
        close = QPushButton(self.tr("关闭"))
        bar = QHBoxLayout()
        for w in (self.import_button, self.open_only):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.done_button, self.reopen_button, close):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.import_button.clicked.connect(self.import_file)
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button.clicked.connect(self.reopen)
        self.open_only.toggled.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._buttons)
        close.clicked.connect(self.accept)
        fit_to_screen(self, 1000, 560)
        self.refresh()
        self.table.setFocus()

    def refresh(self, *args: object) -> None:
        self.items = self.service.items(open_only=self.open_only.isChecked())
        self.table.setRowCount(len(self.items))
        for r, i in enumerate(self.items):
            status = i.status + ("（逾期）" if i.overdue else "")
            values = (status, dates.fmt_cn(i.due_on), i.problem, i.requirement,
                      (i.note + (f"（{dates.fmt_cn(i.done_on)}）" if i.done_on else "")), i.committee)
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c == 0 and i.overdue:
                    item.setForeground(QBrush(QColor("#b71c1c")))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self._buttons()

    def _selected(self) -> NoticeItem | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.items[rows[0].row()] if rows else None

    def _buttons(self) -> None:
        item = self._selected()
        self.done_button.setEnabled(item is not None and item.status == "待整改")
        self.reopen_button.setEnabled(item is not None and item.status == "已整改")

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择督办通知"), str(Path.home()),
                                              self.tr("督办通知 (*.bbn);;所有文件 (*)"))
        if not path:
            return
        try:
            body = self.service.import_file(path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        messages.show_info(self, self.tr("已导入"), self.tr("已导入{c}的督办通知：{n} 项，整改期限 {d}").format(
            c=body.get("committee", ""), n=len(body["items"]), d=dates.fmt_cn(body["due_on"])))
        self.refresh()

    def mark_done(self) -> None:
        item = self._selected()
        if item is None:
            return
        dialog = DoneDialog(self, item.problem, self.services.today())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.service.mark(item.id, True, dialog.note.toPlainText(), dialog.on.value())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()

    def reopen(self) -> None:
        item = self._selected()
        if item is None:
            return
        try:
            self.service.mark(item.id, False)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()
