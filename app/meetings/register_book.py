"""The meeting register as a workbook: the empty template (every column, an example row and a
sheet explaining each column) and the year's register in the same columns, so that export →
edit → import round-trips (the 记录编号 column says which record a row is)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.common import dates
from app.common.files import save_workbook
from app.meetings import kinds
from app.meetings.model import AbsenceReason, Attendance, Meeting
from app.meetings.register import COLUMNS, absence_reason

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from app.services import Services

_WIDTHS = {"kind": 12, "date": 13, "start_time": 9, "end_time": 9, "place": 14, "group": 12, "title": 26,
           "host": 9, "recorder": 9, "speaker": 9, "lecture_title": 20, "present": 30, "absent": 24,
           "observers": 18, "agenda": 30, "content": 40, "resolutions": 30, "also_counts": 12, "status": 8,
           "record_id": 10}

#: What each column holds (the template's notes sheet).
NOTES: dict[str, str] = {
    "kind": "必填。" + "、".join(k.name for k in kinds.KINDS) + "；简称（支委会、党员大会、小组会、民主评议）也可以。"
            "按会议类型分工作表记录时可以不要此列，工作表名写明类型即可（如“支委会”）。",
    "date": "必填。2025-03-20、2025年3月20日、2025/3/20、2025.3.20 均可；也可连同时间写“2025年3月20日 14:30-16:00”。",
    "start_time": "14:30、9:30、0930、下午2点半均可。也可用一列“起止时间”写“14:30-16:00”“9:00—11:00”“14:30至16:00”。",
    "end_time": "同上。",
    "place": "会议地点。",
    "group": "党小组会必填，写党小组名称（与程序中的名称一致）。",
    "title": "会议名称或主题。表中没有此列时，以第一项议题作名称；也没有议题时按“3月支委会”的样式生成。",
    "host": "除谈心谈话外必填。",
    "recorder": "除党课、谈心谈话外必填。",
    "speaker": "党课必填，写主讲人姓名。",
    "lecture_title": "党课题目；不填时用会议名称。",
    "present": "可不填：不填或写“全体党员”时，按会议日期名册中的应到人员减去缺席人员计算。填写时须列出全部到会人员，"
               "姓名之间用顿号、逗号或空格分隔。谈心谈话在此写谈话双方。",
    "absent": "写成“杨帆（出差）、刘洋（病假）”；原因可写病假、事假、公出或具体事由。无人缺席写“无”或不填。"
              "同名党员在姓名后写身份证号后四位，如“张伟（1234）（病假）”。",
    "observers": "写成“王强（上级党组织代表）、赵敏（入党积极分子）”。",
    "agenda": "每项一行，或写成“1. … 2. …”。",
    "content": "会议的主要内容，可多行。",
    "resolutions": "决议或决定事项，可多行。",
    "also_counts": "这次会议同时算作的会议类型，如主题党日同时上党课写“党课”。",
    "status": "导出时写明草稿或已签发；导入时不读此列，导入的记录都是草稿，须核对后签发。",
    "record_id": "导出时写明是台账中的第几号记录：改过的草稿按编号更新，已签发的记录不能用导入修改；新记录此列留空。",
}


def _head(ws: Worksheet, row: int) -> None:
    fill = PatternFill("solid", fgColor="F2DCDB")
    for c, label in enumerate(["序号"] + [label for _, label in COLUMNS], start=1):
        cell = ws.cell(row=row, column=c, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.column_dimensions["A"].width = 6
    for c, (key, _) in enumerate(COLUMNS, start=2):
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS[key]
    ws.freeze_panes = ws.cell(row=row + 1, column=4)


def _title(ws: Worksheet, text: str) -> None:
    ws.cell(row=1, column=1, value=text).font = Font(size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS) + 1)


def _put(ws: Worksheet, row: int, values: dict[str, object], seq: int) -> None:
    ws.cell(row=row, column=1, value=seq)
    for c, (key, _) in enumerate(COLUMNS, start=2):
        cell = ws.cell(row=row, column=c, value=values.get(key, "") or "")
        cell.number_format = "@"  # dates and times keep their exact characters
        cell.alignment = Alignment(vertical="top", wrap_text=key in ("present", "absent", "agenda", "content",
                                                                    "resolutions"))


def write_template(path: str | Path) -> None:
    """An empty register with every column, one example row to overwrite, and the notes sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会议记录"
    _title(ws, "三会一课登记表（导入模板：第3行为示例，请改为本支部的会议；不用的列可以留空，各列说明见“填写说明”）")
    _head(ws, 2)
    _put(ws, 3, {"kind": "支委会", "date": "2025-03-20", "start_time": "14:30", "end_time": "16:00",
                 "place": "三楼会议室", "title": "研究第一季度党建工作", "host": "张三", "recorder": "李四",
                 "absent": "王五（出差）", "agenda": "1. 传达上级会议精神\n2. 研究发展党员工作",
                 "content": "（会议主要内容）", "resolutions": "（决定事项）"}, 1)
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "填写说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for key, label in COLUMNS:
        notes.append([label, NOTES[key]])
    notes.append(["表尾", "填表人、审核人、合计、注等表尾行会自动跳过，并在导入前列出。"])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 100
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    save_workbook(wb, Path(path))


def _absence(a: Attendance, label: str) -> str:
    reason, note = a.absence_reason or "", a.absence_note.strip()
    if note and absence_reason(note) == (reason, note):
        said = note  # 出差 reads back as 公出 with its words
    elif note:
        said = f"{reason}，{note}" if reason != AbsenceReason.OTHER else f"其他，{note}"
    else:
        said = reason
    return f"{label}（{said}）"


def register_values(m: Meeting, group_name: str, same_named: set[str], id_tails: dict[int, str]) -> dict[str, object]:
    """One record as a row of the register (names that two members share carry their ID's last digits)."""

    def label(a: Attendance) -> str:
        return f"{a.name}（{id_tails.get(a.member_id, '')}）" if a.name in same_named else a.name

    chosen = kinds.of(m.kind).attendees == kinds.Attendees.CHOSEN
    absent = [a for a in m.attendance if not a.present]
    return {
        "kind": m.kind, "date": m.date, "start_time": m.start_time, "end_time": m.end_time, "place": m.place,
        "group": group_name, "title": m.title, "host": m.host, "recorder": m.recorder, "speaker": m.speaker,
        "lecture_title": m.lecture_title if m.lecture_title != m.title else "",
        # blank: the people due that day minus the absent (so an absence is one cell to edit)
        "present": "、".join(label(a) for a in m.attendance if a.present) if chosen else "",
        "absent": "、".join(_absence(a, label(a)) for a in absent) or ("" if chosen else "无"),
        "observers": "、".join(f"{o.name}（{o.role}）" if o.role else o.name for o in m.observers),
        "agenda": "\n".join(f"{i}. {item}" for i, item in enumerate(m.agenda, start=1)),
        "content": m.content, "resolutions": m.resolutions, "also_counts": "、".join(m.also_counts),
        "status": m.status, "record_id": m.id,
    }


def export_register(services: Services, year: int, path: str | Path) -> int:
    """The year's records in the template's columns; returns how many."""
    service = services.meetings
    listed = service.list(year=year)
    members = services.roster.list(include_left=True)
    names = Counter(m.name for m in members)
    same_named = {n for n, k in names.items() if k > 1}
    id_tails = {m.id: m.id_number[-4:] for m in members if m.name in same_named}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会议记录"
    branch = services.branch_name() or ""
    _title(ws, f"{branch}{year}年三会一课登记表（导出日期：{dates.fmt_cn(services.today())}）")
    _head(ws, 2)
    for i, summary in enumerate(sorted(listed, key=lambda r: (r.date, r.start_time or "", r.id)), start=1):
        m = service.get(summary.id)
        values = register_values(m, summary.group_name or "", same_named, id_tails)
        if kinds.of(m.kind).attendees == kinds.Attendees.GROUP and values["present"] == "全体党员":
            values["present"] = ""
        _put(ws, 2 + i, values, i)
    save_workbook(wb, Path(path))
    return len(listed)
