"""Member development (发展党员): cases, the 25 steps in order, the DEV-* rules, the assessment
log (考察写实), and the move into the roster.

Refusals (ValidationError, the message cites the rule): 发展对象 less than a year after becoming
an activist (DEV-ACT-MIN); admission without training of 3 days / 24 学时 (DEV-TRAIN) or without
a 政审 conclusion (DEV-VET); a 联系人 or 介绍人 who is not a full member that day (DEV-INTRO); an
applicant under 18 (DEV-AGE); a second extension of probation, or one outside 6–12 months
(DEV-PROB); a 支部大会 vote that did not pass (DEV-VOTE). Everything else is a finding of
:meth:`DevelopmentService.check`.

Dates: "one year after" uses calendar months and clamps to the month's end, so one year after
2024-02-29 is 2025-02-28 (app.dates.add_months).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from app import dates, dev_rules as R, idcard, rules
from app.errors import UserError, ValidationError
from app.services.members import Arrival, MemberService
from db import repo
from db.connection import database, transaction

PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "education",
                 "work_unit_post", "personnel_category", "phone", "group_id", "application_written",
                 "application_received", "rule_version", "activist_since", "transferred_from",
                 "expected_leave_on", "notes")


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


def _refuse(rule: str, field: str, message: str) -> ValidationError:
    return ValidationError({field: f"{message}（{rule}）"})


class DevelopmentService:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- settings -----------------------------------------------------------------------

    def limit(self, person: dict[str, Any], name: str) -> int | None:
        version = person["rule_version"]
        override = repo.get_setting(self.conn, f"dev.{version}.{name}")
        return R.limit(version, name, override)

    def set_limit(self, key: str, value: int) -> None:
        """Change a limit the rulebook marks unconfirmed [U] or local practice [P]."""
        _, version, name = key.split(".", 2)
        found = R.LIMITS.get(version, {}).get(name)
        if found is None or found.tag not in ("P", "U"):
            raise UserError(f"{key} 不是可修改的时限（只有未经核实或地方规定的时限可以修改）")
        with transaction(self.conn):
            before = repo.get_setting(self.conn, key, str(found.value))
            repo.set_setting(self.conn, key, str(value))
            repo.log_change(self.conn, "settings", None, "修改", {key: before}, {key: value})

    # -- people -------------------------------------------------------------------------

    def create(self, data: dict[str, Any]) -> int:
        """A new case from an application (step 1 is recorded as done on the day received)."""
        fields = {k: data.get(k) for k in PERSON_FIELDS}
        fields["name"] = rules.clean_name(fields.get("name"))
        fields["rule_version"] = fields.get("rule_version") or "2026"
        fields["ethnicity"] = fields.get("ethnicity") or "汉族"
        fields["personnel_category"] = fields.get("personnel_category") or "在职"
        for key in ("native_place", "education", "work_unit_post", "phone", "transferred_from", "notes"):
            fields[key] = (fields.get(key) or "").strip()
        errors: dict[str, str] = {}
        if not fields["name"]:
            errors["name"] = "姓名不能为空"
        try:
            info = idcard.parse(fields.get("id_number"))
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
            if fields["application_received"] > dates.today():
                errors["application_received"] = "收到日期不能晚于今天"
            if info and fields["application_written"] < dates.add_years(info.birth_date, 18):
                errors["application_written"] = f"申请入党时未满18周岁（出生于{dates.fmt_cn(info.birth_date)}）（DEV-AGE）"
        if fields.get("activist_since") and not dates.is_valid_iso(fields["activist_since"]):
            errors["activist_since"] = "确定为入党积极分子的日期格式不正确"
        if info and not errors.get("id_number"):
            if repo.find_member_by_id_number(self.conn, info.number):
                errors["id_number"] = "此人已是党员名册中的党员"
            elif self.conn.execute("SELECT 1 FROM dev_person WHERE id_number = :n", {"n": info.number}).fetchone():
                errors["id_number"] = "此人已在发展党员名单中"
        if errors:
            raise ValidationError(errors)
        with transaction(self.conn):
            table = database(self.conn)["dev_person"]
            table.insert({**fields, "status": "进行中", "created_at": repo.now()})
            pid = int(table.last_pk)
            self._insert_step(pid, 1, fields["application_received"], actor=fields["name"], document="入党申请书")
            if fields.get("activist_since"):
                # An activist transferred in keeps the time already served (细则第12条).
                for no in (2, 3):
                    self._insert_step(pid, no, fields["activist_since"], notes=f"转入前已完成（{fields['transferred_from']}）")
            repo.log_change(self.conn, "dev_person", pid, "新增", None, {"name": fields["name"]})
            return pid

    def person(self, person_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM dev_person WHERE id = :id", {"id": person_id}).fetchone()
        if row is None:
            raise UserError("找不到该发展对象")
        p = dict(row)
        p["steps"] = [dict(r) | {"data": json.loads(r["data"])} for r in self.conn.execute(
            "SELECT * FROM dev_step WHERE person_id = :p ORDER BY step_no, seq", {"p": person_id})]
        p["contacts"] = [dict(r) for r in self.conn.execute(
            "SELECT c.*, m.name FROM dev_contact c JOIN member m ON m.id = c.member_id WHERE person_id = :p "
            "ORDER BY c.role, c.id", {"p": person_id})]
        p["assessments"] = [dict(r) for r in self.conn.execute(
            "SELECT * FROM dev_assessment WHERE person_id = :p ORDER BY period_start", {"p": person_id})]
        for a in p["assessments"]:
            a["amendments"] = [dict(r) for r in self.conn.execute(
                "SELECT * FROM dev_assessment_amendment WHERE assessment_id = :a ORDER BY id", {"a": a["id"]})]
        p["milestones"] = [dict(r) for r in self.conn.execute(
            "SELECT * FROM dev_milestone WHERE person_id = :p ORDER BY date, id", {"p": person_id})]
        return p

    def people(self, include_closed: bool = False) -> list[dict[str, Any]]:
        # Open cases: still in progress, probationary, or full members whose files are not archived.
        sql = "SELECT id FROM dev_person" + ("" if include_closed else (
            " WHERE status IN ('进行中', '预备党员') OR (status = '正式党员' AND NOT EXISTS "
            "(SELECT 1 FROM dev_step s WHERE s.person_id = dev_person.id AND s.step_no = 25))"))
        out = []
        for (pid,) in self.conn.execute(sql + " ORDER BY application_received, id").fetchall():
            p = self.person(pid)
            p["stage"] = self.stage(p)
            p["next"] = self.next_steps(p)
            out.append(p)
        return out

    def find(self, ref: str) -> int:
        rows = self.conn.execute("SELECT id FROM dev_person WHERE name = :r OR id_number = :u",
                                 {"r": ref.strip(), "u": ref.strip().upper()}).fetchall()
        if not rows:
            raise UserError(f"发展党员名单中没有“{ref}”")
        if len(rows) > 1:
            raise UserError(f"有{len(rows)}人叫“{ref}”，请改用公民身份号码")
        return rows[0][0]

    # -- steps --------------------------------------------------------------------------

    @staticmethod
    def done(p: dict[str, Any], no: int) -> dict[str, Any] | None:
        hits = [s for s in p["steps"] if s["step_no"] == no]
        return hits[-1] if hits else None

    def stage(self, p: dict[str, Any]) -> int:
        """1..5: the stage of the furthest step done (5 after admission)."""
        top = max((s["step_no"] for s in p["steps"]), default=0)
        return R.STEP[top].stage if top else 1

    def next_steps(self, p: dict[str, Any]) -> list[int]:
        if p["status"] == "已终止":
            return []
        if p["status"] == "正式党员":
            return [] if self.done(p, 25) else [25]
        out = []
        for s in R.STEPS:
            if self.done(p, s.no) and s.no not in self._repeatable(p):
                continue
            if all(self.done(p, a) for a in s.after):
                out.append(s.no)
        return out

    def _repeatable(self, p: dict[str, Any]) -> set[int]:
        last23 = self.done(p, 23)
        if last23 and last23["data"].get("outcome") == "延长预备期" and not self._after(p, 23, last23):
            return {23}
        return set()

    @staticmethod
    def _after(p: dict[str, Any], no: int, row: dict[str, Any]) -> bool:
        return any(s["step_no"] == no and s["seq"] > row["seq"] for s in p["steps"])

    def activist_date(self, p: dict[str, Any]) -> str | None:
        if p.get("activist_since"):
            return p["activist_since"]
        s3 = self.done(p, 3)
        return s3["done_on"] if s3 else None

    def probation_end(self, p: dict[str, Any]) -> str | None:
        s15 = self.done(p, 15)
        if not s15:
            return None
        months = self.limit(p, "probation_months") or 12
        extension = sum(int(s["data"].get("extension_months", 0)) for s in p["steps"]
                        if s["step_no"] == 23 and s["data"].get("outcome") == "延长预备期")
        return dates.add_months(s15["done_on"], months + extension)

    def window(self, p: dict[str, Any], no: int) -> tuple[str | None, str | None]:
        """(earliest, latest) dates the rules give for step ``no`` (None where they say nothing)."""
        earliest = max((self.done(p, a)["done_on"] for a in R.STEP[no].after if self.done(p, a)), default=None)
        latest = None
        if no == 2:
            latest = dates.add_months(p["application_received"], self.limit(p, "talk_months"))
        elif no in (6, 7) and self.activist_date(p):
            earliest = max(earliest or "", dates.add_months(self.activist_date(p), self.limit(p, "activist_min_months")))
        elif no == 17 and self.done(p, 15):
            latest = dates.add_months(self.done(p, 15)["done_on"], self.limit(p, "approve_warn_months"))
        elif no == 20 and self.done(p, 17) and self.limit(p, "oath_months"):
            latest = dates.add_months(self.done(p, 17)["done_on"], self.limit(p, "oath_months"))
        elif no == 23 and self.probation_end(p):
            earliest = max(earliest or "", self.probation_end(p))
        elif no == 24 and self.done(p, 23):
            latest = dates.add_months(self.done(p, 23)["done_on"], self.limit(p, "full_approve_months"))
        return earliest, latest

    def advance(self, person_id: int, no: int, on: str, *, actor: str = "", document: str = "", doc_no: str = "",
                notes: str = "", contacts: list[int] | None = None, introducers: list[int] | None = None,
                hours: int | None = None, days: int | None = None, conclusion: str = "", qualified: bool = True,
                outcome: str = "", extension_months: int | None = None, meeting_id: int | None = None,
                documents: list[str] | None = None) -> int:
        """Complete step ``no`` on the date ``on``; refused with the rule cited when it breaks one."""
        with transaction(self.conn):
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
            sid = self._insert_step(person_id, no, on, actor, document, doc_no, notes, data, meeting_id)
            for role, ids in (("培养联系人", contacts if no == 5 else None), ("入党介绍人", introducers if no == 9 else None)):
                for mid in ids or ():
                    database(self.conn)["dev_contact"].insert(
                        {"person_id": person_id, "member_id": mid, "role": role, "from_date": on})
            self._into_roster(p, no, on, outcome)
            repo.log_change(self.conn, "dev_person", person_id, f"办理第{no}步", None,
                            {"step": R.STEP[no].name, "date": on})
            return sid

    def _insert_step(self, pid: int, no: int, on: str, actor: str = "", document: str = "", doc_no: str = "",
                     notes: str = "", data: dict[str, Any] | None = None, meeting_id: int | None = None) -> int:
        seq = 1 + (self.conn.execute("SELECT max(seq) FROM dev_step WHERE person_id = :p AND step_no = :n",
                                     {"p": pid, "n": no}).fetchone()[0] or 0)
        table = database(self.conn)["dev_step"]
        table.insert({"person_id": pid, "step_no": no, "seq": seq, "done_on": on, "actor": actor.strip(),
                      "document": document.strip(), "doc_no": doc_no.strip(), "notes": notes.strip(),
                      "data": json.dumps(data or {}, ensure_ascii=False), "meeting_id": meeting_id,
                      "created_at": repo.now()})
        return int(table.last_pk)

    def _full_member_on(self, member_id: int, on: str) -> tuple[bool, str]:
        m = repo.get_member(self.conn, member_id)
        if m is None:
            return False, str(member_id)
        return rules.is_member_on(m, on) and rules.class_on(m, on) == "正式", m.name

    def _check_advance(self, p: dict[str, Any], no: int, on: str, contacts, introducers, hours, days,  # noqa: ANN001
                       conclusion: str, outcome: str, extension_months, meeting_id) -> None:
        if no not in R.STEP:
            raise ValidationError({"step": "步骤编号应为1到25"})
        step = R.STEP[no]
        if p["status"] == "已终止" or (p["status"] == "正式党员" and no != 25):
            raise UserError(f"{p['name']}的发展程序已结束（{p['status']}）")
        if not dates.is_valid_iso(on) or len(on) != 10:
            raise ValidationError({"date": "请填写办理日期（年月日）"})
        if on > dates.today():
            raise ValidationError({"date": "办理日期不能晚于今天"})
        if self.done(p, no) and no not in self._repeatable(p):
            raise ValidationError({"step": f"第{no}步“{step.name}”已于{dates.fmt_cn(self.done(p, no)['done_on'])}办理"})
        missing = [a for a in step.after if not self.done(p, a)]
        if missing:
            names = "、".join(f"第{a}步“{R.STEP[a].name}”" for a in missing)
            raise ValidationError({"step": f"须先办理{names}，才能办理第{no}步“{step.name}”"})
        if no in (6, 7):
            # The rule's own message first: it says more than "earlier than the previous step".
            start = self.activist_date(p)
            need = self.limit(p, "activist_min_months")
            if start and on < dates.add_months(start, need):
                what = "完成培养教育考察" if no == 6 else "确定为发展对象"
                raise _refuse("DEV-ACT-MIN", "date",
                              f"{dates.fmt_cn(start)}确定为入党积极分子，须经过{need // 12}年以上培养教育考察，"
                              f"{dates.fmt_cn(dates.add_months(start, need))}起方可{what}")
        for a in step.after:
            prior = self.done(p, a)["done_on"]
            if on < prior:
                raise ValidationError({"date": f"办理日期不能早于第{a}步“{R.STEP[a].name}”的日期（{dates.fmt_cn(prior)}）"})
        if no == 5:
            ids = list(dict.fromkeys(contacts or []))
            if not 1 <= len(ids) <= 2:
                raise _refuse("DEV-INTRO", "contacts", "培养联系人应为1至2名正式党员")
            self._check_full_members(ids, on, "培养联系人")
        if no == 9:
            ids = list(dict.fromkeys(introducers or []))
            if len(ids) != 2:
                raise _refuse("DEV-INTRO", "introducers", "入党介绍人须为2名正式党员")
            self._check_full_members(ids, on, "入党介绍人")
        if no == 10 and not conclusion.strip():
            raise _refuse("DEV-VET", "conclusion", "政治审查须形成结论性材料，请填写政审结论")
        if no == 11:
            need_h, need_d = self.limit(p, "training_hours"), self.limit(p, "training_days")
            if not ((hours or 0) >= need_h or (days or 0) >= need_d):
                raise _refuse("DEV-TRAIN", "training", f"集中培训须不少于{need_d}天或{need_h}学时，"
                              f"现为{days or 0}天、{hours or 0}学时")
        if no in (12, 13, 14, 15, 17):
            s10 = self.done(p, 10)
            if not s10 or not s10["data"].get("conclusion") or not s10["data"].get("qualified", True):
                raise _refuse("DEV-VET", "step", "没有政治审查结论或政审不合格，不能发展入党")
            s11 = self.done(p, 11)
            if not s11:
                raise _refuse("DEV-TRAIN", "step", "未经集中培训，不能发展入党")
        if no in (15, 23) and meeting_id is not None:
            self._check_vote(p, no, on, meeting_id)
        if no == 23:
            if outcome not in R.OUTCOMES_23:
                raise ValidationError({"outcome": "讨论结果应为：" + "、".join(R.OUTCOMES_23)})
            if outcome == "延长预备期":
                lo, hi = self.limit(p, "extension_min"), self.limit(p, "extension_max")
                if any(s["step_no"] == 23 and s["data"].get("outcome") == "延长预备期" for s in p["steps"]):
                    raise _refuse("DEV-PROB", "outcome", "预备期只能延长一次")
                if extension_months is None or not lo <= extension_months <= hi:
                    raise _refuse("DEV-PROB", "extension_months", f"延长预备期应为{lo}至{hi}个月")
        if no == 24:
            last = self.done(p, 23)
            if not last or last["data"].get("outcome") != "按期转正":
                raise ValidationError({"step": "支部大会尚未作出转正决议（延长预备期的，期满后须再次讨论）"})

    def _check_full_members(self, ids: list[int], on: str, role: str) -> None:
        for mid in ids:
            ok, name = self._full_member_on(mid, on)
            if not ok:
                raise _refuse("DEV-INTRO", "members", f"{name}在{dates.fmt_cn(on)}不是本支部正式党员，不能担任{role}")

    def _check_vote(self, p: dict[str, Any], no: int, on: str, meeting_id: int) -> None:
        from app.services.meetings import MeetingService

        service = MeetingService(self.conn)
        m = service.get(meeting_id)
        if m.kind != "支部党员大会" or m.date != on:
            raise _refuse("DEV-VOTE", "meeting", f"关联的会议应是{dates.fmt_cn(on)}召开的支部党员大会")
        tally = service.tally(m)
        votes = [r for r in tally.votes if p["name"] in r.subject]
        if len(votes) != 1:
            raise _refuse("DEV-VOTE", "meeting", f"该次大会应对{p['name']}单独表决一次（表决事项中写明姓名）")
        if not votes[0].passes:
            raise _refuse("DEV-VOTE", "meeting", f"表决未通过：{votes[0].text}")

    def _into_roster(self, p: dict[str, Any], no: int, on: str, outcome: str) -> None:
        members = MemberService(self.conn)
        if no == 17:
            join = self.done(p, 15)["done_on"]
            mid = members.create({k: p[k] for k in ("name", "gender", "ethnicity", "birth_date", "id_number",
                                                    "native_place", "education", "work_unit_post",
                                                    "personnel_category", "phone")}
                                  | {"join_date": join, "member_class": "预备", "full_date": None,
                                     "notes": f"发展党员：{dates.fmt_cn(on)}上级党委批准为预备党员"},
                                  p["group_id"], Arrival(kind="本支部发展", date=join))
            self.conn.execute("UPDATE dev_person SET status = '预备党员', member_id = :m WHERE id = :p",
                              {"m": mid, "p": p["id"]})
        elif no == 23 and outcome == "取消预备党员资格":
            if p["member_id"]:
                members.leave(p["member_id"], "其他", on, reason="支部大会决定取消预备党员资格")
            self.conn.execute("UPDATE dev_person SET status = '已终止', outcome = '取消预备党员资格' WHERE id = :p",
                              {"p": p["id"]})
        elif no == 24 and p["member_id"]:
            # Party standing counts from the end of probation (党章第7条), not from the approval.
            end = self.probation_end(p)
            members.update(p["member_id"], {"member_class": "正式", "full_date": end},
                           reason=f"{dates.fmt_cn(on)}上级党委批准转正，预备期满日{dates.fmt_cn(end)}")
            self.conn.execute("UPDATE dev_person SET status = '正式党员', outcome = '按期转正' WHERE id = :p",
                              {"p": p["id"]})

    def terminate(self, person_id: int, reason: str) -> None:
        if not reason.strip():
            raise ValidationError({"reason": "请写明原因"})
        with transaction(self.conn):
            self.conn.execute("UPDATE dev_person SET status = '已终止', outcome = :r WHERE id = :p",
                              {"r": reason.strip(), "p": person_id})
            repo.log_change(self.conn, "dev_person", person_id, "终止", None, {"reason": reason})

    # -- assessment log and milestones ---------------------------------------------------

    def save_assessment(self, person_id: int, fields: dict[str, Any], assessment_id: int | None = None) -> int:
        for key in ("period_start", "period_end"):
            if not dates.is_valid_iso(fields.get(key)):
                raise ValidationError({key: "请填写考察期间"})
        if fields["period_end"] < fields["period_start"]:
            raise ValidationError({"period_end": "考察期间的结束早于开始"})
        allowed = ("period_start", "period_end", "self_summary", "contact_opinion", "contact_author", "contact_date",
                   "group_opinion", "group_author", "group_date", "branch_opinion", "branch_author", "branch_date")
        record = {k: fields.get(k) or ("" if not k.endswith("date") else None) for k in allowed}
        with transaction(self.conn):
            table = database(self.conn)["dev_assessment"]
            if assessment_id is None:
                table.insert({**record, "person_id": person_id, "created_at": repo.now()})
                return int(table.last_pk)
            row = self.conn.execute("SELECT signed_on FROM dev_assessment WHERE id = :id", {"id": assessment_id}).fetchone()
            if row and row[0]:
                raise UserError("考察写实已由书记签字，不能修改，请追加补充说明")
            table.update(assessment_id, record)
            return assessment_id

    def sign_assessment(self, assessment_id: int, by: str, on: str | None = None) -> None:
        if not by.strip():
            raise ValidationError({"by": "请填写签字人"})
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM dev_assessment WHERE id = :id", {"id": assessment_id}).fetchone()
            if row is None:
                raise UserError("找不到该考察写实")
            if row["signed_on"]:
                raise UserError("该考察写实已签字")
            if not row["branch_opinion"].strip():
                raise ValidationError({"branch_opinion": "请先填写党支部考察意见"})
            self.conn.execute("UPDATE dev_assessment SET signed_by = :b, signed_on = :d WHERE id = :id",
                              {"b": by.strip(), "d": on or dates.today(), "id": assessment_id})

    def amend_assessment(self, assessment_id: int, by: str, text: str) -> None:
        if not text.strip() or not by.strip():
            raise ValidationError({"text": "请填写补充说明和填写人"})
        with transaction(self.conn):
            database(self.conn)["dev_assessment_amendment"].insert(
                {"assessment_id": assessment_id, "at": repo.now(), "by": by.strip(), "text": text.strip()})

    def add_milestone(self, person_id: int, kind: str, on: str, end_date: str | None = None,
                      participants: str = "", detail: str = "") -> int:
        if kind not in R.MILESTONE_KINDS:
            raise ValidationError({"kind": "类型应为：" + "、".join(R.MILESTONE_KINDS)})
        if not dates.is_valid_iso(on) or (end_date and (not dates.is_valid_iso(end_date) or end_date < on)):
            raise ValidationError({"date": "日期不正确"})
        with transaction(self.conn):
            table = database(self.conn)["dev_milestone"]
            table.insert({"person_id": person_id, "kind": kind, "date": on, "end_date": end_date,
                          "participants": participants.strip(), "detail": detail.strip(), "created_at": repo.now()})
            return int(table.last_pk)

    # -- checks -------------------------------------------------------------------------

    def check(self, as_of: str | None = None, people: list[dict[str, Any]] | None = None) -> list[Finding]:
        """Findings for every open case (or for ``people`` already loaded by the caller)."""
        as_of = as_of or dates.today()
        out: list[Finding] = []
        for p in self.people() if people is None else people:
            out.extend(self.findings(p, as_of))
        return out

    def findings(self, p: dict[str, Any], as_of: str | None = None) -> list[Finding]:
        as_of = as_of or dates.today()
        out: list[Finding] = []

        def add(rule: str, severity: str, message: str) -> None:
            out.append(Finding(rule, p["id"], p["name"], severity, message))

        s2 = self.done(p, 2)
        talk_by = dates.add_months(p["application_received"], self.limit(p, "talk_months"))
        if s2 and s2["done_on"] > talk_by and not p.get("activist_since"):
            add("DEV-TALK", "warning", f"收到申请书后超过1个月才谈话（{dates.fmt_cn(s2['done_on'])}，应在{dates.fmt_cn(talk_by)}前）")
        elif not s2 and as_of > talk_by:
            add("DEV-TALK", "warning", f"收到入党申请书已超过1个月，尚未派人谈话（应在{dates.fmt_cn(talk_by)}前）")
        self._eval_gaps(p, as_of, add)
        s15, s17 = self.done(p, 15), self.done(p, 17)
        if s15:
            warn_by = dates.add_months(s15["done_on"], self.limit(p, "approve_warn_months"))
            max_by = dates.add_months(s15["done_on"], self.limit(p, "approve_max_months"))
            when = s17["done_on"] if s17 else as_of
            if when > max_by:
                add("DEV-APPROVE", "error", f"支部大会{dates.fmt_cn(s15['done_on'])}通过，上级党委审批已超过6个月"
                    + (f"（{dates.fmt_cn(s17['done_on'])}批准）" if s17 else "，尚未审批"))
            elif when > warn_by:
                add("DEV-APPROVE", "warning", f"支部大会{dates.fmt_cn(s15['done_on'])}通过，上级党委审批已超过3个月"
                    + (f"（{dates.fmt_cn(s17['done_on'])}批准）" if s17 else "，尚未审批"))
        if p.get("expected_leave_on"):
            admitted = s15["done_on"] if s15 else as_of
            if admitted <= p["expected_leave_on"] <= dates.add_months(admitted, self.limit(p, "leave_months")):
                add("DEV-LEAVE", "warning", f"预计{dates.fmt_cn(p['expected_leave_on'])}离开工作单位，"
                    "3个月内将离开工作单位的一般不办理接收")
        end = self.probation_end(p)
        last23 = self.done(p, 23)
        pending_23 = not last23 or (last23["data"].get("outcome") == "延长预备期" and end and last23["done_on"] < end)
        if s17 and end and as_of > end and pending_23 and p["status"] == "预备党员":
            add("DEV-PROB", "warning", f"预备期已于{dates.fmt_cn(end)}期满，支部尚未讨论转正")
        if last23 and last23["data"].get("outcome") == "按期转正" and not self.done(p, 24):
            by = dates.add_months(last23["done_on"], self.limit(p, "full_approve_months"))
            if as_of > by:
                add("DEV-APPROVE", "warning", f"支部大会{dates.fmt_cn(last23['done_on'])}通过转正，上级党委超过3个月未审批")
        s24, s25 = self.done(p, 24), self.done(p, 25)
        if s25:
            missing = [d for d in R.ARCHIVE_DOCUMENTS if d not in s25["data"].get("documents", [])]
            if missing:
                add("DEV-ARCHIVE", "warning", "归档材料缺少：" + "、".join(missing))
        elif s24:
            add("DEV-ARCHIVE", "warning", "已转正，入党材料尚未归档")
        oath_limit = self.limit(p, "oath_months")
        if oath_limit and s17:
            s20 = self.done(p, 20)
            by = dates.add_months(s17["done_on"], oath_limit)
            if (s20["done_on"] if s20 else as_of) > by:
                add("DEV-OATH", "warning", f"批准后{oath_limit}个月内应组织入党宣誓（2026年修订的规定，未经核实）")
        publicity = self.limit(p, "publicity_working_days")
        if publicity and self.done(p, 12):
            notices = [m for m in p["milestones"] if m["kind"] == "公示"]
            from app.meeting_rules import working_days_after

            if not notices or max(working_days_after(m["date"], m["end_date"] or m["date"]) + 1 for m in notices) < publicity:
                add("DEV-PUBLICITY", "warning", f"发展对象应公示不少于{publicity}个工作日（2026年修订的规定，未经核实）")
        return out

    def _eval_gaps(self, p: dict[str, Any], as_of: str, add) -> None:  # noqa: ANN001
        """DEV-ACT-EVAL: an assessment entry at least every 6 months while an activist (until
        发展对象) and while probationary (until 转正)."""
        spans = []
        start = self.activist_date(p)
        if start:
            s7 = self.done(p, 7)
            spans.append(("入党积极分子", start, s7["done_on"] if s7 else as_of))
        s17 = self.done(p, 17)
        if s17:
            s24 = self.done(p, 24)
            spans.append(("预备党员", self.done(p, 15)["done_on"], s24["done_on"] if s24 else as_of))
        months = self.limit(p, "eval_months")
        ends = sorted(a["period_end"] for a in p["assessments"])
        for label, begin, finish in spans:
            cursor = begin
            for end in [e for e in ends if begin <= e <= finish] + [finish]:
                if dates.add_months(cursor, months) < end:
                    add("DEV-ACT-EVAL", "warning", f"作为{label}，{dates.fmt_cn(cursor)}之后超过半年没有考察写实")
                    break
                cursor = end
