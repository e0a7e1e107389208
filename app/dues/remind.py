"""催缴提醒: a reminder for each member in arrears without a recorded valid reason, as text to
print or copy into a message; each reminder given is logged and shown in the member's history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.common import dates
from app.common.errors import ValidationError
from app.common.inputs import text_value
from app.common.money import yuan
from app.dues import rules as dr
from db.connection import stamp, transaction
from db.repositories import branch as branch_repo


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


class DuesReminders:
    """Mixed into DuesService (``arrears``, ``setting``, ``today``, ``log`` come from it)."""

    def reminders(self, as_of: str | None = None, member_id: int | None = None) -> list[Reminder]:
        """One reminder per member 3 or more months in arrears with no valid reason recorded."""
        as_of = as_of or self.today()  # type: ignore[attr-defined]
        branch = branch_repo.get_branch(self.conn)  # type: ignore[attr-defined]
        name = branch.name if branch else "党支部"
        how = str(self.setting(dr.HOW_TO_PAY.key))  # type: ignore[attr-defined]
        last = {r[0]: r[1] for r in self.conn.execute(  # type: ignore[attr-defined]
            "SELECT member_id, max(given_on) FROM dues_reminder GROUP BY member_id")}
        out = []
        for a in self.arrears(as_of):  # type: ignore[attr-defined]
            if a.reason or (member_id is not None and a.member_id != member_id):
                continue
            text = dr.reminder_text(a.name, a.months, yuan(a.owed_fen), name, how, dates.fmt_cn(as_of))
            out.append(Reminder(a.member_id, a.name, a.months, a.owed_fen, text, last.get(a.member_id, "")))
        return out

    def record_reminder(self, member_id: int, how: str, on: str | None = None, note: str = "") -> int:
        """Log that the member was reminded (the day, and how)."""
        if how not in dr.REMINDER_WAYS:
            raise ValidationError({"how": "提醒方式应为" + "、".join(dr.REMINDER_WAYS)})
        on = on or self.today()  # type: ignore[attr-defined]
        found = [r for r in self.reminders(on, member_id)]
        if not found:
            raise ValidationError({"member": "该党员目前没有连续3个月以上未交足的党费（或已登记正当理由），无需催缴"})
        r = found[0]
        note = text_value(note, "说明", max_len=200)
        with transaction(self.conn):  # type: ignore[attr-defined]
            cur = self.conn.execute(  # type: ignore[attr-defined]
                "INSERT INTO dues_reminder (member_id, given_on, how, months, owed_fen, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (member_id, on, how, json.dumps(list(r.months)), r.owed_fen, note,
                 stamp(self.conn)))  # type: ignore[attr-defined]
            self.log("dues_reminder", cur.lastrowid, "催缴提醒", None,  # type: ignore[attr-defined]
                     {"member_id": member_id, "name": r.name, "how": how, "on": on, "owed_fen": r.owed_fen})
        rid = int(cur.lastrowid or 0)
        from app import undo

        box = {"id": rid}

        def back() -> None:
            with transaction(self.conn):  # type: ignore[attr-defined]
                self.conn.execute("DELETE FROM dues_reminder WHERE id = ?", (box["id"],))  # type: ignore[attr-defined]
                self.log("dues_reminder", box["id"], "撤销催缴提醒", {"name": r.name, "how": how}, None)  # type: ignore[attr-defined]

        def forward() -> None:
            box["id"] = self.record_reminder(member_id, how, on, note)

        undo.register(self.conn, f"登记{r.name}的催缴提醒", back, forward)  # type: ignore[attr-defined]
        return rid

    def reminders_given(self, member_id: int) -> list[dict[str, Any]]:
        """The reminders given to a member, newest first."""
        rows = self.conn.execute(  # type: ignore[attr-defined]
            "SELECT * FROM dues_reminder WHERE member_id = ? ORDER BY given_on DESC, id DESC", (member_id,))
        return [{**dict(r), "months": json.loads(r["months"])} for r in rows]
