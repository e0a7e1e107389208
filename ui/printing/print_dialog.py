"""文件 → 打印…: choose the book, its year and options; the book is laid out off the GUI thread
behind a progress dialog with 取消, then shown in the preview (打印… / 另存为 PDF…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.development.rules import STAGE_SHORT
from app.meetings import kinds
from app.printing import catalog
from app.printing.catalog import BookKind, Choices, Option
from app.services import Services
from ui import messages
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.save_dialog import ask_save_path
from ui.printing.pdf_preview import PdfPreview
from ui.workers import run_with_progress


class PrintDialog(QDialog):
    """Attributes ``book`` … ``pages`` are the choices; ``preview`` is the last preview opened."""

    def __init__(self, parent: QWidget | None, services: Services, kind: BookKind = BookKind.WORKBOOK, *,
                 year: int | None = None, meeting_id: int | None = None, person_id: int | None = None,
                 on: str | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.preview: QDialog | None = None
        self._asked_meeting = meeting_id
        self.setWindowTitle(self.tr("打印"))
        self.book = QComboBox()
        for b in catalog.CATALOG:
            self.book.addItem(self.tr(b.name), b.kind)
        self.year = QSpinBox()
        self.year.setRange(1921, 2100)
        self.year.setSuffix(self.tr(" 年"))
        self.year.setValue(year or services.clock.year())
        self.meeting = QComboBox()
        self.meeting.setMinimumWidth(380)
        self.person = QComboBox()
        self.person.addItem(self.tr("全部人员（合为一个文件）"), None)
        dev = services.development
        for p in dev.people(include_closed=True):
            self.person.addItem(f"{p.name}（{STAGE_SHORT[dev.stage(p) - 1]}）", p.id)
        if person_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(person_id)))
        self.on = DateField()
        self.on.set_value(on or services.today())
        self.full_id = QCheckBox(self.tr("显示完整身份证号（仅限内部存档）"))
        self.drafts = QCheckBox(self.tr("草稿也打印（加“草稿”水印，不作为正式记录）"))
        self.meeting_kind = QComboBox()
        for k in kinds.KINDS:
            self.meeting_kind.addItem(k.name, k.name)
        self.date = DateField()
        self.date.set_value(services.today())
        self.pages = QSpinBox()
        self.pages.setRange(1, 200)
        self.pages.setValue(10)
        self.pages.setSuffix(self.tr(" 页"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.error = ErrorLabel()
        self.form = QFormLayout()
        self.form.addRow(self.tr("打印内容(&B)"), self.book)
        self._rows: dict[str, QWidget] = {"year": self.year, "meeting": self.meeting, "person": self.person,
                                          "on": self.on, "full_id": self.full_id, "drafts": self.drafts,
                                          "kind": self.meeting_kind, "date": self.date, "pages": self.pages}
        labels = {"year": "年度(&Y)", "meeting": "会议记录(&M)", "person": "人员(&P)", "on": "名册日期(&D)",
                  "full_id": "", "drafts": "", "kind": "会议类型(&K)", "date": "会议日期(&T)", "pages": "页数(&N)"}
        for key, widget in self._rows.items():
            self.form.addRow(self.tr(labels[key]) if labels[key] else "", widget)
        self.form.addRow("", self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = buttons.addButton(self.tr("预览(&V)…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button.setDefault(True)
        self.word_button = buttons.addButton(self.tr("导出Word(&W)…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.word_button.setToolTip(self.tr("保存为 Word 文件（.docx），可在 Word 或 WPS 中修改、套用本单位模板"))
        self.word_button.clicked.connect(self._on_word)
        buttons.accepted.connect(self._on_preview)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.book.currentIndexChanged.connect(self._update_rows)
        self.year.valueChanged.connect(self._fill_meetings)
        self._fill_meetings()
        if meeting_id is not None:
            self._select_meeting(meeting_id)
        self.book.setCurrentIndex(self.book.findData(kind))
        self._update_rows()
        self.book.setFocus()

    def kind(self) -> BookKind:
        return BookKind(self.book.currentData())

    def _fill_meetings(self, *args: object) -> None:
        current = self.meeting.currentData()
        self.meeting.clear()
        if self.book.currentData() == BookKind.SIGNIN:  # a sheet for a meeting not yet recorded
            self.meeting.addItem(self.tr("不按会议记录（按下面的会议类型和日期列出应到人员）"), None)
        for r in self.services.meetings.list(year=self.year.value()):
            label = f"{dates.fmt_cn(r.date)}　{r.kind}　{r.title}" + ("（草稿）" if r.status == "草稿" else "")
            self.meeting.addItem(label, r.id)
        if current is not None:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(current)))

    def _select_meeting(self, meeting_id: int) -> None:
        record = self.services.meetings.get(meeting_id)
        self.year.setValue(int(record.date[:4]))
        self.meeting.setCurrentIndex(max(0, self.meeting.findData(meeting_id)))
        self.drafts.setChecked(record.status == "草稿")

    def _update_rows(self, *args: object) -> None:
        book = catalog.book(self.kind())
        self._fill_meetings()
        if book.kind == BookKind.SIGNIN and self._asked_meeting is None:
            self.meeting.setCurrentIndex(0)  # a sheet for the next meeting, by its kind and day
        for key, widget in self._rows.items():
            self.form.setRowVisible(widget, Option(key) in book.options)
        self.hint.setText(self.tr(book.hint))
        self.word_button.setVisible("docx" in book.formats)
        self.error.clear()
        self.adjustSize()

    def job(self, target: str | None = None) -> tuple[Callable[..., bytes], str, str]:
        """The build to run in the worker, the preview's title and the suggested file name
        (``target``: a Word file to write instead of the PDF).

        Raises:
            dates.DateParseError: the roster date is not a date.
        """
        book = catalog.book(self.kind())
        wanted = book.options
        choices = Choices(
            year=self.year.value(), drafts=Option.DRAFTS in wanted and self.drafts.isChecked(),
            meeting=self.meeting.currentData(), meeting_label=self.meeting.currentText(),
            person=self.person.currentData(), person_label=self.person.currentText(),
            on=(self.on.value() or self.services.today()) if Option.ON in wanted else "",
            full_id=Option.FULL_ID in wanted and self.full_id.isChecked(), pages=self.pages.value(),
            kind=self.meeting_kind.currentData() if Option.KIND in wanted else "",
            date=(self.date.value() or self.services.today()) if Option.DATE in wanted else "")

        def build(services: Services, progress: Callable[[str], None], cancelled: Callable[[], bool]) -> bytes:
            return catalog.build(services.printing, book.kind, choices, progress=progress, cancel=cancelled,
                                 target=target)

        return build, self.tr(book.name), book.file_name(choices) + ".pdf"

    def _run(self, target: str | None = None) -> tuple[bytes | None, str, str]:
        """Build the chosen book (a PDF, or the Word file ``target``) behind a progress dialog:
        (its bytes or None, its title, the suggested PDF name); problems are shown here."""
        if self.kind() == BookKind.MEETING and self.meeting.currentData() is None:
            self.error.show_message(self.tr("{y}年没有会议记录可打印").format(y=self.year.value()))
            return None, "", ""
        try:
            build, title, file = self.job(target)
        except dates.DateParseError as exc:
            which = self.tr("会议日期") if Option.DATE in catalog.book(self.kind()).options else self.tr("名册日期")
            self.error.show_message(self.tr("{w}：{e}").format(w=which, e=exc))
            return None, "", ""
        data, error = run_with_progress(self, self.tr("正在生成《{t}》").format(t=title), self.services, build)
        if error == "取消":
            return None, "", ""
        if error:
            self.error.show_message(error)
            messages.show_error(self, self.tr("无法生成") if target else self.tr("无法打印"), error)
            return None, "", ""
        return data, title, file

    def _on_word(self) -> None:
        try:
            _, _, file = self.job()
        except dates.DateParseError:
            file = catalog.book(self.kind()).name + ".pdf"
        path = ask_save_path(self, self.tr("导出Word"), file.removesuffix(".pdf") + ".docx",
                             self.tr("Word 文档 (*.docx)"), ".docx")
        if not path:
            return
        data, _, _ = self._run(path)
        if data is not None:
            messages.show_info(self, self.tr("导出Word"),
                               self.tr("已保存 {p}，可用 Word 或 WPS 打开修改。").format(p=path))
            self.accept()

    def _on_preview(self) -> None:
        data, title, file = self._run()
        if data is None:
            return

        self.preview = PdfPreview(self, data, title, file)
        self.preview.exec()
        self.accept()


def open_print_dialog(parent: QWidget, services: Services, kind: BookKind | None = None, **kw: Any) -> None:
    """The print dialog with ``kind`` chosen (the work record when None)."""
    PrintDialog(parent, services, kind or BookKind.WORKBOOK, **kw).exec()
