"""Member development (发展党员) rules as data: the 25 steps of the 细则 in five stages, their
order, and the time limits of each rule version (rulebook sections 4, 5 and 8, DEV-*).

The 2014 细则 was revised in 2026 and the revised text could not be retrieved: the 2026 table
copies the 2014 limits and adds the third-party claims the rulebook marks [U]; those, and
every limit marked [P], are settings (key ``dev.<version>.<name>``) shown as unconfirmed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.common import dates
from app.common.settings import Setting, define
from app.development.model import Outcome, RuleVersion
from app.meetings.model import MeetingKind

RULE_VERSIONS = tuple(RuleVersion)
STAGES = ("申请入党", "入党积极分子的确定和培养教育", "发展对象的确定和考察", "预备党员的接收",
          "预备党员的教育考察和转正")
STAGE_SHORT = ("申请入党", "入党积极分子", "发展对象", "接收预备党员", "预备期考察和转正")


@dataclass(frozen=True)
class StepDef:
    """One of the 25 steps. ``after`` lists the steps that must be done first."""

    no: int
    stage: int  # 1..5
    name: str
    actor: str
    after: tuple[int, ...]
    article: str = ""


STEPS: tuple[StepDef, ...] = (
    StepDef(1, 1, "递交入党申请书", "申请人", (), "细则第5–6条"),
    StepDef(2, 1, "党组织派人谈话", "党支部", (1,), "细则第7条"),
    StepDef(3, 2, "推荐和确定入党积极分子", "支委会", (2,), "细则第8条"),
    StepDef(4, 2, "上级党委备案", "党支部", (3,), "细则第8条"),
    StepDef(5, 2, "指定培养联系人", "党支部", (3,), "细则第9条"),
    StepDef(6, 2, "培养教育考察", "党支部、培养联系人", (5,), "细则第11条"),
    StepDef(7, 3, "确定发展对象", "支委会", (4, 6), "细则第13条"),
    StepDef(8, 3, "报上级党委备案", "党支部", (7,), "细则第13条"),
    # 9–11 may run side by side (介绍人, 政审 and 培训 are independent of each other).
    StepDef(9, 3, "确定入党介绍人", "党支部", (7,), "细则第14条"),
    StepDef(10, 3, "进行政治审查", "党支部、基层党委", (7,), "细则第15–16条"),
    StepDef(11, 3, "开展集中培训", "基层党委", (7,), "细则第17条"),
    StepDef(12, 4, "支部委员会审查", "支委会", (8, 9, 10, 11), "细则第19条"),
    StepDef(13, 4, "上级党委预审", "基层党委", (12,), "细则第19条"),
    StepDef(14, 4, "填写入党志愿书", "发展对象、入党介绍人", (13,), "细则第20–21条"),
    StepDef(15, 4, "支部大会讨论", "支部党员大会", (14,), "细则第22条"),
    StepDef(16, 4, "上级党委派人谈话", "党委委员或组织员", (15,), "细则第23条"),
    StepDef(17, 4, "上级党委审批", "基层党委", (16,), "细则第24–25条"),
    StepDef(18, 4, "再上一级党委组织部门备案", "基层党委", (17,), ""),
    StepDef(19, 5, "编入党支部和党小组", "党支部", (17,), ""),
    StepDef(20, 5, "入党宣誓", "党支部", (17,), "党章第6条"),
    StepDef(21, 5, "继续教育考察", "党支部", (19,), "党章第7条"),
    StepDef(22, 5, "提出转正申请", "预备党员", (21,), ""),
    StepDef(23, 5, "支部大会讨论转正", "支部党员大会", (22,), "细则第32条"),
    StepDef(24, 5, "上级党委审批转正", "基层党委", (23,), ""),
    StepDef(25, 5, "材料归档", "党支部、基层党委", (24,), "细则第37条"),
)
STEP = {s.no: s for s in STEPS}

#: The documents that go into the personnel file after 转正 (DEV-ARCHIVE).
ARCHIVE_DOCUMENTS = ("入党志愿书", "入党申请书", "政治审查材料", "转正申请书", "培养教育考察材料")


@dataclass(frozen=True)
class Limit:
    value: int
    text: str
    tag: str  # "C" confirmed, "P" local practice, "U" unconfirmed


_COMMON = {
    "min_age": Limit(18, "申请入党须年满18岁", "C"),
    "talk_months": Limit(1, "收到入党申请书后1个月内派人谈话", "C"),
    "activist_min_months": Limit(12, "经过1年以上培养教育考察方可确定为发展对象", "C"),
    "eval_months": Limit(6, "党支部每半年对入党积极分子、预备党员考察一次", "C"),
    "training_days": Limit(3, "集中培训不少于3天", "C"),
    "training_hours": Limit(24, "集中培训不少于24学时", "C"),
    "approve_warn_months": Limit(3, "上级党委3个月内审批", "C"),
    "approve_max_months": Limit(6, "特殊情况可延长，最长不超过6个月", "C"),
    "probation_months": Limit(12, "预备期为1年", "C"),
    "extension_min": Limit(6, "延长预备期不少于6个月", "C"),
    "extension_max": Limit(12, "延长预备期最长不超过1年", "C"),
    "leave_months": Limit(3, "3个月内将离开工作单位的，一般不办理接收", "C"),
    "full_approve_months": Limit(3, "转正由上级党委3个月内审批", "C"),
}

LIMITS: dict[str, dict[str, Limit]] = {
    "2014": dict(_COMMON),
    "2026": {
        **_COMMON,
        # Claims about the 2026 revision from a third-party app; the rulebook marks them [U].
        "publicity_working_days": Limit(5, "发展对象公示不少于5个工作日（2026年修订，未经核实）", "U"),
        "oath_months": Limit(1, "审批后一般1个月内入党宣誓（2026年修订，未经核实）", "U"),
    },
}


def limit(version: str, name: str, override: str | None = None) -> int | None:
    """The limit ``name`` for a rule version (None when the version has no such rule);
    ``override`` is the setting's value, if the branch changed an unconfirmed one."""
    found = LIMITS.get(version, {}).get(name)
    if found is None:
        return None
    if override is not None and found.tag in ("P", "U"):
        return int(override)
    return found.value


#: The limits a branch may change (local practice [P] or unconfirmed [U]), as settings.
LIMIT_SETTINGS = {
    f"dev.{version}.{name}": define(Setting(
        f"dev.{version}.{name}", lim.text, str(lim.value), tag=lim.tag, minimum=0, maximum=120,
        unit="个工作日" if name.endswith("working_days") else "个月"))
    for version, table in LIMITS.items() for name, lim in table.items() if lim.tag in ("P", "U")
}


#: The unit named on the cover of the 考察登记表, from the county level down (rulebook §5 [P]).
FORM_UNIT = define(Setting(
    "dev.form_unit", "考察登记表封面的单位全称（从县级单位写起，如：中共某某县委某某局机关委员会；空为支部全称）", "",
    kind="text", tag="P"))


# -- whether a step may be recorded ---------------------------------------------------------------

class RecordedStep(Protocol):
    """What the checks read of a recorded step (db.records.DevStep)."""

    @property
    def step_no(self) -> int: ...

    @property
    def seq(self) -> int: ...

    @property
    def done_on(self) -> str: ...

    @property
    def data(self) -> dict[str, Any]: ...


class Case(Protocol):
    """What the checks read of a development case (db.records.DevPerson)."""

    @property
    def name(self) -> str: ...

    @property
    def activist_since(self) -> str | None: ...

    @property
    def steps(self) -> Sequence[RecordedStep]: ...

    def done(self, no: int) -> RecordedStep | None: ...


def activist_date(p: Case) -> str | None:
    """When the applicant became an 入党积极分子 (as recorded, or step 3's date)."""
    if p.activist_since:
        return p.activist_since
    s3 = p.done(3)
    return s3.done_on if s3 else None


def repeatable(p: Case) -> set[int]:
    """Steps that may be recorded again: 23 after the probation was extended."""
    last23 = p.done(23)
    if last23 and last23.data.get("outcome") == Outcome.EXTENDED and not any(
            s.step_no == 23 and s.seq > last23.seq for s in p.steps):
        return {23}
    return set()


@dataclass(frozen=True)
class StepRequest:
    """A step as the secretary enters it."""

    no: int
    on: str
    contacts: tuple[int, ...] = ()
    introducers: tuple[int, ...] = ()
    hours: int | None = None
    days: int | None = None
    conclusion: str = ""
    outcome: str = ""
    extension_months: int | None = None


@dataclass(frozen=True)
class GeneralMeeting:
    """The meeting a vote step (15, 23) is linked to: its kind, date and votes (subject, passes, text)."""

    kind: str
    date: str
    votes: tuple[tuple[str, bool, str], ...]


@dataclass(frozen=True)
class StepFacts:
    """What the records say beyond the case itself, gathered by the service.

    Attributes:
        today: the services' today.
        limits: the case's rule version's limits (``limit`` with the branch's settings).
        not_full: of the members named (培养联系人, 入党介绍人), those who were not full members of
            the branch on the step's date, by id, with their names.
        meeting: the linked 支部党员大会, when the step names one.
    """

    today: str
    limits: Mapping[str, int | None]
    not_full: Mapping[int, str] = field(default_factory=dict)
    meeting: GeneralMeeting | None = None


#: The limits :func:`validate_step` reads.
CHECKED_LIMITS = ("activist_min_months", "training_hours", "training_days", "extension_min", "extension_max")


def _rule(rule: str, field_name: str, message: str) -> dict[str, str]:
    return {field_name: f"{message}（{rule}）"}


def validate_step(p: Case, req: StepRequest, facts: StepFacts) -> dict[str, str]:
    """Whether step ``req.no`` may be recorded for the case: {} or the first field error, with the
    rule (DEV-*) it breaks. The order: the step and its date, what must come first, then the rule
    of the step."""
    no, on = req.no, req.on
    if no not in STEP:
        return {"step": "步骤编号应为1到25"}
    step = STEP[no]
    if not dates.is_valid_iso(on) or len(on) != 10:
        return {"date": "请填写办理日期（年月日）"}
    if on > facts.today:
        return {"date": "办理日期不能晚于今天"}
    if (previous := p.done(no)) and no not in repeatable(p):
        return {"step": f"第{no}步“{step.name}”已于{dates.fmt_cn(previous.done_on)}办理"}
    missing = [a for a in step.after if not p.done(a)]
    if missing:
        names = "、".join(f"第{a}步“{STEP[a].name}”" for a in missing)
        return {"step": f"须先办理{names}，才能办理第{no}步“{step.name}”"}
    if no in (6, 7):  # the rule's own message first: it says more than "earlier than the previous step"
        start, need = activist_date(p), facts.limits["activist_min_months"] or 0
        if start and on < dates.add_months(start, need):
            what = "完成培养教育考察" if no == 6 else "确定为发展对象"
            return _rule("DEV-ACT-MIN", "date",
                         f"{dates.fmt_cn(start)}确定为入党积极分子，须经过{need // 12}年以上培养教育考察，"
                         f"{dates.fmt_cn(dates.add_months(start, need))}起方可{what}")
    for a in step.after:
        prior = p.done(a)
        if prior is not None and on < prior.done_on:
            return {"date": f"办理日期不能早于第{a}步“{STEP[a].name}”的日期（{dates.fmt_cn(prior.done_on)}）"}
    for step_no, named, count, role in ((5, req.contacts, (1, 2), "培养联系人"),
                                        (9, req.introducers, (2, 2), "入党介绍人")):
        if no != step_no:
            continue
        ids = list(dict.fromkeys(named))
        if not count[0] <= len(ids) <= count[1]:
            return _rule("DEV-INTRO", "contacts" if no == 5 else "introducers",
                         "培养联系人应为1至2名正式党员" if no == 5 else "入党介绍人须为2名正式党员")
        for mid in ids:
            if mid in facts.not_full:
                return _rule("DEV-INTRO", "members",
                             f"{facts.not_full[mid]}在{dates.fmt_cn(on)}不是本支部正式党员，不能担任{role}")
    if no == 10 and not req.conclusion.strip():
        return _rule("DEV-VET", "conclusion", "政治审查须形成结论性材料，请填写政审结论")
    if no == 11:
        need_h, need_d = facts.limits["training_hours"] or 0, facts.limits["training_days"] or 0
        if not ((req.hours or 0) >= need_h or (req.days or 0) >= need_d):
            return _rule("DEV-TRAIN", "training",
                         f"集中培训须不少于{need_d}天或{need_h}学时，现为{req.days or 0}天、{req.hours or 0}学时")
    if no in (12, 13, 14, 15, 17):
        s10 = p.done(10)
        if not s10 or not s10.data.get("conclusion") or not s10.data.get("qualified", True):
            return _rule("DEV-VET", "step", "没有政治审查结论或政审不合格，不能发展入党")
        if not p.done(11):
            return _rule("DEV-TRAIN", "step", "未经集中培训，不能发展入党")
    if no in (15, 23) and facts.meeting is not None:
        problem = _vote_problem(p.name, on, facts.meeting)
        if problem:
            return _rule("DEV-VOTE", "meeting", problem)
    if no == 23:
        if req.outcome not in tuple(Outcome):
            return {"outcome": "讨论结果应为：" + "、".join(Outcome)}
        if req.outcome == Outcome.EXTENDED:
            lo, hi = facts.limits["extension_min"] or 0, facts.limits["extension_max"] or 0
            if any(s.step_no == 23 and s.data.get("outcome") == Outcome.EXTENDED for s in p.steps):
                return _rule("DEV-PROB", "outcome", "预备期只能延长一次")
            if req.extension_months is None or not lo <= req.extension_months <= hi:
                return _rule("DEV-PROB", "extension_months", f"延长预备期应为{lo}至{hi}个月")
    if no == 24:
        last = p.done(23)
        if not last or last.data.get("outcome") != Outcome.ON_TIME:
            return {"step": "支部大会尚未作出转正决议（延长预备期的，期满后须再次讨论）"}
    return {}


def _vote_problem(name: str, on: str, meeting: GeneralMeeting) -> str:
    if meeting.kind != MeetingKind.GENERAL or meeting.date != on:
        return f"关联的会议应是{dates.fmt_cn(on)}召开的支部党员大会"
    votes = [v for v in meeting.votes if name in v[0]]
    if len(votes) != 1:
        return f"该次大会应对{name}单独表决一次（表决事项中写明姓名）"
    if not votes[0][1]:
        return f"表决未通过：{votes[0][2]}"
    return ""
