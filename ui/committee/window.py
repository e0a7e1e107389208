"""The committee's window (``branchbook --committee --db C.sqlite``): every enrolled branch with
its tier, score and open notices, sortable and filterable; a branch's reasons and evidence and
the committee's judged part; receiving bundles with progress; settings, reports and notices."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.bundle import keys
from app.committee import receive, reports
from app.committee.reports import fingerprint_letter
from app.committee.service import BranchGrade, CommitteeService
from app.committee.session import CommitteeSession
from app.common import paths as app_paths
from app.common.context import Context
from app.common.errors import UserError
from app.common.sheets import SPREADSHEET_FILTER
from db.connection import apply_pragmas, connect
from db.errors import StorageError
from ui import fonts, messages
from ui.bundle.key_dialogs import ask_passphrase
from ui.committee.dialogs import EnrollDialog, ExcelEnrollDialog, InitDialog, NoticeDialog, SettingsDialog
from ui.committee.dues_view import DuesViewDialog
from ui.common.filtering import refilter
from ui.common.plain_text import PlainTextEdit
from ui.common.save_dialog import ask_save_path
from ui.printing.pdf_preview import PdfPreview
from ui.workers import run_job

COLUMNS = ("支部代码", "支部名称", "上级单位", "等次", "总分", "记录得分", "党委评定", "扣分项", "报送版次", "接收时间",
           "未结督办")
#: Columns whose values the right pane shows (上级单位, 记录得分, 党委评定, 报送版次, 接收时间).
HIDDEN = (2, 5, 6, 8, 9)
TIER_COLOURS = {"好": "#e3f1e3", "中": "#fff0c2", "差": "#f8d7d4", "未报送": "#eeeeee"}
GradeRole = Qt.ItemDataRole.UserRole + 1


class BranchesModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BranchGrade] = []

    def set_rows(self, rows: list[BranchGrade]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def _value(self, g: BranchGrade, column: int) -> Any:
        grade, bundle = g.grade, g.bundle
        return (g.branch_id, g.name, g.parent_unit, g.tier, grade.total if grade else None,
                grade.records if grade else None, grade.judged if grade else None,
                sum(1 for d in grade.deductions if d.points) if grade else None, bundle.seq if bundle else None,
                bundle.received_at.replace("T", " ")[:16] if bundle else "", g.open_notices)[column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        g = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._value(g, index.column())
            if value is None:
                return "—"
            return f"{value:.1f}" if isinstance(value, float) else str(value)
        if role == Qt.ItemDataRole.UserRole:  # sorting
            value = self._value(g, index.column())
            return -1 if value is None else value
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3:
            return QBrush(QColor(TIER_COLOURS.get(g.tier, "#ffffff")))
        if role == GradeRole:
            return g
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f"{g.name}（{g.parent_unit}）" if g.parent_unit else g.name
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 4:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class BranchFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.tier = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filter(self, text: str, tier: str) -> None:
        def change() -> None:
            self.text, self.tier = text.strip(), tier

        refilter(self, change)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.sourceModel()
        if not isinstance(source, BranchesModel):  # pragma: no cover - it is always the branches
            return True
        g: BranchGrade = source.rows[row]
        if self.tier and g.tier != self.tier:
            return False
        return not self.text or self.text in g.branch_id or self.text in g.name or self.text in g.parent_unit


class CommitteeWindow(QMainWindow):
    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session
        self.service: CommitteeService = session.services
        self.setWindowTitle(self.tr("支部台账 — 党委报送接收：{n}").format(n=self.service.info()["name"]))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(self.tr(" 年"))
        self.year.setValue(self.service.latest_year())  # the latest year with bundles
        self.tier = QComboBox()
        for label, value in (("全部等次", ""), ("好", "好"), ("中", "中"), ("差", "差"), ("未报送", "未报送")):
            self.tier.addItem(self.tr(label), value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按支部代码、名称或上级单位筛选"))
        self.search.setClearButtonEnabled(True)
        self.ingest_button = QPushButton(self.tr("接收报送包…"))
        self.ledger: dict[str, list[dict[str, Any]]] = {}  # 问题台账 of the year shown (refresh)
        self.model = BranchesModel(self)
        self.proxy = BranchFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long name keeps its start and end
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widths = ((0, 72), (3, 52), (4, 56), (7, 56), (10, 64))
        for column, width in widths:
            self.table.setColumnWidth(column, width)
        for column in HIDDEN:  # shown in the right pane for the selected branch
            self.table.setColumnHidden(column, True)
        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.detail = PlainTextEdit()
        self.detail.setReadOnly(True)
        self.judged = QDoubleSpinBox()
        self.judged.setRange(-1, 100)
        self.judged.setSpecialValueText(self.tr("未评定"))
        self.judged.setDecimals(1)
        self.judged_note = QLineEdit()
        self.judged_note.setPlaceholderText(self.tr("评定说明（如现场检查情况）"))
        self.judged_button = QPushButton(self.tr("保存评定"))
        self.notice_button = QPushButton(self.tr("督办通知…"))
        self._build_layout()
        self._build_menus()
        self.year.valueChanged.connect(self.refresh)
        self.tier.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self.ingest_button.clicked.connect(self.ingest)
        self.judged_button.clicked.connect(self._save_judged)
        self.notice_button.clicked.connect(self.notice)
        self.resize(1280, 760)
        self.refresh()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for w in (QLabel(self.tr("年度")), self.year, self.tier, self.search):
            top.addWidget(w)
        top.addWidget(self.ingest_button)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.detail_title)
        sl.addWidget(self.detail, 1)
        judged = QHBoxLayout()
        judged.addWidget(QLabel(self.tr("党委评定")))
        judged.addWidget(self.judged)
        judged.addWidget(self.judged_note, 1)
        judged.addWidget(self.judged_button)
        sl.addLayout(judged)
        sl.addWidget(self.notice_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([620, 620])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        self.counts = QLabel()
        self.statusBar().addWidget(QLabel(self.tr("数据库：{p}").format(p=self.session.path)), 1)
        self.statusBar().addPermanentWidget(self.counts)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(self.tr(text), self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.ingest_action = self._action(file, "接收报送包(&R)…", self.ingest, "Ctrl+O")
        self._action(file, "导出评定报告(&E)…", self.export_report, "Ctrl+E")
        self._action(file, "半年党费检查…", self.dues_view, "Ctrl+D")
        file.addSeparator()
        self._action(file, "退出(&X)", self.close, "Ctrl+Q")
        branches = self.menuBar().addMenu(self.tr("支部(&B)"))
        self._action(branches, "登记支部(&N)…", self.enroll, "Ctrl+N")
        self._action(branches, "从 Excel 登记支部…", self.enroll_excel)
        self._action(branches, "督办通知(&T)…", self.notice, "Ctrl+T")
        settings = self.menuBar().addMenu(self.tr("设置(&S)"))
        self._action(settings, "评分设置(&G)…", self.settings, "Ctrl+G")
        self._action(settings, "导出党委公钥（committee.pub）…", self.export_key)
        self._action(settings, "打印公钥指纹函…", self.print_letter)

    # -- showing ---------------------------------------------------------------------------

    def refresh(self, *args: object) -> None:
        current = self.selected()
        grades = self.service.grades(self.year.value())
        self.ledger = self.service.problem_ledger(self.year.value(), grades)  # once, not on every click
        self.model.set_rows(grades)
        counts = {t: sum(1 for g in grades if g.tier == t) for t in ("好", "中", "差", "未报送")}
        self.counts.setText("　".join(f"{k} {v}" for k, v in counts.items())
                            + self.tr("　共 {n} 个").format(n=len(grades)))
        if current is not None:
            self.select(current.branch_id)
        self._show_detail()

    def _filter(self, *args: object) -> None:
        self.proxy.set_filter(self.search.text(), self.tier.currentData())

    def selected(self) -> BranchGrade | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.proxy.data(rows[0], GradeRole) if rows else None

    def select(self, branch_id: str) -> None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(r, 0), GradeRole).branch_id == branch_id:
                self.table.selectRow(r)
                return

    def _show_detail(self, *args: object) -> None:
        g = self.selected()
        for w in (self.judged, self.judged_note, self.judged_button, self.notice_button):
            w.setEnabled(g is not None and g.grade is not None)
        if g is None:
            self.detail_title.setText(self.tr("选择一个支部查看得分依据"))
            self.detail.setPlainText("")
            return
        self.detail_title.setText(f"{g.branch_id} {g.name}：{g.tier}")
        if g.grade is None:
            self.detail.setPlainText(self.tr("{y}年尚未收到该支部的报送包。\n登记的密钥指纹：{fp}").format(
                y=self.year.value(), fp=keys.grouped(self.service.branch(g.branch_id).fingerprint or "")))
            return
        b = g.bundle
        lines = [f"总分 {g.grade.total}（记录得分 {g.grade.records}，党委评定 "
                 f"{g.grade.judged if g.grade.judged is not None else '未评定'}）"]
        lines += [f"上级单位：{g.parent_unit}"] if g.parent_unit else []
        lines += [f"报送：第{b.seq}版，{b.received_at.replace('T', ' ')[:16]}接收"] if b else []
        lines += [f"否决：{v}" for v in g.grade.vetoed]
        lines += [f"注意：{w}" for w in (g.bundle.warnings if g.bundle else [])]
        lines.append("")
        lines += [(f"−{d.points:g} 分　" if d.points else "（只列出，不扣分）") + f"{d.reason}\n　　{d.evidence}"
                  for d in g.grade.deductions] or ["没有扣分项。"]
        followed = self.ledger.get(g.branch_id, [])
        if followed:
            lines += ["", self.tr("上年问题台账：")]
            lines += [f"　{x['reason']}：{'本年再次出现' if x['recurred'] else '本年未再出现'}" for x in followed]
        self.detail.setPlainText("\n".join(lines))
        self.judged.setValue(g.grade.judged if g.grade.judged is not None else -1)

    # -- actions ---------------------------------------------------------------------------

    def _save_judged(self) -> None:
        g = self.selected()
        if g is None:
            return
        value = self.judged.value()
        try:
            self.service.set_judged(g.branch_id, self.year.value(), None if value < 0 else value,
                                    self.judged_note.text())
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.refresh()

    def ingest(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择存放报送包的文件夹（如U盘）"), str(Path.home()))
        if not folder:
            return
        passphrase = ask_passphrase(self, self.tr("接收报送包"), self.tr("请输入党委密钥的口令"))
        if passphrase is None:
            return
        try:
            committee_keys = self.service.unlock(passphrase)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        results = self.run_ingest([folder], committee_keys)
        if results is None:
            return
        counts: dict[str, int] = {}
        for r in results:
            counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
        refused = [f"{Path(r['file']).name}：{r['reason']}" for r in results if r["outcome"] == "拒收"]
        text = "，".join(f"{k} {v} 个" for k, v in counts.items())
        if refused:
            text += self.tr("\n\n拒收的文件：\n") + "\n".join(refused[:30]) + ("\n……" if len(refused) > 30 else "")
        messages.show_info(self, self.tr("接收完成"), text)
        self.refresh()

    def run_ingest(self, paths: list[str], committee_keys: dict[str, Any]) -> list[dict[str, Any]] | None:
        """Receive in a worker thread on its own connection; None when cancelled or failed."""

        path, clock = self.session.path, self.service.clock

        @contextlib.contextmanager
        def opener() -> Iterator[CommitteeService]:
            conn = connect(path)  # this process already holds the file's lock
            apply_pragmas(conn)
            try:
                yield CommitteeService(Context(conn, clock, path))  # the worker's own connection
            finally:
                conn.close()

        def job(service: CommitteeService, progress: Any, cancelled: Any) -> list[dict[str, Any]]:
            return receive.run(service, paths, committee_keys,
                               lambda done, total: progress(f"已检查 {done} / {total} 个文件"), cancelled)

        results, error = run_job(self, self.tr("正在接收报送包"), opener, job)
        if error and error != "取消":
            messages.show_error(self, self.tr("无法接收"), error)
        self.refresh()
        return None if error else results

    def enroll(self) -> None:
        if EnrollDialog(self, self.service).exec():
            self.refresh()

    def enroll_excel(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择支部登记表"), str(Path.home()),
                                              SPREADSHEET_FILTER)
        if path and ExcelEnrollDialog(self, self.service, path).exec():
            self.refresh()

    def settings(self) -> None:
        if SettingsDialog(self, self.service).exec():
            self.refresh()

    def notice(self) -> None:
        g = self.selected()
        if g is None or g.grade is None:
            messages.show_info(self, self.tr("督办通知"), self.tr("请先选择一个已报送的支部"))
            return
        dialog = NoticeDialog(self, self.service, g.branch_id, self.year.value())
        if dialog.exec():
            messages.show_info(self, self.tr("已签发"),
                               self.tr("督办通知已保存到\n{p}\n请交该支部导入。").format(p=dialog.path))
            self.refresh()

    def export_report(self) -> None:
        path = ask_save_path(self, self.tr("导出评定报告"), str(Path.home() / f"{self.year.value()}年度支部评定.xlsx"),
                             self.tr("Excel 文件 (*.xlsx);;PDF 文件 (*.pdf)"), ".xlsx")
        if not path:
            return
        try:
            reports.export(self.service, self.year.value(), path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("已导出"), self.tr("已保存到\n{p}").format(p=path))

    def dues_view(self) -> None:
        DuesViewDialog(self, self.service, self.year.value()).exec()

    def export_key(self) -> None:
        path = ask_save_path(self, self.tr("导出党委公钥"), str(Path.home() / "committee.pub"),
                             self.tr("党委公钥 (*.pub)"), ".pub")
        if not path:
            return
        try:
            public = self.service.export_public(path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("已导出"), self.tr("已保存到 {p}\n指纹：{fp}").format(
            p=path, fp=keys.grouped(public.fingerprint)))

    def print_letter(self) -> None:
        PdfPreview(self, fingerprint_letter(self.service), self.tr("公钥指纹函"), "公钥指纹函.pdf").exec()


def run_committee(app: QApplication, db: str | None) -> int:
    """The committee's window on its file (created, with its keys, on first use)."""
    path = Path(db) if db else app_paths.data_dir() / "党委报送接收.sqlite"
    fonts.load_rare_font()  # the committee's window lists branch names from the start
    try:
        session = CommitteeSession.open(path)
    except StorageError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.user_message())
        return 3
    try:
        if session.services.info()["name"] is None and not InitDialog(None, session.services).exec():
            return 0
        window = CommitteeWindow(session)
        window.show()
        return app.exec()
    finally:
        session.close()
