"""催缴提醒: the members to remind, each reminder's text to copy into a message or print, and the
record that a member was reminded (the day and how)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError
from app.common.money import yuan
from app.dues import rules as dr
from app.services import Services
from ui import messages
from ui.common.plain_text import PlainTextEdit
from ui.common.save_dialog import ask_save_path
from ui.common.screen import fit_to_screen


class RemindDialog(QDialog):
    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.services = services
        self.dues = services.dues
        self.recorded = False
        self.setWindowTitle(self.tr("党费催缴提醒"))
        intro = QLabel(self.tr("连续3个月以上未交足党费、且未登记正当理由的党员。选中一人可复制提醒文字发短信或微信，"
                               "也可打印全部；提醒后请登记，以便在收缴记录中查到。"))
        intro.setWordWrap(True)
        self.people = QListWidget()
        self.people.currentRowChanged.connect(self._show)
        self.text = PlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        splitter = QSplitter()
        splitter.addWidget(self.people)
        splitter.addWidget(self.text)
        splitter.setSizes([330, 530])
        self.copy_button = QPushButton(self.tr("复制提醒文字"))
        self.copy_button.clicked.connect(self._on_copy)
        self.print_button = QPushButton(self.tr("打印全部（PDF）…"))
        self.print_button.clicked.connect(self._on_print)
        self.how = QComboBox()
        self.how.addItems(dr.REMINDER_WAYS)
        self.how.setCurrentText("短信")
        self.record_button = QPushButton(self.tr("登记已提醒"))
        self.record_button.clicked.connect(self._on_record)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("提醒方式")))
        row.addWidget(self.how)
        row.addWidget(self.record_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        fit_to_screen(self, 860, 520)
        self.refresh()
        self.people.setFocus()

    def refresh(self) -> None:
        self.found = self.dues.reminders.due()
        self.people.clear()
        for r in self.found:
            last = self.tr("，{d}已提醒").format(d=dates.fmt_cn(r.last_given)) if r.last_given else ""
            item = QListWidgetItem(f"{r.name}（{len(r.months)}个月，{yuan(r.owed_fen)}{last}）")
            item.setToolTip(item.text())
            self.people.addItem(item)
        if self.found:
            self.people.setCurrentRow(0)
        else:
            self.text.setPlainText(self.tr("目前没有需要催缴的党员。"))
        for b in (self.copy_button, self.print_button, self.record_button):
            b.setEnabled(bool(self.found))

    def _current(self) -> object | None:
        row = self.people.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.found):
            self.text.setPlainText(self.found[row].text)

    def _on_copy(self) -> None:
        r = self._current()
        if r is not None:
            QGuiApplication.clipboard().setText(r.text)  # type: ignore[attr-defined]

    def _on_print(self) -> None:
        path = ask_save_path(self, self.tr("保存催缴提醒"), self.tr("党费催缴提醒.pdf"),
                             self.tr("PDF 文件 (*.pdf)"), ".pdf")
        if not path:
            return

        try:
            self.services.printing.reminders(target=path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        text = self.tr("已保存 {path}，可直接打印后逐份裁开。").format(path=path)
        messages.show_info(self, self.tr("党费催缴提醒"), text)

    def _on_record(self) -> None:
        r = self._current()
        if r is None:
            return
        try:
            self.dues.reminders.record(r.member_id, self.how.currentText())  # type: ignore[attr-defined]
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.recorded = True
        row = self.people.currentRow()
        self.refresh()
        self.people.setCurrentRow(min(row, self.people.count() - 1))
