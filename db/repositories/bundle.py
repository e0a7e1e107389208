"""The annual bundle's tables: the branch key, committee keys, key rotations, exports and the
year's checklist marks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from db.connection import stamp
from db.records.bundle import BranchKey, Export, ImportedCommitteeKey, KeyRotation, Mark
from db.repositories.reading import one, rows

if TYPE_CHECKING:
    import sqlite3



def _export(**row: Any) -> Export:
    return Export(**{**row, "missing": json.loads(row["missing"])})


def active_branch_key(conn: sqlite3.Connection) -> BranchKey | None:
    return one(conn, BranchKey, "SELECT * FROM branch_key WHERE retired_at IS NULL")


def branch_keys(conn: sqlite3.Connection) -> list[BranchKey]:
    return rows(conn, BranchKey, "SELECT * FROM branch_key ORDER BY id")


def add_branch_key(conn: sqlite3.Connection, public: bytes, fingerprint: str, sealed: bytes, kdf: str,
                   by: str) -> int:
    cur = conn.execute(
        "INSERT INTO branch_key (created_at, public_key, fingerprint, sealed_private, kdf, created_by) "
        "VALUES (:at, :pub, :fp, :sealed, :kdf, :by)",
        {"at": stamp(conn), "pub": public, "fp": fingerprint, "sealed": sealed, "kdf": kdf, "by": by})
    return int(cur.lastrowid or 0)


def reseal_branch_key(conn: sqlite3.Connection, key_id: int, sealed: bytes, kdf: str) -> None:
    conn.execute("UPDATE branch_key SET sealed_private = :s, kdf = :k WHERE id = :id",
                 {"s": sealed, "k": kdf, "id": key_id})


def retire_branch_key(conn: sqlite3.Connection, key_id: int) -> None:
    conn.execute("UPDATE branch_key SET retired_at = :at WHERE id = :id", {"at": stamp(conn), "id": key_id})


def add_rotation(conn: sqlite3.Connection, old_fp: str, new_fp: str, statement: str, old_sig: bytes,
                 new_sig: bytes) -> None:
    conn.execute(
        "INSERT INTO key_rotation (created_at, old_fingerprint, new_fingerprint, statement, old_signature, "
        "new_signature) VALUES (:at, :o, :n, :s, :os, :ns)",
        {"at": stamp(conn), "o": old_fp, "n": new_fp, "s": statement, "os": old_sig, "ns": new_sig})


def rotations(conn: sqlite3.Connection) -> list[KeyRotation]:
    return rows(conn, KeyRotation, "SELECT * FROM key_rotation ORDER BY id")


def current_committee_key(conn: sqlite3.Connection) -> ImportedCommitteeKey | None:
    return one(conn, ImportedCommitteeKey, "SELECT * FROM committee_key WHERE replaced_at IS NULL")


def committee_keys(conn: sqlite3.Connection) -> list[ImportedCommitteeKey]:
    return rows(conn, ImportedCommitteeKey, "SELECT * FROM committee_key ORDER BY id")


def set_committee_key(conn: sqlite3.Connection, committee: str, epoch: int, kem: str, public: bytes,
                      fingerprint: str) -> None:
    """Make this the current committee key (the previous one stays, marked replaced)."""
    existing = conn.execute("SELECT id FROM committee_key WHERE fingerprint = :fp", {"fp": fingerprint}).fetchone()
    conn.execute("UPDATE committee_key SET replaced_at = :at WHERE replaced_at IS NULL", {"at": stamp(conn)})
    if existing:
        conn.execute("UPDATE committee_key SET replaced_at = NULL, imported_at = :at WHERE id = :id",
                     {"at": stamp(conn), "id": existing["id"]})
        return
    conn.execute(
        "INSERT INTO committee_key (imported_at, committee, epoch, kem, public_key, fingerprint) "
        "VALUES (:at, :c, :e, :k, :p, :fp)",
        {"at": stamp(conn), "c": committee, "e": epoch, "k": kem, "p": public, "fp": fingerprint})


def exports(conn: sqlite3.Connection, year: int | None = None) -> list[Export]:
    sql = "SELECT * FROM bundle_export" + (" WHERE year = :y" if year is not None else "") + " ORDER BY year, seq"
    return rows(conn, _export, sql, {"y": year})


def last_export(conn: sqlite3.Connection, year: int) -> Export | None:
    return one(conn, _export, "SELECT * FROM bundle_export WHERE year = :y ORDER BY seq DESC LIMIT 1", {"y": year})


def last_seq(conn: sqlite3.Connection, year: int) -> int:
    """The highest sequence number of ``year`` exported or begun (an interrupted export's included)."""
    row = conn.execute("SELECT max(seq) FROM (SELECT seq FROM bundle_export WHERE year = :y "
                       "UNION ALL SELECT seq FROM bundle_attempt WHERE year = :y)", {"y": year}).fetchone()
    return int(row[0] or 0)


def add_attempt(conn: sqlite3.Connection, year: int, seq: int, checkpoint: int) -> None:
    conn.execute("INSERT INTO bundle_attempt (year, seq, started_at, checkpoint) VALUES (?, ?, ?, ?)",
                 (year, seq, stamp(conn), checkpoint))


def attempt_checkpoint(conn: sqlite3.Connection, year: int, seq: int) -> int | None:
    """The signed checkpoint an export of ``year`` number ``seq`` was begun with (None: not begun)."""
    row = conn.execute("SELECT a.checkpoint FROM bundle_attempt a JOIN checkpoint c ON c.id = a.checkpoint "
                       "WHERE a.year = ? AND a.seq = ? AND c.signature IS NOT NULL AND c.year = a.year "
                       "AND c.seq = a.seq", (year, seq)).fetchone()
    return int(row[0]) if row else None


def add_export(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute(
        "INSERT INTO bundle_export (year, seq, created_at, file_name, sha256, size, supersedes, recipient, signer, "
        "missing) VALUES (:year, :seq, :created_at, :file_name, :sha256, :size, :supersedes, :recipient, :signer, "
        ":missing)", row)
    return int(cur.lastrowid or 0)


def marks(conn: sqlite3.Connection, year: int) -> dict[str, Mark]:
    return {m.item: m for m in rows(conn, Mark, "SELECT * FROM submission_item WHERE year = :y", {"y": year})}


def set_mark(conn: sqlite3.Connection, year: int, item: str, status: str | None, note: str) -> None:
    if status is None:
        conn.execute("DELETE FROM submission_item WHERE year = :y AND item = :i", {"y": year, "i": item})
        return
    conn.execute(
        "INSERT INTO submission_item (year, item, status, note, updated_at) VALUES (:y, :i, :s, :n, :at) "
        "ON CONFLICT (year, item) DO UPDATE SET status = excluded.status, note = excluded.note, "
        "updated_at = excluded.updated_at",
        {"y": year, "i": item, "s": status, "n": note, "at": stamp(conn)})
