"""The roster as a Qt table model, and the proxy that searches and filters it."""

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

from app.common import dates, pinyin
from app.roster import rules
from app.roster.model import MemberClass
from db.records.roster import Member
from ui.common.filtering import refilter

SortRole = Qt.ItemDataRole.UserRole
RecordRole = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    NAME = 0
    GENDER = 1
    BIRTH = 2
    ID_NUMBER = 3
    GROUP = 4
    CATEGORY = 5
    CLASS = 6
    JOIN = 7
    FULL = 8
    UNIT = 9
    PHONE = 10
    LEADER = 11
    STATUS = 12


_HEADERS = {
    Column.NAME: "姓名",
    Column.GENDER: "性别",
    Column.BIRTH: "出生日期",
    Column.ID_NUMBER: "公民身份号码",
    Column.GROUP: "党小组",
    Column.CATEGORY: "人员类别",
    Column.CLASS: "党员类别",
    Column.JOIN: "入党日期",
    Column.FULL: "转正日期",
    Column.UNIT: "工作单位及职务",
    Column.PHONE: "联系电话",
    Column.LEADER: "领导干部",
    Column.STATUS: "组织关系",
}

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("MembersTableModel", text)


class MembersTableModel(QAbstractTableModel):
    """Rows are :class:`db.records.Member`; the record is available under ``RecordRole``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Member] = []

    def set_rows(self, rows: list[Member]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def member(self, row: int) -> Member:
        return self._rows[row]

    def rows(self) -> list[Member]:
        """Every row, in order (the same list until the next set_rows)."""
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _tr(_HEADERS[Column(section)])
        return str(section + 1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        col = Column(index.column())
        if role == RecordRole:
            return m
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(m, col)
        if role == SortRole:
            return self._sort_key(m, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not m.active:
                return QBrush(QColor("#8a8a8a"))
            if col == Column.FULL and m.member_class == MemberClass.PROBATIONARY:
                return QBrush(QColor("#7a5c00"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Column.FULL and m.member_class == MemberClass.PROBATIONARY:
                return _tr("预备党员：预备期自入党日期起一年，预计转正日期为{date}").format(
                    date=dates.fmt_cn(rules.expected_full_date(m.join_date)))
            if col == Column.STATUS and not m.active:
                period = m.periods[-1] if m.periods else None
                if period:
                    return (f"{period.end_kind} {dates.fmt_cn(period.end_date)}"
                            f" {period.end_org} {period.end_reason}").strip()
        return None

    @staticmethod
    def _display(m: Member, col: Column) -> str:
        if col == Column.NAME:
            return m.name
        if col == Column.GENDER:
            return m.gender
        if col == Column.BIRTH:
            return dates.fmt_cn(m.birth_date)
        if col == Column.ID_NUMBER:
            return m.id_number
        if col == Column.GROUP:
            return m.group_name or ""
        if col == Column.CATEGORY:
            return m.personnel_category
        if col == Column.CLASS:
            return m.member_class
        if col == Column.JOIN:
            return dates.fmt_cn(m.join_date)
        if col == Column.FULL:
            if m.full_date:
                return dates.fmt_cn(m.full_date)
            if m.member_class == MemberClass.PROBATIONARY:
                return _tr("预计 {date}").format(date=dates.fmt_cn(rules.expected_full_date(m.join_date)))
            return ""
        if col == Column.UNIT:
            return m.work_unit_post
        if col == Column.PHONE:
            return m.phone
        if col == Column.LEADER:
            return _tr("是") if m.is_leader_cadre else ""
        if col == Column.STATUS:
            if m.active:
                return _tr("在册")
            return _tr("已{kind}（{date}）").format(kind=m.left_kind or _tr("离开"), date=dates.fmt_cn(m.left_on))
        return ""

    @staticmethod
    def _sort_key(m: Member, col: Column) -> Any:
        if col == Column.BIRTH:
            return m.birth_date or ""
        if col == Column.JOIN:
            return m.join_date or ""
        if col == Column.FULL:
            return m.full_date or rules.expected_full_date(m.join_date) or ""
        if col == Column.STATUS:
            return (0 if m.active else 1, m.left_on or "")
        return MembersTableModel._display(m, col)


class MemberFilterProxy(QSortFilterProxyModel):
    """Search as you type over name, ID and phone; filters by group, category and status.

    ``status`` is one of "在册" (in the branch now), "正式", "预备", "已离开", "全部";
    ``on_date`` (ISO) shows who was a member on that date instead.
    """

    STATUSES = ("在册", "正式", "预备", "已离开", "全部")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._group: int | str | None = "any"
        self._category: str | None = None
        self._status = "在册"
        self._on_date: str | None = None
        self.setSortRole(SortRole)
        self.setSortLocaleAware(True)

    def _refilter(self, **changes: Any) -> None:
        def change() -> None:
            for key, value in changes.items():
                setattr(self, key, value)

        refilter(self, change)

    def set_search(self, text: str) -> None:
        self._refilter(_text="".join(text.split()).upper())

    def set_group(self, group: int | str | None) -> None:
        """A group id, None for "no group", or "any"."""
        self._refilter(_group=group)

    def set_category(self, category: str | None) -> None:
        self._refilter(_category=category)

    def set_status(self, status: str) -> None:
        self._refilter(_status=status)

    def set_on_date(self, iso: str | None) -> None:
        self._refilter(_on_date=iso)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Number the visible rows 1..n rather than showing the source row numbers.
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        m: Member = model.member(source_row)  # type: ignore[attr-defined]
        if self._text and not (self._text in m.name.upper() or self._text in m.id_number or self._text in m.phone
                               or pinyin.matches(self._text, m.name)):
            return False
        if self._group != "any" and m.group_id != self._group:
            return False
        if self._category and m.personnel_category != self._category:
            return False
        if self._on_date:
            return rules.is_member_on(m, self._on_date)
        status = self._status
        if status == "在册":
            return m.active
        if status in ("正式", "预备"):
            return m.active and m.member_class == status
        if status == "已离开":
            return not m.active
        return True
