"""The change log: every write, with the values before and after."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from db.connection import database, stamp


def log_change(
    conn: sqlite3.Connection,
    entity: str,
    entity_id: int | None,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    reason: str = "",
) -> None:
    database(conn)["change_log"].insert(
        {
            "at": stamp(conn),
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
            "after": json.dumps(after, ensure_ascii=False) if after is not None else None,
            "reason": reason,
        }
    )


def change_log(conn: sqlite3.Connection, entity: str, entity_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM change_log WHERE entity = :e AND entity_id = :i ORDER BY id",
        {"e": entity, "i": entity_id},
    )
    return [dict(r) for r in rows]


