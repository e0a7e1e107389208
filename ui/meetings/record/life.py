"""组织生活会程序与整改: the dates of the procedure's steps and the rectification list, both
still editable after sign-off (items of a signed record can be completed, not removed)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.meetings import rules as mr
from app.meetings.model import Meeting, Rectification, Step
from app.services import Services
from ui.common.error_label import ErrorLabel
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.meetings.record.base import Tab, button_row


@dataclass
class _StepRow:
    stage: str
    step: str
    done_on: str | None = None
    note: str = ""


class LifeTab(Tab):
    error_keys = ("steps", "rectifications")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("会议程序（填写完成日期）")))
        self.steps = RowsModel([
            Col("stage", self.tr("阶段"), editable=False, width=50),
            Col("step", self.tr("步骤"), editable=False, width=260),
            Col("done_on", self.tr("完成日期"), "date", width=140),
            Col("note", self.tr("备注")),
        ], self)
        layout.addWidget(table_view(self.steps), 1)
        layout.addWidget(QLabel(self.tr("整改清单（签发后仍可填写完成情况）")))
        today = services.today()
        self.rects = RowsModel([
            Col("item", self.tr("整改事项")),
            Col("owner", self.tr("责任人"), width=90),
            Col("due_on", self.tr("完成时限"), "date", width=130),
            Col("done_on", self.tr("完成日期"), "date", width=130),
            Col("note", self.tr("备注"), width=200),
        ], self)
        self.rects.attention = lambda r: not r.done_on and bool(r.due_on) and r.due_on < today
        self.rect_view = table_view(self.rects)
        layout.addWidget(self.rect_view, 1)
        self.add_rect_button = QPushButton(self.tr("添加整改事项"))
        self.add_rect_button.clicked.connect(self._on_add)
        self.remove_rect_button = QPushButton(self.tr("删除所选"))
        self.remove_rect_button.clicked.connect(self._on_remove)
        layout.addLayout(button_row(self.add_rect_button, self.remove_rect_button))
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.signed = False
        for model in (self.steps, self.rects):
            model.edited.connect(self.changed)
            model.problem.connect(self.error.show_message)

    def _on_add(self) -> None:
        row = self.rects.append(Rectification(""))
        self.rect_view.setCurrentIndex(self.rects.index(row, 0))
        self.rect_view.edit(self.rects.index(row, 0))

    def _on_remove(self) -> None:
        rows = [i.row() for i in self.rect_view.selectionModel().selectedRows()]
        if self.signed:
            rows = [r for r in rows if self.rects.record(r).id is None]  # kept items are completed, not removed
        self.rects.remove(rows)

    def load(self, m: Meeting) -> None:
        self.signed = m.signed
        done = {s.step: s for s in m.steps}
        self.steps.set_rows([_StepRow(stage, step, done[step].done_on if step in done else None,
                                      done[step].note if step in done else "")
                             for stage, step in mr.LIFE_MEETING_STEPS])
        self.rects.set_rows(m.rectifications)

    def tracking(self) -> tuple[list[Step], list[Rectification]]:
        steps = [Step(s.step, s.done_on, s.note.strip()) for s in self.steps.rows() if s.done_on or s.note.strip()]
        rects = [Rectification(r.item.strip(), r.owner.strip(), r.due_on, r.done_on, r.note.strip(), r.id)
                 for r in self.rects.rows()]
        return steps, rects

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        steps, rects = self.tracking()
        m.steps = steps if m.counts_as("组织生活会") else []
        m.rectifications = rects if m.counts_as("组织生活会") else []

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        editable = not locked or tracking_open
        self.steps.read_only = self.rects.read_only = not editable
        self.add_rect_button.setEnabled(editable)
        self.remove_rect_button.setEnabled(editable)
        self.steps.refresh()
        self.rects.refresh()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_message(errors.get("rectifications") or errors.get("steps"))
