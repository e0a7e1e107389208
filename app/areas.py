"""The area registry: for each area, its top-level commands and the service it gives the open file.

This is one of the two places the program loads code lazily (the GUI's registry,
``ui/registry.py``, is the other): an area's code is imported the first time one of its
commands is asked for (``app/cli.py``) or its service is first used (``app/services.py``), so a
quick command such as ``members list``, or the window's first paint, does not pay for the
cryptography, the printing or the Excel code. Adding an area, a command or a service is a line here.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple


class Commands(NamedTuple):
    names: tuple[str, ...]  # the top-level commands, in the order ``--help`` lists them
    registrars: tuple[str, ...]  # "module:function" adding them to the parser


#: Each area's top-level commands and how it registers them. ``backup`` is the CLI's own.
COMMANDS: tuple[Commands, ...] = (
    Commands(("init", "branch"), ("app.branch.cli:register",)),
    Commands(("backup",), ()),
    Commands(("members",), ("app.roster.cli:register",)),
    # meetings returns its sub-commands, to which compliance adds ``check``
    Commands(("meetings",), ("app.meetings.cli:register", "app.compliance.cli:register")),
    Commands(("dev",), ("app.development.cli:register",)),
    Commands(("dues",), ("app.dues.cli:register",)),
    Commands(("print",), ("app.printing.cli:register",)),
    Commands(("keys", "committee-key", "bundle"), ("app.bundle.cli:register",)),
    Commands(("notices",), ("app.bundle.cli:register_notices",)),
    Commands(("verify", "operator", "log", "handover", "encrypt", "decrypt", "idle-lock"),
             ("app.integrity.cli:register",)),
    Commands(("backups", "restore"), ("app.backups.cli:register",)),
    Commands(("summary",), ("app.summary.cli:register",)),
    Commands(("posts", "community"), ("app.posts.cli:register",)),
    Commands(("committee",), ("app.committee.cli:register",)),
    Commands(("demo",), ("app.demo.cli:register",)),
)


class ServiceSpec(NamedTuple):
    spec: str  # "module:Class"
    #: What its constructor is given, in order: "ctx" (the file's context), "services" (all of
    #: them, for a service that reads several areas), "path" (the file's path) or another service.
    needs: tuple[str, ...] = ("ctx",)


#: Each area's service, reached as ``services.<name>`` and built once, on first use.
SERVICES: dict[str, ServiceSpec] = {
    "branch": ServiceSpec("app.branch.service:BranchService"),
    "roster": ServiceSpec("app.roster.service:MemberService"),
    "meetings": ServiceSpec("app.meetings.service:MeetingService"),
    "compliance": ServiceSpec("app.compliance.service:ComplianceService", ("ctx", "meetings")),
    "development": ServiceSpec("app.development.service:DevelopmentService", ("ctx", "roster", "meetings")),
    "dues": ServiceSpec("app.dues.service:DuesService"),
    "dues_excel": ServiceSpec("app.dues.excel:DuesWorkbook", ("dues",)),  # openpyxl only for Excel
    "posts": ServiceSpec("app.posts.service:PostService"),  # 先锋岗
    "community": ServiceSpec("app.posts.service:CommunityService"),  # 双报到
    "meetings_excel": ServiceSpec("app.meetings.excel:MeetingsExcel", ("services", "path")),  # the register
    "roster_excel": ServiceSpec("app.roster.excel:RosterExcel", ("roster", "path")),  # openpyxl only for Excel
    "notices": ServiceSpec("app.bundle.inbox:NoticeService"),  # 督办通知 from the committee
    "integrity": ServiceSpec("app.integrity.service:IntegrityService"),  # tamper evidence, the operator
    "backups": ServiceSpec("app.backups.service:BackupService"),  # automatic backups, restore
    "printing": ServiceSpec("app.printing.service:PrintService", ("services",)),  # every printed book
    "bundle": ServiceSpec("app.bundle.service:BundleService", ("services",)),  # the key and the annual bundle
    "summary": ServiceSpec("app.summary.service:SummaryService", ("services",)),  # the year's summary
    "reminders": ServiceSpec("app.reminders:Reminders", ("services",)),  # what the home page says is due
    "dashboard": ServiceSpec("app.dashboard:Dashboard", ("services",)),  # the home page's charts
}


#: The committee's kind of file (``committee --db C …``, the committee's window): its session.
COMMITTEE_SESSION = "app.committee.session:CommitteeSession"


def load(spec: str) -> Any:
    """The object ``spec`` ("module:attribute") names, its module imported now if it was not yet."""
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)
