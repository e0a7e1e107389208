"""The smaller books: the roster, the dues register with the arrears list, the dues
publication, one meeting, and blank ruled pages for handwriting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from app.common import dates, months
from app.common.errors import UserError
from app.common.money import yuan
from app.dues import reports
from app.meetings.model import Meeting, Revision
from app.printing import fonts, templates
from app.printing.blocks import Block
from app.printing.flow import H1, NOTE, fit_widths, gap, para, section, signatures, table
from app.printing.layout import LANDSCAPE, PORTRAIT, Book
from app.printing.meeting import meeting_blocks, meeting_flowables
from app.printing.people import roster_rows
from app.roster import rules as roster_rules

if TYPE_CHECKING:
    from app.services import Services


def roster(s: Services, on: str, full_id: bool, layout: dict[str, Any]) -> list[Flowable]:
    book = layout["roster"]
    members = [m for m in s.roster.list() if roster_rules.is_member_on(m, on)]
    if not members:
        raise UserError(f"{dates.fmt_cn(on)}名册中没有党员，无可打印的花名册")
    _, labels, widths, aligns = templates.columns(book)
    width = Book.frame_width(book.get("orientation", LANDSCAPE)) / mm
    note = "公民身份号码已部分隐藏。" if not full_id else "含完整公民身份号码，请妥善保管（每页页眉均有提示）。"
    return [*section(f"{book['title']}（{dates.fmt_cn(on)}）", toc=False),
            para(f"截至{dates.fmt_cn(on)}，共{len(members)}名党员。{note}", NOTE),
            table(labels, roster_rows(members, book, full_id, on), fit_widths(widths, width), aligns, size=8.5),
            gap(4), signatures(["制表人", "审核人", "制表日期"], width * mm)]


def _paid_cell(paid: int, status: str, on: str | None, month: str) -> str:
    """A month's cell: the amount and the day it was paid (with the year when not the month's own)."""
    if status == "exempt":
        return "免交"
    if not paid:
        return "欠交" if status == "overdue" else ""
    amount = yuan(paid)[1:]
    if not on:
        return amount
    day = f"{int(on[5:7])}.{int(on[8:10])}"
    return f"{amount}\n{on[:4]}.{day}" if on[:4] != month[:4] else f"{amount}\n{day}"


def _other_years(items: list[tuple[str, int]]) -> str:
    """补交/预交 paid this year for other years' months: "2024-11、2024-12 ¥49.00"."""
    if not items:
        return ""
    return f"{'、'.join(m for m, _ in items)}\n{yuan(sum(f for _, f in items))}"


def dues_register(s: Services, year: int, layout: dict[str, Any]) -> list[Flowable]:
    book = layout["dues_register"]
    data = reports.register(s.dues, year, min(f"{year}-12-31", s.today()))
    if not data["rows"]:
        raise UserError(f"{year}年没有需要交纳党费的党员，无可打印的党费收缴登记表")
    width = Book.frame_width(LANDSCAPE) / mm
    header = ["序号", "姓名", "人员类别", "计算基数", "比例", "月应交",
              *(f"{m}月" for m in range(1, 13)), "全年应交", "全年实交", "补交、预交", "备注"]
    month_keys = [f"{year}-{m:02d}" for m in range(1, 13)]
    rows: list[list[Any]] = []
    for r in data["rows"]:
        cells = ["—" if paid is None else _paid_cell(paid, status, on, month)
                 for paid, status, on, month in zip(r["months"], r["statuses"], r["paid_on"], month_keys, strict=True)]
        rows.append([r["seq"], r["name"], r["category"], yuan(r["base_fen"]) if r["base_fen"] is not None else "",
                     r["rate"], yuan(r["monthly_fen"]) if r["monthly_fen"] is not None else "未核定", *cells,
                     yuan(r["year_due_fen"]), yuan(r["year_paid_fen"]), _other_years(r["other_years"]), r["note"]])
    t = data["totals"]
    other = sum(f for r in data["rows"] for _, f in r["other_years"])
    rows.append(["", "合计", "", "", "", "", *(yuan(x)[1:] if x else "" for x in t["months"]),
                 yuan(t["year_due_fen"]), yuan(t["year_paid_fen"]), yuan(other) if other else "", ""])
    # the collector signs each month's column (the published form), under the totals
    rows.append(["", "收缴人签字", "", "", "", "", *([Spacer(1, 10 * mm)] * 12), "", "", "", ""])
    widths = fit_widths([9, 14, 11, 16, 9, 15, *[13.5] * 12, 18, 18, 17, 9], width)
    aligns = ["c", "c", "c", "r", "c", "r", *["c"] * 12, "r", "r", "c", "l"]
    out: list[Flowable] = [*section(title_lines(data["branch"], f"{year}年{book['title']}",
                                                Book.frame_width(LANDSCAPE)), toc=False),
                           para("每月格内为交纳金额（元）和交纳日期（月.日；不在当年交纳的写明年份）；“—”为不在本支部"
                                "交纳或建账之前的月份。“补交、预交”为本年内交纳的其他年度各月（年-月）的党费。", NOTE),
                           table(header, rows, widths, aligns, size=7.5, shade=[len(rows) - 2]), gap(4),
                           signatures(book["signatures"], Book.frame_width(LANDSCAPE))]
    return [*out, PageBreak(), *_arrears(s, year, layout)]


def _arrears(s: Services, year: int, layout: dict[str, Any]) -> list[Flowable]:
    book = layout["arrears"]
    as_of, closed = reports.year_end(s.dues, year)
    found = s.dues.ledger.arrears(as_of, closed=closed)  # a finished year's December is owed by its end
    _, labels, widths, aligns = templates.columns(book)
    rows = [[a.name, f"{a.count}个月" + ("" if a.consecutive else f"（最长连续{a.longest}个月）"),
             months.describe(a.months), yuan(a.owed_fen),
             "连续满6个月" if a.level == "alert" else "满3个月", a.reason] for a in found]
    head = [*section(f"{book['title']}（截至{dates.fmt_cn(as_of)}）", toc=False)]
    if not rows:
        return [*head, para("没有连续3个月以上未交足党费的党员。")]
    return [*head, table(labels, rows, fit_widths(widths, Book.frame_width(LANDSCAPE) / mm), aligns)]


def disclosure(s: Services, year: int, layout: dict[str, Any]) -> list[Flowable]:
    book = layout["disclosure"]
    data = reports.publication(s.dues, year, min(f"{year}-12-31", s.today()))
    if not data["rows"]:
        raise UserError(f"{year}年没有需要交纳党费的党员，无可打印的公示")
    _, labels, widths, aligns = templates.columns(book)
    keys = [c["key"] for c in book["columns"]]
    rows = []
    for r in data["rows"]:
        values = {"seq": r["seq"], "name": r["name"], "category": r["category"],
                  "monthly": yuan(r["monthly_fen"]) if r["monthly_fen"] is not None else "未核定",
                  "paid": yuan(r["year_paid_fen"]), "state": r["state"]}
        rows.append([values.get(k, "") for k in keys])
    if "paid" in keys:
        rows.append([{"seq": "", "name": "合计", "paid": yuan(data["table_paid_fen"])}.get(k, "") for k in keys])
    return [*section(title_lines(data["branch"], f"{year}年度{book['title']}", Book.frame_width(PORTRAIT)), toc=False),
            table(labels, rows, fit_widths(widths, Book.frame_width(PORTRAIT) / mm), aligns,
                  shade=[len(rows) - 1] if "paid" in keys else ()), gap(3),
            *(para(line) for line in disclosure_lines(s, year, data)),
            gap(6), signatures(book["signatures"], Book.frame_width(PORTRAIT))]


def disclosure_lines(s: Services, year: int, data: dict[str, Any]) -> list[str]:
    """The disclosure's figures, each one traceable to the table or the cash book: what was paid
    for the year's months (the table's total) and what else was received in the year."""
    cash, paid = data["cash"], data["paid"]
    label = next((c["label"] for c in layout_columns(s) if c["key"] == "paid"), "全年已交")
    lines = [f"{year}年各月党费共交纳{yuan(data['table_paid_fen'])}（即上表“{label}”合计）"
             + (f"，其中{yuan(paid['before'])}为上年预交" if paid["before"] else "") + "。"]
    received = f"{year}年内共收到党费{yuan(cash['collected_fen'])}"
    parts = [f"交纳本年各月的{yuan(paid['this'])}"]
    if paid["back"]:
        parts.append(f"补交以前年度的{yuan(paid['back'])}")
    if paid["ahead"]:
        parts.append(f"预交以后年度的{yuan(paid['ahead'])}")
    lines.append(received + ("：" + "，".join(parts) if len(parts) > 1 else "") + "；"
                 f"上缴上级党委{yuan(cash['remitted_fen'])}，年末结存{yuan(cash['on_hand_fen'])}"
                 f"（上年结转{yuan(cash['opening_fen'])}）。")
    days = s.dues.setting("dues.disclosure_days")
    contact = s.dues.setting("dues.disclosure_contact") or _secretary_contact(s, year)
    lines.append(f"公示期：自公布之日起{days}个工作日。如有疑问或意见，请向{contact}反映。")
    return lines


def layout_columns(s: Services) -> list[dict[str, Any]]:
    columns: list[dict[str, Any]] = templates.load()["disclosure"]["columns"]
    return columns


def title_lines(branch: str, title: str, width: float) -> str:
    """A book's title: the branch and the title on one line, or on two when they do not fit
    (never a word of the title alone on a line)."""
    whole = f"{branch}{title}"
    return whole if fonts.plain_width(whole, H1.fontSize) <= width - 4 else f"{branch}\n{title}"


def _secretary_contact(s: Services, year: int) -> str:
    seats = s.branch.committee_seats_on(min(f"{year}-12-31", s.today()))
    secretary = next((x.member_name for x in seats if x.role == "书记"), "")
    branch = s.branch.get()
    phone = branch.secretary_phone if branch else ""
    return (f"支部书记{secretary}" if secretary else "支部委员会") + (f"（电话：{phone}）" if phone else "")


def one_meeting(s: Services, meeting_id: int, drafts: bool, layout: dict[str, Any]) -> list[Flowable]:
    m, title, revisions, group, signers = _one(s, meeting_id, drafts, layout)
    return meeting_flowables(m, title, Book.frame_width(PORTRAIT), revisions, group, signers, draft=not m.signed,
                             toc=False)


def one_meeting_blocks(s: Services, meeting_id: int, drafts: bool, layout: dict[str, Any]) -> list[Block]:
    """The record as its Word file says it (a draft says so in its title)."""
    m, title, revisions, group, signers = _one(s, meeting_id, drafts, layout)
    return meeting_blocks(m, title + ("（草稿）" if not m.signed else ""), revisions, group, signers)


def _one(s: Services, meeting_id: int, drafts: bool,
         layout: dict[str, Any]) -> tuple[Meeting, str, list[Revision], str, tuple[str, ...]]:
    m = s.meetings.get(meeting_id)
    if not m.signed and not drafts:
        raise UserError(f"第{meeting_id}号记录是草稿，草稿不作为记录打印；"
                        "如需打印草稿，请选择“含草稿”（页面加“草稿”水印）")
    book = layout["workbook"]
    group = next((g.name for g in s.branch.groups(True) if g.id == m.group_id), "")
    title = f"{book['meeting_title'].format(month=int(m.date[5:7]), kind=m.kind)}　{m.title}"
    return m, title, s.meetings.revisions(meeting_id), group, tuple(book["signatures"])


def blank(pages: int, layout: dict[str, Any]) -> list[Flowable]:
    if not 1 <= pages <= 500:
        raise UserError("续页页数应在 1–500 之间")
    step = float(layout["blank"]["line_mm"]) * mm
    width = Book.frame_width(PORTRAIT)
    lines = int((297 * mm - 34 * mm - 14 * mm) / step)
    out: list[Flowable] = []
    for i in range(pages):
        out.append(para(layout["blank"]["title"], H1))
        ruled = Table([[""] for _ in range(lines)], colWidths=[width], rowHeights=[step] * lines)
        ruled.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                                   ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN)]))
        out.append(ruled)
        if i < pages - 1:
            out.append(PageBreak())
    return out
