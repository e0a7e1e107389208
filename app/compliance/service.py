"""三会一课落实情况: which required meetings were held, are missing, due or still ahead.

One cell per requirement (rulebook section 8) and period: month "2025-03", quarter "2025-Q1"
or year "2025". A cell is *held* when a record of a qualifying kind falls in the period (on or
before the as-of date), *missing* when the period is over without one, *due* when the period is
under way and none is recorded yet, and *future* when the period has not begun. Periods where a
requirement does not apply (no committee in office, a group without members, before the branch
was founded) have no cell.
"""

from __future__ import annotations

import bisect
from itertools import combinations
from typing import TYPE_CHECKING

from app.common.service import ServiceBase
from app.compliance import rules as cr
from app.compliance.leaders import dual_life, lecture_duties
from app.compliance.rules import RULE_KIND, RULE_LABELS, Cell, Period, TalkCoverage
from app.meetings import kinds
from app.meetings.kinds import Attendees, Quorum
from app.meetings.model import MeetingKind, MeetingSummary, Status
from app.meetings.service import MeetingService, quorum
from app.roster import rules as roster_rules
from db.records.branch import PartyGroup
from db.repositories import branch as branch_repo
from db.repositories import meetings as mrepo
from db.repositories import roster as roster_repo

if TYPE_CHECKING:
    from app.common.context import Context
    from app.compliance.leaders import DualLife, LectureDuty

__all__ = ["RULE_LABELS", "Cell", "ComplianceService", "TalkCoverage"]


class ComplianceService(ServiceBase):
    """Computes the compliance grid of a year from the records and the roster history."""

    def __init__(self, ctx: Context, meetings: MeetingService) -> None:
        super().__init__(ctx)
        self.meetings = meetings

    def lectures_per_quarter(self) -> int:
        return int(self.setting(cr.DK_PER_QUARTER.key))

    def lecture_duties(self, year: int, as_of: str | None = None) -> list[LectureDuty]:
        """The 书记's and each leader member's 党课 in ``year`` against the set numbers."""

        return lecture_duties(self.conn, self.meetings.list(year=year), year, as_of or self.today(),
                              int(self.setting(cr.LEADER_LECTURES.key)), int(self.setting(cr.SECRETARY_LECTURES.key)))

    def dual_life(self, year: int, as_of: str | None = None) -> list[DualLife]:
        """Each leader member's 双重组织生活 in ``year``."""

        return dual_life(self.conn, year, as_of or self.today(), int(self.setting(cr.DUAL_GROUP_PER_QUARTER.key)))

    def set_lectures_per_quarter(self, n: int) -> None:
        """The [P] threshold for 党课 (0 switches the check off)."""
        with self.write():
            self.set_setting(cr.DK_PER_QUARTER.key, n)

    def check(self, year: int, as_of: str | None = None) -> list[Cell]:
        return self.check_with_talks(year, as_of)[0]

    def check_with_talks(self, year: int, as_of: str | None = None, signed_only: bool = False,
                         closed: bool = False) -> tuple[list[Cell], TalkCoverage | None]:
        """The cells, and the 谈心谈话 coverage computed for them (None when the year did not apply).
        ``signed_only`` counts signed records only (the committee's view: a draft proves nothing);
        ``closed``: the year is over at the end of ``as_of`` (its last periods are missed, not due)."""
        as_of = as_of or self.today()
        coverage: TalkCoverage | None = None
        records = [r for r in self.meetings.list(year=year) if r.date <= as_of
                   and (not signed_only or r.status == Status.SIGNED)]
        branch = branch_repo.get_branch(self.conn)
        founded = branch.founded_on if branch and branch.founded_on else "0000"
        members = roster_repo.list_members(self.conn)

        def applies(p: Period) -> bool:
            return p.end >= founded and any(cr.overlaps(m, p) for m in members)

        records.sort(key=lambda r: r.date)
        record_dates = [r.date for r in records]

        def in_period(p: Period) -> list[MeetingSummary]:
            return records[bisect.bisect_left(record_dates, p.start):bisect.bisect_right(record_dates, p.end)]

        seats = branch_repo.seat_spans(self.conn)
        spans = roster_repo.group_spans(self.conn)

        cells: list[Cell] = []
        dk_needed = self.lectures_per_quarter()
        plan = [
            ("MTG-ZWH", cr.months(year), 1),
            ("MTG-DYDH", cr.quarters(year), 1),
            ("MTG-DK", cr.quarters(year), dk_needed),
            ("MTG-ZTDR", cr.months(year), 1),
            ("MTG-ZZSHH", cr.whole_year(year), 1),
            ("MTG-MZPY", cr.whole_year(year), 1),
        ]
        for rule, periods, needed in plan:
            if needed <= 0:
                continue
            kind = RULE_KIND[rule]
            for p in periods:
                if not applies(p):
                    continue
                if rule == "MTG-ZWH" and not _overlap(seats, p):
                    continue
                held = [r for r in in_period(p) if r.counts_as(kind)]
                # A 支委会 or 党员大会 without a quorum did not lawfully take place (rulebook §2.2).
                hits = [r for r in held if r.kind != kind or quorum(r) is not False]
                void = [r for r in held if r not in hits]
                detail = f"已开{len(hits)}次，应至少{needed}次" if needed > 1 else ""
                if void:
                    detail = "；".join(filter(None, [detail, "、".join(
                        f"{int(r.date[5:7])}月{int(r.date[8:])}日的会议未达法定人数（应到{_due(r)}名，实到{_present(r)}名），"
                        "不算召开" for r in void)]))
                cells.append(Cell(rule, p.key, None, None, cr.status(p, as_of, len(hits) >= needed, closed),
                                  tuple(r.id for r in held), detail, tuple(r.date for r in held)))
        for group in branch_repo.list_groups(self.conn, include_dissolved=True):
            for p in cr.months(year):
                if not applies(p) or not self._group_active(group, p, spans.get(group.id, [])):
                    continue
                hits = [r for r in in_period(p) if r.kind == MeetingKind.GROUP and r.group_id == group.id]
                cells.append(Cell("MTG-XZH", p.key, group.id, group.name, cr.status(p, as_of, bool(hits), closed),
                                  tuple(r.id for r in hits), dates=tuple(r.date for r in hits)))
        p = cr.whole_year(year)[0]
        if applies(p):
            coverage = self.talk_coverage(year, as_of, signed_only)
            talk_rows = [r for r in records if kinds.of(r.kind).attendees == Attendees.CHOSEN]
            detail = "" if coverage.complete else (
                f"{len(coverage.members_without)}名党员未谈、{len(coverage.committee_pairs_missing)}对支委之间未谈")
            cells.append(Cell("MTG-TXTH", p.key, None, None,
                              cr.status(p, as_of, coverage.complete and bool(talk_rows), closed),
                              tuple(r.id for r in talk_rows), detail, tuple(r.date for r in talk_rows)))
        order = list(RULE_LABELS)
        cells.sort(key=lambda c: (order.index(c.rule), c.group or 0, c.period))
        return cells, coverage

    @staticmethod
    def _group_active(group: PartyGroup, p: Period, spans: list[tuple[str, str | None]]) -> bool:
        if group.founded_on and group.founded_on > p.end:
            return False
        if group.dissolved_on and group.dissolved_on <= p.start:
            return False
        return _overlap(spans, p)

    def talk_coverage(self, year: int, as_of: str | None = None, signed_only: bool = False) -> TalkCoverage:
        """MTG-TXTH: every member has had at least one talk in the year, and every two
        committee members have talked with each other."""
        as_of = as_of or self.today()
        end = min(f"{year:04d}-12-31", as_of)
        service = self.meetings
        talks = [r.id for r in service.list(year=year, kind=MeetingKind.TALK) if r.date <= as_of
                 and (not signed_only or r.status == Status.SIGNED)]
        talked: set[int] = set()
        pairs: set[frozenset[int]] = set()
        for ids in mrepo.attendee_ids(self.conn, talks).values():
            talked.update(ids)
            pairs.update(frozenset(p) for p in combinations(ids, 2))
        members = [m for m in roster_repo.list_members(self.conn) if roster_rules.is_member_on(m, end)]
        without = tuple(m.name for m in members if m.id not in talked)
        committee = sorted(branch_repo.committee_member_ids_on(self.conn, end))
        names = roster_repo.names_by_id(self.conn, committee)
        missing = tuple((names[a], names[b]) for a, b in combinations(committee, 2)
                        if frozenset((a, b)) not in pairs)
        return TalkCoverage(without, missing, len(talks))

    def due_now(self, as_of: str | None = None) -> list[str]:
        """What the rules still require in the current month, quarter and year, in plain words."""
        as_of = as_of or self.today()
        year = int(as_of[:4])
        out = []
        missing = 0
        groups: list[str] = []
        for cell in self.check(year, as_of):
            if cell.status == "missing":
                missing += 1
            if cell.status != "due":
                continue
            if cell.rule == "MTG-XZH":
                if not groups:
                    out.append("")  # the groups' line, in this place, once
                groups.append(cell.group_name or "")
            elif cell.rule == "MTG-TXTH":
                out.append(f"本年度谈心谈话尚未全覆盖（{cell.detail}）" if cell.detail else "本年度尚未开展谈心谈话")
            elif cell.rule == "MTG-DK" and cell.detail:
                out.append(f"本季度党课{cell.detail}")
            else:
                out.append(cr.DUE_WORDS[cell.rule])
        if groups:  # one line for all the groups, not one each
            names = "、".join(groups[:6]) + (f"等{len(groups)}个党小组" if len(groups) > 6 else "")
            out[out.index("")] = f"本月尚未召开党小组会：{names}"
        if missing:
            out.append(f"{year}年已过去的时段中有{missing}项应开未开（见“三会一课”落实情况）")
        return out


def _overlap(spans: list[tuple[str, str | None]], p: Period) -> bool:
    """Whether any (start, end) span (end exclusive, None = open) overlaps the period."""
    return any(start <= p.end and (end is None or end > p.start) for start, end in spans)


def _due(r: MeetingSummary) -> int:
    """Who counts for the quorum: the full members at a 党员大会 (kinds: Quorum.GENERAL), else everyone due."""
    return r.due_full if kinds.of(r.kind).quorum == Quorum.GENERAL else r.due


def _present(r: MeetingSummary) -> int:
    return r.present_full if kinds.of(r.kind).quorum == Quorum.GENERAL else r.present
