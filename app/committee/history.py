"""What the committee keeps of each bundle's records, and how it compares a new bundle with every
earlier one it holds from the same branch.

A branch's snapshot carries a seal (a digest) of every official record (db/integrity.py). The
committee keeps those digests for each bundle it receives, with the change-log head that the
bundle's signed checkpoint vouched for. When the next bundle arrives, every record the earlier
one held must read the same — or the new change log must say, after that head, that the program
changed it (a signed work record only by 更正). Someone who edits the file with other tools and
recomputes its seals with the program's own source produces a bundle that is internally
consistent, but not consistent with what the committee already holds: that is what this shows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from db import integrity
from db.records.committee import Earlier

if TYPE_CHECKING:
    import sqlite3

#: Digits of each record's digest the committee keeps (64 bits: enough to see a change).
DIGITS = 16
#: Log entities whose rows are about a record sealed under another entity: (sealed entity, SQL
#: giving its key from the logged row's id).
_LOGGED_UNDER = {
    "committee_member": ("committee_term", "SELECT term_id FROM committee_member WHERE id = ?"),
    "dev_milestone": ("dev_person", "SELECT person_id FROM dev_milestone WHERE id = ?"),
}
#: Sealed entities whose log rows name the sealed record itself.
_SEALED_ALONE = frozenset(e for e in integrity.PROTECTED if e not in _LOGGED_UNDER and e != "dues_month_close")
#: What the program may do to a work-record entry once it is signed (anything else is refused).
SIGNED_CHANGES = ("更正", "更新整改情况")


def snapshot_history(conn: sqlite3.Connection, digests: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """From a branch's snapshot: the digest of every official record (``digests``, when the caller
    has read them already: db.integrity.every_digest), the signed work-record entries, and for
    each record the last log row about it (any, and one a signed entry allows)."""
    digests = integrity.every_digest(conn) if digests is None else digests
    seals: dict[str, dict[str, str]] = {
        entity: {key: value[:DIGITS] for key, value in digests[entity].items()} for entity in integrity.PROTECTED}
    signed = [f"meeting:{r[0]}" for r in conn.execute("SELECT id FROM meeting WHERE status = '已签发'")]
    touched = _touched(conn)
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return {"schema": version, "seals": seals, "signed": signed, "touched": touched}


def _touched(conn: sqlite3.Connection) -> dict[str, list[int]]:
    touched: dict[str, list[int]] = {}
    # a month's closing names its month in its values; no other row's values are needed here
    for log_id, entity, entity_id, action, after in conn.execute(
            "SELECT id, entity, entity_id, action, CASE WHEN entity = 'dues_month_close' THEN after END "
            "FROM change_log ORDER BY id"):
        if entity in _SEALED_ALONE:  # most rows: the record is the row's own
            if entity_id is None:
                continue
            key = f"{entity}:{entity_id}"
        else:
            found = _sealed_key(conn, entity, entity_id, after)
            if found is None:
                continue
            key = found
        last = touched.setdefault(key, [0, 0])
        last[0] = log_id
        if action in SIGNED_CHANGES:
            last[1] = log_id
    return touched


def _sealed_key(conn: sqlite3.Connection, entity: str, entity_id: Any, after: str | None) -> str | None:
    if entity in _LOGGED_UNDER:
        parent, sql = _LOGGED_UNDER[entity]
        row = conn.execute(sql, (entity_id,)).fetchone()
        return f"{parent}:{row[0]}" if row and row[0] is not None else None
    if entity == "dues_month_close":  # logged with the month in its values
        try:
            values = json.loads(after or "{}")
        except ValueError:
            return None
        month = values.get("month") if isinstance(values, dict) else None
        return f"{entity}:{month}" if month not in (None, "") else None
    return None  # not a sealed record (a record of its own kind is keyed by _touched directly)


def kept(history: dict[str, Any]) -> dict[str, Any]:
    """What the committee stores of a bundle's history (the log's part is needed only on arrival)."""
    return {"schema": history.get("schema"), "seals": history.get("seals", {}), "signed": history.get("signed", [])}


def compare(earlier: list[Earlier], new: dict[str, Any]) -> list[str]:
    """Every record an earlier bundle held that the new one holds differently (or not at all)
    without the program having recorded the change after that bundle's signed head."""
    found: list[str] = []
    seen: set[str] = set()
    touched: dict[str, list[int]] = new.get("touched", {})
    now = new.get("seals", {})
    for e in sorted(earlier, key=lambda x: (x.year, x.seq), reverse=True):
        if e.schema != new.get("schema"):  # read under another schema: its digests are not comparable
            continue
        after = e.head[0] if e.head else 0
        for entity, records in e.seals.items():
            label = integrity.ENTITY_LABELS.get(entity, entity)
            current = now.get(entity, {})
            if records.items() <= current.items():  # every record it held reads the same (compared in C)
                continue
            for key, digest in records.items():
                ref = f"{entity}:{key}"
                if ref in seen or current.get(key) == digest:
                    continue
                last_any, last_allowed = touched.get(ref, [0, 0])
                if ref in e.signed:
                    if last_allowed > after:
                        continue
                    why = "已签发的记录没有更正记录"
                elif last_any > after:
                    continue
                else:
                    why = "操作日志中没有相应的修改记录"
                what = "已被删除" if key not in current else "内容不同"
                seen.add(ref)
                found.append(f"{label}（编号 {key}）与{e.year}年第{e.seq}版报送包中{what}，{why}")
    return found
