"""People as printed: roster rows with masked ID numbers, and the 考察表 of a development case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from app.common import dates
from app.development import rules as dev_rules
from app.development.model import CaseStatus
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
    """One person's 考察表: cover, personal data, the dated steps, the half-year entries with
    opinions and sign-off (amendments shown as amendments), milestones."""
    service = s.development
    width = Book.frame_width("portrait")
    admitted = p.status in (CaseStatus.PROBATIONARY, CaseStatus.FULL) or bool(p.done(17))
    title = book["probation_title"] if admitted else book["activist_title"]
    branch = s.branch.get()
    contacts = "、".join(c.name for c in p.contacts if c.role == "培养联系人") or "—"
    introducers = "、".join(c.name for c in p.contacts if c.role == "入党介绍人") or "—"
    values = {"name": p.name, "branch": branch.name if branch else "", "contacts": contacts}
    last = max([p.application_received, *(st.done_on for st in p.steps), *(a.period_end for a in p.assessments)])
    out: list[Flowable] = [*section(f"{p.name}：{title}", 0, TITLE, toc=level_toc), Spacer(1, 30 * mm)]
    out += [para(line.format(**values), SUBTITLE) for line in book["cover_lines"]]
    out += [gap(20), para(f"填表日期：{dates.fmt_cn(last)}", SUBTITLE), PageBreak()]
    out += [para("基本情况", H3), grid([
        ("姓名", p.name), ("性别", p.gender), ("民族", p.ethnicity), ("出生日期", dates.fmt_cn(p.birth_date)),
        ("学历", p.education), ("籍贯", p.native_place), ("工作单位及职务", p.work_unit_post), ("联系电话", p.phone),
        ("申请入党日期", dates.fmt_cn(p.application_written)),
        ("确定为积极分子", dates.fmt_cn(service.activist_date(p))),
        ("确定为发展对象", dates.fmt_cn(s7.done_on) if (s7 := p.done(7)) else ""),
        ("接收为预备党员", dates.fmt_cn(s15.done_on) if (s15 := p.done(15)) else ""),
        ("培养联系人", contacts), ("入党介绍人", introducers), ("适用细则", f"{p.rule_version}年版"),
        ("状态", p.status)], width)]
    steps = [[st.step_no, dev_rules.STEP[st.step_no].name, dates.fmt_cn(st.done_on), st.actor,
              "；".join(x for x in (st.document, st.doc_no, str(st.data.get("conclusion") or ""),
                                   str(st.data.get("outcome") or ""), st.notes) if x)] for st in p.steps]
    out += [para("发展程序", H3), table(["步骤", "名称", "日期", "办理人", "材料、结论及备注"], steps,
                                         fit_widths([10, 46, 26, 22, 60], width / mm), ["c", "l", "c", "c", "l"])]
    out += [para("培养教育考察情况（每半年一次）", H3)]
    if not p.assessments:
        out.append(para("尚无考察写实记录。", NOTE))
    for a in p.assessments:
        out += _entry(a, book, width)
    if p.milestones:
        rows = [[m.kind, dates.fmt_cn(m.date) + (f"至{dates.fmt_cn(m.end_date)}" if m.end_date else ""),
                 m.participants, m.detail] for m in p.milestones]
        out += [para("群众座谈、公示、政审、培训等", H3),
                table(["类别", "日期", "参加人员", "情况"], rows, fit_widths([20, 40, 40, 60], width / mm))]
    return [*out, PageBreak()]


def _entry(a: DevAssessment, book: dict[str, Any], width: float) -> list[Flowable]:
    heading = para(f"考察期间：{dates.fmt_cn(a.period_start)}至{dates.fmt_cn(a.period_end)}", H3)
    pairs: list[tuple[str, object]] = []
    for key, label, who in book["opinions"]:
        text = getattr(a, key) or "无"
        if who:
            author, on = getattr(a, f"{who}_author"), getattr(a, f"{who}_date")
            text += f"\n（{author or '　　'}　{dates.fmt_cn(on)}）"
        pairs.append((label, text))
    out: list[Flowable] = [KeepTogether([heading, grid(pairs, width, columns=1)])]
    if a.signed:
        out.append(para(f"书记签字：{a.signed_by}　{dates.fmt_cn(a.signed_on)}（已签字，以下为签字后追加的补充说明）"
                        if a.amendments else f"书记签字：{a.signed_by}　{dates.fmt_cn(a.signed_on)}", NOTE))
    else:
        out.append(signatures(["党支部书记签字", "日期"], width))
    for am in a.amendments:
        out.append(para(f"补充说明（{dates.fmt_cn(am.at[:10])} {am.by}）：{am.text}", NOTE))
    return out
