"""The branch profile fields, shared by the first-run wizard and the branch page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.branch.model import BranchKind
from app.common import dates
from db.records.branch import Branch
from ui.common.date_field import DateField
from ui.common.error_label import ErrorLabel
from ui.common.plain_text import PlainTextEdit


class BranchForm(QWidget):
    """Edits a :class:`db.records.Branch`; errors appear under their fields.

    ``edited`` is emitted whenever the user changes a field.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：中共某某市财政局机关第二支部委员会"))
        self.kind = QComboBox()
        self.kind.addItems(list(BranchKind))
        self.units = PlainTextEdit()
        self.units.setPlaceholderText(self.tr("联合党支部覆盖的单位，每行一个"))
        self.units.setFixedHeight(60)
        self.committee = QLineEdit()
        self.committee.setPlaceholderText(self.tr("如：中共某某市财政局机关委员会"))
        self.founded = DateField()
        self.village = QCheckBox(self.tr("村、社区党支部（支委会任期5年）"))
        self.phone = QLineEdit()
        self.errors = {k: ErrorLabel() for k in ("name", "kind", "covered_units", "founded_on")}
        form = QFormLayout()
        form.addRow(self.tr("支部全称 *"), self._with_error(self.name, "name"))
        form.addRow(self.tr("支部类型"), self.kind)
        form.addRow(self.tr("覆盖单位"), self._with_error(self.units, "covered_units"))
        form.addRow(self.tr("上级党组织"), self.committee)
        form.addRow(self.tr("成立日期"), self._with_error(self.founded, "founded_on"))
        form.addRow("", self.village)
        form.addRow(self.tr("联系电话"), self.phone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        self.kind.currentTextChanged.connect(self._on_kind)
        self._on_kind(self.kind.currentText())
        for line in (self.name, self.committee, self.phone):
            line.textEdited.connect(self.edited)
        self.units.textChanged.connect(self._on_units_changed)
        self.kind.activated.connect(self.edited)
        self.village.clicked.connect(self.edited)
        self.founded.edit.textEdited.connect(self.edited)
        self._loading = False

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        holder = QWidget()
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(self.errors[key])
        return holder

    def _on_kind(self, kind: str) -> None:
        self.units.setEnabled(kind == "联合党支部")

    def value(self) -> Branch:
        """The branch as entered; raises ``dates.DateParseError`` for a bad date."""
        units = tuple(u.strip() for u in self.units.toPlainText().splitlines() if u.strip())
        return Branch(
            name=self.name.text().strip(),
            kind=self.kind.currentText(),
            covered_units=units if self.kind.currentText() == "联合党支部" else (),
            supervising_committee=self.committee.text().strip(),
            founded_on=self.founded.value(),
            village_or_community=self.village.isChecked(),
            secretary_phone=self.phone.text().strip(),
        )

    def _on_units_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def set_value(self, branch: Branch) -> None:
        self._loading = True
        self.name.setText(branch.name)
        self.kind.setCurrentText(branch.kind)
        self.units.setPlainText("\n".join(branch.covered_units))
        self.committee.setText(branch.supervising_committee)
        self.founded.set_value(branch.founded_on)
        self.village.setChecked(branch.village_or_community)
        self.phone.setText(branch.secretary_phone)
        self._loading = False

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_message(errors.get(key))

    def validated_value(self, validate) -> Branch | None:
        """The branch if it passes ``validate`` (a service's validate); else shows errors."""
        try:
            branch = self.value()
        except dates.DateParseError as exc:
            self.show_errors({"founded_on": str(exc)})
            return None
        errors = validate(branch)
        self.show_errors(errors)
        return None if errors else branch
