"""Member development (发展党员): cases, the 25 steps in order, the DEV-* rules, the assessment
log (考察写实), and the move into the roster.

Refusals (ValidationError, the message cites the rule): 发展对象 less than a year after becoming
an activist (DEV-ACT-MIN); admission without training of 3 days / 24 学时 (DEV-TRAIN) or without
a 政审 conclusion (DEV-VET); a 联系人 or 介绍人 who is not a full member that day (DEV-INTRO); an
applicant under 18 (DEV-AGE); a second extension of probation, or one outside 6–12 months
(DEV-PROB); a 支部大会 vote that did not pass (DEV-VOTE). Everything else is a finding of
:meth:`DevelopmentService.check` (see ``checks.py``).

Dates: "one year after" uses calendar months and clamps to the month's end, so one year after
2024-02-29 is 2025-02-28 (app.common.dates.add_months).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app import undo
from app.common import dates, idcard
from app.common.errors import UserError, ValidationError
from app.common.service import ServiceBase
from app.development import rules as R
from app.development.checks import findings as _findings
from app.development.corrections import StepCorrections
from app.development.model import CaseStatus, ContactRole, Finding, MilestoneKind, Outcome
from app.roster import rules as roster_rules
from app.roster.model import Arrival, MemberClass, PersonnelCategory, StartKind
from app.roster.service import MemberService
from db.records.development import DevAssessment, DevPerson, DevStep
from db.repositories import development as repo
from db.repositories import roster as roster_repo

if TYPE_CHECKING:
    from app.common.context import Context
    from app.meetings.service import MeetingService

PERSON_FIELDS = repo.PERSON_FIELDS


class DevelopmentService(ServiceBase):
    """The development cases (发展党员): the 25 steps, 考察写实, milestones and their time limits.

    Attributes:
        corrections: putting a recorded step right, withdrawing it, ending a case.
    """

    def __init__(self, ctx: Context, roster: MemberService, meetings: MeetingService) -> None:
        super().__init__(ctx)
        self.roster = roster
        self.meetings = meetings
        self.corrections = StepCorrections(ctx, self)

    # -- settings -----------------------------------------------------------------------

    def limit(self, person: DevPerson, name: str) -> int | None:
        key = f"dev.{person.rule_version}.{name}"
        override = self.setting(key) if key in R.LIMIT_SETTINGS else None
        return R.limit(person.rule_version, name, None if override is None else str(override))

    def months(self, person: DevPerson, name: str) -> int:
        """A limit every rule version has (R.LIMITS' common table), as a number of months."""
        value = self.limit(person, name)
        if value is None:
            raise KeyError(f"rule version {person.rule_version} has no limit {name}")
        return value

    def set_limit(self, key: str, value: int) -> None:
        """Change a limit the rulebook marks unconfirmed [U] or local practice [P]."""
        if key not in R.LIMIT_SETTINGS:
            raise UserError(f"{key} 不是可修改的时限（只有未经核实或地方规定的时限可以修改）；可修改的："
                            + "、".join(R.LIMIT_SETTINGS))
        self.set_setting(key, value)

    # -- people -------------------------------------------------------------------------

    def create(self, data: dict[str, Any]) -> int:
        """A new case from an application (step 1 is recorded as done on the day received)."""
        fields: dict[str, Any] = {k: data.get(k) for k in PERSON_FIELDS}
        fields["name"] = roster_rules.clean_name(fields.get("name"))
        fields["rule_version"] = fields.get("rule_version") or R.RuleVersion.V2026
        fields["ethnicity"] = fields.get("ethnicity") or "汉族"
        fields["personnel_category"] = fields.get("personnel_category") or PersonnelCategory.IN_SERVICE
        fields["transferred_from"] = fields.get("transferred_from") or ""
        for key in ("native_place", "education", "work_unit_post", "phone", "transferred_from", "notes"):
            fields[key] = (fields.get(key) or "").strip()
        errors: dict[str, str] = {}
        if problem := roster_rules.name_problem(fields["name"]):
            errors["name"] = problem
        try:
            info = idcard.parse(fields.get("id_number"), self.today())
            fields["id_number"] = info.number
            fields["gender"] = fields.get("gender") or info.gender
            fields["birth_date"] = fields.get("birth_date") or info.birth_date
            if fields["gender"] != info.gender:
                errors["gender"] = f"性别与公民身份号码不符（号码显示为{info.gender}）"
        except idcard.IdNumberError as exc:
            errors["id_number"] = str(exc)
            info = None
        if fields["rule_version"] not in R.RULE_VERSIONS:
            errors["rule_version"] = "细则版本应为 2014 或 2026"
        for key, label in (("application_written", "入党申请书落款日期"), ("application_received", "收到申请书日期")):
            if not dates.is_valid_iso(fields.get(key)) or len(fields[key]) != 10:
                errors[key] = f"请填写{label}"
        if "application_written" not in errors and "application_received" not in errors:
            if fields["application_received"] < fields["application_written"]:
                errors["application_received"] = "收到日期不能早于申请书落款日期"
            if fields["application_received"] > self.today():
                errors["application_received"] = "收到日期不能晚于今天"
            if info and fields["application_written"] < dates.add_years(info.birth_date, 18):
                errors["application_written"] = (f"申请入党时未满18周岁（出生于{dates.fmt_cn(info.birth_date)}）"
                                                 "（DEV-AGE）")
        if fields.get("activist_since") and not dates.is_valid_iso(fields["activist_since"]):
            errors["activist_since"] = "确定为入党积极分子的日期格式不正确"
        if info and not errors.get("id_number"):
            if roster_repo.find_member_by_id_number(self.conn, info.number):
                errors["id_number"] = "此人已是党员名册中的党员"
            elif repo.id_number_taken(self.conn, info.number):
                errors["id_number"] = "此人已在发展党员名单中"
        if errors:
            raise ValidationError(errors)
        with self.write():
            pid = repo.insert_person(self.conn, fields)
            self.insert_step(pid, 1, fields["application_received"], actor=fields["name"], document="入党申请书")
            if fields.get("activist_since"):
                # An activist transferred in keeps the time already served (细则第12条).
                for no in (2, 3):
                    self.insert_step(pid, no, fields["activist_since"],
                                      notes=f"转入前已完成（{fields['transferred_from']}）")
            self.log("dev_person", pid, "新增", None, {"name": fields["name"]})
            return pid

    def person(self, person_id: int) -> DevPerson:
        found = repo.get_person(self.conn, person_id)
        if found is None:
            raise UserError("找不到该发展对象")
        return found

    def people(self, include_closed: bool = False) -> list[DevPerson]:
        """Open cases (in progress, probationary, or full members not yet archived), or all."""
        return repo.list_people(self.conn, include_closed=include_closed)

    def find(self, ref: str) -> int:
        ref = roster_rules.clean_name(ref)
        rows = repo.find(self.conn, ref)
        if not rows:
            raise UserError(f"发展党员名单中没有“{dates.shown(ref)}”")
        if len(rows) > 1:
            raise UserError(f"有{len(rows)}人叫“{ref}”，请改用公民身份号码")
        return rows[0]

    # -- steps --------------------------------------------------------------------------

    @staticmethod
    def done(p: DevPerson, no: int) -> DevStep | None:
        return p.done(no)

    @staticmethod
    def stage(p: DevPerson) -> int:
        """1..5: the stage of the furthest step done (5 after admission)."""
        top = max((s.step_no for s in p.steps), default=0)
        return R.STEP[top].stage if top else 1

    def next_steps(self, p: DevPerson) -> list[int]:
        if p.status == CaseStatus.ENDED:
            return []
        if p.status == CaseStatus.FULL:
            return [] if p.done(25) else [25]
        out = []
        for s in R.STEPS:
            if p.done(s.no) and s.no not in R.repeatable(p):
                continue
            if all(p.done(a) for a in s.after):
                out.append(s.no)
        return out

    @staticmethod
    def activist_date(p: DevPerson) -> str | None:
        return R.activist_date(p)

    def probation_end(self, p: DevPerson) -> str | None:
        s15 = p.done(15)
        if not s15:
            return None
        months = self.limit(p, "probation_months") or 12
        extension = sum(int(s.data.get("extension_months", 0)) for s in p.steps
                        if s.step_no == 23 and s.data.get("outcome") == Outcome.EXTENDED)
        return dates.add_months(s15.done_on, months + extension)

    def window(self, p: DevPerson, no: int) -> tuple[str | None, str | None]:
        """(earliest, latest) dates the rules give for step ``no`` (None where they say nothing)."""
        earliest = max((d.done_on for a in R.STEP[no].after if (d := p.done(a))), default=None)
        latest = None
        activist = self.activist_date(p)
        if no == 2:
            latest = dates.add_months(p.application_received, self.months(p, "talk_months"))
        elif no in (6, 7) and activist:
            earliest = max(earliest or "", dates.add_months(activist, self.months(p, "activist_min_months")))
        elif no == 17 and (s15 := p.done(15)):
            latest = dates.add_months(s15.done_on, self.months(p, "approve_warn_months"))
        elif no == 20 and (s17 := p.done(17)) and (oath := self.limit(p, "oath_months")):
            latest = dates.add_months(s17.done_on, oath)
        elif no == 23 and (end := self.probation_end(p)):
            earliest = max(earliest or "", end)
        elif no == 24 and (s23 := p.done(23)):
            latest = dates.add_months(s23.done_on, self.months(p, "full_approve_months"))
        return earliest, latest

    def advance(self, person_id: int, no: int, on: str, *, actor: str = "", document: str = "", doc_no: str = "",
                notes: str = "", contacts: list[int] | None = None, introducers: list[int] | None = None,
                hours: int | None = None, days: int | None = None, conclusion: str = "", qualified: bool = True,
                outcome: str = "", extension_months: int | None = None, meeting_id: int | None = None,
                documents: list[str] | None = None) -> int:
        """Complete step ``no`` on the date ``on``; refused with the rule cited when it breaks one."""
        with self.write():
            p = self.person(person_id)
            self._check_advance(p, no, on, contacts, introducers, hours, days, conclusion, outcome,
                                extension_months, meeting_id)
            data: dict[str, Any] = {}
            if no == 10:
                data = {"conclusion": conclusion.strip(), "qualified": qualified}
            elif no == 11:
                data = {"hours": hours, "days": days}
            elif no == 23:
                data = {"outcome": outcome, "extension_months": extension_months or 0}
            elif no == 25:
                data = {"documents": list(documents or [])}
            sid = self.insert_step(person_id, no, on, actor, document, doc_no, notes, data, meeting_id)
            for role, ids in ((ContactRole.CONTACT, contacts if no == 5 else None),
                              (ContactRole.INTRODUCER, introducers if no == 9 else None)):
                for mid in dict.fromkeys(ids or ()):
                    repo.insert_contact(self.conn, person_id, mid, role, on)
            self._into_roster(p, no, on, outcome)
            self.log("dev_person", person_id, f"办理第{no}步", None, {"step": R.STEP[no].name, "date": on})

        kwargs: dict[str, Any] = {
            "actor": actor, "document": document, "doc_no": doc_no, "notes": notes, "contacts": contacts,
            "introducers": introducers, "hours": hours, "days": days, "conclusion": conclusion,
            "qualified": qualified, "outcome": outcome, "extension_months": extension_months,
            "meeting_id": meeting_id, "documents": documents}
        undo.register(self.ctx, f"{p.name}第{no}步“{R.STEP[no].name}”",
                      lambda: self.corrections.withdraw(person_id, no, "撤销刚才的办理"),
                      lambda: self.advance(person_id, no, on, **kwargs))
        return sid

    def insert_step(self, pid: int, no: int, on: str, actor: str = "", document: str = "", doc_no: str = "",
                     notes: str = "", data: dict[str, Any] | None = None, meeting_id: int | None = None) -> int:
        return repo.insert_step(self.conn, pid, no, {
            "done_on": on, "actor": actor.strip(), "document": document.strip(), "doc_no": doc_no.strip(),
            "notes": notes.strip(), "data": data or {}, "meeting_id": meeting_id})

    def _check_advance(self, p: DevPerson, no: int, on: str, contacts: list[int] | None,
                       introducers: list[int] | None, hours: int | None, days: int | None, conclusion: str,
                       outcome: str, extension_months: int | None, meeting_id: int | None) -> None:
        """Refuse a step the case's state or the rulebook does not allow (R.validate_step decides)."""
        if no in R.STEP and (p.status == CaseStatus.ENDED or (p.status == CaseStatus.FULL and no != 25)):
            raise UserError(f"{p.name}的发展程序已结束（{p.status}）")
        req = R.StepRequest(no, on, tuple(contacts or ()), tuple(introducers or ()), hours, days, conclusion,
                            outcome, extension_months)
        named = (req.contacts if no == 5 else ()) + (req.introducers if no == 9 else ())
        facts = R.StepFacts(today=self.today(), limits={name: self.limit(p, name) for name in R.CHECKED_LIMITS},
                            not_full=self._not_full_members(named, on),
                            meeting=self._general_meeting(meeting_id) if no in (15, 23) and meeting_id else None)
        errors = R.validate_step(p, req, facts)
        if errors:
            raise ValidationError(errors)

    def _not_full_members(self, ids: tuple[int, ...], on: str) -> dict[int, str]:
        out = {}
        for mid in ids:
            m = roster_repo.get_member(self.conn, mid)
            if m is None:
                out[mid] = str(mid)
            elif not (roster_rules.is_member_on(m, on) and roster_rules.class_on(m, on) == MemberClass.FULL):
                out[mid] = m.name
        return out

    def _general_meeting(self, meeting_id: int) -> R.GeneralMeeting:
        m = self.meetings.get(meeting_id)
        tally = self.meetings.tally(m)
        return R.GeneralMeeting(m.kind, m.date, tuple((v.subject, bool(v.passes), v.text) for v in tally.votes))

    def _into_roster(self, p: DevPerson, no: int, on: str, outcome: str) -> None:
        members = self.roster
        if no == 17:
            s15 = p.done(15)
            if s15 is None:  # pragma: no cover - step 17 is never allowed before step 15 (rules.validate_step)
                raise ValidationError({"step": "尚未接收为预备党员"})
            join = s15.done_on
            mid = members.create(
                {
                    k: getattr(p, k)
                    for k in (
                        "name",
                        "gender",
                        "ethnicity",
                        "birth_date",
                        "id_number",
                        "native_place",
                        "education",
                        "work_unit_post",
                        "personnel_category",
                        "phone",
                    )
                }
                | {
                    "join_date": join,
                    "member_class": MemberClass.PROBATIONARY,
                    "full_date": None,
                    "notes": f"发展党员：{dates.fmt_cn(on)}上级党委批准为预备党员",
                },
                p.group_id,
                Arrival(kind=StartKind.DEVELOPED, date=join),
            )
            repo.set_status(self.conn, p.id, CaseStatus.PROBATIONARY, member_id=mid)
        elif no == 23 and outcome == Outcome.CANCELLED:
            if p.member_id:
                members.leave(p.member_id, "其他", on, reason="支部大会决定取消预备党员资格")
            repo.set_status(self.conn, p.id, CaseStatus.ENDED, outcome=Outcome.CANCELLED)
        elif no == 24 and p.member_id:
            # Party standing counts from the end of probation (党章第7条), not from the approval.
            end = self.probation_end(p)
            members.update(
                p.member_id,
                {"member_class": MemberClass.FULL, "full_date": end},
                reason=f"{dates.fmt_cn(on)}上级党委批准转正，预备期满日{dates.fmt_cn(end)}",
            )
            repo.set_status(self.conn, p.id, CaseStatus.FULL, outcome=Outcome.ON_TIME)

    # -- assessment log and milestones ---------------------------------------------------

    def assessment(self, assessment_id: int) -> DevAssessment:
        found = repo.assessment(self.conn, assessment_id)
        if found is None:
            raise UserError("找不到该考察写实")
        return found

    def save_assessment(self, person_id: int, fields: dict[str, Any], assessment_id: int | None = None) -> int:
        for key in ("period_start", "period_end"):
            if not dates.is_valid_iso(fields.get(key)):
                raise ValidationError({key: "请填写考察期间"})
        if fields["period_end"] < fields["period_start"]:
            raise ValidationError({"period_end": "考察期间的结束早于开始"})
        record = {k: fields.get(k) or ("" if not k.endswith("date") else None) for k in repo.ASSESSMENT_FIELDS}
        with self.write():
            self.person(person_id)
            if assessment_id is None:
                aid = repo.insert_assessment(self.conn, person_id, record)
                self.log("dev_assessment", aid, "新增考察写实", None, record)
                return aid
            before = self.assessment(assessment_id)
            if before.signed:
                raise UserError("考察写实已由书记签字，不能修改，请追加补充说明")
            repo.update_assessment(self.conn, assessment_id, record)
            self.log("dev_assessment", assessment_id, "修改考察写实", None, record)
            return assessment_id

    def sign_assessment(self, assessment_id: int, by: str, on: str | None = None) -> None:
        by = self.signer(by, "by", "签字人", min(on or self.today(), self.today()))
        with self.write():
            row = self.assessment(assessment_id)
            if row.signed:
                raise UserError("该考察写实已签字")
            if not row.branch_opinion.strip():
                raise ValidationError({"branch_opinion": "请先填写党支部考察意见"})
            on = on or self.today()
            repo.sign_assessment(self.conn, assessment_id, by.strip(), on)
            self.log("dev_assessment", assessment_id, "书记签字", None, {"by": by.strip(), "on": on})

    def amend_assessment(self, assessment_id: int, by: str, text: str) -> None:
        if not text.strip():
            raise ValidationError({"text": "请填写补充说明"})
        by = self.signer(by, "by", "填写人")
        with self.write():
            self.assessment(assessment_id)
            repo.insert_amendment(self.conn, assessment_id, by.strip(), text.strip())
            self.log("dev_assessment", assessment_id, "追加补充说明", None, {"by": by.strip(), "text": text.strip()})

    def add_milestone(
        self, person_id: int, kind: str, on: str, end_date: str | None = None, participants: str = "", detail: str = ""
    ) -> int:
        if kind not in tuple(MilestoneKind):
            raise ValidationError({"kind": "类型应为：" + "、".join(MilestoneKind)})
        if not dates.is_valid_iso(on) or (end_date and (not dates.is_valid_iso(end_date) or end_date < on)):
            raise ValidationError({"date": "日期不正确"})
        with self.write():
            self.person(person_id)
            mid = repo.insert_milestone(
                self.conn,
                person_id,
                {
                    "kind": kind,
                    "date": on,
                    "end_date": end_date,
                    "participants": participants.strip(),
                    "detail": detail.strip(),
                },
            )
            self.log("dev_milestone", mid, "登记", None, {"kind": kind, "date": on})
            return mid

    # -- checks -------------------------------------------------------------------------

    def check(self, as_of: str | None = None, people: list[DevPerson] | None = None) -> list[Finding]:
        """Findings for every open case (or for ``people`` already loaded by the caller)."""
        as_of = as_of or self.today()
        out: list[Finding] = []
        for p in self.people() if people is None else people:
            out.extend(self.findings(p, as_of))
        return out

    def findings(self, p: DevPerson, as_of: str | None = None) -> list[Finding]:
        return _findings(self, p, as_of or self.today())
