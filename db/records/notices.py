"""Records of the committee's 督办通知 as the branch keeps them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class NoticeItem:
    """One 督办事项 with its notice's particulars; ``overdue`` is set by the service (today's view)."""

    id: int
    notice: int
    no: int
    problem: str
    requirement: str
    due_on: str
    status: str
    note: str
    done_on: str | None
    notice_id: str
    committee: str
    year: int
    created: str
    overdue: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
