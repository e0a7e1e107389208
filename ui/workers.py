"""Long jobs off the GUI thread, with progress and cancel.

A job runs ``job(services, progress, cancelled)`` in a QThread on services of its own (an SQLite
connection is never shared between threads): by default a read-only session of the branch's
database; ``run_job`` takes any opener. The dialog shows the progress text and a 取消 button;
the result or the Chinese message comes back on the GUI thread.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.common.errors import UserError
from app.printing.layout import Cancelled
from app.services import Services
from app.session import Session
from db.errors import StorageError

#: A job shorter than this shows no progress dialog at all.
SHOW_AFTER_MS = 400

Job = Callable[[Any, Callable[[str], None], Callable[[], bool]], Any]
Opener = Callable[[], contextlib.AbstractContextManager[Any]]


class _Runner(QObject):
    progressed = Signal(str)
    finished = Signal(object, str)  # result, error message ("" when it worked; "取消" when cancelled)

    def __init__(self, opener: Opener, job: Job, cancel: threading.Event) -> None:
        super().__init__()
        self.opener, self.job, self.cancel = opener, job, cancel

    def run(self) -> None:
        try:
            with self.opener() as services:
                result = self.job(services, self.progressed.emit, self.cancel.is_set)
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


class _Receiver(QObject):
    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.box: dict[str, Any] = {}

    @Slot(object, str)
    def finish(self, result: Any, error: str) -> None:
        self.box.update(result=result, error=error)
        self.done.emit()


def read_only_branch(services: Services) -> Opener:
    """A read-only session of ``services``' database with the same clock."""

    @contextlib.contextmanager
    def open_() -> Iterator[Services]:
        if services.path is None:  # pragma: no cover - a file's services always have its path
            raise RuntimeError("no file to open")
        with Session.open(services.path, services.clock, read_only=True) as session:
            yield session.services

    return open_


def run_with_progress(parent: QWidget, title: str, services: Services, job: Job) -> tuple[Any, str]:
    """Run ``job`` on a read-only session of the branch's database (a database with no file, a
    test's in-memory one, runs here instead); returns (result, error message)."""
    if services.path is None:
        return run_job(parent, title, lambda: contextlib.nullcontext(services), job, thread=False)
    return run_job(parent, title, read_only_branch(services), job)


def run_job(parent: QWidget, title: str, opener: Opener, job: Job, thread: bool = True) -> tuple[Any, str]:
    """Run ``job`` in a thread behind a modal progress dialog; returns (result, error message)."""
    cancel = threading.Event()
    if not thread:
        runner = _Runner(opener, job, cancel)
        box: dict[str, Any] = {}
        runner.finished.connect(lambda result, error: box.update(result=result, error=error))
        runner.run()
        return box.get("result"), box["error"]
    dialog = QProgressDialog(title, parent.tr("取消"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.hide()
    worker = QThread()
    runner = _Runner(opener, job, cancel)
    runner.moveToThread(worker)
    receiver = _Receiver()  # lives on the GUI thread, so the runner's signals arrive queued
    loop = QEventLoop()
    receiver.done.connect(loop.quit)
    runner.progressed.connect(dialog.setLabelText)
    runner.finished.connect(receiver.finish)
    dialog.canceled.connect(cancel.set)  # the 取消 button and the window's close button
    dialog.rejected.connect(cancel.set)  # Esc
    dialog.canceled.connect(lambda: dialog.setLabelText(parent.tr("正在取消…")))
    worker.started.connect(runner.run)
    def show_if_still_running() -> None:
        if not receiver.box:
            dialog.show()

    QTimer.singleShot(SHOW_AFTER_MS, show_if_still_running)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        worker.start()
        if not receiver.box:
            loop.exec()
    finally:
        QApplication.restoreOverrideCursor()
        worker.quit()
        worker.wait()
        dialog.close()
        # Owned by Python from here, so it goes when this function returns. (deleteLater would
        # leave a posted delete that can outlive the parent dialog and delete it twice.)
        dialog.setParent(None)
    return receiver.box.get("result"), receiver.box["error"]
