"""操作日志: every change the program recorded, searchable and exportable; and the operator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.common.entities import ENTITY_NAMES
from app.common.errors import UserError, ValidationError
from app.common.passphrase import check_passphrase
from app.integrity import logtext
from app.integrity.handover import hand_over
from app.services import Services
from ui import messages
from ui.common.form_dialog import FormDialog
from ui.common.save_dialog import ask_save_path
from ui.common.screen import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("时间", "操作人", "对象", "操作", "内容", "原因")


def _int(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


class LogModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.names: dict[int, str] = {}  # members by id, to name them

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return logtext.value_text("at", r["at"])
        if column == 1:
            return r.get("operator") or ""
        if column == 2:  # what it was about: a member by name, never an id
            name = ENTITY_NAMES.get(r["entity"], "其他")
            member = self.names.get(int(r["entity_id"])) if r["entity"] == "member" and _int(r["entity_id"]) else None
            return f"{name} {member}" if member else name
        if column == 3:
            return r["action"]
        if column == 4:
            text = logtext.change_text(r["before"], r["after"], self.names.get)
            return text if role == Qt.ItemDataRole.ToolTipRole else text[:200]
        return r["reason"]


class LogDialog(QDialog):
    """The whole change log, newest first; the search looks in every column."""

    def __init__(self, parent: QWidget | None, services: Services,
                 record: tuple[tuple[str, ...], int] | None = None, title: str = "") -> None:
        """``record`` ((entities, id)) shows one record's 历史 only."""
        super().__init__(parent)
        self.service = services.integrity
        self.record = record
        self.setWindowTitle(title or self.tr("操作日志"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索（姓名、操作、内容、日期……）"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = LogModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        for column in (0, 1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        export = QPushButton(self.tr("导出 Excel…"))
        export.clicked.connect(self._on_export)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(export)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.search.textChanged.connect(lambda _: self.reload())
        fit_to_screen(self, 1000, 640)
        self.reload()
        self.search.setFocus()

    def reload(self) -> None:
        rows = self.service.log_entries(self.search.text().strip(), limit=5000, record=self.record)
        self.model.names = self.service.member_names()
        self.model.set_rows(rows)
        self.count.setText(self.tr("{n} 条").format(n=len(rows)) + (self.tr("（仅显示最新 5000 条）")
                                                                   if len(rows) >= 5000 else ""))

    def _on_export(self) -> None:
        path = ask_save_path(self, self.tr("导出操作日志"), self.tr("操作日志.xlsx"),
                             self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if not path:
            return
        try:
            n = self.service.export_log(path, self.search.text().strip())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("导出操作日志"), self.tr("已导出 {n} 条到 {path}").format(n=n, path=path))


class OperatorDialog(FormDialog):
    """Who works with the program (written into every change-log row)."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent, self.tr("设置操作人"))
        self.service = services.integrity
        self.name = QLineEdit(self.service.operator())
        self.name.setPlaceholderText(self.tr("例如：组织委员 张三"))
        self.form.addRow(self.tr("操作人"), self.name)
        note = QLabel(self.tr("此后的每一项操作都会记下操作人；交接工作时请改为新的经办人。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form.addRow(note)
        self.name.setFocus()

    def _save(self) -> None:
        self.service.set_operator(self.name.text())


class HandoverDialog(FormDialog):
    """工作移交: to whom, where the 移交清单 goes, and an optional read-only copy for the outgoing
    secretary. Verifies, backs up, prints the list and sets the new operator."""

    def __init__(self, parent: QWidget | None, session: object) -> None:
        super().__init__(parent, self.tr("工作移交"))
        self.session = session
        self.result_text = ""
        self.to_name = QLineEdit()
        self.to_name.setPlaceholderText(self.tr("接收工作的新书记（经办人）姓名"))
        self.pdf = QLineEdit(str(Path.home() / "台账移交清单.pdf"))
        self.copy = QLineEdit()
        self.copy.setPlaceholderText(self.tr("可不填：给原经办人留存的只读副本（如 U盘上的文件）"))
        self.form.addRow(self.tr("接收人"), self.to_name)
        self.form.addRow(self.tr("移交清单（PDF）"), self.pdf)
        self.form.addRow(self.tr("只读副本"), self.copy)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("可不填：接收人的数据库口令（数据库及备份改用它加密）"))
        self.passphrase2 = QLineEdit()
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("新数据库口令"), self.passphrase)
        self.form.addRow(self.tr("再输入一次"), self.passphrase2)
        #: set when the receiver's passphrase was given: the window re-encrypts after the handover
        self.new_passphrase: str | None = None
        note = QLabel(self.tr("移交时程序会先核验数据、做一份移交备份，打印移交清单供双方签字，"
                              "并把操作人改为接收人；填了新口令的，随后改用新口令加密数据库（程序会重新打开）。"
                              "如需更换报送密钥，请在“年度报送”中更换。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form.addRow(note)
        self.setMinimumWidth(600)  # the hints in the empty fields are read whole
        self.to_name.setFocus()

    def _save(self) -> None:
        if self.passphrase.text() or self.passphrase2.text():
            try:
                check_passphrase(self.passphrase.text())
            except UserError as exc:
                raise ValidationError({"passphrase": exc.message}) from None
            if self.passphrase.text() != self.passphrase2.text():
                raise ValidationError({"passphrase2": "两次输入的口令不一致"})
            self.new_passphrase = self.passphrase.text()
        result = hand_over(self.session, self.to_name.text(), self.pdf.text().strip(),
                           self.copy.text().strip() or None)
        self.result_text = self.tr("已完成移交，移交清单：{pdf}\n移交备份：{backup}").format(
            pdf=self.pdf.text().strip(), backup=result.backup)
