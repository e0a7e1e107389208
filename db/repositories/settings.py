"""Settings: key -> text, one row each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.connection import database, memo

if TYPE_CHECKING:
    import sqlite3


def get_setting(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    def read() -> str | None:
        row = conn.execute("SELECT value FROM settings WHERE key = :key", {"key": key}).fetchone()
        return row[0] if row else None

    value = memo(conn, ("setting", key), read)
    return default if value is None else value


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    database(conn)["settings"].upsert({"key": key, "value": value}, pk="key")


