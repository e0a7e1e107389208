"""Roster import from Excel: a preview of every row and every problem before anything is written."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from app.common import dates
from app.roster.excel import COLUMNS, ImportPreview
from app.services import Services
from ui.common.import_dialog import ImportFrame


class ImportDialog(ImportFrame):
    """Pick a file, see the rows as understood and the problems; import only when all is good."""

    what = "党员名册"

    def __init__(self, parent: QWidget | None, services: Services, path: str | None = None) -> None:
        self.excel = services.roster_excel
        self.imported = 0
        self.written = (0, 0)  # (new, updated) once imported
        self.update_existing = QCheckBox("更新已有党员（按公民身份号码匹配）")
        self.hint = (
            "支持 Excel（.xlsx、.xls）和 WPS/OpenDocument（.ods）表格。表格应有一行列名，可识别的列：{cols}。"
            "其中“姓名”“公民身份号码”“入党日期”必须有；标题行、合计行、制表人等表尾会自动跳过。"
        ).format(cols="、".join(label for _, label in COLUMNS))
        super().__init__(parent, [self.update_existing])
        self.update_existing.toggled.connect(self._reload)
        self.new_groups = QCheckBox()
        self.new_groups.setVisible(False)
        self.new_groups.toggled.connect(self.update_button)
        self.below_status.addWidget(self.new_groups)
        if path:
            self.load(path)

    def read(self, path: str) -> ImportPreview:
        return self.excel.read(path, update_existing=self.update_existing.isChecked())

    def save_template(self, path: str) -> None:
        self.excel.template(path)

    def rows(self, preview: ImportPreview) -> tuple[list[str], list[tuple[int, list[str]]]]:
        out = []
        for row in preview.rows:
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
            out.append((row.row, values))
        return [self.tr("行号")] + [label for _, label in COLUMNS], out

    def problem_lines(self, preview: ImportPreview) -> list[str]:
        return super().problem_lines(preview) + [
            self.tr("已跳过第{row}行：{why}").format(row=skipped, why=why) for skipped, why in preview.skipped]

    def ready_text(self, preview: ImportPreview) -> str:
        return self.tr("工作表“{sheet}”，表头在第 {header} 行，共 {n} 名党员，检查通过，可以导入。").format(
            sheet=preview.sheet, header=preview.header_row, n=len(preview.rows))

    def show_preview(self, preview: ImportPreview) -> None:
        self.new_groups.blockSignals(True)
        self.new_groups.setChecked(False)
        self.new_groups.blockSignals(False)
        self.new_groups.setVisible(bool(preview.new_groups) and not preview.problems)
        self.new_groups.setText(self.tr("将新建党小组：{names}（请核对名称，确认无误后勾选）").format(
            names="、".join(preview.new_groups)))
        super().show_preview(preview)

    def counts(self) -> tuple[int, int]:
        """(new members, members updated) the import would write."""
        rows = self.preview.rows if self.preview is not None else []
        updated = sum(1 for r in rows if r.existing_id is not None)
        return len(rows) - updated, updated

    def can_import(self, preview: Any) -> bool:
        return bool(preview is not None and preview.ok and (not preview.new_groups or self.new_groups.isChecked()))

    def button_text(self) -> str:
        new, updated = self.counts()
        return self.tr("导入（新增 {n} 名，更新 {u} 名）").format(n=new, u=updated)

    def write(self, preview: ImportPreview, progress: Any) -> None:
        self.written = self.counts()
        self.imported = self.excel.run(preview, progress, create_groups=self.new_groups.isChecked())
