"""Services: every area's use cases for one open file, each built once from the file's
:class:`~app.common.context.Context` and reached as ``services.<area>``.

This is the one place services are made (the composition root): a service that needs another is
handed it here, never builds its own. Which class serves an area, and what it is given, is the
area registry's (``app/areas.py``): each is imported when first used, so a quick command loads only
its own code.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.areas import SERVICES, load
from app.common.clock import Clock
from app.common.context import Context
from app.common.service import ServiceBase
from app.undo import UndoStack
from db import asof
from db.repositories.branch import branch_name

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

    from app.backups.service import BackupService
    from app.branch.service import BranchService
    from app.bundle.inbox import NoticeService
    from app.bundle.service import BundleService
    from app.compliance.service import ComplianceService
    from app.dashboard import Dashboard
    from app.development.service import DevelopmentService
    from app.dues.excel import DuesWorkbook
    from app.dues.service import DuesService
    from app.integrity.service import IntegrityService
    from app.meetings.excel import MeetingsExcel
    from app.meetings.service import MeetingService
    from app.posts.service import CommunityService, PostService
    from app.printing.service import PrintService
    from app.reminders import Reminders
    from app.roster.excel import RosterExcel
    from app.roster.service import MemberService
    from app.summary.service import SummaryService


class Services:
    """Built once per open file and handed to the GUI's pages and dialogs or the CLI.

    Attributes:
        ctx: the file's context (connection, clock, path, operator, undo journal).
    """

    def __init__(self, ctx: Context, as_of_day: str | None = None) -> None:
        self.ctx = ctx
        #: set on a view made by :meth:`as_of`: the day the file is seen as at the end of
        self.as_of_day = as_of_day

    @property
    def conn(self) -> sqlite3.Connection:
        return self.ctx.conn

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @property
    def path(self) -> Path | None:
        return self.ctx.path

    @property
    def read_only(self) -> bool:
        return self.ctx.read_only

    def today(self) -> str:
        return self.ctx.today()

    def branch_name(self) -> str | None:
        """The branch's name, None before it is set up: what the window title and the first-run
        question need, answered without loading the branch area's code."""
        return branch_name(self.conn)

    def enable_undo(self) -> UndoStack:
        """Keep undo/redo for what is done from now on (the GUI does; a command has nothing to undo)."""
        if self.ctx.undo is None:
            self.ctx.undo = UndoStack()
        return self.ctx.undo

    @contextmanager
    def as_of(self, end: str) -> Iterator[Services]:
        """The file as it stood at the end of ``end`` ('YYYY-MM-DD'), read-only: a closed year's
        books and figures are made from it (db/asof.py). Its clock stands at the next day, so the
        day ``end`` is over. When ``end`` is not yet past, this file itself."""
        if end >= self.today() or end == self.as_of_day:  # not past yet, or this is that view already
            yield self
            return
        conn = asof.as_of(self.conn, end)
        try:
            day_after = (_dt.date.fromisoformat(end) + _dt.timedelta(days=1)).isoformat()
            yield Services(Context(conn, Clock(day_after), read_only=True, operator=self.ctx.operator), end)
        finally:
            conn.close()

    def year_view(self, year: int) -> AbstractContextManager[Services]:
        """``as_of`` the end of ``year`` (this file itself while the year is not over)."""
        return self.as_of(f"{year}-12-31")

    @cached_property
    def base(self) -> ServiceBase:
        """Settings and the change log, for what belongs to no single area."""
        return ServiceBase(self.ctx)

    # -- the areas (app/areas.py): each built on first use, once ------------------------------

    if TYPE_CHECKING:
        branch: BranchService
        roster: MemberService
        meetings: MeetingService
        compliance: ComplianceService
        development: DevelopmentService
        dues: DuesService
        dues_excel: DuesWorkbook
        posts: PostService
        community: CommunityService
        roster_excel: RosterExcel
        meetings_excel: MeetingsExcel
        notices: NoticeService
        integrity: IntegrityService
        backups: BackupService
        printing: PrintService
        bundle: BundleService
        summary: SummaryService
        reminders: Reminders
        dashboard: Dashboard

    def __getattr__(self, name: str) -> Any:
        """``services.<area>``: the area's service, built now from the registry and kept (an
        attribute of the instance from then on, so this runs once per area)."""
        spec = SERVICES.get(name)
        if spec is None:
            raise AttributeError(name)
        given = {"ctx": self.ctx, "services": self, "path": self.path}
        service = load(spec.spec)(*(given[n] if n in given else getattr(self, n) for n in spec.needs))
        setattr(self, name, service)
        return service
