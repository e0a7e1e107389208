"""A committee's file, opened like a branch's (lock, backup, migrations) but of its own kind:
a branch's file opened here, or a committee's opened as a branch's, is refused clearly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.common.clock import Clock
from app.session import Session
from db import migrate

if TYPE_CHECKING:
    import sqlite3


class CommitteeSession(Session):
    schema = migrate.COMMITTEE

    @staticmethod
    def _services(conn: sqlite3.Connection, clock: Clock | None, path: Path, read_only: bool):  # type: ignore[override]
        from app.committee.service import CommitteeService

        return CommitteeService(conn, clock, path, read_only)
