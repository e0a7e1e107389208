"""Trust that reaches the committee (see db/integrity.py):

- every official record is sealed, not only the work record and dues payments: the roster, the
  branch and its committee terms, the rest of dues, development cases, 先锋岗 and 双报到 (their
  seals are made now, from the records as they are);
- a checkpoint names the bundle it was signed for (year and sequence number), so the committee
  can tell that the signed state it receives is the one exported with that file;
- each export first reserves its sequence number together with its signed checkpoint
  (``bundle_attempt``): a number is never used twice, even when an export is interrupted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import integrity

if TYPE_CHECKING:
    import sqlite3

SQL = (
    "ALTER TABLE checkpoint ADD COLUMN year INTEGER",
    "ALTER TABLE checkpoint ADD COLUMN seq INTEGER",
    "CREATE TABLE bundle_attempt (year INTEGER NOT NULL, seq INTEGER NOT NULL, started_at TEXT NOT NULL, "
    "checkpoint INTEGER NOT NULL REFERENCES checkpoint (id), PRIMARY KEY (year, seq))",
    "CREATE TRIGGER bundle_attempt_no_change BEFORE UPDATE ON bundle_attempt "
    "BEGIN SELECT RAISE(ABORT, 'bundle attempts are not changed'); END",
    "CREATE TRIGGER bundle_attempt_no_delete BEFORE DELETE ON bundle_attempt "
    "BEGIN SELECT RAISE(ABORT, 'bundle attempts are not deleted'); END",
    "CREATE TRIGGER checkpoint_no_change BEFORE UPDATE OF at, log_id, log_hash, seals_digest, seal_count, year, seq "
    "ON checkpoint BEGIN SELECT RAISE(ABORT, 'checkpoints are not changed'); END",
    "CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint "
    "BEGIN SELECT RAISE(ABORT, 'checkpoints are not deleted'); END",
)


def run(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
    newly = tuple(e for e in integrity.PROTECTED if e not in integrity.FIRST_SEALED)
    integrity.seal_all(conn, integrity.wall_now(), newly)
