"""What the main window's menus do beyond showing pages: the integrity check and its banner,
Ctrl+N/F/S on the page shown, other and recent files, the manual, restore and the daily backup,
the change log, the operator, encryption, undo and redo, printing, the bundle and the notices.

The window is handed a :class:`WindowController` when it is made (``MainWindow(…, controller=…)``)
and connects its menus to it; the controller reaches the window through the few things it shows
(the page in front, the banner, the status bar, the undo and recent-files menus)."""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Qt's dialogs and services through their modules, looked up when used: importing a PySide class
# by name builds its Python type at once (3 ms of every start for what the menus may never use)
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject

from app import __version__
from app.common.errors import UserError
from app.integrity import encryption
from db import engine
from ui import messages, registry
from ui.common.save_dialog import ask_save_path
from ui.ui_settings import recent_files

if TYPE_CHECKING:
    from app.services import Services
    from app.session import Session
    from ui.backups.restore_dialog import RestoreDialog
    from ui.bundle.bundle_dialog import BundleDialog
    from ui.bundle.notices_dialog import NoticesDialog
    from ui.common.manual_dialog import ManualDialog
    from ui.integrity.encryption_dialog import EncryptionDialog
    from ui.integrity.log_dialog import HandoverDialog, LogDialog, OperatorDialog
    from ui.main_window import MainWindow


class WindowController(QObject):
    """The main window's commands; ``window`` is the window they act in (and the dialogs' parent)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        # a weak reference: the window owns the controller, and a strong one back would keep a closed
        # window (and its pages' timers) alive until the garbage collector happens to run
        self._window = weakref.ref(window)

    @property
    def window(self) -> MainWindow:
        """The window the commands act in (and the dialogs' parent)."""
        window = self._window()
        if window is None:  # pragma: no cover - the window owns its controller
            raise RuntimeError("the window has gone")
        return window

    @property
    def session(self) -> Session:
        return self.window.session

    @property
    def services(self) -> Services:
        return self.window.services

    # -- tamper evidence ---------------------------------------------------------------------

    def checked(self, report: Any) -> None:
        """The integrity check of the open file has finished (on its thread)."""
        if self.window.closed:
            return
        self.window.banner.show_report(report)
        if report is not None and report.intact and not self.services.read_only:
            with contextlib.suppress(engine.ProgrammingError):  # the file was closed while the check ran
                self.services.integrity.remember_clean()

    def banner_details(self, _link: str = "") -> None:
        messages.show_error(self.window, self.tr("数据完整性核验"), "\n".join(self.window.banner.lines) + self.tr(
            "\n\n这些改动不是通过本程序做出的（例如用其他数据库工具直接修改了文件）。程序不会自动“修复”；"
            "请核实情况，必要时从备份恢复。"))

    def verify(self) -> None:
        report = self.services.integrity.verify(remember=not self.services.read_only)
        self.window.banner.show_report(report)
        if report.intact:
            messages.show_info(self.window, self.tr("数据完整性核验"), report.summary())
        else:
            self.banner_details()

    # -- the page in front ---------------------------------------------------------------------

    def page_command(self, what: str) -> None:
        """Ctrl+N / Ctrl+F / Ctrl+S on the page shown: add, search, save — where the page has it."""
        page: Any = self.window.stack.currentWidget()
        if what == "find" and hasattr(page, "search"):
            page.search.setFocus()
            page.search.selectAll()
        elif what == "new":
            for name in ("add_button", "new_button"):
                if (button := getattr(page, name, None)) is not None and button.isEnabled():
                    if name == "new_button":
                        button.showMenu()
                    else:
                        button.click()
                    return
            if hasattr(page, "_on_add"):
                page._on_add()
        elif what == "save" and hasattr(page, "save_profile"):
            page.save_profile()

    def print_book(self) -> None:
        """打印…: the book that goes with the page on screen is offered first."""
        page: Any = self.window.stack.currentWidget()
        kind, kw = page.print_choice() if hasattr(page, "print_choice") else (None, {})  # None: the workbook
        open_print_dialog: Callable[..., Any] = registry.load("print")
        open_print_dialog(self.window, self.services, kind, **kw)

    def bundle(self) -> None:
        dialog: BundleDialog = registry.load("bundle")(self.window, self.services)
        dialog.exec()
        if dialog.changed:
            self.window.data_changed()

    def notices(self) -> None:
        dialog: NoticesDialog = registry.load("notices")(self.window, self.services)
        dialog.exec()
        if dialog.changed:
            self.window.data_changed()

    # -- other files ---------------------------------------------------------------------------

    def choose_other(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, self.tr("打开其他数据库"), str(self.session.path.parent),
            self.tr("支部台账数据库 (*.sqlite *.db);;所有文件 (*)"))
        if path:
            self.open_other(path)

    def open_other(self, path: str) -> None:
        """Close this file (asking about unsaved edits) and open ``path`` in a new window."""
        if Path(path).resolve() == self.session.path:
            return
        self.window.next_db = path
        if not self.window.close():
            self.window.next_db = None

    def fill_recent(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        paths = [p for p in recent_files() if Path(p) != self.session.path]
        for p in paths:
            action = menu.addAction(p)
            action.setEnabled(Path(p).exists())
            action.triggered.connect(lambda _=False, p=p: self.open_other(p))
        if not paths:
            menu.addAction(self.tr("（没有）")).setEnabled(False)

    # -- backups -------------------------------------------------------------------------------

    def backup(self) -> None:
        default = str(Path.home() / f"{self.session.path.stem}-备份-{self.services.today()}.sqlite")
        path = ask_save_path(self.window, self.tr("备份数据库"), default,
                             self.tr("支部台账数据库 (*.sqlite)"), ".sqlite")
        if not path:
            return
        try:
            target = self.session.backup_to(path)
        except UserError as exc:
            messages.show_user_error(self.window, exc)
            return
        messages.show_info(self.window, self.tr("备份完成"), self.tr("已备份到\n{path}").format(path=target))

    def open_backups(self) -> None:
        folder = self.session.backups_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(folder)))

    def restore(self) -> None:
        dialog: RestoreDialog = registry.load("restore")(self.window, self.session)
        dialog.exec()
        if dialog.restored:
            self.window.reload_pages()

    def daily_backup(self) -> None:
        """At most one automatic backup a day while the program stays open."""
        if self.services.read_only or self.window.demo:
            return
        try:
            self.services.backups.auto()
        except Exception:
            logging.getLogger("branchbook").exception("自动备份失败")

    # -- the log, the operator, handover and encryption ----------------------------------------

    def manual(self) -> None:
        manual: type[ManualDialog] = registry.load("manual")
        manual(self.window).exec()

    def about(self) -> None:
        QtWidgets.QMessageBox.about(self.window, self.tr("关于支部台账"), self.tr(
            "支部台账（BranchBook）{version}\n党支部书记的离线台账工具。\n\n数据文件：{path}"
        ).format(version=__version__, path=self.session.path))

    def log(self) -> None:
        dialog: LogDialog = registry.load("log")(self.window, self.services)
        dialog.exec()

    def operator(self) -> None:
        dialog: OperatorDialog = registry.load("operator")(self.window, self.services)
        dialog.run()

    def handover(self) -> None:
        dialog: HandoverDialog = registry.load("handover")(self.window, self.session)
        if dialog.run():
            messages.show_info(self.window, self.tr("工作移交"), dialog.result_text)
            if dialog.new_passphrase:  # the receiver's own passphrase from now on
                self.reencrypt(dialog.new_passphrase)

    def encryption(self) -> None:
        """文件 → 数据库加密…: the choice in a dialog, then :meth:`reencrypt`."""
        base = self.services.base
        minutes = int(base.setting(encryption.IDLE_LOCK.key) or 0)
        dialog: EncryptionDialog = registry.load("encryption")(self.window, self.session.passphrase is not None,
                                                               minutes)
        if not dialog.exec():
            return
        if dialog.minutes != minutes:
            base.set_setting(encryption.IDLE_LOCK.key, dialog.minutes)
        if dialog.mode == "settings":
            return
        self.reencrypt(dialog.passphrase if dialog.mode == "encrypt" else None)

    def reencrypt(self, new: str | None) -> None:
        """Encrypt the file with ``new`` (or decrypt it) in a thread behind a progress dialog, then
        close the window so that the file opens again (this program knows the new passphrase)."""
        run_job: Callable[..., tuple[Any, str | None]] = registry.load("run_job")
        window = self.window
        if not window.unsaved_edits_settled():
            return
        window.stop_background_work()
        result, error = run_job(
            window, self.tr("数据库加密"), lambda: contextlib.nullcontext(self.services),
            lambda _s, progress, cancelled: encryption.change(self.session, new, progress, cancelled))
        if error:
            messages.show_error(window, self.tr("数据库加密"), error)
            if not self.session.conn_closed:  # nothing changed: carry on with this file
                window.resume_background_work()
                return
        else:
            messages.show_info(window, self.tr("数据库加密"), self.tr("{a}完成，程序将重新打开数据库。").format(
                a=result["action"]))
        window.next_db = str(self.session.path)  # opened again, with the passphrase this program now knows
        window.close()

    # -- undo / redo ------------------------------------------------------------------------------

    def update_undo_actions(self) -> None:
        window = self.window
        if not window.menus_made:  # before the menus are made (just after the first paint)
            return
        stack = window.undo_stack
        if stack.can_undo():
            window.undo_action.setText(self.tr("撤销：{a}").format(a=stack.undo_label()))
        elif stack.undo_label():  # the latest write cannot be undone: not offered, and the menu says why
            window.undo_action.setText(self.tr("无法撤销：{a}").format(a=stack.undo_label()))
        else:
            window.undo_action.setText(self.tr("撤销(&U)"))
        window.undo_action.setEnabled(stack.can_undo())
        window.undo_action.setToolTip(stack.blocked())
        window.undo_action.setStatusTip(stack.blocked())
        window.redo_action.setText(self.tr("重做：{a}").format(a=stack.redo_label()) if stack.redo_label()
                                   else self.tr("重做(&R)"))
        window.redo_action.setEnabled(bool(stack.redo_label()))

    def undo_redo(self, redo: bool) -> None:
        window = self.window
        try:
            label = window.undo_stack.redo() if redo else window.undo_stack.undo()
        except UserError as exc:
            messages.show_user_error(window, exc)
            return
        window.statusBar().showMessage(self.tr("已重做：{a}").format(a=label) if redo
                                       else self.tr("已撤销：{a}").format(a=label), 5000)
        page: Any = window.stack.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()
        window.data_changed()
