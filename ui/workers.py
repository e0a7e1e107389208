"""Long jobs off the GUI thread, with progress and cancel.

A job gets its own read-only session of the database (an SQLite connection is never shared
between threads) and runs ``job(services, progress, cancelled)``. The dialog shows the
progress text and a 取消 button; the result or the Chinese message comes back on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.common.clock import Clock
from app.common.errors import UserError
from app.services import Services
from app.session import Session
from db.errors import StorageError

#: A job shorter than this shows no progress dialog at all.
SHOW_AFTER_MS = 400

Job = Callable[[Any, Callable[[str], None], Callable[[], bool]], Any]


class _Runner(QObject):
    progressed = Signal(str)
    finished = Signal(object, str)  # result, error message ("" when it worked; "取消" when cancelled)

    def __init__(self, path: Path | None, clock: Clock, job: Job, cancel: threading.Event,
                 services: Services | None = None) -> None:
        super().__init__()
        self.path, self.clock, self.job, self.cancel, self.services = path, clock, job, cancel, services

    def run(self) -> None:
        from app.printing.layout import Cancelled

        try:
            if self.services is not None:
                result = self.job(self.services, self.progressed.emit, self.cancel.is_set)
            else:
                with Session.open(self.path, self.clock, read_only=True) as session:
                    result = self.job(session.services, self.progressed.emit, self.cancel.is_set)
        except Cancelled:
            self.finished.emit(None, "取消")
        except StorageError as exc:
            self.finished.emit(None, exc.user_message())
        except UserError as exc:
            self.finished.emit(None, exc.message)
        except Exception:  # noqa: BLE001 - reported in the GUI and the log, never lost
            import logging

            logging.getLogger("branchbook").error("后台任务出错：\n%s", traceback.format_exc())
            self.finished.emit(None, "程序内部错误，操作没有完成（详细信息已写入日志）")
        else:
            self.finished.emit(result, "")


def run_with_progress(parent: QWidget, title: str, services: Services, job: Job) -> tuple[Any, str]:
    """Run ``job`` in a thread behind a modal progress dialog; returns (result, error message).

    The thread opens its own read-only session of ``services.path`` with the same clock; a
    database with no file (a test's in-memory one) runs the job here instead.
    """
    if services.path is None:
        runner = _Runner(None, services.clock, job, threading.Event(), services)
        outcome: dict[str, Any] = {}
        runner.finished.connect(lambda result, error: outcome.update(result=result, error=error))
        runner.run()
        return outcome.get("result"), outcome["error"]
    cancel = threading.Event()
    dialog = QProgressDialog(title, parent.tr("取消"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.hide()
    thread = QThread()
    runner = _Runner(services.path, services.clock, job, cancel)
    runner.moveToThread(thread)
    receiver = _Receiver()  # lives on the GUI thread, so the runner's signals arrive queued
    loop = QEventLoop()
    receiver.done.connect(loop.quit)
    runner.progressed.connect(dialog.setLabelText)
    runner.finished.connect(receiver.finish)
    dialog.canceled.connect(cancel.set)  # the 取消 button and the window's close button
    dialog.rejected.connect(cancel.set)  # Esc
    dialog.canceled.connect(lambda: dialog.setLabelText(parent.tr("正在取消…")))
    thread.started.connect(runner.run)
    QTimer.singleShot(SHOW_AFTER_MS, lambda: receiver.box or dialog.show())
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        thread.start()
        if not receiver.box:
            loop.exec()
    finally:
        QApplication.restoreOverrideCursor()
        thread.quit()
        thread.wait()
        dialog.close()
        # Owned by Python from here, so it goes when this function returns. (deleteLater would
        # leave a posted delete that can outlive the parent dialog and delete it twice.)
        dialog.setParent(None)
    return receiver.box.get("result"), receiver.box["error"]


class _Receiver(QObject):
    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.box: dict[str, Any] = {}

    @Slot(object, str)
    def finish(self, result: Any, error: str) -> None:
        self.box.update(result=result, error=error)
        self.done.emit()
