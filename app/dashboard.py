"""The figures of the home page's 统计 (and the printed book's charts), decided here: attendance
per month, dues collected against due per month, 三会一课 completion per month, the development
pipeline by stage, and 先锋岗 / 报到 coverage. Every figure is computed from the records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.development import rules as dev_rules
from app.dues.reports import month_totals
from app.meetings import kinds
from app.meetings.kinds import Attendees

if TYPE_CHECKING:
    from app.services import Services

MONTHS = tuple(f"{m}月" for m in range(1, 13))
#: The five stages, short enough to stand under a bar (the full names are in dev_rules.STAGE_SHORT).
STAGES = ("申请", "积极分子", "发展对象", "接收预备", "考察转正")


@dataclass(frozen=True)
class Series:
    """One chart: a title, labels, values (None where nothing is due yet), the unit, and the page
    it opens."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    unit: str
    page: str
    note: str = ""
    second: tuple[float | None, ...] = ()  # a second bar per label (e.g. due beside collected)


def figures(s: Services, year: int | None = None) -> list[Series]:
    today = s.today()
    year = year or int(today[:4])
    as_of = min(f"{year}-12-31", today)
    return [_attendance(s, year), _compliance(s, year, as_of), _dues(s, year, as_of), _pipeline(s),
            _coverage(s, year, as_of)]


def _attendance(s: Services, year: int) -> Series:
    due = [0] * 12
    present = [0] * 12
    for r in s.meetings.list(year=year):
        if kinds.of(r.kind).attendees == Attendees.CHOSEN or not r.due:  # a talk is not a meeting one attends
            continue
        m = int(r.date[5:7]) - 1
        due[m] += r.due
        present[m] += r.present
    values = tuple(round(p * 100 / d, 1) if d else None for p, d in zip(present, due, strict=True))
    total = sum(due)
    note = f"全年平均到会率{sum(present) * 100 / total:.1f}%" if total else "尚无会议记录"
    return Series(f"{year}年各月到会率", MONTHS, values, "%", "meetings", note)


def _compliance(s: Services, year: int, as_of: str) -> Series:
    held = [0] * 12
    due = [0] * 12
    for c in s.compliance.check(year, as_of):
        if len(c.period) != 7 or "Q" in c.period or c.status == "future":  # monthly requirements only
            continue
        m = int(c.period[5:]) - 1
        due[m] += 1
        held[m] += c.status == "held"
    values = tuple(round(h * 100 / d, 1) if d else None for h, d in zip(held, due, strict=True))
    missing = sum(due) - sum(held)
    return Series(f"{year}年每月应开会议（支委会、党小组会、主题党日）完成率", MONTHS, values, "%", "compliance",
                  f"应开{sum(due)}次，已开{sum(held)}次" + (f"，未开{missing}次" if missing else ""))


def _dues(s: Services, year: int, as_of: str) -> Series:
    ledger = s.dues.ledger.grid(year, as_of)
    due, paid = month_totals(ledger, year)
    months = sorted(due)
    return Series(f"{year}年各月党费：已交（深色）与应交（浅色）", MONTHS,
                  tuple(paid.get(m, 0) / 100 for m in months), "元", "dues",
                  f"应交{sum(due.values()) / 100:,.2f}元，已交{sum(paid.values()) / 100:,.2f}元",
                  tuple(due.get(m, 0) / 100 for m in months))


def _pipeline(s: Services) -> Series:
    dev = s.development
    counts = [0] * len(dev_rules.STAGE_SHORT)
    for p in dev.people():
        if p.status in ("进行中", "预备党员"):
            counts[dev.stage(p) - 1] += 1
    return Series("发展党员各阶段人数", STAGES, tuple(float(c) for c in counts), "人", "development",
                  f"共{sum(counts)}人在发展程序中")


def _coverage(s: Services, year: int, as_of: str) -> Series:
    posts = s.posts.coverage(as_of)
    community = s.community.coverage(year)

    def pct(part: int, whole: int) -> float | None:
        return round(part * 100 / whole, 1) if whole else None

    return Series("先锋岗和社区报到覆盖", ("在先锋岗", "已到社区报到"),
                  (pct(posts["holding"], posts["members"]), pct(community["reported"], community["members"])), "%",
                  "posts", f"先锋岗{posts['posts']}个；社区服务{community['activities']}次，{community['hours']}小时")


class Dashboard:
    """The home page's charts for the open file (``services.dashboard``)."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def figures(self, year: int | None = None) -> list[Series]:
        return figures(self._services, year)
