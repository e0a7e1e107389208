"""Who may sign, close or write something official on a date: a member of the branch then, or a
role of its committee filled then. (Apart from the roster's repository: every service's base asks
it, and it needs none of the roster's records.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3


def named_member_on(conn: sqlite3.Connection, name: str, on: str) -> bool:
    """Whether someone of this name was a member of the branch on ``on``."""
    return conn.execute(
        "SELECT 1 FROM member m JOIN membership_period p ON p.member_id = m.id WHERE m.name = :n "
        "AND p.start_date <= :on AND (p.end_date IS NULL OR p.end_date > :on) LIMIT 1", {"n": name, "on": on}
    ).fetchone() is not None


def role_held_on(conn: sqlite3.Connection, role: str, on: str) -> bool:
    """Whether a seat of the branch committee with this role (书记, 组织委员 …) was filled on ``on``."""
    return conn.execute(
        "SELECT 1 FROM committee_member WHERE role = :r AND start_date <= :on "
        "AND (end_date IS NULL OR end_date > :on) LIMIT 1", {"r": role, "on": on}
    ).fetchone() is not None
