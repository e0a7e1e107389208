"""Roster records: a member and their membership periods."""

from __future__ import annotations

from dataclasses import dataclass, field


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
class GroupMembership:
    """A member in a party group from ``start_date`` until ``end_date`` (None: still)."""

    id: int
    group_id: int
    member_id: int
    start_date: str
    end_date: str | None
