"""Development forms: a new applicant, one step, an assessment entry, a milestone, a correction,
the end of a case."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.common import dates
from app.common.errors import ValidationError
from app.development import rules as R
from app.development.corrections import END_KINDS
from app.development.model import MilestoneKind, Outcome
from app.meetings.model import MeetingKind
from app.roster.service import MemberService
from app.services import Services
from db.records.development import DevAssessment
from ui import messages
from ui.common.date_field import DateField
from ui.common.form_dialog import FormDialog
from ui.common.member_search import make_searchable
from ui.common.plain_text import PlainTextEdit


def _full_members_combo(roster: MemberService, allow_empty: bool = True) -> QComboBox:
    combo = QComboBox()
    if allow_empty:
        combo.addItem("", None)
    for m in roster.list(include_left=False):
        combo.addItem(f"{m.name}（{m.member_class}）", m.id)
    return make_searchable(combo)


class NewPersonDialog(FormDialog):
    """登记入党申请人 (or an activist transferred in)."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent, self.tr("登记入党申请人"))
        self.services = services
        self.service = services.development
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.written = DateField()
        self.received = DateField()
        self.received.set_value(services.today())
        self.version = QComboBox()
        self.version.addItem(self.tr("2026年修订细则"), "2026")
        self.version.addItem(self.tr("2014年细则"), "2014")
        self.group = QComboBox()
        self.group.addItem(self.tr("（未定）"), None)
        for g in services.branch.groups():
            self.group.addItem(g.name, g.id)
        self.unit = QLineEdit()
        self.education = QLineEdit()
        self.phone = QLineEdit()
        self.activist_since = DateField()
        self.activist_since.edit.setPlaceholderText(self.tr("转入的入党积极分子：原确定日期"))
        self.transferred_from = QLineEdit()
        self.leave = DateField()
        self.leave.edit.setPlaceholderText(self.tr("如已知将调离本单位"))
        for label, w in ((self.tr("姓名 *"), self.name), (self.tr("公民身份号码 *"), self.id_number),
                         (self.tr("申请书落款日期 *"), self.written), (self.tr("收到申请书日期 *"), self.received),
                         (self.tr("适用细则"), self.version), (self.tr("党小组"), self.group),
                         (self.tr("工作单位及职务"), self.unit), (self.tr("学历"), self.education),
                         (self.tr("联系电话"), self.phone), (self.tr("原确定为积极分子日期"), self.activist_since),
                         (self.tr("原所在党组织"), self.transferred_from), (self.tr("预计离开本单位日期"), self.leave)):
            self.form.addRow(label, w)
        self.person_id: int | None = None

    def _save(self) -> None:
        self.person_id = self.service.create({
            "name": self.name.text(), "id_number": self.id_number.text(),
            "application_written": self.written.value(), "application_received": self.received.value(),
            "rule_version": self.version.currentData(), "group_id": self.group.currentData(),
            "work_unit_post": self.unit.text(), "education": self.education.text(), "phone": self.phone.text(),
            "activist_since": self.activist_since.value(), "transferred_from": self.transferred_from.text(),
            "expected_leave_on": self.leave.value()})


class StepDialog(FormDialog):
    """办理 one step, with the fields that step needs."""

    def __init__(self, parent: QWidget | None, services: Services, person_id: int, no: int) -> None:
        step = R.STEP[no]
        super().__init__(parent, self.tr("第{no}步：{name}").format(no=no, name=step.name))
        self.services = services
        self.service = services.development
        self.person_id = person_id
        self.no = no
        p = self.service.person(person_id)
        earliest, latest = self.service.window(p, no)
        hint = []
        if earliest:
            hint.append(self.tr("最早 {d}").format(d=dates.fmt_cn(earliest)))
        if latest:
            hint.append(self.tr("最迟 {d}").format(d=dates.fmt_cn(latest)))
        info = QLabel(self.tr("办理主体：{actor}　{article}").format(actor=step.actor, article=step.article)
                      + ("　" + "，".join(hint) if hint else ""))
        info.setWordWrap(True)
        self.form.addRow(info)
        self.date_window = (earliest, latest)  # not "window": QWidget.window() is Qt's
        self.date = DateField()
        self.date.set_value(services.today())
        self.actor = QLineEdit()
        self.document = QLineEdit()
        self.doc_no = QLineEdit()
        self.notes = QLineEdit()
        self.form.addRow(self.tr("办理日期"), self.date)
        self.form.addRow(self.tr("办理人"), self.actor)
        self.form.addRow(self.tr("形成的材料"), self.document)
        self.form.addRow(self.tr("文号"), self.doc_no)
        self.form.addRow(self.tr("备注"), self.notes)
        self.people = []
        if no in (5, 9):
            label = self.tr("培养联系人") if no == 5 else self.tr("入党介绍人")
            for i in range(2):
                combo = _full_members_combo(services.roster)
                self.people.append(combo)
                self.form.addRow(f"{label}{i + 1}", combo)
        self.hours = QSpinBox()
        self.days = QSpinBox()
        if no == 11:
            self.hours.setRange(0, 500)
            self.days.setRange(0, 60)
            self.form.addRow(self.tr("培训学时"), self.hours)
            self.form.addRow(self.tr("培训天数"), self.days)
        self.conclusion = QLineEdit()
        self.qualified = QCheckBox(self.tr("政审合格"))
        self.qualified.setChecked(True)
        if no == 10:
            self.form.addRow(self.tr("政审结论"), self.conclusion)
            self.form.addRow("", self.qualified)
        self.outcome = QComboBox()
        self.extension = QSpinBox()
        if no == 23:
            self.outcome.addItems(list(Outcome))
            self.extension.setRange(0, 24)
            self.extension.setSuffix(self.tr(" 个月"))
            self.form.addRow(self.tr("讨论结果"), self.outcome)
            self.form.addRow(self.tr("延长预备期"), self.extension)
        self.meeting = QComboBox()
        if no in (15, 23):
            self.meeting.addItem(self.tr("（不关联会议记录）"), None)
            for r in services.meetings.list(date_from="2000-01-01", kind=MeetingKind.GENERAL):
                if r.kind == MeetingKind.GENERAL:
                    self.meeting.addItem(f"{dates.fmt_cn(r.date)} {r.title}", r.id)
            self.form.addRow(self.tr("支部党员大会记录"), self.meeting)
        self.archived: list[QCheckBox] = []
        if no == 25:
            for d in R.ARCHIVE_DOCUMENTS:
                box = QCheckBox(d)
                box.setChecked(True)
                self.archived.append(box)
                self.form.addRow("", box)

    def showEvent(self, event: QShowEvent) -> None:  # the date is what is typed first, not 确定
        super().showEvent(event)
        self.date.edit.setFocus()
        self.date.edit.selectAll()

    def _save(self) -> None:
        on = self.date.value()
        if not on:
            raise ValidationError({"date": self.tr("请填写办理日期")})
        latest = self.date_window[1]
        if latest and on > latest and not messages.confirm(self, self.tr("超过时限"), self.tr(
                "办理日期{on}晚于规定的最迟日期{latest}，登记后会出现“超过时限”的提醒。仍要登记吗？").format(
                on=dates.fmt_cn(on), latest=dates.fmt_cn(latest))):
            raise ValidationError({"date": self.tr("请核对办理日期（最迟 {d}）").format(d=dates.fmt_cn(latest))})
        ids = [c.currentData() for c in self.people if c.currentData() is not None]
        self.service.advance(
            self.person_id, self.no, on, actor=self.actor.text(), document=self.document.text(),
            doc_no=self.doc_no.text(), notes=self.notes.text(), contacts=ids if self.no == 5 else None,
            introducers=ids if self.no == 9 else None, hours=self.hours.value() if self.no == 11 else None,
            days=self.days.value() if self.no == 11 else None, conclusion=self.conclusion.text(),
            qualified=self.qualified.isChecked(), outcome=self.outcome.currentText() if self.no == 23 else "",
            extension_months=self.extension.value() if self.no == 23 and self.extension.value() else None,
            meeting_id=self.meeting.currentData() if self.no in (15, 23) else None,
            documents=[b.text() for b in self.archived if b.isChecked()])


class AssessmentEntryDialog(FormDialog):
    """One half-yearly 考察写实 entry: the person's summary and three opinions."""

    def __init__(self, parent: QWidget | None, services: Services, person_id: int,
                 entry: DevAssessment | None = None) -> None:
        super().__init__(parent, self.tr("考察写实"))
        self.services = services
        self.service = services.development
        self.person_id = person_id
        self.entry = entry
        self.setMinimumWidth(640)
        self.start = DateField()
        self.end = DateField()
        self.fields: dict[str, QPlainTextEdit | QLineEdit | DateField] = {}
        self.form.addRow(self.tr("考察期间从"), self.start)
        self.form.addRow(self.tr("到"), self.end)
        for key, label in (("self_summary", self.tr("本人小结/思想汇报")),
                           ("contact_opinion", self.tr("培养联系人意见")),
                           ("group_opinion", self.tr("党小组意见")), ("branch_opinion", self.tr("党支部考察意见"))):
            text = PlainTextEdit()
            text.setFixedHeight(60)
            self.fields[key] = text
            self.form.addRow(label, text)
            if key != "self_summary":
                prefix = key.split("_")[0]
                author, on = QLineEdit(), DateField()
                self.fields[f"{prefix}_author"] = author
                self.fields[f"{prefix}_date"] = on
                row = QHBoxLayout()
                row.addWidget(QLabel(self.tr("签名")))
                row.addWidget(author)
                row.addWidget(QLabel(self.tr("日期")))
                row.addWidget(on)
                self.form.addRow("", row)
        if entry:
            self.start.set_value(entry.period_start)
            self.end.set_value(entry.period_end)
            for key, w in self.fields.items():
                value = getattr(entry, key) or ""
                if isinstance(w, DateField):
                    w.set_value(value or None)
                elif isinstance(w, QPlainTextEdit):
                    w.setPlainText(value)
                else:
                    w.setText(value)

    def _save(self) -> None:
        data = {"period_start": self.start.value(), "period_end": self.end.value()}
        for key, w in self.fields.items():
            data[key] = w.value() if isinstance(w, DateField) else (
                w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text())
        self.service.save_assessment(self.person_id, data, self.entry.id if self.entry else None)


class MilestoneDialog(FormDialog):
    """群众座谈, 公示, 政审结论, 培训结业 or a 支委会 decision, with its dates."""

    def __init__(self, parent: QWidget | None, services: Services, person_id: int) -> None:
        super().__init__(parent, self.tr("登记其他考察记录"))
        self.services = services
        self.service = services.development
        self.person_id = person_id
        self.kind = QComboBox()
        self.kind.addItems(list(MilestoneKind))
        self.date = DateField()
        self.date.set_value(services.today())
        self.end = DateField()
        self.end.edit.setPlaceholderText(self.tr("公示等有起止日期的填写"))
        self.participants = QLineEdit()
        self.participants.setPlaceholderText(self.tr("群众座谈的参加人员"))
        self.detail = QLineEdit()
        for label, w in ((self.tr("类型"), self.kind), (self.tr("日期"), self.date), (self.tr("截止日期"), self.end),
                         (self.tr("参加人员"), self.participants), (self.tr("情况"), self.detail)):
            self.form.addRow(label, w)

    def _save(self) -> None:
        self.service.add_milestone(self.person_id, self.kind.currentText(), self.date.value() or "",
                                   self.end.value(), self.participants.text(), self.detail.text())


class TextDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, fields: list[str]) -> None:
        super().__init__(parent, title)
        self.values = {}
        for f in fields:
            self.values[f] = QLineEdit()
            self.form.addRow(f, self.values[f])

    def _save(self) -> None:
        if any(not w.text().strip() for w in self.values.values()):
            raise ValidationError({"text": self.tr("请填写完整")})


class CorrectStepDialog(FormDialog):
    """更正 a recorded step: its date and particulars, with the reason (the old row is kept)."""

    def __init__(self, parent: QWidget | None, services: Services, person_id: int, no: int) -> None:
        super().__init__(parent, self.tr("更正第{no}步：{name}").format(no=no, name=R.STEP[no].name))
        self.service = services.development
        self.person_id, self.no = person_id, no
        step = self.service.person(person_id).done(no)
        self.date = DateField()
        self.date.set_value(step.done_on if step else None)
        self.actor = QLineEdit(step.actor if step else "")
        self.document = QLineEdit(step.document if step else "")
        self.doc_no = QLineEdit(step.doc_no if step else "")
        self.notes = QLineEdit(step.notes if step else "")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("如：办理日期录入错误"))
        for label, w in ((self.tr("办理日期"), self.date), (self.tr("办理人"), self.actor),
                         (self.tr("形成的材料"), self.document), (self.tr("文号"), self.doc_no),
                         (self.tr("备注"), self.notes), (self.tr("更正原因"), self.reason)):
            self.form.addRow(label, w)
        self.as_happened = QCheckBox(self.tr("按实际情况登记（更正后违反规定的，列为违规，报送时上级党委可见）"))
        self.form.addRow("", self.as_happened)
        note = QLabel(self.tr("原来的记录和更正原因都会保留，可在操作日志中查到。"))
        note.setStyleSheet("color: #555;")
        self.form.addRow(note)
        self.date.edit.setFocus()

    def _save(self) -> None:
        self.service.corrections.correct(self.person_id, self.no, self.reason.text(), self.date.value(),
                                         actor=self.actor.text(), document=self.document.text(),
                                         doc_no=self.doc_no.text(), notes=self.notes.text(),
                                         as_happened=self.as_happened.isChecked())


class EndCaseDialog(FormDialog):
    """终止 a case that will not go on, with why and when."""

    def __init__(self, parent: QWidget | None, services: Services, person_id: int) -> None:
        super().__init__(parent, self.tr("终止发展程序"))
        self.service = services.development
        self.person_id = person_id
        self.kind = QComboBox()
        self.kind.addItems(END_KINDS)
        self.date = DateField()
        self.date.set_value(services.today())
        self.reason = PlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("写明具体情况，如：本人于…提交书面申请撤回入党申请"))
        self.reason.setFixedHeight(90)
        self.form.addRow(self.tr("终止原因"), self.kind)
        self.form.addRow(self.tr("终止日期"), self.date)
        self.form.addRow(self.tr("具体情况"), self.reason)
        self.kind.setFocus()

    def _save(self) -> None:
        on = self.date.value()
        if not on:
            raise ValidationError({"date": self.tr("请填写终止日期")})
        self.service.corrections.end_case(self.person_id, self.kind.currentText(), on, self.reason.toPlainText())
