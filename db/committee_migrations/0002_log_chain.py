"""The committee's change log gets its operator and the same hash chain as a branch's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import integrity

if TYPE_CHECKING:
    import sqlite3


def run(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE change_log ADD COLUMN operator TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE change_log ADD COLUMN hash TEXT")
    integrity.chain_all(conn)
