"""Frozen records returned by the repositories."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Branch:
    name: str
    kind: str = "党支部"
    covered_units: tuple[str, ...] = ()
    supervising_committee: str = ""
    founded_on: str | None = None
    village_or_community: bool = False
    secretary_phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class MembershipPeriod:
    id: int
    member_id: int
    start_date: str
    start_kind: str
    start_org: str = ""
    start_letter: str = ""
    end_date: str | None = None
    end_kind: str | None = None
    end_org: str = ""
    end_letter: str = ""
    end_reason: str = ""


@dataclass(frozen=True)
class Member:
    """A row of the roster, with the derived group and current membership.

    ``group_id``/``group_name`` are the member's current party group (or None); ``active``
    says whether the member is in the branch today (an open membership period).
    """

    id: int
    name: str
    gender: str
    ethnicity: str
    birth_date: str | None
    id_number: str
    native_place: str
    education: str
    work_unit_post: str
    personnel_category: str
    join_date: str
    full_date: str | None
    member_class: str
    is_leader_cadre: bool
    phone: str
    notes: str
    group_id: int | None = None
    group_name: str | None = None
    active: bool = True
    left_on: str | None = None
    left_kind: str | None = None
    periods: tuple[MembershipPeriod, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class PartyGroup:
    id: int
    name: str
    leader_member_id: int | None
    founded_on: str | None
    dissolved_on: str | None
    sort_order: int


@dataclass(frozen=True)
class CommitteeTerm:
    id: int
    election_date: str
    term_years: int
    variance_months: int
    variance_approval: str
    ended_on: str | None
    notes: str


@dataclass(frozen=True)
class CommitteeSeat:
    id: int
    term_id: int
    member_id: int
    member_name: str
    role: str
    start_date: str
    end_date: str | None
