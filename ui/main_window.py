"""The main window: navigation on the left, the page on the right, the database in the status bar."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.session import Session
from ui import messages
from ui.widgets.screen import fit_to_screen
from ui.window_actions import WindowActions, remember_file

#: (navigation label, attribute, "module:class"), in navigation order; a page's module is
#: imported when the page is first shown, so start-up loads only the home page.
PAGES = (
    ("首页", "home", "ui.pages.home_page:HomePage"), ("支部概况", "branch_page", "ui.pages.branch_page:BranchPage"),
    ("党员名册", "roster", "ui.pages.roster_page:RosterPage"),
    ("会议记录", "meetings", "ui.pages.meetings_page:MeetingsPage"),
    ("三会一课落实", "compliance", "ui.pages.compliance_page:CompliancePage"),
    ("发展党员", "development", "ui.pages.development_page:DevelopmentPage"),
    ("党费收缴", "dues", "ui.pages.dues:DuesPage"),
    ("先锋岗与报到", "posts", "ui.pages.posts_page:PostsPage"),
)


# No Qt namespace before the first paint: nothing on the way to it (this module, the home page,
# its charts, the window's helpers) touches PySide's ``Qt``, whose first use builds ~95 Python
# enums (≈40 ms). It is used once the window is up; alignment and the like are set by style
# sheet. tests/ui/test_startup_check.py fails when something brings it back before the paint.


def _page_class(spec: str) -> type[QWidget]:
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


def ui_settings() -> QSettings:
    """Machine-level UI preferences (window geometry), INI format."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BranchBook", "BranchBook")


class MainWindow(WindowActions, QMainWindow):
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
            if not demo:
                remember_file(session.path)
        else:
            self.resize(1280, 800)

    def showEvent(self, event: QShowEvent) -> None:
        """The home page's figures (and the checks that run beside the window) start just after the
        window is first painted."""
        super().showEvent(event)
        if not self._painted and not self._home_timer.isActive():
            self._home_timer.start()

    def _build_ui(self) -> None:
        self._home_timer = QTimer(self)
        self._home_timer.setSingleShot(True)
        self._home_timer.setInterval(30)
        self._home_timer.timeout.connect(self._after_first_paint)
        self._painted = False  # until _after_first_paint has run
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60 * 60 * 1000)  # hourly look: a backup when none was taken today
        self._backup_timer.timeout.connect(self._daily_backup)
        self._backup_timer.start()
        # The integrity check, its banner and the idle lock are made when first asked for (right
        # after the first paint, see _after_first_paint): their modules are not on the way to it.
        self._banner: QLabel | None = None
        self._watch: QObject | None = None
        self._idle_lock: QObject | None = None
        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; border: none; background: #f6f1f0; }"
            "QListWidget::item { padding: 10px 14px; }"
            "QListWidget::item:selected { background: #b71c1c; color: white; }")
        self.stack = QStackedWidget()
        self._built: dict[str, QWidget] = {}
        for label, _, _ in PAGES:  # pages are built when first shown
            self.nav.addItem(QListWidgetItem(self.tr(label)))
            self.stack.addWidget(QWidget())
        self._pages = [(label, attr) for label, attr, _ in PAGES]
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setCurrentRow(0)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._outer = outer  # the banner goes at its top when it is made
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self.tr("数据库：{path}").format(path=self.session.path))
        self.db_label.setStyleSheet("qproperty-textInteractionFlags: TextSelectableByMouse;")  # no Qt yet (above)
        self.statusBar().addWidget(self.db_label, 1)
        if self.demo:
            demo = QLabel(self.tr("演示数据（临时文件，关闭后不保留）"))
            demo.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.statusBar().addPermanentWidget(demo)

        # The menu bar and its four menus now; their actions just after the first paint (_build_menus).
        bar = self.menuBar()
        self._menus = [bar.addMenu(self.tr(title)) for title in ("文件(&F)", "编辑(&E)", "转到(&G)", "帮助(&H)")]
        self.undo_stack = self.services.enable_undo()

    def _build_menus(self) -> None:
        """The menus' actions and shortcuts, made right after the first paint (about 5 ms, with the
        QAction and QKeySequence types, that the first paint does not wait for)."""
        from PySide6.QtGui import QAction, QKeySequence

        menu, edit_menu, go_menu, help_menu = self._menus
        # setShortcuts, not setShortcut: a standard key gets every binding the platform has for it.
        self.print_action = QAction(text=self.tr("打印(&P)…"), parent=self)
        self.print_action.setShortcuts(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self._on_print)
        menu.addAction(self.print_action)
        self.bundle_action = QAction(text=self.tr("年度报送(&E)…"), parent=self)
        self.bundle_action.setShortcuts([QKeySequence("Ctrl+E")])
        self.bundle_action.triggered.connect(self._on_bundle)
        menu.addAction(self.bundle_action)
        self.notices_action = QAction(text=self.tr("督办事项(&N)…"), parent=self)
        self.notices_action.setShortcuts([QKeySequence("Ctrl+Shift+N")])
        self.notices_action.triggered.connect(self._on_notices)
        menu.addAction(self.notices_action)
        menu.addSeparator()
        log_action = QAction(text=self.tr("操作日志(&L)…"), parent=self)
        log_action.setShortcuts([QKeySequence("Ctrl+L")])
        log_action.triggered.connect(self._on_log)
        menu.addAction(log_action)
        operator_action = QAction(text=self.tr("设置操作人…"), parent=self)
        operator_action.triggered.connect(self._on_operator)
        menu.addAction(operator_action)
        handover_action = QAction(text=self.tr("工作移交…"), parent=self)
        handover_action.triggered.connect(self._on_handover)
        menu.addAction(handover_action)
        encryption_action = QAction(text=self.tr("数据库加密…"), parent=self)
        encryption_action.triggered.connect(self._on_encryption)
        menu.addAction(encryption_action)
        verify_action = QAction(text=self.tr("核验数据完整性"), parent=self)
        verify_action.triggered.connect(self._on_verify)
        menu.addAction(verify_action)
        menu.addSeparator()
        backup_action = QAction(text=self.tr("备份数据库到…"), parent=self)
        backup_action.triggered.connect(self._on_backup)
        menu.addAction(backup_action)
        restore_action = QAction(text=self.tr("从备份恢复(&R)…"), parent=self)
        restore_action.triggered.connect(self._on_restore)
        menu.addAction(restore_action)
        open_backups = QAction(text=self.tr("打开自动备份文件夹"), parent=self)
        open_backups.triggered.connect(self._on_open_backups)
        menu.addAction(open_backups)
        menu.addSeparator()
        open_action = QAction(text=self.tr("打开其他数据库(&O)…"), parent=self)
        open_action.setShortcuts(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._on_open_other)
        menu.addAction(open_action)
        self.recent_menu = menu.addMenu(self.tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        quit_action = QAction(text=self.tr("退出(&X)"), parent=self)
        quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self.undo_action = QAction(text=self.tr("撤销(&U)"), parent=self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self._undo_redo(redo=False))
        self.redo_action = QAction(text=self.tr("重做(&R)"), parent=self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(lambda: self._undo_redo(redo=True))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.aboutToShow.connect(self._update_undo_actions)
        self.new_action = QAction(text=self.tr("新建(&N)"), parent=self)
        self.new_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self._page_command("new"))
        self.find_action = QAction(text=self.tr("查找(&F)"), parent=self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self._page_command("find"))
        self.save_action = QAction(text=self.tr("保存(&S)"), parent=self)
        self.save_action.setShortcuts(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self._page_command("save"))
        for action in (self.new_action, self.find_action, self.save_action):
            edit_menu.addAction(action)
        self._update_edit_actions()
        for i, (label, _) in enumerate(self._pages):
            action = QAction(text=self.tr(label), parent=self)
            action.setShortcuts([QKeySequence(f"Ctrl+{i + 1}")])
            action.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            go_menu.addAction(action)
        manual = QAction(text=self.tr("使用手册(&M)"), parent=self)
        manual.setShortcuts(QKeySequence.StandardKey.HelpContents)
        manual.triggered.connect(self._on_manual)
        help_menu.addAction(manual)
        about = QAction(text=self.tr("关于支部台账"), parent=self)
        about.triggered.connect(self._on_about)
        help_menu.addAction(about)

    @property
    def banner(self) -> QLabel:
        """The red line across the top naming outside changes (hidden while there are none)."""
        if self._banner is None:
            from ui.integrity_watch import Banner

            self._banner = Banner()
            self._banner.linkActivated.connect(self._on_banner)
            self._outer.insertWidget(0, self._banner)
        return self._banner

    @property
    def watch(self) -> QObject:
        """The integrity check of the open file, run on a thread of its own (``start``)."""
        if self._watch is None:
            from ui.integrity_watch import IntegrityWatch

            self._watch = IntegrityWatch(self.services, self)
            self._watch.checked.connect(self._on_checked)
        return self._watch

    @property
    def idle_lock(self) -> QObject:
        """The idle lock (armed for an encrypted file with a time set), watching from when it is made."""
        if self._idle_lock is None:
            from app.integrity.encryption import IDLE_LOCK
            from ui.idle_lock import IdleLock

            self._idle_lock = IdleLock(self, lambda: int(self.services.base.setting(IDLE_LOCK.key) or 0),
                                       lambda: self.session.passphrase)
        return self._idle_lock

    def page(self, attr: str) -> QWidget:
        """The page named ``attr`` ("home", "dues" …), built the first time it is asked for."""
        if attr not in self._built:
            row = next(i for i, (_, a, _) in enumerate(PAGES) if a == attr)
            cls = _page_class(PAGES[row][2])
            # The home page is the first thing painted: its figures follow right after.
            deferred = attr == "home" and not self._painted
            widget = cls(self.services, deferred=True) if deferred else cls(self.services)
            if hasattr(widget, "data_changed"):
                widget.data_changed.connect(self._on_data_changed)
            if hasattr(widget, "step_requested"):
                widget.step_requested.connect(self.open_first_step)
            if hasattr(widget, "page_requested"):
                widget.page_requested.connect(self.open_target)
            placeholder = self.stack.widget(row)
            current = self.stack.currentIndex()
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._built[attr] = widget
        return self._built[attr]

    @property
    def home(self) -> QWidget:
        """The home page, its figures loaded (start-up defers them until after the first paint)."""
        page = self.page("home")
        page.ensure_loaded()
        return page

    branch_page = property(lambda self: self.page("branch_page"))
    roster = property(lambda self: self.page("roster"))
    meetings = property(lambda self: self.page("meetings"))
    compliance = property(lambda self: self.page("compliance"))
    development = property(lambda self: self.page("development"))
    dues = property(lambda self: self.page("dues"))
    posts = property(lambda self: self.page("posts"))

    def pages(self) -> list[QWidget]:
        """Every page (building those not shown yet)."""
        return [self.page(attr) for _, attr, _ in PAGES]

    def open_target(self, target: str) -> None:
        """Open where a to-do or a chart points: a page, the notices or the backups."""
        if target == "notices":
            self._on_notices()
        elif target == "backups":
            self._on_restore()
        elif any(attr == target for _, attr, _ in PAGES):
            self.show_page(self.page(target))

    def open_first_step(self, key: str) -> None:
        """Open the place where a first step of setting up the branch is done."""
        if key in ("branch", "committee", "groups"):
            page = self.branch_page
            self.show_page(page)
            target = {"branch": page.form, "committee": page.new_term_button, "groups": page.add_group_button}[key]
            target.setFocus()
        elif key == "roster":
            self.show_page(self.roster)
            self.roster.import_button.setFocus()
        elif key == "dues":
            self.show_page(self.dues)
            self.dues.tabs.setCurrentIndex(0)
        elif key == "history":
            self.show_page(self.meetings)

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.pages().index(page))

    def _on_nav(self, row: int) -> None:
        attr = PAGES[row][1]
        fresh = attr not in self._built
        page = self.page(attr)  # a new page has just loaded its data
        self.stack.setCurrentIndex(row)
        self._update_edit_actions()
        if not fresh and hasattr(page, "refresh"):
            page.refresh()

    def _on_data_changed(self) -> None:
        self._update_undo_actions()
        self._update_title()
        # the home page is refreshed now only when it is shown; otherwise when it is next shown (_on_nav)
        if "home" in self._built and self.stack.currentWidget() is self._built["home"]:
            self.home.refresh()

    def _update_title(self) -> None:
        name = self.services.branch_name()
        title = self.tr("支部台账")
        if name:
            title = f"{name} — {title}"
        if self.demo:
            title = self.tr("【演示】") + title
        self.setWindowTitle(title)

    def _on_print(self) -> None:
        """打印…: the book that goes with the page on screen is offered first."""
        page = self.stack.currentWidget()
        from app.printing.kinds import BookKind
        from ui.dialogs.print_dialog import open_print_dialog

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
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, self.tr("关于支部台账"), self.tr(
            "支部台账（BranchBook）{version}\n党支部书记的离线台账工具。\n\n数据文件：{path}"
        ).format(version=__version__, path=self.session.path))

    def _on_backup(self) -> None:
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
            # saved on a bigger screen: shrink to this one (a 1366×768 office screen, taskbar excluded)
            fit_to_screen(self, self.width(), self.height(), margin=0)
            return
        fit_to_screen(self, 1280, 800)

    def unsaved_edits_settled(self) -> bool:
        """Asks about unsaved edits (saving or discarding them); False when the user cancels."""
        if "branch_page" in self._built and self.branch_page.has_unsaved_changes():
            answer = messages.ask_save(self, self.tr("支部基本情况有未保存的修改，是否保存？"))
            if answer == "cancel" or (answer == "save" and not self.branch_page.save_profile()):
                self.show_page(self.branch_page)
                return False
        return True

    def stop_background_work(self) -> None:
        """No timer touches the file from here on (it is closing, or being re-encrypted)."""
        self._home_timer.stop()
        self._backup_timer.stop()
        if self._idle_lock is not None:
            self._idle_lock.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.unsaved_edits_settled():
            event.ignore()
            return
        self.stop_background_work()
        if "home" in self._built:  # its charts are drawn a moment after its text: not after closing
            self._built["home"].stop()
        self._closed = True  # a check still running reports to nobody
        if self.remember_geometry:
            ui_settings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
