"""The meeting record editor: one widget per tab; sign-off, corrections and attachments.

A record is "changed" only when what the form holds differs from what was loaded, so opening
and closing a record (signed or not) never asks about unsaved changes.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.common import dates
from app.common.errors import UserError, ValidationError
from app.meetings import kinds
from app.meetings import rules as mr
from app.meetings.kinds import Attendees, Section
from app.meetings.model import Meeting
from app.services import Services
from ui import messages
from ui.common.error_label import ErrorLabel
from ui.common.form_dialog import FormDialog
from ui.common.screen import fit_to_screen
from ui.integrity.log_dialog import LogDialog
from ui.meetings.record.attachments import AttachmentsTab
from ui.meetings.record.attendance import AttendanceTab
from ui.meetings.record.basics import BasicsTab
from ui.meetings.record.content import ContentTab
from ui.meetings.record.grades import GradesTab
from ui.meetings.record.life import LifeTab
from ui.meetings.record.votes import VotesTab


class SignDialog(FormDialog):
    """Who signs off (or corrects), and why (for a correction)."""

    def __init__(self, parent: QWidget | None, title: str, default_name: str, need_reason: bool) -> None:
        from PySide6.QtWidgets import QLineEdit

        super().__init__(parent, title)
        self.name = QLineEdit(default_name)
        self.reason = QLineEdit()
        self.form.addRow(self.tr("更正人") if need_reason else self.tr("签发人"), self.name)
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

    def __init__(self, parent: QWidget | None, services: Services, meeting: Meeting) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.meetings
        self.meeting = meeting
        self.correcting = False
        self.saved = False
        self._loaded: Meeting | None = None
        self.setWindowTitle(self._title())
        self.basics = BasicsTab(services)
        self.attendance = AttendanceTab(services)
        self.content = ContentTab(services)
        self.votes = VotesTab(services)
        self.grades = GradesTab(services)
        self.life = LifeTab(services)
        self.attachments = AttachmentsTab(services)
        self.attachments.ensure_saved = self._ensure_saved
        self.attachments.attachments_changed = self._reload_attachments
        self.tabs = QTabWidget()
        for tab, label in ((self.basics, self.tr("基本信息")), (self.attendance, self.tr("出席情况")),
                           (self.content, self.tr("议题与内容")), (self.votes, self.tr("表决")),
                           (self.grades, self.tr("民主评议")), (self.life, self.tr("组织生活会程序与整改")),
                           (self.attachments, self.tr("附件与更正记录"))):
            self.tabs.addTab(tab, label)
            tab.changed.connect(self._on_changed)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.errors = ErrorLabel()
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.sign_button = QPushButton(self.tr("签发…"))
        self.correct_button = QPushButton(self.tr("更正…"))
        self.history_button = QPushButton(self.tr("历史…"))
        self.history_button.setToolTip(self.tr("这条记录的每一次保存、签发和更正（谁、何时、改了什么）"))
        self.history_button.clicked.connect(self._on_history)
        self.close_button = QPushButton(self.tr("关闭"))
        self.save_button.setToolTip(self.tr("保存（Ctrl+S）"))
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self._on_sign)
        self.correct_button.clicked.connect(self._on_correct)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        for b in (self.history_button, self.correct_button, self.sign_button, self.save_button, self.close_button):
            b.setAutoDefault(False)
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errors)
        layout.addLayout(bottom)
        self.attendance.regenerate_button.clicked.connect(self._regenerate_attendance)
        self.basics.date_edit.edit.editingFinished.connect(self._on_date_or_group_changed)
        self.basics.group_combo.activated.connect(self._on_date_or_group_changed)
        self.attendance.changed.connect(self._refresh_tally)
        self.votes.changed.connect(self._refresh_tally)
        self.basics.changed.connect(self._show_kind_parts)
        # A signed record is shown locked but must stay as legible as a draft.
        self.setStyleSheet("QComboBox:disabled, QLineEdit:disabled, QCheckBox:disabled { color: #202020; }")
        fit_to_screen(self, 1100, 760)
        self._load(meeting)
        self._apply_mode()
        self.basics.title_edit.setFocus()

    def _on_history(self) -> None:
        if self.meeting.id is None:
            return
        LogDialog(self, self.services, (("meeting",), self.meeting.id),
                  self.tr("历史 — {t}").format(t=self._title())).exec()

    # -- loading and collecting ---------------------------------------------------------

    def _title(self) -> str:
        if self.meeting.id is None:
            return self.tr("新建会议记录 — {kind}").format(kind=self.meeting.kind)
        return self.tr("会议记录 — {kind} {date}").format(kind=self.meeting.kind, date=dates.fmt_cn(self.meeting.date))

    def _tabs(self) -> tuple:
        return (self.basics, self.attendance, self.content, self.votes, self.grades, self.life, self.attachments)

    def _load(self, m: Meeting) -> None:
        self.meeting = m
        for tab in self._tabs():
            tab.blockSignals(True)
            tab.load(m)
            tab.blockSignals(False)
        self._show_kind_parts()
        self._refresh_tally()
        self._loaded = self.collect()[0]
        self.setWindowTitle(self._title())

    def collect(self) -> tuple[Meeting, dict[str, str]]:
        """The record as shown in the form, and problems found while reading it."""
        problems: dict[str, str] = {}
        m = copy.copy(self.meeting)
        for tab in self._tabs():
            tab.apply(m, problems)
        return m, problems

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.collect()[0] != self._loaded

    def _on_changed(self) -> None:
        self.setWindowTitle(self._title() + (" *" if self.has_unsaved_changes() else ""))

    # -- reactions ----------------------------------------------------------------------

    def _show_kind_parts(self) -> None:
        parts = kinds.sections(self.meeting.kind, self.basics.also_counts())
        self.tabs.setTabVisible(self.tabs.indexOf(self.grades), Section.GRADES in parts)
        self.tabs.setTabVisible(self.tabs.indexOf(self.life), Section.PROCEDURE in parts)
        talk = Section.PARTIES in parts
        self.tabs.setTabVisible(self.tabs.indexOf(self.votes), not talk)
        self.tabs.setTabText(self.tabs.indexOf(self.attendance), self.tr("谈话人") if talk else self.tr("出席情况"))
        self.tabs.setTabText(self.tabs.indexOf(self.content), self.tr("谈话内容") if talk else self.tr("议题与内容"))

    def _on_date_or_group_changed(self, *args: object) -> None:
        attendees = kinds.of(self.meeting.kind).attendees
        if attendees == Attendees.CHOSEN:
            return
        try:
            on = self.basics.date_value()
        except dates.DateParseError:
            return
        if on and (on != self.meeting.date or attendees == Attendees.GROUP):
            self._regenerate_attendance()

    def _regenerate_attendance(self) -> None:
        """Rebuild who was due from the roster at the meeting date, keeping absences marked."""
        try:
            on = self.basics.date_value()
        except dates.DateParseError as exc:
            self.attendance.error.show_message(str(exc))
            return
        if not on:
            self.attendance.error.show_message(self.tr("请先填写会议日期"))
            return
        group = self.basics.group_value()
        merged = self.attendance.merge_due(self.service.due_people(self.meeting.kind, on, group))
        self.meeting = replace(self.meeting, date=on, group_id=group)
        self.attendance.set_people(merged)
        self.grades.set_people(merged, self.grades.grades())
        self.attendance.error.show_message(None)
        self._refresh_tally()

    def _refresh_tally(self) -> None:
        m, _ = self.collect()
        t = self.service.tally(m)
        self.attendance.show_tally(self.attendance.tally_text(t), t.quorum is False)
        self.votes.show_results(t)

    # -- actions ------------------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str]) -> None:
        for tab in self._tabs():
            tab.show_errors(errors)
        if not errors:
            self.errors.show_message(None)
            return
        self.errors.show_message(self.tr("有{n}处需要"
                                         "修改，未保存：").format(n=len(errors)) + "；".join(errors.values()))
        first = next(iter(errors))
        for tab in self._tabs():
            if first in tab.error_keys and self.tabs.isTabVisible(self.tabs.indexOf(tab)):
                self.tabs.setCurrentWidget(tab)
                break

    def save(self) -> bool:
        """Save the draft (or, while correcting, the correction). True when saved."""
        if self.meeting.signed and not self.correcting:
            return self._save_tracking()
        m, problems = self.collect()
        errors = {**self.service.validate(m, for_sign_off=self.correcting), **problems}
        if errors:
            self._show_errors(errors)
            return False
        try:
            if self.correcting:
                ask = SignDialog(self, self.tr("更正已签发的记录"), m.signed_by, need_reason=True)
                if not ask.run():
                    return False
                self.service.correct(m, ask.name.text(), ask.reason.text())
                meeting_id = self._stored_id()
            else:
                meeting_id = self.service.save(m)
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return False
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        self._saved(meeting_id)
        self._warn_quorum()
        return True

    def _stored_id(self) -> int:
        """The record's id once it is on file (every caller saves it first)."""
        if self.meeting.id is None:  # pragma: no cover - guarded by _ensure_saved / save
            raise RuntimeError("the record is not saved yet")
        return self.meeting.id

    def _saved(self, meeting_id: int) -> None:
        self.saved = True
        self.correcting = False
        self._load(self.service.get(meeting_id))
        self._show_errors({})
        self._apply_mode()

    def _warn_quorum(self) -> None:
        """A 支委会 or 党员大会 without a quorum did not lawfully take place: say so on saving."""
        t = self.service.tally(self.meeting)
        if t.quorum is False:
            messages.show_info(
                self,
                self.tr("未达法定人数"),
                self.tr("{text}。\n记录已保存，但在三会一课落实情况中不计为已召开。").format(text=t.quorum_text),
            )

    def _save_tracking(self) -> bool:
        steps, rects = self.life.tracking()
        try:
            self.service.update_tracking(self._stored_id(), steps, rects)
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return False
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        self._saved(self._stored_id())
        return True

    def _ensure_saved(self) -> bool:
        return self.meeting.id is not None or self.save()

    def _reload_attachments(self) -> None:
        self.saved = True
        fresh = self.service.get(self._stored_id())
        self.meeting = replace(self.meeting, attachments=fresh.attachments)
        if self._loaded is not None:
            self._loaded = replace(self._loaded, attachments=fresh.attachments)
        self.attachments.load(self.meeting)

    def _on_sign(self) -> None:
        if (self.has_unsaved_changes() or self.meeting.id is None) and not self.save():
            return
        secretary = self.services.branch.secretary()
        ask = SignDialog(self, self.tr("签发会议记录"), secretary.member_name if secretary else "", need_reason=False)
        if not ask.run():
            return
        try:
            self.service.sign_off(self._stored_id(), ask.name.text())
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._saved(self._stored_id())

    def _on_correct(self) -> None:
        self.correcting = True
        self._apply_mode()

    def _apply_mode(self) -> None:
        m = self.meeting
        locked = m.signed and not self.correcting
        tracking = kinds.has(m, Section.PROCEDURE)
        for tab in self._tabs():
            tab.set_locked(locked, tracking_open=tracking)
        self.sign_button.setVisible(not m.signed)
        self.history_button.setEnabled(m.id is not None)  # a record not yet saved has no history
        self.correct_button.setVisible(m.signed and not self.correcting)
        self.save_button.setText(
            self.tr("保存更正") if self.correcting else self.tr("保存整改情况") if m.signed else self.tr("保存草稿")
        )
        self.save_button.setVisible(not m.signed or self.correcting or tracking)
        if m.signed:
            signed_on = (m.signed_at or "")[:10]
            text = self.tr("已签发：{who}，{when}").format(who=m.signed_by, when=dates.fmt_cn(signed_on))
            if mr.signed_late(m.date, signed_on):
                text += self.tr("（晚于会后3个工作日）")
            if self.correcting:
                text += self.tr("　正在更正：保存时需填写更正人和原因，原记录将保留")
            self.status_label.setStyleSheet("color: #1e6b2e;")
        else:
            text = self.tr("草稿：签发后不能直接修改，只能更正（保留原记录）")
            self.status_label.setStyleSheet("color: #7a5c00;")
        self.status_label.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_changes():
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
    def open_record(cls, parent: QWidget | None, services: Services, meeting_id: int) -> bool:
        """Open a stored record; True when anything was saved."""
        editor = cls(parent, services, services.meetings.get(meeting_id))
        editor.exec()
        return editor.saved

    @classmethod
    def new_record(
        cls, parent: QWidget | None, services: Services, kind: str, group_id: int | None = None, on: str | None = None
    ) -> bool:
        """A new record of ``kind`` (on ``on``, default today) from the last one of its kind."""
        meeting = services.meetings.new_from_last(kind, on or services.today(), group_id)
        editor = cls(parent, services, meeting)
        editor.exec()
        return editor.saved
