"""Frozen records returned by the repositories, one module per area.

``from db.records import Member`` imports only that area's module: creating a dataclass costs
about 2 ms, and a quick command such as ``members list`` needs only its own area's records.
"""

from __future__ import annotations

import importlib
from typing import Any

_AREA = {
    "Branch": "branch", "PartyGroup": "branch", "CommitteeTerm": "branch", "CommitteeSeat": "branch",
    "Member": "roster", "MembershipPeriod": "roster",
    "DevPerson": "development", "DevStep": "development", "DevContact": "development",
    "DevAmendment": "development", "DevAssessment": "development", "DevMilestone": "development",
    "StoredMeeting": "meetings", "RevisionRow": "meetings", "AttachmentRow": "meetings",
    "NoticeItem": "notices",
    "Assessment": "dues", "Payment": "dues", "PaymentMonth": "dues", "Remittance": "dues", "ReminderGiven": "dues",
}
__all__ = sorted(_AREA)


def __getattr__(name: str) -> Any:
    area = _AREA.get(name)
    if area is None:
        raise AttributeError(f"module 'db.records' has no attribute {name!r}")
    return getattr(importlib.import_module(f"db.records.{area}"), name)
