"""The import dialogs' common frame: a path box with 选择文件 and 下载导入模板, a line saying
what was understood, a table of the rows as read, the problems and skipped rows below, and one
import button that is enabled only when every row is good. Enter loads the preview, never imports:
only a click on the import button writes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.common.errors import UserError
from app.common.sheets import SPREADSHEET_FILTER
from app.services import Services
from ui import messages
from ui.common.save_dialog import ask_save_path

BAD_ROW = "#fbe3e1"


class ImportFrame(QDialog):
    """Subclasses say what the file is (:attr:`what`), read it (:meth:`read`), show its rows
    (:meth:`rows`) and land it (:meth:`write`)."""

    #: e.g. "党员名册": the window's title, the file chooser's and the template's names say it
    what = ""
    #: the text under the path box before a file is chosen
    hint = ""
    #: (added, updated) once imported
    written = (0, 0)

    def __init__(self, parent: QWidget | None, extra: list[QWidget] | None = None) -> None:
        super().__init__(parent)
        self.preview: Any = None
        self.setWindowTitle(self.tr("从 Excel 导入{what}").format(what=self.what))
        self.resize(1100, 640)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("选择文件，或在此输入、粘贴文件路径后按回车"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.returnPressed.connect(self._reload)
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._on_browse)
        template = QPushButton(self.tr("下载导入模板…"))
        template.clicked.connect(self._on_template)
        for button in (browse, template):
            button.setAutoDefault(False)  # Enter in the path box loads the preview, nothing else
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(template)
        for widget in extra or []:
            top.addWidget(widget)
        layout.addLayout(top)
        self.status = QLabel(self.hint)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.below_status = QVBoxLayout()
        layout.addLayout(self.below_status)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)  # the first column is the sheet's own row number
        self.problems = QListWidget()
        self.problems.setWordWrap(True)  # a long problem wraps rather than scrolling sideways
        splitter.addWidget(self.table)
        splitter.addWidget(self.problems)
        splitter.setSizes([420, 160])
        layout.addWidget(splitter, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("导入"))
        self.import_button.setEnabled(False)
        # Only a click on 导入 writes: Enter (in the path box or anywhere) never does.
        for each in self.buttons.buttons():
            if isinstance(each, QPushButton):
                each.setAutoDefault(False)
                each.setDefault(False)
        self.buttons.accepted.connect(self._on_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.path_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, services: Services, path: str | None = None) -> tuple[int, int]:
        """Open the dialog (on ``path`` if given): (rows added, rows updated) once imported, (0, 0)
        if cancelled."""
        dialog = cls(parent, services, path)  # type: ignore[call-arg, arg-type]  # the subclasses' signature
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.written
        return 0, 0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never imports: QDialog would click the button box's default button (which Qt
        makes of 导入 when the dialog is shown), so Enter stops here; the path box has already
        loaded the preview on it."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- what a subclass gives ------------------------------------------------------------

    def read(self, path: str) -> Any:
        raise NotImplementedError

    def rows(self, preview: Any) -> tuple[list[str], list[tuple[int, list[str]]]]:
        """The table's headers and rows: (sheet row number, cells)."""
        raise NotImplementedError

    def write(self, preview: Any, progress: Any) -> None:
        raise NotImplementedError

    def save_template(self, path: str) -> None:
        raise NotImplementedError

    def problem_lines(self, preview: Any) -> list[str]:
        name = preview.path.name
        return ([f"✖ {name} {p}" for p in preview.problems] + [f"提示：{n}" for n in preview.notes])

    def ready_text(self, preview: Any) -> str:
        raise NotImplementedError

    def can_import(self, preview: Any) -> bool:
        return bool(preview is not None and preview.ok)

    def button_text(self) -> str:
        return self.tr("导入")

    def count(self, preview: Any) -> int:
        return len(preview.rows)

    # -- the frame ------------------------------------------------------------------------

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择{what}").format(what=self.what), "",
            SPREADSHEET_FILTER)
        if path:
            self.load(path)

    def _on_template(self) -> None:
        path = ask_save_path(self, self.tr("保存导入模板"), self.tr("{what}导入模板.xlsx").format(what=self.what),
                             self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if not path:
            return
        try:
            self.save_template(path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.status.setText(self.tr("已保存导入模板：{path}。填好后在此选择该文件。").format(path=path))

    def _reload(self) -> None:
        if self.path_edit.text().strip():
            self.load(self.path_edit.text())

    def load(self, path: str) -> None:
        """Read ``path`` and show the preview (nothing is written)."""
        path = path.strip().strip('"').strip("'")  # a path pasted from Explorer comes quoted
        self.path_edit.setText(path)
        self.preview = self.read(path)
        self.show_preview(self.preview)

    def show_preview(self, preview: Any) -> None:
        headers, rows = self.rows(preview)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        bad_rows = {p.row for p in preview.problems}
        for r, (sheet_row, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if sheet_row in bad_rows:
                    item.setBackground(QBrush(QColor(BAD_ROW)))
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.clear()
        for line in self.problem_lines(preview):
            self.problems.addItem(line)
        if preview.problems:
            self.status.setText(self.tr(
                "发现 {n} 处问题，必须全部改正后才能导入（不会导入任何一行）。请在 Excel 中修改后重新选择文件。"
            ).format(n=len(preview.problems)))
            self.status.setStyleSheet("color: #b3261e;")
        else:
            self.status.setText(self.ready_text(preview))
            self.status.setStyleSheet("color: #1e6b2e;")
        self.update_button()

    def update_button(self) -> None:
        ok = self.can_import(self.preview)
        self.import_button.setEnabled(ok)
        self.import_button.setText(self.button_text() if ok else self.tr("导入"))

    def _on_import(self) -> None:
        if not self.can_import(self.preview):
            return
        progress = QProgressDialog(self.tr("正在导入…"), "", 0, self.count(self.preview), self)
        progress.setWindowTitle(self.windowTitle())
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setValue(done)

        try:
            self.write(self.preview, step)
        except UserError as exc:
            progress.close()
            messages.show_user_error(self, exc)
            return
        progress.close()
        self.accept()
