"""The GUI's registry: the main window's pages in navigation order, each imported when it is first
shown, and what the program opens on demand (dialogs, the committee's window, the self-checks),
each imported when first opened. This is one of the two places the program loads code lazily (the
area registry, app/areas.py, is the other): the window paints first and loads the rest as it is
used. A new page or dialog is one line here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple


class PageSpec(NamedTuple):
    label: str  # in the navigation list and the 转到 menu
    attr: str  # the window's name for it ("home", "dues" …)
    spec: str  # "module:class"


PAGES = (
    PageSpec("首页", "home", "ui.home.home_page:HomePage"),
    PageSpec("支部概况", "branch_page", "ui.branch.branch_page:BranchPage"),
    PageSpec("党员名册", "roster", "ui.roster.roster_page:RosterPage"),
    PageSpec("会议记录", "meetings", "ui.meetings.meetings_page:MeetingsPage"),
    PageSpec("三会一课落实", "compliance", "ui.compliance.compliance_page:CompliancePage"),
    PageSpec("发展党员", "development", "ui.development.development_page:DevelopmentPage"),
    PageSpec("党费收缴", "dues", "ui.dues.page:DuesPage"),
    PageSpec("先锋岗与报到", "posts", "ui.posts.posts_page:PostsPage"),
)


def row_of(attr: str) -> int:
    return next(i for i, p in enumerate(PAGES) if p.attr == attr)


def page_class(attr: str) -> Callable[..., Any]:
    """The page's class (a QWidget taking the services, and ``deferred`` for the home page)."""
    module, name = PAGES[row_of(attr)].spec.split(":")
    cls: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return cls


#: What opens on demand, by name: "module:attribute". The caller annotates what it gets (with the
#: class imported for type checking only), so a call stays checked.
ON_DEMAND: dict[str, str] = {
    "print": "ui.printing.print_dialog:open_print_dialog",
    "preview": "ui.printing.pdf_preview:PdfPreview",
    "bundle": "ui.bundle.bundle_dialog:BundleDialog",
    "notices": "ui.bundle.notices_dialog:NoticesDialog",
    "passphrase": "ui.bundle.key_dialogs:ask_passphrase",
    "restore": "ui.backups.restore_dialog:RestoreDialog",
    "log": "ui.integrity.log_dialog:LogDialog",
    "operator": "ui.integrity.log_dialog:OperatorDialog",
    "handover": "ui.integrity.log_dialog:HandoverDialog",
    "encryption": "ui.integrity.encryption_dialog:EncryptionDialog",
    "unlock": "ui.integrity.unlock_dialog:UnlockDialog",  # the idle lock's
    # the main window's integrity check, its banner and the idle lock: made just after the first paint
    "watch": "ui.integrity.watch:IntegrityWatch",
    "banner": "ui.integrity.watch:Banner",
    "idle_lock": "ui.integrity.idle_lock:IdleLock",
    "manual": "ui.common.manual_dialog:ManualDialog",
    # the home page's details below its figures, built with the first figures after the first paint
    "section": "ui.common.section:Section",
    "bar_chart": "ui.common.chart:BarChart",
    "warning_list": "ui.common.warning_list:WarningList",
    "cover": "ui.integrity.unlock_dialog:Cover",
    "run_job": "ui.workers:run_job",
    "first_run": "ui.branch.first_run_wizard:FirstRunWizard",
    "demo": "app.demo:fill_demo",
    "committee": "ui.committee.window:run_committee",
    "self_check": "ui.self_check:self_check",
    "file_copy": "ui.file_copy:FileCopy",  # the start-up check's copy of the file, begun before Qt loads
    # the program's ways in (ui/__main__.py), loaded once the database engine is chosen
    "cli": "app.cli:main",
    "core": "app.session:Session",
    "gui": "ui.application:run_gui",
}


def load(name: str) -> Any:
    """What ``ON_DEMAND[name]`` names, its module imported now if it was not yet."""
    module, attr = ON_DEMAND[name].split(":")
    return getattr(importlib.import_module(module), attr)
