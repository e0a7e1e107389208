"""SQL of 先锋岗 and 双报到."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.connection import stamp
from db.records.posts import Activity, Award, CommunityReport, Holder, Participant, StoredPost
from db.repositories.reading import rows

if TYPE_CHECKING:
    import sqlite3


def add_post(conn: sqlite3.Connection, fields: dict[str, Any]) -> int:
    cur = conn.execute(
        "INSERT INTO vanguard_post (name, kind, unit, set_up_on, commitments, notes, created_at) "
        "VALUES (:name, :kind, :unit, :set_up_on, :commitments, :notes, :at)", {**fields, "at": stamp(conn)})
    return int(cur.lastrowid or 0)


def posts(conn: sqlite3.Connection) -> list[StoredPost]:
    return rows(conn, StoredPost, "SELECT * FROM vanguard_post ORDER BY set_up_on, id")


def holders(conn: sqlite3.Connection) -> list[Holder]:
    return rows(conn, Holder, "SELECT h.*, m.name FROM vanguard_holder h JOIN member m ON m.id = h.member_id "
                              "ORDER BY h.from_date, h.id")


def add_holder(conn: sqlite3.Connection, post_id: int, member_id: int, on: str) -> None:
    conn.execute("INSERT INTO vanguard_holder (post_id, member_id, from_date) VALUES (?, ?, ?)",
                 (post_id, member_id, on))


def end_holder(conn: sqlite3.Connection, holder_id: int, on: str) -> None:
    conn.execute("UPDATE vanguard_holder SET to_date = ? WHERE id = ?", (on, holder_id))


def close_post(conn: sqlite3.Connection, post_id: int, on: str) -> None:
    conn.execute("UPDATE vanguard_post SET closed_on = ? WHERE id = ?", (on, post_id))


def add_award(conn: sqlite3.Connection, post_id: int, title: str, on: str, body: str, notes: str) -> int:
    cur = conn.execute("INSERT INTO vanguard_award (post_id, title, awarded_on, body, notes) VALUES (?, ?, ?, ?, ?)",
                       (post_id, title, on, body, notes))
    return int(cur.lastrowid or 0)


def awards(conn: sqlite3.Connection) -> list[Award]:
    return rows(conn, Award, "SELECT * FROM vanguard_award ORDER BY awarded_on, id")


def add_report(conn: sqlite3.Connection, member_id: int, community: str, on: str, notes: str) -> int:
    cur = conn.execute("INSERT INTO community_report (member_id, community, reported_on, notes) VALUES (?, ?, ?, ?)",
                       (member_id, community, on, notes))
    return int(cur.lastrowid or 0)


def reports(conn: sqlite3.Connection) -> list[CommunityReport]:
    return rows(conn, CommunityReport, "SELECT c.*, m.name FROM community_report c JOIN member m ON m.id = c.member_id "
                                       "ORDER BY c.reported_on, c.id")


def end_report(conn: sqlite3.Connection, report_id: int, on: str) -> None:
    conn.execute("UPDATE community_report SET ended_on = ? WHERE id = ?", (on, report_id))


def add_activity(conn: sqlite3.Connection, on: str, community: str, what: str, meeting_id: int | None,
                 people: list[tuple[int, int]]) -> int:
    cur = conn.execute("INSERT INTO community_activity (done_on, community, what, meeting_id, created_at) "
                       "VALUES (?, ?, ?, ?, ?)", (on, community, what, meeting_id, stamp(conn)))
    aid = int(cur.lastrowid or 0)
    conn.executemany("INSERT INTO community_activity_member (activity_id, member_id, tenths) VALUES (?, ?, ?)",
                     [(aid, mid, tenths) for mid, tenths in people])
    return aid


def activities(conn: sqlite3.Connection, date_from: str, date_to: str) -> list[Activity]:
    rows = [dict(r) for r in conn.execute(
        "SELECT * FROM community_activity WHERE done_on BETWEEN ? AND ? ORDER BY done_on, id", (date_from, date_to))]
    people: dict[int, list[Participant]] = {}
    for r in conn.execute(
            "SELECT a.activity_id, a.member_id, a.tenths, m.name FROM community_activity_member a "
            "JOIN member m ON m.id = a.member_id JOIN community_activity c ON c.id = a.activity_id "
            "WHERE c.done_on BETWEEN ? AND ? ORDER BY a.activity_id, m.id", (date_from, date_to)):
        people.setdefault(r["activity_id"], []).append(Participant(**dict(r)))
    return [Activity(**row, people=tuple(people.get(row["id"], []))) for row in rows]
