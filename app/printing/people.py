"""People as printed: roster rows with masked ID numbers, and the 考察表 of a development case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from app.common import dates
from app.development import rules as dev_rules
from app.printing.flow import H3, NOTE, SUBTITLE, TITLE, fit_widths, gap, grid, para, section, signatures, table
from app.printing.layout import Book
from app.roster import rules as roster_rules
from db.records.development import DevAssessment, DevPerson
from db.records.roster import Member

if TYPE_CHECKING:
    from app.services import Services


def mask_id(number: str) -> str:
    """110105199001011234 → 110105********1234 (the region and the last four stay)."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else number


def _expected(m: Member) -> str:
    if m.member_class != "预备":
        return ""
    return f"预计{dates.fmt_cn(roster_rules.expected_full_date(m.join_date))}"


def roster_rows(members: list[Member], book: dict[str, Any], full_id: bool,
                on: str | None = None) -> list[list[object]]:
    """The roster's rows; ``on``: 正式/预备 as on that day (as recorded otherwise)."""
    keys = [c["key"] for c in book["columns"]]
    rows = []
    for i, m in enumerate(members, start=1):
        values = {
            "seq": i, "name": m.name, "gender": m.gender, "ethnicity": m.ethnicity,
            "birth_date": dates.fmt_cn(m.birth_date), "id_number": m.id_number if full_id else mask_id(m.id_number),
            "education": m.education, "join_date": dates.fmt_cn(m.join_date),
            "full_date": dates.fmt_cn(m.full_date) or _expected(m),
            "member_class": roster_rules.class_on(m, on) if on else m.member_class, "group": m.group_name or "",
            "work_unit_post": m.work_unit_post,
            "phone": m.phone, "personnel_category": m.personnel_category, "native_place": m.native_place,
            "leader": "是" if m.is_leader_cadre else "",
        }
        rows.append([values.get(k, "") for k in keys])
    return rows


def assessment_story(s: Services, p: DevPerson, book: dict[str, Any], level_toc: bool) -> list[Flowable]:
    """One person's forms: the 入党积极分子培养考察登记表 (with the half-year entries before
    admission) and, once admitted, the 预备党员考察表 (the entries from approval on, the
    introducers' notes and the 转正 section). Empty fields say 无; a missing signature is a
    line to sign on, never empty brackets."""
    admitted_on = s17.done_on if (s17 := p.done(17)) else None  # the 预备党员考察表 starts at approval
    before = [a for a in p.assessments if admitted_on is None or a.period_start < admitted_on]
    after = [a for a in p.assessments if admitted_on is not None and a.period_start >= admitted_on]
    out = _activist_form(s, p, book, before, level_toc)
    if admitted_on is not None:
        out += _probation_form(s, p, book, after, admitted_on, level_toc=False)
    return out


def _unit(s: Services) -> str:
    """The unit on a form's cover, named from the county level down (rulebook §5): the setting,
    or the branch's full name."""
    unit = str(s.development.setting(dev_rules.FORM_UNIT.key) or "").strip()
    branch = s.branch.get()
    return unit or (branch.name if branch else "")


def _cover(s: Services, p: DevPerson, title: str, lines: list[tuple[str, str]], filled: str | None,
           level_toc: bool) -> list[Flowable]:
    branch = s.branch.get()
    rows = [("姓　　名", p.name), ("所在单位", _unit(s)), ("所在党支部", branch.name if branch else ""), *lines]
    out: list[Flowable] = [*section(f"{p.name}：{title}", 0, TITLE, toc=level_toc), Spacer(1, 30 * mm)]
    out += [para(f"{label}：{value or '无'}", SUBTITLE) for label, value in rows]
    out += [gap(20), para(f"填表日期：{dates.fmt_cn(filled) if filled else '____年____月____日'}", SUBTITLE),
            PageBreak()]
    return out


def _basics(s: Services, p: DevPerson, width: float) -> list[Flowable]:
    service = s.development
    contacts = "、".join(c.name for c in p.contacts if c.role == "培养联系人")
    introducers = "、".join(c.name for c in p.contacts if c.role == "入党介绍人")
    pairs: list[tuple[str, object]] = [
        ("姓名", p.name), ("性别", p.gender), ("民族", p.ethnicity), ("出生日期", dates.fmt_cn(p.birth_date)),
        ("学历", p.education), ("籍贯", p.native_place), ("工作单位及职务", p.work_unit_post), ("联系电话", p.phone),
        ("申请入党日期", dates.fmt_cn(p.application_written)),
        ("确定为积极分子", dates.fmt_cn(service.activist_date(p))),
        ("确定为发展对象", dates.fmt_cn(s7.done_on) if (s7 := p.done(7)) else ""),
        ("接收为预备党员", dates.fmt_cn(s15.done_on) if (s15 := p.done(15)) else ""),
        ("培养联系人", contacts), ("入党介绍人", introducers)]
    return [para("基本情况", H3), grid([(k, v or "无") for k, v in pairs], width)]


def _activist_form(s: Services, p: DevPerson, book: dict[str, Any], entries: list[DevAssessment],
                   level_toc: bool) -> list[Flowable]:
    width = Book.frame_width("portrait")
    contacts = "、".join(c.name for c in p.contacts if c.role == "培养联系人")
    out = _cover(s, p, book["activist_title"], [("培养联系人", contacts)], s.development.activist_date(p), level_toc)
    out += _basics(s, p, width)
    steps = [[st.step_no, dev_rules.STEP[st.step_no].name, dates.fmt_cn(st.done_on), st.actor or "无",
              "；".join(x for x in (st.document, st.doc_no, str(st.data.get("conclusion") or ""),
                                   str(st.data.get("outcome") or ""), st.notes) if x) or "无"]
             for st in p.steps if st.step_no < 17]
    out += [para("发展程序", H3), table(["步骤", "名称", "日期", "办理人", "材料、结论及备注"], steps,
                                         fit_widths([10, 46, 26, 22, 60], width / mm), ["c", "l", "c", "c", "l"])]
    out += [para("培养教育考察情况（每半年一次）", H3)]
    if not entries:
        out.append(para("无考察写实记录。", NOTE))
    for a in entries:
        out += _entry(a, book["opinions"], width)
    if p.milestones:
        rows = [[m.kind, dates.fmt_cn(m.date) + (f"至{dates.fmt_cn(m.end_date)}" if m.end_date else ""),
                 m.participants or "无", m.detail or "无"] for m in p.milestones]
        out += [para("群众座谈、公示、政审、培训等", H3),
                table(["类别", "日期", "参加人员", "情况"], rows, fit_widths([20, 40, 40, 60], width / mm))]
    return [*out, PageBreak()]


def _probation_form(s: Services, p: DevPerson, book: dict[str, Any], entries: list[DevAssessment],
                    admitted_on: str, level_toc: bool) -> list[Flowable]:
    width = Book.frame_width("portrait")
    introducers = "、".join(c.name for c in p.contacts if c.role == "入党介绍人")
    out = _cover(s, p, book["probation_title"], [("入党介绍人", introducers)], admitted_on, level_toc)
    out += _basics(s, p, width)
    s15 = p.done(15)
    ends = s.development.probation_end(p)
    out += [para("接收为预备党员", H3), grid([
        ("支部大会讨论日期", dates.fmt_cn(s15.done_on) if s15 else "无"),
        ("上级党委审批日期", dates.fmt_cn(admitted_on)),
        ("预备期", f"{dates.fmt_cn(s15.done_on)}至{dates.fmt_cn(ends)}" if s15 and ends else "无"),
        ("入党介绍人", introducers or "无")], width)]
    out += [para("预备期教育考察情况（每半年一次）", H3)]
    if not entries:
        out.append(para("无考察写实记录。", NOTE))
    for a in entries:
        out += _entry(a, book.get("probation_opinions", book["opinions"]), width)
    s22, s23, s24 = p.done(22), p.done(23), p.done(24)
    outcome = str(s23.data.get("outcome") or "") if s23 else ""
    out += [para("转正", H3), grid([
        ("转正申请日期", dates.fmt_cn(s22.done_on) if s22 else "尚未提出"),
        ("支部大会讨论", (dates.fmt_cn(s23.done_on) + (f"，{outcome}" if outcome else "")) if s23 else "尚未讨论"),
        ("上级党委审批", dates.fmt_cn(s24.done_on) if s24 else "尚未审批"),
        ("转正日期", dates.fmt_cn(ends) if s24 and ends else "无")], width),
        gap(6), signatures(["党支部书记（签字）", "日期"], width)]
    return [*out, PageBreak()]


#: Who signs each opinion, by the opinion's key.
_SIGNER = {"contact": "签字", "group": "党小组组长签字", "branch": "党支部书记签字"}


def _entry(a: DevAssessment, opinions: list[list[Any]], width: float) -> list[Flowable]:
    heading = para(f"考察期间：{dates.fmt_cn(a.period_start)}至{dates.fmt_cn(a.period_end)}", H3)
    pairs: list[tuple[str, object]] = []
    for key, label, who in opinions:
        text = getattr(a, key) or "无"
        if who:
            author, on = getattr(a, f"{who}_author"), getattr(a, f"{who}_date")
            if who == "branch" and a.signed:  # the 书记's sign-off is this opinion's signature
                author, on = author or a.signed_by, on or a.signed_on
            signer = _SIGNER.get(who, "签字")
            text += (f"\n{signer}：{author}　{dates.fmt_cn(on)}" if author and on
                     else f"\n{signer}：{author or '__________'}　日期：{dates.fmt_cn(on) if on else '____年__月__日'}")
        pairs.append((label, text))
    out: list[Flowable] = [KeepTogether([heading, grid(pairs, width, columns=1)])]
    for am in a.amendments:
        out.append(para(f"补充说明（{dates.fmt_cn(am.at[:10])} {am.by}，在书记签字之后追加）：{am.text}", NOTE))
    return out
