"""The main window: navigation on the left, the page on the right, the database in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
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

from app.integrity.encryption import IDLE_LOCK
from app.session import LEFTOVERS, Session
from ui import fonts, messages, registry
from ui.common.screen import fit_to_screen
from ui.registry import PAGES, page_class, row_of
from ui.ui_settings import remember_file, ui_settings
from ui.window_controller import WindowController

if TYPE_CHECKING:  # made just after the first paint (ui.registry): their modules are not imported before it
    from ui.integrity.idle_lock import IdleLock
    from ui.integrity.watch import Banner, IntegrityWatch

# No Qt namespace before the first paint: nothing on the way to it (this module, the home page,
# its charts, the window's helpers) touches PySide's ``Qt``, whose first use builds ~95 Python
# enums (≈40 ms). It is used once the window is up; alignment and the like are set by style
# sheet. tests/ui/test_startup_check.py fails when something brings it back before the paint.


class MainWindow(QMainWindow):
    """One open file: the navigation, the pages (built when first shown), the menus and status bar.

    Attributes:
        controller: what the menus do beyond showing pages (ui.window_controller), made by the
            ``controller`` factory given (the standard one by default).
        next_db: the database to open once this window has closed (打开其他数据库 / 最近打开).
        home, branch_page, roster …: the pages, in navigation order (ui.registry).
    """

    def __init__(self, session: Session, demo: bool = False, remember_geometry: bool = True,
                 controller: Callable[[MainWindow], WindowController] = WindowController) -> None:
        super().__init__()
        self.session = session
        self.services = session.services
        self.demo = demo
        self.remember_geometry = remember_geometry
        self.next_db: str | None = None
        self.closed = False  # a check still running reports to nobody once this is set
        self.menus_made = False  # the menus' actions are made just after the first paint
        self.controller = controller(self)
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

    def _after_first_paint(self) -> None:
        self._painted = True
        self._build_menus()
        fonts.load_rare_font()  # before the first names are shown
        if "home" in self._built:
            self._built["home"].ensure_loaded()
        self.idle_lock.start()  # made now: it watches from here on
        self.watch.start()
        if LEFTOVERS:  # an interrupted encryption's temporary files were removed as the file opened
            self.statusBar().showMessage("；".join(LEFTOVERS), 15000)
            LEFTOVERS.clear()

    def _build_ui(self) -> None:
        self._home_timer = QTimer(self)
        self._home_timer.setSingleShot(True)
        self._home_timer.setInterval(30)
        self._home_timer.timeout.connect(self._after_first_paint)
        self._painted = False  # until _after_first_paint has run
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60 * 60 * 1000)  # hourly look: a backup when none was taken today
        self._backup_timer.timeout.connect(self.controller.daily_backup)
        self._backup_timer.start()
        # The integrity check, its banner and the idle lock are made when first asked for (right
        # after the first paint, see _after_first_paint): their modules are not on the way to it.
        self._banner: Banner | None = None
        self._watch: IntegrityWatch | None = None
        self._idle_lock: IdleLock | None = None
        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; border: none; background: #f6f1f0; }"
            "QListWidget::item { padding: 10px 14px; }"
            "QListWidget::item:selected { background: #b71c1c; color: white; }")
        self.stack = QStackedWidget()
        self._built: dict[str, Any] = {}
        for spec in PAGES:  # pages are built when first shown
            self.nav.addItem(QListWidgetItem(self.tr(spec.label)))
            self.stack.addWidget(QWidget())
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
        self.print_action.triggered.connect(self.controller.print_book)
        menu.addAction(self.print_action)
        self.bundle_action = QAction(text=self.tr("年度报送(&E)…"), parent=self)
        self.bundle_action.setShortcuts([QKeySequence("Ctrl+E")])
        self.bundle_action.triggered.connect(self.controller.bundle)
        menu.addAction(self.bundle_action)
        self.notices_action = QAction(text=self.tr("督办事项(&N)…"), parent=self)
        self.notices_action.setShortcuts([QKeySequence("Ctrl+Shift+N")])
        self.notices_action.triggered.connect(self.controller.notices)
        menu.addAction(self.notices_action)
        menu.addSeparator()
        log_action = QAction(text=self.tr("操作日志(&L)…"), parent=self)
        log_action.setShortcuts([QKeySequence("Ctrl+L")])
        log_action.triggered.connect(self.controller.log)
        menu.addAction(log_action)
        operator_action = QAction(text=self.tr("设置操作人…"), parent=self)
        operator_action.triggered.connect(self.controller.operator)
        menu.addAction(operator_action)
        handover_action = QAction(text=self.tr("工作移交…"), parent=self)
        handover_action.triggered.connect(self.controller.handover)
        menu.addAction(handover_action)
        encryption_action = QAction(text=self.tr("数据库加密…"), parent=self)
        encryption_action.triggered.connect(self.controller.encryption)
        menu.addAction(encryption_action)
        verify_action = QAction(text=self.tr("核验数据完整性"), parent=self)
        verify_action.triggered.connect(self.controller.verify)
        menu.addAction(verify_action)
        menu.addSeparator()
        backup_action = QAction(text=self.tr("备份数据库到…"), parent=self)
        backup_action.triggered.connect(self.controller.backup)
        menu.addAction(backup_action)
        restore_action = QAction(text=self.tr("从备份恢复(&R)…"), parent=self)
        restore_action.triggered.connect(self.controller.restore)
        menu.addAction(restore_action)
        open_backups = QAction(text=self.tr("打开自动备份文件夹"), parent=self)
        open_backups.triggered.connect(self.controller.open_backups)
        menu.addAction(open_backups)
        menu.addSeparator()
        open_action = QAction(text=self.tr("打开其他数据库(&O)…"), parent=self)
        open_action.setShortcuts(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.controller.choose_other)
        menu.addAction(open_action)
        self.recent_menu = menu.addMenu(self.tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self.controller.fill_recent)
        menu.addSeparator()
        quit_action = QAction(text=self.tr("退出(&X)"), parent=self)
        quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self.undo_action = QAction(text=self.tr("撤销(&U)"), parent=self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self.controller.undo_redo(redo=False))
        self.redo_action = QAction(text=self.tr("重做(&R)"), parent=self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(lambda: self.controller.undo_redo(redo=True))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.aboutToShow.connect(self.controller.update_undo_actions)
        self.new_action = QAction(text=self.tr("新建(&N)"), parent=self)
        self.new_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self.controller.page_command("new"))
        self.find_action = QAction(text=self.tr("查找(&F)"), parent=self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self.controller.page_command("find"))
        self.save_action = QAction(text=self.tr("保存(&S)"), parent=self)
        self.save_action.setShortcuts(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self.controller.page_command("save"))
        for action in (self.new_action, self.find_action, self.save_action):
            edit_menu.addAction(action)
        self.menus_made = True  # the actions the window updates exist from here on
        self._update_edit_actions()
        for i, spec in enumerate(PAGES):
            action = QAction(text=self.tr(spec.label), parent=self)
            action.setShortcuts([QKeySequence(f"Ctrl+{i + 1}")])
            action.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            go_menu.addAction(action)
        manual = QAction(text=self.tr("使用手册(&M)"), parent=self)
        manual.setShortcuts(QKeySequence.StandardKey.HelpContents)
        manual.triggered.connect(self.controller.manual)
        help_menu.addAction(manual)
        about = QAction(text=self.tr("关于支部台账"), parent=self)
        about.triggered.connect(self.controller.about)
        help_menu.addAction(about)

    @property
    def banner(self) -> Banner:
        """The red line across the top naming outside changes (hidden while there are none)."""
        if self._banner is None:
            banner: type[Banner] = registry.load("banner")
            self._banner = banner()
            self._banner.linkActivated.connect(self.controller.banner_details)
            self._outer.insertWidget(0, self._banner)
        return self._banner

    @property
    def watch(self) -> IntegrityWatch:
        """The integrity check of the open file, run on a thread of its own (``start``)."""
        if self._watch is None:
            watch: type[IntegrityWatch] = registry.load("watch")
            self._watch = watch(self.services, self)
            self._watch.checked.connect(self.controller.checked)
        return self._watch

    @property
    def idle_lock(self) -> IdleLock:
        """The idle lock (armed for an encrypted file with a time set), watching from when it is made."""
        if self._idle_lock is None:
            lock: type[IdleLock] = registry.load("idle_lock")
            self._idle_lock = lock(self, lambda: int(self.services.base.setting(IDLE_LOCK.key) or 0),
                                   lambda: self.session.passphrase)
        return self._idle_lock

    def page(self, attr: str) -> Any:
        # A page is typed by what it offers (refresh, search, print_choice …): duck-typed here.
        """The page named ``attr`` ("home", "dues" …), built the first time it is asked for."""
        if attr not in self._built:
            row = row_of(attr)
            cls = page_class(attr)
            # The home page is the first thing painted: its figures follow right after.
            deferred = attr == "home" and not self._painted
            widget = cls(self.services, deferred=True) if deferred else cls(self.services)
            if hasattr(widget, "data_changed"):
                widget.data_changed.connect(self.data_changed)
            if hasattr(widget, "step_requested"):
                widget.step_requested.connect(self.open_first_step)
            if hasattr(widget, "page_requested"):
                widget.page_requested.connect(self.open_target)
            placeholder = self.stack.widget(row)
            current = self.stack.currentIndex()
            self.stack.insertWidget(row, widget)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._built[attr] = widget
        return self._built[attr]

    @property
    def home(self) -> Any:
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
        return [self.page(spec.attr) for spec in PAGES]

    def open_target(self, target: str) -> None:
        """Open where a to-do or a chart points: a page, the notices or the backups."""
        if target == "notices":
            self.controller.notices()
        elif target == "backups":
            self.controller.restore()
        elif any(spec.attr == target for spec in PAGES):
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
        attr = PAGES[row].attr
        fresh = attr not in self._built
        page = self.page(attr)  # a new page has just loaded its data
        self.stack.setCurrentIndex(row)
        self._update_edit_actions()
        if not fresh and hasattr(page, "refresh"):
            page.refresh()

    def _update_edit_actions(self) -> None:
        if not self.menus_made:  # the first page is shown before the menus exist
            return
        page = self.stack.currentWidget()
        self.find_action.setEnabled(hasattr(page, "search"))
        self.new_action.setEnabled(any(hasattr(page, n) for n in ("add_button", "new_button", "_on_add")))
        self.save_action.setEnabled(hasattr(page, "save_profile"))

    def reload_pages(self) -> None:
        """Rebuild every page from the database (after a restore replaced its content)."""
        current = self.stack.currentIndex()
        for attr in list(self._built):
            row = row_of(attr)
            old = self._built.pop(attr)
            self.stack.insertWidget(row, QWidget())
            self.stack.removeWidget(old)
            old.deleteLater()
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(current)
        self._update_title()
        self.watch.start()

    def data_changed(self) -> None:
        """A page or a dialog changed the records: the undo menu, the title and the home page follow."""
        if self.closed:  # a dialog left open after the window closed: nothing to show it in
            return
        self.controller.update_undo_actions()
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

    def resume_background_work(self) -> None:
        """Back to work after a re-encryption that changed nothing."""
        self._backup_timer.start()
        self.idle_lock.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.unsaved_edits_settled():
            event.ignore()
            return
        self.stop_background_work()
        if "home" in self._built:  # its charts are drawn a moment after its text: not after closing
            self._built["home"].stop()
        self.closed = True  # a check still running reports to nobody
        if self.remember_geometry:
            ui_settings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
