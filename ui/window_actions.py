"""The main window's actions that are not about pages: the integrity check and its banner,
Ctrl+N/F/S on the page shown, other and recent files, the manual, restore and the daily backup,
the change log and the operator. Mixed into :class:`ui.main_window.MainWindow`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui import messages


def recent_files() -> list[str]:
    """The databases opened lately, newest first (at most 8)."""
    value = _settings().value("recent_files", [])
    return [str(v) for v in (value if isinstance(value, list) else [value] if value else [])][:8]


def remember_file(path: Path) -> None:
    files = [str(path)] + [p for p in recent_files() if p != str(path)]
    _settings().setValue("recent_files", files[:8])



def _settings() -> Any:
    from ui.main_window import ui_settings

    return ui_settings()


class WindowActions:
    """Needs ``session``, ``services``, ``banner``, ``watch``, ``stack``, ``nav``, ``demo`` and the
    actions and pages of the main window."""

    # -- tamper evidence ---------------------------------------------------------------------

    def _after_first_paint(self) -> None:
        from ui import fonts

        self._painted = True
        self._build_menus()
        fonts.load_rare_font()  # before the first names are shown
        if "home" in self._built:
            self._built["home"].ensure_loaded()
        self.idle_lock.start()  # made now: it watches from here on
        self.watch.start()

    def _on_checked(self, report: object) -> None:
        if getattr(self, "_closed", False):
            return
        self.banner.show_report(report)
        if report is not None and report.intact and not self.services.read_only:  # type: ignore[attr-defined]
            import contextlib

            from db import engine

            with contextlib.suppress(engine.ProgrammingError):  # the file was closed while the check ran
                self.services.integrity.remember_clean()

    def _on_banner(self, _link: str = "") -> None:
        messages.show_error(self, self.tr("数据完整性核验"), "\n".join(self.banner.lines) + self.tr(
            "\n\n这些改动不是通过本程序做出的（例如用其他数据库工具直接修改了文件）。程序不会自动“修复”；"
            "请核实情况，必要时从备份恢复。"))

    def _on_verify(self) -> None:
        report = self.services.integrity.verify(remember=not self.services.read_only)
        self.banner.show_report(report)
        if report.intact:
            messages.show_info(self, self.tr("数据完整性核验"), report.summary())
        else:
            self._on_banner()

    def _page_command(self, what: str) -> None:
        """Ctrl+N / Ctrl+F / Ctrl+S on the page shown: add, search, save — where the page has it."""
        page = self.stack.currentWidget()
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

    def _update_edit_actions(self) -> None:
        if not hasattr(self, "find_action"):  # the first page is shown before the menus exist
            return
        page = self.stack.currentWidget()
        self.find_action.setEnabled(hasattr(page, "search"))
        self.new_action.setEnabled(any(hasattr(page, n) for n in ("add_button", "new_button", "_on_add")))
        self.save_action.setEnabled(hasattr(page, "save_profile"))

    # -- other files ---------------------------------------------------------------------------

    #: The database to open once this window has closed (set by 打开其他数据库 / 最近打开).
    next_db: str | None = None

    def _on_open_other(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开其他数据库"), str(self.session.path.parent),
                                              self.tr("支部台账数据库 (*.sqlite *.db);;所有文件 (*)"))
        if path:
            self.open_other(path)

    def open_other(self, path: str) -> None:
        """Close this file (asking about unsaved edits) and open ``path`` in a new window."""
        if Path(path).resolve() == self.session.path:
            return
        self.next_db = path
        if not self.close():
            self.next_db = None

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = [p for p in recent_files() if Path(p) != self.session.path]
        for p in paths:
            action = self.recent_menu.addAction(p)
            action.setEnabled(Path(p).exists())
            action.triggered.connect(lambda _=False, p=p: self.open_other(p))
        if not paths:
            self.recent_menu.addAction(self.tr("（没有）")).setEnabled(False)

    def _on_manual(self) -> None:
        from ui.dialogs.manual_dialog import ManualDialog

        ManualDialog(self).exec()

    def _on_restore(self) -> None:
        from ui.dialogs.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self, self.session)
        dialog.exec()
        if dialog.restored:
            self.reload_pages()

    def reload_pages(self) -> None:
        """Rebuild every page from the database (after a restore replaced its content)."""
        from PySide6.QtWidgets import QWidget

        from ui.main_window import PAGES

        current = self.stack.currentIndex()
        for attr in list(self._built):
            row = next(i for i, (_, a, _) in enumerate(PAGES) if a == attr)
            old = self._built.pop(attr)
            self.stack.insertWidget(row, QWidget())
            self.stack.removeWidget(old)
            old.deleteLater()
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(current)
        self._update_title()
        self.watch.start()

    def _daily_backup(self) -> None:
        """At most one automatic backup a day while the program stays open."""
        if self.services.read_only or self.demo:
            return
        try:
            self.services.backups.auto()
        except Exception:
            import logging

            logging.getLogger("branchbook").exception("自动备份失败")

    def _on_log(self) -> None:
        from ui.dialogs.log_dialog import LogDialog

        LogDialog(self, self.services).exec()

    def _on_handover(self) -> None:
        from ui.dialogs.log_dialog import HandoverDialog

        dialog = HandoverDialog(self, self.session)
        if dialog.run():
            messages.show_info(self, self.tr("工作移交"), dialog.result_text)
            if dialog.new_passphrase:  # the receiver's own passphrase from now on
                self.reencrypt(dialog.new_passphrase)

    def _on_encryption(self) -> None:
        """文件 → 数据库加密…: the choice in a dialog, then :meth:`reencrypt`."""
        from app.integrity import encryption
        from ui.dialogs.encryption_dialog import EncryptionDialog

        base = self.services.base
        minutes = int(base.setting(encryption.IDLE_LOCK.key) or 0)
        dialog = EncryptionDialog(self, self.session.passphrase is not None, minutes)
        if not dialog.exec():
            return
        if dialog.minutes != minutes:
            base.set_setting(encryption.IDLE_LOCK.key, dialog.minutes)
        if dialog.mode == "settings":
            return
        self.reencrypt(dialog.passphrase if dialog.mode == "encrypt" else None)

    def reencrypt(self, new: str | None) -> None:
        """Encrypt the file with ``new`` (or decrypt it) in a thread behind a progress dialog, then
        close this window so that the file opens again (this program knows the new passphrase)."""
        import contextlib

        from app.integrity import encryption
        from ui.workers import run_job

        if not self.unsaved_edits_settled():
            return
        self.stop_background_work()
        result, error = run_job(
            self, self.tr("数据库加密"), lambda: contextlib.nullcontext(self.services),
            lambda _s, progress, cancelled: encryption.change(self.session, new, progress, cancelled))
        if error:
            messages.show_error(self, self.tr("数据库加密"), error)
            if not self.session.conn_closed:  # nothing changed: carry on with this file
                self._backup_timer.start()
                self.idle_lock.start()
                return
        else:
            messages.show_info(self, self.tr("数据库加密"), self.tr("{a}完成，程序将重新打开数据库。").format(
                a=result["action"]))
        self.next_db = str(self.session.path)  # opened again, with the passphrase this program now knows
        self.close()

    def _on_operator(self) -> None:
        from ui.dialogs.log_dialog import OperatorDialog

        OperatorDialog(self, self.services).run()

    # -- undo / redo ------------------------------------------------------------------------------

    def _update_undo_actions(self) -> None:
        if not hasattr(self, "undo_action"):  # before the menus are made (just after the first paint)
            return
        stack = self.undo_stack
        self.undo_action.setText(self.tr("撤销：{a}").format(a=stack.undo_label()) if stack.undo_label()
                                 else self.tr("撤销(&U)"))
        self.undo_action.setEnabled(bool(stack.undo_label()))
        self.redo_action.setText(self.tr("重做：{a}").format(a=stack.redo_label()) if stack.redo_label()
                                 else self.tr("重做(&R)"))
        self.redo_action.setEnabled(bool(stack.redo_label()))

    def _undo_redo(self, redo: bool) -> None:
        from app.common.errors import UserError

        try:
            label = self.undo_stack.redo() if redo else self.undo_stack.undo()
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.statusBar().showMessage(self.tr("已重做：{a}") .format(a=label) if redo
                                     else self.tr("已撤销：{a}").format(a=label), 5000)
        page = self.stack.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()
        self._on_data_changed()
