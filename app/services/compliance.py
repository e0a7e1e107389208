"""三会一课落实情况: which required meetings were held, are missing, due or still ahead.

One cell per requirement (rulebook section 8) and period: month "2025-03", quarter "2025-Q1"
or year "2025". A cell is *held* when a record of a qualifying kind falls in the period (on or
before the as-of date), *missing* when the period is over without one, *due* when the period is
under way and none is recorded yet, and *future* when the period has not begun. Periods where a
requirement does not apply (no committee in office, a group without members, before the branch
was founded) have no cell.
"""

from __future__ import annotations

import calendar
import sqlite3
from dataclasses import dataclass, field
from itertools import combinations

from app import dates, rules
from app.services.meetings import MeetingService
from db import repo

#: Settings (rulebook items marked [P]): key -> (default, Chinese description).
SETTINGS = {
    "rules.dk_per_quarter": ("1", "每季度至少上党课次数（地方规定，非条例硬性要求；0 表示不检查）"),
}

RULE_LABELS = {
    "MTG-ZWH": "支委会（每月）",
    "MTG-DYDH": "支部党员大会（每季度）",
    "MTG-XZH": "党小组会（每月）",
    "MTG-DK": "党课（每季度）",
    "MTG-ZTDR": "主题党日（每月）",
    "MTG-ZZSHH": "组织生活会（每年）",
    "MTG-MZPY": "民主评议党员（每年）",
    "MTG-TXTH": "谈心谈话（每年全覆盖）",
}

_KIND = {"MTG-ZWH": "支委会", "MTG-DYDH": "支部党员大会", "MTG-XZH": "党小组会", "MTG-DK": "党课",
         "MTG-ZTDR": "主题党日", "MTG-ZZSHH": "组织生活会", "MTG-MZPY": "民主评议党员"}


@dataclass(frozen=True)
class Cell:
    """One requirement in one period.

    Attributes:
        rule: the rulebook key (MTG-ZWH …).
        period: "2025-03", "2025-Q1" or "2025".
        group: the party group id for MTG-XZH, else None.
        group_name: its name, for display.
        status: "held", "missing", "due" or "future".
        meetings: ids of the records that fulfil it.
        detail: a Chinese note (counts, coverage).
    """

    rule: str
    period: str
    group: int | None
    group_name: str | None
    status: str
    meetings: tuple[int, ...] = ()
    detail: str = ""
    dates: tuple[str, ...] = ()  # the dates of those records, for display

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "period": self.period, "group": self.group_name,
                "group_id": self.group, "status": self.status,
                "meetings": list(self.meetings), "detail": self.detail}


@dataclass(frozen=True)
class TalkCoverage:
    """谈心谈话 in a year: members without any talk, committee pairs that have not talked."""

    members_without: tuple[str, ...]
    committee_pairs_missing: tuple[tuple[str, str], ...]
    talks: int

    @property
    def complete(self) -> bool:
        return not self.members_without and not self.committee_pairs_missing


@dataclass
class _Period:
    key: str
    start: str
    end: str
    label: str = field(default="")


def months(year: int) -> list[_Period]:
    return [_Period(f"{year:04d}-{m:02d}", f"{year:04d}-{m:02d}-01",
                    f"{year:04d}-{m:02d}-{calendar.monthrange(year, m)[1]:02d}", f"{m}月")
            for m in range(1, 13)]


def quarters(year: int) -> list[_Period]:
    out = []
    for q in range(1, 5):
        m1, m3 = 3 * q - 2, 3 * q
        out.append(_Period(f"{year:04d}-Q{q}", f"{year:04d}-{m1:02d}-01",
                           f"{year:04d}-{m3:02d}-{calendar.monthrange(year, m3)[1]:02d}", f"第{q}季度"))
    return out


def whole_year(year: int) -> list[_Period]:
    return [_Period(f"{year:04d}", f"{year:04d}-01-01", f"{year:04d}-12-31", "全年")]


def setting(conn: sqlite3.Connection, key: str) -> str:
    return repo.get_setting(conn, key, SETTINGS[key][0]) or SETTINGS[key][0]


class ComplianceService:
    """Computes the compliance grid of a year from the records and the roster history."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.meetings = MeetingService(conn)

    def lectures_per_quarter(self) -> int:
        return int(setting(self.conn, "rules.dk_per_quarter") or 0)

    def set_lectures_per_quarter(self, n: int) -> None:
        """The [P] threshold for 党课 (0 switches the check off)."""
        from db.connection import transaction

        if not 0 <= n <= 12:
            raise ValueError(n)
        with transaction(self.conn):
            before = self.lectures_per_quarter()
            repo.set_setting(self.conn, "rules.dk_per_quarter", str(n))
            repo.log_change(self.conn, "settings", None, "修改", {"rules.dk_per_quarter": before},
                            {"rules.dk_per_quarter": n})

    def check(self, year: int, as_of: str | None = None) -> list[Cell]:
        as_of = as_of or dates.today()
        records = self.meetings.list(year=year)
        records = [r for r in records if r["date"] <= as_of]
        branch = repo.get_branch(self.conn)
        founded = branch.founded_on if branch and branch.founded_on else "0000"
        members = repo.list_members(self.conn)

        def has_members(p: _Period) -> bool:
            return any(_overlaps(m, p) for m in members)

        def applies(p: _Period) -> bool:
            return p.end >= founded and has_members(p)

        cells: list[Cell] = []
        dk_needed = int(setting(self.conn, "rules.dk_per_quarter") or "0")
        plan = [
            ("MTG-ZWH", months(year), 1),
            ("MTG-DYDH", quarters(year), 1),
            ("MTG-DK", quarters(year), dk_needed),
            ("MTG-ZTDR", months(year), 1),
            ("MTG-ZZSHH", whole_year(year), 1),
            ("MTG-MZPY", whole_year(year), 1),
        ]
        for rule, periods, needed in plan:
            if needed <= 0:
                continue
            kind = _KIND[rule]
            for p in periods:
                if not applies(p):
                    continue
                if rule == "MTG-ZWH" and not self._committee_in(p):
                    continue
                hits = [r for r in records if p.start <= r["date"] <= p.end
                        and (r["kind"] == kind or kind in r["also_counts"])]
                detail = f"已开{len(hits)}次，应至少{needed}次" if needed > 1 else ""
                cells.append(Cell(rule, p.key, None, None, _status(p, as_of, len(hits) >= needed),
                                  tuple(r["id"] for r in hits), detail, tuple(r["date"] for r in hits)))
        for group in repo.list_groups(self.conn, include_dissolved=True):
            for p in months(year):
                if not applies(p) or not self._group_active(group, p):
                    continue
                hits = [r for r in records if r["kind"] == "党小组会" and r["group_id"] == group.id
                        and p.start <= r["date"] <= p.end]
                cells.append(Cell("MTG-XZH", p.key, group.id, group.name, _status(p, as_of, bool(hits)),
                                  tuple(r["id"] for r in hits), dates=tuple(r["date"] for r in hits)))
        p = whole_year(year)[0]
        if applies(p):
            coverage = self.talk_coverage(year, as_of)
            talk_rows = [r for r in records if r["kind"] == "谈心谈话"]
            talks = [r["id"] for r in talk_rows]
            detail = "" if coverage.complete else (
                f"{len(coverage.members_without)}名党员未谈、{len(coverage.committee_pairs_missing)}对支委之间未谈")
            cells.append(Cell("MTG-TXTH", p.key, None, None,
                              _status(p, as_of, coverage.complete and bool(talks)), tuple(talks), detail,
                              tuple(r["date"] for r in talk_rows)))
        order = list(RULE_LABELS)
        cells.sort(key=lambda c: (order.index(c.rule), c.group or 0, c.period))
        return cells

    def _committee_in(self, p: _Period) -> bool:
        for term in repo.list_terms(self.conn):
            if term.election_date > p.end or (term.ended_on and term.ended_on <= p.start):
                continue
            for seat in repo.list_seats(self.conn, term.id, current_only=False):
                if seat.start_date <= p.end and (seat.end_date is None or seat.end_date > p.start):
                    return True
        return False

    def _group_active(self, group, p: _Period) -> bool:  # noqa: ANN001
        if group.founded_on and group.founded_on > p.end:
            return False
        if group.dissolved_on and group.dissolved_on <= p.start:
            return False
        rows = self.conn.execute(
            "SELECT 1 FROM group_membership WHERE group_id = :g AND start_date <= :end "
            "AND (end_date IS NULL OR end_date > :start) LIMIT 1",
            {"g": group.id, "start": p.start, "end": p.end}).fetchone()
        return rows is not None

    def talk_coverage(self, year: int, as_of: str | None = None) -> TalkCoverage:
        """MTG-TXTH: every member has had at least one talk in the year, and every two
        committee members have talked with each other."""
        as_of = as_of or dates.today()
        end = min(f"{year:04d}-12-31", as_of)
        talks = [self.meetings.get(r["id"]) for r in self.meetings.list(year=year, kind="谈心谈话")
                 if r["date"] <= as_of]
        talked: set[int] = set()
        pairs: set[frozenset[int]] = set()
        for t in talks:
            ids = [a.member_id for a in t.attendance]
            talked.update(ids)
            pairs.update(frozenset(p) for p in combinations(ids, 2))
        members = [m for m in repo.list_members(self.conn) if rules.is_member_on(m, end)]
        without = tuple(m.name for m in members if m.id not in talked)
        committee = sorted(repo.committee_member_ids_on(self.conn, end))
        names = repo.names_by_id(self.conn, committee)
        missing = tuple((names[a], names[b]) for a, b in combinations(committee, 2)
                        if frozenset((a, b)) not in pairs)
        return TalkCoverage(without, missing, len(talks))

    def due_now(self, as_of: str | None = None) -> list[str]:
        """What the rules still require in the current month, quarter and year, in plain words."""
        as_of = as_of or dates.today()
        year = int(as_of[:4])
        words = {
            "MTG-ZWH": "本月尚未召开支委会",
            "MTG-DYDH": "本季度尚未召开支部党员大会",
            "MTG-DK": "本季度尚未上党课",
            "MTG-ZTDR": "本月尚未开展主题党日活动",
            "MTG-ZZSHH": "本年度尚未召开组织生活会（一般安排在第四季度）",
            "MTG-MZPY": "本年度尚未开展民主评议党员",
        }
        out = []
        missing = 0
        for cell in self.check(year, as_of):
            if cell.status == "missing":
                missing += 1
            if cell.status != "due":
                continue
            if cell.rule == "MTG-XZH":
                out.append(f"{cell.group_name}本月尚未召开党小组会")
            elif cell.rule == "MTG-TXTH":
                out.append(f"本年度谈心谈话尚未全覆盖（{cell.detail}）" if cell.detail else "本年度尚未开展谈心谈话")
            elif cell.rule == "MTG-DK" and cell.detail:
                out.append(f"本季度党课{cell.detail}")
            else:
                out.append(words[cell.rule])
        if missing:
            out.append(f"{year}年已过去的时段中有{missing}项应开未开（见“三会一课”落实情况）")
        return out


def _status(p: _Period, as_of: str, held: bool) -> str:
    if held:
        return "held"
    if p.start > as_of:
        return "future"
    if p.end < as_of:
        return "missing"
    return "due"


def _overlaps(member, p: _Period) -> bool:  # noqa: ANN001
    return any(per.start_date <= p.end and (per.end_date is None or per.end_date > p.start)
               for per in member.periods)
