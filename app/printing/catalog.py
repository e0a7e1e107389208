"""The book catalog: every book BranchBook prints, once — its name, what it asks for, how it is
built, its page orientation, its formats, and whether the year's bundle carries it.

The CLI (``branchbook print <book> …``), the print dialog and the bundle's list of PDFs are made
from this table; a new book is one entry here plus its builder (docs/architecture.md). No
reportlab here: the menus import this at start-up, the builders are PrintService's methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.common.errors import UserError

if TYPE_CHECKING:
    from app.printing.service import PrintService


class BookKind(StrEnum):
    """The books, by their key (the CLI's sub-command)."""

    WORKBOOK = "workbook"
    ASSESSMENT = "assessment"
    DUES = "dues"
    DISCLOSURE = "disclosure"
    ROSTER = "roster"
    MEETING = "meeting"
    SIGNIN = "signin"
    MINUTES_BLANK = "minutes-blank"
    BLANK = "blank"


class Option(StrEnum):
    """What a book may ask for before it is printed."""

    YEAR = "year"
    MEETING = "meeting"
    PERSON = "person"
    ON = "on"
    FULL_ID = "full_id"
    DRAFTS = "drafts"
    PAGES = "pages"
    KIND = "kind"
    DATE = "date"


@dataclass(frozen=True)
class Choices:
    """What was chosen for one printing (by the dialog or the command line)."""

    year: int
    drafts: bool = False
    meeting: int | None = None
    meeting_label: str = ""  # e.g. "3月5日 支委会" (for the file name)
    person: int | None = None  # None: everyone
    person_label: str = ""
    on: str = ""  # the roster's date
    full_id: bool = False
    pages: int = 1
    kind: str = ""  # a meeting kind (签到表, blank minutes)
    date: str = ""  # a meeting's day (签到表 without a record)


@dataclass(frozen=True)
class BookDef:
    """One printed book.

    Attributes:
        kind: its key (CLI sub-command, dialog item).
        name: its title in menus and messages.
        help: the CLI's one-line help.
        hint: the print dialog's line under the choices.
        options: what it asks for, in the dialog's order.
        required: the options the CLI insists on.
        dialog_only: options only the dialog shows (a filter of its lists, e.g. the year of the meetings).
        option_help: the CLI help of an option where this book words it its own way.
        orientation: "portrait" or "landscape" (A4).
        formats: the file formats it is written in.
        build: makes it with a PrintService (``progress`` and ``cancel`` passed on).
        file_name: the file name offered for it (without the extension).
        bundle_name: its file in the year's bundle (None: not in the bundle); {year}, {end}.
    """

    kind: BookKind
    name: str
    help: str
    hint: str
    options: tuple[Option, ...]
    build: Callable[[PrintService, Choices, dict[str, Any]], bytes]
    file_name: Callable[[Choices], str]
    required: frozenset[Option] = frozenset()
    dialog_only: frozenset[Option] = frozenset()
    option_help: dict[Option, str] = field(default_factory=dict)
    orientation: str = "portrait"
    formats: tuple[str, ...] = ("pdf",)
    bundle_name: str | None = None


def _one_meeting(p: PrintService, c: Choices, kw: dict[str, Any]) -> bytes:
    if c.meeting is None:
        raise UserError("请选择要打印的会议记录")
    return p.meeting(c.meeting, drafts=c.drafts, **kw)


def _signin(p: PrintService, c: Choices, kw: dict[str, Any]) -> bytes:
    if c.meeting is None and not (c.kind and c.date):
        raise UserError("请选择一条会议记录，或给出会议类型和日期")
    return p.signin(c.meeting, c.kind, c.date, **kw)


CATALOG: tuple[BookDef, ...] = (
    BookDef(BookKind.WORKBOOK, "党支部工作记录", "党支部工作记录（全年）",
            "封面、基本情况、名册、年度计划和总结、各类会议记录（仅已签发的）、发展党员和党费小结，带目录。",
            (Option.YEAR, Option.DRAFTS), lambda p, c, kw: p.workbook(c.year, drafts=c.drafts, **kw),
            lambda c: f"{c.year}年党支部工作记录", required=frozenset({Option.YEAR}),
            option_help={Option.DRAFTS: "同时打印草稿（加“草稿”水印）"},
            bundle_name="pdf/{year}年党支部工作记录.pdf"),
    BookDef(BookKind.ASSESSMENT, "考察登记表（发展党员）", "入党积极分子培养考察登记表 / 预备党员考察表",
            "入党积极分子培养考察登记表 / 预备党员考察表，每人从新的一页开始；往年按该年年底时的记录打印。",
            (Option.YEAR, Option.PERSON), lambda p, c, kw: p.assessment(c.person, year=c.year, **kw),
            lambda c: f"{c.person_label.split('（')[0] if c.person is not None else '全部人员'}考察登记表",
            option_help={Option.YEAR: "按该年年底时的记录打印（默认今年）"},
            bundle_name="pdf/{year}年考察登记表.pdf"),
    BookDef(BookKind.DUES, "党费收缴登记表和欠缴名单", "党费收缴登记表和欠缴名单（横向）",
            "横向 A4，每页重复表头，附欠缴名单。", (Option.YEAR,), lambda p, c, kw: p.dues(c.year, **kw),
            lambda c: f"{c.year}年党费收缴登记表和欠缴名单", required=frozenset({Option.YEAR}), orientation="landscape",
            bundle_name="pdf/{year}年党费收缴登记表.pdf"),
    BookDef(BookKind.DISCLOSURE, "党费收缴情况公示", "党费收缴情况公示（不含身份号码）", "公示用，不含身份证号。",
            (Option.YEAR,), lambda p, c, kw: p.disclosure(c.year, **kw), lambda c: f"{c.year}年党费收缴情况公示",
            required=frozenset({Option.YEAR}), bundle_name="pdf/{year}年党费收缴情况公示.pdf"),
    BookDef(BookKind.ROSTER, "党员花名册", "党员花名册（横向，身份号码默认部分隐藏）",
            "横向 A4；身份证号默认只显示前 6 位和后 4 位。", (Option.ON, Option.FULL_ID),
            lambda p, c, kw: p.roster(c.on or None, full_id=c.full_id, **kw), lambda c: f"党员花名册（{c.on}）",
            orientation="landscape", bundle_name="pdf/党员花名册（{end}）.pdf"),
    BookDef(BookKind.MEETING, "单条会议记录", "单条会议记录", "一条会议记录，更正记录附在其后。",
            (Option.YEAR, Option.MEETING, Option.DRAFTS), _one_meeting,
            lambda c: f"会议记录-{c.meeting_label.split('　')[0]}", required=frozenset({Option.MEETING}),
            dialog_only=frozenset({Option.YEAR}), formats=("pdf", "docx"),
            option_help={Option.DRAFTS: "允许打印草稿（加“草稿”水印）"}),
    BookDef(BookKind.SIGNIN, "会议签到表", "会议签到表（按会议记录，或按会议类型和日期列出应到人员）",
            "会前打印：应到人员各有签字格，另留列席人员栏；党小组会按党小组各出一页。",
            (Option.YEAR, Option.MEETING, Option.KIND, Option.DATE), _signin,
            lambda c: f"{c.kind or '会议'}签到表（{c.date or c.meeting_label.split('　')[0]}）",
            dialog_only=frozenset({Option.YEAR}), formats=("pdf", "docx")),
    BookDef(BookKind.MINUTES_BLANK, "空白会议记录表", "空白会议记录表（供手写，会后再录入）",
            "该类会议的记录表格，各栏留空，附续页。", (Option.KIND,),
            lambda p, c, kw: p.minutes_blank(c.kind, year=c.year, **kw), lambda c: f"{c.kind}记录表（空白）",
            required=frozenset({Option.KIND})),
    BookDef(BookKind.BLANK, "空白续页", "空白续页（供手写）", "带页眉的横线页，供手写续记。",
            (Option.YEAR, Option.PAGES),
            lambda p, c, kw: p.blank(c.pages, year=c.year, **kw), lambda c: f"{c.year}年空白续页",
            option_help={Option.YEAR: "页眉中的年度（默认今年）"}),
)

BY_KIND: dict[str, BookDef] = {b.kind: b for b in CATALOG}


def book(kind: str) -> BookDef:
    return BY_KIND[kind]


def build(service: PrintService, kind: str, choices: Choices, **kw: Any) -> bytes:
    """The book ``kind`` made with ``choices`` (``kw``: progress, cancel, target)."""
    return BY_KIND[kind].build(service, choices, kw)
