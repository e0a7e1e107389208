"""One person's development case: the 25 steps with their windows, the assessment log, findings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError
from app.development import rules as R
from app.services import Services
from db.records.development import DevAssessment
from ui import messages
from ui.development.dialogs.forms import (
    AssessmentEntryDialog,
    CorrectStepDialog,
    EndCaseDialog,
    MilestoneDialog,
    StepDialog,
    TextDialog,
)
from ui.integrity.log_dialog import LogDialog


class PersonDialog(QDialog):
    """One person's case: timeline of the 25 steps, next step with its dates, warnings, log."""

    def __init__(self, parent: QWidget | None, services: Services, person_id: int) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.development
        self.person_id = person_id
        self.changed = False
        self.resize(1000, 700)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 12pt;")
        self.tabs = QTabWidget()
        self.steps = QTableWidget(0, 6)
        self.steps.setHorizontalHeaderLabels([self.tr("阶段"), self.tr("步骤"), self.tr("办理日期"), self.tr("办理人"),
                                              self.tr("材料/文号"), self.tr("时限")])
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.steps.doubleClicked.connect(lambda _: self._on_advance())
        steps_page = QWidget()
        sl = QVBoxLayout(steps_page)
        sl.addWidget(self.steps, 1)
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        sl.addWidget(self.next_label)
        row = QHBoxLayout()
        self.advance_button = QPushButton(self.tr("办理所选步骤…"))
        self.advance_button.clicked.connect(self._on_advance)
        milestone = QPushButton(self.tr("登记群众座谈/公示等…"))
        milestone.clicked.connect(self._on_milestone)
        self.correct_button = QPushButton(self.tr("更正所选步骤…"))
        self.correct_button.clicked.connect(self._on_correct)
        self.withdraw_button = QPushButton(self.tr("撤回所选步骤…"))
        self.withdraw_button.setToolTip(self.tr("只能撤回最后办理的一步；原记录和原因会保留"))
        self.withdraw_button.clicked.connect(self._on_withdraw)
        row.addWidget(self.advance_button)
        row.addWidget(self.correct_button)
        row.addWidget(self.withdraw_button)
        row.addWidget(milestone)
        row.addStretch(1)
        sl.addLayout(row)
        self.tabs.addTab(steps_page, self.tr("发展进程"))
        log_page = QWidget()
        ll = QVBoxLayout(log_page)
        self.log = QTableWidget(0, 5)
        self.log.setHorizontalHeaderLabels([self.tr("考察期间"), self.tr("党支部考察意见"), self.tr("签字"),
                                            self.tr("补充说明"), self.tr("状态")])
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.log.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        ll.addWidget(self.log, 1)
        lrow = QHBoxLayout()
        for text, slot in ((self.tr("新增考察写实…"), self._on_new_entry), (self.tr("编辑…"), self._on_edit_entry),
                           (self.tr("书记签字…"), self._on_sign_entry),
                           (self.tr("追加补充说明…"), self._on_amend_entry)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            lrow.addWidget(b)
        lrow.addStretch(1)
        ll.addLayout(lrow)
        self.milestones = QLabel()
        self.milestones.setWordWrap(True)
        ll.addWidget(self.milestones)
        self.tabs.addTab(log_page, self.tr("考察写实"))
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.tabs.addTab(self.findings, self.tr("提醒"))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        history = QPushButton(self.tr("历史…"))
        history.setToolTip(self.tr("办理、更正、撤回的每一步（谁、何时、原因）"))
        history.clicked.connect(self._on_history)
        bottom.addWidget(history)
        self.end_button = QPushButton(self.tr("终止发展…"))
        self.end_button.setToolTip(self.tr("本人撤回申请、调离本单位、经考察不具备条件等"))
        self.end_button.clicked.connect(self._on_end)
        bottom.addWidget(self.end_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        p = self.service.person(self.person_id)
        self.person = p
        self.end_button.setEnabled(p.status == "进行中")
        self.setWindowTitle(self.tr("发展党员 — {name}").format(name=p.name))
        contacts = "、".join(f"{c.name}（{c.role}）" for c in p.contacts) or self.tr("尚未指定")
        self.header.setText(
            self.tr(
                "<b>{name}</b>　{gender}　{unit}　状态：{status}　适用细则：{version}年版<br>"
                "收到申请书：{received}　确定为积极分子：{activist}　联系人/介绍人：{contacts}"
            ).format(
                name=p.name,
                gender=p.gender,
                unit=p.work_unit_post,
                status=p.status,
                version=p.rule_version,
                received=dates.fmt_cn(p.application_received),
                activist=dates.fmt_cn(self.service.activist_date(p)) or "—",
                contacts=contacts,
            )
        )
        nxt = self.service.next_steps(p)
        self.steps.setRowCount(len(R.STEPS))
        for r, s in enumerate(R.STEPS):
            done = self.service.done(p, s.no)
            earliest, latest = self.service.window(p, s.no) if s.no in nxt else (None, None)
            limit = "，".join(
                x
                for x in (
                    (self.tr("最早{d}").format(d=dates.fmt_cn(earliest)) if earliest else ""),
                    (self.tr("最迟{d}").format(d=dates.fmt_cn(latest)) if latest else ""),
                )
                if x
            )
            detail = ""
            if done:
                data = done.data
                detail = "；".join(
                    x for x in (done.document, done.doc_no, data.get("conclusion", ""), data.get("outcome", "")) if x
                )
            values = [
                R.STAGE_SHORT[s.stage - 1],
                f"{s.no}. {s.name}",
                dates.fmt_cn(done.done_on) if done else "",
                done.actor if done else "",
                detail,
                limit,
            ]
            color = "#dcefdc" if done else ("#fff0c2" if s.no in nxt else "#ffffff")
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, s.no)
                item.setBackground(QBrush(QColor(color)))
                self.steps.setItem(r, c, item)
        if nxt:
            self.next_label.setText(
                self.tr("下一步：")
                + "；".join(f"第{n}步“{R.STEP[n].name}”" for n in nxt)
                + self.tr("（黄色行，双击办理）")
            )
            first = nxt[0]
            self.steps.selectRow(first - 1)
        else:
            ended = (self.tr("（{kind}，{date}：{why}）").format(kind=p.outcome, date=dates.fmt_cn(p.ended_on),
                                                              why=p.end_reason) if p.ended_on else "")
            self.next_label.setText(self.tr("发展程序已结束：{s}").format(s=p.status) + ended)
        self.advance_button.setEnabled(bool(nxt))
        self.log.setRowCount(len(p.assessments))
        for r, a in enumerate(p.assessments):
            values = [
                f"{dates.fmt_cn(a.period_start)}—{dates.fmt_cn(a.period_end)}",
                a.branch_opinion,
                f"{a.signed_by} {dates.fmt_cn(a.signed_on)}" if a.signed_on else "",
                "；".join(x.text for x in a.amendments),
                self.tr("已签字（只读）") if a.signed_on else self.tr("未签字"),
            ]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                self.log.setItem(r, c, item)
        self.milestones.setText(
            self.tr("其他记录：")
            + (
                "；".join(
                    f"{m.kind} {dates.fmt_cn(m.date)}"
                    + (f"至{dates.fmt_cn(m.end_date)}" if m.end_date else "")
                    + (f"（{m.participants or m.detail}）" if m.participants or m.detail else "")
                    for m in p.milestones
                )
                or self.tr("无")
            )
        )
        found = self.service.findings(p)
        self.findings.setToolTip(self.tr("规则编号：") + "、".join(f.rule for f in found) if found else "")
        self.findings.setText(
            "\n".join(f"{'✖' if f.severity == 'error' else '⚠'} {f.message}" for f in found)
            or self.tr("没有需要提醒的事项。")
        )
        self.tabs.setTabText(2, self.tr("提醒（{n}）").format(n=len(found)) if found else self.tr("提醒"))

    def _selected_step(self) -> int | None:
        items = self.steps.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _on_advance(self) -> None:
        no = self._selected_step()
        if no is None:
            return
        if StepDialog(self, self.services, self.person_id, no).run():
            self.changed = True
            self.refresh()

    def _on_correct(self) -> None:
        no = self._selected_step()
        if no is None or self.person.done(no) is None:
            messages.show_info(self, self.tr("更正"), self.tr("请先选择一个已办理的步骤"))
            return
        if CorrectStepDialog(self, self.services, self.person_id, no).run():
            self.changed = True
            self.refresh()

    def _on_withdraw(self) -> None:
        no = self._selected_step()
        if no is None or self.person.done(no) is None:
            messages.show_info(self, self.tr("撤回"), self.tr("请先选择最后办理的那一步"))
            return
        ask = TextDialog(self, self.tr("撤回第{no}步").format(no=no), [self.tr("撤回原因")])
        if not ask.run():
            return
        try:
            self.service.corrections.withdraw(self.person_id, no, next(iter(ask.values.values())).text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()

    def _on_history(self) -> None:
        LogDialog(self, self.services, (("dev_person",), self.person_id),
                  self.tr("历史 — {name}").format(name=self.person.name)).exec()

    def _on_end(self) -> None:
        if EndCaseDialog(self, self.services, self.person_id).run():
            self.changed = True
            self.refresh()

    def _on_milestone(self) -> None:
        if MilestoneDialog(self, self.services, self.person_id).run():
            self.changed = True
            self.refresh()

    def _selected_entry(self) -> DevAssessment | None:
        items = self.log.selectedItems()
        if not items:
            return None
        aid = items[0].data(Qt.ItemDataRole.UserRole)
        return next(a for a in self.person.assessments if a.id == aid)

    def _on_new_entry(self) -> None:
        if AssessmentEntryDialog(self, self.services, self.person_id).run():
            self.changed = True
            self.refresh()

    def _on_edit_entry(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        if entry.signed_on:
            messages.show_info(self, self.tr("考察写实"), self.tr("已签字的考察写实不能修改，请追加补充说明。"))
            return
        if AssessmentEntryDialog(self, self.services, self.person_id, entry).run():
            self.changed = True
            self.refresh()

    def _on_sign_entry(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        ask = TextDialog(self, self.tr("书记签字"), [self.tr("签字人")])
        if not ask.run():
            return
        try:
            self.service.sign_assessment(entry.id, next(iter(ask.values.values())).text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()

    def _on_amend_entry(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        ask = TextDialog(self, self.tr("追加补充说明"), [self.tr("补充说明"), self.tr("填写人")])
        if not ask.run():
            return
        text, by = (w.text() for w in ask.values.values())
        try:
            self.service.amend_assessment(entry.id, by, text)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.changed = True
        self.refresh()
