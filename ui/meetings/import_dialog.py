"""会议记录 → 从Excel导入: earlier meetings from the secretary's own register, previewed with
the attendance each row gives before anything is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.common import dates
from app.meetings.register import COLUMNS
from app.services import Services
from ui.common.import_dialog import ImportFrame

if TYPE_CHECKING:
    from app.meetings.register_rows import RegisterPreview


class MeetingImportDialog(ImportFrame):
    """Pick a register, see each record with its attendance and the problems; import when all is good."""

    what = "会议记录"

    def __init__(self, parent: QWidget | None, services: Services, path: str | None = None) -> None:
        self.services = services
        self.excel = services.meetings_excel
        self.written = (0, 0)  # (new, updated) once imported
        self.hint = (
            "支持 Excel（.xlsx、.xls）和 WPS/OpenDocument（.ods）表格，可以是自己一直使用的三会一课登记表。"
            "可识别的列：{cols}等（也认“类型”“议题”“出席人员”“会议内容”等写法）。"
            "参会人员按会议当日的名册计算；导入的记录都是草稿，须核对后签发。"
        ).format(cols="、".join(label for key, label in COLUMNS if key not in ("status", "record_id")))
        super().__init__(parent)
        if path:
            self.load(path)

    def read(self, path: str) -> RegisterPreview:
        return self.excel.read(path)

    def save_template(self, path: str) -> None:
        self.excel.template(path)

    def rows(self, preview: RegisterPreview) -> tuple[list[str], list[tuple[int, list[str]]]]:
        many = len(preview.sheets) > 1
        out = []
        for r in preview.rows:
            m = r.meeting
            t = self.services.meetings.tally(m)
            when = m.start_time + (f"—{m.end_time}" if m.end_time else "")
            absent = "、".join(f"{n}（{why}）" for n, why in t.absent) or self.tr("无")
            cells = [str(r.row)] + ([r.sheet] if many else []) + [
                dates.fmt_cn(m.date), when, m.kind + (f"·{r.group_name}" if r.group_name else ""), m.title, m.host,
                str(t.due), str(t.present), absent, "、".join(o.name for o in m.observers), r.action]
            out.append((r.row, cells))
        headers = [self.tr("行号")] + ([self.tr("工作表")] if many else []) + [
            self.tr("日期"), self.tr("时间"), self.tr("类型"), self.tr("会议名称"), self.tr("主持人"),
            self.tr("应到"), self.tr("实到"), self.tr("缺席人员及原因"), self.tr("列席"), self.tr("导入后")]
        return headers, out

    def problem_lines(self, preview: RegisterPreview) -> list[str]:
        many = len(preview.sheets) > 1
        return super().problem_lines(preview) + [
            self.tr("已跳过{sheet}第{row}行：{why}").format(sheet=f"工作表“{sheet}”" if many else "", row=row, why=why)
            for sheet, row, why in preview.skipped]

    def ready_text(self, preview: RegisterPreview) -> str:
        if not preview.ok:
            return self.tr("表中的 {n} 条记录都已在台账中，没有需要导入的。").format(n=len(preview.rows))
        return self.tr("共 {n} 条会议记录，检查通过，可以导入（新增 {new} 条，更新 {up} 条，均为草稿）。").format(
            n=len(preview.rows), new=preview.new, up=preview.updated)

    def button_text(self) -> str:
        preview = self.preview
        return self.tr("导入（新增 {n} 条，更新 {u} 条）").format(n=preview.new, u=preview.updated)

    def count(self, preview: RegisterPreview) -> int:
        return preview.new + preview.updated

    def write(self, preview: RegisterPreview, progress: Any) -> None:
        self.written = (preview.new, preview.updated)
        self.excel.run(preview, progress)
