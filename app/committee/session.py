"""A committee's file, opened like a branch's (lock, backup, migrations) but of its own kind:
a branch's file opened here, or a committee's opened as a branch's, is refused clearly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Self

from app.committee.service import CommitteeService
from app.common.clock import Clock
from app.session import Session
from db import migrate
from db.errors import NotBranchBookDatabase, NotCommitteeDatabase

if TYPE_CHECKING:
    from app.common.context import Context


class CommitteeSession(Session):
    schema = migrate.COMMITTEE
    services: CommitteeService  # type: ignore[assignment] # a committee's file has the committee's service

    @staticmethod
    def _services(ctx: Context) -> CommitteeService:  # type: ignore[override]
        return CommitteeService(ctx)

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None, read_only: bool = False,
             passphrase: str | None = None) -> Self:
        """:meth:`Session.open`, a file that is no database of ours named as not a committee's."""
        try:
            return super().open(path, clock, read_only, passphrase)
        except NotBranchBookDatabase as exc:
            raise NotCommitteeDatabase(exc.path, exc.detail) from None
