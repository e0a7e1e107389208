"""Member development (发展党员) records: the case, its steps, contacts, assessments, milestones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DevStep:
    """A completed step of the 25. ``data`` holds step-specific values (hours, outcome …)."""

    id: int
    person_id: int
    step_no: int
    seq: int
    done_on: str
    actor: str
    document: str
    doc_no: str
    notes: str
    data: dict[str, Any] = field(compare=False, hash=False)
    meeting_id: int | None
    created_at: str


@dataclass(frozen=True)
class DevContact:
    """A 培养联系人 or 入党介绍人 (a member of the branch)."""

    id: int
    person_id: int
    member_id: int
    name: str
    role: str
    from_date: str


@dataclass(frozen=True)
class DevAmendment:
    id: int
    assessment_id: int
    at: str
    by: str
    text: str


@dataclass(frozen=True)
class DevAssessment:
    """A half-yearly 考察写实 entry; read-only once ``signed_on`` is set."""

    id: int
    person_id: int
    period_start: str
    period_end: str
    self_summary: str
    contact_opinion: str
    contact_author: str
    contact_date: str | None
    group_opinion: str
    group_author: str
    group_date: str | None
    branch_opinion: str
    branch_author: str
    branch_date: str | None
    signed_by: str
    signed_on: str | None
    created_at: str
    amendments: tuple[DevAmendment, ...] = ()

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


@dataclass(frozen=True)
class DevMilestone:
    id: int
    person_id: int
    kind: str
    date: str
    end_date: str | None
    participants: str
    detail: str
    created_at: str


@dataclass(frozen=True)
class DevPerson:
    """A development case: the person, and everything recorded about them."""

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
    phone: str
    group_id: int | None
    application_written: str
    application_received: str
    rule_version: str
    activist_since: str | None
    transferred_from: str
    expected_leave_on: str | None
    status: str
    outcome: str
    member_id: int | None
    notes: str
    created_at: str
    ended_on: str | None = None
    end_reason: str = ""
    steps: tuple[DevStep, ...] = field(default=(), compare=False)
    contacts: tuple[DevContact, ...] = field(default=(), compare=False)
    assessments: tuple[DevAssessment, ...] = field(default=(), compare=False)
    milestones: tuple[DevMilestone, ...] = field(default=(), compare=False)

    def done(self, no: int) -> DevStep | None:
        """The latest completion of step ``no`` (steps 23/24 may repeat after an extension)."""
        hits = [s for s in self.steps if s.step_no == no]
        return hits[-1] if hits else None
