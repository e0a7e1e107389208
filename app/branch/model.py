"""Words and findings of the branch set-up."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BranchKind(StrEnum):
    BRANCH = "党支部"
    JOINT = "联合党支部"


class CommitteeRole(StrEnum):
    """Posts on the 支委会, in their order of precedence."""

    SECRETARY = "书记"
    DEPUTY = "副书记"
    ORGANISATION = "组织委员"
    PUBLICITY = "宣传委员"
    DISCIPLINE = "纪检委员"
    MEMBER = "委员"


@dataclass(frozen=True)
class BranchWarning:
    """A finding about the branch set-up.

    Attributes:
        rule: the rulebook key (BR-COMMITTEE, BR-TERM …), kept for tooltips.
        level: "error" (a rule is broken now) or "warning" (attention needed).
        message: a plain Chinese sentence.
    """

    rule: str
    level: str
    message: str
