"""The smaller books: the roster, the dues register with the arrears list, the dues
publication, one meeting, and blank ruled pages for handwriting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from app.common import dates, months
from app.common.errors import UserError
from app.common.money import yuan
from app.dues import reports
from app.printing import fonts, templates
from app.printing.flow import H1, NOTE, fit_widths, gap, para, section, signatures, table
from app.printing.layout import LANDSCAPE, PORTRAIT, Book
from app.printing.meeting import meeting_flowables
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
    note = "公民身份号码已部分隐藏。" if not full_id else "含完整公民身份号码，请妥善保管。"
    return [*section(f"{book['title']}（{dates.fmt_cn(on)}）", toc=False),
            para(f"共{len(members)}名党员。{note}", NOTE),
            table(labels, roster_rows(members, book, full_id), fit_widths(widths, width), aligns, size=8.5)]


def dues_register(s: Services, year: int, layout: dict[str, Any]) -> list[Flowable]:
    book = layout["dues_register"]
    data = reports.register(s.dues, year, min(f"{year}-12-31", s.today()))
    if not data["rows"]:
        raise UserError(f"{year}年没有需要交纳党费的党员，无可打印的党费收缴登记表")
    width = Book.frame_width(LANDSCAPE) / mm
    header = ["序号", "姓名", "人员类别", "计算基数", "比例", "月应交",
              *(f"{m}月" for m in range(1, 13)), "全年应交", "全年实交", "补交", "备注"]
    rows = []
    for r in data["rows"]:
        cells = []
        for paid, status, on in zip(r["months"], r["statuses"], r["paid_on"], strict=True):
            if paid is None:
                cells.append("—")
            elif status == "exempt":
                cells.append("免交")
            elif paid:
                cells.append(f"{yuan(paid)[1:]}\n{int(on[5:7])}.{int(on[8:10])}" if on else yuan(paid)[1:])
            else:
                cells.append("欠交" if status == "overdue" else "")
        rows.append([r["seq"], r["name"], r["category"], yuan(r["base_fen"]) if r["base_fen"] is not None else "",
                     r["rate"], yuan(r["monthly_fen"]) if r["monthly_fen"] is not None else "未核定", *cells,
                     yuan(r["year_due_fen"]), yuan(r["year_paid_fen"]),
                     yuan(r["back_paid_fen"]) if r["back_paid_fen"] else "", r["note"]])
    t = data["totals"]
    rows.append(["", "合计", "", "", "", "", *(yuan(x)[1:] if x else "" for x in t["months"]),
                 yuan(t["year_due_fen"]), yuan(t["year_paid_fen"]), yuan(t["back_paid_fen"]) if t["back_paid_fen"]
                 else "", ""])
    widths = fit_widths([9, 14, 13, 17, 10, 16, *[12.5] * 12, 17, 17, 13, 13], width)
    aligns = ["c", "c", "c", "r", "c", "r", *["c"] * 12, "r", "r", "r", "l"]
    out: list[Flowable] = [*section(f"{data['branch']}{year}年{book['title']}", toc=False),
                           para("每月格内为交纳金额（元）和交纳日期；“—”为不在本支部交纳的月份。", NOTE),
                           table(header, rows, widths, aligns, size=7.5, shade=[len(rows) - 1]), gap(4),
                           signatures(book["signatures"], Book.frame_width(LANDSCAPE))]
    return [*out, PageBreak(), *_arrears(s, year, layout)]


def _arrears(s: Services, year: int, layout: dict[str, Any]) -> list[Flowable]:
    book = layout["arrears"]
    as_of = min(f"{year + 1}-01-01", s.today())
    found = s.dues.ledger.arrears(as_of)
    _, labels, widths, aligns = templates.columns(book)
    rows = [[a.name, f"{a.count}个月", f"{months.cn(a.months[0])}至{months.cn(a.months[-1])}", yuan(a.owed_fen),
             "已满6个月" if a.level == "alert" else "已满3个月", a.reason] for a in found]
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
    cash = data["cash"]
    summary = (f"{year}年全年收缴党费{yuan(cash['collected_fen'])}，上缴{yuan(cash['remitted_fen'])}，"
               f"年末结存{yuan(cash['on_hand_fen'])}（上年结转{yuan(cash['opening_fen'])}）。")
    return [*section(f"{data['branch']}{year}年度{book['title']}", toc=False),
            table(labels, rows, fit_widths(widths, Book.frame_width(PORTRAIT) / mm), aligns), gap(3), para(summary),
            gap(6), signatures(book["signatures"], Book.frame_width(PORTRAIT))]


def one_meeting(s: Services, meeting_id: int, drafts: bool, layout: dict[str, Any]) -> list[Flowable]:
    m = s.meetings.get(meeting_id)
    if not m.signed and not drafts:
        raise UserError(f"第{meeting_id}号记录是草稿，草稿不作为记录打印；"
                        "如需打印草稿，请选择“含草稿”（页面加“草稿”水印）")
    book = layout["workbook"]
    group = next((g.name for g in s.branch.groups(True) if g.id == m.group_id), "")
    title = f"{book['meeting_title'].format(month=int(m.date[5:7]), kind=m.kind)}　{m.title}"
    return meeting_flowables(m, title, Book.frame_width(PORTRAIT), s.meetings.revisions(meeting_id), group,
                             tuple(book["signatures"]), draft=not m.signed, toc=False)


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
