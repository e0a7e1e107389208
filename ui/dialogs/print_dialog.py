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
from app.printing.kinds import BOOK_NAMES, BookKind
from app.services import Services
from ui import messages
from ui.widgets.date_field import DateField
from ui.widgets.error_label import ErrorLabel
from ui.workers import run_with_progress

#: What each book needs chosen besides itself.
_ROWS = {
    BookKind.WORKBOOK: ("year", "drafts"), BookKind.ASSESSMENT: ("person",),
    BookKind.DUES: ("year",), BookKind.DISCLOSURE: ("year",), BookKind.ROSTER: ("on", "full_id"),
    BookKind.MEETING: ("year", "meeting", "drafts"), BookKind.BLANK: ("year", "pages"),
}

_HINTS = {
    BookKind.WORKBOOK: "封面、基本情况、名册、年度计划和总结、各类会议记录（仅已签发的）、发展党员和党费小结，带目录。",
    BookKind.ASSESSMENT: "入党积极分子培养考察登记表 / 预备党员考察表，每人从新的一页开始。",
    BookKind.DUES: "横向 A4，每页重复表头，附欠缴名单。",
    BookKind.DISCLOSURE: "公示用，不含身份证号。",
    BookKind.ROSTER: "横向 A4；身份证号默认只显示前 6 位和后 4 位。",
    BookKind.MEETING: "一条会议记录，更正记录附在其后。",
    BookKind.BLANK: "带页眉的横线页，供手写续记。",
}


class PrintDialog(QDialog):
    """Attributes ``book`` … ``pages`` are the choices; ``preview`` is the last preview opened."""

    def __init__(self, parent: QWidget | None, services: Services, kind: BookKind = BookKind.WORKBOOK, *,
                 year: int | None = None, meeting_id: int | None = None, person_id: int | None = None,
                 on: str | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.preview: QDialog | None = None
        self.setWindowTitle(self.tr("打印"))
        self.book = QComboBox()
        for k in BookKind:
            self.book.addItem(self.tr(BOOK_NAMES[k]), k)
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
                                          "pages": self.pages}
        labels = {"year": "年度(&Y)", "meeting": "会议记录(&M)", "person": "人员(&P)", "on": "名册日期(&D)",
                  "full_id": "", "drafts": "", "pages": "页数(&N)"}
        for key, widget in self._rows.items():
            self.form.addRow(self.tr(labels[key]) if labels[key] else "", widget)
        self.form.addRow("", self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = buttons.addButton(self.tr("预览(&V)…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button.setDefault(True)
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
        wanted = _ROWS[self.kind()]
        for key, widget in self._rows.items():
            self.form.setRowVisible(widget, key in wanted)
        self.hint.setText(self.tr(_HINTS[self.kind()]))
        self.error.clear()
        self.adjustSize()

    def job(self) -> tuple[Callable[..., bytes], str, str]:
        """The build to run in the worker, the preview's title and the suggested file name.

        Raises:
            dates.DateParseError: the roster date is not a date.
        """
        kind, year = self.kind(), self.year.value()
        name = BOOK_NAMES[kind]
        call: Callable[[Any, dict[str, Any]], bytes]
        if kind == BookKind.WORKBOOK:
            drafts = self.drafts.isChecked()
            call = lambda p, kw: p.workbook(year, drafts=drafts, **kw)  # noqa: E731
            file = f"{year}年{name}"
        elif kind == BookKind.ASSESSMENT:
            person = self.person.currentData()
            call = lambda p, kw: p.assessment(person, **kw)  # noqa: E731
            file = f"{self.person.currentText().split('（')[0] if person else '全部人员'}考察登记表"
        elif kind in (BookKind.DUES, BookKind.DISCLOSURE):
            method = kind.value
            call = lambda p, kw: getattr(p, method)(year, **kw)  # noqa: E731
            file = f"{year}年{name}"
        elif kind == BookKind.ROSTER:
            on = self.on.value() or self.services.today()
            full = self.full_id.isChecked()
            call = lambda p, kw: p.roster(on, full_id=full, **kw)  # noqa: E731
            file = f"{name}（{on}）"
        elif kind == BookKind.MEETING:
            meeting, drafts = self.meeting.currentData(), self.drafts.isChecked()
            call = lambda p, kw: p.meeting(meeting, drafts=drafts, **kw)  # noqa: E731
            file = f"会议记录-{self.meeting.currentText().split('　')[0]}"
        else:
            pages = self.pages.value()
            call = lambda p, kw: p.blank(pages, year=year, **kw)  # noqa: E731
            file = f"{year}年{name}"

        def build(services: Services, progress: Callable[[str], None], cancelled: Callable[[], bool]) -> bytes:

            return call(services.printing, {"progress": progress, "cancel": cancelled})

        return build, self.tr(name), file + ".pdf"

    def _on_preview(self) -> None:
        if self.kind() == BookKind.MEETING and self.meeting.currentData() is None:
            self.error.show_message(self.tr("{y}年没有会议记录可打印").format(y=self.year.value()))
            return
        try:
            build, title, file = self.job()
        except dates.DateParseError as exc:
            self.error.show_message(self.tr("名册日期：{e}").format(e=exc))
            return
        data, error = run_with_progress(self, self.tr("正在生成《{t}》").format(t=title), self.services, build)
        if error == "取消":
            return
        if error:
            self.error.show_message(error)
            messages.show_error(self, self.tr("无法打印"), error)
            return
        from ui.dialogs.pdf_preview import PdfPreview

        self.preview = PdfPreview(self, data, title, file)
        self.preview.exec()
        self.accept()


def open_print_dialog(parent: QWidget, services: Services, kind: BookKind = BookKind.WORKBOOK, **kw: Any) -> None:
    PrintDialog(parent, services, kind, **kw).exec()
