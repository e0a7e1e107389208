"""The record list as a Qt table model."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.common import dates
from app.meetings.model import MeetingSummary, Status

RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole


class MColumn(IntEnum):
    DATE = 0
    TIME = 1
    KIND = 2
    TITLE = 3
    HOST = 4
    ATTENDANCE = 5
    STATUS = 6


_HEADERS = ("日期", "时间", "类型", "会议名称 / 主题", "主持人", "应到 / 实到", "状态")
_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingsTableModel", text)


class MeetingsTableModel(QAbstractTableModel):
    """Rows are the summaries of ``MeetingService.list``; the summary under ``RecordRole``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingSummary] = []

    def set_rows(self, rows: list[MeetingSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, i: int) -> MeetingSummary:
        return self._rows[i]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[section]) if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = MColumn(index.column())
        if role == RecordRole:
            return r
        if role == SortRole:
            if col in (MColumn.DATE, MColumn.TIME):
                return r.date + r.start_time
            return self._text(r, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == MColumn.STATUS:
            if r.status == Status.DRAFT:
                return QBrush(QColor("#7a5c00"))
            if r.late:
                return QBrush(QColor("#b3261e"))
            return QBrush(QColor("#1e6b2e"))
        if role == Qt.ItemDataRole.ToolTipRole and col == MColumn.STATUS and r.signed_at:
            text = _tr("{who}于{when}签发").format(who=r.signed_by, when=dates.fmt_cn(r.signed_at[:10]))
            if r.late:
                text += _tr("，晚于会后3个工作日")
            return text
        return None

    @staticmethod
    def _text(r: MeetingSummary, col: MColumn) -> str:
        if col == MColumn.DATE:
            return dates.fmt_cn(r.date)
        if col == MColumn.TIME:
            return f"{r.start_time}–{r.end_time}" if r.start_time and r.end_time else r.start_time
        if col == MColumn.KIND:
            text = r.kind + (f"（{r.group_name}）" if r.group_name else "")
            if r.also_counts:
                text += " + " + "、".join(r.also_counts)
            return text
        if col == MColumn.TITLE:
            return r.title
        if col == MColumn.HOST:
            return r.host
        if col == MColumn.ATTENDANCE:
            return f"{r.due} / {r.present}"
        if r.status == Status.DRAFT:
            return _tr("草稿")
        return _tr("已签发（逾期）") if r.late else _tr("已签发")


class NumberedProxy(QSortFilterProxyModel):
    """A sort proxy whose row headers number the visible rows 1..n."""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)
