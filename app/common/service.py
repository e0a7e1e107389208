"""What every area's service shares: the connection, the clock, settings and the change log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.common import settings as registry
from app.common.clock import WALL, Clock
from db.connection import transaction
from db.repositories import changelog
from db.repositories import settings as settings_repo

if TYPE_CHECKING:
    import sqlite3


def bind_clock(conn: sqlite3.Connection, clock: Clock) -> None:
    """Make ``clock`` the clock of everything done through ``conn`` (timestamps included)."""
    conn.clock = clock  # type: ignore[attr-defined]
    conn.now_fn = clock.now  # type: ignore[attr-defined]


class ServiceBase:
    """An area's use cases over one open database.

    Attributes:
        conn: the connection; every write is one transaction on it.
        clock: where "today" comes from: the one bound to the connection by ``Services``
            unless given here.
    """

    def __init__(self, conn: sqlite3.Connection, clock: Clock | None = None) -> None:
        self.conn = conn
        self.clock: Clock = clock or getattr(conn, "clock", None) or WALL

    def today(self) -> str:
        return self.clock.today()

    # -- settings -----------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        """The typed value of a registered setting (its default until changed)."""
        return registry.get(key).value(settings_repo.get_setting(self.conn, key))

    def set_setting(self, key: str, value: object) -> None:
        """Change a registered setting; the old value goes to the change log."""
        spec = registry.get(key)
        text = spec.parse(value)
        with transaction(self.conn):
            before = self.setting(key)
            settings_repo.set_setting(self.conn, key, text)
            self.log("settings", None, "修改", {key: before}, {key: spec.value(text)})

    # -- change log ---------------------------------------------------------------------

    def log(self, entity: str, entity_id: int | None, action: str, before: Mapping[str, Any] | None,
            after: Mapping[str, Any] | None, reason: str = "") -> None:
        changelog.log_change(self.conn, entity, entity_id, action, before, after, reason)
        if getattr(self.conn, "undo_stack", None) is not None:
            from app import undo

            undo.note_write(self.conn, entity, action)
