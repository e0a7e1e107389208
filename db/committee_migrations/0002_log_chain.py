"""The committee's change log gets its operator and the same hash chain as a branch's."""

from __future__ import annotations

import sqlite3

from db import integrity


def run(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE change_log ADD COLUMN operator TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE change_log ADD COLUMN hash TEXT")
    integrity.chain_all(conn)
