"""Add or edit a member, with inline validation messages next to each field."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.branch.service import BranchService
from app.common import dates, idcard
from app.common.errors import UserError, ValidationError
from app.roster import rules
from app.roster.model import EDUCATION_LEVELS, Arrival, MemberClass, PersonnelCategory
from app.roster.service import MemberService
from ui import messages
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.plain_text import PlainTextEdit

ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族",
    "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族",
    "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族",
    "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族",
    "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)


class MemberDialog(QDialog):
    """The member form. Use :meth:`ask`."""

    def __init__(self, parent: QWidget | None, members: MemberService, branch: BranchService,
                 member_id: int | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.branch = branch
        self.member_id = member_id
        self.saved_id: int | None = None
        self._original_group: int | None = None
        self.errors: dict[str, ErrorLabel] = {}
        self.setWindowTitle(self.tr("编辑党员信息") if member_id else self.tr("新增党员"))
        self._build_ui()
        self._connect_signals()
        if member_id:
            self._load(member_id)
        self._update_expected()

    # -- building -----------------------------------------------------------------------

    def _field(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> QWidget:
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        err = ErrorLabel(holder)
        box.addWidget(err)
        self.errors[key] = err
        form.addRow(label, holder)
        # A field's message goes as soon as the field is changed (it is checked again on saving).
        for signal in ("textEdited", "currentIndexChanged", "toggled", "textChanged", "changed"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(lambda *_, k=key: self._clear_error(k))
                break
        return widget

    def _clear_error(self, key: str) -> None:
        label = self.errors.get(key)
        if label is not None and label.text():
            label.show_message(None)
            if not any(e.text() for e in self.errors.values()):
                self.summary.show_message(None)

    def _build_ui(self) -> None:
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.id_number.setPlaceholderText(self.tr("18位，末位可为X"))
        self.gender = QComboBox()
        self.gender.addItems(["", "男", "女"])
        self.birth_date = DateField(allow_month=True)
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(ETHNIC_GROUPS)
        self.native_place = QLineEdit()
        self.education = QComboBox()
        self.education.setEditable(True)
        self.education.addItems(["", *EDUCATION_LEVELS])
        self.work_unit_post = QLineEdit()
        self.category = QComboBox()
        self.category.addItems(list(PersonnelCategory))
        self.category.setToolTip(self.tr("党费按人员类别计算"))
        self.join_date = DateField(allow_month=True)
        self.join_date.setToolTip(self.tr("支部大会通过接收为预备党员的日期"))
        self.member_class = QComboBox()
        self.member_class.addItems(list(MemberClass))
        self.expected = QLabel()
        self.expected.setStyleSheet("color: #7a5c00;")
        # its line is always there, empty or not: the hint never moves the fields below it
        self.expected.setMinimumHeight(self.expected.fontMetrics().height())
        self.full_date = DateField(allow_month=True)
        self.group = QComboBox()
        self.group.addItem(self.tr("（未编入党小组）"), None)
        for g in self.branch.groups():
            self.group.addItem(g.name, g.id)
        self.group_date = DateField()
        self.group_date.set_value(self.members.today())
        self.leader = QCheckBox(self.tr("党员领导干部（以普通党员身份参加双重组织生活）"))
        self.phone = QLineEdit()
        self.notes = PlainTextEdit()
        self.notes.setFixedHeight(54)

        left = QFormLayout()
        self._field(left, "name", self.tr("姓名 *"), self.name)
        self._field(left, "id_number", self.tr("公民身份号码 *"), self.id_number)
        self._field(left, "gender", self.tr("性别"), self.gender)
        self._field(left, "birth_date", self.tr("出生日期"), self.birth_date)
        self._field(left, "ethnicity", self.tr("民族"), self.ethnicity)
        self._field(left, "native_place", self.tr("籍贯"), self.native_place)
        self._field(left, "education", self.tr("学历"), self.education)
        self._field(left, "phone", self.tr("联系电话"), self.phone)

        right = QFormLayout()
        self._field(right, "work_unit_post", self.tr("工作单位及职务"), self.work_unit_post)
        self._field(right, "personnel_category", self.tr("人员类别 *"), self.category)
        self._field(right, "join_date", self.tr("入党日期 *"), self.join_date)
        self._field(right, "member_class", self.tr("党员类别 *"), self.member_class)
        right.addRow("", self.expected)
        self._field(right, "full_date", self.tr("转正日期"), self.full_date)
        self._field(right, "group", self.tr("党小组"), self.group)
        self.group_date_label = QLabel(self.tr("调整日期"))
        right.addRow(self.group_date_label, self.group_date)
        right.addRow("", self.leader)
        self._field(right, "notes", self.tr("备注"), self.notes)

        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setHorizontalSpacing(24)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)

        self.arrival_box = QGroupBox(self.tr("组织关系"))
        arrival = QFormLayout(self.arrival_box)
        self.arrival_kind = QComboBox()
        self.arrival_kind.addItems(["建册登记", "转入", "本支部发展"])
        self.arrival_kind.setToolTip(self.tr("建册登记：建立名册时已在本支部的党员"))
        self.arrival_date = DateField()
        self.arrival_org = QLineEdit()
        self.arrival_org.setPlaceholderText(self.tr("转入时填写原所在党组织"))
        self.arrival_letter = QLineEdit()
        self.arrival_letter.setPlaceholderText(self.tr("组织关系介绍信编号"))
        arrival.addRow(self.tr("加入方式"), self.arrival_kind)
        self._field(arrival, "arrival", self.tr("加入本支部日期"), self.arrival_date)
        arrival.addRow(self.tr("原所在党组织"), self.arrival_org)
        arrival.addRow(self.tr("介绍信编号"), self.arrival_letter)
        self.arrival_date.edit.setPlaceholderText(self.tr("默认同入党日期"))
        layout.addWidget(self.arrival_box)

        self.history_box = QGroupBox(self.tr("组织关系与修改记录"))
        self.history = PlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setFixedHeight(90)
        QVBoxLayout(self.history_box).addWidget(self.history)
        layout.addWidget(self.history_box)
        self.history_box.setVisible(self.member_id is not None)

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("选填，例如：更正录入错误"))
        self.reason_row = QWidget()
        reason_form = QFormLayout(self.reason_row)
        reason_form.setContentsMargins(0, 0, 0, 0)
        reason_form.addRow(self.tr("修改原因"), self.reason)
        layout.addWidget(self.reason_row)

        self.summary = ErrorLabel()
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)
        self.setMinimumWidth(880)
        self.arrival_box.setVisible(self.member_id is None)
        self.reason_row.setVisible(self.member_id is not None)
        self._update_group_date()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.id_number.editingFinished.connect(self._on_id_finished)
        self.join_date.changed.connect(self._update_expected)
        self.member_class.currentIndexChanged.connect(self._update_expected)
        self.group.currentIndexChanged.connect(self._update_group_date)
        self.arrival_kind.currentIndexChanged.connect(self._update_arrival)
        self._update_arrival()

    def _load(self, member_id: int) -> None:
        m = self.members.get(member_id)
        self.name.setText(m.name)
        self.id_number.setText(m.id_number)
        self.gender.setCurrentText(m.gender)
        self.birth_date.set_value(m.birth_date)
        self.ethnicity.setCurrentText(m.ethnicity)
        self.native_place.setText(m.native_place)
        self.education.setCurrentText(m.education)
        self.work_unit_post.setText(m.work_unit_post)
        self.category.setCurrentText(m.personnel_category)
        self.join_date.set_value(m.join_date)
        self.member_class.setCurrentText(m.member_class)
        self.full_date.set_value(m.full_date)
        self._original_group = m.group_id
        self.group.setCurrentIndex(max(0, self.group.findData(m.group_id)))
        self.leader.setChecked(m.is_leader_cadre)
        self.phone.setText(m.phone)
        self.notes.setPlainText(m.notes)
        self.history.setPlainText("\n".join(self.members.describe_history(member_id)))
        self._update_group_date()

    # -- behaviour ----------------------------------------------------------------------

    def _on_id_finished(self) -> None:
        try:
            info = idcard.parse(self.id_number.text())
        except idcard.IdNumberError as exc:
            if self.id_number.text().strip():
                self.errors["id_number"].show_message(str(exc))
            return
        self.errors["id_number"].show_message(None)
        self.id_number.setText(info.number)
        if not self.gender.currentText():
            self.gender.setCurrentText(info.gender)
        if not self.birth_date.text().strip():
            self.birth_date.set_value(info.birth_date)

    def _update_expected(self) -> None:
        text = ""
        if self.member_class.currentText() == MemberClass.PROBATIONARY:
            try:
                join = self.join_date.value()
            except dates.DateParseError:
                join = None
            if join:
                text = self.tr("预备期一年，预计转正日期：{date}").format(
                    date=dates.fmt_cn(rules.expected_full_date(join)))
        self.expected.setText(text)

    def _update_group_date(self) -> None:
        """The group's change date: on the form of a member already on the roster (always, so that
        nothing below it moves), to be filled in once the group is changed."""
        editing = self.member_id is not None
        self.group_date.setVisible(editing)
        self.group_date_label.setVisible(editing)
        self.group_date.setEnabled(editing and self.group.currentData() != self._original_group)

    def _update_arrival(self) -> None:
        transfer = self.arrival_kind.currentText() == "转入"
        self.arrival_org.setEnabled(transfer)
        self.arrival_letter.setEnabled(transfer)

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        problems: dict[str, str] = {}
        data: dict[str, Any] = {
            "name": self.name.text(),
            "id_number": self.id_number.text(),
            "gender": self.gender.currentText(),
            "ethnicity": self.ethnicity.currentText(),
            "native_place": self.native_place.text(),
            "education": self.education.currentText(),
            "work_unit_post": self.work_unit_post.text(),
            "personnel_category": self.category.currentText(),
            "member_class": self.member_class.currentText(),
            "is_leader_cadre": self.leader.isChecked(),
            "phone": self.phone.text(),
            "notes": self.notes.toPlainText(),
        }
        for key, field in (("birth_date", self.birth_date), ("join_date", self.join_date),
                           ("full_date", self.full_date)):
            try:
                data[key] = field.value()
            except dates.DateParseError as exc:
                problems[key] = str(exc)
                data[key] = None
        return data, problems

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_message(errors.get(key))
        unplaced = [msg for key, msg in errors.items() if key not in self.errors]
        if errors:
            self.summary.show_message(
                self.tr("有{n}处需要修改，未保存。").format(n=len(errors))
                + ("" if not unplaced else " " + "；".join(unplaced)))
        else:
            self.summary.show_message(None)

    def _on_save(self) -> None:
        data, problems = self._collect()
        group_id = self.group.currentData()
        errors = self.members.validate(data, member_id=self.member_id)
        errors.update(problems)
        if errors:
            self._show_errors(errors)
            return
        try:
            if self.member_id is None:
                try:
                    start = self.arrival_date.value()
                except dates.DateParseError as exc:
                    self._show_errors({"arrival": str(exc)})
                    return
                arrival = Arrival(kind=self.arrival_kind.currentText(), date=start,
                                  org=self.arrival_org.text(), letter=self.arrival_letter.text())
                self.saved_id = self.members.create(data, group_id, arrival)
            else:
                try:
                    move_date = self.group_date.value() if self.group_date.isEnabled() else None
                except dates.DateParseError as exc:
                    self._show_errors({"group": str(exc)})
                    return
                self.members.update(self.member_id, data, group_id=group_id,
                                    group_change_date=move_date, reason=self.reason.text())
                self.saved_id = self.member_id
        except ValidationError as exc:
            self._show_errors(exc.field_errors)
            return
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, members: MemberService, branch: BranchService,
            member_id: int | None = None) -> int | None:
        """Show the dialog; returns the saved member's id, or None if cancelled."""
        dialog = cls(parent, members, branch, member_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.saved_id
        return None
