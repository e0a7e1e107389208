"""The GUI's page registry: the main window's pages in navigation order, each imported when it is
first shown (one of the two places the program loads code lazily; the CLI's area registry,
app/cli.py, is the other). A new page is one line here."""

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
