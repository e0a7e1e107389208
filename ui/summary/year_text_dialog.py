"""年度计划和总结: the year's 年度工作计划 and 年度工作总结, free text printed in the work record."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.common.errors import UserError
from app.meetings.model import YearTextKind
from app.services import Services
from ui import messages
from ui.common.error_label import ErrorLabel
from ui.common.plain_text import PlainTextEdit
from ui.common.save_dialog import ask_save_path
from ui.common.screen import fit_to_screen

_PLACEHOLDERS = {
    YearTextKind.PLAN: "如：一、加强政治建设……　二、落实“三会一课”……　三、发展党员……（年初经支部委员会研究后填写）",
    YearTextKind.SUMMARY: "如：一、全年基本情况……　二、主要做法和成效……　三、存在问题……　四、下一步打算……",
}


class YearTextDialog(QDialog):
    """Edit both texts of one year; switching the year asks about unsaved changes first."""

    def __init__(self, parent: QWidget | None, services: Services, year: int) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.meetings
        self.setWindowTitle(self.tr("年度工作计划和总结"))
        self.year = QSpinBox()
        self.year.setRange(1921, 2100)
        self.year.setSuffix(self.tr(" 年"))
        self.year.setValue(year)
        self.by = QLineEdit()
        self.by.setPlaceholderText(self.tr("填写人姓名"))
        self.tabs = QTabWidget()
        self.edits: dict[str, QPlainTextEdit] = {}
        for kind in YearTextKind:
            edit = PlainTextEdit()
            edit.setPlaceholderText(self.tr(_PLACEHOLDERS[kind]))
            edit.setTabChangesFocus(True)
            self.edits[kind] = edit
            self.tabs.addTab(edit, self.tr(kind))
        self.count = QLabel()
        self.count.setStyleSheet("color: #555;")
        self.error = ErrorLabel()
        top = QHBoxLayout()
        for w in (QLabel(self.tr("年度")), self.year, QLabel(self.tr("填写人")), self.by):
            top.addWidget(w)
        top.addStretch(1)
        self.draft_button = QPushButton(self.tr("根据记录生成总结草稿"))
        self.draft_button.setToolTip(self.tr("按本年度的党员、会议、党课、发展党员、党费和整改记录生成，生成后可修改"))
        self.draft_button.clicked.connect(self._on_draft)
        top.addWidget(self.draft_button)
        top.addWidget(self.count)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.word_button = self.buttons.addButton(self.tr("导出Word(&W)…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.word_button.setToolTip(self.tr("把当前页的计划或总结保存为 Word 文件（.docx），可在 Word 或 WPS 中修改"))
        self.word_button.clicked.connect(self._on_word)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        for box in self.edits.values():
            box.textChanged.connect(self._update_count)
        self.tabs.currentChanged.connect(self._update_count)
        self._shown_year = year
        self.year.valueChanged.connect(self._on_year)
        self._load()
        fit_to_screen(self, 820, 620)
        self.year.setFocus()

    def texts(self) -> dict[str, str]:
        return {kind: edit.toPlainText() for kind, edit in self.edits.items()}

    def dirty(self) -> bool:
        return {k: v.strip() for k, v in self.texts().items()} != self._loaded

    def _load(self) -> None:
        year = self.year.value()
        self._loaded: dict[str, str] = {kind: self.service.year_text(year, kind) for kind in YearTextKind}
        for kind, edit in self.edits.items():
            edit.setPlainText(self._loaded[kind])
        self._shown_year = year
        self._update_count()

    def _update_count(self, *args: object) -> None:
        edit = self.tabs.currentWidget()
        if isinstance(edit, QPlainTextEdit):
            n = len(edit.toPlainText().strip())
            self.count.setText(self.tr("{n} 字").format(n=n))

    def _on_year(self, year: int) -> None:
        if year == self._shown_year:
            return
        if self.dirty():
            self.year.blockSignals(True)
            self.year.setValue(self._shown_year)
            self.year.blockSignals(False)
            answer = messages.ask_save(self, self.tr("{y}年的计划或总结已修改，是否保存？").format(y=self._shown_year))
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
            self.year.blockSignals(True)
            self.year.setValue(year)
            self.year.blockSignals(False)
        self._load()

    def save(self) -> bool:
        """Write what changed; returns False (with the reason shown) when it could not."""
        year = self._shown_year
        try:
            for kind, text in self.texts().items():
                if text.strip() != self._loaded[kind]:
                    self.service.set_year_text(year, kind, text, self.by.text())
        except UserError as exc:
            self.error.show_message(exc.message)
            return False
        self._loaded = {k: v.strip() for k, v in self.texts().items()}
        return True

    def _on_save(self) -> None:
        if self.save():
            self.accept()

    def reject(self) -> None:
        if self.dirty():
            answer = messages.ask_save(self, self.tr("计划或总结已修改，是否保存？"))
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
            if answer == "save":
                self.accept()
                return
        super().reject()

    def current_kind(self) -> str:
        return next(kind for kind, edit in self.edits.items() if edit is self.tabs.currentWidget())

    def _on_word(self) -> None:
        """The current tab's text, as it stands in the editor, as a Word file."""
        kind, year = self.current_kind(), self._shown_year
        path = ask_save_path(self, self.tr("导出Word"), self.tr("{y}{k}.docx").format(y=year, k=kind),
                             self.tr("Word 文档 (*.docx)"), ".docx")
        if not path:
            return
        try:
            self.services.printing.year_text(year, kind, path, text=self.edits[kind].toPlainText())
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        messages.show_info(self, self.tr("导出Word"), self.tr("已保存 {p}，可用 Word 或 WPS 打开修改。").format(p=path))

    def _on_draft(self) -> None:
        """Fill the 总结 tab with a draft made from the year's records (asks before replacing)."""

        edit = self.edits[YearTextKind.SUMMARY]
        if edit.toPlainText().strip() and not messages.confirm(
                self, self.tr("生成总结草稿"), self.tr("用根据记录生成的草稿替换“年度工作总结”中现有的文字？")):
            return
        edit.setPlainText(self.services.summary.draft(self.year.value()))
        self.tabs.setCurrentWidget(edit)
        edit.setFocus()
