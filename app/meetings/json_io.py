"""Meetings from JSON (``branchbook meetings add FILE.json``): people named by name or ID number,
attendance derived from the roster on the meeting date, every field checked for its type."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.common import inputs
from app.common.errors import UserError, ValidationError
from app.common.files import os_reason, readable_file
from app.meetings import kinds
from app.meetings.kinds import Attendees
from app.meetings.model import Grade, Meeting, Observer, Rectification, Speech, Step, Vote
from app.meetings.service import FIELD_LABELS
from db.repositories import branch as branch_repo
from db.repositories import roster as roster_repo

if TYPE_CHECKING:
    from app.services import Services

#: Top-level keys of one record, with their Chinese labels.
KEYS = {
    "kind": "会议类型", "date": "日期", "title": "会议名称", "start_time": "开始时间", "end_time": "结束时间",
    "place": "地点", "group": "党小组", "host": "主持人", "recorder": "记录人", "speaker": "主讲人",
    "speaker_member": "主讲人（名册中的党员）", "lecture_title": "党课题目", "content": "会议内容",
    "resolutions": "决议", "also_counts": "同时计为", "agenda": "议题", "speeches": "发言",
    "observers": "列席人员", "participants": "谈话人", "absent": "缺席人员", "votes": "表决",
    "grades": "评定等次", "steps": "会议程序", "rectifications": "整改清单", "sign_off": "签发",
}
_TEXT = ("title", "start_time", "end_time", "place", "host", "recorder", "speaker", "lecture_title",
         "content", "resolutions")
_MULTILINE = ("content", "resolutions")
_VOTE_COUNTS = ("yes", "no", "abstain", "written_yes", "written_no", "written_abstain")


def _objects(data: dict[str, Any], key: str, allowed: dict[str, str], where: str) -> list[dict[str, Any]]:
    out = []
    for i, item in enumerate(inputs.expect_list(data.get(key), f"{where} 字段 {key}")):
        place = f"{where} 字段 {key}[{i}]"
        obj = inputs.expect_object(item, place)
        inputs.check_keys(obj, allowed, place)
        out.append(obj)
    return out


def _text(obj: dict[str, Any], key: str, where: str, required: bool = False, multiline: bool = False) -> str:
    return inputs.text_value(obj.get(key), f"{where}.{key}", required=required, multiline=multiline, exact=True)


def meeting_from_json(services: Services, data: object,
                      where: str = "JSON") -> tuple[Meeting, dict[str, Any] | None]:
    """Build a :class:`Meeting` (attendance from the roster that day) and the sign-off, if any.

    Raises:
        InputError / UserError: a field of the wrong type or value, naming the field.
    """
    obj = inputs.expect_object(data, where)
    inputs.check_keys(obj, KEYS, where)
    service, people, conn = services.meetings, services.roster, services.conn
    kind = inputs.text_value(obj.get("kind"), f"{where} 字段 kind（会议类型）", required=True, max_len=20, exact=True)
    parsed = kinds.parse(kind)
    if parsed is None:
        raise inputs.InputError(f"{where} 字段 kind（会议类型）", f"应为：{'、'.join(kinds.NAMES)}")
    kind = parsed
    on = inputs.date_value(obj.get("date"), f"{where} 字段 date（日期）", exact=True)
    group_id = None
    if obj.get("group") is not None:
        name = inputs.text_value(obj["group"], f"{where} 字段 group（党小组）", required=True, max_len=100, exact=True)
        group = branch_repo.group_by_name(conn, name.strip())
        if group is None:
            raise inputs.InputError(f"{where} 字段 group（党小组）", f"没有名为“{inputs.shown(name)}”的党小组")
        group_id = group.id
    meeting = Meeting(kind=kind, date=on, group_id=group_id)
    for key in _TEXT:
        setattr(meeting, key, inputs.text_value(obj.get(key), f"{where} 字段 {key}（{KEYS[key]}）",
                                                multiline=key in _MULTILINE, exact=True))
    if obj.get("speaker_member") is not None:
        ref = inputs.text_value(obj["speaker_member"], f"{where} 字段 speaker_member", required=True, max_len=60,
                                exact=True)
        meeting.speaker_member_id = people.find(ref)
        meeting.speaker = meeting.speaker or roster_repo.names_by_id(conn, [meeting.speaker_member_id])[
            meeting.speaker_member_id]
    elif meeting.speaker:  # a speaker named exactly as one member on the roster is that member
        hits = roster_repo.ids_by_name(conn, meeting.speaker.strip())
        meeting.speaker_member_id = hits[0] if len(hits) == 1 else None
    also = inputs.expect_list(obj.get("also_counts"), f"{where} 字段 also_counts")
    meeting.also_counts = tuple(inputs.text_value(a, f"{where} 字段 also_counts[{i}]", max_len=20, exact=True)
                                for i, a in enumerate(also))
    meeting.agenda = [inputs.text_value(a, f"{where} 字段 agenda[{i}]", max_len=2000, exact=True)
                      for i, a in enumerate(inputs.expect_list(obj.get("agenda"), f"{where} 字段 agenda"))]
    meeting.speeches = [
        Speech(_text(s, "speaker", f"{where} 字段 speeches", True), _text(s, "points", f"{where} 字段 speeches",
                                                                        multiline=True))
        for s in _objects(obj, "speeches", {"speaker": "发言人", "points": "发言要点"}, where)]
    meeting.observers = [
        Observer(_text(o, "name", f"{where} 字段 observers", True), _text(o, "role", f"{where} 字段 observers"))
        for o in _objects(obj, "observers", {"name": "姓名", "role": "身份"}, where)]
    if kinds.of(kind).attendees == Attendees.CHOSEN:
        refs = inputs.expect_list(obj.get("participants"), f"{where} 字段 participants")
        meeting.attendance = [
            service.participant(people.find(inputs.text_value(p, f"{where} 字段 participants[{i}]",
                                                              required=True, max_len=60, exact=True)), on)
            for i, p in enumerate(refs)]
    else:
        meeting.attendance = service.due_people(kind, on, group_id)
        by_id = {a.member_id: a for a in meeting.attendance}
        for i, absent in enumerate(_objects(obj, "absent", {"member": "党员", "reason": "原因", "note": "说明"},
                                            where)):
            place = f"{where} 字段 absent[{i}]"
            ref = _text(absent, "member", place, True)
            mid = people.find(ref)
            if mid not in by_id:
                raise inputs.InputError(f"{place}.member", f"“{inputs.shown(ref)}”不在本次会议的应到人员中")
            a = by_id[mid]
            a.present = False
            a.absence_reason = _text(absent, "reason", place) or None
            a.absence_note = _text(absent, "note", place)
    vote_keys = {"subject": "表决事项", "method": "方式", **dict.fromkeys(_VOTE_COUNTS, "票数")}
    meeting.votes = []
    for i, v in enumerate(_objects(obj, "votes", vote_keys, where)):
        place = f"{where} 字段 votes[{i}]"
        counts = {k: inputs.int_value(v.get(k, 0), f"{place}.{k}", 0, 100_000) for k in _VOTE_COUNTS}
        meeting.votes.append(Vote(_text(v, "subject", place, True), _text(v, "method", place) or "举手", **counts))
    meeting.grades = []
    for i, g in enumerate(_objects(obj, "grades", {"member": "党员", "grade": "等次", "note": "备注"}, where)):
        place = f"{where} 字段 grades[{i}]"
        grade = None if g.get("grade") is None else _text(g, "grade", place) or None
        meeting.grades.append(Grade(people.find(_text(g, "member", place, True)), grade, _text(g, "note", place)))
    meeting.steps = [
        Step(_text(s, "step", f"{where} 字段 steps[{i}]", True),
             inputs.optional_date(s.get("done_on"), f"{where} 字段 steps[{i}].done_on", exact=True),
             _text(s, "note", f"{where} 字段 steps[{i}]"))
        for i, s in enumerate(_objects(obj, "steps", {"step": "步骤", "done_on": "完成日期", "note": "备注"}, where))]
    rect_keys = {"item": "整改事项", "owner": "责任人", "due_on": "完成时限", "done_on": "完成日期", "note": "备注"}
    meeting.rectifications = [
        Rectification(_text(r, "item", f"{where} 字段 rectifications[{i}]", True),
                      _text(r, "owner", f"{where} 字段 rectifications[{i}]"),
                      inputs.optional_date(r.get("due_on"), f"{where} 字段 rectifications[{i}].due_on", exact=True),
                      inputs.optional_date(r.get("done_on"), f"{where} 字段 rectifications[{i}].done_on", exact=True),
                      _text(r, "note", f"{where} 字段 rectifications[{i}]"))
        for i, r in enumerate(_objects(obj, "rectifications", rect_keys, where))]
    sign = None
    if obj.get("sign_off") is not None:
        place = f"{where} 字段 sign_off"
        raw = inputs.expect_object(obj["sign_off"], place)
        inputs.check_keys(raw, {"by": "签发人", "on": "签发日期"}, place)
        sign = {"by": _text(raw, "by", place, True),
                "on": inputs.optional_date(raw.get("on"), f"{place}.on", exact=True)}
    return meeting, sign


def read_records(path: str | Path) -> list[Any]:
    """The records in a JSON file (one object or a list of them)."""
    path = readable_file(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None
    payload = inputs.load_json(raw, path.name)
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise UserError(f"{path.name} 中没有任何记录")
    return items


def add_from_file(services: Services, path: str | Path) -> list[int]:
    """Add every record of the file in one transaction: all of them or none."""
    items = read_records(path)
    name = Path(path).name
    service = services.meetings
    ids: list[int] = []
    with service.write():
        for n, item in enumerate(items, start=1):
            where = f"{name} 第{n}条记录"
            try:
                meeting, sign = meeting_from_json(services, item, where)
                mid = service.save(meeting)
                if sign:
                    service.sign_off(mid, sign["by"], sign["on"])
            except ValidationError as exc:
                raise UserError(f"{where}：{exc.labelled(FIELD_LABELS)}；未添加任何记录") from exc
            except UserError as exc:
                message = exc.message if exc.message.startswith(where) else f"{where}：{exc.message}"
                raise UserError(f"{message}；未添加任何记录") from exc
            ids.append(mid)
    return ids
