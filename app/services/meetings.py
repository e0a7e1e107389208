"""The branch work record (党支部工作记录): meetings, attendance, votes, sign-off and corrections."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app import dates, meeting_rules as mr, rules
from app.errors import UserError, ValidationError
from db import meetings as mrepo
from db import repo
from db.connection import transaction


@dataclass
class Attendance:
    """One person due at the meeting (应到), and whether they came."""

    member_id: int
    name: str = ""
    member_class: str = "正式"
    present: bool = True
    absence_reason: str | None = None
    absence_note: str = ""
    as_ordinary_member: bool = False
    is_leader_cadre: bool = False


@dataclass
class Observer:
    name: str
    role: str = ""


@dataclass
class Speech:
    speaker: str
    points: str


@dataclass
class Vote:
    subject: str
    method: str = "举手"
    yes: int = 0
    no: int = 0
    abstain: int = 0
    written_yes: int = 0
    written_no: int = 0
    written_abstain: int = 0


@dataclass
class Grade:
    member_id: int
    grade: str | None
    note: str = ""
    name: str = ""


@dataclass
class Step:
    step: str
    done_on: str | None = None
    note: str = ""


@dataclass
class Rectification:
    item: str
    owner: str = ""
    due_on: str | None = None
    done_on: str | None = None
    note: str = ""
    id: int | None = None


@dataclass
class Meeting:
    """A record of the work-record book, as edited and as stored."""

    kind: str
    date: str
    title: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    group_id: int | None = None
    host: str = ""
    recorder: str = ""
    speaker: str = ""
    speaker_member_id: int | None = None
    lecture_title: str = ""
    content: str = ""
    resolutions: str = ""
    also_counts: tuple[str, ...] = ()
    agenda: list[str] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    observers: list[Observer] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    rectifications: list[Rectification] = field(default_factory=list)
    id: int | None = None
    status: str = "草稿"
    signed_at: str | None = None
    signed_by: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)

    def counts_as(self, kind: str) -> bool:
        return self.kind == kind or kind in self.also_counts

    @property
    def signed(self) -> bool:
        return self.status == "已签发"


@dataclass(frozen=True)
class VoteResult:
    subject: str
    yes: int
    no: int
    abstain: int
    passes: bool | None
    text: str


@dataclass(frozen=True)
class Tally:
    """Attendance counts and the quorum and pass rules of rulebook 2.2."""

    due_full: int
    due_probationary: int
    present_full: int
    present_probationary: int
    absent: tuple[tuple[str, str], ...]
    quorum: bool | None
    quorum_text: str
    votes: tuple[VoteResult, ...]

    @property
    def due(self) -> int:
        return self.due_full + self.due_probationary

    @property
    def present(self) -> int:
        return self.present_full + self.present_probationary


#: Kinds another record may also count as ("主题党日 + 党课").
COMBINABLE = ("支部党员大会", "党课", "主题党日", "组织生活会", "民主评议党员")


class MeetingService:
    """Use cases of the work record. Every write is one transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- who is due ---------------------------------------------------------------------

    def due_people(self, kind: str, on: str, group_id: int | None = None) -> list[Attendance]:
        """The people due at a meeting of ``kind`` on ``on`` (应到), all marked present.

        支委会: the committee members in office; 党小组会: that group's members; 谈心谈话: none
        (the participants are chosen); anything else: every member of the branch that day.
        """
        members = {m.id: m for m in repo.list_members(self.conn) if rules.is_member_on(m, on)}
        if kind == "支委会":
            ids = [i for i in repo.committee_member_ids_on(self.conn, on) if i in members]
        elif kind == "党小组会":
            ids = [i for i in repo.group_member_ids_on(self.conn, group_id, on) if i in members] if group_id else []
        elif kind == "谈心谈话":
            ids = []
        else:
            ids = list(members)
        people = [members[i] for i in ids]
        people.sort(key=lambda m: (rules.class_on(m, on) != "正式", m.join_date, m.id))
        return [Attendance(member_id=m.id, name=m.name, member_class=rules.class_on(m, on),
                           present=True, as_ordinary_member=m.is_leader_cadre,
                           is_leader_cadre=m.is_leader_cadre) for m in people]

    def participant(self, member_id: int, on: str) -> Attendance:
        """A chosen participant (谈心谈话)."""
        member = repo.get_member(self.conn, member_id)
        if member is None:
            raise UserError("找不到该党员")
        return Attendance(member_id=member.id, name=member.name, member_class=rules.class_on(member, on),
                          is_leader_cadre=member.is_leader_cadre)

    # -- rules --------------------------------------------------------------------------

    def tally(self, meeting: Meeting) -> Tally:
        full = [a for a in meeting.attendance if a.member_class == "正式"]
        prob = [a for a in meeting.attendance if a.member_class == "预备"]
        present_full = sum(1 for a in full if a.present)
        present_prob = sum(1 for a in prob if a.present)
        absent = tuple((a.name, a.absence_reason + (f"：{a.absence_note}" if a.absence_note else ""))
                       for a in meeting.attendance if not a.present and a.absence_reason)
        quorum: bool | None = None
        text = ""
        if meeting.kind == "支部党员大会":
            quorum = mr.general_meeting_quorum(len(full), present_full)
            text = (f"应到有表决权党员{len(full)}名，实到{present_full}名，"
                    + ("超过半数，可以进行表决" if quorum else "未超过半数，不足法定人数，不能进行表决"))
        elif meeting.kind == "支委会":
            due = len(meeting.attendance)
            present = present_full + present_prob
            quorum = mr.committee_quorum(due, present)
            text = f"应到委员{due}名，实到{present}名，" + ("超过半数，可以召开" if quorum else "未超过半数，不能召开")
        results = []
        for v in meeting.votes:
            yes, no, abstain = v.yes + v.written_yes, v.no + v.written_no, v.abstain + v.written_abstain
            passes: bool | None = None
            note = f"赞成{yes}票、反对{no}票、弃权{abstain}票"
            if v.written_yes or v.written_no or v.written_abstain:
                note += f"（含书面意见{v.written_yes + v.written_no + v.written_abstain}份）"
            if meeting.kind in ("支部党员大会", "支委会"):
                # 支部党员大会: more than half of the voting members due (条例 Art. 11). The 支委会
                # threshold is unconfirmed (rulebook 2.2 [U]); the same "more than half of the
                # members due" is applied until the supervising committee says otherwise.
                base = len(full) if meeting.kind == "支部党员大会" else len(meeting.attendance)
                passes = mr.motion_passes(base, yes) and quorum is not False
                label = "应到有表决权党员" if meeting.kind == "支部党员大会" else "应到委员"
                if quorum is False:
                    note += "；到会人数不足，表决无效"
                elif passes:
                    note += f"；超过{label}（{base}名）的半数，通过"
                else:
                    note += f"；未超过{label}（{base}名）的半数，未通过"
            results.append(VoteResult(v.subject, yes, no, abstain, passes, note))
        return Tally(len(full), len(prob), present_full, present_prob, absent, quorum, text, tuple(results))

    def validate(self, meeting: Meeting, for_sign_off: bool = False) -> dict[str, str]:
        """Field problems (field -> Chinese message); empty when the record can be saved."""
        e: dict[str, str] = {}
        if meeting.kind not in mr.MEETING_KINDS:
            e["kind"] = "会议类型不正确"
            return e
        if not dates.is_valid_iso(meeting.date) or len(meeting.date) != 10:
            e["date"] = "请填写会议日期（年月日）"
        elif for_sign_off and meeting.date > dates.today():
            e["date"] = "会议尚未召开，不能签发"
        for key in ("start_time", "end_time"):
            if not mr.valid_time(getattr(meeting, key)):
                e[key] = "时间格式应为 14:30"
        if meeting.start_time and meeting.end_time and "start_time" not in e and "end_time" not in e \
                and meeting.end_time <= meeting.start_time:
            e["end_time"] = "结束时间应晚于开始时间"
        if not meeting.title.strip():
            e["title"] = "请填写会议名称或主题"
        if meeting.kind == "党小组会":
            if meeting.group_id is None or repo.get_group(self.conn, meeting.group_id) is None:
                e["group_id"] = "请选择召开党小组会的党小组"
        if meeting.kind != "谈心谈话":
            if not meeting.host.strip():
                e["host"] = "请填写主持人"
            if meeting.kind != "党课" and not meeting.recorder.strip():
                e["recorder"] = "请填写记录人"
        if meeting.counts_as("党课"):
            if not meeting.speaker.strip():
                e["speaker"] = "请填写党课主讲人"
            if not meeting.lecture_title.strip():
                e["lecture_title"] = "请填写党课题目"
        bad_also = [k for k in meeting.also_counts if k == meeting.kind or k not in COMBINABLE]
        if bad_also:
            e["also_counts"] = "“同时计为”不能选择：" + "、".join(bad_also)
        if "date" not in e:
            self._check_attendance(meeting, e)
        self._check_votes(meeting, e)
        self._check_grades(meeting, e, for_sign_off)
        for i, item in enumerate(meeting.agenda, start=1):
            if not item.strip():
                e["agenda"] = f"第{i}项议题为空"
        for r in meeting.rectifications:
            if not r.item.strip():
                e["rectifications"] = "整改事项不能为空"
            for d in (r.due_on, r.done_on):
                if d and not dates.is_valid_iso(d):
                    e["rectifications"] = f"整改事项“{r.item}”的日期格式不正确"
        for s in meeting.steps:
            if s.done_on and not dates.is_valid_iso(s.done_on):
                e["steps"] = f"“{s.step}”的日期格式不正确"
        return e

    def _check_attendance(self, meeting: Meeting, e: dict[str, str]) -> None:
        if meeting.kind == "谈心谈话":
            ids = [a.member_id for a in meeting.attendance]
            if len(set(ids)) < 2:
                e["attendance"] = "谈心谈话请选择至少两名谈话人"
            for a in meeting.attendance:
                member = repo.get_member(self.conn, a.member_id)
                if member is None or not rules.is_member_on(member, meeting.date):
                    e["attendance"] = f"{a.name or a.member_id}在{dates.fmt_cn(meeting.date)}不是本支部党员"
            return
        due = {a.member_id for a in self.due_people(meeting.kind, meeting.date, meeting.group_id)}
        given = [a.member_id for a in meeting.attendance]
        if len(given) != len(set(given)):
            e["attendance"] = "出席名单中有重复人员"
        elif set(given) != due:
            extra = set(given) - due
            missing = due - set(given)
            names = repo.names_by_id(self.conn, extra | missing)
            parts = []
            if missing:
                parts.append("缺少应到人员：" + "、".join(names.get(i, str(i)) for i in missing))
            if extra:
                parts.append("以下人员当日不在应到范围（可列为列席）：" + "、".join(names.get(i, str(i)) for i in extra))
            e["attendance"] = "；".join(parts) + "。请按会议日期重新生成出席名单"
        for a in meeting.attendance:
            if not a.present:
                if a.absence_reason not in mr.ABSENCE_REASONS:
                    e["attendance"] = f"请填写{a.name}的缺席原因（病假、事假、公出或其他）"
                elif a.absence_reason == "其他" and not a.absence_note.strip():
                    e["attendance"] = f"{a.name}的缺席原因为“其他”，请写明具体原因"

    def _check_votes(self, meeting: Meeting, e: dict[str, str]) -> None:
        if not meeting.votes:
            return
        voting = [a for a in meeting.attendance if a.member_class == "正式"]
        if meeting.kind == "支委会":
            voting = list(meeting.attendance)
        present = sum(1 for a in voting if a.present)
        absent = len(voting) - present
        for i, v in enumerate(meeting.votes, start=1):
            label = f"第{i}项表决（{v.subject or '未填写事项'}）"
            if not v.subject.strip():
                e["votes"] = f"第{i}项表决请填写表决事项"
            elif v.method not in mr.VOTE_METHODS:
                e["votes"] = f"{label}：表决方式应为举手或无记名投票"
            elif min(v.yes, v.no, v.abstain, v.written_yes, v.written_no, v.written_abstain) < 0:
                e["votes"] = f"{label}：票数不能为负数"
            elif v.yes + v.no + v.abstain > present:
                e["votes"] = f"{label}：现场票数合计{v.yes + v.no + v.abstain}，超过到会有表决权人数{present}"
            elif v.written_yes + v.written_no + v.written_abstain > absent:
                e["votes"] = f"{label}：书面意见{v.written_yes + v.written_no + v.written_abstain}份，超过未到会有表决权人数{absent}"

    def _check_grades(self, meeting: Meeting, e: dict[str, str], for_sign_off: bool) -> None:
        if not meeting.counts_as("民主评议党员"):
            if meeting.grades:
                e["grades"] = "只有民主评议党员的记录才能填写评定等次"
            return
        classes = {a.member_id: a for a in meeting.attendance}
        graded = [a for a in meeting.attendance if a.member_class == "正式"]
        for g in meeting.grades:
            person = classes.get(g.member_id)
            if person is None:
                e["grades"] = f"{g.name or g.member_id}不在本次评议范围内"
            elif person.member_class == "预备" and g.grade is not None:
                e["grades"] = f"{person.name}是预备党员，参加评议但不评定等次"
            elif g.grade is not None and g.grade not in mr.GRADES:
                e["grades"] = f"{person.name}的等次应为：" + "、".join(mr.GRADES)
        excellent = sum(1 for g in meeting.grades if g.grade == "优秀")
        cap = mr.excellent_cap(len(graded))
        if excellent > cap:
            e["grades"] = (f"评为“优秀”的有{excellent}名，超过参评正式党员（{len(graded)}名）的三分之一"
                           f"（最多{cap}名），不能保存")
        if for_sign_off and "grades" not in e:
            done = {g.member_id for g in meeting.grades if g.grade}
            missing = [a.name for a in graded if a.member_id not in done]
            if missing:
                e["grades"] = "以下正式党员尚未评定等次：" + "、".join(missing)

    # -- reading ------------------------------------------------------------------------

    def get(self, meeting_id: int) -> Meeting:
        row = mrepo.get_meeting(self.conn, meeting_id)
        if row is None:
            raise UserError(f"找不到编号为 {meeting_id} 的会议记录")
        return _from_row(self.conn, row)

    def list(self, year: int | None = None, date_from: str | None = None, date_to: str | None = None,
             kind: str | None = None, person: int | None = None, text: str = "") -> list[dict[str, Any]]:
        """Summaries for the record list, filtered; ``text`` is a full-text search."""
        if year is not None:
            date_from, date_to = f"{year:04d}-01-01", f"{year:04d}-12-31"
        rows = mrepo.list_meetings(self.conn, date_from, date_to, [kind] if kind else None)
        if person is not None:
            with_person = mrepo.meetings_with_member(self.conn, person)
            name = repo.names_by_id(self.conn, [person]).get(person, "")
            rows = [r for r in rows if r["id"] in with_person or (name and name in (r["host"], r["recorder"], r["speaker"]))]
        terms = text.split()
        if terms:
            found = mrepo.search_ids(self.conn, terms)
            rows = [r for r in rows if r["id"] in found]
        for r in rows:
            r["late"] = bool(r["signed_at"]) and mr.signed_late(r["date"], r["signed_at"][:10])
        return rows

    def revisions(self, meeting_id: int) -> list[dict[str, Any]]:
        return mrepo.revisions(self.conn, meeting_id)

    def last_of_kind(self, kind: str, group_id: int | None = None, before: str | None = None) -> Meeting | None:
        rows = [r for r in mrepo.list_meetings(self.conn, None, before, [kind])
                if r["kind"] == kind and (group_id is None or r["group_id"] == group_id)]
        return self.get(rows[-1]["id"]) if rows else None

    def new_from_last(self, kind: str, on: str, group_id: int | None = None) -> Meeting:
        """A new draft for ``on`` starting from the last record of the same kind: agenda, place,
        host, recorder and times copied (not the title, which names the month or theme);
        attendance made afresh from the roster that day."""
        last = self.last_of_kind(kind, group_id)
        meeting = Meeting(kind=kind, date=on, group_id=group_id)
        if last is not None:
            meeting = replace(meeting, start_time=last.start_time, end_time=last.end_time,
                              place=last.place, host=last.host, recorder=last.recorder,
                              agenda=list(last.agenda),
                              group_id=group_id if group_id is not None else last.group_id)
        meeting.attendance = self.due_people(kind, on, meeting.group_id)
        return meeting

    # -- writing ------------------------------------------------------------------------

    def save(self, meeting: Meeting) -> int:
        """Create or update a draft. A signed-off record can only be corrected (:meth:`correct`)."""
        errors = self.validate(meeting)
        if errors:
            raise ValidationError(errors)
        with transaction(self.conn):
            if meeting.id is None:
                meeting_id = mrepo.insert_meeting(self.conn, _columns(meeting))
            else:
                current = mrepo.get_meeting(self.conn, meeting.id)
                if current is None:
                    raise UserError("该会议记录已不存在")
                if current["locked"]:
                    raise UserError("该记录已签发，只能以“更正”方式修改")
                meeting_id = meeting.id
                mrepo.update_meeting(self.conn, meeting_id, _columns(meeting))
            self._write_parts(meeting_id, meeting, allow_delete=True)
            repo.log_change(self.conn, "meeting", meeting_id, "保存草稿", None,
                            {"kind": meeting.kind, "date": meeting.date, "title": meeting.title})
        return meeting_id

    def _write_parts(self, meeting_id: int, meeting: Meeting, allow_delete: bool) -> None:
        mrepo.replace_parts(self.conn, meeting_id, _parts(meeting))
        mrepo.replace_tracking(self.conn, meeting_id, [asdict(s) for s in meeting.steps],
                               [asdict(r) for r in meeting.rectifications], allow_delete)
        mrepo.set_search_text(self.conn, meeting_id, _search_body(meeting))

    def delete(self, meeting_id: int) -> None:
        with transaction(self.conn):
            current = mrepo.get_meeting(self.conn, meeting_id)
            if current is None:
                return
            if current["status"] == "已签发":
                raise UserError("已签发的记录不能删除")
            mrepo.delete_meeting(self.conn, meeting_id)
            repo.log_change(self.conn, "meeting", meeting_id, "删除草稿", {"title": current["title"]}, None)

    def sign_off(self, meeting_id: int, signed_by: str, on: str | None = None) -> None:
        """签发: the record becomes read-only. Signing more than 3 working days after the
        meeting is allowed but shown as late."""
        on = on or dates.today()
        if not signed_by.strip():
            raise ValidationError({"signed_by": "请填写签发人"})
        meeting = self.get(meeting_id)
        if meeting.signed:
            raise UserError("该记录已经签发")
        errors = self.validate(meeting, for_sign_off=True)
        if on < meeting.date:
            errors["date"] = "签发日期不能早于会议日期"
        if errors:
            raise ValidationError(errors, "不能签发：")
        with transaction(self.conn):
            stamp = on + "T" + repo.now()[11:] if on != dates.today() else repo.now()
            mrepo.set_lock(self.conn, meeting_id, True, status="已签发", signed_at=stamp,
                           signed_by=signed_by.strip())
            repo.log_change(self.conn, "meeting", meeting_id, "签发", None,
                            {"by": signed_by, "at": stamp})

    def correct(self, meeting: Meeting, by: str, reason: str) -> None:
        """更正 a signed-off record: the previous version is kept with who, when and why."""
        errors = self.validate(meeting, for_sign_off=True)
        if not by.strip():
            errors["revised_by"] = "请填写更正人"
        if not reason.strip():
            errors["reason"] = "请填写更正原因"
        if errors:
            raise ValidationError(errors, "不能更正：")
        assert meeting.id is not None
        with transaction(self.conn):
            before = self.get(meeting.id)
            if not before.signed:
                raise UserError("草稿可以直接修改，无需更正")
            mrepo.insert_revision(self.conn, meeting.id, by.strip(), reason.strip(), _snapshot(before))
            mrepo.set_lock(self.conn, meeting.id, False)
            mrepo.update_meeting(self.conn, meeting.id, _columns(meeting))
            self._write_parts(meeting.id, meeting, allow_delete=False)
            mrepo.set_lock(self.conn, meeting.id, True)
            repo.log_change(self.conn, "meeting", meeting.id, "更正", None, {"by": by, "reason": reason})

    def update_tracking(self, meeting_id: int, steps: list[Step], rectifications: list[Rectification]) -> None:
        """Dates of the 组织生活会 procedure and the rectification list, also after sign-off
        (items of a signed record can be completed but not removed)."""
        meeting = self.get(meeting_id)
        check = replace(meeting, steps=steps, rectifications=rectifications)
        errors = {k: v for k, v in self.validate(check).items() if k in ("steps", "rectifications")}
        if errors:
            raise ValidationError(errors)
        with transaction(self.conn):
            try:
                mrepo.replace_tracking(self.conn, meeting_id, [asdict(s) for s in steps],
                                       [asdict(r) for r in rectifications], allow_delete=not meeting.signed)
            except sqlite3.IntegrityError as exc:
                raise UserError(str(exc)) from exc
            repo.log_change(self.conn, "meeting", meeting_id, "更新整改情况", None,
                            {"items": len(rectifications)})

    # -- attachments --------------------------------------------------------------------

    def add_attachment(self, meeting_id: int, path: str | Path) -> int:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"无法读取 {path}：{exc.strerror or exc}") from exc
        digest = hashlib.sha256(data).hexdigest()
        with transaction(self.conn):
            for existing in mrepo.get_meeting(self.conn, meeting_id)["attachments"]:
                if existing["sha256"] == digest:
                    raise UserError(f"该文件已作为附件“{existing['filename']}”保存过")
            return mrepo.insert_attachment(self.conn, meeting_id, path.name, digest, data)

    def attachment(self, attachment_id: int) -> tuple[str, bytes, str]:
        """(file name, content, SHA-256); the content is checked against its hash."""
        row = mrepo.attachment(self.conn, attachment_id)
        if row is None:
            raise UserError("附件不存在")
        data = bytes(row["data"])
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise UserError(f"附件“{row['filename']}”已损坏（校验值不符）")
        return row["filename"], data, row["sha256"]

    def remove_attachment(self, attachment_id: int) -> None:
        with transaction(self.conn):
            try:
                mrepo.delete_attachment(self.conn, attachment_id)
            except sqlite3.IntegrityError as exc:
                raise UserError(str(exc)) from exc

    def open_rectifications(self, as_of: str | None = None) -> list[dict[str, Any]]:
        """整改事项 not yet done, oldest deadline first, each marked ``overdue``."""
        as_of = as_of or dates.today()
        rows = self.conn.execute(
            "SELECT r.item, r.owner, r.due_on, m.id AS meeting_id, m.title, m.date "
            "FROM rectification_item r JOIN meeting m ON m.id = r.meeting_id "
            "WHERE r.done_on IS NULL ORDER BY coalesce(r.due_on, '9999'), r.id")
        return [dict(r) | {"overdue": bool(r["due_on"] and r["due_on"] < as_of)} for r in rows]

    # -- yearly figures -----------------------------------------------------------------

    def lecture_counts(self, year: int) -> dict[str, list[tuple[str, int]]]:
        """党课 given in ``year`` by the secretary (书记 at the time) and by leader members."""
        secretaries: dict[int, int] = {}
        leaders: dict[int, int] = {}
        leader_ids = repo.leader_cadre_ids(self.conn)
        for r in self.list(year=year, kind="党课"):
            speaker = r["speaker_member_id"]
            if speaker is None:
                continue
            term = [t for t in repo.list_terms(self.conn)
                    if t.election_date <= r["date"] and (t.ended_on is None or t.ended_on > r["date"])]
            secretary_ids = {s.member_id for t in term for s in repo.list_seats(self.conn, t.id, False)
                             if s.role == "书记" and s.start_date <= r["date"]
                             and (s.end_date is None or s.end_date > r["date"])}
            if speaker in secretary_ids:
                secretaries[speaker] = secretaries.get(speaker, 0) + 1
            if speaker in leader_ids:
                leaders[speaker] = leaders.get(speaker, 0) + 1
        names = repo.names_by_id(self.conn, set(secretaries) | set(leaders) | leader_ids)
        return {
            "secretary": [(names[i], n) for i, n in secretaries.items()],
            "leaders": [(names[i], leaders.get(i, 0)) for i in sorted(leader_ids)],
        }


def _columns(m: Meeting) -> dict[str, Any]:
    return {k: getattr(m, k) for k in mrepo.MEETING_COLUMNS} | {
        "title": m.title.strip(), "host": m.host.strip(), "recorder": m.recorder.strip(),
        "speaker": m.speaker.strip(), "group_id": m.group_id if m.kind == "党小组会" else None,
    }


def _parts(m: Meeting) -> dict[str, list[dict[str, Any]]]:
    return {
        "meeting_agenda": [{"seq": i, "item": a.strip()} for i, a in enumerate(m.agenda, start=1)],
        "meeting_speech": [{"seq": i, "speaker": s.speaker, "points": s.points} for i, s in enumerate(m.speeches, start=1)],
        "meeting_attendance": [
            {"member_id": a.member_id, "member_class": a.member_class, "present": int(a.present),
             "absence_reason": None if a.present else a.absence_reason,
             "absence_note": "" if a.present else a.absence_note.strip(),
             "as_ordinary_member": int(a.present and a.as_ordinary_member)} for a in m.attendance],
        "meeting_observer": [asdict(o) for o in m.observers if o.name.strip()],
        "meeting_vote": [{"seq": i, **asdict(v)} for i, v in enumerate(m.votes, start=1)],
        "evaluation_grade": [{"member_id": g.member_id, "grade": g.grade, "note": g.note} for g in m.grades],
    }


def _search_body(m: Meeting) -> str:
    parts = [m.kind, m.title, m.place, m.lecture_title, m.speaker, *m.agenda, m.content,
             *(f"{s.speaker} {s.points}" for s in m.speeches), m.resolutions,
             *(v.subject for v in m.votes), *(r.item for r in m.rectifications)]
    return "\n".join(p for p in parts if p)


def _from_row(conn: sqlite3.Connection, row: dict[str, Any]) -> Meeting:
    names = repo.names_by_id(conn, [a["member_id"] for a in row["meeting_attendance"]]
                             + [g["member_id"] for g in row["evaluation_grade"]])
    leaders = repo.leader_cadre_ids(conn)
    return Meeting(
        **{k: row[k] for k in mrepo.MEETING_COLUMNS if k != "also_counts"},
        also_counts=tuple(row["also_counts"]),
        agenda=[a["item"] for a in row["meeting_agenda"]],
        speeches=[Speech(s["speaker"], s["points"]) for s in row["meeting_speech"]],
        attendance=[Attendance(member_id=a["member_id"], name=names.get(a["member_id"], ""),
                               member_class=a["member_class"], present=bool(a["present"]),
                               absence_reason=a["absence_reason"], absence_note=a["absence_note"],
                               as_ordinary_member=bool(a["as_ordinary_member"]),
                               is_leader_cadre=a["member_id"] in leaders)
                    for a in row["meeting_attendance"]],
        observers=[Observer(o["name"], o["role"]) for o in row["meeting_observer"]],
        votes=[Vote(**{f.name: v[f.name] for f in fields(Vote)}) for v in row["meeting_vote"]],
        grades=[Grade(g["member_id"], g["grade"], g["note"], names.get(g["member_id"], ""))
                for g in row["evaluation_grade"]],
        steps=[Step(s["step"], s["done_on"], s["note"]) for s in row["life_meeting_step"]],
        rectifications=[Rectification(r["item"], r["owner"], r["due_on"], r["done_on"], r["note"], r["id"])
                        for r in row["rectification_item"]],
        id=row["id"], status=row["status"], signed_at=row["signed_at"], signed_by=row["signed_by"],
        attachments=row["attachments"],
    )


def _snapshot(m: Meeting) -> dict[str, Any]:
    out = asdict(m)
    out.pop("attachments", None)
    return out


def meeting_to_json(m: Meeting) -> str:
    return json.dumps(_snapshot(m), ensure_ascii=False)
