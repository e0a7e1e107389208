"""One meeting record as printed: the grid of facts, attendance by name, agenda, speeches,
votes with tallies, resolutions, the 组织生活会 steps and 整改清单, 民主评议 grades, sign-off
and signature lines, and the corrections made after sign-off (who, when, why, what changed)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from reportlab.platypus import Flowable

from app.common import dates
from app.meetings import kinds
from app.meetings import rules as mr
from app.meetings.kinds import Section
from app.meetings.model import Meeting, Revision
from app.printing.blocks import Block, Gap, Grid, Heading, Signatures, Style, Sub, Tabular, Text, pairs, rows
from app.printing.layout import Mark
from app.printing.render import flowables

#: Fields compared to say what a correction changed, with their labels.
_FIELDS = {"title": "会议名称", "date": "日期", "start_time": "开始时间", "end_time": "结束时间", "place": "地点",
           "host": "主持人", "recorder": "记录人", "speaker": "主讲人", "lecture_title": "党课题目",
           "content": "会议内容", "resolutions": "决议", "agenda": "议题", "speeches": "发言",
           "attendance": "出席情况", "observers": "列席人员", "votes": "表决", "grades": "评定等次"}


def _short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else "；".join(_describe(v) for v in value) if isinstance(value, list) \
        else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(item: Any) -> str:
    if isinstance(item, dict):
        if "points" in item:
            return f"{item['speaker']}：{item['points']}"
        if "subject" in item:
            return f"{item['subject']}（赞成{item['yes'] + item['written_yes']}）"
        if "present" in item:
            return f"{item['name']}{'' if item['present'] else '缺席'}"
        if "grade" in item:
            return f"{item['name']}{item['grade'] or ''}"
        return "、".join(str(v) for v in item.values() if v)
    return str(item)


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What a correction changed, field by field, in plain words."""
    out = []
    for key, label in _FIELDS.items():
        old, new = before.get(key), after.get(key)
        if key == "attendance":
            old = [a for a in old or [] if not a["present"]]
            new = [a for a in new or [] if not a["present"]]
        if old != new:
            out.append(f"{label}：由“{_short(old or '（空）')}”改为“{_short(new or '（空）')}”")
    return out


def meeting_flowables(m: Meeting, title: str, width: float, revisions: list[Revision], group_name: str = "",
                      signature_labels: tuple[str, ...] = ("主持人签字", "记录人签字"), draft: bool = False,
                      toc: bool = True) -> list[Flowable]:
    story: list[Flowable] = [Mark("draft-start")] if draft else []
    story += flowables(meeting_blocks(m, title, revisions, group_name, signature_labels), width, toc=toc)
    if draft:
        story.append(Mark("draft-end"))
    return story


def meeting_blocks(m: Meeting, title: str, revisions: list[Revision], group_name: str = "",
                   signature_labels: tuple[str, ...] = ("主持人签字", "记录人签字")) -> list[Block]:
    """One record as printed (and as its Word file says it)."""
    t = mr.tally(m)
    out: list[Block] = [Heading(title, level=1)]
    when = dates.fmt_cn(m.date) + f" {dates.weekday_cn(m.date)}"
    if m.start_time:
        when += f" {m.start_time}" + (f"—{m.end_time}" if m.end_time else "")
    absent = "、".join(f"{name}（{why}）" for name, why in t.absent) or "无"
    items: list[tuple[str, object]] = [("会议名称", m.title), ("会议类型", m.kind + (
        f"（同时计为{'、'.join(m.also_counts)}）" if m.also_counts else "")), ("时间", when), ("地点", m.place)]
    if group_name:
        items.append(("党小组", group_name))
    parts = kinds.sections(m.kind, m.also_counts)
    if Section.PARTIES not in parts:
        items += [("主持人", m.host), ("记录人", m.recorder),
                  ("应到人数", f"{t.due}人（正式党员{t.due_full}名、预备党员{t.due_probationary}名）"),
                  ("实到人数", f"{t.present}人（正式{t.present_full}、预备{t.present_probationary}）")]
    if Section.SPEAKER in parts:
        items += [("党课主讲人", m.speaker), ("党课题目", m.lecture_title)]
    out.append(Grid(pairs(items)))
    wide: list[tuple[str, object]] = []
    if Section.PARTIES in parts:
        wide.append(("谈话人", "、".join(a.name for a in m.attendance)))
    else:
        wide.append(("缺席人员及原因", absent))
        present = [a.name + ("（以普通党员身份）" if a.as_ordinary_member else "") for a in m.attendance if a.present]
        wide.append(("出席人员", "、".join(present) or "无"))
    wide.append(("列席人员", "、".join(f"{o.name}（{o.role}）" if o.role else o.name for o in m.observers) or "无"))
    if t.quorum_text:  # the quorum as the minutes state it, in the grid
        wide.append(("到会情况", t.quorum_text))
    out.append(Grid(pairs(wide), columns=1))
    if m.agenda:
        out.append(Sub("议题"))
        out += [Text(f"{i}. {item}") for i, item in enumerate(m.agenda, start=1)]
    if m.content.strip():
        out.append(Sub("会议内容"))
        out += [Text(line) for line in m.content.strip().splitlines() if line.strip()]
    if m.speeches:
        out.append(Sub("发言要点"))
        out += [Text(f"{s.speaker}：{s.points}") for s in m.speeches]
    if m.votes:
        out.append(Sub("表决情况"))
        table_rows: list[list[object]] = []
        for v, r in zip(m.votes, t.votes, strict=True):
            written = v.written_yes + v.written_no + v.written_abstain
            verdict = {True: "通过", False: "未通过", None: ""}[r.passes]
            table_rows.append([v.subject, v.method, r.yes, r.no, r.abstain, written or "", verdict])
        out.append(Tabular(("表决事项", "方式", "赞成", "反对", "弃权", "其中书面意见", "结果"), rows(table_rows),
                           (60, 20, 14, 14, 14, 22, 16), ("l", "c", "c", "c", "c", "c", "c")))
        out += [Text(r.text, Style.NOTE) for r in t.votes]
    if m.resolutions.strip():
        out.append(Sub("决议（决定事项）"))
        out += [Text(line) for line in m.resolutions.strip().splitlines() if line.strip()]
    if Section.GRADES in parts and m.grades:
        out += _grades(m)
    if Section.PROCEDURE in parts:
        out += _life(m)
    out.append(Gap(2))
    # paper's words only: the day the record was completed, and the signature lines
    dated = f"记录日期：{dates.fmt_cn(m.signed_at[:10])}" if m.signed and m.signed_at else ""
    out.append(Signatures(tuple(signature_labels), dated))
    out += correction_blocks(m, revisions)
    return out


def _grades(m: Meeting) -> list[Block]:
    names = {a.member_id: (a.name, a.member_class) for a in m.attendance}
    table_rows: list[list[object]] = []
    counts: dict[str, int] = {}
    for g in m.grades:
        name, klass = names.get(g.member_id, (g.name, ""))
        grade = g.grade or ("参加评议，不评定等次" if klass == "预备" else "")
        counts[g.grade or "不评定等次"] = counts.get(g.grade or "不评定等次", 0) + 1
        table_rows.append([name, klass, grade, g.note])
    summary = "、".join(f"{k}{v}名" for k, v in counts.items())
    return [Sub("民主评议党员结果"), Text(f"评定结果：{summary}", Style.NOTE),
            Tabular(("姓名", "类别", "评定等次", "备注"), rows(table_rows), (30, 16, 40, 60), ("c", "c", "c", "l"))]


def _life(m: Meeting) -> list[Block]:
    done = {s.step: s for s in m.steps}
    steps = [[stage, step, dates.fmt_cn(done[step].done_on) if step in done else "", done[step].note if step in done
              else ""] for stage, step in mr.LIFE_MEETING_STEPS]
    out: list[Block] = [Sub("组织生活会程序"), Tabular(("阶段", "步骤", "完成日期", "备注"), rows(steps),
                                                     (14, 70, 32, 40), ("c", "l", "c", "l"))]
    if m.rectifications:
        items = [[i, r.item, r.owner, dates.fmt_cn(r.due_on), dates.fmt_cn(r.done_on) or "未完成", r.note]
                 for i, r in enumerate(m.rectifications, start=1)]
        out += [Sub("整改清单"), Tabular(("序号", "整改事项", "责任人", "完成时限", "完成情况", "备注"), rows(items),
                                        (10, 60, 18, 26, 26, 30), ("c", "l", "c", "c", "c", "l"))]
    return out


def correction_blocks(m: Meeting, revisions: list[Revision], heading: bool = True) -> list[Block]:
    """Each correction of ``m``: when, who, why, and what it changed, oldest first."""
    if not revisions:
        return []
    out: list[Block] = [Sub("更正记录")] if heading else []
    current = asdict(m)
    versions = [r.snapshot for r in revisions] + [current]
    for i, r in enumerate(revisions):
        when = f"{dates.fmt_cn(r.revised_at[:10])} {r.revised_at[11:16]}"
        out.append(Text(f"{i + 1}. {when}，{r.revised_by}更正，原因：{r.reason}"))
        for line in changes(versions[i], versions[i + 1]) or ["（内容未变）"]:
            out.append(Text(f"　　{line}", Style.NOTE))
    return out
