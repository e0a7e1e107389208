"""从备份恢复: the backups with their date, size and what they hold; restoring one backs up the
current file first. Also where the second copy goes (a USB stick or a network folder)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.backups.cli import _reason
from app.common import dates
from app.common.errors import UserError
from app.session import Session
from db.errors import StorageError
from ui import messages
from ui.common.screen import fit_to_screen


class RestoreDialog(QDialog):
    """Choose a backup and restore it; ``restored`` is True after a restore."""

    def __init__(self, parent: QWidget | None, session: Session) -> None:
        super().__init__(parent)
        self.session = session
        self.service = session.services.backups
        self.restored = False
        self.setWindowTitle(self.tr("从备份恢复"))
        intro = QLabel(self.tr("程序在每次关闭时（有改动时）和每天自动备份，并保留最近7天、4周和12个月的备份。"
                               "恢复前会先把当前数据另存一份，恢复本身也可以再撤回。"))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("备份时间"), self.tr("类型"), self.tr("大小"),
                                              self.tr("党员"), self.tr("会议记录"), self.tr("收缴记录")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.restore_button.clicked.connect(self._on_restore)
        self.now_button = QPushButton(self.tr("立即备份"))
        self.now_button.clicked.connect(self._on_now)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        self.second = QLineEdit(self.service.second_location())
        self.second.setPlaceholderText(self.tr("例如 E:\\支部台账备份（U盘）或网络文件夹；留空则不写第二份"))
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self._on_choose)
        save_second = QPushButton(self.tr("保存"))
        save_second.clicked.connect(self._on_save_second)
        second_row = QHBoxLayout()
        second_row.addWidget(QLabel(self.tr("第二备份位置")))
        second_row.addWidget(self.second, 1)
        second_row.addWidget(choose)
        second_row.addWidget(save_second)
        self.second_state = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(second_row)
        layout.addWidget(self.second_state)
        layout.addLayout(buttons)
        fit_to_screen(self, 860, 560)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self.infos = self.service.list()
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            when = dates.fmt_cn(info.taken[:10]) + " " + info.taken[11:16]
            cells = [when, _reason(info.reason), f"{info.size / 1024:,.0f} KB"]
            cells += ([str(info.counts.get(k, 0)) for k in ("members", "meetings", "payments")] if info.ok
                      else [self.tr("不可用：{p}").format(p=info.problem), "", ""])
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.infos:
            self.table.selectRow(0)
        since = self.service.second_missing_since()
        self.second_state.setText(self.tr("第二份备份自{d}起未能写入：请插入U盘或连接网络文件夹").format(
            d=dates.fmt_cn(since)) if since else "")
        self.second_state.setStyleSheet("color: #b3261e;")
        self._update()

    def _selected(self) -> object | None:
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def _update(self) -> None:
        info = self._selected()
        self.restore_button.setEnabled(bool(info and info.ok))  # type: ignore[attr-defined]
        self.detail.setText(str(info.path) if info else self.tr("还没有备份。"))  # type: ignore[attr-defined]

    def _on_restore(self) -> None:
        info = self._selected()
        if info is None:
            return
        when = info.taken.replace("T", " ")[:16]  # type: ignore[attr-defined]
        if not messages.confirm(self, self.tr("从备份恢复"), self.tr(
                "把数据恢复到 {when} 的备份？\n此后所做的修改会被替换（当前数据会先另存为一份备份，可再恢复回来）。"
        ).format(when=when)):
            return
        try:
            result = self.session.restore_from(info.path)  # type: ignore[attr-defined]
        except (UserError, StorageError) as exc:
            text = exc.user_message() if isinstance(exc, StorageError) else exc.message
            messages.show_error(self, self.tr("从备份恢复"), text)
            return
        self.restored = True
        text = self.tr("已恢复到 {when} 的备份。恢复前的数据已另存为：\n{saved}")
        messages.show_info(self, self.tr("从备份恢复"), text.format(when=when, saved=result["saved_current_as"]))
        self.refresh()

    def _on_now(self) -> None:
        try:
            taken = self.service.auto(force=True)
        except (UserError, StorageError, OSError) as exc:
            messages.show_error(self, self.tr("备份"), str(exc))
            return
        self.refresh()
        self.detail.setText(self.tr("已备份：{p}").format(p=taken))

    def _on_choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择第二备份位置"), self.second.text())
        if folder:
            self.second.setText(folder)

    def _on_save_second(self) -> None:
        try:
            self.service.set_second_location(self.second.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.refresh()
        self.second_state.setText(self.tr("已保存；下次自动备份时写入第二份。") if self.second.text().strip() else "")
        self.second_state.setStyleSheet("color: #1e6b2e;")
