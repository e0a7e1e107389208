"""Meeting kinds as rows: a ``meeting_kinds`` table holds the kinds of record this file knows, and
``meeting.kind`` refers to it instead of a ``CHECK`` listing them. A later kind is then one
``INSERT`` in its migration, not a rebuild of the work record's main table. The 党小组会 rule
(a group must be named) moves with the other rules of each kind to app/meetings/kinds.py.

The table's SQL is edited in place as SQLite documents for removing a CHECK constraint
(sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): the rows, their
rowids, the indexes, triggers, full-text index and seals stay exactly as they are. The new
reference is checked against every row before the step commits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

#: The kinds of schema 12, in the order the program lists them.
KINDS = ("支委会", "支部党员大会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", "谈心谈话", "其他")

_KIND_CHECK = re.compile(r"kind\s+TEXT\s+NOT\s+NULL\s+CHECK\s*\(\s*kind\s+IN\s*\([^)]*\)\s*\)", re.S)
_GROUP_CHECK = re.compile(r",\s*CHECK\s*\(\s*kind\s*!=\s*'党小组会'\s+OR\s+group_id\s+IS\s+NOT\s+NULL\s*\)", re.S)


def run(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE meeting_kinds (name TEXT PRIMARY KEY, sort_order INTEGER NOT NULL)")
    conn.executemany("INSERT INTO meeting_kinds (name, sort_order) VALUES (?, ?)",
                     [(name, i) for i, name in enumerate(KINDS, start=1)])
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meeting'").fetchone()[0]
    new, found = _KIND_CHECK.subn("kind TEXT NOT NULL REFERENCES meeting_kinds(name)", sql)
    new, groups = _GROUP_CHECK.subn("", new)
    if found != 1 or groups != 1:
        raise RuntimeError("会议记录表的结构与预期不符，无法升级")
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'meeting'", (new,))
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    if conn.execute("PRAGMA foreign_key_check(meeting)").fetchall():
        raise RuntimeError("有会议记录的类型不在会议类型表中")
    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise RuntimeError("升级后的会议记录表未通过校验")
