"""Tamper evidence: the change log as a hash chain, and a seal (a digest) over every official
record, which must not change behind the program's back — work-record entries with everything
under them, the roster (members with their membership periods and party groups), the branch, its
groups and committee terms, dues (assessments, payments with their months, closed months,
remittances, arrears reasons, reminders), development cases with their steps, corrections,
contacts and 考察 records, 先锋岗 and 双报到.

Seals are kept current by the program itself: temporary triggers, which exist only on the
program's own connection, note each record a write touches, and :func:`reseal_touched` (run by
:func:`db.connection.transaction` just before it commits) recomputes those seals in the same
transaction. A change made with any other tool (the sqlite3 shell, DB Browser) fires no such
trigger, so the record no longer matches its seal and :func:`verify` names it. Nothing is ever
"repaired" here: findings are reported, not overwritten.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import sqlite3

#: The records under seal: entity -> (its table and key column, child tables keyed by the parent).
PROTECTED: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "meeting": ("meeting", "id", (
        ("meeting_agenda", "meeting_id"), ("meeting_speech", "meeting_id"), ("meeting_attendance", "meeting_id"),
        ("meeting_observer", "meeting_id"), ("meeting_vote", "meeting_id"), ("evaluation_grade", "meeting_id"),
        ("life_meeting_step", "meeting_id"), ("rectification_item", "meeting_id"),
        ("meeting_attachment", "meeting_id"), ("meeting_revision", "meeting_id"))),
    "dues_payment": ("dues_payment", "id", (("dues_payment_month", "payment_id"),)),
    "dues_month_close": ("dues_month_close", "month", ()),
    # sealed from schema 14 on
    "member": ("member", "id", (("membership_period", "member_id"), ("group_membership", "member_id"))),
    "branch": ("branch", "id", ()),
    "party_group": ("party_group", "id", ()),
    "committee_term": ("committee_term", "id", (("committee_member", "term_id"),)),
    "dues_assessment": ("dues_assessment", "id", ()),
    "dues_remittance": ("dues_remittance", "id", ()),
    "dues_arrears_reason": ("dues_arrears_reason", "id", ()),
    "dues_reminder": ("dues_reminder", "id", ()),
    "dev_person": ("dev_person", "id", (("dev_step", "person_id"), ("dev_step_revision", "person_id"),
                                        ("dev_contact", "person_id"), ("dev_milestone", "person_id"))),
    "dev_assessment": ("dev_assessment", "id", (("dev_assessment_amendment", "assessment_id"),)),
    "vanguard_post": ("vanguard_post", "id", (("vanguard_holder", "post_id"), ("vanguard_award", "post_id"))),
    "community_report": ("community_report", "id", ()),
    "community_activity": ("community_activity", "id", (("community_activity_member", "activity_id"),)),
}
#: What schema 9 sealed (its migration seals these alone; 14 seals the rest).
FIRST_SEALED = ("meeting", "dues_payment", "dues_month_close")

#: What each entity is called in a report.
ENTITY_LABELS = {"meeting": "会议记录", "dues_payment": "党费收缴记录", "dues_month_close": "党费月度结算",
                 "member": "党员信息（含组织关系、党小组）", "branch": "支部基本情况", "party_group": "党小组",
                 "committee_term": "支部委员会届次及委员", "dues_assessment": "党费核定",
                 "dues_remittance": "党费上缴记录", "dues_arrears_reason": "欠缴正当理由",
                 "dues_reminder": "催缴记录", "dev_person": "发展党员档案（含各步骤、更正和联系人）",
                 "dev_assessment": "考察写实记录", "vanguard_post": "先锋岗（含在岗党员、评定）",
                 "community_report": "社区报到记录", "community_activity": "社区服务活动",
                 "change_log": "操作日志"}

GENESIS = "0" * 64


class Finding(NamedTuple):  # loaded when a file opens (the start-up budget: tests/ui/test_startup_check.py)
    """One record that differs from what the program wrote."""

    entity: str
    key: str
    what: str  # changed / added / deleted / chain
    message: str

    def as_json(self) -> dict[str, str]:
        return {"entity": self.entity, "key": self.key, "what": self.what, "message": self.message}


def _sha256(data: bytes = b"") -> Any:
    """hashlib's SHA-256, loaded on first use: opening a file installs the seals but computes none,
    and hashlib loads OpenSSL (≈4 ms of the window's start-up)."""
    import hashlib

    return hashlib.sha256(data)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def digest(conn: sqlite3.Connection, entity: str, key: str) -> str | None:
    """The digest of one record with its child rows; None when the record does not exist."""
    table, column, children = PROTECTED[entity]
    row = conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (_key_value(entity, key),)).fetchone()
    if row is None:
        return None
    parts: list[Any] = [[table, list(tuple(row))]]
    for child, parent in children:
        rows = conn.execute(f"SELECT * FROM {child} WHERE {parent} = ? ORDER BY rowid", (_key_value(entity, key),))
        parts.append([child, [list(tuple(r)) for r in rows]])
    return _sha256(_canonical(parts)).hexdigest()


def _key_value(entity: str, key: str) -> Any:
    return key if PROTECTED[entity][1] != "id" else int(key)


# -- keeping the seals current (the program's own connection only) -------------------------------

def install(conn: sqlite3.Connection) -> None:
    """Temporary triggers on this connection that note every record a write touches."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (entity TEXT NOT NULL, key TEXT NOT NULL, "
                 "PRIMARY KEY (entity, key)) WITHOUT ROWID")
    for entity, (table, column, children) in PROTECTED.items():
        for tbl, col in ((table, column), *children):
            for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
                refs = [ref] if event != "UPDATE" else ["OLD", "NEW"]
                # not INSERT OR IGNORE: inside an upsert (INSERT … ON CONFLICT DO UPDATE) the outer
                # statement's conflict handling overrides the trigger's, and a repeat would abort it
                body = " ".join(f"INSERT INTO touched SELECT '{entity}', CAST({r}.{col} AS TEXT) WHERE NOT EXISTS "
                                f"(SELECT 1 FROM touched WHERE entity = '{entity}' AND key = CAST({r}.{col} AS TEXT));"
                                for r in refs)
                conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS seal_{tbl}_{event.lower()} AFTER {event} ON "
                             f"main.{tbl} BEGIN {body} END")
    conn.sealing = True  # type: ignore[attr-defined]
    conn.seal_pending = False  # type: ignore[attr-defined]


def arm(conn: sqlite3.Connection) -> None:
    """:func:`install` on this connection just before its first transaction (every write of the
    program is one, see db.connection.transaction). Opening a file does not pay for the triggers
    (≈5 ms, a sixtieth of the GUI's start-up) until something is written."""
    if not getattr(conn, "sealing", False):
        conn.seal_pending = True  # type: ignore[attr-defined]


def reseal_touched(conn: sqlite3.Connection, now: str) -> None:
    """Recompute the seals of the records written in this transaction (sealed at ``now``)."""
    touched = conn.execute("SELECT entity, key FROM temp.touched").fetchall()
    if not touched:
        return
    for entity, key in touched:
        value = digest(conn, entity, key)
        if value is None:
            conn.execute("DELETE FROM record_seal WHERE entity = ? AND key = ?", (entity, key))
        else:
            conn.execute("INSERT INTO record_seal (entity, key, digest, sealed_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (entity, key) DO UPDATE SET digest = excluded.digest, "
                         "sealed_at = excluded.sealed_at", (entity, key, value, now))
    conn.execute("DELETE FROM temp.touched")


def seal_all(conn: sqlite3.Connection, now: str, entities: tuple[str, ...] | None = None) -> int:
    """Seal every record of ``entities`` (all protected ones by default) as it is now — the
    migration that brings them under seal — sealed at ``now``; returns how many were sealed.
    Seals of other entities are left as they are."""
    entities = tuple(PROTECTED) if entities is None else entities
    conn.executemany("DELETE FROM record_seal WHERE entity = ?", [(e,) for e in entities])
    n = 0
    for entity in entities:
        for key, value in all_digests(conn, entity).items():
            conn.execute("INSERT INTO record_seal (entity, key, digest, sealed_at) VALUES (?, ?, ?, ?)",
                         (entity, key, value, now))
            n += 1
    return n


def wall_now() -> str:
    """The wall clock's time, for what is sealed with no services' clock at hand (a migration)."""
    import datetime as _dt

    return _dt.datetime.now().isoformat(timespec="seconds")


# -- the change log's chain ---------------------------------------------------------------------

LOG_FIELDS = ("id", "at", "operator", "entity", "entity_id", "action", "before", "after", "reason")


def link(previous: str, row: dict[str, Any]) -> str:
    """The hash of a log row chained to the one before it."""
    return _sha256(previous.encode("ascii") + _canonical([row.get(f) for f in LOG_FIELDS])).hexdigest()


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1] or GENESIS) if row else (0, GENESIS)


def chain_all(conn: sqlite3.Connection) -> None:
    """Hash the whole log in order (the migration that introduces the chain)."""
    previous = GENESIS
    for row in conn.execute(f"SELECT {', '.join(LOG_FIELDS)} FROM change_log ORDER BY id").fetchall():
        previous = link(previous, dict(zip(LOG_FIELDS, row, strict=True)))
        conn.execute("UPDATE change_log SET hash = ? WHERE id = ?", (previous, row[0]))


# -- checking -----------------------------------------------------------------------------------

def verify(conn: sqlite3.Connection, limit: int = 200) -> list[Finding]:
    """Every record that differs from its seal, every record added or deleted outside the
    program, and every break in the change log's chain (at most ``limit`` findings)."""
    found: list[Finding] = []
    found += _verify_chain(conn)
    sealed = {(r[0], r[1]): r[2] for r in conn.execute("SELECT entity, key, digest FROM record_seal /* all rows */")}
    for entity in PROTECTED:
        label = ENTITY_LABELS[entity]
        for key, value in all_digests(conn, entity).items():
            seal = sealed.pop((entity, key), None)
            if seal is None:
                found.append(Finding(entity, key, "added",
                                     f"{label}（编号 {key}）不是由本程序写入的（在程序之外添加）"))
            elif seal != value:
                found.append(Finding(entity, key, "changed", f"{label}（编号 {key}）在程序之外被改动"))
            if len(found) >= limit:
                return found
    for (entity, key), _ in sealed.items():
        if entity in PROTECTED:
            found.append(Finding(entity, key, "deleted", f"{ENTITY_LABELS[entity]}（编号 {key}）在程序之外被删除"))
    return found[:limit]


def all_digests(conn: sqlite3.Connection, entity: str) -> dict[str, str]:
    """The digest of every record of ``entity``, read table by table (the same values as
    :func:`digest` gives one by one)."""
    table, column, children = PROTECTED[entity]
    parents = {str(r[column]): list(tuple(r)) for r in conn.execute(f"SELECT * FROM {table} /* all rows */")}
    grouped: list[dict[str, list[list[Any]]]] = []
    for child, parent in children:
        rows: dict[str, list[list[Any]]] = {}
        for r in conn.execute(f"SELECT * FROM {child} ORDER BY rowid /* all rows */"):
            rows.setdefault(str(r[parent]), []).append(list(tuple(r)))
        grouped.append(rows)
    out = {}
    for key, row in parents.items():
        parts: list[Any] = [[table, row]]
        parts += [[child, g.get(key, [])] for (child, _), g in zip(children, grouped, strict=True)]
        out[key] = _sha256(_canonical(parts)).hexdigest()
    return out


def _verify_chain(conn: sqlite3.Connection) -> list[Finding]:
    previous = GENESIS
    for row in conn.execute(f"SELECT {', '.join(LOG_FIELDS)}, hash FROM change_log ORDER BY id"):
        data = dict(zip(LOG_FIELDS, row[:-1], strict=True))
        expected = link(previous, data)
        if row[-1] != expected:
            return [Finding("change_log", str(data["id"]), "chain",
                            f"操作日志自第 {data['id']} 条起在程序之外被改动或删除过（链接校验不一致）")]
        previous = expected
    # the log only grows: every head a checkpoint recorded must still be there, unchanged
    for cp_id, log_id, log_hash in conn.execute("SELECT id, log_id, log_hash FROM checkpoint ORDER BY id"):
        if not log_id:
            continue
        row = conn.execute("SELECT hash FROM change_log WHERE id = ?", (log_id,)).fetchone()
        if row is None or row[0] != log_hash:
            return [Finding("change_log", str(log_id), "chain",
                            f"操作日志第 {log_id} 条（检查点 {cp_id} 记录的最后一条）已不存在或被改动："
                            "日志被截断或重写")]
    return []


def seals_digest(conn: sqlite3.Connection) -> str:
    """One digest of every seal (what a checkpoint signs together with the log's head)."""
    h = _sha256()
    for row in conn.execute("SELECT entity, key, digest FROM record_seal ORDER BY entity, key /* all rows */"):
        h.update(_canonical(list(row)))
    return h.hexdigest()


def checkpoint_state(conn: sqlite3.Connection, at: str, year: int | None = None,
                     seq: int | None = None) -> dict[str, Any]:
    """The log's head and the seals now: what a checkpoint records (and, with ``year`` and ``seq``,
    the bundle it is signed for)."""
    log_id, log_hash = head(conn)
    return {"at": at, "log_id": log_id, "log_hash": log_hash, "seals_digest": seals_digest(conn),
            "seal_count": conn.execute("SELECT count(*) FROM record_seal").fetchone()[0], "year": year, "seq": seq,
            "signature": None, "signer_fingerprint": ""}


def add_checkpoint(conn: sqlite3.Connection, at: str, state: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record a checkpoint: ``state`` (from :func:`checkpoint_state`, signed or not), or the state now."""
    record = state if state is not None else checkpoint_state(conn, at)
    # a checkpoint for no bundle leaves year and seq out: schema 9's table (its migration) has neither
    columns = [c for c in ("at", "log_id", "log_hash", "seals_digest", "seal_count", "signature", "signer_fingerprint",
                           "year", "seq") if c not in ("year", "seq") or record.get(c) is not None]
    cur = conn.execute(f"INSERT INTO checkpoint ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
                       record)
    return {**record, "id": cur.lastrowid}


def checkpoint_message(cp: dict[str, Any]) -> bytes:
    """What the branch key signs for a checkpoint (one made for a bundle names its year and number)."""
    if cp.get("year") is not None:
        return _canonical(["BBK-checkpoint-2", cp["at"], cp["log_id"], cp["log_hash"], cp["seals_digest"],
                           cp["seal_count"], cp["year"], cp["seq"]])
    return _canonical(["BBK-checkpoint-1", cp["at"], cp["log_id"], cp["log_hash"], cp["seals_digest"],
                       cp["seal_count"]])


def checkpoints(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM checkpoint ORDER BY id")]
