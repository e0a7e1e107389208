"""Roster import from Excel: a preview of every row and every problem before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
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

from app.common import dates
from app.common.errors import UserError
from app.roster.excel import COLUMNS, ImportPreview
from app.services import Services
from ui import messages
from ui.common.save_dialog import ask_save_path


class ImportDialog(QDialog):
    """Pick a file, see the rows as understood and the problems; import only when all is good."""

    def __init__(self, parent: QWidget | None, services: Services, path: str | None = None) -> None:
        super().__init__(parent)
        self.excel = services.roster_excel
        self.preview: ImportPreview | None = None
        self.imported = 0
        self.written = (0, 0)  # (new, updated) once imported
        self.setWindowTitle(self.tr("从 Excel 导入党员名册"))
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
        self.update_existing = QCheckBox(self.tr("更新已有党员（按公民身份号码匹配）"))
        self.update_existing.toggled.connect(self._reload)
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(template)
        top.addWidget(self.update_existing)
        layout.addLayout(top)
        self.status = QLabel(self.tr(
            "支持 Excel（.xlsx、.xls）和 WPS/OpenDocument（.ods）表格。表格应有一行列名，可识别的列：{cols}。"
            "其中“姓名”“公民身份号码”“入党日期”必须有；标题行、合计行、制表人等表尾会自动跳过。"
        ).format(cols="、".join(label for _, label in COLUMNS)))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.new_groups = QCheckBox()
        self.new_groups.setVisible(False)
        self.new_groups.toggled.connect(self._update_button)
        layout.addWidget(self.new_groups)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.problems = QListWidget()
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
        if path:
            self.load(path)

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择党员名册"), "", self.tr("表格文件 (*.xlsx *.xls *.ods *.xlsm);;所有文件 (*)"))
        if path:
            self.load(path)

    def _on_template(self) -> None:
        path = ask_save_path(self, self.tr("保存导入模板"), self.tr("党员名册导入模板.xlsx"),
                             self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        if not path:
            return
        try:
            self.excel.template(path)
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
        self.preview = self.excel.read(path, update_existing=self.update_existing.isChecked())
        self._show_preview(self.preview)

    def _show_preview(self, preview: ImportPreview) -> None:
        headers = [self.tr("行号")] + [label for _, label in COLUMNS]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(preview.rows))
        bad_rows = {p.row for p in preview.problems}
        for r, row in enumerate(preview.rows):
            values = [str(row.row)]
            for key, _ in COLUMNS:
                if key == "group":
                    values.append(row.group or "")
                elif key == "is_leader_cadre":
                    values.append(self.tr("是") if row.fields.get(key) else "")
                elif key.endswith("_date"):
                    values.append(dates.fmt_cn(row.fields.get(key)))
                else:
                    values.append(str(row.fields.get(key) or ""))
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if row.row in bad_rows:
                    item.setBackground(QBrush(QColor("#fbe3e1")))
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.clear()
        name = preview.path.name
        for problem in preview.problems:
            self.problems.addItem(f"✖ {name} {problem}")
        for note in preview.notes:
            self.problems.addItem(f"提示：{note}")
        for skipped, why in preview.skipped:
            self.problems.addItem(self.tr("已跳过第{row}行：{why}").format(row=skipped, why=why))
        self.new_groups.blockSignals(True)
        self.new_groups.setChecked(False)
        self.new_groups.blockSignals(False)
        self.new_groups.setVisible(bool(preview.new_groups) and not preview.problems)
        self.new_groups.setText(self.tr("将新建党小组：{names}（请核对名称，确认无误后勾选）").format(
            names="、".join(preview.new_groups)))
        if preview.problems:
            self.status.setText(self.tr(
                "发现 {n} 处问题，必须全部改正后才能导入（不会导入任何一行）。请在 Excel 中修改后重新选择文件。"
            ).format(n=len(preview.problems)))
            self.status.setStyleSheet("color: #b3261e;")
        else:
            self.status.setText(self.tr(
                "工作表“{sheet}”，表头在第 {header} 行，共 {n} 名党员，检查通过，可以导入。"
            ).format(sheet=preview.sheet, header=preview.header_row, n=len(preview.rows)))
            self.status.setStyleSheet("color: #1e6b2e;")
        self._update_button()

    def counts(self) -> tuple[int, int]:
        """(new members, members updated) the import would write."""
        rows = self.preview.rows if self.preview is not None else []
        updated = sum(1 for r in rows if r.existing_id is not None)
        return len(rows) - updated, updated

    def _update_button(self) -> None:
        preview = self.preview
        ok = preview is not None and preview.ok and (not preview.new_groups or self.new_groups.isChecked())
        self.import_button.setEnabled(ok)
        new, updated = self.counts()
        self.import_button.setText(self.tr("导入（新增 {n} 名，更新 {u} 名）").format(n=new, u=updated) if ok
                                   else self.tr("导入"))

    def _on_import(self) -> None:
        if self.preview is None or not self.preview.ok:
            return
        progress = QProgressDialog(self.tr("正在导入…"), "", 0, len(self.preview.rows), self)
        progress.setWindowTitle(self.tr("导入党员名册"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setValue(done)

        try:
            self.written = self.counts()
            self.imported = self.excel.run(self.preview, step, create_groups=self.new_groups.isChecked())
        except UserError as exc:
            progress.close()
            messages.show_user_error(self, exc)
            return
        progress.close()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, services: Services, path: str | None = None) -> tuple[int, int]:
        """(members added, members updated); (0, 0) if cancelled."""
        dialog = cls(parent, services, path)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.written
        return 0, 0
