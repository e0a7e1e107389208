"""Tamper evidence (see db/integrity.py): the change log gets its operator and a hash chain;
every work-record entry, dues payment and closed month gets a seal; a first checkpoint records
the state the file was in when the program began to keep watch (unsigned)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import integrity

if TYPE_CHECKING:
    import sqlite3

SQL = (
    "ALTER TABLE change_log ADD COLUMN operator TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE change_log ADD COLUMN hash TEXT",
    "CREATE TABLE record_seal (entity TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL, "
    "sealed_at TEXT NOT NULL, PRIMARY KEY (entity, key)) WITHOUT ROWID",
    "CREATE TABLE checkpoint (id INTEGER PRIMARY KEY, at TEXT NOT NULL, log_id INTEGER NOT NULL, "
    "log_hash TEXT NOT NULL, seals_digest TEXT NOT NULL, seal_count INTEGER NOT NULL, signature BLOB, "
    "signer_fingerprint TEXT NOT NULL DEFAULT '')",
)


def run(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
    integrity.chain_all(conn)
    now = integrity.wall_now()
    integrity.seal_all(conn, now, integrity.FIRST_SEALED)
    integrity.add_checkpoint(conn, now)
