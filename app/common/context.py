"""The one explicit context of an open file: what every service of it shares.

The session makes one :class:`Context` when it opens a file; ``Services`` builds every area's
service from it, once. Nothing reads this state off the database connection: the connection is
storage (its transactions, seals and caches), the context is the session (the clock, who is
working, the undo journal). The db layer is handed what it needs (``now`` to a transaction, the
operator to the change log) as arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.common.clock import Clock
from db.connection import transaction

if TYPE_CHECKING:
    import sqlite3

    from app.undo import UndoStack


class Context:
    """One open file's working state.

    Attributes:
        conn: the connection; every write of a service is one :meth:`write` on it.
        clock: where "today" and "now" come from (tests and ``--today`` fix it).
        path: the database file, when there is one (a committee's snapshot has none).
        read_only: opened without the right to write.
        operator: who is working (组织委员 张三), written into every change-log row.
        undo: the GUI's undo journal; None where nothing is kept for undo (a command).
    """

    def __init__(self, conn: sqlite3.Connection, clock: Clock | None = None, path: Path | None = None,
                 read_only: bool = False, operator: str = "") -> None:
        self.conn = conn
        self.clock = clock or Clock()
        self.path = path
        self.read_only = read_only
        self.operator = operator
        self.undo: UndoStack | None = None

    def today(self) -> str:
        return self.clock.today()

    def now(self) -> str:
        return self.clock.now()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction (joining an enclosing one); its records are stamped and sealed with
        this context's clock."""
        with transaction(self.conn, self.clock.now) as conn:
            yield conn

    def in_operation(self) -> bool:
        """Whether an enclosing write is open: a service called inside another's is part of it."""
        return bool(getattr(self.conn, "tx_depth", 0))

    def write_serial(self) -> int:
        """Tells one write (outermost transaction) from the next (app/undo.py)."""
        return int(getattr(self.conn, "tx_serial", -1))
