"""The branch work record (党支部工作记录): who is due, saving, sign-off, corrections, tracking
after the meeting, attachments, and the list with its full-text search."""

from __future__ import annotations

import builtins
import hashlib
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import undo
from app.common import dates
from app.common.errors import UserError, ValidationError
from app.common.files import os_reason, readable_file
from app.common.inputs import text_value
from app.common.service import ServiceBase
from app.meetings import kinds
from app.meetings import rules as mr
from app.meetings.kinds import Attendees, Quorum, Section
from app.meetings.model import (
    Attendance,
    Grade,
    Meeting,
    MeetingSummary,
    Observer,
    OpenRectification,
    Rectification,
    Revision,
    Speech,
    Status,
    Step,
    Tally,
    Vote,
    YearTextKind,
)
from app.roster import rules as roster_rules
from app.roster.model import MemberClass
from db import engine
from db.connection import memo
from db.repositories import branch as branch_repo
from db.repositories import meetings as mrepo
from db.repositories import roster as roster_repo

if TYPE_CHECKING:
    import sqlite3

    from db.records.meetings import ListedMeeting, StoredMeeting

#: Field keys of a record, with their Chinese labels (messages, the JSON reader).
FIELD_LABELS = {
    "kind": "会议类型", "date": "日期", "title": "会议名称", "start_time": "开始时间",
    "end_time": "结束时间", "group_id": "党小组", "host": "主持人", "recorder": "记录人",
    "speaker": "主讲人", "lecture_title": "党课题目", "attendance": "出席情况", "votes": "表决",
    "grades": "评定等次", "also_counts": "同时计为", "agenda": "议题", "steps": "会议程序",
    "rectifications": "整改清单", "signed_by": "签发人", "revised_by": "更正人", "reason": "更正原因",
}


class MeetingService(ServiceBase):
    """Use cases of the work record. Every write is one transaction."""

    # -- who is due ---------------------------------------------------------------------

    def due_people(self, kind: str, on: str, group_id: int | None = None) -> list[Attendance]:
        """The people due at a meeting of ``kind`` on ``on`` (应到), all marked present.

        支委会: the committee members in office; 党小组会: that group's members; 谈心谈话: none
        (the participants are chosen); anything else: every member of the branch that day.
        """
        attendees = kinds.of(kind).attendees
        if attendees == Attendees.COMMITTEE:
            people = roster_repo.members_on(self.conn, on, branch_repo.committee_member_ids_on(self.conn, on))
        elif attendees == Attendees.GROUP:
            people = (roster_repo.members_on(self.conn, on, roster_repo.group_member_ids_on(self.conn, group_id, on))
                      if group_id else [])
        elif attendees == Attendees.CHOSEN:
            people = []
        else:
            people = roster_repo.members_on(self.conn, on)
        people.sort(key=lambda m: (roster_rules.class_on(m, on) != MemberClass.FULL, m.join_date, m.id))
        return [Attendance(member_id=m.id, name=m.name, member_class=roster_rules.class_on(m, on),
                           present=True, as_ordinary_member=m.is_leader_cadre,
                           is_leader_cadre=m.is_leader_cadre) for m in people]

    def participant(self, member_id: int, on: str) -> Attendance:
        """A chosen participant (谈心谈话)."""
        member = roster_repo.get_member(self.conn, member_id)
        if member is None:
            raise UserError("找不到该党员")
        return Attendance(member_id=member.id, name=member.name,
                          member_class=roster_rules.class_on(member, on),
                          is_leader_cadre=member.is_leader_cadre)

    # -- rules --------------------------------------------------------------------------

    @staticmethod
    def tally(meeting: Meeting) -> Tally:
        return mr.tally(meeting)

    def validate(self, meeting: Meeting, for_sign_off: bool = False) -> dict[str, str]:
        """Field problems (field -> Chinese message); empty when the record can be saved. Times
        typed as people type them (9:30, 0930, 9点半) are written 09:30 first."""
        meeting.start_time = mr.normalize_time(meeting.start_time)
        meeting.end_time = mr.normalize_time(meeting.end_time)
        e = mr.field_errors(meeting, self.today(), for_sign_off)
        if "kind" in e:
            return e
        if kinds.of(meeting.kind).attendees == Attendees.GROUP and (
                meeting.group_id is None or branch_repo.get_group(self.conn, meeting.group_id) is None):
            e["group_id"] = "请选择召开党小组会的党小组"
        if "date" not in e and "attendance" not in e:
            self._check_attendance(meeting, e)
        return e

    def _check_attendance(self, meeting: Meeting, e: dict[str, str]) -> None:
        if kinds.of(meeting.kind).attendees == Attendees.CHOSEN:
            ids = [a.member_id for a in meeting.attendance]
            if len(set(ids)) < 2:
                e["attendance"] = "谈心谈话请选择至少两名谈话人"
            for a in meeting.attendance:
                member = roster_repo.get_member(self.conn, a.member_id)
                if member is None or not roster_rules.is_member_on(member, meeting.date):
                    e["attendance"] = f"{a.name or a.member_id}在{dates.fmt_cn(meeting.date)}不是本支部党员"
            return
        due = {a.member_id for a in self.due_people(meeting.kind, meeting.date, meeting.group_id)}
        given = [a.member_id for a in meeting.attendance]
        if len(given) != len(set(given)):
            e["attendance"] = "出席名单中有重复人员"
        elif set(given) != due:
            extra = set(given) - due
            missing = due - set(given)
            names = roster_repo.names_by_id(self.conn, extra | missing)
            parts = []
            if missing:
                parts.append("缺少应到人员：" + "、".join(names.get(i, str(i)) for i in missing))
            if extra:
                parts.append("以下人员当日不在应到范围（可列为列席）："
                             + "、".join(names.get(i, str(i)) for i in extra))
            e["attendance"] = "；".join(parts) + "。请按会议日期重新生成出席名单"

    # -- reading ------------------------------------------------------------------------

    def get(self, meeting_id: int) -> Meeting:
        row = mrepo.get_meeting(self.conn, meeting_id)
        if row is None:
            raise UserError(f"找不到编号为 {meeting_id} 的会议记录")
        return _from_row(self.conn, row)

    def count_all(self) -> int:
        """How many records the work record holds (every year, drafts included)."""
        return mrepo.count_meetings(self.conn)

    def list(self, year: int | None = None, date_from: str | None = None, date_to: str | None = None,
             kind: str | None = None, person: int | None = None, text: str = "") -> builtins.list[MeetingSummary]:
        """Summaries for the record list, filtered; ``text`` is a full-text search."""
        if year is not None:
            date_from, date_to = f"{year:04d}-01-01", f"{year:04d}-12-31"
        terms = text.split()
        found = mrepo.search_ids(self.conn, terms) if terms else None  # the hits first: only they are counted
        rows = mrepo.list_meetings(self.conn, date_from, date_to, [kind] if kind else None, ids=found)
        if person is not None:
            with_person = mrepo.meetings_with_member(self.conn, person)
            name = roster_repo.names_by_id(self.conn, [person]).get(person, "")
            rows = [r for r in rows
                    if r.id in with_person or (name and name in (r.host, r.recorder, r.speaker))]
        return [memo(self.conn, ("summary", r.id), partial(_summary, r)) for r in rows]

    def revised_ids(self) -> set[int]:
        return mrepo.revised_ids(self.conn)

    def revisions(self, meeting_id: int) -> builtins.list[Revision]:
        return mrepo.revisions(self.conn, meeting_id)

    def last_of_kind(self, kind: str, group_id: int | None = None, before: str | None = None) -> Meeting | None:
        found = mrepo.last_of_kind(self.conn, kind, group_id, before)
        return self.get(found) if found is not None else None

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

    def save(self, meeting: Meeting, *, action: str = "保存草稿", reason: str = "") -> int:
        """Create or update a draft. A signed-off record can only be corrected (:meth:`correct`).
        ``action`` and ``reason`` are what the change log says (an import says where from)."""
        errors = self.validate(meeting)
        if errors:
            raise ValidationError(errors)
        with self.write():
            if meeting.id is None:
                meeting_id = mrepo.insert_meeting(self.conn, _columns(meeting))
            else:
                current = mrepo.get_meeting(self.conn, meeting.id)
                if current is None:
                    raise UserError("该会议记录已不存在")
                if current.locked:
                    raise UserError("该记录已签发，只能以“更正”方式修改")
                meeting_id = meeting.id
                mrepo.update_meeting(self.conn, meeting_id, _columns(meeting))
            self._write_parts(meeting_id, meeting, allow_delete=True)
            self.log("meeting", meeting_id, action, None,
                     {"kind": meeting.kind, "date": meeting.date, "title": meeting.title}, reason)
        if meeting.id is None:  # a new draft: undo deletes it (a signed one says to use 更正)
            from dataclasses import replace as _replace


            box = {"id": meeting_id}

            def back() -> None:
                current = mrepo.get_meeting(self.conn, box["id"])
                if current is not None and current.locked:
                    raise UserError("这条记录已经签发，不能撤销；如有错误请用“更正”")
                self.delete(box["id"])

            def forward() -> None:
                box["id"] = self.save(_replace(meeting, id=None))

            undo.register(self.ctx, f"新建会议记录“{meeting.title or meeting.kind}”", back, forward)
        return meeting_id

    def _write_parts(self, meeting_id: int, meeting: Meeting, allow_delete: bool) -> None:
        mrepo.replace_parts(self.conn, meeting_id, _parts(meeting))
        mrepo.replace_tracking(self.conn, meeting_id, [asdict(s) for s in meeting.steps],
                               [asdict(r) for r in meeting.rectifications], allow_delete)
        mrepo.set_search_text(self.conn, meeting_id, mr.search_body(meeting))

    def delete(self, meeting_id: int) -> None:
        with self.write():
            current = mrepo.get_meeting(self.conn, meeting_id)
            if current is None:
                raise UserError(f"找不到编号为 {meeting_id} 的会议记录")
            if current.status == Status.SIGNED:
                raise UserError("已签发的记录不能删除")
            mrepo.delete_meeting(self.conn, meeting_id)
            self.log("meeting", meeting_id, "删除草稿", {"title": current.title}, None)

    def sign_off(self, meeting_id: int, signed_by: str, on: str | None = None) -> None:
        """签发: the record becomes read-only. Signing more than 3 working days after the
        meeting is allowed but shown as late."""
        today = self.today()
        on = on or today
        signed_by = self.signer(signed_by, "signed_by", "签发人", min(on, today))
        meeting = self.get(meeting_id)
        if meeting.signed:
            raise UserError("该记录已经签发")
        errors = self.validate(meeting, for_sign_off=True)
        if on < meeting.date:
            errors["date"] = "签发日期不能早于会议日期"
        if on > today:
            errors["date"] = "签发日期不能晚于今天"
        if errors:
            raise ValidationError(errors, "不能签发：")
        with self.write():
            stamp = on + self.clock.now()[10:]
            mrepo.set_lock(self.conn, meeting_id, True, status=Status.SIGNED, signed_at=stamp,
                           signed_by=signed_by.strip())
            self.log("meeting", meeting_id, "签发", None, {"by": signed_by, "at": stamp})

    def correct(self, meeting: Meeting, by: str, reason: str) -> None:
        """更正 a signed-off record: the previous version is kept with who, when and why."""
        errors = self.validate(meeting, for_sign_off=True)
        try:
            by = self.signer(by, "revised_by", "更正人")
        except ValidationError as exc:
            errors.update(exc.field_errors)
        if not reason.strip():
            errors["reason"] = "请填写更正原因"
        if errors:
            raise ValidationError(errors, "不能更正：")
        if meeting.id is None:
            raise UserError("草稿可以直接修改，无需更正")
        with self.write():
            before = self.get(meeting.id)
            if not before.signed:
                raise UserError("草稿可以直接修改，无需更正")
            mrepo.insert_revision(self.conn, meeting.id, by.strip(), reason.strip(), _snapshot(before))
            mrepo.set_lock(self.conn, meeting.id, False)
            mrepo.update_meeting(self.conn, meeting.id, _columns(meeting))
            self._write_parts(meeting.id, meeting, allow_delete=False)
            mrepo.set_lock(self.conn, meeting.id, True)
            self.log("meeting", meeting.id, "更正", None, {"by": by, "reason": reason})

    def update_tracking(self, meeting_id: int, steps: builtins.list[Step],
                        rectifications: builtins.list[Rectification]) -> None:
        """Dates of the 组织生活会 procedure and the rectification list, also after sign-off
        (items of a signed record can be completed but not removed)."""
        meeting = self.get(meeting_id)
        check = replace(meeting, steps=steps, rectifications=rectifications)
        errors = {k: v for k, v in self.validate(check).items() if k in ("steps", "rectifications")}
        if errors:
            raise ValidationError(errors)
        with self.write():
            try:
                mrepo.replace_tracking(self.conn, meeting_id, [asdict(s) for s in steps],
                                       [asdict(r) for r in rectifications], allow_delete=not meeting.signed)
            except engine.IntegrityError as exc:
                raise UserError(str(exc)) from exc
            self.log("meeting", meeting_id, "更新整改情况", None, {"items": len(rectifications)})

    # -- the year's plan and summary ----------------------------------------------------

    def year_text(self, year: int, kind: str) -> str:
        """The year's 年度工作计划 or 年度工作总结 ('' when not written yet)."""
        return mrepo.year_text(self.conn, year, kind) or ""

    def set_year_text(self, year: int, kind: str, content: str, by: str = "") -> None:
        if kind not in tuple(YearTextKind):
            raise ValidationError({"kind": "应为：" + "、".join(YearTextKind)})
        if not 1921 <= year <= 2100:
            raise ValidationError({"year": "年份应在 1921–2100 之间"})
        content = text_value(content, kind, multiline=True, max_len=50_000)
        by = self.signer(by, "by", "修改人", required=False)
        with self.write():
            before = self.year_text(year, kind)
            mrepo.set_year_text(self.conn, year, kind, content.strip(), by.strip())
            self.log("year_text", year, f"修改{kind}", {"content": before}, {"content": content.strip()})

    # -- attachments --------------------------------------------------------------------

    #: Attachments larger than this are refused (the database is copied to USB sticks).
    MAX_ATTACHMENT = 50 * 1024 * 1024

    def add_attachment(self, meeting_id: int, path: str | Path) -> int:
        path = readable_file(path)
        try:
            if path.stat().st_size > self.MAX_ATTACHMENT:
                raise UserError(f"{path.name} 超过 50 MB，请压缩后再添加")
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"无法读取 {path}：{os_reason(exc)}") from exc
        digest = hashlib.sha256(data).hexdigest()
        with self.write():
            current = mrepo.get_meeting(self.conn, meeting_id)
            if current is None:
                raise UserError(f"找不到编号为 {meeting_id} 的会议记录")
            for existing in current.attachments:
                if existing.sha256 == digest:
                    raise UserError(f"该文件已作为附件“{existing.filename}”保存过")
            return mrepo.insert_attachment(self.conn, meeting_id, path.name, digest, data)

    def attachment(self, attachment_id: int) -> tuple[str, bytes, str]:
        """(file name, content, SHA-256); the content is checked against its hash."""
        found = mrepo.attachment(self.conn, attachment_id)
        if found is None:
            raise UserError("附件不存在")
        if hashlib.sha256(found.data).hexdigest() != found.sha256:
            raise UserError(f"附件“{found.filename}”已损坏（校验值不符）")
        return found.filename, found.data, found.sha256

    def remove_attachment(self, attachment_id: int) -> None:
        with self.write():
            try:
                mrepo.delete_attachment(self.conn, attachment_id)
            except engine.IntegrityError as exc:
                raise UserError(str(exc)) from exc

    def open_rectifications(self, as_of: str | None = None) -> builtins.list[OpenRectification]:
        """整改事项 not yet done, oldest deadline first, each marked ``overdue``."""
        as_of = as_of or self.today()
        return [OpenRectification(r.item, r.owner, r.due_on, r.meeting_id, r.title, r.date,
                                  bool(r.due_on and r.due_on < as_of))
                for r in mrepo.open_rectifications(self.conn)]

    # -- yearly figures -----------------------------------------------------------------


def quorum(r: MeetingSummary) -> bool | None:
    """Whether a 支部党员大会 or 支委会 took place lawfully (more than half of those due with a
    vote, or of the 委员, present: rulebook §2.2); None for kinds without a quorum."""
    rule = kinds.of(r.kind).quorum if r.kind in kinds.BY_NAME else None
    if rule == Quorum.GENERAL:
        return mr.general_meeting_quorum(r.due_full, r.present_full)
    if rule == Quorum.COMMITTEE:
        return mr.committee_quorum(r.due, r.present)
    return None


def _summary(r: ListedMeeting) -> MeetingSummary:
    late = r.signed_at is not None and mr.signed_late(r.date, r.signed_at[:10])
    return MeetingSummary(**r.__dict__, late=late)  # a ListedMeeting's fields, as they are


def _columns(m: Meeting) -> dict[str, Any]:
    return {k: getattr(m, k) for k in mrepo.MEETING_COLUMNS} | {
        "title": m.title.strip(), "host": m.host.strip(), "recorder": m.recorder.strip(),
        "speaker": m.speaker.strip(), "group_id": m.group_id if kinds.has(m, Section.GROUP) else None,
    }


def _parts(m: Meeting) -> dict[str, list[dict[str, Any]]]:
    return {
        "meeting_agenda": [{"seq": i, "item": a.strip()} for i, a in enumerate(m.agenda, start=1)],
        "meeting_speech": [{"seq": i, "speaker": s.speaker, "points": s.points}
                           for i, s in enumerate(m.speeches, start=1)],
        "meeting_attendance": [
            {"member_id": a.member_id, "member_class": a.member_class, "present": int(a.present),
             "absence_reason": None if a.present else a.absence_reason,
             "absence_note": "" if a.present else a.absence_note.strip(),
             "as_ordinary_member": int(a.present and a.as_ordinary_member)} for a in m.attendance],
        "meeting_observer": [asdict(o) for o in m.observers if o.name.strip()],
        "meeting_vote": [{"seq": i, **asdict(v)} for i, v in enumerate(m.votes, start=1)],
        "evaluation_grade": [{"member_id": g.member_id, "grade": g.grade, "note": g.note} for g in m.grades],
    }


def _from_row(conn: sqlite3.Connection, row: StoredMeeting) -> Meeting:
    names = roster_repo.names_by_id(conn, [a.member_id for a in row.attendance] + [g.member_id for g in row.grades])
    leaders = roster_repo.leader_cadre_ids(conn)
    return Meeting(
        **{k: getattr(row, k) for k in mrepo.MEETING_COLUMNS if k != "also_counts"},
        also_counts=row.also_counts,
        agenda=list(row.agenda),
        speeches=[Speech(speaker, points) for speaker, points in row.speeches],
        attendance=[Attendance(member_id=a.member_id, name=names.get(a.member_id, ""), member_class=a.member_class,
                               present=a.present, absence_reason=a.absence_reason, absence_note=a.absence_note,
                               as_ordinary_member=a.as_ordinary_member, is_leader_cadre=a.member_id in leaders)
                    for a in row.attendance],
        observers=[Observer(name, role) for name, role in row.observers],
        votes=[Vote(v.subject, v.method, v.yes, v.no, v.abstain, v.written_yes, v.written_no, v.written_abstain)
               for v in row.votes],
        grades=[Grade(g.member_id, g.grade, g.note, names.get(g.member_id, "")) for g in row.grades],
        steps=[Step(s.step, s.done_on, s.note) for s in row.steps],
        rectifications=[Rectification(r.item, r.owner, r.due_on, r.done_on, r.note, r.id) for r in row.rectifications],
        id=row.id, status=row.status, signed_at=row.signed_at, signed_by=row.signed_by,
        attachments=list(row.attachments),
    )


def _snapshot(m: Meeting) -> dict[str, Any]:
    out = asdict(m)
    out.pop("attachments", None)
    return out
