"""SQL of party dues. Named parameters only."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from db.connection import database, memo, stamp
from db.records.dues import Assessment, Payment, PaymentMonth, ReminderGiven, Remittance

if TYPE_CHECKING:
    import sqlite3


def insert_assessment(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["dues_assessment"]
    table.insert({**fields, "created_at": stamp(conn)})
    return table.pk


def assessments(conn: sqlite3.Connection, member_id: int | None = None, year: int | None = None) -> list[Assessment]:
    sql = "SELECT * FROM dues_assessment WHERE 1 = 1"
    params: dict[str, Any] = {}
    if member_id is not None:
        sql += " AND member_id = :m"
        params["m"] = member_id
    if year is not None:
        sql += " AND year = :y"
        params["y"] = year
    return [Assessment.from_row(r) for r in conn.execute(sql + " ORDER BY member_id, effective_from", params)]


def assessed_members(conn: sqlite3.Connection, year: int) -> set[int]:
    """The members with at least one assessment for ``year``."""
    return {r[0] for r in conn.execute("SELECT DISTINCT member_id FROM dues_assessment WHERE year = ?", (year,))}


def insert_payment(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["dues_payment"]
    table.insert({**fields, "created_at": stamp(conn)})
    return table.pk


def insert_payment_month(
    conn: sqlite3.Connection, payment_id: int, member_id: int, month: str, amount_fen: int
) -> None:
    database(conn)["dues_payment_month"].insert(
        {"payment_id": payment_id, "member_id": member_id, "month": month, "amount_fen": amount_fen}
    )


def payment(conn: sqlite3.Connection, payment_id: int) -> Payment | None:
    rows = _payments(conn, " AND p.id = :id", {"id": payment_id})
    return rows[0] if rows else None


def is_reversed(conn: sqlite3.Connection, payment_id: int) -> bool:
    return conn.execute("SELECT 1 FROM dues_payment WHERE reverses = :id", {"id": payment_id}).fetchone() is not None


def payment_months(conn: sqlite3.Connection, payment_id: int) -> list[PaymentMonth]:
    return [PaymentMonth(r["payment_id"], r["member_id"], r["month"], r["amount_fen"]) for r in conn.execute(
        "SELECT * FROM dues_payment_month WHERE payment_id = :p ORDER BY month", {"p": payment_id})]


def payments(conn: sqlite3.Connection, member_id: int | None = None, year: int | None = None) -> list[Payment]:
    where = ""
    params: dict[str, Any] = {}
    if member_id is not None:
        where += " AND p.member_id = :m"
        params["m"] = member_id
    if year is not None:
        where += " AND substr(p.paid_on, 1, 4) = :y"
        params["y"] = f"{year:04d}"
    return _payments(conn, where, params)


_PAYMENT_FIELDS = ("id", "member_id", "name", "paid_on", "amount_fen", "reverses", "method", "receipt_no", "collector",
                   "backpay_override", "correction_reason", "note", "created_at", "months")


def _payments(conn: sqlite3.Connection, where: str, params: dict[str, Any]) -> list[Payment]:
    sql = ("SELECT p.*, m.name, coalesce((SELECT group_concat(month, ',') FROM dues_payment_month pm "
           "WHERE pm.payment_id = p.id), '') AS months "
           "FROM dues_payment p JOIN member m ON m.id = p.member_id WHERE 1 = 1")
    rows = conn.execute(sql + where + " ORDER BY p.paid_on, p.id", params)
    return [Payment(**{k: r[k] for k in _PAYMENT_FIELDS}) for r in rows]


def paid_by_month(conn: sqlite3.Connection, first: str, last: str) -> dict[tuple[int, str], int]:
    """What each member paid for each month owed from ``first`` to ``last`` (a year's grid, a month's
    sheet: reading every year on file would make each answer grow with them)."""
    def read() -> dict[tuple[int, str], int]:
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: the ledger reads every member-month
        rows = cursor.execute("SELECT member_id, month, sum(amount_fen) FROM dues_payment_month "
                              "WHERE month BETWEEN ? AND ? GROUP BY member_id, month", (first, last))
        return {(r[0], r[1]): r[2] for r in rows}

    return dict(memo(conn, ("paid_by_month", first, last), read))


def paid_for_member(conn: sqlite3.Connection, member_id: int, months: list[str] | None = None) -> dict[str, int]:
    """One member's payments by month owed (only ``months`` when given)."""
    sql = "SELECT month, sum(amount_fen) FROM dues_payment_month WHERE member_id = :m"
    params: dict[str, Any] = {"m": member_id}
    if months:
        marks = ", ".join(f":p{i}" for i in range(len(months)))
        sql += f" AND month IN ({marks})"
        params.update({f"p{i}": m for i, m in enumerate(months)})
    return {r[0]: r[1] for r in conn.execute(sql + " GROUP BY month", params)}


def is_closed(conn: sqlite3.Connection, month: str) -> bool:
    return conn.execute("SELECT 1 FROM dues_month_close WHERE month = :m", {"m": month}).fetchone() is not None


def close_month(conn: sqlite3.Connection, month: str, on: str, by: str) -> None:
    conn.execute(
        "INSERT INTO dues_month_close (month, closed_on, closed_by) VALUES (:m, :on, :by)",
        {"m": month, "on": on, "by": by},
    )


def closed_months(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT month FROM dues_month_close ORDER BY month")]


def arrears_reasons(conn: sqlite3.Connection) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for r in conn.execute("SELECT member_id, from_month, reason FROM dues_arrears_reason ORDER BY from_month"):
        out.setdefault(r[0], []).append((r[1], r[2]))
    return out


def set_arrears_reason(conn: sqlite3.Connection, member_id: int, from_month: str, reason: str, on: str) -> None:
    conn.execute(
        "INSERT INTO dues_arrears_reason (member_id, from_month, reason, recorded_on) VALUES (:m, :f, :r, :on) "
        "ON CONFLICT (member_id, from_month) DO UPDATE SET "
        "reason = excluded.reason, recorded_on = excluded.recorded_on",
        {"m": member_id, "f": from_month, "r": reason, "on": on},
    )


def arrears_reason(conn: sqlite3.Connection, member_id: int, from_month: str) -> str | None:
    row = conn.execute("SELECT reason FROM dues_arrears_reason WHERE member_id = ? AND from_month = ?",
                       (member_id, from_month)).fetchone()
    return row[0] if row else None


def delete_arrears_reason(conn: sqlite3.Connection, member_id: int, from_month: str) -> None:
    conn.execute("DELETE FROM dues_arrears_reason WHERE member_id = ? AND from_month = ?", (member_id, from_month))


def insert_remittance(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["dues_remittance"]
    table.insert({**fields, "created_at": stamp(conn)})
    return table.pk


def remittances(conn: sqlite3.Connection, year: int | None = None) -> list[Remittance]:
    sql = "SELECT * FROM dues_remittance"
    params: dict[str, Any] = {}
    if year is not None:
        sql += " WHERE substr(remitted_on, 1, 4) = :y"
        params["y"] = f"{year:04d}"
    return [Remittance(r["id"], r["remitted_on"], r["amount_fen"], r["slip_no"], r["from_month"], r["to_month"],
                       r["handled_by"], r["note"]) for r in conn.execute(sql + " ORDER BY remitted_on, id", params)]


def collected_until(conn: sqlite3.Connection, on: str) -> int:
    return conn.execute(
        "SELECT coalesce(sum(amount_fen), 0) FROM dues_payment WHERE paid_on <= :d", {"d": on}
    ).fetchone()[0]


def remitted_until(conn: sqlite3.Connection, on: str) -> int:
    return conn.execute(
        "SELECT coalesce(sum(amount_fen), 0) FROM dues_remittance WHERE remitted_on <= :d", {"d": on}
    ).fetchone()[0]


def collected_by_month(conn: sqlite3.Connection, year: int) -> dict[str, int]:
    rows = conn.execute(
        "SELECT substr(paid_on, 1, 7), sum(amount_fen) FROM dues_payment WHERE paid_on BETWEEN :a AND :b GROUP BY 1",
        {"a": f"{year:04d}-01-01", "b": f"{year:04d}-12-31"},
    )
    return {r[0]: r[1] for r in rows}


def remitted_by_month(conn: sqlite3.Connection, year: int) -> dict[str, int]:
    rows = conn.execute(
        "SELECT substr(remitted_on, 1, 7), sum(amount_fen) FROM dues_remittance "
        "WHERE remitted_on BETWEEN :a AND :b GROUP BY 1",
        {"a": f"{year:04d}-01-01", "b": f"{year:04d}-12-31"},
    )
    return {r[0]: r[1] for r in rows}


def paid_dates(conn: sqlite3.Connection, year: int) -> dict[tuple[int, str], str]:
    """(member, month of ``year``) -> the date of the latest payment towards it."""
    rows = conn.execute(
        "SELECT pm.member_id, pm.month, max(p.paid_on) FROM dues_payment_month pm "
        "JOIN dues_payment p ON p.id = pm.payment_id "
        "WHERE pm.month BETWEEN :a AND :b AND pm.amount_fen > 0 GROUP BY pm.member_id, pm.month",
        {"a": f"{year:04d}-01", "b": f"{year:04d}-12"})
    return {(r[0], r[1]): r[2] for r in rows}


def back_paid_in(conn: sqlite3.Connection, year: int) -> dict[int, int]:
    """Per member: what was paid during ``year`` for months of earlier years (补交)."""
    rows = conn.execute(
        "SELECT pm.member_id, sum(pm.amount_fen) FROM dues_payment_month pm "
        "JOIN dues_payment p ON p.id = pm.payment_id "
        "WHERE p.paid_on BETWEEN :a AND :b AND pm.month < :m GROUP BY pm.member_id",
        {"a": f"{year:04d}-01-01", "b": f"{year:04d}-12-31", "m": f"{year:04d}-01"})
    return {r[0]: r[1] for r in rows}


def first_entry_month(conn: sqlite3.Connection) -> str | None:
    """The month dues were first kept here, the earliest of: the month the first assessment was
    entered, the first month of an assessment entered for an earlier year (back-filled records),
    and the first payment's month (None before any)."""
    row = conn.execute(
        "SELECT min(m) FROM (SELECT min(substr(created_at, 1, 7)) AS m FROM dues_assessment "
        "UNION ALL SELECT min(effective_from) FROM dues_assessment WHERE year < CAST(substr(created_at, 1, 4) AS INT) "
        "UNION ALL SELECT min(substr(paid_on, 1, 7)) FROM dues_payment)").fetchone()
    return row[0] if row and row[0] else None


def other_years_paid_in(conn: sqlite3.Connection, year: int) -> dict[int, list[tuple[str, int]]]:
    """Per member: (month, amount) paid during ``year`` for months of other years (补交 and 预交)."""
    rows = conn.execute(
        "SELECT pm.member_id, pm.month, sum(pm.amount_fen) FROM dues_payment_month pm "
        "JOIN dues_payment p ON p.id = pm.payment_id "
        "WHERE p.paid_on BETWEEN :a AND :b AND substr(pm.month, 1, 4) <> :y "
        "GROUP BY pm.member_id, pm.month HAVING sum(pm.amount_fen) <> 0 ORDER BY pm.member_id, pm.month",
        {"a": f"{year:04d}-01-01", "b": f"{year:04d}-12-31", "y": f"{year:04d}"})
    out: dict[int, list[tuple[str, int]]] = {}
    for member, month, fen in rows:
        out.setdefault(member, []).append((month, fen))
    return out


def paid_by_when(conn: sqlite3.Connection, year: int) -> dict[str, int]:
    """What was paid, split by when and for which months: ``this`` (paid in ``year`` for its
    months), ``before`` (paid earlier for its months: 预交), ``back`` (paid in it for earlier
    years: 补交) and ``ahead`` (paid in it for later years)."""
    row = conn.execute(
        "SELECT "
        "coalesce(sum(CASE WHEN p.paid_on >= :a AND substr(pm.month, 1, 4) = :y THEN pm.amount_fen END), 0), "
        "coalesce(sum(CASE WHEN p.paid_on < :a AND substr(pm.month, 1, 4) = :y THEN pm.amount_fen END), 0), "
        "coalesce(sum(CASE WHEN p.paid_on >= :a AND substr(pm.month, 1, 4) < :y THEN pm.amount_fen END), 0), "
        "coalesce(sum(CASE WHEN p.paid_on >= :a AND substr(pm.month, 1, 4) > :y THEN pm.amount_fen END), 0) "
        "FROM dues_payment_month pm JOIN dues_payment p ON p.id = pm.payment_id WHERE p.paid_on <= :b",
        {"a": f"{year:04d}-01-01", "b": f"{year:04d}-12-31", "y": f"{year:04d}"}).fetchone()
    return {"this": row[0], "before": row[1], "back": row[2], "ahead": row[3]}


# -- 催缴提醒 ---------------------------------------------------------------------------------

def reminders_between(conn: sqlite3.Connection, first: str, last: str) -> dict[int, list[str]]:
    """Per member, the days they were reminded from ``first`` to ``last``."""
    out: dict[int, list[str]] = {}
    for member, on in conn.execute("SELECT member_id, given_on FROM dues_reminder WHERE given_on BETWEEN ? AND ? "
                                   "ORDER BY given_on", (first, last)):
        out.setdefault(member, []).append(on)
    return out


def last_reminders(conn: sqlite3.Connection) -> dict[int, str]:
    """Per member, the day they were last reminded."""
    return {r[0]: r[1] for r in conn.execute("SELECT member_id, max(given_on) FROM dues_reminder GROUP BY member_id")}


def insert_reminder(conn: sqlite3.Connection, member_id: int, on: str, how: str, months: list[str], owed_fen: int,
                    note: str) -> int:
    cur = conn.execute(
        "INSERT INTO dues_reminder (member_id, given_on, how, months, owed_fen, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (member_id, on, how, json.dumps(months), owed_fen, note, stamp(conn)))
    return int(cur.lastrowid or 0)


def delete_reminder(conn: sqlite3.Connection, reminder_id: int) -> None:
    conn.execute("DELETE FROM dues_reminder WHERE id = ?", (reminder_id,))


def reminders_of(conn: sqlite3.Connection, member_id: int) -> list[ReminderGiven]:
    rows = conn.execute("SELECT * FROM dues_reminder WHERE member_id = ? ORDER BY given_on DESC, id DESC",
                        (member_id,))
    return [ReminderGiven(r["id"], r["member_id"], r["given_on"], r["how"], tuple(json.loads(r["months"])),
                          r["owed_fen"], r["note"]) for r in rows]


def reminder_counts(conn: sqlite3.Connection, year: int) -> tuple[int, int]:
    """(reminders given, members reminded) in ``year``."""
    row = conn.execute("SELECT count(*), count(DISTINCT member_id) FROM dues_reminder WHERE substr(given_on, 1, 4) = ?",
                       (str(year),)).fetchone()
    return int(row[0]), int(row[1])
