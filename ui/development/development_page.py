"""发展党员: the pipeline board, one column per stage, and the rule findings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.development import rules as R
from app.development.model import CaseStatus
from app.printing.catalog import BookKind
from app.roster import rules as roster_rules
from app.roster.model import MemberClass
from app.services import Services
from ui import messages
from ui.development.dialogs import NewPersonDialog, PersonDialog
from ui.printing.print_dialog import open_print_dialog


class DevelopmentPage(QWidget):
    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.development
        title = QLabel(self.tr("发展党员"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按姓名筛选"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        add = QPushButton(self.tr("登记入党申请人…"))
        add.clicked.connect(self._on_add)
        self.print_button = QPushButton(self.tr("打印考察登记表…"))
        self.print_button.setToolTip(self.tr("打印选中人员或全部人员的考察登记表（Ctrl+P）"))
        self.print_button.clicked.connect(self._on_print)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search)
        top.addWidget(add)
        top.addWidget(self.print_button)
        board = QHBoxLayout()
        self.columns: list[QListWidget] = []
        self.column_boxes: list[QGroupBox] = []
        for i, stage in enumerate(R.STAGE_SHORT):
            box = QGroupBox(stage)
            box.setToolTip(R.STAGES[i])
            lst = QListWidget()
            lst.setMinimumWidth(120)
            lst.setWordWrap(True)
            lst.setTextElideMode(Qt.TextElideMode.ElideNone)
            lst.setSpacing(2)
            lst.itemDoubleClicked.connect(self._on_open)
            QVBoxLayout(box).addWidget(lst)
            board.addWidget(box, 1)
            self.columns.append(lst)
            self.column_boxes.append(box)
        self.findings = QListWidget()
        self.findings.setMaximumHeight(180)
        self.findings.itemDoubleClicked.connect(self._on_open)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(board, 1)
        layout.addWidget(QLabel(self.tr("时限与规定提醒（双击查看）")))
        layout.addWidget(self.findings)
        self.refresh()

    def refresh(self, *args: object) -> None:
        needle = self.search.text().strip()
        everyone = self.service.people()
        people = [p for p in everyone if needle in p.name]
        findings = self.service.check(people=everyone)
        flagged: dict[int, str] = {}
        for f in findings:
            flagged[f.person_id] = max(flagged.get(f.person_id, ""), f.severity)
        for lst in self.columns:
            lst.clear()
        counts = [0] * len(R.STAGES)
        for p in people:
            stage = self.service.stage(p)
            counts[stage - 1] += 1
            nxt = self.service.next_steps(p)
            text = p.name + (f"\n下一步：{nxt[0]}. {R.STEP[nxt[0]].name}" if nxt else "")
            if p.status == CaseStatus.PROBATIONARY:
                text += "（预备党员）"
            item = QListWidgetItem(text)  # flagged people are coloured (a symbol prefix made Qt elide the item)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            if p.id in flagged:
                item.setToolTip("；".join(f.message for f in findings if f.person_id == p.id))
                item.setBackground(QBrush(QColor("#f8d7d4" if flagged[p.id] == "error" else "#fff0c2")))
            self.columns[stage - 1].addItem(item)
        # 预备党员 on the roster without a case here (imported, or admitted before this program):
        # under 预备期考察和转正 too, so their probation is followed
        cased = {p.member_id for p in self.service.people(include_closed=True) if p.member_id}
        today = self.services.today()
        for m in self.services.roster.list():
            if m.id in cased or needle not in m.name or roster_rules.class_on(m, today) != MemberClass.PROBATIONARY:
                continue
            due = roster_rules.expected_full_date(m.join_date)
            item = QListWidgetItem(self.tr("{n}（名册中的预备党员）\n预备期满：{d}").format(
                n=m.name, d=dates.fmt_cn(due) if due else self.tr("未知")))
            item.setToolTip(self.tr("此人在党员名册中为预备党员，但这里没有他的发展材料；"
                                    "可用“登记入党申请人”补录其发展程序，以便跟踪预备期考察和转正"))
            item.setForeground(QBrush(QColor("#555555")))
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.columns[-1].addItem(item)
            counts[-1] += 1
        for i, box in enumerate(self.column_boxes):
            box.setTitle(f"{R.STAGE_SHORT[i]}（{counts[i]}）")
        self.findings.clear()
        for f in findings:
            item = QListWidgetItem(f"{'✖' if f.severity == 'error' else '⚠'} {f.person}：{f.message}")
            item.setToolTip(self.tr("规则编号：{rule}").format(rule=f.rule))  # the key stays out of the text
            item.setData(Qt.ItemDataRole.UserRole, f.person_id)
            self.findings.addItem(item)

    def open_person(self, person_id: int) -> None:
        dialog = PersonDialog(self, self.services, person_id)
        dialog.exec()
        if dialog.changed:
            self.refresh()
            self.data_changed.emit()

    def _on_open(self, item: QListWidgetItem) -> None:
        person = item.data(Qt.ItemDataRole.UserRole)
        if person is None:  # a roster member with no case here: say what to do
            messages.show_info(self, self.tr("预备党员"), item.toolTip())
            return
        self.open_person(person)

    def selected_person(self) -> int | None:
        for lst in (*self.columns, self.findings):
            item = lst.currentItem()
            if item is not None and item.isSelected():
                return item.data(Qt.ItemDataRole.UserRole)
        return None

    def print_choice(self) -> tuple[BookKind, dict[str, object]]:
        return BookKind.ASSESSMENT, {"person_id": self.selected_person()}

    def _on_print(self) -> None:
        kind, kw = self.print_choice()
        open_print_dialog(self, self.services, kind, **kw)

    def _on_add(self) -> None:
        dialog = NewPersonDialog(self, self.services)
        if dialog.run():
            self.refresh()
            self.data_changed.emit()
