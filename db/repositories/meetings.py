"""SQL of the work record: meetings and their parts. Named parameters only."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from db import engine
from db.connection import database, memo, stamp
from db.records.meetings import (
    AttachmentData,
    AttachmentRow,
    AttendanceRow,
    GradeRow,
    ListedMeeting,
    MemberAttendance,
    OpenRectificationRow,
    QualityRow,
    RectificationRow,
    RevisionRow,
    StepRow,
    StoredMeeting,
    VoteRow,
)

if TYPE_CHECKING:
    import sqlite3

MEETING_COLUMNS = (
    "kind", "title", "date", "start_time", "end_time", "place", "group_id", "host", "recorder",
    "speaker", "speaker_member_id", "lecture_title", "content", "resolutions", "also_counts",
)

#: Child tables rewritten as a whole when a meeting is saved: table -> columns.
PARTS: dict[str, tuple[str, ...]] = {
    "meeting_agenda": ("seq", "item"),
    "meeting_speech": ("seq", "speaker", "points"),
    "meeting_attendance": ("member_id", "member_class", "present", "absence_reason",
                           "absence_note", "as_ordinary_member"),
    "meeting_observer": ("name", "role"),
    "meeting_vote": ("seq", "subject", "method", "yes", "no", "abstain", "written_yes",
                     "written_no", "written_abstain"),
    "evaluation_grade": ("member_id", "grade", "note"),
}
#: Parts that stay editable after sign-off (tracking after the meeting).
TRACKING: dict[str, tuple[str, ...]] = {
    "life_meeting_step": ("step", "done_on", "note"),
    "rectification_item": ("id", "item", "owner", "due_on", "done_on", "note"),
}


def insert_meeting(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    record = {k: fields.get(k) for k in MEETING_COLUMNS}
    record["also_counts"] = json.dumps(list(fields.get("also_counts") or ()), ensure_ascii=False)
    now = stamp(conn)
    record.update(created_at=now, updated_at=now, status="草稿", locked=0)
    table = database(conn)["meeting"]
    table.insert(record)
    return table.pk


def update_meeting(conn: sqlite3.Connection, meeting_id: int, fields: Mapping[str, Any]) -> None:
    record = {k: fields.get(k) for k in MEETING_COLUMNS}
    record["also_counts"] = json.dumps(list(fields.get("also_counts") or ()), ensure_ascii=False)
    record["updated_at"] = stamp(conn)
    database(conn)["meeting"].update(meeting_id, record)


def set_lock(conn: sqlite3.Connection, meeting_id: int, locked: bool, **extra: Any) -> None:
    fields = {"locked": int(locked), **extra}
    sets = ", ".join(f"{k} = :{k}" for k in fields)  # keys are ours, never user input
    conn.execute(f"UPDATE meeting SET {sets} WHERE id = :id", {**fields, "id": meeting_id})


def replace_parts(conn: sqlite3.Connection, meeting_id: int, parts: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
    db = database(conn)
    for table, columns in PARTS.items():
        conn.execute(f"DELETE FROM {table} WHERE meeting_id = :m", {"m": meeting_id})
        rows = [{"meeting_id": meeting_id, **{c: r.get(c) for c in columns}} for r in parts.get(table, ())]
        if rows:
            db[table].insert_all(rows)


def replace_tracking(conn: sqlite3.Connection, meeting_id: int, steps: Iterable[Mapping[str, Any]],
                     items: Iterable[Mapping[str, Any]], allow_delete: bool) -> None:
    db = database(conn)
    conn.execute("DELETE FROM life_meeting_step WHERE meeting_id = :m", {"m": meeting_id})
    step_rows = [{"meeting_id": meeting_id, "step": s["step"], "done_on": s.get("done_on"),
                  "note": s.get("note") or ""} for s in steps]
    if step_rows:
        db["life_meeting_step"].insert_all(step_rows)
    existing = {r[0] for r in conn.execute(
        "SELECT id FROM rectification_item WHERE meeting_id = :m", {"m": meeting_id})}
    kept: set[int] = set()
    for item in items:
        row = {"meeting_id": meeting_id, **{c: item.get(c) for c in TRACKING["rectification_item"] if c != "id"}}
        row["owner"] = row.get("owner") or ""
        row["note"] = row.get("note") or ""
        if item.get("id") in existing:
            kept.add(item["id"])
            db["rectification_item"].update(item["id"], row)
        else:
            db["rectification_item"].insert(row)
    if allow_delete:
        for gone in existing - kept:
            conn.execute("DELETE FROM rectification_item WHERE id = :id", {"id": gone})
    elif existing - kept:
        raise engine.IntegrityError("已签发记录的整改事项不能删除，请填写完成情况")


def get_meeting(conn: sqlite3.Connection, meeting_id: int) -> StoredMeeting | None:
    row = conn.execute("SELECT * FROM meeting WHERE id = :id", {"id": meeting_id}).fetchone()
    if row is None:
        return None

    def part(table: str, order: str = "id") -> list[Any]:
        sql = f"SELECT * FROM {table} WHERE meeting_id = :m ORDER BY {order}"
        return conn.execute(sql, {"m": meeting_id}).fetchall()

    return StoredMeeting(
        **{k: row[k] for k in _STORED_COLUMNS}, also_counts=_also_counts(row["also_counts"]),
        locked=bool(row["locked"]),
        agenda=tuple(r["item"] for r in part("meeting_agenda", "seq")),
        speeches=tuple((r["speaker"], r["points"]) for r in part("meeting_speech", "seq")),
        attendance=tuple(AttendanceRow(r["member_id"], r["member_class"], bool(r["present"]), r["absence_reason"],
                                       r["absence_note"], bool(r["as_ordinary_member"]))
                         for r in part("meeting_attendance")),
        observers=tuple((r["name"], r["role"]) for r in part("meeting_observer")),
        votes=tuple(VoteRow(r["subject"], r["method"], r["yes"], r["no"], r["abstain"], r["written_yes"],
                            r["written_no"], r["written_abstain"]) for r in part("meeting_vote", "seq")),
        grades=tuple(GradeRow(r["member_id"], r["grade"], r["note"]) for r in part("evaluation_grade")),
        steps=tuple(StepRow(r["step"], r["done_on"], r["note"]) for r in part("life_meeting_step")),
        rectifications=tuple(RectificationRow(r["id"], r["item"], r["owner"], r["due_on"], r["done_on"], r["note"])
                             for r in part("rectification_item")),
        attachments=tuple(AttachmentRow(r["id"], r["filename"], r["sha256"], r["size"], r["added_at"])
                          for r in conn.execute("SELECT id, filename, sha256, size, added_at FROM meeting_attachment "
                                                "WHERE meeting_id = :m ORDER BY id", {"m": meeting_id})))


#: The meeting table's columns a StoredMeeting takes as they are.
_STORED_COLUMNS = ("id", "kind", "title", "date", "start_time", "end_time", "place", "group_id", "host", "recorder",
                   "speaker", "speaker_member_id", "lecture_title", "content", "resolutions", "status", "signed_at",
                   "signed_by", "created_at", "updated_at")


def last_of_kind(conn: sqlite3.Connection, kind: str, group_id: int | None, before: str | None) -> int | None:
    """The id of the latest record of ``kind`` (of that group; on or before ``before``), by index."""
    sql = "SELECT id FROM meeting WHERE kind = :k"
    if group_id is not None:
        sql += " AND group_id = :g"
    if before:
        sql += " AND date <= :b"
    row = conn.execute(sql + " ORDER BY date DESC, start_time DESC, id DESC LIMIT 1",
                       {"k": kind, "g": group_id, "b": before}).fetchone()
    return row[0] if row else None


def list_meetings(conn: sqlite3.Connection, date_from: str | None = None, date_to: str | None = None,
                  kinds: Iterable[str] | None = None, ids: Iterable[int] | None = None) -> list[ListedMeeting]:
    """The meetings in the date range (of ``ids`` only, when given: a search's hits), each with its
    attendance counted. A whole range is kept for the connection until the next write."""
    if ids is None:
        rows = list(memo(conn, ("meetings", date_from, date_to),
                         lambda: _list_meetings(conn, date_from, date_to, None)))
    else:
        rows = _list_meetings(conn, date_from, date_to, sorted(set(ids)))
    wanted = set(kinds) if kinds else None
    if wanted is not None:
        rows = [r for r in rows if r.kind in wanted or wanted & set(r.also_counts)]
    return rows


_NO_ATTENDANCE = {"due": 0, "present": 0, "due_full": 0, "present_full": 0}
#: What a row of the record list shows: not the records' text, which a ten-year list would read whole.
_LISTED = ", ".join(f"m.{c}" for c in ("id", "kind", "title", "date", "start_time", "end_time", "place", "group_id",
                                        "host", "recorder", "speaker", "speaker_member_id", "also_counts",
                                        "status", "signed_at", "signed_by"))


def _list_meetings(conn: sqlite3.Connection, date_from: str | None, date_to: str | None,
                   ids: list[int] | None) -> list[ListedMeeting]:
    sql = (f"SELECT {_LISTED}, g.name AS group_name FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id "
           "WHERE 1 = 1")
    params: dict[str, Any] = {}
    if date_from:
        sql += " AND m.date >= :date_from"
        params["date_from"] = date_from
    if date_to:
        sql += " AND m.date <= :date_to"
        params["date_to"] = date_to
    if ids is not None:
        sql += " AND m.id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(ids)
    rows = conn.execute(sql + " ORDER BY m.date, m.start_time, m.id", params).fetchall()
    counts = _attendance_counts(conn, [r["id"] for r in rows])
    out = []
    for r in rows:
        n = counts.get(r["id"], _NO_ATTENDANCE)
        out.append(ListedMeeting(**{k: r[k] for k in _LISTED_FIELDS},
                                 also_counts=_also_counts(r["also_counts"]), due=n["due"],
                                 present=n["present"], due_full=n["due_full"], present_full=n["present_full"]))
    return out


def _also_counts(text: str | None) -> tuple[str, ...]:
    return () if not text or text == "[]" else tuple(json.loads(text))  # most records count as themselves


_LISTED_FIELDS = ("id", "kind", "title", "date", "start_time", "end_time", "place", "group_id", "group_name", "host",
                  "recorder", "speaker", "speaker_member_id", "status", "signed_at", "signed_by")


def _attendance_counts(conn: sqlite3.Connection, meeting_ids: list[int]) -> dict[int, dict[str, int]]:
    """Who was due and who came, in all and of the full members, for each of ``meeting_ids``: one
    pass over their attendance rows (four counting subqueries per meeting read them four times)."""
    if not meeting_ids:
        return {}
    sql = ("SELECT meeting_id, count(*), sum(present), sum(member_class = '正式'), "
           "sum(member_class = '正式' AND present) FROM meeting_attendance "
           "WHERE meeting_id IN (SELECT value FROM json_each(:ids)) GROUP BY meeting_id")
    return {row[0]: {"due": row[1], "present": row[2], "due_full": row[3], "present_full": row[4]}
            for row in conn.execute(sql, {"ids": json.dumps(meeting_ids)})}


def delete_meeting(conn: sqlite3.Connection, meeting_id: int) -> None:
    conn.execute("DELETE FROM meeting_search WHERE meeting_id = :m", {"m": meeting_id})
    conn.execute("DELETE FROM meeting WHERE id = :m", {"m": meeting_id})


def set_search_text(conn: sqlite3.Connection, meeting_id: int, body: str) -> None:
    conn.execute("DELETE FROM meeting_search WHERE meeting_id = :m", {"m": meeting_id})
    conn.execute("INSERT INTO meeting_search (meeting_id, body) VALUES (:m, :b)",
                 {"m": meeting_id, "b": body})


def search_ids(conn: sqlite3.Connection, terms: list[str]) -> set[int]:
    """Meetings whose text contains every term. Terms of 3+ characters use the trigram
    index; shorter ones (most Chinese words) are matched with instr()."""
    sql = "SELECT s.meeting_id FROM meeting_search s WHERE 1 = 1"
    params: dict[str, Any] = {}
    for i, term in enumerate(terms):
        key = f"t{i}"
        if len(term) >= 3:
            sql += f" AND s.meeting_id IN (SELECT rowid FROM meeting_fts WHERE meeting_fts MATCH :{key})"
            params[key] = '"' + term.replace('"', '""') + '"'
        else:
            sql += f" AND instr(s.body, :{key}) > 0"
            params[key] = term
    return {r[0] for r in conn.execute(sql, params)}


def insert_revision(conn: sqlite3.Connection, meeting_id: int, by: str, reason: str,
                    snapshot: Mapping[str, Any]) -> None:
    database(conn)["meeting_revision"].insert(
        {
            "meeting_id": meeting_id,
            "revised_at": stamp(conn),
            "revised_by": by,
            "reason": reason,
            "snapshot": json.dumps(snapshot, ensure_ascii=False, default=str),
        }
    )


def revisions(conn: sqlite3.Connection, meeting_id: int) -> list[RevisionRow]:
    rows = conn.execute("SELECT * FROM meeting_revision WHERE meeting_id = :m ORDER BY id", {"m": meeting_id})
    return [RevisionRow(r["id"], r["meeting_id"], r["revised_at"], r["revised_by"], r["reason"],
                        json.loads(r["snapshot"])) for r in rows]


def insert_attachment(conn: sqlite3.Connection, meeting_id: int, filename: str, sha256: str, data: bytes) -> int:
    table = database(conn)["meeting_attachment"]
    table.insert(
        {
            "meeting_id": meeting_id,
            "filename": filename,
            "sha256": sha256,
            "size": len(data),
            "data": data,
            "added_at": stamp(conn),
        }
    )
    return table.pk


def attachment(conn: sqlite3.Connection, attachment_id: int) -> AttachmentData | None:
    row = conn.execute("SELECT filename, sha256, data FROM meeting_attachment WHERE id = :id",
                       {"id": attachment_id}).fetchone()
    return AttachmentData(row["filename"], row["sha256"], bytes(row["data"])) if row else None


def delete_attachment(conn: sqlite3.Connection, attachment_id: int) -> None:
    conn.execute("DELETE FROM meeting_attachment WHERE id = :id", {"id": attachment_id})


def meetings_with_member(conn: sqlite3.Connection, member_id: int) -> set[int]:
    rows = conn.execute(
        "SELECT meeting_id FROM meeting_attendance WHERE member_id = :m "
        "UNION SELECT id FROM meeting WHERE speaker_member_id = :m",
        {"m": member_id},
    )
    return {r[0] for r in rows}


def open_rectifications(conn: sqlite3.Connection) -> list[OpenRectificationRow]:
    """整改事项 not yet done, oldest deadline first, with their meeting's title and date."""
    return _open_items(conn, "", "coalesce(r.due_on, '9999'), r.id", {})


def overdue_rectifications(conn: sqlite3.Connection, as_of: str, kind: str, status: str) -> list[OpenRectificationRow]:
    """整改事项 not done whose deadline is before ``as_of``, from records of ``kind`` (or counted
    as it) in ``status`` dated up to ``as_of``, of every year; oldest deadline first."""
    return _open_items(conn, "AND coalesce(r.due_on, '') <> '' AND r.due_on < :d AND m.date <= :d AND m.status = :s "
                       "AND (m.kind = :k OR EXISTS (SELECT 1 FROM json_each(coalesce(m.also_counts, '[]')) j "
                       "WHERE j.value = :k))", "r.due_on, r.id", {"d": as_of, "k": kind, "s": status})


def _open_items(conn: sqlite3.Connection, where: str, order: str, params: dict[str, Any]) -> list[OpenRectificationRow]:
    return [
        OpenRectificationRow(r["item"], r["owner"], r["due_on"], r["meeting_id"], r["title"], r["date"])
        for r in conn.execute(
            "SELECT r.item, r.owner, r.due_on, m.id AS meeting_id, m.title, m.date "
            f"FROM rectification_item r JOIN meeting m ON m.id = r.meeting_id WHERE r.done_on IS NULL {where} "
            f"ORDER BY {order}", params)
    ]


def quality_rows(conn: sqlite3.Connection, date_from: str, date_to: str) -> list[QualityRow]:
    """Per meeting in the dates, what the committee checks: the fields, attendance by class,
    absences recorded as 其他 without a note, and how many agenda items; one query."""
    sql = (
        "SELECT m.id, m.kind, m.title, m.date, m.status, m.signed_at, m.host, m.recorder, "
        "length(trim(m.content)) AS content_len, length(trim(m.resolutions)) AS resolutions_len, m.also_counts, "
        "(SELECT count(*) FROM meeting_agenda g WHERE g.meeting_id = m.id) AS agenda, "
        "(SELECT count(*) FROM meeting_speech p WHERE p.meeting_id = m.id) AS speeches, "
        "sum(a.member_class = '正式') AS due_full, sum(a.member_class = '预备') AS due_prob, "
        "sum(a.member_class = '正式' AND a.present) AS present_full, "
        "sum(a.member_class = '预备' AND a.present) AS present_prob, "
        "sum(NOT a.present AND a.absence_reason = '其他' AND trim(a.absence_note) = '') AS unexplained "
        "FROM meeting m LEFT JOIN meeting_attendance a ON a.meeting_id = m.id "
        "WHERE m.date BETWEEN :f AND :t GROUP BY m.id ORDER BY m.date, m.id"
    )
    out = []
    for r in conn.execute(sql, {"f": date_from, "t": date_to}):
        row = dict(r)
        for k in ("due_full", "due_prob", "present_full", "present_prob", "unexplained", "content_len",
                  "resolutions_len"):
            row[k] = row[k] or 0
        row["also_counts"] = _also_counts(row["also_counts"])
        out.append(QualityRow(**row))
    return out


def attendee_ids(conn: sqlite3.Connection, meeting_ids: list[int]) -> dict[int, list[int]]:
    """The member ids on each meeting's attendance list (present or not), in one query."""
    out: dict[int, list[int]] = {i: [] for i in meeting_ids}
    if not meeting_ids:
        return out
    marks = ",".join("?" * len(meeting_ids))
    for r in conn.execute(f"SELECT meeting_id, member_id FROM meeting_attendance WHERE meeting_id IN ({marks}) "
                          "AND member_id IS NOT NULL ORDER BY meeting_id, id", meeting_ids):
        out[r[0]].append(r[1])
    return out


def year_text(conn: sqlite3.Connection, year: int, kind: str) -> str | None:
    """The year's plan or summary as written (None: not written)."""
    row = conn.execute("SELECT content FROM year_text WHERE year = :y AND kind = :k", {"y": year, "k": kind}).fetchone()
    return str(row["content"]) if row else None


def set_year_text(conn: sqlite3.Connection, year: int, kind: str, content: str, by: str) -> None:
    conn.execute(
        "INSERT INTO year_text (year, kind, content, updated_at, updated_by) VALUES (:y, :k, :c, :at, :by) "
        "ON CONFLICT (year, kind) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by",
        {"y": year, "k": kind, "c": content, "at": stamp(conn), "by": by})


def revised_ids(conn: sqlite3.Connection) -> set[int]:
    """Meetings that have been corrected after sign-off."""
    return {r[0] for r in conn.execute("SELECT DISTINCT meeting_id FROM meeting_revision")}


def count_meetings(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM meeting /* all rows */").fetchone()[0]


def attendance_of_member(conn: sqlite3.Connection, member_id: int, date_from: str, date_to: str,
                         ) -> list[MemberAttendance]:
    """The meetings ``member_id`` was due at between the dates: kind, date, group, present, reason."""
    rows = conn.execute(
        "SELECT m.id, m.kind, m.date, m.group_id, m.also_counts, a.present, a.absence_reason, a.absence_note "
        "FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id "
        "WHERE a.member_id = :m AND m.date BETWEEN :a AND :b ORDER BY m.date, m.id",
        {"m": member_id, "a": date_from, "b": date_to})
    return [MemberAttendance(r["id"], r["kind"], r["date"], r["group_id"], _also_counts(r["also_counts"]),
                             bool(r["present"]), r["absence_reason"] or "", r["absence_note"] or "") for r in rows]
