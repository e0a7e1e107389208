"""What every area's service shares: the connection, the clock, settings and the change log."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from app import undo
from app.common import settings as registry
from app.common.clock import Clock
from app.common.context import Context
from app.common.errors import ValidationError
from app.common.inputs import text_value
from db.repositories import changelog, signers
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

    def signer(self, name: object, field: str, label: str, on: str | None = None, required: bool = True) -> str:
        """Who signs, closes or writes something official: a member of the branch on ``on`` (by
        name), or a role of the branch committee filled then (书记, 组织委员 …); "" when not
        ``required`` and left empty.

        Raises:
            ValidationError: empty when required, or nobody of that name or role (naming ``field``).
        """
        clean = text_value(name, label, max_len=40).strip()
        if not clean:
            if required:
                raise ValidationError({field: f"请填写{label}"})
            return ""
        on = on or self.today()
        role = clean.removeprefix("党支部").removeprefix("支部")  # 支部书记 is the 书记
        if not (signers.named_member_on(self.conn, clean, on) or signers.role_held_on(self.conn, role, on)):
            raise ValidationError({field: f"{label}“{clean}”不是本支部党员，也不是支部委员会的职务"
                                          f"（{on}）：请写本支部党员的姓名"})
        return clean

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
