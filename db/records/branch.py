"""The branch, its party groups and its committee (支委会) terms and seats: plain values, read as the
window opens (its title is the branch's name)."""

from __future__ import annotations

from typing import NamedTuple


class Branch(NamedTuple):
    name: str
    kind: str = "党支部"
    covered_units: tuple[str, ...] = ()
    supervising_committee: str = ""
    founded_on: str | None = None
    village_or_community: bool = False
    secretary_phone: str = ""
    notes: str = ""


class PartyGroup(NamedTuple):
    id: int
    name: str
    leader_member_id: int | None
    founded_on: str | None
    dissolved_on: str | None
    sort_order: int


class CommitteeTerm(NamedTuple):
    id: int
    election_date: str
    term_years: int
    variance_months: int
    variance_approval: str
    ended_on: str | None
    notes: str


class CommitteeSeat(NamedTuple):
    id: int
    term_id: int
    member_id: int
    member_name: str
    role: str
    start_date: str
    end_date: str | None
