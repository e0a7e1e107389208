"""What every area's service shares: the connection, the clock, settings and the change log."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from app import undo
from app.common import settings as registry
from app.common.clock import Clock
from app.common.context import Context
from db.repositories import changelog
from db.repositories import settings as settings_repo

if TYPE_CHECKING:
    import sqlite3


class ServiceBase:
    """An area's use cases over one open file, built from its :class:`Context`.

    Attributes:
        ctx: the context (connection, clock, operator, undo journal).
        conn: ``ctx.conn``; every write is one :meth:`write` on it.
        clock: ``ctx.clock``, where "today" comes from.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.conn = ctx.conn
        self.clock: Clock = ctx.clock

    def today(self) -> str:
        return self.clock.today()

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction on the file (joining an enclosing one), stamped with the clock."""
        return self.ctx.write()

    # -- settings -----------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        """The typed value of a registered setting (its default until changed)."""
        return registry.get(key).value(settings_repo.get_setting(self.conn, key))

    def set_setting(self, key: str, value: object) -> None:
        """Change a registered setting; the old value goes to the change log."""
        spec = registry.get(key)
        text = spec.parse(value)
        with self.write():
            before = self.setting(key)
            settings_repo.set_setting(self.conn, key, text)
            self.log("settings", None, "修改", {key: before}, {key: spec.value(text)})

    # -- change log ---------------------------------------------------------------------

    def log(self, entity: str, entity_id: int | None, action: str, before: Mapping[str, Any] | None,
            after: Mapping[str, Any] | None, reason: str = "") -> None:
        changelog.log_change(self.conn, entity, entity_id, action, before, after, reason, self.ctx.operator)
        if self.ctx.undo is not None:
            undo.note_write(self.ctx, entity, action)
