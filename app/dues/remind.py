"""催缴提醒 (``services.dues.reminders``): a reminder for each member in arrears without a recorded
valid reason, as text to print or copy into a message; each reminder given is logged and shown in
the member's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import undo
from app.common import dates
from app.common.context import Context
from app.common.errors import ValidationError
from app.common.inputs import text_value
from app.common.money import yuan
from app.common.service import ServiceBase
from app.dues import rules as dr
from app.dues.model import ReminderGiven
from db.repositories import branch as branch_repo
from db.repositories import dues as drepo

if TYPE_CHECKING:
    from app.dues.ledger import Ledger


@dataclass(frozen=True)
class Reminder:
    member_id: int
    name: str
    months: tuple[str, ...]
    owed_fen: int
    text: str
    last_given: str = ""  # the day this member was last reminded ("" never)

    def as_json(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "name": self.name, "months": list(self.months),
                "owed_fen": self.owed_fen, "owed": yuan(self.owed_fen), "last_given": self.last_given,
                "text": self.text}


class DuesReminders(ServiceBase):
    """催缴: who is to be reminded (from the ledger's arrears), and the reminders given."""

    def __init__(self, ctx: Context, ledger: Ledger) -> None:
        super().__init__(ctx)
        self.ledger = ledger

    def due(self, as_of: str | None = None, member_id: int | None = None) -> list[Reminder]:
        """One reminder per member 3 or more months in arrears with no valid reason recorded."""
        as_of = as_of or self.today()
        branch = branch_repo.get_branch(self.conn)
        name = branch.name if branch else "党支部"
        how = str(self.setting(dr.HOW_TO_PAY.key))
        last = drepo.last_reminders(self.conn)
        out = []
        for a in self.ledger.arrears(as_of):
            if a.reason or (member_id is not None and a.member_id != member_id):
                continue
            text = dr.reminder_text(a.name, a.months, yuan(a.owed_fen), name, how, dates.fmt_cn(as_of))
            out.append(Reminder(a.member_id, a.name, a.months, a.owed_fen, text, last.get(a.member_id, "")))
        return out

    def record(self, member_id: int, how: str, on: str | None = None, note: str = "") -> int:
        """Log that the member was reminded (the day, and how)."""
        if how not in dr.REMINDER_WAYS:
            raise ValidationError({"how": "提醒方式应为" + "、".join(dr.REMINDER_WAYS)})
        on = on or self.today()
        found = self.due(on, member_id)
        if not found:
            raise ValidationError({"member": "该党员目前没有连续3个月以上未交足的党费（或已登记正当理由），无需催缴"})
        r = found[0]
        note = text_value(note, "说明", max_len=200)
        with self.write():
            rid = drepo.insert_reminder(self.conn, member_id, on, how, list(r.months), r.owed_fen, note)
            self.log("dues_reminder", rid, "催缴提醒", None,
                     {"member_id": member_id, "name": r.name, "how": how, "on": on, "owed_fen": r.owed_fen})

        box = {"id": rid}

        def back() -> None:
            with self.write():
                drepo.delete_reminder(self.conn, box["id"])
                self.log("dues_reminder", box["id"], "撤销催缴提醒", {"name": r.name, "how": how}, None)

        def forward() -> None:
            box["id"] = self.record(member_id, how, on, note)

        undo.register(self.ctx, f"登记{r.name}的催缴提醒", back, forward)
        return rid

    def given(self, member_id: int) -> list[ReminderGiven]:
        """The reminders given to a member, newest first."""
        return drepo.reminders_of(self.conn, member_id)

    def counts(self, year: int) -> tuple[int, int]:
        """(reminders given, members reminded) in ``year``."""
        return drepo.reminder_counts(self.conn, year)
