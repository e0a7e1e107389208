"""SQL of the branch profile, party groups and the committee (支委会)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from db.connection import database, stamp
from db.records.branch import Branch, CommitteeSeat, CommitteeTerm, PartyGroup

if TYPE_CHECKING:
    import sqlite3



def branch_name(conn: sqlite3.Connection) -> str | None:
    """The branch's name, or None before the branch is set up (no record classes needed)."""
    row = conn.execute("SELECT name FROM branch WHERE id = 1").fetchone()
    return None if row is None else row[0] or ""


def get_branch(conn: sqlite3.Connection) -> Branch | None:
    row = conn.execute("SELECT * FROM branch WHERE id = 1").fetchone()
    if row is None:
        return None
    return Branch(
        name=row["name"],
        kind=row["kind"],
        covered_units=tuple(json.loads(row["covered_units"] or "[]")),
        supervising_committee=row["supervising_committee"],
        founded_on=row["founded_on"],
        village_or_community=bool(row["village_or_community"]),
        secretary_phone=row["secretary_phone"],
        notes=row["notes"],
    )


def save_branch(conn: sqlite3.Connection, branch: Branch) -> None:
    stamp_ = stamp(conn)
    record = {
        "id": 1,
        "name": branch.name,
        "kind": branch.kind,
        "covered_units": json.dumps(list(branch.covered_units), ensure_ascii=False),
        "supervising_committee": branch.supervising_committee,
        "founded_on": branch.founded_on,
        "village_or_community": int(branch.village_or_community),
        "secretary_phone": branch.secretary_phone,
        "notes": branch.notes,
        "updated_at": stamp_,
    }
    existing = conn.execute("SELECT created_at FROM branch WHERE id = 1").fetchone()
    record["created_at"] = existing[0] if existing else stamp_
    database(conn)["branch"].upsert(record, pk="id")




# -- party groups ---------------------------------------------------------------------------------

def _group(row: sqlite3.Row) -> PartyGroup:
    return PartyGroup(**dict(row))


def list_groups(conn: sqlite3.Connection, include_dissolved: bool = False) -> list[PartyGroup]:
    sql = "SELECT * FROM party_group"
    if not include_dissolved:
        sql += " WHERE dissolved_on IS NULL"
    sql += " ORDER BY sort_order, id"
    return [_group(r) for r in conn.execute(sql)]


def get_group(conn: sqlite3.Connection, group_id: int) -> PartyGroup | None:
    row = conn.execute("SELECT * FROM party_group WHERE id = :id", {"id": group_id}).fetchone()
    return _group(row) if row else None


def group_by_name(conn: sqlite3.Connection, name: str) -> PartyGroup | None:
    row = conn.execute("SELECT * FROM party_group WHERE name = :n", {"n": name}).fetchone()
    return _group(row) if row else None


def insert_group(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["party_group"]
    table.insert(dict(fields))
    return table.pk


def update_group(conn: sqlite3.Connection, group_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["party_group"].update(group_id, dict(fields))








# -- committee ------------------------------------------------------------------------------

def _term(row: sqlite3.Row) -> CommitteeTerm:
    return CommitteeTerm(**dict(row))


def list_terms(conn: sqlite3.Connection) -> list[CommitteeTerm]:
    return [_term(r) for r in conn.execute("SELECT * FROM committee_term ORDER BY election_date")]


def current_term(conn: sqlite3.Connection) -> CommitteeTerm | None:
    row = conn.execute(
        "SELECT * FROM committee_term WHERE ended_on IS NULL ORDER BY election_date DESC LIMIT 1"
    ).fetchone()
    return _term(row) if row else None


def insert_term(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["committee_term"]
    table.insert(dict(fields))
    return table.pk


def update_term(conn: sqlite3.Connection, term_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["committee_term"].update(term_id, dict(fields))


def list_seats(conn: sqlite3.Connection, term_id: int, current_only: bool = True) -> list[CommitteeSeat]:
    sql = (
        "SELECT c.*, m.name AS member_name FROM committee_member c "
        "JOIN member m ON m.id = c.member_id WHERE c.term_id = :t"
    )
    if current_only:
        sql += " AND c.end_date IS NULL"
    sql += " ORDER BY CASE c.role WHEN '书记' THEN 0 WHEN '副书记' THEN 1 WHEN '组织委员' THEN 2 " \
           "WHEN '宣传委员' THEN 3 WHEN '纪检委员' THEN 4 ELSE 5 END, c.id"
    return [CommitteeSeat(**dict(r)) for r in conn.execute(sql, {"t": term_id})]


def insert_seat(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["committee_member"]
    table.insert(dict(fields))
    return table.pk


def end_seat(conn: sqlite3.Connection, seat_id: int, end_date: str) -> None:
    database(conn)["committee_member"].update(seat_id, {"end_date": end_date})


def get_seat(conn: sqlite3.Connection, seat_id: int) -> CommitteeSeat | None:
    row = conn.execute("SELECT c.*, m.name AS member_name FROM committee_member c JOIN member m ON m.id = c.member_id "
                       "WHERE c.id = :id", {"id": seat_id}).fetchone()
    return CommitteeSeat(**dict(row)) if row else None


def seat_spans(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(start, end) of every committee seat, clipped to its term (for many periods at once)."""
    rows = conn.execute(
        "SELECT max(c.start_date, t.election_date), "
        "CASE WHEN c.end_date IS NULL THEN t.ended_on WHEN t.ended_on IS NULL THEN c.end_date "
        "ELSE min(c.end_date, t.ended_on) END "
        "FROM committee_member c JOIN committee_term t ON t.id = c.term_id")
    return [(r[0], r[1]) for r in rows]


def committee_member_ids_on(conn: sqlite3.Connection, on: str) -> list[int]:
    rows = conn.execute(
        "SELECT DISTINCT c.member_id FROM committee_member c "
        "JOIN committee_term t ON t.id = c.term_id "
        "WHERE c.start_date <= :d AND (c.end_date IS NULL OR c.end_date > :d) "
        "AND t.election_date <= :d AND (t.ended_on IS NULL OR t.ended_on > :d)",
        {"d": on},
    )
    return [r[0] for r in rows]
