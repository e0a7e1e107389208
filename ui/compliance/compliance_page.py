"""三会一课落实情况: the year grid of what the rules require, and what was held."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.compliance.leaders import SECRETARY
from app.compliance.rules import DK_PER_QUARTER, LEADER_LECTURES, RULE_KIND, RULE_LABELS, SECRETARY_LECTURES, Cell
from app.services import Services
from ui.meetings.record import MeetingEditor

_COLORS = {"held": "#dcefdc", "missing": "#f8d7d4", "due": "#fff0c2", "future": "#ffffff"}
CellRole = Qt.ItemDataRole.UserRole


class CompliancePage(QWidget):
    """Rows: requirements (one per group for 党小组会); columns: the twelve months."""

    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.compliance
        self.meetings = services.meetings
        self._build_ui()
        self.refresh()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("三会一课落实情况"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(int(self.services.today()[:4]))
        self.year.setSuffix(self.tr(" 年"))
        self.year.valueChanged.connect(self.refresh)
        self.as_of = QLabel()
        self.dk = QSpinBox()
        self.dk.setRange(0, 6)
        self.dk.setToolTip(DK_PER_QUARTER.label + DK_PER_QUARTER.note)
        self.dk.valueChanged.connect(self._on_dk_changed)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        top.addWidget(self.as_of)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("党课每季度至少")))
        top.addWidget(self.dk)
        note = QLabel(self.tr("次（地方规定，条例未规定次数，可调整；0 为不检查）"))
        note.setStyleSheet("color: #555;")
        top.addWidget(note)

        self.grid = QTableWidget(0, 12)
        self.grid.setHorizontalHeaderLabels([self.tr("{m}月").format(m=m) for m in range(1, 13)])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setDefaultSectionSize(34)
        self.grid.cellDoubleClicked.connect(self._on_cell_double_clicked)
        legend = QHBoxLayout()
        for status, text in (("held", self.tr("✓ 已开（双击查看记录）")),
                             ("missing", self.tr("✗ 应开未开（双击补录）")),
                             ("due", self.tr("… 本期待开")), ("future", self.tr("未到期"))):
            label = QLabel(text)
            label.setStyleSheet(f"background: {_COLORS[status]}; border: 1px solid #ccc; padding: 3px 8px;")
            legend.addWidget(label)
        legend.addStretch(1)

        lower = QGridLayout()
        self.lecture_box = QGroupBox(self.tr("党课讲授情况（本年度）"))
        self.lecture_text = QLabel()
        self.lecture_text.setWordWrap(True)
        QVBoxLayout(self.lecture_box).addWidget(self.lecture_text)
        self.talk_box = QGroupBox(self.tr("谈心谈话覆盖情况（本年度）"))
        self.talk_text = QLabel()
        self.talk_text.setWordWrap(True)
        QVBoxLayout(self.talk_box).addWidget(self.talk_text)
        self.dual_box = QGroupBox(self.tr("双重组织生活（党员领导干部，本年度）"))
        self.dual_text = QLabel()
        self.dual_text.setWordWrap(True)
        self.dual_text.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.dual_box).addWidget(self.dual_text)
        self.lecture_text.setTextFormat(Qt.TextFormat.RichText)
        lower.addWidget(self.lecture_box, 0, 0)
        lower.addWidget(self.talk_box, 0, 1)
        lower.addWidget(self.dual_box, 0, 2)
        for column in range(3):
            lower.setColumnStretch(column, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addLayout(legend)
        layout.addLayout(lower)

    def refresh(self, *args: object) -> None:
        year = self.year.value()
        today = self.services.today()
        self.as_of.setText(self.tr("（按{date}计算）").format(date=dates.fmt_cn(today)))
        self.dk.blockSignals(True)
        self.dk.setValue(self.service.lectures_per_quarter())
        self.dk.blockSignals(False)
        cells = self.service.check(year, today)
        if not cells:  # no member on the roster that year: there is nothing to judge, not "all held"
            self.as_of.setText(self.tr("（{year}年没有在册党员，暂无需要检查的会议；请先导入或录入党员名册）").format(
                year=year))
        rows: dict[tuple[str, int | None], list[Cell]] = {}
        for c in cells:
            rows.setdefault((c.rule, c.group), []).append(c)
        self.grid.clearSpans()
        self.grid.setRowCount(len(rows))
        labels = []
        for r, ((rule, _group), row_cells) in enumerate(rows.items()):
            label = RULE_LABELS[rule] + (f"\n{row_cells[0].group_name}" if row_cells[0].group_name else "")
            labels.append(label)
            for col in range(12):
                self.grid.setItem(r, col, QTableWidgetItem(""))
            for c in row_cells:
                start, span = _columns(c.period)
                if span > 1:
                    self.grid.setSpan(r, start, 1, span)
                item = QTableWidgetItem(self._cell_text(c))
                item.setData(CellRole, c)
                item.setBackground(QBrush(QColor(_COLORS[c.status])))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(self._tooltip(c))
                self.grid.setItem(r, start, item)
        self.grid.setVerticalHeaderLabels(labels)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._fill_lower(year, today)

    def _cell_text(self, c: Cell) -> str:
        if c.status == "held":
            days = [f"{int(d[5:7])}.{int(d[8:10])}" for d in c.dates[:3]]
            return "✓ " + "、".join(days) + ("…" if len(c.meetings) > 3 else "")
        return {"missing": self.tr("✗ 未开"), "due": self.tr("待开"), "future": ""}[c.status] + (
            f"\n{c.detail}" if c.detail and c.status != "future" else "")

    def _tooltip(self, c: Cell) -> str:
        text = {"held": self.tr("已开"), "missing": self.tr("该时段已过，未召开"),
                "due": self.tr("本期尚未召开"), "future": self.tr("尚未到期")}[c.status]
        return f"{RULE_LABELS[c.rule]} {c.period}：{text}" + (f"（{c.detail}）" if c.detail else "")

    def _fill_lower(self, year: int, today: str) -> None:
        duties = self.service.lecture_duties(year, today)
        lines = [_line(d.describe(), d.flagged) for d in duties]
        if not any(SECRETARY in d.roles for d in duties):
            lines.insert(0, _line(self.tr("本年度没有登记支部书记（在“支部概况”中登记支部委员会）"), True))
        self.lecture_text.setText("<br>".join(lines))
        self.lecture_box.setToolTip(self.tr("应讲次数是设置：书记每年至少{s}次，领导班子成员每年至少{l}次（地方规定）").format(
            s=self.services.base.setting(SECRETARY_LECTURES.key), l=self.services.base.setting(LEADER_LECTURES.key)))
        dual = self.service.dual_life(year, today)
        self.dual_text.setText("<br>".join(_line(d.describe(), d.flagged) for d in dual)
                               or self.tr("名册中没有标记为“党员领导干部”的党员。"))
        cov = self.service.talk_coverage(year, today)
        parts = [self.tr("本年度共记录谈心谈话 {n} 次。").format(n=cov.talks)]
        if cov.complete and cov.talks:
            parts.append(self.tr("已覆盖全体党员和全体支委。"))
        if cov.members_without:
            parts.append(self.tr("尚未谈话的党员（{n}名）：").format(n=len(cov.members_without))
                         + "、".join(cov.members_without))
        if cov.committee_pairs_missing:
            parts.append(self.tr("支委之间尚未谈话：") + "；".join(f"{a}—{b}" for a, b in cov.committee_pairs_missing))
        self.talk_text.setText("\n".join(parts))

    def _on_dk_changed(self, value: int) -> None:
        self.service.set_lectures_per_quarter(value)
        self.refresh()
        self.data_changed.emit()

    def _on_cell_double_clicked(self, row: int, col: int) -> None:
        item = self.grid.item(row, col)
        cell: Cell | None = item.data(CellRole) if item else None
        if cell is None:
            return
        if cell.meetings:
            changed = MeetingEditor.open_record(self, self.services, cell.meetings[0])
        elif cell.status in ("missing", "due"):  # a new record of that kind, group and period
            start = cell.period + "-01" if len(cell.period) == 7 and "Q" not in cell.period else (
                f"{cell.period[:4]}-{3 * int(cell.period[-1]) - 2:02d}-01" if "Q" in cell.period
                else f"{cell.period}-01-01")
            on = self.services.today() if cell.status == "due" else start
            changed = MeetingEditor.new_record(self, self.services, RULE_KIND[cell.rule], cell.group, on)
        else:
            return
        if changed:
            self.refresh()
            self.data_changed.emit()


def _line(text: str, flagged: bool) -> str:
    """One line of a rich-text box, red when something is short."""
    body = html.escape(text)
    return f"<span style='color:#b3261e'>⚠ {body}</span>" if flagged else body


def _columns(period: str) -> tuple[int, int]:
    """(first column, span) of a period in the twelve-month grid."""
    if len(period) == 4:
        return 0, 12
    if "Q" in period:
        q = int(period[-1])
        return 3 * (q - 1), 3
    return int(period[5:7]) - 1, 1
