"""SQL of the member roster: members, their stays in the branch, their party groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from db.connection import database, memo, stamp
from db.records.roster import GroupMembership, Member, MembershipPeriod

if TYPE_CHECKING:
    import sqlite3

MEMBER_FIELDS = (
    "name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "education",
    "work_unit_post", "personnel_category", "join_date", "full_date", "member_class",
    "is_leader_cadre", "phone", "notes",
)


# -- members --------------------------------------------------------------------------------

def _period(row: sqlite3.Row) -> MembershipPeriod:
    return MembershipPeriod(**dict(row))


def list_members(conn: sqlite3.Connection, include_left: bool = True, member_id: int | None = None) -> list[Member]:
    """Every member ever on the roster (or only those in the branch now, or just one)."""
    if member_id is None:  # the records are frozen, so a read-only connection may share one list
        everyone = memo(conn, ("members", include_left), lambda: _list_members(conn, include_left, None))
        return list(everyone)
    return _list_members(conn, include_left, [member_id])


def members_on(conn: sqlite3.Connection, on: str, among: Iterable[int] | None = None) -> list[Member]:
    """The members in the branch on the date ``on`` (of ``among`` when given), read from their
    stays on that date only, so the cost follows the people asked for, not the whole history."""
    if among is not None:
        wanted = sorted(set(among))
        if not wanted:
            return []
        return [m for m in _list_members(conn, True, wanted) if _in_branch_on(m, on)]
    ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT member_id FROM membership_period "
        "WHERE start_date <= :d AND (end_date IS NULL OR end_date > :d) /* all rows */", {"d": on})]
    return [m for m in _list_members(conn, True, ids) if _in_branch_on(m, on)]


def _in_branch_on(member: Member, on: str) -> bool:
    return any(p.start_date <= on and (p.end_date is None or p.end_date > on) for p in member.periods)


def _list_members(conn: sqlite3.Connection, include_left: bool, ids: list[int] | None) -> list[Member]:
    if ids is not None and len(ids) > 500:  # keep within SQLite's variable limit; order by join date
        chunks = [_list_members(conn, include_left, ids[i:i + 500]) for i in range(0, len(ids), 500)]
        return sorted((m for chunk in chunks for m in chunk), key=lambda m: (m.join_date or "", m.id))
    marks = "" if ids is None else ",".join("?" * len(ids))
    params: list[int] = [] if ids is None else list(ids)
    only = "" if ids is None else f" WHERE member_id IN ({marks})"
    periods: dict[int, list[MembershipPeriod]] = {}
    for row in conn.execute(f"SELECT * FROM membership_period{only} ORDER BY start_date, id /* all rows */", params):
        periods.setdefault(row["member_id"], []).append(_period(row))
    groups = {
        row["member_id"]: (row["group_id"], row["name"])
        for row in conn.execute(
            "SELECT gm.member_id, gm.group_id, g.name FROM group_membership gm "
            "JOIN party_group g ON g.id = gm.group_id WHERE gm.end_date IS NULL"
            + ("" if ids is None else f" AND gm.member_id IN ({marks})"), params
        )
    }
    out: list[Member] = []
    sql = "SELECT * FROM member" + ("" if ids is None else f" WHERE id IN ({marks})") + " ORDER BY join_date, id"
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
    stamp_ = stamp(conn)
    record = {k: fields.get(k) for k in MEMBER_FIELDS}
    record["is_leader_cadre"] = int(bool(record["is_leader_cadre"]))
    record.update(created_at=stamp_, updated_at=stamp_)
    table = database(conn)["member"]
    table.insert(record)
    return table.pk


def update_member(conn: sqlite3.Connection, member_id: int, fields: Mapping[str, Any]) -> None:
    record = {k: fields[k] for k in MEMBER_FIELDS if k in fields}
    if "is_leader_cadre" in record:
        record["is_leader_cadre"] = int(bool(record["is_leader_cadre"]))
    record["updated_at"] = stamp(conn)
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
    return table.pk


def close_period(conn: sqlite3.Connection, period_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["membership_period"].update(period_id, dict(fields))



def member_ids_on(conn: sqlite3.Connection, on: str) -> list[int]:
    """Members in the branch on the date ``on`` (start <= on < end)."""
    rows = conn.execute(
        "SELECT DISTINCT member_id FROM membership_period "
        "WHERE start_date <= :d AND (end_date IS NULL OR end_date > :d)",
        {"d": on},
    )
    return [r[0] for r in rows]


# -- party group membership -------------------------------------------------------------

def current_group_membership(conn: sqlite3.Connection, member_id: int) -> GroupMembership | None:
    row = conn.execute(
        "SELECT * FROM group_membership WHERE member_id = :m AND end_date IS NULL",
        {"m": member_id},
    ).fetchone()
    return GroupMembership(**dict(row)) if row else None


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


def leader_cadre_ids(conn: sqlite3.Connection) -> set[int]:
    return {r[0] for r in conn.execute("SELECT id FROM member WHERE is_leader_cadre = 1")}


def names_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted({int(i) for i in ids if i is not None})
    out: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        out.update({r[0]: r[1] for r in conn.execute(f"SELECT id, name FROM member WHERE id IN ({marks})", chunk)})
    return out



def ids_by_name(conn: sqlite3.Connection, name: str) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM member WHERE name = :n ORDER BY id", {"n": name})]


def group_spans(conn: sqlite3.Connection) -> dict[int, list[tuple[str, str | None]]]:
    """Every group's membership spans (start, end), for checking many periods at once."""
    out: dict[int, list[tuple[str, str | None]]] = {}
    for r in conn.execute("SELECT group_id, start_date, end_date FROM group_membership /* all rows */"):
        out.setdefault(r[0], []).append((r[1], r[2]))
    return out


def group_has_members_between(conn: sqlite3.Connection, group_id: int, start: str, end: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM group_membership WHERE group_id = :g AND start_date <= :end "
        "AND (end_date IS NULL OR end_date > :start) LIMIT 1",
        {"g": group_id, "start": start, "end": end}).fetchone() is not None
