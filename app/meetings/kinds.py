"""The kinds of record of the work record (三会一课 and the rest), as one table: what each is
called, the names it goes by in a secretary's own register, who is due at it, whether it has a
quorum and votes, which parts its form has, and which rule says how often it is held.

Everything that behaves differently by kind reads it here: the form (which sections it shows),
the checks (quorum, votes, who must be named), who is due, printing, compliance and grading. The
file keeps the kinds as rows of ``meeting_kinds`` (migration 13); adding a kind is one entry below
and one migration that inserts its row (docs/architecture.md says how).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.meetings.model import MeetingKind


class Attendees(StrEnum):
    """Who is due (应到) at a record of the kind."""

    COMMITTEE = "committee"  # the branch committee's members that day
    GROUP = "group"  # the members of one party group
    MEMBERS = "members"  # every member of the branch (probationary ones too)
    CHOSEN = "chosen"  # the people named in the record (谈心谈话: two or more)


class Quorum(StrEnum):
    """How the quorum and the votes are counted (rulebook 2.2)."""

    GENERAL = "general"  # more than half of the full members due (条例 Art. 11)
    COMMITTEE = "committee"  # more than half of the committee members due (条例 Art. 12)


class Section(StrEnum):
    """Parts of the form (and of the printed record) that only some kinds have."""

    GROUP = "group"  # which party group met
    SPEAKER = "speaker"  # 党课: who gave it and its title
    GRADES = "grades"  # 民主评议: each member's grade
    PROCEDURE = "procedure"  # 组织生活会: the steps before, during and after, and the rectifications
    PARTIES = "parties"  # 谈心谈话: the people who talked, one record per conversation


@dataclass(frozen=True)
class KindDef:
    """One kind of record.

    Attributes:
        name: the kind as stored and shown (a :class:`MeetingKind`).
        short: the short name a register may use.
        aliases: other names registers and other programs use for it.
        attendees: who is due.
        quorum: how its quorum and votes are counted; None: no quorum, no binding votes.
        host_required / recorder_required: whether the record must name them.
        combinable: another record may also count as one of this kind ("主题党日 + 党课").
        sections: the parts of the form it has beyond the common ones.
        rule: the compliance rule (shared/domain-rules.md) that says how often it is held.
    """

    name: MeetingKind
    short: str
    aliases: tuple[str, ...]
    attendees: Attendees
    quorum: Quorum | None = None
    host_required: bool = True
    recorder_required: bool = True
    combinable: bool = False
    sections: frozenset[Section] = frozenset()
    rule: str | None = None


KINDS: tuple[KindDef, ...] = (
    KindDef(MeetingKind.COMMITTEE, "支委会", ("支部委员会", "支部委员会会议", "支委会议", "支委扩大会"),
            Attendees.COMMITTEE, Quorum.COMMITTEE, rule="MTG-ZWH"),
    KindDef(MeetingKind.GENERAL, "党员大会", ("支部大会", "党员大会", "全体党员大会", "支部党员会议"),
            Attendees.MEMBERS, Quorum.GENERAL, combinable=True, rule="MTG-DYDH"),
    KindDef(MeetingKind.GROUP, "小组会", ("党小组会议", "党小组学习会", "小组会"), Attendees.GROUP,
            sections=frozenset({Section.GROUP}), rule="MTG-XZH"),
    KindDef(MeetingKind.LECTURE, "党课", ("专题党课", "讲党课", "上党课"), Attendees.MEMBERS, recorder_required=False,
            combinable=True, sections=frozenset({Section.SPEAKER}), rule="MTG-DK"),
    KindDef(MeetingKind.THEME_DAY, "主题党日", ("主题党日活动", "党日活动", "固定党日"), Attendees.MEMBERS,
            combinable=True, rule="MTG-ZTDR"),
    KindDef(MeetingKind.LIFE_MEETING, "组织生活会", ("专题组织生活会", "年度组织生活会"), Attendees.MEMBERS,
            combinable=True, sections=frozenset({Section.PROCEDURE}), rule="MTG-ZZSHH"),
    KindDef(MeetingKind.EVALUATION, "民主评议", ("民主评议党员", "民主评议党员大会", "评议党员"), Attendees.MEMBERS,
            combinable=True, sections=frozenset({Section.GRADES}), rule="MTG-MZPY"),
    KindDef(MeetingKind.TALK, "谈心谈话", ("谈心谈话记录", "谈心", "谈话"), Attendees.CHOSEN, host_required=False,
            recorder_required=False, sections=frozenset({Section.PARTIES}), rule="MTG-TXTH"),
    KindDef(MeetingKind.OTHER, "其他", ("其他会议", "其它"), Attendees.MEMBERS),
)

BY_NAME: dict[str, KindDef] = {k.name: k for k in KINDS}
NAMES: tuple[MeetingKind, ...] = tuple(k.name for k in KINDS)
#: Kinds another record may also count as.
COMBINABLE: tuple[MeetingKind, ...] = tuple(k.name for k in KINDS if k.combinable)
#: Compliance rule -> the kind it counts.
RULE_KIND: dict[str, MeetingKind] = {k.rule: k.name for k in KINDS if k.rule}
#: The kinds the year's figures count (those some rule asks for).
COUNTED: tuple[MeetingKind, ...] = tuple(k.name for k in KINDS if k.rule)


def of(kind: str) -> KindDef:
    """The definition of a stored kind.

    Raises:
        KeyError: not a kind of this program (the service checks input with :func:`parse` first).
    """
    return BY_NAME[kind]


def parse(text: str) -> MeetingKind | None:
    """The kind a register's cell means: its full name, short name or an alias (spaces ignored);
    None when it names none."""
    key = "".join(text.split())
    for k in KINDS:
        if key in (k.name, k.short, *k.aliases):
            return k.name
    return None


class _Record(Protocol):
    kind: str
    also_counts: tuple[str, ...]


def sections(kind: str, also_counts: Iterable[str] = ()) -> frozenset[Section]:
    """The sections a record of ``kind`` that also counts as ``also_counts`` has."""
    return frozenset(s for k in (kind, *also_counts) if k in BY_NAME for s in of(k).sections)


def has(record: _Record, section: Section) -> bool:
    """Whether the record's form has ``section``, by its kind or a kind it also counts as."""
    return section in sections(record.kind, record.also_counts)
