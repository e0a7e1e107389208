"""The committee window's dialogs: naming a new committee file, enrolling a branch (one, or a
sheet of them), the grading settings, and a 督办通知."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bundle import keys
from app.committee.enroll_excel import apply, read
from app.committee.notices import items_from_grade, make_notice
from app.committee.service import CommitteeService
from app.common import dates
from app.common.errors import UserError, ValidationError
from ui import messages
from ui.bundle.key_dialogs import ask_passphrase
from ui.common.buttons import ok_cancel
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.form_dialog import FormDialog
from ui.common.plain_text import PlainTextEdit
from ui.common.save_dialog import ask_save_path
from ui.common.screen import fit_to_screen


class InitDialog(FormDialog):
    """A new committee file: its name and the passphrase of its keys."""

    def __init__(self, parent: QWidget | None, service: CommitteeService) -> None:
        super().__init__(parent, self.tr("创建党委报送接收数据库"))
        self.service = service
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：中共某某市直机关工作委员会"))
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        note = QLabel(self.tr("党委密钥以口令加密保存。口令不保存在任何地方，请妥善保管；"
                              "遗失后无法打开各支部的报送包。"))
        note.setWordWrap(True)
        self.form.addRow(self.tr("党委名称(&N)"), self.name)
        self.form.addRow(self.tr("密钥口令(&P)"), self.first)
        self.form.addRow(self.tr("再输入一次(&A)"), self.second)
        self.form.addRow("", note)
        self.name.setFocus()

    def _save(self) -> None:
        if self.first.text() != self.second.text():
            raise ValidationError({"passphrase": "两次输入的口令不一致"})
        try:
            self.service.init(self.name.text(), self.first.text())
        except ValidationError:
            raise
        except UserError as exc:  # a short passphrase, a missing name: shown in the form
            raise ValidationError({"init": exc.message}) from None


class EnrollDialog(FormDialog):
    def __init__(self, parent: QWidget | None, service: CommitteeService) -> None:
        super().__init__(parent, self.tr("登记支部"))
        self.service = service
        self.code, self.name, self.parent_unit, self.secretary, self.fingerprint = (QLineEdit() for _ in range(5))
        self.fingerprint.setPlaceholderText(self.tr("《报送密钥登记表》上的指纹，至少前 8 组（可扫码）"))
        for label, widget in (("支部代码(&C)", self.code), ("支部名称(&N)", self.name),
                              ("上级单位(&U)", self.parent_unit), ("书记(&S)", self.secretary),
                              ("密钥指纹(&F)", self.fingerprint)):
            self.form.addRow(self.tr(label), widget)
        self.setMinimumWidth(560)
        self.code.setFocus()

    def _save(self) -> None:
        try:
            self.service.enroll(self.code.text(), self.name.text(), self.fingerprint.text(), self.parent_unit.text(),
                                self.secretary.text())
        except ValidationError as exc:
            labels = {"branch_id": "支部代码", "name": "支部名称", "parent_unit": "上级单位", "secretary": "书记",
                      "fingerprint": "密钥指纹"}
            raise ValidationError({k: f"{labels.get(k, k)}：{v}" if not v.startswith(labels.get(k, k)) else v
                                   for k, v in exc.field_errors.items()}) from None


class ExcelEnrollDialog(QDialog):
    """A sheet of branches: every problem listed with its row; enrolled only when there are none."""

    def __init__(self, parent: QWidget | None, service: CommitteeService, path: str) -> None:
        super().__init__(parent)
        self.service = service
        self.preview = read(path)
        self.setWindowTitle(self.tr("从 Excel 登记支部 — {n}").format(n=Path(path).name))
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels([self.tr("行"), self.tr("支部代码"), self.tr("支部名称"), self.tr("密钥指纹")])
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for r in self.preview.rows:
            row = table.rowCount()
            table.insertRow(row)
            for c, value in enumerate((r["row"], r["branch_id"], r["name"], keys.grouped(r["fingerprint"]))):
                table.setItem(row, c, QTableWidgetItem(str(value)))
        problems = PlainTextEdit("\n".join(str(p) for p in self.preview.problems))
        problems.setReadOnly(True)
        problems.setMaximumHeight(140)
        summary = QLabel(self.tr("共 {n} 个支部，{p} 处问题。").format(n=len(self.preview.rows),
                                                               p=len(self.preview.problems))
                         + (self.tr("请在表格中改正后重新选择；有问题时不会登记任何支部。")
                            if self.preview.problems else ""))
        summary.setWordWrap(True)
        buttons = ok_cancel(self, "全部登记", self._apply)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.preview.problems
                                                                      and bool(self.preview.rows))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table, 1)
        if self.preview.problems:
            layout.addWidget(problems)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 560)

    def _apply(self) -> None:
        try:
            apply(self.service, self.preview)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.accept()


class SettingsDialog(QDialog):
    """评分设置: area maxima, points per deduction, tier lines, vetoes — all editable, checked on save."""

    def __init__(self, parent: QWidget | None, service: CommitteeService) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(self.tr("评分设置"))
        self.specs = service.grading_settings()
        self.table = QTableWidget(len(self.specs), 3)
        self.table.setHorizontalHeaderLabels([self.tr("项目"), self.tr("取值"), self.tr("默认")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for r, spec in enumerate(self.specs):
            label = QTableWidgetItem(spec.label)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setData(Qt.ItemDataRole.UserRole, spec.key)
            value = str(service.setting(spec.key))
            shown = spec.choices.get(value, value) if spec.kind == "choice" else value
            default = QTableWidgetItem(spec.choices.get(spec.default, spec.default) if spec.kind == "choice"
                                       else spec.default)
            default.setFlags(default.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, label)
            self.table.setItem(r, 1, QTableWidgetItem(shown))
            self.table.setItem(r, 2, default)
        self.table.resizeColumnToContents(1)
        note = QLabel(self.tr("扣分项可填 0–100 之间的分数（如 0.5）；否决项填“启用”或“不启用”。"
                              "修改后，已接收的报送包按新设置重新计分。"))
        note.setWordWrap(True)
        self.error = ErrorLabel()
        buttons = ok_cancel(self, "保存", self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 860, 680)
        self.table.setFocus()

    def _save(self) -> None:
        try:
            for r, spec in enumerate(self.specs):
                cell = self.table.item(r, 1)
                text = cell.text().strip() if cell is not None else ""
                current = str(self.service.setting(spec.key))
                if text not in (current, spec.choices.get(current, current)):
                    self.service.set_setting(spec.key, text)
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


class NoticeDialog(QDialog):
    """督办通知 for one branch: the items (one per line, from its deductions), the deadline, the file."""

    def __init__(self, parent: QWidget | None, service: CommitteeService, branch_id: str, year: int) -> None:
        super().__init__(parent)
        self.service, self.branch_id, self.year = service, branch_id, year
        grade = service.grade(branch_id, year)
        self.setWindowTitle(self.tr("督办通知 — {b}").format(b=grade.name))
        self.items = PlainTextEdit()
        if grade.grade is not None:
            self.items.setPlainText("\n".join(i["problem"] for i in items_from_grade(list(grade.grade.deductions))))
        self.due = DateField()
        self.due.set_value(dates.add_months(service.today(), 1))
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("整改事项（每行一项）(&I)"), self.items)
        form.addRow(self.tr("整改期限(&D)"), self.due)
        buttons = ok_cancel(self, "签发并保存…", self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 560)
        self.items.setFocus()
        self.path: str | None = None

    def _save(self) -> None:
        lines = [line.strip() for line in self.items.toPlainText().splitlines() if line.strip()]
        if not lines:
            self.error.show_message(self.tr("请至少写一项整改事项"))
            return
        try:
            due = self.due.value()
        except dates.DateParseError as exc:
            self.error.show_message(self.tr("整改期限：{e}").format(e=exc))
            return
        path = ask_save_path(self, self.tr("保存督办通知"),
                             str(Path.home() / f"{self.branch_id}-{self.year}年督办通知.bbn"),
                             self.tr("督办通知 (*.bbn)"), ".bbn")
        if not path:
            return
        passphrase = ask_passphrase(self, self.tr("签发督办通知"), self.tr("请输入党委密钥的口令"))
        if passphrase is None:
            return
        try:
            make_notice(self.service, self.branch_id, self.year, passphrase, path, lines, due)
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        self.path = path
        self.accept()
