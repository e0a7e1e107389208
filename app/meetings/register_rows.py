"""A register's rows into draft records: the people matched to the roster on the meeting's date,
attendance derived (the people due that day minus the absent) and checked against what the row
says, every problem noted with its sheet, row and column (app/meetings/excel.py reads the file)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.common import dates
from app.common.sheets import Problem, cell_text
from app.meetings import kinds
from app.meetings import register as reg
from app.meetings.kinds import Attendees, Section
from app.meetings.model import Meeting, Observer
from app.meetings.register import CellError, NamedPerson
from app.roster import rules as roster_rules
from db.records.roster import Member
from db.repositories import branch as branch_repo

if TYPE_CHECKING:
    from app.services import Services

#: The service's field -> the register's column (for the service's own checks).
_FIELD_COLUMN = {"kind": "kind", "date": "date", "start_time": "start_time", "end_time": "end_time",
                 "title": "title", "host": "host", "recorder": "recorder", "speaker": "speaker",
                 "lecture_title": "lecture_title", "attendance": "present", "group_id": "group",
                 "also_counts": "also_counts", "agenda": "agenda", "place": "place"}


@dataclass
class RegisterRow:
    """A row understood: where it is, the draft it makes, and what the import does with it."""

    sheet: str
    row: int
    meeting: Meeting
    group_name: str = ""
    existing_id: int | None = None  # 记录编号 of the draft it updates
    unchanged: bool = False  # a record of this file, the same as the row: left as it is

    @property
    def action(self) -> str:
        if self.unchanged:
            return "未改动"
        return f"更新第{self.existing_id}号" if self.existing_id else "新增"


@dataclass
class RegisterPreview:
    """What an import would do: rows, problems (blocking), notes and skipped rows (not blocking)."""

    path: Path
    rows: list[RegisterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, row, why)
    sheets: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and any(not r.unchanged for r in self.rows)

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if not r.unchanged and r.existing_id is None)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if not r.unchanged and r.existing_id is not None)


#: What registers write after a name (张三书记, 李四同志); taken off only when the name then matches.
_TITLES = tuple(sorted(("同志", "书记", "副书记", "委员", "组织委员", "宣传委员", "纪检委员", "主任", "局长", "处长",
                        "科长"), key=len, reverse=True))


class RosterOnDay:
    """The roster by name on a day (every member ever, so a name not there that day is told apart)."""

    def __init__(self, services: Services) -> None:
        self.members = services.roster.list(include_left=True)
        self._on: dict[str, list[Member]] = {}

    def on(self, day: str) -> list[Member]:
        if day not in self._on:
            self._on[day] = [m for m in self.members if roster_rules.is_member_on(m, day)]
        return self._on[day]

    def names_on(self, day: str) -> set[str]:
        return {m.name for m in self.on(day)}

    def describe(self, m: Member) -> str:
        parts = [m.group_name or "", f"身份证号后四位{m.id_number[-4:]}" if m.id_number else ""]
        return f"{m.name}（{'，'.join(p for p in parts if p)}）"

    def match(self, person: NamedPerson, day: str) -> Member:
        """The member ``person`` names on ``day``.

        Raises:
            CellError: nobody of that name that day, or more than one (the message lists who).
        """
        hits = [m for m in self.on(day) if m.name == person.name]
        if not hits and person.name.endswith(_TITLES):  # “张三书记”, “李四同志”: the name without the title
            bare = next(person.name[:-len(t)] for t in _TITLES if person.name.endswith(t))
            hits = [m for m in self.on(day) if m.name == bare]
        if person.id_tail:
            hits = [m for m in hits if m.id_number.upper().endswith(person.id_tail)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            who = "、".join(self.describe(m) for m in hits)
            raise CellError(f"名册中{dates.fmt_cn(day)}有{len(hits)}人叫“{person.name}”：{who}；"
                            f"请在姓名后用括号写明身份证号后四位，如“{person.name}（{hits[0].id_number[-4:]}）”")
        ever = [m for m in self.members if m.name == person.name]
        if ever:
            raise CellError(f"“{person.name}”在{dates.fmt_cn(day)}不是本支部党员"
                            "（请核对会议日期或名册中的入党、转入、转出日期）")
        close = difflib.get_close_matches(person.name, sorted(self.names_on(day)), n=3, cutoff=0.5)
        hint = f"；是否是：{'、'.join(close)}" if close else ""
        raise CellError(f"名册中没有“{dates.shown(person.name)}”{hint}")


class RowReader:
    """One sheet's rows into drafts."""

    def __init__(self, services: Services, preview: RegisterPreview, roster: RosterOnDay, sheet: str,
                 columns: dict[int, str], headers: dict[str, str], default_kind: str | None, many: bool,
                 year: int | None = None) -> None:
        self.s = services
        self.preview = preview
        self.roster = roster
        self.sheet = sheet
        self.columns = columns
        self.headers = headers  # key -> the header as the sheet writes it
        self.default_kind = default_kind
        self.year = year  # of dates written without one (“3月20日”), from the sheet's name or title
        self._named = False  # the note that titles were made up has been given
        self.many = many
        self.groups = {g.name: g.id for g in branch_repo.list_groups(services.conn, True)}

    def problem(self, row: int, key: str | None, message: str) -> None:
        column = self.headers.get(key, reg.LABEL.get(key, key)) if key else None
        self.preview.problems.append(Problem(row, column, message, self.sheet if self.many else ""))

    def read(self, raw: list[Any], row: int) -> RegisterRow | None:
        values = {key: raw[c] if c < len(raw) else None for c, key in self.columns.items()}
        text = {k: cell_text(v) for k, v in values.items()}
        before = len(self.preview.problems)
        kinds_said = self._kind(text.get("kind", ""), row)
        day, start, end = self._when(values, row)
        if kinds_said is None or day is None:
            return None
        kind, also_said = kinds_said
        group_id, group_name = self._group(kind, text.get("group", ""), row)
        m = Meeting(kind=kind, date=day, start_time=start, end_time=end, group_id=group_id)
        for key in ("place", "host", "recorder", "speaker", "lecture_title"):
            setattr(m, key, text.get(key, ""))
        m.title = text.get("title", "")
        m.agenda = reg.lines(values.get("agenda"))
        m.content = reg.multiline(values.get("content"))
        m.resolutions = reg.multiline(values.get("resolutions"))
        also = [kinds.parse(p.name) for p in reg.split_names(text.get("also_counts", ""))]
        m.also_counts = tuple(dict.fromkeys([*also_said, *(k for k in also if k)]))  # “主题党日+党课” too
        if None in also:
            self.problem(row, "also_counts", f"应为：{'、'.join(kinds.COMBINABLE)}")
        if kinds.has(m, Section.SPEAKER) and not m.lecture_title:
            m.lecture_title = m.title  # a register's 主题 of a 党课 is its title
        if not m.title and m.agenda:
            m.title = m.agenda[0]
            self.preview.notes.append(f"{self._where(row)}没有会议名称，以第一项议题“{m.title}”作为名称")
        elif not m.title and "title" not in self.headers:  # a register without a title column at all
            m.title = f"{group_name}{int(day[5:7])}月会议" if group_name else f"{int(day[5:7])}月{kind}"
            if not self._named:
                self._named = True
                self.preview.notes.append((f"工作表“{self.sheet}”" if self.many else "表中") +
                                          "没有会议名称列：名称按“3月支委会”的样式生成，导入后可在记录中修改")
        m.observers = [Observer(p.name, reg.observer_role(p.note)) for p in
                       reg.split_names(text.get("observers", ""))]
        if m.speaker:
            hits = [x for x in self.roster.on(day) if x.name == m.speaker]
            m.speaker_member_id = hits[0].id if len(hits) == 1 else None
        self._attendance(m, values, text, row)
        if len(self.preview.problems) > before:
            return None
        errors = self.s.meetings.validate(m)
        for key, message in errors.items():
            self.problem(row, _FIELD_COLUMN.get(key, key), message)
        if errors:
            return None
        return RegisterRow(self.sheet, row, m, group_name)

    def _where(self, row: int) -> str:
        return (f"工作表“{self.sheet}”" if self.many else "") + f"第{row}行"

    def _kind(self, cell: str, row: int) -> tuple[str, tuple[str, ...]] | None:
        """(the kind, the kinds the cell says it also counts as); None after noting the problem."""
        if not cell:
            if self.default_kind:
                return self.default_kind, ()
            self.problem(row, "kind", "没有填写会议类型")
            return None
        found = reg.kinds_of(cell)
        if found is None:
            self.problem(row, "kind", f"“{dates.shown(cell)}”不是可识别的会议类型，应为：{'、'.join(kinds.NAMES)}"
                                      "（简称如 支委会、党员大会、小组会 也可以；同时计为党课写“主题党日+党课”）")
            return None
        return found

    def _when(self, values: dict[str, Any], row: int) -> tuple[str | None, str, str]:
        try:
            day, start, end = reg.date_and_time(values.get("date"), self.year)
        except CellError as exc:
            self.problem(row, "date", str(exc))
            return None, "", ""
        for key in ("time_range", "start_time", "end_time"):
            if cell_text(values.get(key)) == "" and not isinstance(values.get(key), float):
                continue
            try:
                if key == "time_range":
                    start, end = reg.time_range(values[key])
                elif key == "start_time":
                    start = reg.time_range(values[key])[0]
                else:
                    end = reg.time_range(values[key])[0]
            except CellError as exc:
                self.problem(row, key, str(exc))
        return day, start, end

    def _group(self, kind: str, cell: str, row: int) -> tuple[int | None, str]:
        if not cell:
            return None, ""
        names = [cell, cell + "党小组", cell.removesuffix("党小组"), "第" + cell if not cell.startswith("第") else cell]
        for name in names:
            if name in self.groups:
                return self.groups[name], name
        if kinds.of(kind).attendees == Attendees.GROUP:
            self.problem(row, "group", f"没有名为“{dates.shown(cell)}”的党小组；现有：{'、'.join(self.groups) or '无'}")
        return None, ""

    def _people(self, cell: str, day: str, row: int, key: str) -> list[tuple[Member, NamedPerson]] | None:
        out = []
        failed = False
        for person in reg.split_names(cell, self.roster.names_on(day)):
            try:
                out.append((self.roster.match(person, day), person))
            except CellError as exc:
                self.problem(row, key, str(exc))
                failed = True
        return None if failed else out

    def _attendance(self, m: Meeting, values: dict[str, Any], text: dict[str, str], row: int) -> None:
        service = self.s.meetings
        present_cell, absent_cell = text.get("present", ""), text.get("absent", "")
        if kinds.of(m.kind).attendees == Attendees.CHOSEN:
            people = self._people(present_cell, m.date, row, "present")
            if people is not None:
                m.attendance = [service.participant(member.id, m.date) for member, _ in people]
            return
        m.attendance = service.due_people(m.kind, m.date, m.group_id)
        by_id = {a.member_id: a for a in m.attendance}
        absent = self._people(absent_cell, m.date, row, "absent")
        # a list of the people present (not blank, “全体党员” or “无”) must account for everyone due
        names_present = bool(present_cell) and not reg.means_everyone(present_cell) and not reg.is_none(present_cell)
        listed = self._people(present_cell, m.date, row, "present") if names_present else None
        if absent is None or (names_present and listed is None):
            return
        reasons = [p.name for p in reg.split_names(text.get("absent_reason", ""))]
        for i, (member, person) in enumerate(absent):
            a = by_id.get(member.id)
            if a is None:
                self.problem(row, "absent", f"{member.name}不在本次{m.kind}的应到人员中（{_due_words(m)}）")
                continue
            said = person.note or (reasons[i] if len(reasons) == len(absent) else reasons[0] if len(reasons) == 1
                                   else "")
            if not said:
                self.problem(row, "absent", f"没有写{member.name}的缺席原因，请写成“{member.name}（病假）”或“（出差）”")
                continue
            a.present = False
            a.absence_reason, a.absence_note = reg.absence_reason(said)
        if listed is not None:
            absent_ids = {member.id for member, _ in absent}
            listed_ids = {member.id for member, _ in listed}
            strangers = [member.name for member, _ in listed if member.id not in by_id]
            if strangers:
                self.problem(row, "present", f"{'、'.join(strangers)}不在本次{m.kind}的应到人员中（{_due_words(m)}）；"
                                             "如是列席，请写在“列席人员”中")
            both = [member.name for member, _ in listed if member.id in absent_ids]
            if both:
                self.problem(row, "present", f"{'、'.join(both)}同时写在参加人员和缺席人员中")
            missing = [a.name for a in m.attendance if a.member_id not in listed_ids | absent_ids]
            if missing:
                self.problem(row, "present", f"应到人员中{'、'.join(missing)}既不在参加人员中，也不在缺席人员中；"
                                             "缺席的请写明原因")
        self._counts(m, text, row)

    def _counts(self, m: Meeting, text: dict[str, str], row: int) -> None:
        t = self.s.meetings.tally(m)
        for key, derived, what in (("due_count", t.due, "应到"), ("present_count", t.present, "实到")):
            try:
                said = reg.counts(text.get(key))
            except CellError as exc:
                self.problem(row, key, str(exc))
                continue
            if said is not None and said != derived:
                names = "、".join(a.name for a in m.attendance if what == "应到" or a.present)
                self.problem(row, key, f"表中写{what}{said}人，按名册和缺席人员应为{derived}人（{names}）；"
                                       "请核对名册或缺席人员")


def _due_words(m: Meeting) -> str:
    return {Attendees.COMMITTEE: "当日的支部委员", Attendees.GROUP: "该党小组当日的成员"}.get(
        kinds.of(m.kind).attendees, "当日在册的党员")


