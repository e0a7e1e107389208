"""The books BranchBook prints, by name (no reportlab here: menus import this at start-up)."""

from __future__ import annotations

from enum import StrEnum


class BookKind(StrEnum):
    WORKBOOK = "workbook"
    ASSESSMENT = "assessment"
    DUES = "dues"
    DISCLOSURE = "disclosure"
    ROSTER = "roster"
    MEETING = "meeting"
    BLANK = "blank"


#: What each book is called, for menus and messages.
BOOK_NAMES = {
    BookKind.WORKBOOK: "党支部工作记录", BookKind.ASSESSMENT: "考察登记表（发展党员）",
    BookKind.DUES: "党费收缴登记表和欠缴名单", BookKind.DISCLOSURE: "党费收缴情况公示",
    BookKind.ROSTER: "党员花名册", BookKind.MEETING: "单条会议记录", BookKind.BLANK: "空白续页",
}
