"""先锋岗与报到: the 共产党员先锋岗 register and 双报到 (community reporting and service), with
the coverage figures the speech asks about."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.common import dates
from app.common.errors import UserError, ValidationError
from app.posts import rules as pr
from app.services import Services
from ui import messages
from ui.common.date_field import DateField
from ui.common.form_dialog import FormDialog
from ui.common.member_search import make_searchable
from ui.common.plain_text import PlainTextEdit
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view


def _row(record_id: int, cells: tuple[str, ...]) -> SimpleNamespace:
    """One row of a register as shown: columns c0, c1 …, and the record's id for the buttons."""
    return SimpleNamespace(id=record_id, **{f"c{i}": text for i, text in enumerate(cells)})


def _table(headers: list[str], widths: list[int]) -> tuple[RowsModel, QTableView]:
    """A read-only register: a RowsModel with columns c0, c1 … and its view."""
    model = RowsModel([Col(f"c{i}", h, editable=False, width=w) for i, (h, w) in enumerate(zip(headers, widths,
                                                                                            strict=True))])
    view = table_view(model, editable=False)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return model, view


def _member_checklist(services: Services) -> QListWidget:
    box = QListWidget()
    for m in services.roster.list(include_left=False):
        item = QListWidgetItem(m.name)
        item.setData(Qt.ItemDataRole.UserRole, m.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(item)
    box.setMinimumHeight(140)
    return box


def _checked(box: QListWidget) -> list[int]:
    return [box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


class PostDialog(FormDialog):
    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent, self.tr("设立共产党员先锋岗"))
        self.service = services.posts
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(pr.POST_KINDS)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("所在处室（可不填）"))
        self.date = DateField()
        self.date.set_value(services.today())
        self.holders = _member_checklist(services)
        self.commitments = PlainTextEdit()
        self.commitments.setTabChangesFocus(True)
        self.commitments.setFixedHeight(70)
        self.kind.currentTextChanged.connect(lambda k: self.commitments.setPlainText(pr.default_commitments(k)))
        for label, w in ((self.tr("岗位名称"), self.name), (self.tr("类别"), self.kind), (self.tr("处室"), self.unit),
                         (self.tr("设岗日期"), self.date), (self.tr("在岗党员（勾选）"), self.holders),
                         (self.tr("承诺"), self.commitments)):
            self.form.addRow(label, w)
        self.name.setFocus()

    def _save(self) -> None:
        on = self.date.value()
        if not on:
            raise ValidationError({"date": self.tr("请填写设岗日期")})
        self.service.add(self.name.text(), self.kind.currentText(), on, self.unit.text(),
                         self.commitments.toPlainText(), _checked(self.holders))


class AwardDialog(FormDialog):
    def __init__(self, parent: QWidget | None, services: Services, post_id: int) -> None:
        super().__init__(parent, self.tr("登记先锋岗评定"))
        self.service = services.posts
        self.post_id = post_id
        self.title = QComboBox()
        self.title.addItems(pr.AWARD_TITLES)
        self.date = DateField()
        self.date.set_value(services.today())
        self.body = QLineEdit()
        self.body.setPlaceholderText(self.tr("如：市直机关工委"))
        for label, w in ((self.tr("评定结果"), self.title), (self.tr("评定日期"), self.date),
                         (self.tr("评定单位"), self.body)):
            self.form.addRow(label, w)
        self.title.setFocus()

    def _save(self) -> None:
        self.service.award(self.post_id, self.title.currentText(), self.date.value() or "", self.body.text())


class ReportDialog(FormDialog):
    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent, self.tr("登记到社区报到"))
        self.service = services.community
        self.member = QComboBox()
        for m in services.roster.list(include_left=False):
            self.member.addItem(m.name, m.id)
        make_searchable(self.member)
        self.community = QLineEdit()
        self.community.setPlaceholderText(self.tr("如：幸福里社区党委"))
        self.date = DateField()
        self.date.set_value(services.today())
        for label, w in ((self.tr("党员"), self.member), (self.tr("社区党组织"), self.community),
                         (self.tr("报到日期"), self.date)):
            self.form.addRow(label, w)
        self.member.setFocus()

    def _save(self) -> None:
        self.service.report(self.member.currentData(), self.community.text(), self.date.value() or "")


class ActivityDialog(FormDialog):
    """A service activity: the members ticked each served the hours given (members who served
    different hours are recorded as separate entries, or with ``community activity`` on the CLI)."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent, self.tr("登记社区服务活动"))
        self.service = services.community
        self.date = DateField()
        self.date.set_value(services.today())
        self.community = QLineEdit()
        self.what = QLineEdit()
        self.hours = QLineEdit("2")
        self.hours.setPlaceholderText(self.tr("每人服务时长（小时），如 2 或 2.5"))
        self.people = _member_checklist(services)
        for label, w in ((self.tr("活动日期"), self.date), (self.tr("社区"), self.community),
                         (self.tr("服务内容"), self.what), (self.tr("每人时长（小时）"), self.hours),
                         (self.tr("参加党员（勾选）"), self.people)):
            self.form.addRow(label, w)
        self.date.edit.setFocus()

    def _save(self) -> None:
        people: list[tuple[int, object]] = [(mid, self.hours.text()) for mid in _checked(self.people)]
        self.service.add_activity(self.date.value() or "", self.community.text(), self.what.text(), people)


class PostsPage(QWidget):
    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.posts = services.posts
        self.community = services.community
        title = QLabel(self.tr("先锋岗与报到"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.tabs = QTabWidget()
        # 先锋岗
        posts_tab = QWidget()
        pl = QVBoxLayout(posts_tab)
        self.post_model, self.post_table = _table(
            [self.tr("岗位"), self.tr("类别"), self.tr("处室"), self.tr("在岗党员"), self.tr("承诺"), self.tr("评定")],
            [140, 80, 100, 160, 0, 180])
        self.post_cover = QLabel()
        self.post_cover.setWordWrap(True)
        self.add_button = QPushButton(self.tr("设立先锋岗…"))
        self.add_button.clicked.connect(self._on_add_post)
        award = QPushButton(self.tr("登记评定…"))
        award.clicked.connect(self._on_award)
        close = QPushButton(self.tr("撤销所选先锋岗"))
        close.clicked.connect(self._on_close_post)
        row = QHBoxLayout()
        for b in (self.add_button, award, close):
            row.addWidget(b)
        row.addStretch(1)
        pl.addWidget(self.post_table, 1)
        pl.addWidget(self.post_cover)
        pl.addLayout(row)
        self.tabs.addTab(posts_tab, self.tr("共产党员先锋岗"))
        # 双报到
        com_tab = QWidget()
        cl = QVBoxLayout(com_tab)
        self.report_model, self.report_table = _table(
            [self.tr("党员"), self.tr("社区党组织"), self.tr("报到日期")], [90, 0, 120])
        self.activity_model, self.activity_table = _table(
            [self.tr("日期"), self.tr("社区"), self.tr("服务内容"), self.tr("参加党员（小时）")], [120, 120, 0, 0])
        self.com_cover = QLabel()
        self.com_cover.setWordWrap(True)
        report = QPushButton(self.tr("登记报到…"))
        report.clicked.connect(self._on_report)
        activity = QPushButton(self.tr("登记服务活动…"))
        activity.clicked.connect(self._on_activity)
        crow = QHBoxLayout()
        crow.addWidget(report)
        crow.addWidget(activity)
        crow.addStretch(1)
        tables = QHBoxLayout()
        tables.addWidget(self.report_table, 2)
        tables.addWidget(self.activity_table, 3)
        cl.addLayout(tables, 1)
        cl.addWidget(self.com_cover)
        cl.addLayout(crow)
        self.tabs.addTab(com_tab, self.tr("双报到（社区报到和服务）"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        found = self.posts.list()
        self.post_model.set_rows([_row(p.id, (p.name, p.kind, p.unit, "、".join(n for _, n in p.holders),
                                              p.commitments, "、".join(f"{a['title']}（{dates.fmt_cn(a['on'])}）"
                                                                      for a in p.awards))) for p in found])
        cov = self.posts.coverage()
        kinds = "；".join(f"{k}：{v['posts']}个（示范/标兵{v['models']}个{'' if v['met'] else '，未达到要求'}）"
                         for k, v in cov["kinds"].items())
        self.post_cover.setText(self.tr("在岗党员 {h} 名，占在册党员 {m} 名的 {s}。{k}").format(
            h=cov["holding"], m=cov["members"], s=cov["share"], k=kinds))
        reports = self.community.reports()
        self.report_model.set_rows([_row(r.id, (r.name, r.community, dates.fmt_cn(r.reported_on)))
                                    for r in reports])
        year = int(self.services.today()[:4])
        acts = self.community.activities(year)
        self.activity_model.set_rows([_row(a.id, (dates.fmt_cn(a.done_on), a.community, a.what, "、".join(
            f"{p.name}（{pr.hours_text(p.tenths)}）" for p in a.people))) for a in acts])
        c = self.community.coverage(year)
        self.com_cover.setText(self.tr("已到社区报到 {r} 名，占在册党员的 {s}；{y}年服务活动 {a} 次，{n} 名党员参加，"
                                       "累计 {h} 小时。").format(r=c["reported"], s=c["share"], y=year,
                                                            a=c["activities"], n=c["members_serving"], h=c["hours"]))

    def _selected_post(self) -> int | None:
        rows = self.post_table.selectionModel().selectedRows()
        return self.post_model.record(rows[0].row()).id if rows else None

    def _after(self, ok: bool) -> None:
        if ok:
            self.refresh()
            self.data_changed.emit()

    def _on_add_post(self) -> None:
        self._after(PostDialog(self, self.services).run())

    _on_add = _on_add_post  # Ctrl+N

    def _on_award(self) -> None:
        pid = self._selected_post()
        if pid is None:
            messages.show_info(self, self.tr("登记评定"), self.tr("请先在表中选择一个先锋岗"))
            return
        self._after(AwardDialog(self, self.services, pid).run())

    def _on_close_post(self) -> None:
        pid = self._selected_post()
        if pid is None or not messages.confirm(self, self.tr("撤销先锋岗"), self.tr("撤销所选先锋岗（记录保留）？")):
            return
        try:
            self.posts.close(pid, self.services.today())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self._after(True)

    def _on_report(self) -> None:
        self._after(ReportDialog(self, self.services).run())

    def _on_activity(self) -> None:
        self._after(ActivityDialog(self, self.services).run())
