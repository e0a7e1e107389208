"""支部概况: the branch profile, the committee term with its warnings, and the party groups."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError
from app.services import Services
from ui import messages
from ui.branch.branch_form import BranchForm
from ui.branch.committee_dialogs import GroupDialog, SeatDialog, TermDialog
from ui.common.warning_list import WarningList


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


class BranchPage(QWidget):
    """The branch set-up page."""

    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.branch = services.branch
        self.members = services.roster
        self._build_ui()
        self.refresh()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("支部概况"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.warnings = WarningList()

        profile_box = QGroupBox(self.tr("基本情况"))
        self.form = BranchForm()
        self.save_button = QPushButton(self.tr("保存基本情况"))
        self.save_button.clicked.connect(self.save_profile)
        self.saved_label = QLabel()
        self._dirty = False
        self.form.edited.connect(self._on_form_edited)
        pl = QVBoxLayout(profile_box)
        pl.addWidget(self.form)
        pl.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.saved_label, 1)
        row.addWidget(self.save_button)
        pl.addLayout(row)

        committee_box = QGroupBox(self.tr("支部委员会"))
        self.term_label = QLabel()
        self.term_label.setWordWrap(True)
        self.seats = _table([self.tr("职务"), self.tr("姓名"), self.tr("任职日期")])
        self.new_term_button = QPushButton(self.tr("登记换届选举…"))
        self.edit_term_button = QPushButton(self.tr("修改本届任期…"))
        self.add_seat_button = QPushButton(self.tr("增补委员…"))
        self.end_seat_button = QPushButton(self.tr("委员离任"))
        self.new_term_button.clicked.connect(self._on_new_term)
        self.edit_term_button.clicked.connect(self._on_edit_term)
        self.add_seat_button.clicked.connect(self._on_add_seat)
        self.end_seat_button.clicked.connect(self._on_end_seat)
        cl = QVBoxLayout(committee_box)
        cl.addWidget(self.term_label)
        cl.addWidget(self.seats)
        buttons = QHBoxLayout()
        for b in (self.new_term_button, self.edit_term_button, self.add_seat_button, self.end_seat_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        cl.addLayout(buttons)

        groups_box = QGroupBox(self.tr("党小组"))
        self.groups = _table([self.tr("名称"), self.tr("组长"), self.tr("党员人数")])
        self.add_group_button = QPushButton(self.tr("新建党小组…"))
        self.edit_group_button = QPushButton(self.tr("编辑/指定组长…"))
        self.dissolve_group_button = QPushButton(self.tr("撤销党小组"))
        self.add_group_button.clicked.connect(self._on_add_group)
        self.edit_group_button.clicked.connect(self._on_edit_group)
        self.dissolve_group_button.clicked.connect(self._on_dissolve_group)
        gl = QVBoxLayout(groups_box)
        gl.addWidget(self.groups)
        gbuttons = QHBoxLayout()
        for b in (self.add_group_button, self.edit_group_button, self.dissolve_group_button):
            gbuttons.addWidget(b)
        gbuttons.addStretch(1)
        gl.addLayout(gbuttons)

        columns = QHBoxLayout()
        columns.addWidget(profile_box, 1)
        right = QVBoxLayout()
        right.addWidget(committee_box)
        right.addWidget(groups_box)
        columns.addLayout(right, 1)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addWidget(self.warnings)
        layout.addLayout(columns)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def refresh(self) -> None:
        branch = self.branch.get()
        if branch and not self._dirty:  # never overwrite edits the user has not saved
            self.form.set_value(branch)
        self.warnings.set_warnings(self.branch.warnings())
        term = self.branch.current_term()
        if term:
            due = self.branch.term_due_date(term)
            text = self.tr("本届选举日期：{elected}，任期{years}年，应于 {due} 前换届").format(
                elected=dates.fmt_cn(term.election_date), years=term.term_years, due=dates.fmt_cn(due))
            if term.variance_months:
                text += self.tr("（经批准{how}{n}个月，{ref}）").format(
                    how=self.tr("延期") if term.variance_months > 0 else self.tr("提前"),
                    n=abs(term.variance_months), ref=term.variance_approval)
            seats = self.branch.seats(term.id)
        else:
            text = self.tr("尚未登记支部委员会。正式党员满7人的支部应当设立支部委员会。")
            seats = []
        self.term_label.setText(text)
        self.seats.setRowCount(len(seats))
        for r, seat in enumerate(seats):
            for c, value in enumerate((seat.role, seat.member_name, dates.fmt_cn(seat.start_date))):
                item = QTableWidgetItem(value)
                item.setData(256, seat.id)
                self.seats.setItem(r, c, item)
        self.edit_term_button.setEnabled(term is not None)
        self.add_seat_button.setEnabled(term is not None)
        # the members elected are registered first; 增补 is for one added during the term
        self.add_seat_button.setText(self.tr("登记选举产生的委员…") if term is not None and not seats
                                     else self.tr("增补委员…"))
        self.end_seat_button.setEnabled(bool(seats))
        groups = self.branch.groups()
        sizes = self.branch.group_sizes()
        names = {m.id: m.name for m in self.members.list()}
        self.groups.setRowCount(len(groups))
        for r, g in enumerate(groups):
            leader = names.get(g.leader_member_id, "") if g.leader_member_id else ""
            values = (g.name, leader or self.tr("未指定"), str(sizes.get(g.id, 0)))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(256, g.id)
                self.groups.setItem(r, c, item)
        self.edit_group_button.setEnabled(bool(groups))
        self.dissolve_group_button.setEnabled(bool(groups))

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _selected(self, table: QTableWidget) -> int | None:
        items = table.selectedItems()
        return items[0].data(256) if items else None

    def _on_form_edited(self) -> None:
        self._dirty = True
        self.saved_label.setText(self.tr("有未保存的修改"))
        self.saved_label.setStyleSheet("color: #b3261e;")

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def save_profile(self) -> bool:
        """Save the profile form; True when saved (errors are shown under the fields)."""
        value = self.form.validated_value(self.branch.validate)
        if value is None:
            return False
        try:
            self.branch.save(value)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return False
        self._dirty = False
        self.saved_label.setText(self.tr("已保存"))
        self.saved_label.setStyleSheet("color: #1e6b2e;")
        self._changed()
        return True

    def discard_changes(self) -> None:
        self._dirty = False
        self.saved_label.setText("")
        self.refresh()

    def _on_new_term(self) -> None:
        if TermDialog(self, self.branch).run():
            self._changed()

    def _on_edit_term(self) -> None:
        term = self.branch.current_term()
        if term and TermDialog(self, self.branch, term.id).run():
            self._changed()

    def _on_add_seat(self) -> None:
        term = self.branch.current_term()
        if term and SeatDialog(self, self.branch, self.members, term.id).run():
            self._changed()

    def _on_end_seat(self) -> None:
        seat_id = self._selected(self.seats)
        if seat_id is None:
            return
        if not messages.confirm(self, self.tr("委员离任"), self.tr("确认该委员自今天起离任？任职记录会保留。")):
            return
        try:
            self.branch.end_seat(seat_id, self.services.today())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._changed()

    def _on_add_group(self) -> None:
        if GroupDialog(self, self.branch, self.members).run():
            self._changed()

    def _on_edit_group(self) -> None:
        gid = self._selected(self.groups)
        if gid is not None and GroupDialog(self, self.branch, self.members, gid).run():
            self._changed()

    def _on_dissolve_group(self) -> None:
        gid = self._selected(self.groups)
        if gid is None or not messages.confirm(self, self.tr("撤销党小组"), self.tr("确认撤销该党小组？")):
            return
        try:
            self.branch.dissolve_group(gid, self.services.today())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._changed()
