"""A committee's file, opened like a branch's (lock, backup, migrations) but of its own kind:
a branch's file opened here, or a committee's opened as a branch's, is refused clearly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.committee.service import CommitteeService
from app.session import Session
from db import migrate

if TYPE_CHECKING:
    from app.common.context import Context


class CommitteeSession(Session):
    schema = migrate.COMMITTEE
    services: CommitteeService  # type: ignore[assignment] # a committee's file has the committee's service

    @staticmethod
    def _services(ctx: Context) -> CommitteeService:  # type: ignore[override]
        return CommitteeService(ctx)
