"""首页: the branch at a glance and what needs attention now (decided by ``app.reminders``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.services import Services
from ui import registry

if TYPE_CHECKING:  # the details below the figures are built after the first paint (ui.registry)
    from ui.common.chart import BarChart
    from ui.common.section import Section
    from ui.common.warning_list import WarningList


class _Stat(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("_Stat, QFrame { background: #ffffff; }")
        # alignment by style sheet: the window's first paint does not wait for the Qt namespace
        # (see "No Qt namespace" in ui/main_window.py)
        self.value = QLabel("—")  # until the figures are read
        self.value.setStyleSheet("font-size: 22pt; font-weight: bold; color: #b71c1c;"
                                 "qproperty-alignment: AlignCenter;")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("qproperty-alignment: AlignCenter;")
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #555; qproperty-alignment: AlignCenter;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)


class FirstSteps(QGroupBox):
    """The set-up checklist of a new branch: one row per step, ticked when done, with a button
    that opens the place where it is done."""

    step_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__(self.tr("开始使用：请按顺序完成以下几步"))
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.marks: dict[str, QLabel] = {}
        self._shown: tuple | None = None

    def set_steps(self, steps: tuple) -> None:
        if steps == self._shown:  # the same checklist: nothing to rebuild (the home page refreshes after every edit)
            return
        self._shown = steps
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        self.marks.clear()
        for row, step in enumerate(steps):
            mark = QLabel("✔" if step.done else "○")
            mark.setStyleSheet("color: #1e6b2e; font-weight: bold;" if step.done else "color: #6b4e00;")
            text = QLabel(f"<b>{step.title}</b>　<span style='color:#555'>{step.hint}</span>")
            text.setWordWrap(True)
            button = QPushButton(self.tr("已完成，查看") if step.done else self.tr("去办理…"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, key=step.key: self.step_requested.emit(key))
            self.grid.addWidget(mark, row, 0)
            self.grid.addWidget(text, row, 1)
            self.grid.addWidget(button, row, 2)
            self.buttons[step.key] = button
            self.marks[step.key] = mark


class HomePage(QWidget):
    #: a first step's button was pressed: the main window opens the place for it
    step_requested = Signal(str)
    #: a chart was clicked: the main window shows that page
    page_requested = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None, deferred: bool = False) -> None:
        """``deferred``: the figures are filled in later (:meth:`ensure_loaded`), so that the
        window can be painted first at start-up."""
        super().__init__(parent)
        self.loaded = False
        self.services = services
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
        self._stopped = False  # the window has closed
        self._charts_timer = QTimer(self)
        self._charts_timer.setSingleShot(True)
        self._charts_timer.setInterval(0)
        self._charts_timer.timeout.connect(self.refresh_charts)
        # The page scrolls: on a 1366×768 office screen the window must never grow past it.
        content = QWidget()
        self._layout = layout = QVBoxLayout(content)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(stats)
        layout.addStretch(1)
        if deferred:  # the main window loads it right after its first paint
            self.title.setText(self.tr("正在读取……"))
        else:
            self.refresh()

    def _build_details(self) -> None:
        """The page below the figures (set-up steps, warnings, what is due, probation, charts): built
        with the first figures, so that start-up paints the window with its title and figure boxes
        first."""

        section: type[Section] = registry.load("section")
        bar_chart: type[BarChart] = registry.load("bar_chart")
        warning_list: type[WarningList] = registry.load("warning_list")
        self.first_steps = FirstSteps()
        self.first_steps.step_requested.connect(self.step_requested)
        self.first_steps.setVisible(False)
        self.warnings = warning_list()
        self.attention = section(self.tr("需要关注"), "home/attention")
        self.all_clear = QLabel(self.tr("支部设置符合规定，目前没有需要处理的事项。"))
        self.all_clear.setStyleSheet("color: #1e6b2e;")
        self.all_clear.setVisible(False)  # said only once the figures are read
        al = QVBoxLayout(self.attention.body)
        al.addWidget(self.warnings)
        al.addWidget(self.all_clear)
        self.due_box = section(self.tr("需要办理的事项（三会一课、整改、党费、发展党员）"), "home/due")
        self.due_text = QLabel()
        self.due_text.setWordWrap(True)
        self.due_text.linkActivated.connect(self._on_due_link)
        self.due_text.setToolTip(self.tr("点击一项打开办理的地方"))
        QVBoxLayout(self.due_box.body).addWidget(self.due_text)
        self.charts_box = section(self.tr("统计（点击图表打开相应页面）"), "home/charts", self)
        charts = QGridLayout(self.charts_box.body)
        self.charts = []
        for i in range(5):
            chart = bar_chart(self.charts_box.body)  # owned by the page from the start, not by Python
            chart.clicked.connect(self.page_requested)
            charts.addWidget(chart, i // 3, i % 3)
            self.charts.append(chart)
        self.probation = section(self.tr("预备党员转正时间"), "home/probation")
        self.probation_text = QLabel()
        self.probation_text.setWordWrap(True)
        self.probation_text.setStyleSheet("qproperty-textFormat: PlainText;")  # names are never markup
        QVBoxLayout(self.probation.body).addWidget(self.probation_text)
        layout = self._layout
        layout.insertWidget(2, self.first_steps)  # between the subtitle and the figures
        for box in (self.attention, self.due_box, self.probation, self.charts_box):
            layout.insertWidget(layout.count() - 1, box)  # above the stretch

    def stop(self) -> None:
        """The window closes (its file with it): charts still waiting are not drawn, nor queued again."""
        self._stopped = True
        self._charts_timer.stop()

    def refresh_charts(self) -> None:
        from shiboken6 import isValid

        if self._stopped or not all(isValid(chart) for chart in self.charts):  # the window is closing
            return
        for chart, series in zip(self.charts, self.services.dashboard.figures(), strict=True):
            try:
                chart.set_series(series)
            except RuntimeError:  # its window was torn down while the figures were read: nothing to draw on
                if isValid(chart):
                    raise
                return

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (another page shown, or closed): charts still waiting are not drawn now; showing the
        page again refreshes it."""
        self._charts_timer.stop()
        super().hideEvent(event)

    def _on_due_link(self, target: str) -> None:
        self.page_requested.emit(target)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        import html  # here, not at the top: read after the window's first paint


        if not self.loaded:
            self._build_details()
        self.loaded = True
        h = self.services.reminders.summary()
        self.title.setText(h.branch_name)
        parts = []
        if h.supervising_committee:
            parts.append(self.tr("上级党组织：{name}").format(name=h.supervising_committee))
        parts.append(self.tr("今天是 {date}").format(date=dates.fmt_cn(h.today)))
        self.subtitle.setText("　".join(parts))
        self.stat_members.value.setText(str(h.members))
        self.stat_members.detail.setText(
            self.tr("正式 {full} · 预备 {prob}").format(full=h.full_members, prob=h.probationary_members))
        self.stat_groups.value.setText(str(h.groups))
        self.stat_groups.detail.setText(
            self.tr("{n} 人未编入党小组").format(n=h.ungrouped) if h.ungrouped
            else self.tr("尚无党员") if not h.members else self.tr("全部党员均已编组"))
        self.stat_committee.value.setText(str(h.seats))
        self.stat_committee.detail.setText(
            self.tr("书记：{name}").format(name=h.secretary) if h.secretary else self.tr("未登记书记"))
        self.charts_box.setVisible(bool(h.members))  # nothing to chart over an empty roster
        if h.members and not self._stopped:  # the charts cost more than the rest: drawn right after the text
            self._charts_timer.start()
        self.first_steps.set_steps(h.first_steps)
        self.first_steps.setVisible(h.setting_up)
        self.warnings.set_warnings(h.warnings)
        self.attention.set_count(len(h.warnings) or None)
        self.all_clear.setVisible(not h.warnings)
        # Nothing is declared in order while the branch is still being set up.
        self.all_clear.setText(self.tr("支部尚未设置完成，完成上面的步骤后再检查各项规定。") if h.setting_up
                               else self.tr("支部设置符合规定，目前没有需要处理的事项。"))
        self.all_clear.setStyleSheet("color: #6b4e00;" if h.setting_up else "color: #1e6b2e;")
        self.due_items = list(h.to_do)
        self.due_box.set_count(len(h.to_do) or None)
        if h.to_do:
            empty = ""
        elif not h.members:
            empty = self.tr("尚未录入党员：录入名册后，这里会列出应开的会议、党费和发展党员等待办事项。")
        else:
            empty = self.tr("本期应开的会议都已召开，没有逾期的整改事项和欠缴党费。")
        if h.to_do:  # each item a link to where it is done
            self.due_text.setTextFormat(QtCore.Qt.TextFormat.RichText)
            self.due_text.setText("<br>".join(
                f"• <a href='{target}' style='color:#6b4e00; text-decoration:none'>{html.escape(text)}</a>"
                for text, target in zip(h.to_do, h.to_do_targets, strict=True)))
        else:
            self.due_text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            self.due_text.setText(empty)
        self.due_text.setStyleSheet("color: #6b4e00;" if h.to_do or not h.members else "color: #1e6b2e;")
        lines = []
        for p in h.probation:
            state = (self.tr("预备期已满 {n} 天，应及时讨论转正").format(n=-p.days_left) if p.days_left < 0
                     else self.tr("还有 {n} 天").format(n=p.days_left))
            lines.append(self.tr("{name}：{join} 入党，预备期满 {due}（{state}）").format(
                name=p.name, join=dates.fmt_cn(p.join_date), due=dates.fmt_cn(p.due), state=state))
        self.probation_text.setText("\n".join(lines) or self.tr("目前没有预备党员。"))
        self.probation.set_count(len(lines) or None)
