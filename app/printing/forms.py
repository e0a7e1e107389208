"""Paper forms printed before a meeting: the 签到表 (the people due that day, one signature cell
each, lines for 列席) and the blank minutes form (the meeting's grid with empty cells and ruled
pages), for branches that write by hand and enter the record later."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.common import dates
from app.common.errors import UserError
from app.meetings import kinds
from app.meetings.kinds import Attendees, Section
from app.meetings.model import Attendance
from app.printing import fonts
from app.printing.blocks import Block, Break, Gap, Grid, Style, Sub, Tabular, Text, pairs, rows
from app.printing.flow import H1, H3, fit_widths, grid, para, section, signatures, table
from app.printing.layout import PORTRAIT, Book
from app.printing.render import flowables

if TYPE_CHECKING:
    from app.services import Services

#: Blank lines for people attending without a vote (列席) on a sign-in sheet.
OBSERVER_LINES = 4
_BLANK_TIME = "____年____月____日　____:____—____:____"


def kind_of(text: str) -> str:
    """The meeting kind named by ``text`` (full or short name); a clear refusal otherwise."""
    found = kinds.parse(text.strip())
    if found is None:
        raise UserError(f"会议类型“{text}”不认识：可用" + "、".join(k.name for k in kinds.KINDS))
    return str(found)


def signin(s: Services, meeting_id: int | None, kind: str, on: str) -> list[Flowable]:
    return flowables(signin_blocks(s, meeting_id, kind, on), Book.frame_width(PORTRAIT))


def signin_blocks(s: Services, meeting_id: int | None, kind: str, on: str) -> list[Block]:
    """签到表 for record ``meeting_id`` (its kind, day, place and the people it lists) or for a
    meeting of ``kind`` on ``on`` (the people due that day: one sheet per group for 党小组会)."""
    branch = s.branch.get()
    owner = branch.name if branch else ""
    if meeting_id is not None:
        m = s.meetings.get(meeting_id)
        group = next((g.name for g in s.branch.groups(True) if g.id == m.group_id), "")
        when = dates.fmt_cn(m.date) + (f"　{m.start_time}" if m.start_time else "")
        people = list(m.attendance)
        return sheet_blocks(owner, m.kind, m.title, when, m.place, m.host, group, people)
    kind = kind_of(kind)
    if not dates.is_valid_iso(on) or len(on) != 10:
        raise UserError("请给出会议日期（年月日），如 2025-03-12")
    spec = kinds.of(kind)
    if spec.attendees == Attendees.CHOSEN:
        raise UserError(f"{kind}的参加人员由谈话双方确定，没有签到表")
    when = f"{dates.fmt_cn(on)}　____:____"
    if spec.attendees == Attendees.GROUP:
        out: list[Block] = []
        for g in s.branch.groups():
            people = s.meetings.due_people(kind, on, g.id)
            if people:
                out += [*sheet_blocks(owner, kind, "", when, "", "", g.name, people), Break()]
        if not out:
            raise UserError(f"{dates.fmt_cn(on)}没有党小组或党小组中没有党员，无可打印的签到表")
        return out[:-1]
    people = s.meetings.due_people(kind, on)
    if not people:
        raise UserError(f"{dates.fmt_cn(on)}没有应到的人员，无可打印的{kind}签到表")
    return sheet_blocks(owner, kind, "", when, "", "", "", people)


def sheet_blocks(owner: str, kind: str, title: str, when: str, place: str, host: str, group: str,
                 people: list[Attendance]) -> list[Block]:
    """One 签到表: the meeting's grid, a signature cell for each person due, lines for 列席."""
    heading = f"{kind}签到表" if not group else f"{group}{kind}签到表"
    items: list[tuple[str, object]] = [("会议名称", title or "　"), ("时间", when), ("地点", place or "　"),
                                       ("主持人", host or "　")]
    people_rows = [[i, p.name, p.member_class + ("党员" if p.member_class else ""), "", ""]
                   for i, p in enumerate(people, start=1)]
    due_full = sum(1 for p in people if p.member_class == "正式")
    counts = f"应到{len(people)}人（正式党员{due_full}名、预备党员{len(people) - due_full}名），实到____人。"
    observers = [[i, "", "", ""] for i in range(1, OBSERVER_LINES + 1)]
    return [Text(f"{owner}\n{heading}", Style.TITLE), Grid(pairs(items)), Gap(3),
            Tabular(("序号", "姓名", "党员类别", "签到（签字）", "未到原因"), rows(people_rows), (12, 30, 24, 52, 48),
                    ("c", "c", "c", "c", "l"), row_mm=7),
            Text(counts), Sub("列席人员"),
            Tabular(("序号", "姓名", "单位和职务", "签到（签字）"), rows(observers), (12, 30, 72, 52),
                    ("c", "c", "l", "c"), row_mm=7),
            Text("签到表由记录人在会后附于会议记录，缺席人员的原因写入记录。", Style.NOTE)]


def minutes_blank(kind: str) -> list[Flowable]:
    """The empty minutes form of ``kind``: its grid with empty cells, room for those absent and
    present, ruled lines for 议题, 内容 and 决议, and the signature lines; then a ruled page."""
    kind = kind_of(kind)
    spec = kinds.of(kind)
    width = Book.frame_width(PORTRAIT)
    pairs: list[tuple[str, object]] = [("会议名称", "　"), ("会议类型", kind), ("时间", _BLANK_TIME), ("地点", "　")]
    if Section.PARTIES in spec.sections:
        wide: list[tuple[str, object]] = [("谈话双方", "\n"), ("谈话内容", "\n" * 12)]
        signers = ["谈话人签字", "谈话对象签字"]
    else:
        pairs += [("主持人", "　"), ("记录人", "　"), ("应到人数", "　"), ("实到人数", "　")]
        if Section.SPEAKER in spec.sections:
            pairs += [("党课主讲人", "　"), ("党课题目", "　")]
        wide = [("缺席人员及原因", "\n\n"), ("出席人员", "\n\n\n"), ("列席人员", "\n")]
        signers = ["主持人签字", "记录人签字"]
    out: list[Flowable] = [*section(f"{kind}记录", toc=False), grid(pairs, width), grid(wide, width, columns=1)]
    for heading, lines in (("议题", 4), ("会议内容（发言要点）", 14), ("决议（决定事项）", 4)):
        if Section.PARTIES in spec.sections and heading != "会议内容（发言要点）":
            continue
        out += [para(heading, H3), _ruled(lines, width)]
    if spec.quorum is not None:
        out += [para("表决情况", H3), table(["表决事项", "赞成", "反对", "弃权", "结果"], [["", "", "", "", ""]] * 3,
                                           fit_widths([80, 18, 18, 18, 24], width / mm), ["l", "c", "c", "c", "c"])]
    out.append(KeepTogether([Spacer(1, 4 * mm), signatures(signers, width)]))
    out += [PageBreak(), para(f"{kind}记录（续页）", H1), _ruled(int((297 - 70) / 9), width)]
    return out


def _ruled(lines: int, width: float) -> Table:
    ruled = Table([[""] for _ in range(lines)], colWidths=[width], rowHeights=[9 * mm] * lines)
    ruled.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                               ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN)]))
    return ruled
