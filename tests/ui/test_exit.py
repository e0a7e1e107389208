"""Leaving the program: its windows are deleted while the QApplication still exists, not left to
Python's exit (where PySide6 deletes them in no particular order after it and reports "QObject:
shared QObject was deleted directly", or crashes)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import shiboken6
from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ui import application
from ui.main_window import MainWindow


def test_closing_the_window_deletes_every_window_the_program_made(qapp) -> None:
    outside = QWidget()  # a window that was there before: not the program's to delete
    seen: dict[str, QWidget] = {}

    def close_when_shown() -> None:
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None:
            QTimer.singleShot(50, close_when_shown)
            return
        seen["window"] = window
        seen["dialog"] = QDialog()  # a dialog kept without a parent, as a page may keep one for reuse
        window.close()

    QTimer.singleShot(0, close_when_shown)
    code = application.run_gui(SimpleNamespace(db=None, demo=True, self_check=False, committee=False))
    assert code == 0
    assert not shiboken6.isValid(seen["window"]) and not shiboken6.isValid(seen["dialog"])
    assert shiboken6.isValid(outside)
    assert all(not isinstance(w, MainWindow) for w in QApplication.topLevelWidgets())


def test_a_qt_warning_of_a_deleted_object_goes_to_the_log_with_the_python_calls_behind_it(caplog, capsys) -> None:
    """Seen once on exit by a tester, never here: when Qt says it again, the log says from where."""
    warning = "QObject: shared QObject was deleted directly. The program is malformed and may crash."
    with caplog.at_level(logging.WARNING, logger="branchbook"):
        application._qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), warning)
        application._qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), "QFont: an ordinary warning")
    assert capsys.readouterr().err.splitlines() == [warning, "QFont: an ordinary warning"]  # printed as Qt prints
    [record] = caplog.records
    assert warning in record.getMessage() and "test_exit.py" in record.getMessage()
