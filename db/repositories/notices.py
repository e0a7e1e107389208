"""督办通知 received by the branch, and their items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.connection import stamp
from db.records.notices import NoticeItem

if TYPE_CHECKING:
    import sqlite3


def exists(conn: sqlite3.Connection, notice_id: str) -> bool:
    return conn.execute("SELECT 1 FROM notice WHERE notice_id = :n", {"n": notice_id}).fetchone() is not None


def add(conn: sqlite3.Connection, body: dict[str, Any], raw: bytes) -> int:
    cur = conn.execute(
        "INSERT INTO notice (notice_id, committee, committee_fp, year, created, due_on, received_at, raw) "
        "VALUES (:id, :c, :fp, :y, :cr, :due, :at, :raw)",
        {"id": body["notice_id"], "c": body.get("committee", ""), "fp": body["committee_fingerprint"],
         "y": body["year"], "cr": body["created"], "due": body["due_on"], "at": stamp(conn), "raw": raw})
    pk = int(cur.lastrowid or 0)
    for item in body["items"]:
        conn.execute("INSERT INTO notice_item (notice, no, problem, requirement, due_on) VALUES (:n, :no, :p, :r, :d)",
                     {"n": pk, "no": item["no"], "p": item["problem"], "r": item.get("requirement", ""),
                      "d": item.get("due_on") or body["due_on"]})
    return pk


_ITEMS = ("SELECT i.*, n.notice_id, n.committee, n.year, n.created FROM notice_item i "
          "JOIN notice n ON n.id = i.notice")


def items(conn: sqlite3.Connection, open_only: bool = False) -> list[NoticeItem]:
    sql = _ITEMS + (" WHERE i.status = '待整改'" if open_only else "") + " ORDER BY i.due_on, n.id, i.no"
    return [NoticeItem(**dict(r)) for r in conn.execute(sql)]


def item(conn: sqlite3.Connection, item_id: int) -> NoticeItem | None:
    row = conn.execute(_ITEMS + " WHERE i.id = :i", {"i": item_id}).fetchone()
    return NoticeItem(**dict(row)) if row else None


def set_status(conn: sqlite3.Connection, item_id: int, status: str, note: str, done_on: str | None) -> None:
    conn.execute("UPDATE notice_item SET status = :s, note = :n, done_on = :d WHERE id = :i",
                 {"s": status, "n": note, "d": done_on, "i": item_id})
