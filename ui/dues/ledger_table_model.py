"""The dues ledger (members × months) as a Qt table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.common import months
from app.common.money import yuan
from app.dues.model import LedgerRow, MonthCell

RowRole = Qt.ItemDataRole.UserRole + 1
CellRole = Qt.ItemDataRole.UserRole + 2
FIRST_MONTH_COLUMN = 3

_COLORS = {"paid": "#dcefdc", "part-paid": "#fff0c2", "due": "#fff7e0", "overdue": "#f8d7d4",
           "exempt": "#e6eef8", "not-liable": "#f2f2f2", "unassessed": "#eeeeee", "future": "#ffffff"}
_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("LedgerTableModel", text)


def cell_text(c: MonthCell) -> str:
    if c.status == "paid":
        return yuan(c.paid_fen)
    if c.status == "part-paid":
        return f"{yuan(c.paid_fen)}/{yuan(c.due_fen)}"
    return {"due": _tr("待交"), "overdue": _tr("欠交"), "exempt": _tr("免交"), "not-liable": "—",
            "unassessed": _tr("未核定"), "future": ""}[c.status]


class LedgerTableModel(QAbstractTableModel):
    """Columns: 姓名, 人员类别, 月交纳额, 1月 … 12月, 全年实交."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LedgerRow] = []
        self._year = 0

    def set_rows(self, year: int, rows: list[LedgerRow]) -> None:
        self.beginResetModel()
        self._year = year
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_MONTH_COLUMN + 13

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section < FIRST_MONTH_COLUMN:
            return (_tr("姓名"), _tr("人员类别"), _tr("月交纳额"))[section]
        if section < FIRST_MONTH_COLUMN + 12:
            return _tr("{m}月").format(m=section - FIRST_MONTH_COLUMN + 1)
        return _tr("全年实交")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        cell = row.cells[col - FIRST_MONTH_COLUMN] if FIRST_MONTH_COLUMN <= col < FIRST_MONTH_COLUMN + 12 else None
        if role == RowRole:
            return row
        if role == CellRole:
            return cell
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.name
            if col == 1:
                return row.category
            if col == 2:
                return yuan(row.amount_fen) if row.amount_fen is not None else _tr("未核定")
            if cell is not None:
                return cell_text(cell)
            return yuan(row.paid_fen)
        if role == Qt.ItemDataRole.BackgroundRole and cell is not None:
            return QBrush(QColor(_COLORS[cell.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None:
            status = {"paid": _tr("已交"), "part-paid": _tr("部分交纳"), "due": _tr("本月待交"), "overdue": _tr("欠交"),
                      "exempt": _tr("经批准免交"), "not-liable": _tr("不在本支部交纳"), "unassessed": _tr("尚未核定"),
                      "future": _tr("未到期")}[cell.status]
            return (
                f"{row.name} {months.cn(cell.month)}：{status}（应交{yuan(cell.due_fen)}，已交{yuan(cell.paid_fen)}）"
            )
        return None
