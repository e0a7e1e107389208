"""Words of member development (stored as these strings) and the findings of its checks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class CaseStatus(StrEnum):
    IN_PROGRESS = "进行中"
    PROBATIONARY = "预备党员"
    FULL = "正式党员"
    ENDED = "已终止"


class RuleVersion(StrEnum):
    V2014 = "2014"
    V2026 = "2026"


class Outcome(StrEnum):
    """The 支部大会's decision at the end of probation (step 23)."""

    ON_TIME = "按期转正"
    EXTENDED = "延长预备期"
    CANCELLED = "取消预备党员资格"


class MilestoneKind(StrEnum):
    MASS_MEETING = "群众座谈"
    PUBLICITY = "公示"
    VETTING = "政审结论"
    TRAINING = "培训结业"
    COMMITTEE = "支委会决定"


class ContactRole(StrEnum):
    CONTACT = "培养联系人"
    INTRODUCER = "入党介绍人"


@dataclass(frozen=True)
class Finding:
    """A rule finding about one person: ``severity`` is "error" or "warning"."""

    rule: str
    person_id: int
    person: str
    severity: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "person": self.person, "person_id": self.person_id,
                "severity": self.severity, "message": self.message}
