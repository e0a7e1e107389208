"""Small dialogs of the branch page: committee term, committee seat, party group."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from app.branch.model import CommitteeRole
from app.branch.service import BranchService
from app.common.errors import ValidationError
from app.roster.model import MemberClass
from app.roster.service import MemberService
from ui.common.date_field import DateField
from ui.common.form_dialog import FormDialog


class TermDialog(FormDialog):
    """Record a new election (换届) or correct the current term."""

    def __init__(self, parent: QWidget | None, branch: BranchService, edit_term_id: int | None = None) -> None:
        super().__init__(parent, self.tr("修改本届任期") if edit_term_id else self.tr("登记换届选举"))
        self.branch = branch
        self.term_id = edit_term_id
        self.election = DateField()
        self.years = QSpinBox()
        self.years.setRange(3, 5)
        self.years.setSingleStep(2)
        self.years.setSuffix(self.tr(" 年"))
        self.years.setValue(branch.default_term_years())
        self.variance = QSpinBox()
        self.variance.setRange(-12, 12)
        self.variance.setSuffix(self.tr(" 个月"))
        self.variance.setToolTip(self.tr("经上级党组织批准延期（正数）或提前（负数）换届，一般不超过1年"))
        self.approval = QLineEdit()
        self.approval.setPlaceholderText(self.tr("延期或提前换届的批准文号"))
        self.form.addRow(self.tr("选举日期"), self.election)
        self.form.addRow(self.tr("任期"), self.years)
        self.form.addRow(self.tr("批准延期/提前"), self.variance)
        self.form.addRow(self.tr("批准文号"), self.approval)
        if edit_term_id:
            term = next(t for t in branch.terms() if t.id == edit_term_id)
            self.election.set_value(term.election_date)
            self.years.setValue(term.term_years)
            self.variance.setValue(term.variance_months)
            self.approval.setText(term.variance_approval)

    def _save(self) -> None:
        election = self.election.value()
        if not election:
            raise ValidationError({"election_date": self.tr("请填写选举日期")})
        if self.term_id:
            self.branch.update_term(self.term_id, election, self.years.value(),
                                    self.variance.value(), self.approval.text())
        else:
            self.branch.start_term(election, self.years.value(), self.variance.value(),
                                   self.approval.text())


class SeatDialog(FormDialog):
    """Add a committee member with a role."""

    def __init__(self, parent: QWidget | None, branch: BranchService, members: MemberService,
                 term_id: int) -> None:
        term = next((t for t in branch.terms() if t.id == term_id), None)
        first = not branch.seats(term_id)  # the members elected with the term, or one added later
        super().__init__(parent, self.tr("登记选举产生的支部委员") if first else self.tr("增补支部委员"))
        self.branch = branch
        self.term_id = term_id
        self.member = QComboBox()
        for m in members.list(include_left=False):
            if m.member_class == MemberClass.FULL:
                self.member.addItem(f"{m.name}（{m.group_name or '未编组'}）", m.id)
        self.role = QComboBox()
        self.role.addItems(list(CommitteeRole))
        self.start = DateField()
        # those elected take office on the election day; a member added later, today
        self.start.set_value(term.election_date if first and term is not None else branch.today())
        self.form.addRow(self.tr("党员"), self.member)
        self.form.addRow(self.tr("职务"), self.role)
        self.form.addRow(self.tr("任职日期"), self.start)

    def _save(self) -> None:
        member_id = self.member.currentData()
        if member_id is None:
            raise ValidationError({"member": self.tr("请选择党员")})
        start = self.start.value()
        if not start:
            raise ValidationError({"start": self.tr("请填写任职日期")})
        self.branch.add_seat(self.term_id, member_id, self.role.currentText(), start)


class GroupDialog(FormDialog):
    """Create a party group or rename it and choose its leader (组长)."""

    def __init__(self, parent: QWidget | None, branch: BranchService, members: MemberService,
                 group_id: int | None = None) -> None:
        super().__init__(parent, self.tr("编辑党小组") if group_id else self.tr("新建党小组"))
        self.branch = branch
        self.group_id = group_id
        self.name = QLineEdit()
        self.leader = QComboBox()
        self.leader.addItem(self.tr("（暂不指定）"), None)
        self.form.addRow(self.tr("名称"), self.name)
        if group_id:
            group = next(g for g in branch.groups(True) if g.id == group_id)
            self.name.setText(group.name)
            for m in members.list(include_left=False):
                if m.group_id == group_id:
                    self.leader.addItem(m.name, m.id)
            self.leader.setCurrentIndex(max(0, self.leader.findData(group.leader_member_id)))
            self.form.addRow(self.tr("组长"), self.leader)
        else:
            self.name.setPlaceholderText(self.tr("如：第一党小组"))

    def _save(self) -> None:
        if self.group_id:
            self.branch.update_group(self.group_id, self.name.text(), self.leader.currentData())
        else:
            self.branch.add_group(self.name.text(), founded_on=self.branch.today())
