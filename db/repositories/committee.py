"""The committee's file: its keys, branches and their key history, bundles received, judged
scores, notices sent and the ingest log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from db.connection import stamp
from db.records.committee import (
    CommitteeInfo,
    CommitteeKey,
    Earlier,
    EnrolledBranch,
    Judged,
    ReceivedBundle,
)
from db.repositories.reading import one, rows

if TYPE_CHECKING:
    import sqlite3



_JSON = ("header", "warnings", "summary", "metrics", "deductions")


def _bundle(**row: Any) -> ReceivedBundle:
    row.pop("seals", None)  # what is kept to compare the next bundle (histories) is not read here
    return ReceivedBundle(**{k: json.loads(v) if k in _JSON else v for k, v in row.items()})



# -- the committee and its keys --------------------------------------------------------------

def committee(conn: sqlite3.Connection) -> CommitteeInfo | None:
    return one(conn, CommitteeInfo, "SELECT name, created_at FROM committee WHERE id = 1")


def create_committee(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("INSERT INTO committee (id, name, created_at) VALUES (1, :n, :at)", {"n": name, "at": stamp(conn)})


def keys(conn: sqlite3.Connection) -> list[CommitteeKey]:
    return rows(conn, CommitteeKey, "SELECT * FROM committee_key ORDER BY epoch")


def current_key(conn: sqlite3.Connection) -> CommitteeKey | None:
    return one(conn, CommitteeKey, "SELECT * FROM committee_key WHERE retired_at IS NULL ORDER BY epoch DESC LIMIT 1")


def add_key(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute("UPDATE committee_key SET retired_at = :at WHERE retired_at IS NULL", {"at": stamp(conn)})
    conn.execute(
        "INSERT INTO committee_key (epoch, created_at, kem_public, sign_public, fingerprint, sealed_private, kdf) "
        "VALUES (:epoch, :at, :kem_public, :sign_public, :fingerprint, :sealed_private, :kdf)",
        {**row, "at": stamp(conn)})


# -- branches ---------------------------------------------------------------------------------

_BRANCHES = (
    "SELECT b.*, e.fingerprint, e.enrolled_at AS key_enrolled_at, coalesce(k.n, 0) AS keys "
    "FROM branch b LEFT JOIN enrollment e ON e.branch = b.id AND e.replaced_at IS NULL "
    "LEFT JOIN (SELECT branch, count(*) AS n FROM enrollment GROUP BY branch) k ON k.branch = b.id"
)


def branches(conn: sqlite3.Connection) -> list[EnrolledBranch]:
    return rows(conn, EnrolledBranch, _BRANCHES + " ORDER BY b.branch_id")


def branch(conn: sqlite3.Connection, branch_id: str) -> EnrolledBranch | None:
    return one(conn, EnrolledBranch, _BRANCHES + " WHERE b.branch_id = :b", {"b": branch_id})


def branch_by_pk(conn: sqlite3.Connection, pk: int) -> EnrolledBranch | None:
    return one(conn, EnrolledBranch, _BRANCHES + " WHERE b.id = :b", {"b": pk})


def add_branch(conn: sqlite3.Connection, branch_id: str, name: str, parent_unit: str, secretary: str) -> int:
    cur = conn.execute(
        "INSERT INTO branch (branch_id, name, parent_unit, secretary, enrolled_at) VALUES (:b, :n, :p, :s, :at)",
        {"b": branch_id, "n": name, "p": parent_unit, "s": secretary, "at": stamp(conn)})
    return int(cur.lastrowid or 0)


def update_branch(conn: sqlite3.Connection, pk: int, name: str, parent_unit: str, secretary: str) -> None:
    conn.execute("UPDATE branch SET name = :n, parent_unit = :p, secretary = :s WHERE id = :id",
                 {"n": name, "p": parent_unit, "s": secretary, "id": pk})




def enroll(conn: sqlite3.Connection, pk: int, fingerprint: str, via: str, public_key: bytes | None = None) -> None:
    """Make ``fingerprint`` the branch's current key; the previous one is kept as replaced."""
    conn.execute("UPDATE enrollment SET replaced_at = :at WHERE branch = :b AND replaced_at IS NULL",
                 {"at": stamp(conn), "b": pk})
    conn.execute("INSERT INTO enrollment (branch, fingerprint, public_key, enrolled_at, via) "
                 "VALUES (:b, :fp, :pub, :at, :via)",
                 {"b": pk, "fp": fingerprint, "pub": public_key, "at": stamp(conn), "via": via})


def learn_public_key(conn: sqlite3.Connection, pk: int, public_key: bytes) -> None:
    conn.execute("UPDATE enrollment SET public_key = :p WHERE branch = :b AND replaced_at IS NULL "
                 "AND public_key IS NULL", {"p": public_key, "b": pk})


def current_fingerprints(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT fingerprint, branch FROM enrollment WHERE replaced_at IS NULL")}


# -- bundles ----------------------------------------------------------------------------------

def received_hashes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT file_sha256 FROM bundle")}


def last_seqs(conn: sqlite3.Connection) -> dict[tuple[int, int], int]:
    return {(r[0], r[1]): r[2] for r in conn.execute("SELECT branch, year, max(seq) FROM bundle GROUP BY branch, year")}


def last_heads(conn: sqlite3.Connection) -> dict[int, list[tuple[int, str, int, int]]]:
    """Per branch, the change-log head each bundle's signed checkpoint vouched for (log id, hash,
    year, seq), oldest first."""
    out: dict[int, list[tuple[int, str, int, int]]] = {}
    for branch, head_json, year, seq in conn.execute(
            f"SELECT branch, {_HEAD}, year, seq FROM bundle ORDER BY year, seq, id /* all rows */"):
        head = _head(head_json)
        if head:
            out.setdefault(branch, []).append((head[0], head[1], year, seq))
    return out


#: A bundle's signed change-log head out of its facts, read by SQLite (the facts of 2,000 bundles
#: are 40 MB of JSON); NULL where there is none or the facts are not JSON.
_HEAD = "CASE WHEN json_valid(metrics) THEN json_extract(metrics, '$.integrity.head') END"


def _head(head_json: str | None) -> tuple[int, str] | None:
    try:
        head = json.loads(head_json) if head_json else None
        return (int(head[0]), str(head[1])) if head else None
    except (ValueError, TypeError, IndexError, KeyError):
        return None


def histories(conn: sqlite3.Connection, pk: int) -> list[Earlier]:
    """What the committee kept of every bundle it received from the branch (app/committee/history.py)."""
    out = []
    for year, seq, head, seals in conn.execute(
            f"SELECT year, seq, {_HEAD}, seals FROM bundle WHERE branch = ? ORDER BY year, seq", (pk,)):
        try:
            kept = json.loads(seals or "{}")
        except ValueError:
            kept = {}
        out.append(Earlier(year, seq, kept.get("schema"), _head(head), kept.get("seals") or {},
                           frozenset(kept.get("signed") or ())))
    return out


def current_bundle(conn: sqlite3.Connection, pk: int, year: int) -> ReceivedBundle | None:
    return one(conn, _bundle, "SELECT * FROM bundle WHERE branch = :b AND year = :y AND superseded_by IS NULL",
                {"b": pk, "y": year})


def add_bundle(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute(
        "INSERT INTO bundle (branch, year, seq, file_sha256, file_name, received_at, created, header, warnings, "
        "summary, metrics, score, deductions, archive_path, seals) VALUES (:branch, :year, :seq, :file_sha256, "
        ":file_name, :received_at, :created, :header, :warnings, :summary, :metrics, :score, :deductions, "
        ":archive_path, :seals)", {"seals": "{}", **row, "received_at": stamp(conn)})
    new = int(cur.lastrowid or 0)
    conn.execute("UPDATE bundle SET superseded_by = :n WHERE branch = :b AND year = :y AND id != :n "
                 "AND superseded_by IS NULL", {"n": new, "b": row["branch"], "y": row["year"]})
    return new


def latest_year(conn: sqlite3.Connection) -> int | None:
    """The latest year any bundle was received for."""
    row = conn.execute("SELECT max(year) FROM bundle").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def bundles(conn: sqlite3.Connection, year: int, current_only: bool = True) -> list[ReceivedBundle]:
    sql = "SELECT * FROM bundle WHERE year = :y" + (" AND superseded_by IS NULL" if current_only else "")
    return rows(conn, _bundle, sql + " ORDER BY branch, seq", {"y": year})




def log_ingest(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute("INSERT INTO ingest_log (at, file_name, file_sha256, outcome, code, reason, branch, bundle) "
                 "VALUES (:at, :file_name, :file_sha256, :outcome, :code, :reason, :branch, :bundle)",
                 {"branch": None, "bundle": None, "code": "", "reason": "", **row, "at": stamp(conn)})




# -- judged scores and notices ----------------------------------------------------------------

def judged(conn: sqlite3.Connection, year: int) -> dict[int, Judged]:
    return {r.branch: r for r in rows(conn, Judged, "SELECT * FROM judged WHERE year = :y", {"y": year})}


def set_judged(conn: sqlite3.Connection, pk: int, year: int, points: float | None, note: str) -> None:
    if points is None:
        conn.execute("DELETE FROM judged WHERE branch = :b AND year = :y", {"b": pk, "y": year})
        return
    conn.execute("INSERT INTO judged (branch, year, points, note, updated_at) VALUES (:b, :y, :p, :n, :at) "
                 "ON CONFLICT (branch, year) DO UPDATE SET points = excluded.points, note = excluded.note, "
                 "updated_at = excluded.updated_at", {"b": pk, "y": year, "p": points, "n": note, "at": stamp(conn)})


def add_notice(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute("INSERT INTO notice (branch, year, notice_id, created_at, due_on, items, file_sha256) "
                       "VALUES (:branch, :year, :notice_id, :created_at, :due_on, :items, :file_sha256)", row)
    return int(cur.lastrowid or 0)




def open_notice_counts(conn: sqlite3.Connection) -> dict[int, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT branch, count(*) FROM notice WHERE closed_at IS NULL "
                                             "GROUP BY branch")}
