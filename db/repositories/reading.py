"""Rows read into records: one helper for the repositories whose records are built field for field
from a row (``make(**row)``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import sqlite3

T = TypeVar("T")


def rows(conn: sqlite3.Connection, make: Callable[..., T], sql: str, params: Any = None) -> list[T]:
    """Every row of ``sql`` made into a record by ``make`` (called with the row's columns by name)."""
    return [make(**dict(r)) for r in conn.execute(sql, params or {})]


def one(conn: sqlite3.Connection, make: Callable[..., T], sql: str, params: Any = None) -> T | None:
    """The first row of ``sql`` made into a record, or None."""
    row = conn.execute(sql, params or {}).fetchone()
    return make(**dict(row)) if row else None
