"""All SQL for the branch and roster lives here; named parameters only."""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from db.connection import database
from db.records import (
    Branch,
    CommitteeSeat,
    CommitteeTerm,
    Member,
    MembershipPeriod,
    PartyGroup,
)

MEMBER_FIELDS = (
    "name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "education",
    "work_unit_post", "personnel_category", "join_date", "full_date", "member_class",
    "is_leader_cadre", "phone", "notes",
)


def now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


# -- settings -------------------------------------------------------------------------------

def get_setting(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = :key", {"key": key}).fetchone()
    return row[0] if row else default


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    database(conn)["settings"].upsert({"key": key, "value": value}, pk="key")


# -- change log -----------------------------------------------------------------------------

def log_change(
    conn: sqlite3.Connection,
    entity: str,
    entity_id: int | None,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    reason: str = "",
) -> None:
    database(conn)["change_log"].insert(
        {
            "at": now(),
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
            "after": json.dumps(after, ensure_ascii=False) if after is not None else None,
            "reason": reason,
        }
    )


def change_log(conn: sqlite3.Connection, entity: str, entity_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM change_log WHERE entity = :e AND entity_id = :i ORDER BY id",
        {"e": entity, "i": entity_id},
    )
    return [dict(r) for r in rows]


# -- branch ---------------------------------------------------------------------------------

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
    stamp = now()
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
        "updated_at": stamp,
    }
    existing = conn.execute("SELECT created_at FROM branch WHERE id = 1").fetchone()
    record["created_at"] = existing[0] if existing else stamp
    database(conn)["branch"].upsert(record, pk="id")


# -- members --------------------------------------------------------------------------------

def _period(row: sqlite3.Row) -> MembershipPeriod:
    return MembershipPeriod(**{k: row[k] for k in row.keys()})


def list_members(conn: sqlite3.Connection, include_left: bool = True, member_id: int | None = None) -> list[Member]:
    """Every member ever on the roster (or only those in the branch now, or just one)."""
    only = "" if member_id is None else " WHERE member_id = :m"
    params = {} if member_id is None else {"m": member_id}
    periods: dict[int, list[MembershipPeriod]] = {}
    for row in conn.execute(f"SELECT * FROM membership_period{only} ORDER BY start_date, id", params):
        periods.setdefault(row["member_id"], []).append(_period(row))
    groups = {
        row["member_id"]: (row["group_id"], row["name"])
        for row in conn.execute(
            "SELECT gm.member_id, gm.group_id, g.name FROM group_membership gm "
            "JOIN party_group g ON g.id = gm.group_id WHERE gm.end_date IS NULL"
            + ("" if member_id is None else " AND gm.member_id = :m"), params
        )
    }
    out: list[Member] = []
    sql = "SELECT * FROM member" + ("" if member_id is None else " WHERE id = :m") + " ORDER BY join_date, id"
    for row in conn.execute(sql, params):
        mid = row["id"]
        own = tuple(periods.get(mid, ()))
        last = own[-1] if own else None
        active = last is not None and last.end_date is None
        if not include_left and not active:
            continue
        gid, gname = groups.get(mid, (None, None))
        out.append(
            Member(
                id=mid,
                **{k: row[k] for k in MEMBER_FIELDS if k != "is_leader_cadre"},
                is_leader_cadre=bool(row["is_leader_cadre"]),
                group_id=gid,
                group_name=gname,
                active=active,
                left_on=None if active or last is None else last.end_date,
                left_kind=None if active or last is None else last.end_kind,
                periods=own,
            )
        )
    return out


def get_member(conn: sqlite3.Connection, member_id: int) -> Member | None:
    found = list_members(conn, member_id=member_id)
    return found[0] if found else None


def member_row(conn: sqlite3.Connection, member_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM member WHERE id = :id", {"id": member_id}).fetchone()
    return dict(row) if row else None


def find_member_by_id_number(conn: sqlite3.Connection, id_number: str) -> int | None:
    row = conn.execute(
        "SELECT id FROM member WHERE id_number = :n", {"n": id_number}
    ).fetchone()
    return row[0] if row else None


def all_id_numbers(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT id_number, id FROM member")}


def insert_member(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    stamp = now()
    record = {k: fields.get(k) for k in MEMBER_FIELDS}
    record["is_leader_cadre"] = int(bool(record["is_leader_cadre"]))
    record.update(created_at=stamp, updated_at=stamp)
    table = database(conn)["member"]
    table.insert(record)
    return int(table.last_pk)


def update_member(conn: sqlite3.Connection, member_id: int, fields: Mapping[str, Any]) -> None:
    record = {k: fields[k] for k in MEMBER_FIELDS if k in fields}
    if "is_leader_cadre" in record:
        record["is_leader_cadre"] = int(bool(record["is_leader_cadre"]))
    record["updated_at"] = now()
    database(conn)["member"].update(member_id, record)


def open_period(conn: sqlite3.Connection, member_id: int) -> MembershipPeriod | None:
    row = conn.execute(
        "SELECT * FROM membership_period WHERE member_id = :m AND end_date IS NULL",
        {"m": member_id},
    ).fetchone()
    return _period(row) if row else None


def last_period(conn: sqlite3.Connection, member_id: int) -> MembershipPeriod | None:
    row = conn.execute(
        "SELECT * FROM membership_period WHERE member_id = :m ORDER BY start_date DESC, id DESC",
        {"m": member_id},
    ).fetchone()
    return _period(row) if row else None


def insert_period(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["membership_period"]
    table.insert(dict(fields))
    return int(table.last_pk)


def close_period(conn: sqlite3.Connection, period_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["membership_period"].update(period_id, dict(fields))


def update_period(conn: sqlite3.Connection, period_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["membership_period"].update(period_id, dict(fields))


def member_ids_on(conn: sqlite3.Connection, on: str) -> list[int]:
    """Members in the branch on the date ``on`` (start <= on < end)."""
    rows = conn.execute(
        "SELECT DISTINCT member_id FROM membership_period "
        "WHERE start_date <= :d AND (end_date IS NULL OR end_date > :d)",
        {"d": on},
    )
    return [r[0] for r in rows]


# -- groups ---------------------------------------------------------------------------------

def _group(row: sqlite3.Row) -> PartyGroup:
    return PartyGroup(**{k: row[k] for k in row.keys()})


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
    return int(table.last_pk)


def update_group(conn: sqlite3.Connection, group_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["party_group"].update(group_id, dict(fields))


def current_group_membership(conn: sqlite3.Connection, member_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM group_membership WHERE member_id = :m AND end_date IS NULL",
        {"m": member_id},
    ).fetchone()
    return dict(row) if row else None


def insert_group_membership(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> None:
    database(conn)["group_membership"].insert(dict(fields))


def end_group_membership(conn: sqlite3.Connection, row_id: int, end_date: str) -> None:
    database(conn)["group_membership"].update(row_id, {"end_date": end_date})


def delete_group_membership(conn: sqlite3.Connection, row_id: int) -> None:
    conn.execute("DELETE FROM group_membership WHERE id = :id", {"id": row_id})


def group_member_ids_on(conn: sqlite3.Connection, group_id: int, on: str) -> list[int]:
    rows = conn.execute(
        "SELECT DISTINCT member_id FROM group_membership WHERE group_id = :g "
        "AND start_date <= :d AND (end_date IS NULL OR end_date > :d)",
        {"g": group_id, "d": on},
    )
    return [r[0] for r in rows]


def group_member_counts(conn: sqlite3.Connection) -> dict[int, int]:
    rows = conn.execute(
        "SELECT group_id, count(*) FROM group_membership WHERE end_date IS NULL GROUP BY group_id"
    )
    return {r[0]: r[1] for r in rows}


# -- committee ------------------------------------------------------------------------------

def _term(row: sqlite3.Row) -> CommitteeTerm:
    return CommitteeTerm(**{k: row[k] for k in row.keys()})


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
    return int(table.last_pk)


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
    return [CommitteeSeat(**{k: r[k] for k in r.keys()}) for r in conn.execute(sql, {"t": term_id})]


def insert_seat(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["committee_member"]
    table.insert(dict(fields))
    return int(table.last_pk)


def end_seat(conn: sqlite3.Connection, seat_id: int, end_date: str) -> None:
    database(conn)["committee_member"].update(seat_id, {"end_date": end_date})


def get_seat(conn: sqlite3.Connection, seat_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM committee_member WHERE id = :id", {"id": seat_id}).fetchone()
    return dict(row) if row else None


def committee_member_ids_on(conn: sqlite3.Connection, on: str) -> list[int]:
    rows = conn.execute(
        "SELECT DISTINCT c.member_id FROM committee_member c "
        "JOIN committee_term t ON t.id = c.term_id "
        "WHERE c.start_date <= :d AND (c.end_date IS NULL OR c.end_date > :d) "
        "AND t.election_date <= :d AND (t.ended_on IS NULL OR t.ended_on > :d)",
        {"d": on},
    )
    return [r[0] for r in rows]


def leader_cadre_ids(conn: sqlite3.Connection) -> set[int]:
    return {r[0] for r in conn.execute("SELECT id FROM member WHERE is_leader_cadre = 1")}


def names_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM member") if r[0] in wanted}
