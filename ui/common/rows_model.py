"""An editable table model over a list of plain records (dataclass instances), described by
columns: the record's attribute, the header, and how it is shown and edited. The meeting
editor's attendance, votes, speeches, grades and tracking lists all use it."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.common import dates

_Index = QModelIndex | QPersistentModelIndex

#: Shading for a row that needs attention (an absentee, an overdue item).
ATTENTION = QColor("#fbe3e1")


@dataclass(frozen=True)
class Col:
    """One column.

    Attributes:
        key: the record's attribute.
        header: the Chinese header.
        kind: "text", "check", "choice", "int" or "date" (ISO stored, shown as 2025年3月12日).
        editable: whether the user may edit it (``can_edit`` may refuse per record).
        choices: for "choice": the values offered (an empty string for "none").
        width: initial width in pixels; 0 stretches.
        align_right: numbers.
    """

    key: str
    header: str
    kind: str = "text"
    editable: bool = True
    choices: Sequence[str] = ()
    width: int = 0
    maximum: int = 999
    align_right: bool = False
    can_edit: Callable[[Any], bool] | None = field(default=None, compare=False)
    display: Callable[[Any], str] | None = field(default=None, compare=False)


class RowsModel(QAbstractTableModel):
    """Rows are copies of the records given to :meth:`set_rows`; :meth:`rows` returns copies.

    Signals:
        edited: the user changed a cell (not emitted by :meth:`set_rows`).
        problem: an entry was refused (e.g. a date that is not a date), with the reason.
    """

    edited = Signal()
    problem = Signal(str)

    def __init__(self, columns: Sequence[Col], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self.read_only = False
        #: Called after a cell is set, to apply rules between columns (may change the record).
        self.after_edit: Callable[[Any, str], None] | None = None
        #: Rows to shade (returns True for a row that needs attention).
        self.attention: Callable[[Any], bool] | None = None
        self.extra_column: Callable[[Any, int], str] | None = None

    # -- data in and out ----------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = [copy.copy(r) for r in rows]
        self.endResetModel()

    def rows(self) -> list[Any]:
        return [copy.copy(r) for r in self._rows]

    def record(self, row: int) -> Any:
        return self._rows[row]

    def append(self, record: Any) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(record)
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        if rows:
            self.edited.emit()

    def move(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        self.beginResetModel()
        self._rows[row], self._rows[target] = self._rows[target], self._rows[row]
        self.endResetModel()
        self.edited.emit()
        return target

    def refresh(self) -> None:
        """Repaint every cell (after something outside the model changed, e.g. vote results)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    # -- Qt -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's names
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def _editable(self, col: Col, record: Any) -> bool:
        return (not self.read_only and col.editable
                and (col.can_edit is None or col.can_edit(record)))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        col = self.columns[index.column()]
        record = self._rows[index.row()]
        if self._editable(col, record):
            base |= Qt.ItemFlag.ItemIsUserCheckable if col.kind == "check" else Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        record = self._rows[index.row()]
        value = getattr(record, col.key, None)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            if col.can_edit is not None and not col.can_edit(record) and not value:
                return None
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col.display is not None:
                return col.display(record)
            if col.kind == "check":
                return None
            if col.kind == "date":
                return dates.fmt_cn(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            if col.kind == "date":
                return dates.fmt_cn(value)
            return value if value is not None else ("" if col.kind != "int" else 0)
        if role == Qt.ItemDataRole.BackgroundRole and self.attention is not None and self.attention(record):
            return QBrush(ATTENTION)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = self.columns[index.column()]
        record = self._rows[index.row()]
        if not self._editable(col, record):
            return False
        if col.kind == "check":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif col.kind == "int":
            try:
                new = max(0, min(col.maximum, int(value)))
            except (TypeError, ValueError):
                return False
        elif col.kind == "date":
            try:
                new = dates.parse_date(str(value).strip()) if str(value).strip() else None
            except dates.DateParseError as exc:
                self.problem.emit(f"{col.header}：{exc}")
                return False
        else:
            new = str(value).strip() if col.kind == "choice" else str(value)
            if col.kind == "choice" and new not in col.choices:
                return False
            if col.kind == "choice" and new == "" and "" in col.choices:
                new = None if getattr(record, col.key, "") is None or col.key.endswith("reason") else ""
        if getattr(record, col.key, None) == new:
            return False
        setattr(record, col.key, new)
        if self.after_edit is not None:
            self.after_edit(record, col.key)
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        self.edited.emit()
        return True
