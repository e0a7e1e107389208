"""出席情况: who was due on the meeting date and who came (a table model, so choosing a reason
never moves the table under the mouse), the talk participants, and the observers."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.meetings import kinds
from app.meetings.kinds import Attendees
from app.meetings.model import AbsenceReason, Attendance, Meeting, Observer, ObserverRole, Tally
from app.services import Services
from ui.common.error_label import ErrorLabel
from ui.common.member_search import make_searchable
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.meetings.record.base import Tab, button_row


def _after_attendance_edit(a: Attendance, key: str) -> None:
    if key == "present" and a.present:
        a.absence_reason, a.absence_note = None, ""  # ticking 出席 again clears the reason
    elif key == "absence_reason":
        a.present = a.absence_reason is None
        if a.present:
            a.absence_note = ""
    if not a.present:
        a.as_ordinary_member = False


class AttendanceTab(Tab):
    error_keys = ("attendance",)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        self.model = RowsModel([
            Col("name", self.tr("姓名"), editable=False, width=110),
            Col("member_class", self.tr("类别"), editable=False, width=60),
            Col("present", self.tr("出席"), "check", width=50),
            Col("absence_reason", self.tr("缺席原因"), "choice", choices=["", *AbsenceReason], width=90),
            Col("absence_note", self.tr("缺席说明"), can_edit=lambda a: not a.present),
            Col("as_ordinary_member", self.tr("以普通党员身份参加"), "check", width=150,
                can_edit=lambda a: a.is_leader_cadre and a.present),
        ], self)
        self.model.after_edit = _after_attendance_edit
        self.model.attention = lambda a: not a.present
        self.table = table_view(self.model)
        layout.addWidget(self.table, 1)
        # The tally sits below the table with a fixed height: editing never shifts the rows.
        self.tally_label = QLabel()
        self.tally_label.setWordWrap(True)
        self.tally_label.setStyleSheet("font-weight: bold;")
        self.tally_label.setFixedHeight(self.tally_label.fontMetrics().lineSpacing() * 4 + 6)
        layout.addWidget(self.tally_label)
        self.regenerate_button = QPushButton(self.tr("按会议日期重新生成应到名单"))
        self.participant_combo = QComboBox()
        for m in services.roster.list(include_left=False):
            self.participant_combo.addItem(m.name, m.id)
        self.participant_combo.setMinimumWidth(160)
        make_searchable(self.participant_combo)
        self.add_participant = QPushButton(self.tr("添加谈话人"))
        self.add_participant.clicked.connect(self._on_add_participant)
        self.remove_participant = QPushButton(self.tr("移除所选"))
        self.remove_participant.clicked.connect(self._on_remove_participant)
        layout.addLayout(button_row(self.regenerate_button, self.participant_combo, self.add_participant,
                                    self.remove_participant))
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        obs = self.observer_box = QGroupBox(self.tr("列席人员（入党积极分子、上级党组织代表等）"))
        ol = QVBoxLayout(obs)
        self.observers = RowsModel([Col("name", self.tr("姓名"), width=160),
                                    Col("role", self.tr("身份"), "choice", choices=list(ObserverRole))], self)
        self.observer_view = table_view(self.observers)
        self.observer_view.setMaximumHeight(130)
        ol.addWidget(self.observer_view)
        add = QPushButton(self.tr("添加列席人员"))
        add.clicked.connect(self._on_add_observer)
        rm = QPushButton(self.tr("删除所选"))
        rm.clicked.connect(
            lambda: self.observers.remove([i.row() for i in self.observer_view.selectionModel().selectedRows()])
        )
        self.observer_buttons = (add, rm)
        ol.addLayout(button_row(add, rm))
        layout.addWidget(obs)
        self.model.edited.connect(self.changed)
        self.observers.edited.connect(self.changed)
        self.kind = ""

    def load(self, m: Meeting) -> None:
        self.kind = m.kind
        self.model.set_rows(m.attendance)
        self.observers.set_rows(m.observers)
        talk = kinds.of(m.kind).attendees == Attendees.CHOSEN
        # 谈心谈话 is a simple form: who talked, no presence, absences, tally or observers
        for column in range(2, self.model.columnCount()):
            self.table.setColumnHidden(column, talk)
        self.tally_label.setVisible(not talk)
        self.observer_box.setVisible(not talk)
        self.regenerate_button.setVisible(not talk)
        for w in (self.participant_combo, self.add_participant, self.remove_participant):
            w.setVisible(talk)

    def people(self) -> list[Attendance]:
        return self.model.rows()

    def set_people(self, people: list[Attendance]) -> None:
        self.model.set_rows(people)
        self.changed.emit()

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        m.attendance = self.people()
        m.observers = [Observer(o.name.strip(), o.role) for o in self.observers.rows() if o.name.strip()]

    def merge_due(self, fresh: list[Attendance]) -> list[Attendance]:
        """The people due on a new date or for a new group, keeping the absences already marked."""
        current = {a.member_id: a for a in self.people()}
        return [replace(current.get(f.member_id, f), member_class=f.member_class) for f in fresh]

    def _on_add_participant(self) -> None:
        mid = self.participant_combo.currentData()
        people = self.people()
        if mid is None or any(a.member_id == mid for a in people):
            return
        on = self.services.today()
        self.set_people([*people, self.services.meetings.participant(mid, on)])

    def _on_remove_participant(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.model.remove(sorted(rows))

    def _on_add_observer(self) -> None:
        row = self.observers.append(Observer("", ObserverRole.ACTIVIST))
        self.observer_view.setCurrentIndex(self.observers.index(row, 0))
        self.observer_view.edit(self.observers.index(row, 0))

    def show_tally(self, text: str, bad: bool) -> None:
        self.tally_label.setText(text)
        self.tally_label.setToolTip(text)
        self.tally_label.setStyleSheet("font-weight: bold;" + ("color: #b3261e;" if bad else ""))

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        self.model.read_only = locked
        self.observers.read_only = locked
        for w in (
            self.regenerate_button,
            self.participant_combo,
            self.add_participant,
            self.remove_participant,
            *self.observer_buttons,
        ):
            w.setEnabled(not locked)
        self.model.refresh()
        self.observers.refresh()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_message(errors.get("attendance"))

    @staticmethod
    def tally_text(t: Tally) -> str:
        text = (
            f"应到{t.due}人（正式党员{t.due_full}名、预备党员{t.due_probationary}名），"
            f"实到{t.present}人（正式{t.present_full}、预备{t.present_probationary}），缺席{t.due - t.present}人"
        )
        if t.absent:
            text += "\n缺席：" + "、".join(f"{name}（{why}）" for name, why in t.absent)
        if t.quorum_text:
            text += "\n" + t.quorum_text
        return text
