"""Putting a development record right: a step recorded wrongly is corrected (the old row kept
with the reason) or, when it is the latest, withdrawn; a case is ended (the applicant withdrew,
left the unit, did not qualify) with a reason and a date: ``services.development.corrections``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.common import dates
from app.common.context import Context
from app.common.errors import UserError, ValidationError
from app.common.inputs import text_value
from app.common.service import ServiceBase
from app.development import rules as R
from app.development.checks import hard_breaches
from app.development.model import CaseStatus
from db.connection import stamp

if TYPE_CHECKING:
    from app.development.service import DevelopmentService

#: Why a case ends before it reaches 正式党员.
END_KINDS = ("本人撤回申请", "调离本单位", "经考察不具备条件", "其他")
#: Steps whose dates went into the roster (入党/转正): their dates are corrected there.
ROSTER_STEPS = (17, 23, 24)


class StepCorrections(ServiceBase):
    """Corrections of the cases kept by ``cases`` (the development service)."""

    def __init__(self, ctx: Context, cases: DevelopmentService) -> None:
        super().__init__(ctx)
        self.cases = cases

    def correct(self, person_id: int, no: int, reason: str, on: str | None = None, *,
                     actor: str | None = None, document: str | None = None, doc_no: str | None = None,
                     notes: str | None = None, as_happened: bool = False) -> int:
        """Replace what was recorded for step ``no`` (its date and particulars); the old row is
        kept in the revisions with ``reason``.

        A correction after which the history breaks a confirmed rule (培养不满一年即确定为发展对象,
        no training, …) is refused with the rule, unless ``as_happened``: the history truly was
        so; it is then recorded, and ``dev check`` (and the committee) report the breach as an error."""
        reason = text_value(reason, "更正原因", max_len=200).strip()
        if not reason:
            raise ValidationError({"reason": "请填写更正原因"})
        with self.write():
            p = self.cases.person(person_id)
            step = p.done(no)
            if step is None:
                raise ValidationError({"step": f"第{no}步尚未办理，无需更正"})
            on = on or step.done_on
            if on != step.done_on:
                self._check_new_date(p, no, on)
            self._keep(p.id, no, "更正", step, reason, on)
            self.conn.execute("DELETE FROM dev_step WHERE id = ?", (step.id,))
            sid = self.cases.insert_step(
                p.id, no, on, step.actor if actor is None else actor.strip(),
                step.document if document is None else document.strip(),
                step.doc_no if doc_no is None else doc_no.strip(),
                step.notes if notes is None else notes.strip(), step.data, step.meeting_id)
            before = {f.rule for f in hard_breaches(self.cases, p)}
            broken = [f for f in hard_breaches(self.cases, self.cases.person(p.id)) if f.rule not in before]
            if broken and not as_happened:
                raise ValidationError({"date": "更正后违反规定：" + "；".join(f.message for f in broken)
                                       + "。如实际情况确是如此，请选择“按实际情况登记”，"
                                       "该问题将在检查和报送中列为违规"})
            self.log("dev_person", p.id, f"更正第{no}步", {"date": step.done_on},
                     {"date": on} | ({"breach": "；".join(f.message for f in broken)} if broken else {}), reason)
            return sid

    def _check_new_date(self, p: Any, no: int, on: str) -> None:
        if not dates.is_valid_iso(on) or len(on) != 10:
            raise ValidationError({"date": "请填写更正后的办理日期（年月日）"})
        if on > self.today():
            raise ValidationError({"date": "办理日期不能晚于今天"})
        if no in ROSTER_STEPS:
            raise UserError(f"第{no}步的日期已写入党员名册（入党或转正日期），请在“党员名册”中更正该党员的日期，"
                            "并在此更正其他内容")
        before = [(a, d.done_on) for a in R.STEP[no].after if (d := p.done(a)) and d.done_on > on]
        if before:
            a, d = before[0]
            raise ValidationError({"date": f"更正后的日期早于第{a}步“{R.STEP[a].name}”（{dates.fmt_cn(d)}）"})
        after = [(s.step_no, s.done_on) for s in p.steps if no in R.STEP[s.step_no].after and s.done_on < on]
        if after:
            a, d = after[0]
            raise ValidationError({"date": f"更正后的日期晚于其后的第{a}步“{R.STEP[a].name}”（{dates.fmt_cn(d)}）"})

    def withdraw(self, person_id: int, no: int, reason: str) -> None:
        """Take back the latest step recorded by mistake (kept in the revisions with ``reason``)."""
        reason = text_value(reason, "撤回原因", max_len=200).strip()
        if not reason:
            raise ValidationError({"reason": "请填写撤回原因"})
        with self.write():
            p = self.cases.person(person_id)
            step = p.done(no)
            if step is None:
                raise ValidationError({"step": f"第{no}步尚未办理"})
            latest = max(p.steps, key=lambda s: (s.done_on, s.created_at, s.id))
            if latest.id != step.id:
                raise UserError(f"只能撤回最后办理的一步（第{latest.step_no}步“{R.STEP[latest.step_no].name}”）；"
                                f"第{no}步如有错误请用“更正”")
            if no in ROSTER_STEPS:
                raise UserError(f"第{no}步已写入党员名册，不能撤回；如确属录入错误，请更正其内容，并在名册中处理")
            self._keep(p.id, no, "撤回", step, reason, None)
            self.conn.execute("DELETE FROM dev_step WHERE id = ?", (step.id,))
            if no in (5, 9):  # the contacts or introducers named with the step go with it
                role = "培养联系人" if no == 5 else "入党介绍人"
                self.conn.execute("DELETE FROM dev_contact WHERE person_id = ? AND role = ? AND from_date = ?",
                                  (p.id, role, step.done_on))
            self.log("dev_person", p.id, f"撤回第{no}步", {"step": R.STEP[no].name, "date": step.done_on},
                     None, reason)

    def end_case(self, person_id: int, kind: str, on: str, reason: str) -> None:
        """End a case that will not go on (status 已终止), with why and when."""
        if kind not in END_KINDS:
            raise ValidationError({"kind": "终止原因应为：" + "、".join(END_KINDS)})
        reason = text_value(reason, "说明", max_len=500).strip()
        if not reason:
            raise ValidationError({"reason": "请写明终止的具体情况"})
        if not dates.is_valid_iso(on) or len(on) != 10:
            raise ValidationError({"date": "请填写终止日期（年月日）"})
        with self.write():
            p = self.cases.person(person_id)
            if p.status != CaseStatus.IN_PROGRESS:
                raise UserError(f"{p.name}目前是“{p.status}”，不能终止" + (
                    "；预备党员不能转正的，请在第23步选择“取消预备党员资格”" if p.status == CaseStatus.PROBATIONARY
                    else ""))
            if on > self.today() or on < p.application_received:
                raise ValidationError({"date": "终止日期应在收到申请书之后、不晚于今天"})
            self.conn.execute("UPDATE dev_person SET status = ?, outcome = ?, ended_on = ?, end_reason = ? "
                              "WHERE id = ?", (CaseStatus.ENDED, kind, on, reason, p.id))
            self.log("dev_person", p.id, "终止发展程序", {"status": p.status},
                     {"status": CaseStatus.ENDED, "outcome": kind, "date": on}, reason)

    def revisions(self, person_id: int) -> list[dict[str, Any]]:
        """The corrections and withdrawals of a case, oldest first (the old rows as they were)."""
        rows = self.conn.execute("SELECT * FROM dev_step_revision WHERE person_id = ? ORDER BY id",
                                 (person_id,))
        return [{**dict(r), "old_step": json.loads(r["old_step"])} for r in rows]

    def _keep(self, person_id: int, no: int, action: str, step: Any, reason: str, new_on: str | None) -> None:
        old = {k: getattr(step, k) for k in ("step_no", "seq", "done_on", "actor", "document", "doc_no", "notes",
                                             "data", "meeting_id", "created_at")}
        self.conn.execute(
            "INSERT INTO dev_step_revision (person_id, step_no, action, old_step, new_done_on, reason, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, no, action, json.dumps(old, ensure_ascii=False), new_on, reason,
             stamp(self.conn)))
