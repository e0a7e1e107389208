"""Services: every area's use cases for one open database, sharing one clock."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.common.clock import Clock
from app.common.service import ServiceBase, bind_clock

if TYPE_CHECKING:
    import sqlite3

    from app.backups.service import BackupService
    from app.branch.service import BranchService
    from app.bundle.inbox import NoticeService
    from app.compliance.service import ComplianceService
    from app.development.service import DevelopmentService
    from app.dues.service import DuesService
    from app.integrity.service import (
        IntegrityService,  # each area is imported when first used, so a quick command loads only its own
    )
    from app.meetings.service import MeetingService
    from app.reminders import Reminders
    from app.roster.excel import RosterExcel
    from app.roster.service import MemberService
    from app.undo import UndoStack


class Services:
    """Built once per open database and handed to the GUI's pages and dialogs or the CLI.

    Attributes:
        conn: the connection (read-write, or read-only for a committee's look at a snapshot).
        clock: where every service reads "today"; tests and ``--today`` fix it.
        path: the database file, when there is one.
        read_only: True when the file was opened without the right to write.
    """

    def __init__(self, conn: sqlite3.Connection, clock: Clock | None = None, path: Path | None = None,
                 read_only: bool = False) -> None:
        self.conn = conn
        self.clock = clock or Clock()
        self.path = path
        self.read_only = read_only
        bind_clock(conn, self.clock)

    def today(self) -> str:
        return self.clock.today()

    def branch_name(self) -> str | None:
        """The branch's name, None before it is set up: what the window title and the first-run
        question need, answered without loading the branch area's code."""
        from db.repositories.branch import branch_name

        return branch_name(self.conn)

    @cached_property
    def base(self) -> ServiceBase:
        """Settings and the change log, for what belongs to no single area."""
        return ServiceBase(self.conn, self.clock)

    @cached_property
    def branch(self) -> BranchService:
        from app.branch.service import BranchService

        return BranchService(self.conn, self.clock)

    @cached_property
    def roster(self) -> MemberService:
        from app.roster.service import MemberService

        return MemberService(self.conn, self.clock)

    @cached_property
    def meetings(self) -> MeetingService:
        from app.meetings.service import MeetingService

        return MeetingService(self.conn, self.clock)

    @cached_property
    def compliance(self) -> ComplianceService:
        from app.compliance.service import ComplianceService

        return ComplianceService(self.conn, self.clock)

    @cached_property
    def development(self) -> DevelopmentService:
        from app.development.service import DevelopmentService

        return DevelopmentService(self.conn, self.clock)

    @cached_property
    def dues(self) -> DuesService:
        from app.dues.service import DuesService

        return DuesService(self.conn, self.clock)

    @cached_property
    def roster_excel(self) -> RosterExcel:
        from app.roster.excel import RosterExcel  # openpyxl is loaded only for Excel work

        return RosterExcel(self.roster, self.path)

    @cached_property
    def notices(self) -> NoticeService:
        """督办通知 from the committee."""
        from app.bundle.inbox import NoticeService  # cryptography is loaded only when needed

        return NoticeService(self.conn, self.clock)

    @cached_property
    def integrity(self) -> IntegrityService:
        """Tamper evidence (verify, checkpoints) and the operator."""
        from app.integrity.service import IntegrityService

        service = IntegrityService(self.conn, self.clock)
        service.path = self.path  # where the backups to point to are
        return service

    @cached_property
    def backups(self) -> BackupService:
        """Automatic backups, the second location, the list to restore from."""
        from app.backups.service import BackupService

        return BackupService(self.conn, self.clock, self.path)

    def enable_undo(self) -> UndoStack:
        """Keep undo/redo for what is done from now on (the GUI does; a command has nothing to undo)."""
        from app.undo import UndoStack

        stack = getattr(self.conn, "undo_stack", None)
        if stack is None:
            stack = UndoStack()
            self.conn.undo_stack = stack  # type: ignore[attr-defined]
        return stack

    @cached_property
    def reminders(self) -> Reminders:
        from app.reminders import Reminders

        return Reminders(self)
