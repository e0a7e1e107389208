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

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from db import engine

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
    return _hasher()(data)


def _hasher() -> Any:
    """hashlib.sha256 itself, for a loop that hashes every record (no import looked up each time)."""
    global _SHA256_FUNCTION
    if _SHA256_FUNCTION is None:
        import hashlib

        _SHA256_FUNCTION = hashlib.sha256
    return _SHA256_FUNCTION


_SHA256_FUNCTION: Any = None


#: One encoder for every digest (json.dumps with options builds a new one each call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _canonical(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


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
    return _link(previous, [row.get(f) for f in LOG_FIELDS])


def _link(previous: str, values: list[Any]) -> str:
    """:func:`link` of the row's LOG_FIELDS values, in that order."""
    return _sha256(previous.encode("ascii") + _canonical(values)).hexdigest()


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

def verify(conn: sqlite3.Connection, limit: int = 200,
           digests: dict[str, dict[str, str]] | None = None) -> list[Finding]:
    """Every record that differs from its seal, every record added or deleted outside the
    program, and every break in the change log's chain (at most ``limit`` findings).
    ``digests`` are the records' digests as :func:`every_digest` gives them, when the caller
    has them already (the committee reads them once for this and for its history)."""
    found: list[Finding] = []
    found += _verify_chain(conn)
    sealed = _seals_by_entity(conn)
    for entity in PROTECTED:
        label = ENTITY_LABELS[entity]
        current = digests[entity] if digests is not None else all_digests(conn, entity)
        seals = sealed.get(entity, {})
        if current == seals:  # every record as sealed, none added (compared in C: the usual case)
            seals.clear()
            continue
        for key, value in current.items():
            seal = seals.pop(key, None)
            if seal is None:
                found.append(Finding(entity, key, "added",
                                     f"{label}（编号 {key}）不是由本程序写入的（在程序之外添加）"))
            elif seal != value:
                found.append(Finding(entity, key, "changed", f"{label}（编号 {key}）在程序之外被改动"))
            if len(found) >= limit:
                return found
    for entity, seals in sealed.items():
        if entity in PROTECTED:
            found += [Finding(entity, key, "deleted", f"{ENTITY_LABELS[entity]}（编号 {key}）在程序之外被删除")
                      for key in seals]
    return found[:limit]


def every_digest(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """The digest of every record under seal, by entity."""
    return {entity: all_digests(conn, entity) for entity in PROTECTED}


def all_digests(conn: sqlite3.Connection, entity: str) -> dict[str, str]:
    """The digest of every record of ``entity``, read table by table (the same values as
    :func:`digest` gives one by one)."""
    try:
        return _digests_from_json(conn, entity)
    except engine.DatabaseError:  # an engine without JSON functions, or bytes where text belongs
        return _digests_from_rows(conn, entity)


def _json_rows(conn: sqlite3.Connection, table: str, key: str, order: str) -> Any:
    """(key as UTF-8 text, the row as canonical JSON, whether it holds a value SQLite's JSON writes
    otherwise than :func:`_canonical`) for every row of ``table``. SQLite writes integers, text and NULL
    exactly as Python's json module does (tests/db/test_integrity.py keeps it so); a real number
    or a file's bytes (a BLOB column, left out here) sends its record through Python instead."""
    values, odd = [], []
    for column in conn.execute(f"PRAGMA table_info({table})").fetchall():
        name, declared = f'"{column[1]}"', str(column[2]).upper()
        if declared == "BLOB":
            values.append(f"CASE WHEN typeof({name}) = 'blob' THEN NULL ELSE {name} END")
            odd.append(f"typeof({name}) = 'blob'")
        else:
            values.append(name)
        if _may_hold_a_real(declared, column[5]):
            odd.append(f"typeof({name}) = 'real'")
    cursor = conn.cursor()
    cursor.row_factory = None
    with _as_bytes(conn):  # hashed as SQLite wrote it: no decoding to text and encoding back
        # the key as the text :func:`_digests_from_rows` makes of it (str(): NULL is 'None')
        return cursor.execute(f'SELECT coalesce(CAST("{key}" AS TEXT), \'None\'), json_array({", ".join(values)}), '
                              f'{" OR ".join(odd) or "0"} FROM {table}{order} /* all rows */').fetchall()


@contextlib.contextmanager
def _as_bytes(conn: sqlite3.Connection) -> Iterator[None]:
    """Text read as the UTF-8 bytes SQLite holds, for the rows read inside the block."""
    before = conn.text_factory
    conn.text_factory = bytes
    try:
        yield
    finally:
        conn.text_factory = before


def _text(key: Any) -> str:
    """A record's key as the seals name it (text read as bytes decoded)."""
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)


def _may_hold_a_real(declared: str, primary_key: int) -> bool:
    """Whether a column can hold a real number: not one of TEXT affinity (SQLite stores a number
    given to it as text), nor the row's own id (an INTEGER PRIMARY KEY is always an integer)."""
    if primary_key == 1 and declared == "INTEGER":
        return False
    return not any(word in declared for word in ("CHAR", "CLOB", "TEXT"))


def _digests_from_json(conn: sqlite3.Connection, entity: str) -> dict[str, str]:
    """:func:`_digests_from_rows`, with each row turned into JSON by SQLite (a fifth faster)."""
    table, column, children = PROTECTED[entity]
    odd: set[bytes] = set()
    parents: dict[bytes, bytes] = {}
    for key, text, unusual in _json_rows(conn, table, column, ""):
        parents[key] = text
        if unusual:
            odd.add(key)
    grouped: list[tuple[bytes, dict[bytes, list[bytes]]]] = []
    for child, parent in children:
        rows: dict[bytes, list[bytes]] = {}
        for key, text, unusual in _json_rows(conn, child, parent, " ORDER BY rowid"):
            rows.setdefault(key, []).append(text)
            if unusual:
                odd.add(key)
        grouped.append((f',["{child}",['.encode(), rows))
    out = {}
    lead = f'[["{table}",'.encode()
    sha256 = _hasher()
    for key, text in parents.items():
        name = _text(key)
        if key in odd:
            out[name] = digest(conn, entity, name) or ""
            continue
        tail = b"".join([head + b",".join(g.get(key, ())) + b"]]" for head, g in grouped])
        out[name] = sha256(lead + text + b"]" + tail + b"]").hexdigest()
    return out


def _digests_from_rows(conn: sqlite3.Connection, entity: str) -> dict[str, str]:
    table, column, children = PROTECTED[entity]
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a third faster to read than named rows
    cursor.execute(f"SELECT * FROM {table} /* all rows */")
    at = _position(cursor, column)
    parents = {str(r[at]): list(r) for r in cursor}
    grouped: list[dict[str, list[list[Any]]]] = []
    for child, parent in children:
        rows: dict[str, list[list[Any]]] = {}
        cursor.execute(f"SELECT * FROM {child} ORDER BY rowid /* all rows */")
        at = _position(cursor, parent)
        for r in cursor:
            rows.setdefault(str(r[at]), []).append(list(r))
        grouped.append(rows)
    out = {}
    none: list[list[Any]] = []
    for key, row in parents.items():
        parts: list[Any] = [[table, row]]
        parts += [[child, g.get(key, none)] for (child, _), g in zip(children, grouped, strict=True)]
        out[key] = _sha256(_canonical(parts)).hexdigest()
    return out


def _position(cursor: sqlite3.Cursor, column: str) -> int:
    return [d[0] for d in cursor.description].index(column)


def _seals_by_entity(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Every seal, {entity: {key: digest}} in the table's order, each entity's made into JSON by
    SQLite and read back in C; a key or digest that is not text (the file changed outside the
    program) has them read row by row, as they are."""
    try:
        rows = conn.execute("SELECT entity, json_group_object(key, digest), "
                            "sum(typeof(key) != 'text' OR typeof(digest) != 'text') "
                            "FROM record_seal GROUP BY entity /* all rows */").fetchall()
        if not any(r[2] for r in rows):
            return {str(r[0]): json.loads(r[1]) for r in rows}
    except engine.DatabaseError:  # an engine without JSON functions
        pass
    out: dict[str, dict[str, str]] = {}
    for entity, key, value in conn.execute("SELECT entity, key, digest FROM record_seal /* all rows */"):
        out.setdefault(entity, {})[key] = value
    return out


def _verify_chain(conn: sqlite3.Connection) -> list[Finding]:
    broken = _first_broken_link(conn)
    if broken is not None:
        return [Finding("change_log", str(broken), "chain",
                        f"操作日志自第 {broken} 条起在程序之外被改动或删除过（链接校验不一致）")]
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


def _first_broken_link(conn: sqlite3.Connection) -> int | None:
    """The id of the first log row whose hash does not follow from the one before it."""
    try:
        return _first_broken_in_json(conn)
    except engine.DatabaseError:  # an engine without JSON functions, or bytes in the log
        return _first_broken_in_rows(conn)


def _first_broken_in_json(conn: sqlite3.Connection) -> int | None:
    """:func:`_first_broken_in_rows`, each row written as canonical JSON by SQLite (see
    :func:`_json_rows`); a row holding a real number goes through Python."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples (the log is the largest table)
    unusual = " OR ".join(f"typeof({c[1]}) = 'real'" for c in conn.execute("PRAGMA table_info(change_log)").fetchall()
                          if c[1] in LOG_FIELDS and _may_hold_a_real(str(c[2]).upper(), c[5])) or "0"
    with _as_bytes(conn):  # hashed as SQLite wrote it (the log's values are most of the file's text)
        rows = cursor.execute(f"SELECT id, json_array({', '.join(LOG_FIELDS)}), {unusual}, hash "
                              "FROM change_log ORDER BY id").fetchall()
    previous = GENESIS.encode("ascii")
    sha256 = _hasher()
    for log_id, text, odd, stored in rows:
        if odd:
            row = conn.execute(f"SELECT {', '.join(LOG_FIELDS)} FROM change_log WHERE id = ?", (log_id,)).fetchone()
            expected = _link(previous.decode("ascii"), list(row)).encode("ascii")
        else:
            expected = sha256(previous + text).hexdigest().encode("ascii")
        if stored != expected:
            return int(log_id)
        previous = expected
    return None


def _first_broken_in_rows(conn: sqlite3.Connection) -> int | None:
    cursor = conn.cursor()
    cursor.row_factory = None
    previous = GENESIS
    for row in cursor.execute(f"SELECT {', '.join(LOG_FIELDS)}, hash FROM change_log ORDER BY id"):
        expected = _link(previous, list(row[:-1]))
        if row[-1] != expected:
            return int(row[0])
        previous = expected
    return None


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
