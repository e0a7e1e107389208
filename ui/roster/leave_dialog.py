"""Transfer a member out, or record another exit (出党, 去世 …). The member is never deleted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.branch.service import BranchService
from app.common import dates
from app.common.errors import UserError, ValidationError
from app.roster.model import ExitKind
from app.roster.service import MemberService
from ui import messages
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.form_dialog import FormDialog


class LeaveDialog(QDialog):
    """Use :meth:`ask`."""

    def __init__(self, parent: QWidget | None, members: MemberService, member_id: int) -> None:
        super().__init__(parent)
        self.members = members
        self.member_id = member_id
        member = members.get(member_id)
        self.setWindowTitle(self.tr("组织关系转出 / 离开 — {name}").format(name=member.name))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("办理后该党员仍保留在名册中，标为已离开，历史记录不受影响。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.addItems(list(ExitKind))
        self.date = DateField()
        self.date.set_value(members.today())
        self.org = QLineEdit()
        self.org.setPlaceholderText(self.tr("转往的党组织全称"))
        self.letter = QLineEdit()
        self.letter.setPlaceholderText(self.tr("组织关系介绍信编号"))
        self.reason = QLineEdit()
        self.errors = {k: ErrorLabel() for k in ("kind", "date", "org", "reason")}
        form.addRow(self.tr("方式"), self.kind)
        form.addRow(self.tr("日期"), self.date)
        form.addRow("", self.errors["date"])
        form.addRow(self.tr("转往党组织"), self.org)
        form.addRow("", self.errors["org"])
        form.addRow(self.tr("介绍信编号"), self.letter)
        form.addRow(self.tr("原因/说明"), self.reason)
        form.addRow("", self.errors["reason"])
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("办理"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.kind.currentTextChanged.connect(self._on_kind)
        self._on_kind(self.kind.currentText())
        self.resize(460, self.sizeHint().height())

    def _on_kind(self, kind: str) -> None:
        self.org.setEnabled(kind == "转出")
        self.letter.setEnabled(kind == "转出")

    def _on_ok(self) -> None:
        for label in self.errors.values():
            label.show_message(None)
        try:
            on = self.date.value()
        except dates.DateParseError as exc:
            self.errors["date"].show_message(str(exc))
            return
        try:
            self.members.leave(self.member_id, self.kind.currentText(), on or "",
                               org=self.org.text(), letter=self.letter.text(),
                               reason=self.reason.text())
        except ValidationError as exc:
            for key, msg in exc.field_errors.items():
                self.errors.get(key, self.errors["reason"]).show_message(msg)
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, members: MemberService, member_id: int) -> bool:
        return cls(parent, members, member_id).exec() == QDialog.DialogCode.Accepted


class RejoinDialog(FormDialog):
    """A member who had left transfers back into the branch (a new membership period)."""

    def __init__(self, parent: QWidget | None, members: MemberService, branch: BranchService,
                 member_id: int) -> None:
        member = members.get(member_id)
        super().__init__(parent, self.tr("组织关系转入 — {name}").format(name=member.name))
        self.members = members
        self.member_id = member_id
        self.date = DateField()
        self.date.set_value(members.today())
        self.org = QLineEdit()
        self.org.setPlaceholderText(self.tr("转出的党组织全称"))
        self.letter = QLineEdit()
        self.group = QComboBox()
        self.group.addItem(self.tr("（暂不编入党小组）"), None)
        for g in branch.groups():
            self.group.addItem(g.name, g.id)
        self.form.addRow(self.tr("转入日期"), self.date)
        self.form.addRow(self.tr("原所在党组织"), self.org)
        self.form.addRow(self.tr("介绍信编号"), self.letter)
        self.form.addRow(self.tr("编入党小组"), self.group)

    def _save(self) -> None:
        on = self.date.value()
        if not on:
            raise ValidationError({"date": self.tr("请填写转入日期")})
        self.members.rejoin(self.member_id, on, org=self.org.text(), letter=self.letter.text(),
                            group_id=self.group.currentData())
