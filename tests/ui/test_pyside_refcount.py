"""Guard against the PySide6 6.12.0 regression that crashes the program after a while.

That release drops a reference to None on every Qt call that returns None (an unset item
data role, an empty combo box entry, an empty table cell …). On Python 3.11 None is an ordinary
object, so its count runs down and the interpreter aborts ("none_dealloc"), typically while
the program runs or when it exits. BranchBook makes such calls all the time.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem


def _none_refs_after(calls) -> int:
    before = sys.getrefcount(None)
    for _ in range(500):
        for call in calls:
            call()
    return sys.getrefcount(None) - before


def test_qt_calls_returning_none_keep_none_alive(qapp) -> None:
    item = QTableWidgetItem("x")
    combo = QComboBox()
    combo.addItem("（无）", None)
    table = QTableWidget(1, 1)
    calls = [lambda: item.data(Qt.ItemDataRole.UserRole + 7), combo.currentData,
             lambda: table.item(0, 0), lambda: QModelIndex().data()]
    assert _none_refs_after(calls) >= 0, "this PySide6 release leaks references to None: pin another one"
