"""首页: the branch at a glance and what needs attention now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app import dates, rules
from app.services.branch import BranchService
from app.services.compliance import ComplianceService
from app.services.dues import DuesService
from app.services.meetings import MeetingService
from app.services.members import MemberService
from app.session import Session
from ui.widgets.warning_list import WarningList


class _Stat(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("_Stat, QFrame { background: #ffffff; }")
        self.value = QLabel("0")
        self.value.setStyleSheet("font-size: 22pt; font-weight: bold; color: #b71c1c;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)


class HomePage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.branch = BranchService(session.conn)
        self.members = MemberService(session.conn)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color: #555;")
        self.stat_members = _Stat(self.tr("在册党员"))
        self.stat_groups = _Stat(self.tr("党小组"))
        self.stat_committee = _Stat(self.tr("支部委员"))
        stats = QGridLayout()
        for i, s in enumerate((self.stat_members, self.stat_groups, self.stat_committee)):
            stats.addWidget(s, 0, i)
        self.warnings = WarningList()
        self.attention = QGroupBox(self.tr("需要关注"))
        self.all_clear = QLabel(self.tr("支部设置符合规定，目前没有需要处理的事项。"))
        self.all_clear.setStyleSheet("color: #1e6b2e;")
        al = QVBoxLayout(self.attention)
        al.addWidget(self.warnings)
        al.addWidget(self.all_clear)
        self.due_box = QGroupBox(self.tr("需要办理的事项（三会一课、整改、党费、发展党员）"))
        self.due_text = QLabel()
        self.due_text.setWordWrap(True)
        self.due_text.setTextFormat(Qt.TextFormat.PlainText)
        QVBoxLayout(self.due_box).addWidget(self.due_text)
        self.probation = QGroupBox(self.tr("预备党员转正时间"))
        self.probation_text = QLabel()
        self.probation_text.setWordWrap(True)
        self.probation_text.setTextFormat(Qt.TextFormat.PlainText)
        QVBoxLayout(self.probation).addWidget(self.probation_text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(stats)
        layout.addWidget(self.attention)
        layout.addWidget(self.due_box)
        layout.addWidget(self.probation)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        today = dates.today()
        branch = self.branch.get()
        self.title.setText(branch.name if branch else "")
        parts = []
        if branch and branch.supervising_committee:
            parts.append(self.tr("上级党组织：{name}").format(name=branch.supervising_committee))
        parts.append(self.tr("今天是 {date}").format(date=dates.fmt_cn(today)))
        self.subtitle.setText("　".join(parts))
        active = self.members.list(include_left=False)
        full = [m for m in active if rules.class_on(m, today) == "正式"]
        self.stat_members.value.setText(str(len(active)))
        self.stat_members.detail.setText(
            self.tr("正式 {full} · 预备 {prob}").format(full=len(full), prob=len(active) - len(full)))
        groups = self.branch.groups()
        self.stat_groups.value.setText(str(len(groups)))
        ungrouped = sum(1 for m in active if m.group_id is None)
        self.stat_groups.detail.setText(
            self.tr("{n} 人未编入党小组").format(n=ungrouped) if ungrouped else self.tr("全部党员均已编组"))
        term = self.branch.current_term()
        seats = self.branch.seats(term.id) if term else []
        self.stat_committee.value.setText(str(len(seats)))
        secretary = next((s.member_name for s in seats if s.role == "书记"), None)
        self.stat_committee.detail.setText(
            self.tr("书记：{name}").format(name=secretary) if secretary else self.tr("未登记书记"))
        warnings = self.branch.warnings(today)
        self.warnings.set_warnings(warnings)
        self.all_clear.setVisible(not warnings)
        due = ComplianceService(self.session.conn).due_now(today)
        for r in MeetingService(self.session.conn).open_rectifications(today):
            if r["overdue"]:
                due.append(self.tr("整改事项“{item}”（责任人：{owner}，{title}）已过完成时限{due}，尚未完成").format(
                    item=r["item"], owner=r["owner"] or self.tr("未定"), title=r["title"], due=dates.fmt_cn(r["due_on"])))
        dues = DuesService(self.session.conn)
        arrears = dues.arrears(today)
        alerts = [a for a in arrears if a.level == "alert"]
        warnings = [a for a in arrears if a.level == "warning"]
        if alerts:
            due.append(self.tr("党费：{names}已连续6个月以上未交足党费，按规定须由支部处理（如有正当理由请登记）").format(
                names="、".join(f"{a.name}（{a.count}个月）" for a in alerts)))
        if warnings:
            due.append(self.tr("党费：{names}已连续3个月以上未交足党费，请提醒").format(
                names="、".join(f"{a.name}（{a.count}个月）" for a in warnings)))
        from app.services.development import DevelopmentService

        dev_findings = DevelopmentService(self.session.conn).check(today)
        for f in dev_findings:
            if f.severity == "error" or f.rule in ("DEV-TALK", "DEV-PROB", "DEV-APPROVE", "DEV-ACT-EVAL"):
                due.append(self.tr("发展党员：{who}，{what}").format(who=f.person, what=f.message))
        unassessed = dues.unassessed(int(today[:4]), today)
        if unassessed:
            due.append(self.tr("党费：{n}名党员尚未核定{year}年党费").format(n=len(unassessed), year=today[:4]))
        self.due_items = due
        self.due_text.setText("\n".join("• " + d for d in due) or self.tr("本期应开的会议都已召开，没有逾期的整改事项和欠缴党费。"))
        self.due_text.setStyleSheet("color: #6b4e00;" if due else "color: #1e6b2e;")
        lines = []
        for m in sorted((m for m in active if m.member_class == "预备"), key=lambda m: m.join_date):
            due = rules.expected_full_date(m.join_date)
            days = dates.days_between(today, due)
            state = (self.tr("预备期已满 {n} 天，应及时讨论转正").format(n=-days) if days < 0
                     else self.tr("还有 {n} 天").format(n=days))
            lines.append(self.tr("{name}：{join} 入党，预备期满 {due}（{state}）").format(
                name=m.name, join=dates.fmt_cn(m.join_date), due=dates.fmt_cn(due), state=state))
        self.probation_text.setText("\n".join(lines) or self.tr("目前没有预备党员。"))
