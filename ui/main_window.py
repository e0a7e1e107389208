"""The main window: navigation on the left, the page on the right, the database in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.printing.service import BookKind
from app.session import Session
from ui import messages
from ui.dialogs.print_dialog import open_print_dialog
from ui.pages.branch_page import BranchPage
from ui.pages.compliance_page import CompliancePage
from ui.pages.development_page import DevelopmentPage
from ui.pages.dues import DuesPage
from ui.pages.home_page import HomePage
from ui.pages.meetings_page import MeetingsPage
from ui.pages.roster_page import RosterPage


def ui_settings() -> QSettings:
    """Machine-level UI preferences (window geometry), INI format."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BranchBook", "BranchBook")


class MainWindow(QMainWindow):
    """Attributes: ``home``, ``branch_page``, ``roster`` — the pages, in navigation order."""

    def __init__(self, session: Session, demo: bool = False, remember_geometry: bool = True) -> None:
        super().__init__()
        self.session = session
        self.services = session.services
        self.demo = demo
        self.remember_geometry = remember_geometry
        self._build_ui()
        self._update_title()
        if remember_geometry:
            self._restore_geometry()
        else:
            self.resize(1280, 800)

    def _build_ui(self) -> None:
        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; border: none; background: #f6f1f0; }"
            "QListWidget::item { padding: 10px 14px; }"
            "QListWidget::item:selected { background: #b71c1c; color: white; }")
        self.stack = QStackedWidget()
        self.home = HomePage(self.services)
        self.branch_page = BranchPage(self.services)
        self.roster = RosterPage(self.services)
        self.meetings = MeetingsPage(self.services)
        self.compliance = CompliancePage(self.services)
        self.development = DevelopmentPage(self.services)
        self.dues = DuesPage(self.services)
        self._pages: list[tuple[str, QWidget]] = [
            (self.tr("首页"), self.home),
            (self.tr("支部概况"), self.branch_page),
            (self.tr("党员名册"), self.roster),
            (self.tr("会议记录"), self.meetings),
            (self.tr("三会一课落实"), self.compliance),
            (self.tr("发展党员"), self.development),
            (self.tr("党费收缴"), self.dues),
        ]
        for label, page in self._pages:
            self.nav.addItem(QListWidgetItem(label))
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setCurrentRow(0)
        self.branch_page.data_changed.connect(self._on_data_changed)
        self.roster.data_changed.connect(self._on_data_changed)
        self.meetings.data_changed.connect(self._on_data_changed)
        self.compliance.data_changed.connect(self._on_data_changed)
        self.dues.data_changed.connect(self._on_data_changed)
        self.development.data_changed.connect(self._on_data_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self.tr("数据库：{path}").format(path=self.session.path))
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.db_label, 1)
        if self.demo:
            demo = QLabel(self.tr("演示数据（临时文件，关闭后不保留）"))
            demo.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.statusBar().addPermanentWidget(demo)

        menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.print_action = QAction(self.tr("打印(&P)…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self._on_print)
        menu.addAction(self.print_action)
        self.bundle_action = QAction(self.tr("年度报送(&E)…"), self)
        self.bundle_action.setShortcut(QKeySequence("Ctrl+E"))
        self.bundle_action.triggered.connect(self._on_bundle)
        menu.addAction(self.bundle_action)
        self.notices_action = QAction(self.tr("督办事项(&N)…"), self)
        self.notices_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.notices_action.triggered.connect(self._on_notices)
        menu.addAction(self.notices_action)
        menu.addSeparator()
        backup_action = QAction(self.tr("备份数据库到…"), self)
        backup_action.triggered.connect(self._on_backup)
        menu.addAction(backup_action)
        open_backups = QAction(self.tr("打开自动备份文件夹"), self)
        open_backups.triggered.connect(self._on_open_backups)
        menu.addAction(open_backups)
        menu.addSeparator()
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(self.tr("转到(&G)"))
        for i, (label, _) in enumerate(self._pages):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于支部台账"), self)
        about.triggered.connect(self._on_about)
        help_menu.addAction(about)

    def pages(self) -> list[QWidget]:
        return [page for _, page in self._pages]

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.pages().index(page))

    def _on_nav(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()

    def _on_data_changed(self) -> None:
        self._update_title()
        self.home.refresh()

    def _update_title(self) -> None:
        branch = self.services.branch.get()
        title = self.tr("支部台账")
        if branch:
            title = f"{branch.name} — {title}"
        if self.demo:
            title = self.tr("【演示】") + title
        self.setWindowTitle(title)

    def _on_print(self) -> None:
        """打印…: the book that goes with the page on screen is offered first."""
        page = self.stack.currentWidget()
        kind, kw = page.print_choice() if hasattr(page, "print_choice") else (BookKind.WORKBOOK, {})
        open_print_dialog(self, self.services, kind, **kw)

    def _on_bundle(self) -> None:
        from ui.dialogs.bundle_dialog import BundleDialog

        dialog = BundleDialog(self, self.services)
        dialog.exec()
        if dialog.changed:
            self._on_data_changed()

    def _on_notices(self) -> None:
        from ui.dialogs.notices_dialog import NoticesDialog

        dialog = NoticesDialog(self, self.services)
        dialog.exec()
        if dialog.changed:
            self._on_data_changed()

    def _on_about(self) -> None:
        QMessageBox.about(self, self.tr("关于支部台账"), self.tr(
            "支部台账（BranchBook）{version}\n党支部书记的离线台账工具。\n\n数据文件：{path}"
        ).format(version=__version__, path=self.session.path))

    def _on_backup(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from app.common import dates
        from app.common.errors import UserError

        default = str(Path.home() / f"{self.session.path.stem}-备份-{dates.today()}.sqlite")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("备份数据库"), default,
                                              self.tr("支部台账数据库 (*.sqlite)"))
        if not path:
            return
        try:
            target = self.session.backup_to(path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("备份完成"), self.tr("已备份到\n{path}").format(path=target))

    def _on_open_backups(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        folder = self.session.backups_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _restore_geometry(self) -> None:
        settings = ui_settings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.branch_page.has_unsaved_changes():
            answer = messages.ask_save(self, self.tr("支部基本情况有未保存的修改，是否保存？"))
            if answer == "cancel" or (answer == "save" and not self.branch_page.save_profile()):
                self.show_page(self.branch_page)
                event.ignore()
                return
        if self.remember_geometry:
            ui_settings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
