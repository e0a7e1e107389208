"""议题与内容: the agenda in order, named speeches, the content and the resolutions."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.meetings.model import Meeting, Speech
from app.services import Services
from ui.common.error_label import ErrorLabel
from ui.common.plain_text import PlainTextEdit
from ui.common.read_only import set_read_only
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.meetings.record.base import Tab, button_row


class _Item:
    """An agenda line as a record, so the agenda uses the same model as the other lists."""

    def __init__(self, text: str) -> None:
        self.text = text


class ContentTab(Tab):
    error_keys = ("agenda",)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        grid = QGridLayout(self)
        agenda_box = QGroupBox(self.tr("议题（按顺序）"))
        al = QVBoxLayout(agenda_box)
        self.agenda = RowsModel([Col("text", self.tr("议题"))], self)
        self.agenda_view = table_view(self.agenda)
        self.agenda_view.horizontalHeader().hide()
        al.addWidget(self.agenda_view)
        self.agenda_buttons = []
        for text, slot in (
            (self.tr("添加"), self._on_add_agenda),
            (self.tr("删除"), self._on_remove_agenda),
            (self.tr("上移"), lambda: self._move_agenda(-1)),
            (self.tr("下移"), lambda: self._move_agenda(1)),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.agenda_buttons.append(b)
        al.addLayout(button_row(*self.agenda_buttons))
        self.agenda_error = ErrorLabel()
        al.addWidget(self.agenda_error)
        speech_box = QGroupBox(self.tr("发言要点（谁说了什么）"))
        sl = QVBoxLayout(speech_box)
        self.speeches = RowsModel(
            [Col("speaker", self.tr("发言人"), width=100), Col("points", self.tr("发言要点"))], self
        )
        self.speech_view = table_view(self.speeches)
        sl.addWidget(self.speech_view)
        add = QPushButton(self.tr("添加发言"))
        add.clicked.connect(self._on_add_speech)
        rm = QPushButton(self.tr("删除所选"))
        rm.clicked.connect(lambda: self.speeches.remove(self._selected(self.speech_view)))
        self.speech_buttons = (add, rm)
        sl.addLayout(button_row(add, rm))
        self.content = PlainTextEdit()
        self.content.setPlaceholderText(self.tr("会议内容（学习内容、情况通报等）"))
        self.resolutions = PlainTextEdit()
        self.resolutions.setPlaceholderText(self.tr("决议、决定事项（有表决的写明表决结果）"))
        grid.addWidget(agenda_box, 0, 0)
        grid.addWidget(speech_box, 0, 1)
        grid.addWidget(QLabel(self.tr("会议内容")), 1, 0)
        grid.addWidget(QLabel(self.tr("决议")), 1, 1)
        grid.addWidget(self.content, 2, 0)
        grid.addWidget(self.resolutions, 2, 1)
        for signal in (
            self.agenda.edited,
            self.speeches.edited,
            self.content.textChanged,
            self.resolutions.textChanged,
        ):
            signal.connect(self.changed)

    @staticmethod
    def _selected(view: QAbstractItemView) -> list[int]:
        selection = view.selectionModel()
        return [i.row() for i in selection.selectedRows()] if selection is not None else []

    def _on_add_agenda(self) -> None:
        row = self.agenda.append(_Item(""))
        self.agenda_view.setCurrentIndex(self.agenda.index(row, 0))
        self.agenda_view.edit(self.agenda.index(row, 0))

    def _on_remove_agenda(self) -> None:
        self.agenda.remove(self._selected(self.agenda_view))

    def _move_agenda(self, delta: int) -> None:
        rows = self._selected(self.agenda_view)
        if rows:
            target = self.agenda.move(rows[0], delta)
            self.agenda_view.selectRow(target)

    def _on_add_speech(self) -> None:
        row = self.speeches.append(Speech("", ""))
        self.speech_view.setCurrentIndex(self.speeches.index(row, 0))
        self.speech_view.edit(self.speeches.index(row, 0))

    def load(self, m: Meeting) -> None:
        self.agenda.set_rows([_Item(a) for a in m.agenda])
        self.speeches.set_rows(m.speeches)
        self.content.setPlainText(m.content)
        self.resolutions.setPlainText(m.resolutions)

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        m.agenda = [a.text for a in self.agenda.rows()]
        m.speeches = [
            Speech(s.speaker.strip(), s.points) for s in self.speeches.rows() if s.speaker.strip() or s.points.strip()
        ]
        m.content = self.content.toPlainText()
        m.resolutions = self.resolutions.toPlainText()

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        self.agenda.read_only = self.speeches.read_only = locked
        for w in (*self.agenda_buttons, *self.speech_buttons):
            w.setEnabled(not locked)
        set_read_only(self.content, locked)
        set_read_only(self.resolutions, locked)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.agenda_error.show_message(errors.get("agenda"))
