"""The meeting record editor: basics, attendance, agenda and content, votes, and the parts
particular to 民主评议 and 组织生活会; sign-off, corrections and attachments."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import dates
from app import meeting_rules as mr
from app.errors import UserError, ValidationError
from app.services.branch import BranchService
from app.services.meetings import (
    COMBINABLE,
    Attendance,
    Grade,
    Meeting,
    MeetingService,
    Observer,
    Rectification,
    Speech,
    Step,
    Vote,
)
from app.services.members import MemberService
from ui import messages
from ui.dialogs.form_dialog import FormDialog
from ui.widgets.date_field import DateField
from ui.widgets.error_label import ErrorLabel


def _item(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _check_item(checked: bool, enabled: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem()
    flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
    if enabled:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
    item.setFlags(flags)
    item.setData(_CHECKABLE, enabled)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _set_table_read_only(table: QTableWidget, read_only: bool) -> None:
    """Lock a table for reading without greying it out (a signed record must stay legible)."""
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers if read_only else
                          QTableWidget.EditTrigger.DoubleClicked | QTableWidget.EditTrigger.EditKeyPressed
                          | QTableWidget.EditTrigger.AnyKeyPressed)
    table.setProperty("read_only", read_only)
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            widget = table.cellWidget(r, c)
            if isinstance(widget, QSpinBox):
                widget.setReadOnly(read_only)
                widget.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons if read_only
                                        else QSpinBox.ButtonSymbols.UpDownArrows)
            elif widget is not None:
                widget.setEnabled(not read_only)
            item = table.item(r, c)
            if item is not None and item.data(_CHECKABLE) is not None:
                flags = item.flags()
                if read_only or not item.data(_CHECKABLE):
                    flags &= ~Qt.ItemFlag.ItemIsUserCheckable
                else:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)


_CHECKABLE = Qt.ItemDataRole.UserRole + 7


def _widths(table: QTableWidget, widths: list[int]) -> None:
    """Column widths; a 0 makes that column take the remaining space."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for c, w in enumerate(widths):
        if w:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(c, w)
        else:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)


def _table(headers: list[str], widths: list[int] | None = None, on_change=None) -> QTableWidget:  # noqa: ANN001
    """A table with these headers, column widths (see :func:`_widths`) and a change handler."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setStretchLastSection(True)
    if widths:
        _widths(table, widths)
    if on_change is not None:
        # dataChanged, not itemChanged: PySide6 6.12 can crash handing an item to a slot
        # while its flags change.
        table.model().dataChanged.connect(on_change)
    return table


class _SignDialog(FormDialog):
    """Who signs off (or corrects), and why (for a correction)."""

    def __init__(self, parent: QWidget | None, title: str, default_name: str, need_reason: bool) -> None:
        super().__init__(parent, title)
        self.name = QLineEdit(default_name)
        self.reason = QLineEdit()
        self.form.addRow(self.tr("签发人") if not need_reason else self.tr("更正人"), self.name)
        if need_reason:
            self.reason.setPlaceholderText(self.tr("例如：决议文字录入有误"))
            self.form.addRow(self.tr("更正原因"), self.reason)
        self.need_reason = need_reason

    def _save(self) -> None:
        if not self.name.text().strip():
            raise ValidationError({"name": self.tr("请填写姓名")})
        if self.need_reason and not self.reason.text().strip():
            raise ValidationError({"reason": self.tr("请填写更正原因")})


class MeetingEditor(QDialog):
    """Edit one record. Use :meth:`open_record` or :meth:`new_record`.

    A signed-off record opens read-only; 更正 makes it editable and saving then asks who
    corrects it and why. The 整改清单, 会议程序 dates and attachments stay editable.
    """

    def __init__(self, parent: QWidget | None, conn: sqlite3.Connection, meeting: Meeting) -> None:
        super().__init__(parent)
        self.conn = conn
        self.service = MeetingService(conn)
        self.members = MemberService(conn)
        self.branch = BranchService(conn)
        self.meeting = meeting
        self.correcting = False
        self.saved = False
        self._dirty = False
        self._loading = True
        self.setWindowTitle(self._title())
        self.resize(1100, 760)
        self._build_ui()
        self._load(meeting)
        self._loading = False
        self._apply_mode()

    # -- building -----------------------------------------------------------------------

    def _title(self) -> str:
        if self.meeting.id is None:
            return self.tr("新建会议记录 — {kind}").format(kind=self.meeting.kind)
        return self.tr("会议记录 — {kind} {date}").format(kind=self.meeting.kind, date=dates.fmt_cn(self.meeting.date))

    def _build_ui(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_basics(), self.tr("基本信息"))
        self.tabs.addTab(self._build_attendance(), self.tr("出席情况"))
        self.tabs.addTab(self._build_content(), self.tr("议题与内容"))
        self.tabs.addTab(self._build_votes(), self.tr("表决"))
        self.grades_tab = self._build_grades()
        self.life_tab = self._build_life()
        self.tabs.addTab(self.grades_tab, self.tr("民主评议"))
        self.tabs.addTab(self.life_tab, self.tr("组织生活会程序与整改"))
        self.tabs.addTab(self._build_attachments(), self.tr("附件与更正记录"))

        self.status_label = QLabel()
        self.errors = ErrorLabel()
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.sign_button = QPushButton(self.tr("签发…"))
        self.correct_button = QPushButton(self.tr("更正…"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self._on_sign)
        self.correct_button.clicked.connect(self._on_correct)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        for b in (self.correct_button, self.sign_button, self.save_button, self.close_button):
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errors)
        layout.addLayout(bottom)

    def _people_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItem("", None)
        for m in self.members.list(include_left=False):
            combo.addItem(m.name, m.id)
        return combo

    def _build_basics(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
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
        for g in self.branch.groups(include_dissolved=True):
            self.group_combo.addItem(g.name, g.id)
        self.host_combo = self._people_combo()
        self.recorder_combo = self._people_combo()
        self.speaker_combo = self._people_combo()
        self.speaker_combo.setToolTip(self.tr("可从名册中选择，也可直接填写（如上级党委同志）"))
        self.lecture_edit = QLineEdit()
        self.also_boxes: dict[str, QCheckBox] = {}
        also = QHBoxLayout()
        for kind in COMBINABLE:
            box = QCheckBox(kind)
            self.also_boxes[kind] = box
            also.addWidget(box)
            box.toggled.connect(self._on_kind_parts_changed)
        also.addStretch(1)
        self.field_errors: dict[str, ErrorLabel] = {}

        def row(label: str, widget: QWidget | QHBoxLayout, key: str | None = None) -> None:
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            if isinstance(widget, QHBoxLayout):
                box.addLayout(widget)
            else:
                box.addWidget(widget)
            if key:
                self.field_errors[key] = ErrorLabel()
                box.addWidget(self.field_errors[key])
            form.addRow(label, holder)

        row(self.tr("会议类型"), self.kind_label)
        row(self.tr("会议名称 / 主题 *"), self.title_edit, "title")
        row(self.tr("日期 *"), self.date_edit, "date")
        row(self.tr("时间"), times, "end_time")
        row(self.tr("地点"), self.place_edit)
        self.group_row_label = QLabel(self.tr("党小组 *"))
        form.addRow(self.group_row_label, self.group_combo)
        row(self.tr("主持人 *"), self.host_combo, "host")
        row(self.tr("记录人"), self.recorder_combo, "recorder")
        self.recorder_combo.setToolTip(self.tr("党课以外的会议须填写记录人"))
        row(self.tr("党课主讲人 *"), self.speaker_combo, "speaker")
        self.speaker_label = form.labelForField(form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).widget())
        self.speaker_holder = form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).widget()
        row(self.tr("党课题目 *"), self.lecture_edit, "lecture_title")
        self.lecture_label = form.labelForField(form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).widget())
        self.lecture_holder = form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).widget()
        row(self.tr("同时计为"), also, "also_counts")
        hint = QLabel(self.tr("例如“主题党日 + 党课”：一次活动同时落实两项要求，在落实情况中都计为已开。"))
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        for w in (self.title_edit, self.start_edit, self.end_edit, self.place_edit, self.lecture_edit):
            w.textEdited.connect(self._mark_dirty)
        for c in (self.host_combo, self.recorder_combo, self.speaker_combo):
            c.editTextChanged.connect(self._mark_dirty)
        self.date_edit.edit.editingFinished.connect(self._on_date_or_group_changed)
        self.group_combo.activated.connect(self._on_date_or_group_changed)
        return page

    def _build_attendance(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.tally_label = QLabel()
        self.tally_label.setWordWrap(True)
        self.tally_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.tally_label)
        self.attendance = _table([self.tr("姓名"), self.tr("类别"), self.tr("出席"), self.tr("缺席原因"),
                                  self.tr("缺席说明"), self.tr("以普通党员身份参加")])
        _widths(self.attendance, [110, 60, 50, 90, 0, 150])
        self.attendance.model().dataChanged.connect(self._on_attendance_item_changed)
        layout.addWidget(self.attendance, 1)
        row = QHBoxLayout()
        self.regenerate_button = QPushButton(self.tr("按会议日期重新生成应到名单"))
        self.regenerate_button.clicked.connect(self._regenerate_attendance)
        self.participant_combo = self._people_combo()
        self.participant_combo.setEditable(False)
        self.participant_combo.setMinimumWidth(160)
        self.add_participant = QPushButton(self.tr("添加谈话人"))
        self.add_participant.clicked.connect(self._on_add_participant)
        self.remove_participant = QPushButton(self.tr("移除所选"))
        self.remove_participant.clicked.connect(self._on_remove_participant)
        row.addWidget(self.regenerate_button)
        row.addWidget(self.participant_combo)
        row.addWidget(self.add_participant)
        row.addWidget(self.remove_participant)
        row.addStretch(1)
        layout.addLayout(row)
        self.attendance_error = ErrorLabel()
        layout.addWidget(self.attendance_error)
        obs = QGroupBox(self.tr("列席人员（入党积极分子、上级党组织代表等）"))
        ol = QVBoxLayout(obs)
        self.observers = _table([self.tr("姓名"), self.tr("身份")])
        self.observers.setMaximumHeight(130)
        _widths(self.observers, [160, 0])
        self.observers.model().dataChanged.connect(self._mark_dirty)
        ol.addWidget(self.observers)
        orow = QHBoxLayout()
        add = QPushButton(self.tr("添加列席人员"))
        add.clicked.connect(lambda: self._add_row(self.observers, ["", mr.OBSERVER_ROLES[0]]))
        rm = QPushButton(self.tr("删除所选"))
        rm.clicked.connect(lambda: self._remove_selected(self.observers))
        orow.addWidget(add)
        orow.addWidget(rm)
        orow.addStretch(1)
        ol.addLayout(orow)
        self.observer_buttons = (add, rm)
        layout.addWidget(obs)
        return page

    def _build_content(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        agenda_box = QGroupBox(self.tr("议题（按顺序）"))
        al = QVBoxLayout(agenda_box)
        self.agenda = QListWidget()
        self.agenda.model().dataChanged.connect(self._mark_dirty)
        al.addWidget(self.agenda)
        arow = QHBoxLayout()
        self.agenda_buttons = []
        for text, slot in ((self.tr("添加"), self._on_add_agenda), (self.tr("删除"), self._on_remove_agenda),
                           (self.tr("上移"), lambda: self._move_agenda(-1)), (self.tr("下移"), lambda: self._move_agenda(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            arow.addWidget(b)
            self.agenda_buttons.append(b)
        al.addLayout(arow)
        speech_box = QGroupBox(self.tr("发言要点（谁说了什么）"))
        sl = QVBoxLayout(speech_box)
        self.speeches = _table([self.tr("发言人"), self.tr("发言要点")], [100, 0], self._mark_dirty)
        sl.addWidget(self.speeches)
        srow = QHBoxLayout()
        add = QPushButton(self.tr("添加发言"))
        add.clicked.connect(lambda: self._add_row(self.speeches, ["", ""]))
        rm = QPushButton(self.tr("删除所选"))
        rm.clicked.connect(lambda: self._remove_selected(self.speeches))
        srow.addWidget(add)
        srow.addWidget(rm)
        srow.addStretch(1)
        sl.addLayout(srow)
        self.speech_buttons = (add, rm)
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(self.tr("会议内容（学习内容、情况通报等）"))
        self.resolutions = QPlainTextEdit()
        self.resolutions.setPlaceholderText(self.tr("决议、决定事项（有表决的写明表决结果）"))
        self.content.textChanged.connect(self._mark_dirty)
        self.resolutions.textChanged.connect(self._mark_dirty)
        grid.addWidget(agenda_box, 0, 0)
        grid.addWidget(speech_box, 0, 1)
        grid.addWidget(QLabel(self.tr("会议内容")), 1, 0)
        grid.addWidget(QLabel(self.tr("决议")), 1, 1)
        grid.addWidget(self.content, 2, 0)
        grid.addWidget(self.resolutions, 2, 1)
        return page

    def _build_votes(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(self.tr(
            "支部党员大会须有半数以上有表决权的党员到会；赞成票超过应到会有表决权党员的半数为通过（恰好半数不通过）。"
            "会前提交的书面意见计入票数。发展党员表决须逐个进行。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.votes = _table([self.tr("表决事项"), self.tr("方式"), self.tr("赞成"), self.tr("反对"), self.tr("弃权"),
                             self.tr("书面赞成"), self.tr("书面反对"), self.tr("书面弃权"), self.tr("结果")])
        self.votes.model().dataChanged.connect(self._on_votes_changed)
        _widths(self.votes, [0, 100, 66, 66, 66, 76, 76, 76, 80])
        layout.addWidget(self.votes, 1)
        self.vote_results = QLabel()
        self.vote_results.setWordWrap(True)
        layout.addWidget(self.vote_results)
        row = QHBoxLayout()
        add = QPushButton(self.tr("添加表决事项"))
        add.clicked.connect(self._on_add_vote)
        rm = QPushButton(self.tr("删除所选"))
        rm.clicked.connect(lambda: (self._remove_selected(self.votes), self._refresh_tally()))
        row.addWidget(add)
        row.addWidget(rm)
        row.addStretch(1)
        self.vote_buttons = (add, rm)
        layout.addLayout(row)
        self.votes_error = ErrorLabel()
        layout.addWidget(self.votes_error)
        return page

    def _build_grades(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.grades_label = QLabel()
        layout.addWidget(self.grades_label)
        self.grades = _table([self.tr("姓名"), self.tr("类别"), self.tr("评定等次"), self.tr("备注")], [110, 60, 180, 0], self._mark_dirty)
        layout.addWidget(self.grades, 1)
        self.grades_error = ErrorLabel()
        layout.addWidget(self.grades_error)
        return page

    def _build_life(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("会议程序（填写完成日期）")))
        self.steps = _table([self.tr("阶段"), self.tr("步骤"), self.tr("完成日期"), self.tr("备注")], [50, 260, 140, 0], self._mark_dirty)
        layout.addWidget(self.steps, 1)
        layout.addWidget(QLabel(self.tr("整改清单（签发后仍可填写完成情况）")))
        self.rects = _table([self.tr("整改事项"), self.tr("责任人"), self.tr("完成时限"), self.tr("完成日期"), self.tr("备注")], [0, 90, 130, 130, 200], self._mark_dirty)
        layout.addWidget(self.rects, 1)
        row = QHBoxLayout()
        add = QPushButton(self.tr("添加整改事项"))
        add.clicked.connect(lambda: self._add_row(self.rects, ["", "", "", "", ""]))
        self.add_rect_button = add
        row.addWidget(add)
        row.addStretch(1)
        layout.addLayout(row)
        self.life_error = ErrorLabel()
        layout.addWidget(self.life_error)
        return page

    def _build_attachments(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("附件（签到表照片、课件等；保存在数据库中，附 SHA-256 校验值）")))
        self.attachments = _table([self.tr("文件名"), self.tr("大小"), self.tr("添加时间"), self.tr("SHA-256")])
        self.attachments.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        _widths(self.attachments, [0, 80, 120, 300])
        layout.addWidget(self.attachments, 1)
        row = QHBoxLayout()
        self.add_attachment_button = QPushButton(self.tr("添加附件…"))
        self.open_attachment_button = QPushButton(self.tr("打开"))
        self.remove_attachment_button = QPushButton(self.tr("删除"))
        self.add_attachment_button.clicked.connect(self._on_add_attachment)
        self.open_attachment_button.clicked.connect(self._on_open_attachment)
        self.remove_attachment_button.clicked.connect(self._on_remove_attachment)
        for b in (self.add_attachment_button, self.open_attachment_button, self.remove_attachment_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("更正记录")))
        self.revisions = QPlainTextEdit()
        self.revisions.setReadOnly(True)
        self.revisions.setMaximumHeight(140)
        layout.addWidget(self.revisions)
        return page

    # -- loading ------------------------------------------------------------------------

    def _load(self, m: Meeting) -> None:
        self._loading = True
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
            box.setChecked(kind in m.also_counts)
            box.setVisible(kind != m.kind)
        self._fill_attendance(m.attendance)
        self.observers.setRowCount(0)
        for o in m.observers:
            self._add_row(self.observers, [o.name, o.role])
        self.agenda.clear()
        for a in m.agenda:
            self._append_agenda(a)
        self.speeches.setRowCount(0)
        for s in m.speeches:
            self._add_row(self.speeches, [s.speaker, s.points])
        self.content.setPlainText(m.content)
        self.resolutions.setPlainText(m.resolutions)
        self.votes.setRowCount(0)
        for v in m.votes:
            self._append_vote(v)
        self._fill_grades(m)
        self._fill_life(m)
        self._fill_attachments(m)
        revs = self.service.revisions(m.id) if m.id else []
        self.revisions.setPlainText("\n".join(
            f"{dates.fmt_cn(r['revised_at'][:10])} {r['revised_at'][11:16]} {r['revised_by']} 更正：{r['reason']}"
            for r in revs) or self.tr("无"))
        self._loading = False
        self._on_kind_parts_changed()
        self._refresh_tally()

    def _fill_attendance(self, people: list[Attendance]) -> None:
        self._attendance_people = list(people)
        self._loading_attendance = True
        self.attendance.setRowCount(0)
        for a in people:
            r = self.attendance.rowCount()
            self.attendance.insertRow(r)
            self.attendance.setItem(r, 0, _item(a.name, False))
            self.attendance.setItem(r, 1, _item(a.member_class, False))
            self.attendance.setItem(r, 2, _check_item(a.present))
            combo = QComboBox()
            combo.addItems(["", *mr.ABSENCE_REASONS])
            combo.setCurrentText(a.absence_reason or "")
            combo.currentTextChanged.connect(self._on_reason_changed)
            self.attendance.setCellWidget(r, 3, combo)
            self.attendance.setItem(r, 4, _item(a.absence_note))
            self.attendance.setItem(r, 5, _check_item(a.as_ordinary_member, a.is_leader_cadre)
                                    if a.is_leader_cadre else _item("", False))
        self._shade_absent()
        self._loading_attendance = False

    def _fill_grades(self, m: Meeting) -> None:
        given = {g.member_id: g for g in m.grades}
        self.grades.setRowCount(0)
        for a in m.attendance:
            r = self.grades.rowCount()
            self.grades.insertRow(r)
            self.grades.setItem(r, 0, _item(a.name, False))
            self.grades.setItem(r, 1, _item(a.member_class, False))
            combo = QComboBox()
            if a.member_class == "预备":
                combo.addItem(self.tr("参加评议，不评定等次"))
                combo.setEnabled(False)
            else:
                combo.addItems(["", *mr.GRADES])
                g = given.get(a.member_id)
                combo.setCurrentText(g.grade or "" if g else "")
                combo.currentTextChanged.connect(self._on_grade_changed)
            self.grades.setCellWidget(r, 2, combo)
            self.grades.setItem(r, 3, _item(given[a.member_id].note if a.member_id in given else ""))
        self._on_grade_changed()

    def _fill_life(self, m: Meeting) -> None:
        done = {s.step: s for s in m.steps}
        self.steps.setRowCount(0)
        for stage, step in mr.LIFE_MEETING_STEPS:
            s = done.get(step)
            self._add_row(self.steps, [stage, step, dates.fmt_cn(s.done_on) if s else "", s.note if s else ""],
                          editable=(False, False, True, True))
        self.rects.setRowCount(0)
        self._rect_ids: list[int | None] = []
        from PySide6.QtGui import QBrush, QColor

        today = dates.today()
        for it in m.rectifications:
            self._add_row(self.rects, [it.item, it.owner, dates.fmt_cn(it.due_on), dates.fmt_cn(it.done_on), it.note])
            self._rect_ids.append(it.id)
            if not it.done_on and it.due_on and it.due_on < today:
                r = self.rects.rowCount() - 1
                for c in range(self.rects.columnCount()):
                    self.rects.item(r, c).setBackground(QBrush(QColor("#fbe3e1")))
                self.rects.item(r, 2).setToolTip(self.tr("已过完成时限，尚未完成"))

    def _fill_attachments(self, m: Meeting) -> None:
        self.attachments.setRowCount(0)
        for a in m.attachments:
            r = self.attachments.rowCount()
            self.attachments.insertRow(r)
            name = _item(a["filename"], False)
            name.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.attachments.setItem(r, 0, name)
            self.attachments.setItem(r, 1, _item(f"{a['size'] / 1024:.1f} KB", False))
            self.attachments.setItem(r, 2, _item(dates.fmt_cn(a["added_at"][:10]), False))
            self.attachments.setItem(r, 3, _item(a["sha256"], False))

    # -- small helpers ------------------------------------------------------------------

    def _add_row(self, table: QTableWidget, values: list[str], editable: tuple[bool, ...] | None = None) -> None:
        r = table.rowCount()
        table.insertRow(r)
        for c, v in enumerate(values):
            table.setItem(r, c, _item(v, True if editable is None else editable[c]))
        if not self._loading:
            self._mark_dirty()
            table.setCurrentCell(r, 0)
            table.editItem(table.item(r, 0))

    def _remove_selected(self, table: QTableWidget) -> None:
        rows = sorted({i.row() for i in table.selectedIndexes()}, reverse=True)
        for r in rows:
            table.removeRow(r)
            if table is self.rects:
                del self._rect_ids[r]
        if rows:
            self._mark_dirty()

    def _append_agenda(self, text: str) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.agenda.addItem(item)

    def _on_add_agenda(self) -> None:
        self._append_agenda("")
        item = self.agenda.item(self.agenda.count() - 1)
        self.agenda.setCurrentItem(item)
        self.agenda.editItem(item)
        self._mark_dirty()

    def _on_remove_agenda(self) -> None:
        row = self.agenda.currentRow()
        if row >= 0:
            self.agenda.takeItem(row)
            self._mark_dirty()

    def _move_agenda(self, delta: int) -> None:
        row = self.agenda.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.agenda.count():
            return
        item = self.agenda.takeItem(row)
        self.agenda.insertItem(target, item)
        self.agenda.setCurrentRow(target)
        self._mark_dirty()

    def _append_vote(self, v: Vote) -> None:
        self._loading_votes = True
        r = self.votes.rowCount()
        self.votes.insertRow(r)
        self.votes.setItem(r, 0, _item(v.subject))
        combo = QComboBox()
        combo.addItems(mr.VOTE_METHODS)
        combo.setCurrentText(v.method)
        combo.currentTextChanged.connect(self._mark_dirty)
        self.votes.setCellWidget(r, 1, combo)
        for c, n in enumerate((v.yes, v.no, v.abstain, v.written_yes, v.written_no, v.written_abstain), start=2):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue(n)
            spin.valueChanged.connect(self._on_votes_changed)
            self.votes.setCellWidget(r, c, spin)
        self.votes.setItem(r, 8, _item("", False))
        self._loading_votes = False

    def _on_add_vote(self) -> None:
        self._append_vote(Vote(""))
        r = self.votes.rowCount() - 1
        self.votes.setCurrentCell(r, 0)
        self.votes.editItem(self.votes.item(r, 0))
        self._on_votes_changed()

    # -- collecting ---------------------------------------------------------------------

    def collect(self) -> tuple[Meeting, dict[str, str]]:
        """The record as shown in the form, and problems found while reading it."""
        problems: dict[str, str] = {}
        m = replace(self.meeting)
        m.title = self.title_edit.text()
        try:
            m.date = self.date_edit.value() or ""
        except dates.DateParseError as exc:
            problems["date"] = str(exc)
            m.date = ""
        m.start_time = self.start_edit.text().strip().replace("：", ":")
        m.end_time = self.end_edit.text().strip().replace("：", ":")
        m.place = self.place_edit.text().strip()
        m.group_id = self.group_combo.currentData() if m.kind == "党小组会" else None
        m.host = self.host_combo.currentText().strip()
        m.recorder = self.recorder_combo.currentText().strip()
        m.speaker = self.speaker_combo.currentText().strip()
        idx = self.speaker_combo.findText(m.speaker)
        m.speaker_member_id = self.speaker_combo.itemData(idx) if m.speaker and idx >= 0 else None
        m.lecture_title = self.lecture_edit.text().strip()
        m.also_counts = tuple(k for k, b in self.also_boxes.items() if b.isChecked() and k != m.kind)
        m.attendance = self._collect_attendance()
        m.observers = [Observer(self._text(self.observers, r, 0), self._text(self.observers, r, 1))
                       for r in range(self.observers.rowCount()) if self._text(self.observers, r, 0)]
        m.agenda = [self.agenda.item(i).text() for i in range(self.agenda.count())]
        m.speeches = [Speech(self._text(self.speeches, r, 0), self._text(self.speeches, r, 1))
                      for r in range(self.speeches.rowCount())
                      if self._text(self.speeches, r, 0) or self._text(self.speeches, r, 1)]
        m.content = self.content.toPlainText()
        m.resolutions = self.resolutions.toPlainText()
        m.votes = self._collect_votes()
        m.grades = self._collect_grades(m) if m.counts_as("民主评议党员") else []
        steps, rects, tracking_problems = self._collect_tracking()
        problems.update(tracking_problems)
        m.steps = steps if m.counts_as("组织生活会") else []
        m.rectifications = rects if m.counts_as("组织生活会") else []
        return m, problems

    @staticmethod
    def _text(table: QTableWidget, r: int, c: int) -> str:
        item = table.item(r, c)
        return item.text().strip() if item else ""

    def _collect_attendance(self) -> list[Attendance]:
        out = []
        for r, a in enumerate(self._attendance_people):
            present = self.attendance.item(r, 2).checkState() == Qt.CheckState.Checked
            reason = self.attendance.cellWidget(r, 3).currentText() or None
            ordinary_item = self.attendance.item(r, 5)
            ordinary = bool(a.is_leader_cadre and ordinary_item.checkState() == Qt.CheckState.Checked)
            out.append(replace(a, present=present, absence_reason=None if present else reason,
                               absence_note="" if present else self._text(self.attendance, r, 4),
                               as_ordinary_member=ordinary))
        return out

    def _collect_votes(self) -> list[Vote]:
        out = []
        for r in range(self.votes.rowCount()):
            nums = [self.votes.cellWidget(r, c).value() for c in range(2, 8)]
            out.append(Vote(self._text(self.votes, r, 0), self.votes.cellWidget(r, 1).currentText(), *nums))
        return out

    def _collect_grades(self, m: Meeting) -> list[Grade]:
        out = []
        for r, a in enumerate(m.attendance):
            if r >= self.grades.rowCount():
                break
            combo = self.grades.cellWidget(r, 2)
            grade = None if a.member_class == "预备" else (combo.currentText() or None)
            note = self._text(self.grades, r, 3)
            if grade or a.member_class == "预备" or note:
                out.append(Grade(a.member_id, grade, note, a.name))
        return out

    def _collect_tracking(self) -> tuple[list[Step], list[Rectification], dict[str, str]]:
        problems: dict[str, str] = {}
        steps = []
        for r in range(self.steps.rowCount()):
            text = self._text(self.steps, r, 2)
            try:
                done = dates.parse_date(text)
            except dates.DateParseError as exc:
                problems["steps"] = f"“{self._text(self.steps, r, 1)}”：{exc}"
                done = None
            if done or self._text(self.steps, r, 3):
                steps.append(Step(self._text(self.steps, r, 1), done, self._text(self.steps, r, 3)))
        rects = []
        for r in range(self.rects.rowCount()):
            values = []
            for c in (2, 3):
                try:
                    values.append(dates.parse_date(self._text(self.rects, r, c)))
                except dates.DateParseError as exc:
                    problems["rectifications"] = f"第{r + 1}项整改事项：{exc}"
                    values.append(None)
            rects.append(Rectification(self._text(self.rects, r, 0), self._text(self.rects, r, 1), values[0],
                                       values[1], self._text(self.rects, r, 4), self._rect_ids[r] if r < len(self._rect_ids) else None))
        return steps, rects, problems

    # -- reactions ----------------------------------------------------------------------

    def _mark_dirty(self, *args: object) -> None:
        if not self._loading:
            self._dirty = True
            self.setWindowTitle(self._title() + " *")

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _on_attendance_item_changed(self, *args: object) -> None:
        if getattr(self, "_loading_attendance", False) or self._loading:
            return
        self._mark_dirty()
        self._refresh_tally()

    def _on_reason_changed(self, text: str) -> None:
        if text and not getattr(self, "_loading_attendance", False):
            # Choosing a reason marks the person absent.
            for r in range(self.attendance.rowCount()):
                if self.attendance.cellWidget(r, 3) is self.sender():
                    self.attendance.item(r, 2).setCheckState(Qt.CheckState.Unchecked)
        self._mark_dirty()
        self._refresh_tally()

    def _on_votes_changed(self, *args: object) -> None:
        if getattr(self, "_loading_votes", False) or self._loading:
            return
        self._mark_dirty()
        self._refresh_tally()

    def _on_grade_changed(self, *args: object) -> None:
        self._mark_dirty()
        full = [r for r in range(self.grades.rowCount()) if self._text(self.grades, r, 1) == "正式"]
        excellent = sum(1 for r in full if self.grades.cellWidget(r, 2).currentText() == "优秀")
        cap = mr.excellent_cap(len(full))
        text = self.tr("参评正式党员{n}名，“优秀”最多{cap}名（不超过三分之一），已评{e}名").format(
            n=len(full), cap=cap, e=excellent)
        self.grades_label.setText(text)
        self.grades_label.setStyleSheet("color: #b3261e;" if excellent > cap else "")

    def _on_kind_parts_changed(self, *args: object) -> None:
        kind = self.meeting.kind
        also = {k for k, b in self.also_boxes.items() if b.isChecked()}
        lecture = kind == "党课" or "党课" in also
        for w in (self.speaker_label, self.speaker_holder, self.lecture_label, self.lecture_holder):
            w.setVisible(lecture)
        group = kind == "党小组会"
        self.group_row_label.setVisible(group)
        self.group_combo.setVisible(group)
        self.tabs.setTabVisible(self.tabs.indexOf(self.grades_tab), kind == "民主评议党员" or "民主评议党员" in also)
        self.tabs.setTabVisible(self.tabs.indexOf(self.life_tab), kind == "组织生活会" or "组织生活会" in also)
        talk = kind == "谈心谈话"
        self.regenerate_button.setVisible(not talk)
        for w in (self.participant_combo, self.add_participant, self.remove_participant):
            w.setVisible(talk)
        self._mark_dirty()

    def _on_date_or_group_changed(self, *args: object) -> None:
        if self._loading or self.meeting.kind == "谈心谈话":
            return
        try:
            on = self.date_edit.value()
        except dates.DateParseError:
            return
        if on and (on != self.meeting.date or self.meeting.kind == "党小组会"):
            self._regenerate_attendance()

    def _regenerate_attendance(self) -> None:
        """Rebuild who was due from the roster at the meeting date, keeping absences marked."""
        try:
            on = self.date_edit.value()
        except dates.DateParseError as exc:
            self.attendance_error.show_message(str(exc))
            return
        if not on:
            self.attendance_error.show_message(self.tr("请先填写会议日期"))
            return
        current = {a.member_id: a for a in self._collect_attendance()}
        group = self.group_combo.currentData() if self.meeting.kind == "党小组会" else None
        fresh = self.service.due_people(self.meeting.kind, on, group)
        merged = [current.get(a.member_id, a) for a in fresh]
        merged = [replace(a, member_class=f.member_class) for a, f in zip(merged, fresh, strict=True)]
        self._fill_attendance(merged)
        self.meeting = replace(self.meeting, date=on, group_id=group)
        self._fill_grades(replace(self.meeting, attendance=merged, grades=self._collect_grades(replace(self.meeting, attendance=merged))))
        self.attendance_error.show_message(None)
        self._mark_dirty()
        self._refresh_tally()

    def _on_add_participant(self) -> None:
        mid = self.participant_combo.currentData()
        if mid is None or any(a.member_id == mid for a in self._attendance_people):
            return
        try:
            on = self.date_edit.value() or dates.today()
        except dates.DateParseError:
            on = dates.today()
        people = self._collect_attendance() + [self.service.participant(mid, on)]
        self._fill_attendance(people)
        self._mark_dirty()
        self._refresh_tally()

    def _on_remove_participant(self) -> None:
        rows = {i.row() for i in self.attendance.selectedIndexes()}
        people = [a for r, a in enumerate(self._collect_attendance()) if r not in rows]
        self._fill_attendance(people)
        self._mark_dirty()
        self._refresh_tally()

    def _refresh_tally(self) -> None:
        if self._loading:
            return
        m = replace(self.meeting, attendance=self._collect_attendance(), votes=self._collect_votes())
        t = self.service.tally(m)
        text = self.tr("应到{due}人（正式党员{df}名、预备党员{dp}名），实到{present}人（正式{pf}、预备{pp}），缺席{absent}人").format(
            due=t.due, df=t.due_full, dp=t.due_probationary, present=t.present, pf=t.present_full,
            pp=t.present_probationary, absent=t.due - t.present)
        if t.absent:
            text += "\n" + self.tr("缺席：") + "、".join(f"{name}（{why}）" for name, why in t.absent)
        if t.quorum_text:
            text += "\n" + t.quorum_text
        self.tally_label.setText(text)
        self.tally_label.setStyleSheet("font-weight: bold;" + ("color: #b3261e;" if t.quorum is False else ""))
        self._loading_votes = True
        lines = []
        for r, result in enumerate(t.votes):
            if r < self.votes.rowCount():
                short = {True: self.tr("通过"), False: self.tr("未通过"), None: ""}[result.passes]
                if result.passes is False and t.quorum is False:
                    short = self.tr("表决无效")
                item = _item(short, False)
                if result.passes is False:
                    item.setForeground(Qt.GlobalColor.red)
                self.votes.setItem(r, 8, item)
                lines.append(f"{r + 1}. {result.subject or self.tr('（未填写事项）')}：{result.text}")
        self.vote_results.setText("\n".join(lines))
        self._loading_votes = False
        self._shade_absent()

    def _shade_absent(self) -> None:
        from PySide6.QtGui import QBrush, QColor

        previous = getattr(self, "_loading_attendance", False)
        self._loading_attendance = True  # colouring is not an edit
        for r in range(self.attendance.rowCount()):
            present = self.attendance.item(r, 2).checkState() == Qt.CheckState.Checked
            brush = QBrush(QColor("#ffffff" if present else "#fbe3e1"))
            for c in (0, 1, 4):
                item = self.attendance.item(r, c)
                if item is not None:
                    item.setBackground(brush)
        self._loading_attendance = previous

    # -- actions ------------------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.field_errors.items():
            label.show_message(errors.get(key))
        self.attendance_error.show_message(errors.get("attendance"))
        self.votes_error.show_message(errors.get("votes"))
        self.grades_error.show_message(errors.get("grades"))
        self.life_error.show_message(errors.get("rectifications") or errors.get("steps"))
        if errors:
            self.errors.show_message(self.tr("有{n}处需要修改，未保存：").format(n=len(errors)) + "；".join(errors.values()))
            first = next(iter(errors))
            tab = {"attendance": 1, "votes": 3, "grades": self.tabs.indexOf(self.grades_tab),
                   "rectifications": self.tabs.indexOf(self.life_tab), "steps": self.tabs.indexOf(self.life_tab),
                   "agenda": 2}.get(first, 0)
            self.tabs.setCurrentIndex(tab)
        else:
            self.errors.show_message(None)

    def save(self) -> bool:
        """Save the draft (or, while correcting, the correction). True when saved."""
        if self.meeting.signed and not self.correcting:
            return self._on_save_tracking()
        m, problems = self.collect()
        errors = {**self.service.validate(m, for_sign_off=self.correcting), **problems}
        if errors:
            self._show_errors(errors)
            return False
        try:
            if self.correcting:
                ask = _SignDialog(self, self.tr("更正已签发的记录"), m.signed_by, need_reason=True)
                if not ask.run():
                    return False
                self.service.correct(m, ask.name.text(), ask.reason.text())
                meeting_id = m.id
            else:
                meeting_id = self.service.save(m)
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return False
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        self.saved = True
        self.correcting = False
        self._dirty = False
        self.meeting = self.service.get(meeting_id)
        self._load(self.meeting)
        self._dirty = False
        self._show_errors({})
        self._apply_mode()
        return True

    def _on_sign(self) -> None:
        if (self._dirty or self.meeting.id is None) and not self.save():
            return
        secretary = ""
        term = self.branch.current_term()
        if term:
            secretary = next((s.member_name for s in self.branch.seats(term.id) if s.role == "书记"), "")
        ask = _SignDialog(self, self.tr("签发会议记录"), secretary, need_reason=False)
        if not ask.run():
            return
        try:
            self.service.sign_off(self.meeting.id, ask.name.text())
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.saved = True
        self.meeting = self.service.get(self.meeting.id)
        self._load(self.meeting)
        self._dirty = False
        self._apply_mode()

    def _on_correct(self) -> None:
        self.correcting = True
        self._apply_mode()

    def _on_save_tracking(self) -> bool:
        if self.meeting.id is None:
            return self.save()
        if not self.meeting.signed or self.correcting:
            return self.save()
        steps, rects, problems = self._collect_tracking()
        if problems:
            self._show_errors(problems)
            return False
        try:
            self.service.update_tracking(self.meeting.id, steps, rects)
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return False
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        self.saved = True
        self.meeting = self.service.get(self.meeting.id)
        self._load(self.meeting)
        self._dirty = False
        self._apply_mode()
        return True

    def _on_add_attachment(self) -> None:
        if self.meeting.id is None and not self.save():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择附件"))
        if not path:
            return
        try:
            self.service.add_attachment(self.meeting.id, path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.saved = True
        self.meeting = replace(self.meeting, attachments=self.service.get(self.meeting.id).attachments)
        self._fill_attachments(self.meeting)

    def _selected_attachment(self) -> int | None:
        rows = {i.row() for i in self.attachments.selectedIndexes()}
        if not rows:
            return None
        return self.attachments.item(min(rows), 0).data(Qt.ItemDataRole.UserRole)

    def _on_open_attachment(self) -> None:
        aid = self._selected_attachment()
        if aid is None:
            return
        try:
            name, data, _ = self.service.attachment(aid)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        folder = Path(tempfile.mkdtemp(prefix="branchbook-attachment-"))
        target = folder / name
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _on_remove_attachment(self) -> None:
        aid = self._selected_attachment()
        if aid is None or not messages.confirm(self, self.tr("删除附件"), self.tr("确认删除所选附件？")):
            return
        try:
            self.service.remove_attachment(aid)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.meeting = replace(self.meeting, attachments=self.service.get(self.meeting.id).attachments)
        self._fill_attachments(self.meeting)

    def _apply_mode(self) -> None:
        loading, self._loading = self._loading, True  # switching modes is not an edit
        try:
            self._apply_mode_now()
        finally:
            self._loading = loading

    def _apply_mode_now(self) -> None:
        m = self.meeting
        locked = m.signed and not self.correcting
        for w in (self.title_edit, self.date_edit, self.start_edit, self.end_edit, self.place_edit,
                  self.group_combo, self.host_combo, self.recorder_combo, self.speaker_combo,
                  self.lecture_edit, self.content, self.resolutions, self.regenerate_button,
                  self.participant_combo, self.add_participant, self.remove_participant,
                  *self.also_boxes.values(), *self.agenda_buttons, *self.speech_buttons,
                  *self.vote_buttons, *self.observer_buttons):
            w.setEnabled(not locked)
        for t in (self.attendance, self.observers, self.speeches, self.votes, self.grades):
            _set_table_read_only(t, locked)
        self.agenda.setEditTriggers(QListWidget.EditTrigger.NoEditTriggers if locked else
                                    QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed)
        self.remove_attachment_button.setEnabled(not m.signed)
        self.sign_button.setVisible(not m.signed)
        self.correct_button.setVisible(m.signed and not self.correcting)
        self.save_button.setText(self.tr("保存更正") if self.correcting else
                                 self.tr("保存整改情况") if m.signed else self.tr("保存草稿"))
        tracking = m.counts_as("组织生活会")
        self.save_button.setVisible(not m.signed or self.correcting or tracking)
        if m.signed:
            text = self.tr("已签发：{who}，{when}").format(who=m.signed_by, when=dates.fmt_cn(m.signed_at[:10]))
            if mr.signed_late(m.date, m.signed_at[:10]):
                text += self.tr("（晚于会后3个工作日）")
            if self.correcting:
                text += self.tr("　正在更正：保存时需填写更正人和原因，原记录将保留")
            self.status_label.setStyleSheet("color: #1e6b2e;")
        else:
            text = self.tr("草稿：签发后不能直接修改，只能更正（保留原记录）")
            self.status_label.setStyleSheet("color: #7a5c00;")
        self.status_label.setText(text)
        self.setWindowTitle(self._title() + (" *" if self._dirty else ""))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._dirty:
            answer = messages.ask_save(self, self.tr("这条会议记录有未保存的修改，是否保存？"))
            if answer == "cancel" or (answer == "save" and not self.save()):
                event.ignore()
                return
        # Not QDialog.closeEvent: it would call reject(), which closes again.
        event.accept()
        self.done(QDialog.DialogCode.Accepted if self.saved else QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        self.close()

    @classmethod
    def open_record(cls, parent: QWidget | None, conn: sqlite3.Connection, meeting_id: int) -> bool:
        """Open a stored record; True when anything was saved."""
        editor = cls(parent, conn, MeetingService(conn).get(meeting_id))
        editor.exec()
        return editor.saved

    @classmethod
    def new_record(cls, parent: QWidget | None, conn: sqlite3.Connection, kind: str,
                   group_id: int | None = None, from_last: bool = True) -> bool:
        service = MeetingService(conn)
        if from_last:
            meeting = service.new_from_last(kind, dates.today(), group_id)
        else:
            meeting = Meeting(kind=kind, date=dates.today(), group_id=group_id)
            meeting.attendance = service.due_people(kind, meeting.date, group_id)
        editor = cls(parent, conn, meeting)
        editor.exec()
        return editor.saved
