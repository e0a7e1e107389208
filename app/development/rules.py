"""Member development (发展党员) rules as data: the 25 steps of the 细则 in five stages, their
order, and the time limits of each rule version (rulebook sections 4, 5 and 8, DEV-*).

The 2014 细则 was revised in 2026 and the revised text could not be retrieved: the 2026 table
copies the 2014 limits and adds the third-party claims the rulebook marks [U]; those, and
every limit marked [P], are settings (key ``dev.<version>.<name>``) shown as unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.common.settings import Setting, define
from app.development.model import RuleVersion

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
