"""Records of the work record as the repository reads them: a stored meeting with its parts, its
revisions, attachments, and the year's texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    member_class: str
    present: bool
    absence_reason: str | None
    absence_note: str
    as_ordinary_member: bool


@dataclass(frozen=True)
class VoteRow:
    subject: str
    method: str
    yes: int
    no: int
    abstain: int
    written_yes: int
    written_no: int
    written_abstain: int


@dataclass(frozen=True)
class GradeRow:
    member_id: int
    grade: str | None
    note: str


@dataclass(frozen=True)
class StepRow:
    step: str
    done_on: str | None
    note: str


@dataclass(frozen=True)
class RectificationRow:
    id: int
    item: str
    owner: str
    due_on: str | None
    done_on: str | None
    note: str


@dataclass(frozen=True)
class AttachmentRow:
    """An attachment's particulars (its bytes are read only by :func:`attachment_data`)."""

    id: int
    filename: str
    sha256: str
    size: int
    added_at: str


@dataclass(frozen=True)
class StoredMeeting:
    """One record of the work record as stored, with every part."""

    id: int
    kind: str
    title: str
    date: str
    start_time: str
    end_time: str
    place: str
    group_id: int | None
    host: str
    recorder: str
    speaker: str
    speaker_member_id: int | None
    lecture_title: str
    content: str
    resolutions: str
    also_counts: tuple[str, ...]
    status: str
    locked: bool
    signed_at: str | None
    signed_by: str
    created_at: str
    updated_at: str
    agenda: tuple[str, ...] = ()
    speeches: tuple[tuple[str, str], ...] = ()  # (speaker, points)
    attendance: tuple[AttendanceRow, ...] = ()
    observers: tuple[tuple[str, str], ...] = ()  # (name, role)
    votes: tuple[VoteRow, ...] = ()
    grades: tuple[GradeRow, ...] = ()
    steps: tuple[StepRow, ...] = ()
    rectifications: tuple[RectificationRow, ...] = ()
    attachments: tuple[AttachmentRow, ...] = ()


@dataclass(frozen=True)
class RevisionRow:
    """A correction of a signed record: who, when, why, and the record as it was before."""

    id: int
    meeting_id: int
    revised_at: str
    revised_by: str
    reason: str
    snapshot: dict[str, Any] = field(compare=False, hash=False)


@dataclass(frozen=True)
class AttachmentData:
    filename: str
    sha256: str
    data: bytes


@dataclass(frozen=True)
class ListedMeeting:
    """A line of the record list: the record's particulars (not its text) and who was due and came."""

    id: int
    kind: str
    title: str
    date: str
    start_time: str
    end_time: str
    place: str
    group_id: int | None
    group_name: str | None
    host: str
    recorder: str
    speaker: str
    speaker_member_id: int | None
    also_counts: tuple[str, ...]
    status: str
    signed_at: str | None
    signed_by: str
    due: int = 0
    present: int = 0
    due_full: int = 0
    present_full: int = 0


@dataclass(frozen=True)
class OpenRectificationRow:
    """A 整改事项 not yet done, with its meeting."""

    item: str
    owner: str
    due_on: str | None
    meeting_id: int
    title: str
    date: str


@dataclass(frozen=True)
class QualityRow:
    """What the committee checks of one record: its fields, attendance by class, unexplained absences."""

    id: int
    kind: str
    title: str
    date: str
    status: str
    signed_at: str | None
    host: str
    recorder: str
    content_len: int
    resolutions_len: int
    also_counts: tuple[str, ...]
    agenda: int
    speeches: int
    due_full: int
    due_prob: int
    present_full: int
    present_prob: int
    unexplained: int


@dataclass(frozen=True)
class MemberAttendance:
    """A meeting one member was due at: whether they came, and why not."""

    id: int
    kind: str
    date: str
    group_id: int | None
    also_counts: tuple[str, ...]
    present: bool
    absence_reason: str
    absence_note: str
