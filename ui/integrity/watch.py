"""The check on open: the file is verified (db/integrity.py) on a thread of its own, on a
read-only connection, right after the window is up; a red banner names what changed outside
the program. Nothing is repaired."""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.services import Services
from app.session import Session


class IntegrityWatch(QObject):
    """Runs one verify in the background; ``checked`` carries the report (None if it failed)."""

    checked = Signal(object)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.checker: threading.Thread | None = None  # not "thread": QObject.thread() is Qt's

    def start(self) -> None:
        path = self.services.path
        if path is None:
            return
        self.checker = threading.Thread(target=self._run, args=(path,), name="integrity-check", daemon=True)
        self.checker.start()

    def _run(self, path: Path) -> None:
        try:
            with Session.open(path, self.services.clock, read_only=True) as session:
                report = session.services.integrity.verify(remember=False)
        except Exception:  # noqa: BLE001 - a failed check is logged, never shown as a traceback
            logging.getLogger("branchbook").error("完整性核验出错：\n%s", traceback.format_exc())
            report = None
        with contextlib.suppress(RuntimeError):  # the window closed while the check ran: nobody to tell
            self.checked.emit(report)


class Banner(QLabel):
    """The red line across the top of the window when the check found outside changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("background: #b3261e; color: white; padding: 6px 12px; font-weight: bold;"
                           "qproperty-textFormat: RichText;")  # no Qt yet: ui/main_window.py
        self.setVisible(False)
        self.lines: list[str] = []

    def show_report(self, report: object) -> None:
        lines = report.lines() if report is not None and not report.intact else []  # type: ignore[attr-defined]
        self.lines = lines
        if not lines:
            self.setVisible(False)
            return
        problems = report.problems()  # type: ignore[attr-defined]
        first = problems[0] + (self.tr("等 {n} 处").format(n=len(problems)) if len(problems) > 1 else "")
        self.setText(self.tr("⚠ 数据完整性核验：有记录在本程序之外被改动（{first}）。"
                             "<a style='color:white' href='#'>查看详情</a>").format(first=first))
        self.setVisible(True)
