"""Services: every area's use cases for one open file, each built once from the file's
:class:`~app.common.context.Context` and reached as ``services.<area>``.

This is the one place services are made (the composition root): a service that needs another is
handed it here, never builds its own. Each area is imported when first used, so a quick command
loads only its own code.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.common.context import Context
from app.common.service import ServiceBase

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

    from app.backups.service import BackupService
    from app.branch.service import BranchService
    from app.bundle.inbox import NoticeService
    from app.bundle.service import BundleService
    from app.common.clock import Clock
    from app.compliance.service import ComplianceService
    from app.development.service import DevelopmentService
    from app.dues.service import DuesService
    from app.integrity.service import IntegrityService
    from app.meetings.service import MeetingService
    from app.posts.service import CommunityService, PostService
    from app.printing.service import PrintService
    from app.reminders import Reminders
    from app.roster.excel import RosterExcel
    from app.roster.service import MemberService
    from app.summary.service import SummaryService
    from app.undo import UndoStack


class Services:
    """Built once per open file and handed to the GUI's pages and dialogs or the CLI.

    Attributes:
        ctx: the file's context (connection, clock, path, operator, undo journal).
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

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
        from db.repositories.branch import branch_name

        return branch_name(self.conn)

    def enable_undo(self) -> UndoStack:
        """Keep undo/redo for what is done from now on (the GUI does; a command has nothing to undo)."""
        from app.undo import UndoStack

        if self.ctx.undo is None:
            self.ctx.undo = UndoStack()
        return self.ctx.undo

    # -- the areas ----------------------------------------------------------------------------

    @cached_property
    def base(self) -> ServiceBase:
        """Settings and the change log, for what belongs to no single area."""
        return ServiceBase(self.ctx)

    @cached_property
    def branch(self) -> BranchService:
        from app.branch.service import BranchService

        return BranchService(self.ctx)

    @cached_property
    def roster(self) -> MemberService:
        from app.roster.service import MemberService

        return MemberService(self.ctx)

    @cached_property
    def meetings(self) -> MeetingService:
        from app.meetings.service import MeetingService

        return MeetingService(self.ctx)

    @cached_property
    def compliance(self) -> ComplianceService:
        from app.compliance.service import ComplianceService

        return ComplianceService(self.ctx, self.meetings)

    @cached_property
    def development(self) -> DevelopmentService:
        from app.development.service import DevelopmentService

        return DevelopmentService(self.ctx, self.roster, self.meetings)

    @cached_property
    def dues(self) -> DuesService:
        from app.dues.service import DuesService

        return DuesService(self.ctx)

    @cached_property
    def posts(self) -> PostService:
        """先锋岗."""
        from app.posts.service import PostService

        return PostService(self.ctx)

    @cached_property
    def community(self) -> CommunityService:
        """双报到."""
        from app.posts.service import CommunityService

        return CommunityService(self.ctx)

    @cached_property
    def roster_excel(self) -> RosterExcel:
        from app.roster.excel import RosterExcel  # openpyxl is loaded only for Excel work

        return RosterExcel(self.roster, self.path)

    @cached_property
    def notices(self) -> NoticeService:
        """督办通知 from the committee."""
        from app.bundle.inbox import NoticeService  # cryptography is loaded only when needed

        return NoticeService(self.ctx)

    @cached_property
    def integrity(self) -> IntegrityService:
        """Tamper evidence (verify, checkpoints) and the operator."""
        from app.integrity.service import IntegrityService

        return IntegrityService(self.ctx)

    @cached_property
    def backups(self) -> BackupService:
        """Automatic backups, the second location, the list to restore from."""
        from app.backups.service import BackupService

        return BackupService(self.ctx)

    @cached_property
    def printing(self) -> PrintService:
        """Every printed book (reportlab is loaded only when one is printed)."""
        from app.printing.service import PrintService

        return PrintService(self)

    @cached_property
    def bundle(self) -> BundleService:
        """The branch key and the annual bundle."""
        from app.bundle.service import BundleService

        return BundleService(self)

    @cached_property
    def summary(self) -> SummaryService:
        """The year's summary: its facts and the draft."""
        from app.summary.service import SummaryService

        return SummaryService(self)

    @cached_property
    def reminders(self) -> Reminders:
        """What the home page says is due."""
        from app.reminders import Reminders

        return Reminders(self)
