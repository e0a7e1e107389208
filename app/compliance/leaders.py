"""Duties of the branch's leaders that the speech (section 二) sets a number on:

- 党课: "领导班子成员每年要至少讲2次党课" and the 书记 at least once (both numbers settings);
- 双重组织生活: leader members take part in their 党小组's organisational life and in the
  组织生活会 "以普通党员身份" (threshold a setting: at least one 党小组会 per quarter).

A duty of a year still running is "due" (还差…), never a failure, until its period is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.compliance import rules as cr
from app.meetings.model import MeetingKind, MeetingSummary
from db.repositories import branch as branch_repo
from db.repositories import meetings as mrepo
from db.repositories import roster as roster_repo

if TYPE_CHECKING:
    import sqlite3

SECRETARY = "书记"
LEADER = "党员领导干部"


@dataclass(frozen=True)
class LectureDuty:
    """One person's 党课 in a year against what is required of them."""

    member_id: int
    name: str
    roles: tuple[str, ...]
    given: int
    needed: int
    dates: tuple[str, ...]
    status: str  # met / due (the year is still running) / short (the year is over)

    @property
    def flagged(self) -> bool:
        return self.status != "met"

    def describe(self) -> str:
        who = "、".join(self.roles)
        text = f"{who} {self.name}：讲党课{self.given}次"
        if self.status == "met":
            return text + f"（应至少{self.needed}次，已达到）"
        verb = "还差" if self.status == "due" else "少讲"
        return text + f"，应至少{self.needed}次，{verb}{self.needed - self.given}次"

    def as_json(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "name": self.name, "roles": list(self.roles), "given": self.given,
                "needed": self.needed, "dates": list(self.dates), "status": self.status}


@dataclass(frozen=True)
class QuarterAttendance:
    period: str  # 2026-Q1
    attended: int
    needed: int
    status: str  # met / due / missing / future


@dataclass(frozen=True)
class DualLife:
    """A leader member's 双重组织生活 in a year: their group's meetings per quarter and the
    组织生活会, attended or absent (with the reason recorded)."""

    member_id: int
    name: str
    group_name: str | None
    quarters: tuple[QuarterAttendance, ...]
    life_meeting: str  # met / due / missing
    due: int  # meetings they were due at (党小组会 and 组织生活会)
    attended: int
    absences: tuple[tuple[str, str, str], ...] = field(default=())  # (date, kind, reason)

    @property
    def flagged(self) -> bool:
        return self.life_meeting == "missing" or any(q.status == "missing" for q in self.quarters) \
            or self.group_name is None

    def describe(self) -> str:
        parts = [f"{self.name}（{self.group_name or '未编入党小组'}）：应参加{self.due}次，参加{self.attended}次"]
        short = [q.period[-2:] for q in self.quarters if q.status == "missing"]
        if short:
            parts.append("、".join(short) + "未参加党小组会")
        if self.life_meeting == "missing":
            parts.append("未参加组织生活会")
        elif self.life_meeting == "due":
            parts.append("组织生活会尚未参加")
        if self.absences:
            parts.append("缺席：" + "；".join(f"{d[5:7].lstrip('0')}月{d[8:].lstrip('0')}日{k}（{r}）"
                                           for d, k, r in self.absences))
        return "，".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "name": self.name, "group": self.group_name,
                "quarters": [q.__dict__ for q in self.quarters], "life_meeting": self.life_meeting,
                "due": self.due, "attended": self.attended,
                "absences": [{"date": d, "kind": k, "reason": r} for d, k, r in self.absences],
                "flagged": self.flagged}


def _in_year(member: Any, start: str, end: str) -> bool:
    return any(p.start_date <= end and (p.end_date is None or p.end_date > start) for p in member.periods)


def secretaries(conn: sqlite3.Connection, start: str, end: str) -> set[int]:
    """Who held the 书记 seat at some time between ``start`` and ``end``."""
    out = set()
    for term in branch_repo.list_terms(conn):
        if term.election_date > end or (term.ended_on is not None and term.ended_on <= start):
            continue
        for seat in branch_repo.list_seats(conn, term.id, False):
            if seat.role == SECRETARY and seat.start_date <= end and (seat.end_date is None or seat.end_date > start):
                out.add(seat.member_id)
    return out


def lecture_duties(conn: sqlite3.Connection, records: list[MeetingSummary], year: int, as_of: str,
                   leader_needed: int, secretary_needed: int) -> list[LectureDuty]:
    """Every secretary and leader member of ``year`` with their 党课 (records up to ``as_of``)."""
    start, end = f"{year}-01-01", f"{year}-12-31"
    upto = min(as_of, end)
    secs = secretaries(conn, start, upto)
    members = {m.id: m for m in roster_repo.list_members(conn)}
    leaders = {i for i, m in members.items() if m.is_leader_cadre and _in_year(m, start, upto)}
    given: dict[int, list[str]] = {}
    for r in records:
        if r.speaker_member_id is not None and r.date <= upto and r.counts_as(MeetingKind.LECTURE):
            given.setdefault(r.speaker_member_id, []).append(r.date)
    out = []
    for mid in sorted(secs | leaders, key=lambda i: (i not in secs, members[i].join_date if i in members else "", i)):
        if mid not in members:
            continue
        roles = tuple(role for role, ok in ((SECRETARY, mid in secs), (LEADER, mid in leaders)) if ok)
        needed = max(secretary_needed if mid in secs else 0, leader_needed if mid in leaders else 0)
        if needed <= 0:
            continue
        dates = tuple(sorted(given.get(mid, [])))
        status = "met" if len(dates) >= needed else ("short" if as_of > end else "due")
        out.append(LectureDuty(mid, members[mid].name, roles, len(dates), needed, dates, status))
    return out


def dual_life(conn: sqlite3.Connection, year: int, as_of: str, per_quarter: int) -> list[DualLife]:
    """Every leader member's 双重组织生活 in ``year`` up to ``as_of``."""
    start, end = f"{year}-01-01", f"{year}-12-31"
    upto = min(as_of, end)
    out = []
    for m in roster_repo.list_members(conn):
        if not m.is_leader_cadre or not _in_year(m, start, upto):
            continue
        rows = mrepo.attendance_of_member(conn, m.id, start, upto)
        quarters = []
        for q in range(1, 5):
            q_start, q_end = f"{year}-{3 * q - 2:02d}-01", cr.quarters(year)[q - 1].end
            if q_start > upto:
                quarters.append(QuarterAttendance(f"{year}-Q{q}", 0, per_quarter, "future"))
                continue
            attended = sum(1 for r in rows if r.kind == MeetingKind.GROUP and r.present
                           and q_start <= r.date <= q_end)
            status = "met" if attended >= per_quarter else ("missing" if as_of > q_end else "due")
            quarters.append(QuarterAttendance(f"{year}-Q{q}", attended, per_quarter, status))
        life = [r for r in rows if MeetingKind.LIFE_MEETING in (r.kind, *r.also_counts)]
        life_status = "met" if any(r.present for r in life) else ("missing" if as_of > end else "due")
        relevant = [r for r in rows if r.kind == MeetingKind.GROUP or r in life]
        absences = tuple((r.date, r.kind, r.absence_reason + (f"：{r.absence_note}" if r.absence_note
                                                                       else ""))
                         for r in relevant if not r.present)
        out.append(DualLife(m.id, m.name, m.group_name, tuple(quarters), life_status, len(relevant),
                            sum(1 for r in relevant if r.present), absences))
    return out
