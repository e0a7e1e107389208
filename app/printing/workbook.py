"""《党支部工作记录》 for a year: cover, contents, 基本情况, roster, the year's plan, one section
per meeting kind (each record on its own pages), development and dues summaries, the summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.common import dates, months
from app.common.errors import UserError
from app.common.money import yuan
from app.dashboard import figures
from app.development import rules as dev_rules
from app.dues import reports
from app.dues.reports import month_totals
from app.meetings import kinds
from app.meetings.kinds import Attendees, Section
from app.meetings.model import Meeting, MeetingSummary, Status
from app.posts import rules as pr
from app.printing import fonts, templates
from app.printing.flow import BODY, H3, NOTE, SUBTITLE, TITLE, axis_ticks, fit_widths, gap, grid, para, section, table
from app.printing.layout import LANDSCAPE, PORTRAIT, Book, Contents, orientation
from app.printing.meeting import correction_blocks, meeting_flowables
from app.printing.people import roster_rows
from app.printing.render import flowables
from app.roster import rules as roster_rules
from app.roster.model import MemberClass

if TYPE_CHECKING:
    from app.services import Services

Check = Callable[[], None]


def story(s: Services, year: int, layout: dict[str, Any], drafts: bool, check: Check) -> list[Flowable]:
    book = layout["workbook"]
    width = Book.frame_width(PORTRAIT)
    records = [r for r in s.meetings.list(year=year) if drafts or r.status == Status.SIGNED]
    if not records:
        raise UserError(f"{year}年没有已签发的会议记录，无可打印的工作记录"
                        + ("" if drafts else "（草稿不作为记录打印；如需打印草稿，请选择“含草稿”）"))
    out: list[Flowable] = _cover(s, year, book)
    for part in book["sections"]:
        check()
        kind = part["part"]
        if kind == "contents":
            out.append(Contents())
        elif kind == "basics":
            out += _basics(s, year, part["title"], width)
        elif kind == "roster":
            out += _roster(s, year, part["title"], layout)
        elif kind == "year_text":
            out += _year_text(s, year, part["kind"], part["title"])
        elif kind == "meetings" and part.get("layout") == "register":
            out += _register(s, part["kind"], part["title"], records, book, width, check)
        elif kind == "meetings":
            out += _meetings(s, part["kind"], part["title"], records, book, width, check)
        elif kind == "charts":
            out += _charts(s, year, part["title"], width)
        elif kind == "posts":
            out += _posts(s, year, part["title"], width)
        elif kind == "leaders":
            out += _leaders(s, year, part["title"], width)
        elif kind == "development":
            out += _development(s, year, part["title"], width)
        elif kind == "dues":
            out += _dues(s, year, part["title"], width)
    return out


def _cover(s: Services, year: int, book: dict[str, Any]) -> list[Flowable]:
    branch = s.branch.get()
    seats = s.branch.committee_seats_on(min(f"{year}-12-31", s.today()))
    secretary = next((x.member_name for x in seats if x.role == "书记"), "")
    recorder = next((x.member_name for x in seats if x.role == "组织委员"), "")
    values = {"secretary": secretary, "recorder": recorder, "year": year}
    out: list[Flowable] = [Spacer(1, 40 * mm), para(branch.name if branch else "", SUBTITLE), gap(16),
                           para(book["title"], TITLE), gap(6), para(f"{year}年", SUBTITLE), Spacer(1, 60 * mm)]
    out += [para(line.format(**values), SUBTITLE) for line in book["cover_lines"]]
    return [*out, PageBreak()]


def _basics(s: Services, year: int, title: str, width: float) -> list[Flowable]:
    branch = s.branch.get()
    on = min(f"{year}-12-31", s.today())
    members = [m for m in s.roster.list() if roster_rules.is_member_on(m, on)]
    full = sum(1 for m in members if roster_rules.class_on(m, on) == MemberClass.FULL)
    term = next((t for t in s.branch.terms() if t.election_date <= on and (not t.ended_on or t.ended_on > on)), None)
    out = [*section(title)]
    pairs: list[tuple[str, object]] = [
        ("支部全称", branch.name if branch else ""), ("支部类型", branch.kind if branch else ""),
        ("上级党组织", branch.supervising_committee if branch else ""),
        ("成立日期", dates.fmt_cn(branch.founded_on) if branch else ""),
        ("党员人数", f"{len(members)}名（正式党员{full}名、预备党员{len(members) - full}名，截至{dates.fmt_cn(on)}）"),
        ("联系电话", branch.secretary_phone if branch else "")]
    if branch and branch.covered_units:
        pairs.append(("覆盖单位", "、".join(branch.covered_units)))
    if term:
        pairs += [("本届选举日期", dates.fmt_cn(term.election_date)),
                  ("应换届日期", dates.fmt_cn(s.branch.term_due_date(term)))]
    out.append(grid(pairs, width))
    seats = s.branch.committee_seats_on(on)
    out += [para("支部委员会", H3),
            table(["职务", "姓名", "任职日期"], [[x.role, x.member_name, dates.fmt_cn(x.start_date)] for x in seats],
                  fit_widths([40, 50, 50], width / mm), ["c", "c", "c"]) if seats else para("未设支部委员会", NOTE)]
    names: dict[int | None, str] = {m.id: m.name for m in s.roster.list()}
    sizes = s.branch.group_sizes()
    groups = s.branch.groups()
    out += [para("党小组", H3),
            table(["党小组", "组长", "党员人数"], [[g.name, names.get(g.leader_member_id, ""), sizes.get(g.id, 0)]
                                            for g in groups], fit_widths([50, 50, 40], width / mm), ["c", "c", "c"])
            if groups else para("未设党小组", NOTE)]
    return [*out, PageBreak()]


def _roster(s: Services, year: int, title: str, layout: dict[str, Any]) -> list[Flowable]:
    first, last = f"{year}-01-01", f"{year}-12-31"
    members = [m for m in s.roster.list()
               if any(p.start_date <= last and (p.end_date is None or p.end_date >= first) for p in m.periods)]
    _, labels, widths, aligns = templates.columns(layout["roster"])
    rows = roster_rows(members, layout["roster"], full_id=False, on=last)
    out: list[Flowable] = [*orientation(LANDSCAPE), *section(title)]
    out.append(table(labels, rows, fit_widths(widths, Book.frame_width(LANDSCAPE) / mm), aligns, size=8.5))
    left = [m for m in members if not m.active]
    if left:
        out.append(para("本年度离开本支部的党员：" + "；".join(
            f"{m.name}（{dates.fmt_cn(m.left_on)}{m.left_kind}）" for m in left), NOTE))
    return [*out, *orientation(PORTRAIT)]


def _year_text(s: Services, year: int, kind: str, title: str) -> list[Flowable]:
    text = s.meetings.year_text(year, kind)
    body = [para(line) for line in text.splitlines() if line.strip()] or [para("（尚未填写）", NOTE)]
    return [*section(title), *body, PageBreak()]


def _meetings(s: Services, kind: str, title: str, records: list[MeetingSummary], book: dict[str, Any],
              width: float, check: Check) -> list[Flowable]:
    own = [r for r in records if r.kind == kind]
    spec = kinds.of(kind)
    if spec.attendees == Attendees.GROUP:
        own.sort(key=lambda r: (r.group_name or "", r.date, r.start_time))
    also = [r for r in records if r.kind != kind and kind in r.also_counts]
    out: list[Flowable] = [*section(title)]
    if also:
        out.append(para("以下记录同时计为" + kind + "，见其所在部分：" + "；".join(
            f"{dates.fmt_cn(r.date)}“{r.title}”（{r.kind}）" for r in also), NOTE))
    if not own:
        out += [para(f"本年度无单独的{kind}记录。", BODY), PageBreak()]
        return out
    revised = s.meetings.revised_ids()
    for r in own:
        check()
        m = s.meetings.get(r.id)
        month = int(m.date[5:7])
        heading = book["meeting_title"].format(month=month, kind=m.kind, date=dates.fmt_cn(m.date), title=m.title)
        heading += f"　{m.title}" if m.title else ""
        out += meeting_flowables(m, heading, width, s.meetings.revisions(m.id) if m.id in revised else [],
                                 r.group_name or "", tuple(book["signatures"]), draft=not m.signed)
        # Each record on its own pages; 谈心谈话 are short and follow one another.
        out.append(gap(8) if Section.PARTIES in spec.sections else PageBreak())
    if Section.PARTIES in spec.sections:
        out.append(PageBreak())
    return out


def _register(s: Services, kind: str, title: str, records: list[MeetingSummary], book: dict[str, Any],
              width: float, check: Check) -> list[Flowable]:
    """Short records (谈心谈话) as one register, a row each, corrections listed after it."""
    own = [r for r in records if r.kind == kind]
    out: list[Flowable] = [*section(title)]
    if not own:
        return [*out, para(f"本年度无{kind}记录。", BODY), PageBreak()]
    keys, labels, widths, aligns = templates.columns(book["talk_register"])
    revised = s.meetings.revised_ids()
    rows: list[list[Any]] = []
    corrected: list[tuple[int, Meeting, int]] = []
    for i, r in enumerate(own, start=1):
        check()
        m = s.meetings.get(r.id)
        values = {"seq": i, "date": dates.fmt_cn(m.date), "people": "、".join(a.name for a in m.attendance),
                  "place": m.place or "—", "content": m.content.strip() or m.title, "title": m.title,
                  "signed": "", "signatures": ""}  # signed by both parties on paper
        rows.append([values.get(k, "") for k in keys])
        if r.id in revised:
            corrected.append((i, m, r.id))
    out.append(table(labels, rows, fit_widths(widths, width / mm), aligns))
    if corrected:
        out.append(para("更正记录", H3))
        for i, m, mid in corrected:
            out.append(para(f"第{i}条（{dates.fmt_cn(m.date)}，{'、'.join(a.name for a in m.attendance)}）", BODY))
            out += flowables(correction_blocks(m, s.meetings.revisions(mid), heading=False), width)
    return [*out, PageBreak()]


def _charts(s: Services, year: int, title: str, width: float) -> list[Flowable]:
    """The home page's figures drawn with reportlab's own charts (the same numbers)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether

    out: list[Flowable] = [*section(title)]
    for series in figures(s, year):
        data = [[v or 0 for v in series.values]]
        if series.second:
            data = [[v or 0 for v in series.second], data[0]]
        top = max((v for row in data for v in row), default=0)
        if top <= 0:  # nothing to draw: no empty axis
            out.append(KeepTogether([para(series.title, H3), para(f"本年无数据。{series.note}", NOTE)]))
            continue
        drawing = Drawing(width, 46 * mm, initialFontName=fonts.MAIN)  # not Helvetica, which is not embedded
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 14 * mm, 8 * mm, width - 22 * mm, 32 * mm
        chart.data = data
        chart.categoryAxis.categoryNames = list(series.labels)
        chart.categoryAxis.labels.fontName = fonts.MAIN
        chart.categoryAxis.labels.fontSize = 7
        chart.valueAxis.labels.fontName = fonts.MAIN
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        step, ceiling = axis_ticks(top, series.unit)
        chart.valueAxis.valueStep, chart.valueAxis.valueMax = step, ceiling
        chart.valueAxis.labelTextFormat = "%d" if step == int(step) else "%.1f"
        chart.bars[0].fillColor = colors.HexColor("#f3c7c3" if series.second else "#b71c1c")
        if series.second:
            chart.bars[1].fillColor = colors.HexColor("#b71c1c")
        drawing.add(chart)
        if series.unit:  # the axis's unit, at its top
            drawing.add(String(2 * mm, 42 * mm, f"单位：{series.unit}", fontName=fonts.MAIN, fontSize=7))
        out.append(KeepTogether([para(series.title, H3), drawing, para(series.note, NOTE)]))  # title with chart
    return [*out, PageBreak()]


def _posts(s: Services, year: int, title: str, width: float) -> list[Flowable]:
    """共产党员先锋岗 (the posts at the year's end) and 双报到 (reports and service activities)."""

    end = min(f"{year}-12-31", s.today())
    posts = s.posts
    community = s.community
    out: list[Flowable] = [*section(title), para("共产党员先锋岗", H3)]
    found = [p for p in posts.list(include_closed=True) if p.set_up_on <= end and (p.closed_on is None
                                                                                   or p.closed_on > f"{year}-01-01")]
    if found:
        rows = [[p.name, p.kind, p.unit, "、".join(n for _, n in p.holders), p.commitments,
                 "、".join(f"{a['title']}（{dates.fmt_cn(a['on'])}）" for a in p.awards)] for p in found]
        out.append(table(["岗位", "类别", "处室", "在岗党员", "承诺", "评定"], rows,
                         fit_widths([26, 16, 20, 28, 50, 30], width / mm), ["l", "c", "c", "l", "l", "l"], size=8))
        cov = posts.coverage(end)
        out.append(para(f"在岗党员{cov['holding']}名，占党员总数{cov['members']}名的{cov['share']}。", NOTE))
    else:
        out.append(para("本年度未设立共产党员先锋岗。", BODY))
    out.append(para("党员到社区报到和服务", H3))
    acts = community.activities(year)
    cov = community.coverage(year)
    if acts:
        rows = [[dates.fmt_cn(a.done_on), a.community, a.what,
                 "、".join(f"{p.name}（{pr.hours_text(p.tenths)}）" for p in a.people)] for a in acts]
        out.append(table(["日期", "社区", "服务内容", "参加党员（小时）"], rows,
                         fit_widths([24, 34, 60, 52], width / mm), ["c", "l", "l", "l"], size=8))
    out.append(para(f"到社区报到党员{cov['reported']}名（占{cov['share']}）；服务活动{cov['activities']}次，"
                    f"累计{cov['hours']}小时。", NOTE))
    return [*out, PageBreak()]


def _leaders(s: Services, year: int, title: str, width: float) -> list[Flowable]:
    """The speech's duties of leaders: 党课 given against the set numbers, 双重组织生活."""
    as_of = min(f"{year + 1}-01-01", s.today())
    status = {"met": "已达到", "due": "尚差{n}次", "short": "少{n}次"}
    out: list[Flowable] = [*section(title)]
    duties = s.compliance.lecture_duties(year, as_of)
    rows = [[d.name, "、".join(d.roles), str(d.given), str(d.needed),
             "、".join(dates.fmt_cn(x)[5:] for x in d.dates), status[d.status].format(n=d.needed - d.given)]
            for d in duties]
    out.append(para("讲党课", H3))
    out.append(table(["姓名", "身份", "已讲", "应讲", "日期", "情况"], rows,
                     fit_widths([20, 30, 12, 12, 60, 22], width / mm), ["c", "c", "c", "c", "l", "c"], size=9)
               if rows else para("本年度没有登记书记或党员领导干部。", BODY))
    dual = s.compliance.dual_life(year, as_of)
    out.append(para("双重组织生活（以普通党员身份参加党小组会和组织生活会）", H3))
    if not dual:
        return [*out, para("名册中没有党员领导干部。", BODY), PageBreak()]
    mark = {"met": "√", "missing": "×", "due": "待", "future": ""}  # glyphs every CJK font has
    rows = [[d.name, d.group_name or "未编组", *(f"{mark[q.status]}{q.attended}" for q in d.quarters),
             {"met": "参加", "due": "待开", "missing": "未参加"}[d.life_meeting],
             "；".join(f"{dates.fmt_cn(x)[5:]}{k}（{r}）" for x, k, r in d.absences)] for d in dual]
    out.append(table(["姓名", "党小组", "一季度", "二季度", "三季度", "四季度", "组织生活会", "缺席及原因"], rows,
                     fit_widths([18, 24, 14, 14, 14, 14, 18, 50], width / mm), ["c"] * 7 + ["l"], size=9))
    note = "季度栏为参加本人所在党小组会的次数（√ 达到、× 未达到、待 本季度尚未结束）。"
    return [*out, para(note, NOTE), PageBreak()]


def _development(s: Services, year: int, title: str, width: float) -> list[Flowable]:
    service = s.development
    people = [p for p in service.people(include_closed=True)
              if any(st.done_on[:4] == str(year) for st in p.steps) or p.status in ("进行中", "预备党员")]
    out: list[Flowable] = [*section(title)]
    if not people:
        return [*out, para("本年度无发展党员工作记录。", BODY), PageBreak()]
    rows = []
    for p in people:
        done = [st for st in p.steps if st.done_on[:4] == str(year)]
        rows.append([p.name, dev_rules.STAGE_SHORT[service.stage(p) - 1], p.status,
                     *(dates.fmt_cn(d.done_on) if (d := p.done(no)) else "" for no in (1, 3, 7, 15, 24)),
                     "、".join(f"{st.step_no}" for st in done)])
    out.append(table(["姓名", "阶段", "目前情况", "递交申请书", "确定积极分子", "确定发展对象", "支部大会接收",
                      "转正批准", "本年办理的步骤"], rows, fit_widths([18, 22, 16, 22, 22, 22, 22, 22, 24], width / mm),
                     ["c"] * 9, size=8))
    findings = service.check(f"{year}-12-31" if f"{year}-12-31" < s.today() else s.today())
    if findings:
        out += [para("时限与规定提醒", H3)] + [para(f"{f.person}：{f.message}", NOTE) for f in findings]
    return [*out, PageBreak()]


def _dues(s: Services, year: int, title: str, width: float) -> list[Flowable]:
    dues = s.dues
    end, closed = reports.year_end(dues, year)
    ledger = dues.ledger.grid(year, end, closed)
    cash = dues.cash.summary(year)
    due, paid = month_totals(ledger, year)
    rows = [[months.cn(p["period"]), yuan(due[p["period"]]), yuan(paid[p["period"]]), yuan(p["collected_fen"]),
             yuan(p["remitted_fen"]), yuan(p["on_hand_fen"])] for p in cash["months"]]
    y = cash["year"][0]
    rows.append(["全年", yuan(sum(due.values())), yuan(sum(paid.values())), yuan(y["collected_fen"]),
                 yuan(y["remitted_fen"]), yuan(y["on_hand_fen"])])
    out: list[Flowable] = [*section(title), para(f"党员{len(ledger)}名；上年结转{yuan(y['opening_fen'])}。", NOTE),
                           table(["月份", "应交", "所属本月已交", "本月收缴", "本月上缴", "结存"], rows,
                                 fit_widths([24, 26, 28, 26, 26, 26], width / mm), ["c", "r", "r", "r", "r", "r"],
                                 shade=[len(rows) - 1])]
    reminded = dues.reminders.counts(year)
    if reminded[0]:
        out.append(para(f"本年度催缴提醒{reminded[0]}人次（{reminded[1]}名党员）。", NOTE))
    arrears = dues.ledger.arrears(end, closed=closed)
    if arrears:
        out += [para("欠缴情况", H3)] + [para(f"{a.name}：连续{a.count}个月未交足，欠交{yuan(a.owed_fen)}"
                                           + (f"（正当理由：{a.reason}）" if a.reason else ""), NOTE) for a in arrears]
    return [*out, PageBreak()]
