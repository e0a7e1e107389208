"""Grading a branch's year (no I/O): the records score of shared/bundle.md §4 as a table of areas
and deductions the committee can change (settings), the judged part, tiers and vetoes.

Every point lost is a :class:`Deduction` with its reason and evidence. ``score`` takes the facts
computed from the branch's own records (``metrics``) and the committee's settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.common import settings as registry

TIERS = ("好", "中", "差")


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    default: int


AREAS = (
    Area("mtg", "三会一课", 30), Area("quality", "记录质量", 20), Area("dues", "党费", 15),
    Area("dev", "发展党员", 15), Area("org", "组织建设", 10), Area("year", "年度事项", 10),
)


@dataclass(frozen=True)
class Rule:
    key: str
    area: str
    label: str
    default: str  # points, as text (halves allowed)


RULES = (
    Rule("mtg.missing", "mtg", "每缺一次每月应开的会议（支委会、党小组会、主题党日）", "1"),
    Rule("mtg.missing_quarterly", "mtg", "每缺一次每季度应开的会议（支部党员大会、党课）", "4"),
    Rule("mtg.quorum", "mtg", "每次会议到会人数不足（未达法定人数）", "1"),
    Rule("mtg.lecture", "mtg", "书记或党员领导干部讲党课少于规定次数（每人）", "3"),
    Rule("quality.draft", "quality", "每条会后超过3个工作日仍未签发的记录", "0.5"),
    Rule("quality.late", "quality", "每条逾期签发的记录", "0.5"),
    Rule("quality.fields", "quality", "每条缺主持人、记录人或会议内容的记录", "0.5"),
    Rule("quality.absent", "quality", "每条缺席人员未写原因的记录", "0.5"),
    Rule("quality.resolutions", "quality", "每条有议题但无决议的支委会、党员大会记录", "0.5"),
    Rule("quality.summary", "quality", "报送摘要与记录不一致（每处）", "1"),
    Rule("quality.tampered", "quality", "每处在程序之外改动的记录，或两次报送之间被改写的历史（完整性核验）", "2"),
    Rule("dues.lapse", "dues", "每名连续6个月以上未交党费且无正当理由的党员", "3"),
    Rule("dues.arrears", "dues", "每名连续3至5个月未交足党费的党员", "1"),
    Rule("dues.remit", "dues", "每个季度收缴的党费到下季度末仍未上缴", "1"),
    Rule("dues.unreminded", "dues", "每名连续3个月以上未交足党费、无正当理由又未登记催缴提醒的党员", "1"),
    Rule("dev.error", "dev", "发展党员每处违反规定", "3"),
    Rule("dev.warning", "dev", "发展党员每处时限提醒", "1"),
    Rule("dev.unconfirmed", "dev", "发展党员按尚未核实的规定（如2026年修订的宣誓时限）提醒的每处（默认不扣分）",
         "0"),
    Rule("org.error", "org", "组织设置每处不符合规定（支委会不健全、换届逾期等）", "3"),
    Rule("org.warning", "org", "组织设置每处提醒", "1"),
    Rule("org.dual", "org", "每名党员领导干部未按规定参加双重组织生活（缺党小组会或组织生活会）", "1"),
    Rule("org.posts", "org", "未设共产党员先锋岗或无党员到社区报到（默认只列出、不扣分）", "0"),
    Rule("year.life", "year", "全年未召开组织生活会", "5"),
    Rule("year.evaluation", "year", "全年未开展民主评议党员", "5"),
    Rule("year.excellent", "year", "评为优秀的超过三分之一", "2"),
    Rule("year.talks", "year", "谈心谈话未覆盖全体党员和支委之间", "2"),
    Rule("year.rectify", "year", "每项到期仍未完成的整改事项（组织生活会整改清单）", "1"),
)

#: The branch's own checks by their Chinese names (a deduction names no codes).
CHECK_NAMES = {
    "DEV-TALK": "收到入党申请后一个月内谈话", "DEV-ACT-MIN": "确定发展对象前培养教育满一年",
    "DEV-ACT-EVAL": "每半年一次考察写实", "DEV-TRAIN": "集中培训时长", "DEV-VET": "政治审查",
    "DEV-PUBLICITY": "发展对象公示", "DEV-VOTE": "支部大会表决", "DEV-INTRO": "入党介绍人",
    "DEV-APPROVE": "上级党委审批时限", "DEV-PROB": "预备期及转正", "DEV-OATH": "入党宣誓时限（尚未核实）",
    "DEV-LEAVE": "预备期内离开", "DEV-ARCHIVE": "入党材料归档",
    "BR-SIZE-MIN": "支部党员人数下限", "BR-SIZE-MAX": "支部党员人数上限", "BR-COMMITTEE": "支部委员会设置",
    "BR-TERM": "支部委员会按期换届",
}
#: Checks of rules the rulebook marks unconfirmed: graded under dev.unconfirmed (0 points unless
#: the committee sets otherwise).
UNCONFIRMED_DEV = ("DEV-OATH",)

VETOES = (
    ("veto.life", "全年未召开组织生活会的，不能评为好", "year.life"),
    ("veto.evaluation", "全年未开展民主评议党员的，不能评为好", "year.evaluation"),
    ("veto.lapse", "有党员连续6个月以上未交党费且无正当理由的，不能评为好", "dues.lapse"),
    ("veto.tampered", "有记录在程序之外被改动或历史被改写的，不能评为好", "quality.tampered"),
    ("veto.dev", "发展党员违反规定（如培养期不满一年即确定为发展对象）的，不能评为好", "dev.error"),
)

for _a in AREAS:
    registry.define(registry.Setting(f"grade.area.{_a.key}", f"满分：{_a.label}", str(_a.default), minimum=0,
                                     maximum=100, unit="分", tag="P"))
for _r in RULES:
    registry.define(registry.Setting(f"grade.{_r.key}", f"扣分：{_r.label}", _r.default, kind="text", tag="P"))
for _key, _label, _ in VETOES:
    registry.define(registry.Setting(_key, f"否决：{_label}", "1", kind="choice", tag="P",
                                     choices={"1": "启用", "0": "不启用"}))
GOOD = registry.define(registry.Setting("grade.tier.good", "“好”的最低分", "90", minimum=0, maximum=100, unit="分"))
FAIR = registry.define(registry.Setting("grade.tier.fair", "“中”的最低分（以下为“差”）", "60", minimum=0, maximum=100,
                                        unit="分"))
RECORDS_WEIGHT = registry.define(registry.Setting(
    "grade.weight.records", "记录得分所占比例（其余为党委评定部分；未评定时只看记录得分）", "70", minimum=0,
    maximum=100, unit="%"))


def setting_keys() -> list[str]:
    """Every setting ``score`` reads."""
    return ([f"grade.area.{a.key}" for a in AREAS] + [f"grade.{r.key}" for r in RULES]
            + [key for key, _, _ in VETOES] + [GOOD.key, FAIR.key, RECORDS_WEIGHT.key])


def points_value(text: str) -> float:
    """A deduction setting as a number: "0.5", "1", "２" (full-width digits allowed)."""
    clean = str(text).strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        value = float(clean)
    except ValueError:
        return 0.0
    return value if 0 <= value <= 100 else 0.0


@dataclass(frozen=True)
class Deduction:
    area: str
    rule: str
    points: float
    reason: str
    evidence: str

    def as_json(self) -> dict[str, Any]:
        return {"area": self.area, "rule": self.rule, "points": self.points, "reason": self.reason,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Grade:
    records: float
    judged: float | None
    total: float
    tier: str
    vetoed: tuple[str, ...]
    deductions: tuple[Deduction, ...]


Setting = Callable[[str], Any]


def _items(m: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(rule key, reason, evidence items) for every fact that costs points."""
    out: list[tuple[str, str, list[str]]] = []
    for c in m["compliance_missing"]:
        if c["rule"] in ("MTG-ZZSHH", "MTG-MZPY", "MTG-TXTH"):
            continue
        where = _period_cn(c["period"]) + (f"（{c['group']}）" if c.get("group") else "")
        rule = "mtg.missing_quarterly" if c["rule"] in ("MTG-DYDH", "MTG-DK") else "mtg.missing"
        out.append((rule, f"{c['label']}未开", [where]))
    for d in m.get("lectures_short", []):
        out.append(("mtg.lecture", "讲党课少于规定次数",
                    [f"{d['name']}（{'、'.join(d['roles'])}）全年讲{d['given']}次，应讲{d['needed']}次"]))
    for q in m["quorum_failed"]:
        out.append(("mtg.quorum", f"{q['kind']}到会人数不足",
                    [f"{q['date']}“{q['title']}”应到{q['due']}人，实到{q['present']}人"]))
    labels = {"drafts_overdue": ("quality.draft", "会后超过3个工作日仍未签发"),
              "late": ("quality.late", "逾期签发"), "fields_missing": ("quality.fields", "缺必填项"),
              "absent_no_reason": ("quality.absent", "缺席人员未写原因"),
              "no_resolutions": ("quality.resolutions", "有议题但无决议")}
    for key, (rule, reason) in labels.items():
        for r in m[key]:
            detail = f"：{r['detail']}" if r.get("detail") else ""
            out.append((rule, reason, [f"{r['date']} {r['kind']}“{r['title']}”{detail}"]))
    for d in m.get("summary_mismatch", []):
        out.append(("quality.summary", "报送摘要与记录不一致", [d]))
    integrity = m.get("integrity") or {}
    for message in integrity.get("findings", []):
        out.append(("quality.tampered", "记录在程序之外被改动", [message]))
    if integrity.get("rewritten"):
        out.append(("quality.tampered", "两次报送之间历史记录被改写", [integrity["rewritten"]]))
    for message in integrity.get("compared", []):
        out.append(("quality.tampered", "与以前的报送包不一致", [message]))
    for a in m["arrears"]:
        if a["reason"]:
            continue
        longest = a.get("longest", a["count"])  # bundles graded before 2026-12 counted one run only
        rule = "dues.lapse" if longest >= 6 else "dues.arrears"
        what = f"连续{a['count']}个月未交足党费" if longest == a["count"] else \
            f"{a['count']}个月未交足党费（最长连续{longest}个月）"
        when = a.get("months") or f"{a['first']}至{a['last']}"
        out.append((rule, what, [f"{a['name']}：{when}，欠{a['owed']}"]))
    for q in m["remit_late"]:
        out.append(("dues.remit", "收缴的党费未按时上缴", [q]))
    for u in m.get("unreminded", []):
        out.append(("dues.unreminded", "欠交党费未催缴",
                    [f"{u['name']}：自{_period_cn(u['first'])}起连续{u['count']}个月未交足，未登记催缴提醒"]))
    for f in m["dev_findings"]:
        rule = ("dev.unconfirmed" if f["rule"] in UNCONFIRMED_DEV else
                "dev.error" if f["severity"] == "error" else "dev.warning")
        out.append((rule, f"发展党员：{CHECK_NAMES.get(f['rule'], '其他规定')}", [f"{f['person']}：{f['message']}"]))
    for w in m["branch_warnings"]:
        rule = "org.error" if w["level"] == "error" else "org.warning"
        out.append((rule, f"组织设置：{CHECK_NAMES.get(w['rule'], '其他规定')}", [w["message"]]))
    for d in m.get("dual_missed", []):
        why = f"（已登记的缺席原因：{'；'.join(d['absences'])}）" if d["absences"] else ""
        out.append(("org.dual", "党员领导干部双重组织生活",
                    [f"{d['name']}（{d['group']}）未参加{'、'.join(d['missed'])}{why}"]))
    posts, community = m.get("posts"), m.get("community")
    if posts is not None and community is not None and (not posts["holding"] or not community["reported"]):
        out.append(("org.posts", "先锋岗和双报到", [f"在先锋岗党员{posts['holding']}名；到社区报到党员"
                                                  f"{community['reported']}名，服务{community['activities']}次"]))
    for r in m.get("rectify_overdue", []):
        out.append(("year.rectify", "整改事项逾期未完成",
                    [f"{r['item']}（{r['owner'] or '未定责任人'}，{_period_cn(r['meeting'][:7])}组织生活会提出，"
                     f"应于{r['due']}前完成）"]))
    if not m["life_meeting"]:
        out.append(("year.life", "全年未召开组织生活会", ["没有已签发的组织生活会记录"]))
    if not m["evaluation"]:
        out.append(("year.evaluation", "全年未开展民主评议党员", ["没有已签发且评定了等次的民主评议记录"]))
    if m["excellent_over"]:
        out.append(("year.excellent", "优秀超过三分之一", [m["excellent_over"]]))
    if not m["talks"]["complete"]:
        t = m["talks"]
        out.append(("year.talks", "谈心谈话未全覆盖",
                    [f"{t['members_without']}名党员全年未谈，{t['pairs_missing']}对支委之间未谈"]))
    return out


def _period_cn(period: str) -> str:
    """'2025-03' → 2025年3月, '2025-Q4' → 2025年第4季度 (reasons a person reads)."""
    if len(period) == 7 and period[4] == "-" and period[5] == "Q":
        return f"{period[:4]}年第{period[6]}季度"
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        return f"{period[:4]}年{int(period[5:])}月"
    return period


def score(metrics: Mapping[str, Any], setting: Setting, judged: float | None = None) -> Grade:
    """The grade of one branch-year; ``setting(key)`` reads the committee's settings."""
    caps = {a.key: float(setting(f"grade.area.{a.key}")) for a in AREAS}
    per = {r.key: points_value(setting(f"grade.{r.key}")) for r in RULES}
    area_of = {r.key: r.area for r in RULES}
    lost = dict.fromkeys(caps, 0.0)
    deductions: list[Deduction] = []
    for rule, reason, evidence in _items(metrics):
        area = area_of[rule]
        points = min(per[rule], caps[area] - lost[area])  # an area never goes below zero
        lost[area] += points
        deductions.append(Deduction(area, rule, round(points, 2), reason, "；".join(evidence)))
    records = round(sum(caps.values()) - sum(lost.values()), 2)
    records = max(0.0, min(100.0, records * 100 / sum(caps.values()) if sum(caps.values()) else 0.0))
    if judged is None:
        total = records
    else:
        weight = float(setting(RECORDS_WEIGHT.key)) / 100
        total = records * weight + judged * (1 - weight)
    total = round(total, 1)
    fired = {d.rule for d in deductions}
    vetoed = tuple(label for key, label, rule in VETOES if str(setting(key)) == "1" and rule in fired)
    good, fair = float(setting(GOOD.key)), float(setting(FAIR.key))
    tier = "好" if total >= good else "中" if total >= fair else "差"
    if vetoed and tier == "好":
        tier = "中"
    return Grade(round(records, 1), judged, total, tier, vetoed, tuple(deductions))
