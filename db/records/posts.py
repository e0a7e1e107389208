"""Records of 先锋岗 (posts, who holds them, awards) and 双报到 (reports to a community, service
activities and who took part)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class StoredPost:
    id: int
    name: str
    kind: str
    unit: str  # 处室 where recorded
    set_up_on: str
    commitments: str
    closed_on: str | None
    notes: str
    created_at: str


@dataclass(frozen=True)
class Holder:
    """A member on a post from ``from_date`` until ``to_date`` (None: still)."""

    id: int
    post_id: int
    member_id: int
    from_date: str
    to_date: str | None
    name: str


@dataclass(frozen=True)
class Award:
    id: int
    post_id: int
    title: str
    awarded_on: str
    body: str  # the awarding body
    notes: str


@dataclass(frozen=True)
class CommunityReport:
    """A member's 报到 to a community from ``reported_on`` until ``ended_on`` (None: still)."""

    id: int
    member_id: int
    community: str
    reported_on: str
    ended_on: str | None
    notes: str
    name: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Participant:
    activity_id: int
    member_id: int
    tenths: int  # hours × 10
    name: str


@dataclass(frozen=True)
class Activity:
    """A community service activity and the members who took part."""

    id: int
    done_on: str
    community: str
    what: str
    meeting_id: int | None  # a 主题党日 it was part of
    created_at: str
    people: tuple[Participant, ...]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
