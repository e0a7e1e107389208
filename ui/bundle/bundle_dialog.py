"""文件 → 年度报送…: the branch key and the committee key, the year's checklist, exporting the
encrypted and signed bundle to a folder (a USB stick) off the GUI thread, and the bundles already
exported. The first time, it walks through creating the key and printing the enrolment sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bundle import checklist as cl
from app.bundle import keys
from app.bundle.rules import BRANCH_CODE
from app.bundle.service import ExportPlan, bundle_target, write_bundle
from app.common.errors import UserError
from app.services import Services
from ui import messages
from ui.bundle.key_dialogs import FingerprintDialog, ask_passphrase
from ui.common.screen import fit_to_screen
from ui.printing.pdf_preview import PdfPreview
from ui.workers import run_with_progress

_COLOURS = {cl.PRESENT: "#e3f1e3", cl.MISSING: "#f8d7d4", cl.NOT_APPLICABLE: "#eeeeee", cl.SEPARATE: "#e3ecf8"}


def _item(text: object, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class BundleDialog(QDialog):
    def __init__(self, parent: QWidget | None, services: Services, year: int | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.bundle
        self.changed = False
        self.setWindowTitle(self.tr("年度报送"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(self.tr(" 年"))
        self.year.setValue(year or services.clock.year() - (1 if services.today()[5:7] <= "03" else 0))
        # keys
        self.key_label = QLabel()
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_button = QPushButton(self.tr("创建密钥…"))
        self.sheet_button = QPushButton(self.tr("打印登记表…"))
        self.rotate_button = QPushButton(self.tr("更换密钥…"))
        self.committee_label = QLabel()
        self.committee_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = QPushButton(self.tr("导入党委公钥…"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("上级党委编定的支部代码"))
        self.code_button = QPushButton(self.tr("保存代码"))
        keys_box = QGroupBox(self.tr("密钥"))
        grid = QGridLayout(keys_box)
        grid.addWidget(QLabel(self.tr("支部报送密钥")), 0, 0)
        grid.addWidget(self.key_label, 0, 1)
        row = QHBoxLayout()
        for b in (self.create_button, self.sheet_button, self.rotate_button):
            row.addWidget(b)
        grid.addLayout(row, 0, 2)
        grid.addWidget(QLabel(self.tr("上级党委公钥")), 1, 0)
        grid.addWidget(self.committee_label, 1, 1)
        grid.addWidget(self.import_button, 1, 2, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(QLabel(self.tr("支部代码")), 2, 0)
        grid.addWidget(self.code, 2, 1)
        grid.addWidget(self.code_button, 2, 2, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        # checklist
        self.items = QTableWidget(0, 3)
        self.items.setHorizontalHeaderLabels([self.tr("报送项目"), self.tr("状态"), self.tr("说明")])
        self.items.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.items.setColumnWidth(0, 300)
        self.items.setColumnWidth(1, 90)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.verticalHeader().setVisible(False)
        self.items.verticalHeader().setDefaultSectionSize(24)
        self.na_button = QPushButton(self.tr("标记为不适用"))
        self.separate_button = QPushButton(self.tr("标记为已另行报送"))
        self.clear_button = QPushButton(self.tr("取消标记"))
        check_box = QGroupBox(self.tr("报送清单"))
        cbl = QVBoxLayout(check_box)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        top.addStretch(1)
        for b in (self.na_button, self.separate_button, self.clear_button):
            top.addWidget(b)
        cbl.addLayout(top)
        cbl.addWidget(self.items)
        # exports
        self.exports = QTableWidget(0, 5)
        self.exports.setHorizontalHeaderLabels([self.tr("年度"), self.tr("版次"), self.tr("导出时间"), self.tr("文件"),
                                                self.tr("SHA-256")])
        self.exports.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.exports.verticalHeader().setVisible(False)
        self.exports.verticalHeader().setDefaultSectionSize(24)
        for c, width in enumerate((60, 60, 150, 420)):
            self.exports.setColumnWidth(c, width)
        self.exports.setMaximumHeight(130)
        self.export_button = QPushButton(self.tr("导出报送包(&E)…"))
        self.export_button.setDefault(True)
        close = QPushButton(self.tr("关闭"))
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("已导出的报送包")))
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(keys_box)
        layout.addWidget(check_box, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.exports)
        self.create_button.clicked.connect(self.create_key)
        self.sheet_button.clicked.connect(self.print_sheet)
        self.rotate_button.clicked.connect(self.rotate_key)
        self.import_button.clicked.connect(self.import_committee_key)
        self.code_button.clicked.connect(self.save_code)
        self.year.valueChanged.connect(self.refresh)
        self.na_button.clicked.connect(lambda: self._mark(cl.NOT_APPLICABLE))
        self.separate_button.clicked.connect(lambda: self._mark(cl.SEPARATE))
        self.clear_button.clicked.connect(lambda: self._mark(None))
        self.items.itemSelectionChanged.connect(self._update_buttons)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.accept)
        fit_to_screen(self, 980, 700)
        self.refresh()
        self.year.setFocus()

    # -- showing ---------------------------------------------------------------------------

    def refresh(self, *args: object) -> None:
        info = self.service.key_info()
        has_key = info["fingerprint"] is not None
        self.key_label.setText(keys.grouped(info["fingerprint"]) if has_key
                               else self.tr("尚未创建（首次报送前创建，并把登记表交上级党委）"))
        self.create_button.setVisible(not has_key)
        self.sheet_button.setVisible(has_key)
        self.rotate_button.setVisible(has_key)
        self.committee_label.setText(
            f"{info['committee'] or ''}（第 {info['committee_epoch']} 期）{keys.grouped(info['committee_fingerprint'])}"
            if info["committee_fingerprint"] else self.tr("尚未导入（上级党委下发的 committee.pub）"))
        self.code.setText(info["branch_code"])
        try:
            items = self.service.checklist(self.year.value())
        except UserError as exc:
            items = []
            messages.show_user_error(self, exc)
        self.items.setRowCount(len(items))
        for r, i in enumerate(items):
            colour = QBrush(QColor(_COLOURS.get(i["status"], "#ffffff")))
            cells = [_item(i["title"], i["key"]), _item(i["status"] + ("（已标记）" if i["marked"] else "")),
                     _item(i["detail"])]
            for c, cell in enumerate(cells):
                cell.setBackground(colour)
                self.items.setItem(r, c, cell)
        rows = self.service.exports()
        self.exports.setRowCount(len(rows))
        for r, e in enumerate(reversed(rows)):
            for c, v in enumerate([f"{e.year}年", f"第{e.seq}版", e.created_at.replace("T", " "), e.file_name,
                                   e.sha256]):
                self.exports.setItem(r, c, _item(v))
        self._update_buttons()

    def _selected_item(self) -> str | None:
        selection = self.items.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        cell = self.items.item(rows[0].row(), 0) if rows else None
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def _update_buttons(self) -> None:
        chosen = self._selected_item() is not None
        for b in (self.na_button, self.separate_button, self.clear_button):
            b.setEnabled(chosen)

    # -- keys ------------------------------------------------------------------------------

    def create_key(self) -> bool:
        passphrase = ask_passphrase(self, self.tr("创建支部报送密钥"), self.tr(
            "报送包用支部的密钥签名，上级党委据此确认报送包来自本支部。密钥以口令加密保存在本机数据库中，"
            "口令不保存：请牢记，交接工作时一并移交。"), new=True)
        if passphrase is None:
            return False
        try:
            fp = self.service.init_key(passphrase)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        self.changed = True
        self.refresh()
        if messages.confirm(self, self.tr("已创建密钥"), self.tr(
                "支部报送密钥已创建，指纹：\n{fp}\n\n现在打印《报送密钥登记表》吗？签字盖章后交上级党委登记。").format(
                    fp=keys.grouped(fp))):
            self.print_sheet()
        return True

    def print_sheet(self) -> None:
        try:
            data = self.service.enrollment_sheet()
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        PdfPreview(self, data, self.tr("报送密钥登记表"), "报送密钥登记表.pdf").exec()

    def rotate_key(self) -> None:
        if not messages.confirm(self, self.tr("更换密钥"), self.tr(
                "更换后，新密钥须由上级党委重新登记（打印新的登记表）；更换声明由新旧密钥共同签名，随报送包提交。继续吗？")):
            return
        old = ask_passphrase(self, self.tr("更换密钥"), self.tr("请输入原密钥的口令"))
        if old is None:
            return
        new = ask_passphrase(self, self.tr("更换密钥"), self.tr("为新密钥设置口令"), new=True)
        if new is None:
            return
        try:
            self.service.rotate(old, new)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()
        self.print_sheet()

    def import_committee_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择上级党委公钥文件"), str(Path.home()),
                                              self.tr("党委公钥 (*.pub);;所有文件 (*)"))
        if not path:
            return
        try:
            key = self.service.read_committee_key(path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        dialog = FingerprintDialog(self, key)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.service.import_committee_key(key, dialog.typed.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()

    def save_code(self) -> None:
        try:
            self.service.set_setting(BRANCH_CODE.key, self.code.text().strip())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()

    def _mark(self, status: str | None) -> None:
        item = self._selected_item()
        if item is None:
            return
        try:
            self.service.mark(self.year.value(), item, status)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()

    # -- exporting -------------------------------------------------------------------------

    def _ready(self) -> ExportPlan | None:
        if self.service.branch_key() is None and not self.create_key():
            return None
        try:
            plan = self.service.plan(self.year.value())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return None
        if plan.missing:
            titles = "\n".join(f"· {i['title']}：{i['detail']}" for i in plan.checklist if i["status"] == cl.MISSING)
            if not messages.confirm(self, self.tr("报送清单有缺项"), self.tr(
                    "以下项目缺少：\n{t}\n\n仍要导出吗？缺项会写入报送包，上级党委可以看到。").format(t=titles)):
                return None
        return plan

    def export(self) -> None:
        plan = self._ready()
        if plan is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存报送包的文件夹（如U盘）"), str(Path.home()))
        if not folder:
            return
        while True:
            passphrase = ask_passphrase(self, self.tr("导出报送包"), self.tr("请输入支部报送密钥的口令"))
            if passphrase is None:
                return
            try:
                private = self.service.unlock(passphrase)
                break
            except keys.WrongPassphrase as exc:
                messages.show_user_error(self, exc)
        try:  # the one way every export goes: a checkpoint signed for this bundle, its number reserved
            bundle_target(folder, plan)
            self.service.begin(plan, private)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return

        def job(services: Services, progress, cancelled):
            return write_bundle(services, plan, private, folder, progress, cancelled)

        title = self.tr("正在生成{y}年度报送包").format(y=plan.year)
        result, error = run_with_progress(self, title, self.services, job)
        if error == "取消":
            return
        if error:
            messages.show_error(self, self.tr("无法导出"), error)
            return
        try:
            self.service.record(plan, result)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()
        messages.show_info(self, self.tr("已导出"), self.tr(
            "报送包已保存到\n{p}\n\n第 {s} 版，{k} KB\nSHA-256：{h}\n\n请把文件交上级党委；请勿修改文件内容。").format(
                p=result.path, s=plan.seq, k=result.size // 1024, h=result.sha256))
