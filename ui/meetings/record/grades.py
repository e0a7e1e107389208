"""民主评议: a grade for each full member present in the list (预备党员 take part without one),
with the one-third cap on 优秀 shown as it is reached."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.meetings import rules as mr
from app.meetings.model import Attendance, Grade, Meeting, Rating
from app.roster.model import MemberClass
from app.services import Services
from ui.common.error_label import ErrorLabel
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.meetings.record.base import Tab

NO_GRADE = "参加评议，不评定等次"


class _Row:
    def __init__(self, a: Attendance, grade: Grade | None) -> None:
        self.member_id = a.member_id
        self.name = a.name
        self.member_class = a.member_class
        self.grade = (grade.grade or "") if grade else ""
        self.note = grade.note if grade else ""

    @property
    def probationary(self) -> bool:
        return self.member_class == MemberClass.PROBATIONARY


class GradesTab(Tab):
    error_keys = ("grades",)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.model = RowsModel([
            Col("name", self.tr("姓名"), editable=False, width=110),
            Col("member_class", self.tr("类别"), editable=False, width=60),
            Col("grade", self.tr("评定等次"), "choice", choices=["", *Rating], width=180,
                can_edit=lambda r: not r.probationary, display=lambda r: NO_GRADE if r.probationary else r.grade),
            Col("note", self.tr("备注")),
        ], self)
        self.view = table_view(self.model)
        layout.addWidget(self.view, 1)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.model.edited.connect(self._on_edited)

    def set_people(self, people: list[Attendance], grades: list[Grade]) -> None:
        given = {g.member_id: g for g in grades}
        self.model.set_rows([_Row(a, given.get(a.member_id)) for a in people])
        self._update_summary()

    def grades(self) -> list[Grade]:
        out = []
        for r in self.model.rows():
            grade = None if r.probationary else (r.grade or None)
            if grade or r.probationary or r.note:
                out.append(Grade(r.member_id, grade, r.note, r.name))
        return out

    def _on_edited(self) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        rows = self.model.rows()
        full = [r for r in rows if not r.probationary]
        excellent = sum(1 for r in full if r.grade == Rating.EXCELLENT)
        cap = mr.excellent_cap(len(full))
        self.summary.setText(self.tr("参评正式党员{n}名，“优秀”最多{cap}名（不超过三分之一），已评{e}名").format(
            n=len(full), cap=cap, e=excellent))
        self.summary.setStyleSheet("color: #b3261e;" if excellent > cap else "")

    def load(self, m: Meeting) -> None:
        self.set_people(m.attendance, m.grades)

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        m.grades = self.grades() if m.counts_as("民主评议党员") else []

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        self.model.read_only = locked
        self.model.refresh()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_message(errors.get("grades"))
