"""Meetings from JSON (``branchbook meetings add FILE.json``): people named by name or ID number."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from app import dates
from app.errors import UserError, ValidationError
from app.services.meetings import Grade, Meeting, MeetingService, Observer, Rectification, Speech, Step, Vote
from app.services.members import MemberService
from db import repo
from db.connection import transaction

FIELD_LABELS = {
    "kind": "会议类型", "date": "日期", "title": "会议名称", "start_time": "开始时间",
    "end_time": "结束时间", "group_id": "党小组", "host": "主持人", "recorder": "记录人",
    "speaker": "主讲人", "lecture_title": "党课题目", "attendance": "出席情况", "votes": "表决",
    "grades": "评定等次", "also_counts": "同时计为", "agenda": "议题", "steps": "会议程序",
    "rectifications": "整改清单", "signed_by": "签发人",
}


def meeting_from_json(conn: sqlite3.Connection, data: dict[str, Any]) -> tuple[Meeting, dict[str, Any] | None]:
    """Build a :class:`Meeting` (attendance from the roster that day) and the sign-off, if any."""
    if not isinstance(data, dict):
        raise UserError("每条记录应是一个 JSON 对象")
    service = MeetingService(conn)
    people = MemberService(conn)
    kind = data.get("kind", "")
    on = dates.parse_date(data.get("date")) if data.get("date") else ""
    group_id = None
    if data.get("group"):
        group = repo.group_by_name(conn, str(data["group"]))
        if group is None:
            raise UserError(f"没有名为“{data['group']}”的党小组")
        group_id = group.id
    meeting = Meeting(kind=kind, date=on or "", group_id=group_id)
    for key in ("title", "start_time", "end_time", "place", "host", "recorder", "speaker",
                "lecture_title", "content", "resolutions"):
        setattr(meeting, key, str(data.get(key) or ""))
    if data.get("speaker_member"):
        meeting.speaker_member_id = people.find(data["speaker_member"])
        meeting.speaker = meeting.speaker or repo.names_by_id(conn, [meeting.speaker_member_id])[meeting.speaker_member_id]
    meeting.also_counts = tuple(data.get("also_counts") or ())
    meeting.agenda = [str(a) for a in data.get("agenda") or ()]
    meeting.speeches = [Speech(str(s["speaker"]), str(s["points"])) for s in data.get("speeches") or ()]
    meeting.observers = [Observer(str(o["name"]), str(o.get("role", ""))) for o in data.get("observers") or ()]
    if kind == "谈心谈话":
        meeting.attendance = [service.participant(people.find(p), on) for p in data.get("participants") or ()]
    elif on and kind:
        meeting.attendance = service.due_people(kind, on, group_id)
        by_id = {a.member_id: a for a in meeting.attendance}
        for absent in data.get("absent") or ():
            mid = people.find(absent["member"])
            if mid not in by_id:
                raise UserError(f"“{absent['member']}”不在本次会议的应到人员中")
            a = by_id[mid]
            a.present = False
            a.absence_reason = absent.get("reason")
            a.absence_note = str(absent.get("note") or "")
    meeting.votes = [Vote(**{k: v for k, v in vote.items()}) for vote in data.get("votes") or ()]
    meeting.grades = [Grade(people.find(g["member"]), g.get("grade"), str(g.get("note") or ""))
                      for g in data.get("grades") or ()]
    meeting.steps = [Step(str(s["step"]), s.get("done_on"), str(s.get("note") or "")) for s in data.get("steps") or ()]
    meeting.rectifications = [Rectification(str(r["item"]), str(r.get("owner") or ""), r.get("due_on"),
                                            r.get("done_on"), str(r.get("note") or ""))
                              for r in data.get("rectifications") or ()]
    return meeting, data.get("sign_off")


def add_from_file(conn: sqlite3.Connection, path: str | Path) -> list[int]:
    """Add every record of the file in one transaction: all of them or none."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError(f"找不到文件 {path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path.name} 不是有效的 JSON（UTF-8）文件：{exc}") from exc
    items = payload if isinstance(payload, list) else [payload]
    service = MeetingService(conn)
    ids: list[int] = []
    with transaction(conn):
        for n, item in enumerate(items, start=1):
            where = f"{path.name} 第{n}条记录"
            try:
                meeting, sign = meeting_from_json(conn, item)
                mid = service.save(meeting)
                if sign:
                    service.sign_off(mid, str(sign.get("by") or ""), sign.get("on"))
            except ValidationError as exc:
                detail = "；".join(f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in exc.field_errors.items())
                raise UserError(f"{where}：{detail}；未添加任何记录") from exc
            except (UserError, KeyError, TypeError, ValueError) as exc:
                message = exc.message if isinstance(exc, UserError) else f"格式错误（{exc}）"
                raise UserError(f"{where}：{message}；未添加任何记录") from exc
            ids.append(mid)
    return ids
