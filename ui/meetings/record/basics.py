"""基本信息: kind, title, date and times, place, group, host, recorder, the 党课 fields, and the
other kinds the record also counts as."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.common import dates
from app.meetings import kinds
from app.meetings.kinds import COMBINABLE, Section
from app.meetings.model import Meeting
from app.services import Services
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.field import with_error
from ui.common.member_search import make_searchable
from ui.common.read_only import set_read_only
from ui.meetings.record.base import Tab


class BasicsTab(Tab):
    error_keys = ("title", "date", "end_time", "start_time", "host", "recorder", "speaker", "lecture_title",
                  "also_counts", "group_id")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        form = QFormLayout(self)
        self.kind_label = QLabel()
        self.kind_label.setStyleSheet("font-weight: bold;")
        self.title_edit = QLineEdit()
        self.date_edit = DateField()
        self.start_edit = QLineEdit()
        self.start_edit.setPlaceholderText("14:30")
        self.start_edit.setMaximumWidth(80)
        self.end_edit = QLineEdit()
        self.end_edit.setPlaceholderText("16:00")
        self.end_edit.setMaximumWidth(80)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel(self.tr("至")))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        self.place_edit = QLineEdit()
        self.group_combo = QComboBox()
        for g in services.branch.groups(include_dissolved=True):
            self.group_combo.addItem(g.name, g.id)
        people = services.roster.list(include_left=False)
        self.host_combo = self._people(people)
        self.recorder_combo = self._people(people)
        self.recorder_combo.setToolTip(self.tr("党课和谈心谈话以外的记录须填写记录人"))
        self.speaker_combo = self._people(people)
        self.speaker_combo.setToolTip(self.tr("可从名册中选择，也可直接填写（如上级党委同志）"))
        self.lecture_edit = QLineEdit()
        self.also_boxes: dict[str, QCheckBox] = {}
        also = QHBoxLayout()
        for kind in COMBINABLE:
            box = QCheckBox(kind)
            self.also_boxes[kind] = box
            also.addWidget(box)
            box.toggled.connect(self._on_also)
        also.addStretch(1)
        self.errors: dict[str, ErrorLabel] = {}

        def row(label: str, content: QWidget | QHBoxLayout, key: str | None = None) -> tuple[QLabel, QWidget]:
            holder, error = with_error(content)
            if key:
                self.errors[key] = error
            caption = QLabel(label)
            form.addRow(caption, holder)
            return caption, holder

        row(self.tr("会议类型"), self.kind_label)
        row(self.tr("会议名称 / 主题 *"), self.title_edit, "title")
        row(self.tr("日期 *"), self.date_edit, "date")
        row(self.tr("时间"), times, "end_time")
        row(self.tr("地点"), self.place_edit)
        self.group_row = row(self.tr("党小组 *"), self.group_combo, "group_id")
        self.host_caption, _ = row(self.tr("主持人 *"), self.host_combo, "host")
        self.recorder_caption, _ = row(self.tr("记录人 *"), self.recorder_combo, "recorder")
        self.speaker_row = row(self.tr("党课主讲人 *"), self.speaker_combo, "speaker")
        self.lecture_row = row(self.tr("党课题目 *"), self.lecture_edit, "lecture_title")
        row(self.tr("同时计为"), also, "also_counts")
        hint = QLabel(self.tr("例如“主题党日 + 党课”：一次活动同时落实两项要求，在落实情况中都计为已开。"))
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        form.addRow("", hint)
        for w in (self.title_edit, self.start_edit, self.end_edit, self.place_edit, self.lecture_edit):
            w.textEdited.connect(self.changed)
        for c in (self.host_combo, self.recorder_combo, self.speaker_combo):
            c.editTextChanged.connect(self.changed)
        self.date_edit.edit.textEdited.connect(self.changed)
        self.group_combo.activated.connect(self.changed)
        self.kind = ""

    @staticmethod
    def _people(people: list) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItem("", None)
        for m in people:
            combo.addItem(m.name, m.id)
        return make_searchable(combo, free_text=True)  # a host may come from outside the branch

    def also_counts(self) -> set[str]:
        return {k for k, b in self.also_boxes.items() if b.isChecked() and k != self.kind}

    def _on_also(self) -> None:
        self._show_parts()
        self.changed.emit()

    def _show_parts(self) -> None:
        parts = kinds.sections(self.kind, self.also_counts())
        spec = kinds.BY_NAME.get(self.kind)  # the asterisks say what this kind's record must name
        host, recorder = (spec.host_required, spec.recorder_required) if spec else (True, True)
        self.host_caption.setText(self.tr("主持人 *") if host else self.tr("主持人"))
        self.recorder_caption.setText(self.tr("记录人 *") if recorder else self.tr("记录人"))
        for w in (*self.speaker_row, *self.lecture_row):
            w.setVisible(Section.SPEAKER in parts)
        for w in self.group_row:
            w.setVisible(Section.GROUP in parts)

    def load(self, m: Meeting) -> None:
        self.kind = m.kind
        self.kind_label.setText(m.kind)
        self.title_edit.setText(m.title)
        self.date_edit.set_value(m.date)
        self.start_edit.setText(m.start_time)
        self.end_edit.setText(m.end_time)
        self.place_edit.setText(m.place)
        if m.group_id is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(m.group_id)))
        self.host_combo.setCurrentText(m.host)
        self.recorder_combo.setCurrentText(m.recorder)
        self.speaker_combo.setCurrentText(m.speaker)
        self.lecture_edit.setText(m.lecture_title)
        for kind, box in self.also_boxes.items():
            box.blockSignals(True)
            box.setChecked(kind in m.also_counts)
            box.setVisible(kind != m.kind)
            box.blockSignals(False)
        self._show_parts()

    def date_value(self) -> str:
        """The date as typed; raises dates.DateParseError."""
        return self.date_edit.value() or ""

    def group_value(self) -> int | None:
        return self.group_combo.currentData() if Section.GROUP in kinds.sections(self.kind) else None

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        m.title = self.title_edit.text()
        try:
            m.date = self.date_value()
        except dates.DateParseError as exc:
            problems["date"] = str(exc)
            m.date = ""
        m.start_time = self.start_edit.text().strip().replace("：", ":")
        m.end_time = self.end_edit.text().strip().replace("：", ":")
        m.place = self.place_edit.text().strip()
        m.group_id = self.group_value()
        m.host = self.host_combo.currentText().strip()
        m.recorder = self.recorder_combo.currentText().strip()
        m.speaker = self.speaker_combo.currentText().strip()
        idx = self.speaker_combo.findText(m.speaker)
        m.speaker_member_id = self.speaker_combo.itemData(idx) if m.speaker and idx >= 0 else None
        m.lecture_title = self.lecture_edit.text().strip()
        m.also_counts = tuple(k for k in COMBINABLE if k in self.also_counts())

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        for w in (self.title_edit, self.start_edit, self.end_edit, self.place_edit, self.lecture_edit):
            set_read_only(w, locked)  # looks read-only too, not only ignores typing
        for widget in (self.date_edit, self.group_combo, self.host_combo, self.recorder_combo, self.speaker_combo,
                       *self.also_boxes.values()):
            widget.setEnabled(not locked)

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_message(errors.get(key) or (errors.get("start_time") if key == "end_time" else None))
