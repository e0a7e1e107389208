"""The change log: every write, with the values before and after."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from db import integrity
from db.connection import database, stamp, transaction

if TYPE_CHECKING:
    import sqlite3


def log_change(
    conn: sqlite3.Connection,
    entity: str,
    entity_id: int | None,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    reason: str = "",
    operator: str = "",
) -> None:
    """One row of the log, chained to the one before, stamped with the transaction's time;
    ``operator`` names who did it."""

    record = {
        "at": stamp(conn),
        "operator": operator,
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
        "after": json.dumps(after, ensure_ascii=False) if after is not None else None,
        "reason": reason,
    }
    with transaction(conn):  # the row and its link in the chain together (joins the caller's, if any)
        _, previous = integrity.head(conn)
        table = database(conn)["change_log"].insert(record)
        record["id"] = table.last_pk
        conn.execute("UPDATE change_log SET hash = ? WHERE id = ?", (integrity.link(previous, record), table.last_pk))


def change_log(conn: sqlite3.Connection, entity: str, entity_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM change_log WHERE entity = :e AND entity_id = :i ORDER BY id",
        {"e": entity, "i": entity_id},
    )
    return [dict(r) for r in rows]




def search(conn: sqlite3.Connection, text: str = "", limit: int = 2000,
           record: tuple[tuple[str, ...], int] | None = None) -> list[dict[str, Any]]:
    """The log newest first; with ``text``, only rows that mention it anywhere; with ``record``
    ((entities, id)), only the rows about that one record."""
    clauses: list[str] = []
    params: dict[str, Any] = {"n": limit}
    if text:
        clauses.append("(instr(entity, :t) OR instr(action, :t) OR instr(coalesce(before, ''), :t) "
                       "OR instr(coalesce(after, ''), :t) OR instr(reason, :t) OR instr(operator, :t) "
                       "OR instr(at, :t))")
        params["t"] = text
    if record is not None:
        entities, rid = record
        names = ", ".join(f":e{i}" for i in range(len(entities)))
        clauses.append(f"entity IN ({names}) AND entity_id = :rid")
        params.update({f"e{i}": e for i, e in enumerate(entities)})
        params["rid"] = rid
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(f"SELECT * FROM change_log {where} ORDER BY id DESC LIMIT :n /* all rows */", params)
    return [dict(r) for r in rows]
