"""The work record's words (stored as these strings) and records: a meeting as edited and
stored, its parts, its tally, and the summaries the list shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from db.records.meetings import AttachmentRow as Attachment
from db.records.meetings import ListedMeeting
from db.records.meetings import RevisionRow as Revision  # noqa: F401 - the stored record, under the work record's name


class MeetingKind(StrEnum):
    COMMITTEE = "支委会"
    GENERAL = "支部党员大会"
    GROUP = "党小组会"
    LECTURE = "党课"
    THEME_DAY = "主题党日"
    LIFE_MEETING = "组织生活会"
    EVALUATION = "民主评议党员"
    TALK = "谈心谈话"
    OTHER = "其他"


class AbsenceReason(StrEnum):
    SICK = "病假"
    PERSONAL = "事假"
    OFFICIAL = "公出"
    OTHER = "其他"


class VoteMethod(StrEnum):
    HANDS = "举手"
    BALLOT = "无记名投票"


class Rating(StrEnum):
    """民主评议 grades."""

    EXCELLENT = "优秀"
    QUALIFIED = "合格"
    BASIC = "基本合格"
    UNQUALIFIED = "不合格"


class ObserverRole(StrEnum):
    ACTIVIST = "入党积极分子"
    CANDIDATE = "发展对象"
    UPPER = "上级党组织代表"
    OTHER = "其他"


class YearTextKind(StrEnum):
    """The year's free-text records of the work record."""

    PLAN = "年度工作计划"
    SUMMARY = "年度工作总结"


class Status(StrEnum):
    DRAFT = "草稿"
    SIGNED = "已签发"




@dataclass
class Attendance:
    """One person due at the meeting (应到), and whether they came."""

    member_id: int
    name: str = ""
    member_class: str = "正式"
    present: bool = True
    absence_reason: str | None = None
    absence_note: str = ""
    as_ordinary_member: bool = False
    is_leader_cadre: bool = False


@dataclass
class Observer:
    name: str
    role: str = ""


@dataclass
class Speech:
    speaker: str
    points: str


@dataclass
class Vote:
    subject: str
    method: str = VoteMethod.HANDS
    yes: int = 0
    no: int = 0
    abstain: int = 0
    written_yes: int = 0
    written_no: int = 0
    written_abstain: int = 0


@dataclass
class Grade:
    member_id: int
    grade: str | None
    note: str = ""
    name: str = ""


@dataclass
class Step:
    step: str
    done_on: str | None = None
    note: str = ""


@dataclass
class Rectification:
    item: str
    owner: str = ""
    due_on: str | None = None
    done_on: str | None = None
    note: str = ""
    id: int | None = None


@dataclass
class Meeting:
    """A record of the work-record book, as edited and as stored."""

    kind: str
    date: str
    title: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    group_id: int | None = None
    host: str = ""
    recorder: str = ""
    speaker: str = ""
    speaker_member_id: int | None = None
    lecture_title: str = ""
    content: str = ""
    resolutions: str = ""
    also_counts: tuple[str, ...] = ()
    agenda: list[str] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    observers: list[Observer] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    rectifications: list[Rectification] = field(default_factory=list)
    id: int | None = None
    status: str = Status.DRAFT
    signed_at: str | None = None
    signed_by: str = ""
    attachments: list[Attachment] = field(default_factory=list)

    def counts_as(self, kind: str) -> bool:
        return self.kind == kind or kind in self.also_counts

    @property
    def signed(self) -> bool:
        return self.status == Status.SIGNED


@dataclass(frozen=True)
class VoteResult:
    subject: str
    yes: int
    no: int
    abstain: int
    passes: bool | None
    text: str


@dataclass(frozen=True)
class Tally:
    """Attendance counts and the quorum and pass rules of rulebook 2.2."""

    due_full: int
    due_probationary: int
    present_full: int
    present_probationary: int
    absent: tuple[tuple[str, str], ...]
    quorum: bool | None
    quorum_text: str
    votes: tuple[VoteResult, ...]

    @property
    def due(self) -> int:
        return self.due_full + self.due_probationary

    @property
    def present(self) -> int:
        return self.present_full + self.present_probationary


@dataclass(frozen=True)
class MeetingSummary(ListedMeeting):
    """One row of the record list (no parts loaded): the stored line, and whether it was signed late."""

    late: bool = False

    #: The keys of ``meetings list --json`` (unchanged since the work-record issue).
    JSON_KEYS = ("id", "kind", "title", "date", "start_time", "end_time", "place", "group_name",
                 "host", "recorder", "also_counts", "status", "signed_at", "signed_by", "late",
                 "due", "present")

    def counts_as(self, kind: str) -> bool:
        return self.kind == kind or kind in self.also_counts

    def as_json(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v := getattr(self, k), tuple) else v) for k in self.JSON_KEYS}



@dataclass(frozen=True)
class OpenRectification:
    """A 整改事项 not yet done, for the home page."""

    item: str
    owner: str
    due_on: str | None
    meeting_id: int
    title: str
    date: str
    overdue: bool
