"""The records score of shared/bundle.md §4 on crafted branches whose score is worked out by hand:
a perfect one, one with each kind of deduction, an area that cannot go below zero, vetoes, the
tier boundaries and the judged part."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.committee import rules
from app.committee.metrics import compare
from app.common import settings as registry

DEFAULTS = {key: registry.get(key).value(None) for key in rules.setting_keys()}


def setting(overrides: dict | None = None):
    values = {**DEFAULTS, **(overrides or {})}
    return values.__getitem__


def perfect() -> dict:
    return {
        "compliance_missing": [], "quorum_failed": [], "drafts_overdue": [], "late": [], "fields_missing": [],
        "absent_no_reason": [], "no_resolutions": [], "summary_mismatch": [], "arrears": [], "remit_late": [],
        "dev_findings": [], "branch_warnings": [], "life_meeting": True, "evaluation": True, "excellent_over": "",
        "talks": {"complete": True, "members_without": 0, "pairs_missing": 0},
    }


def record(title: str = "3月份支委会") -> dict:
    return {"date": "2025年3月5日", "kind": "支委会", "title": title, "detail": ""}


def test_a_perfect_branch_scores_100_and_is_good() -> None:
    g = rules.score(perfect(), setting())
    assert (g.records, g.total, g.tier, g.deductions, g.vetoed) == (100, 100, "好", (), ())


def test_each_kind_of_deduction_with_its_reason_and_evidence() -> None:
    m = perfect()
    m["compliance_missing"] = [
        {"rule": "MTG-ZWH", "label": "支委会（每月）", "period": "2025-03", "group": ""},
        {"rule": "MTG-XZH", "label": "党小组会（每月）", "period": "2025-07", "group": "第二党小组"}]
    m["quorum_failed"] = [{**record(), "due": 5, "present": 2}]
    m["drafts_overdue"] = [record("4月份支委会")]
    m["late"] = [record()]
    m["fields_missing"] = [{**record(), "detail": "缺记录人"}]
    m["absent_no_reason"] = [record()]
    m["no_resolutions"] = [record()]
    m["summary_mismatch"] = ["支委会3月：摘要1次，记录0次"]
    m["integrity"] = {"checked": True, "findings": ["会议记录（编号 7）在程序之外被改动"], "head": None,
                      "rewritten": "上次报送时签名确认的操作日志第40条已不存在或已被改动"}
    m["arrears"] = [{"name": "张三", "count": 7, "first": "2025-05", "last": "2025-11", "owed": "¥700.00",
                     "reason": ""},
                    {"name": "李四", "count": 3, "first": "2025-09", "last": "2025-11", "owed": "¥90.00", "reason": ""},
                    {"name": "王五", "count": 8, "first": "2025-04", "last": "2025-11", "owed": "¥80.00",
                     "reason": "长期病休，经支委会同意"}]
    m["remit_late"] = ["2025年第1季度收缴的党费到2025年6月30日仍未上缴"]
    m["dev_findings"] = [{"rule": "DEV-TALK", "person": "赵六", "severity": "warning", "message": "未谈话"},
                         {"rule": "DEV-INTRO", "person": "钱七", "severity": "error", "message": "介绍人不是正式党员"}]
    m["branch_warnings"] = [{"rule": "BR-TERM", "level": "error", "message": "换届已逾期"}]
    m["life_meeting"] = False
    m["evaluation"] = False
    m["excellent_over"] = "评为优秀5名，参评正式党员9名"
    m["talks"] = {"complete": False, "members_without": 3, "pairs_missing": 1}
    g = rules.score(m, setting())
    by_rule: dict[str, float] = {}
    for d in g.deductions:
        by_rule[d.rule] = by_rule.get(d.rule, 0) + d.points
    assert by_rule == {
        "mtg.missing": 2, "mtg.quorum": 1,  # 三会一课: 3 of 30
        "quality.draft": 0.5, "quality.late": 0.5, "quality.fields": 0.5, "quality.absent": 0.5,
        "quality.resolutions": 0.5, "quality.summary": 1,
        "quality.tampered": 4,  # one record changed outside the program, and history rewritten: 记录质量 7.5 of 20
        "dues.lapse": 3, "dues.arrears": 1, "dues.remit": 1,  # 党费: 5 of 15 (王五 has a valid reason)
        "dev.warning": 1, "dev.error": 3,  # 发展党员: 4 of 15
        "org.error": 3,  # 组织建设: 3 of 10
        # 年度事项: 5 + 5 + 2 + 2 = 14, but the area has only 10
    } | {"year.life": 5, "year.evaluation": 5, "year.excellent": 0, "year.talks": 0}
    assert g.records == 100 - (3 + 7.5 + 5 + 4 + 3 + 10)
    missing = [d for d in g.deductions if d.rule == "mtg.missing"]
    assert missing[1].evidence == "2025年7月（第二党小组）" and missing[0].reason == "支委会（每月）未开"
    assert "张三：2025-05至2025-11，欠¥700.00" in next(d.evidence for d in g.deductions if d.rule == "dues.lapse")
    assert g.tier == "中"
    assert set(g.vetoed) == {label for key, label, _ in rules.VETOES}


def test_a_veto_keeps_a_high_score_from_good() -> None:
    m = perfect()
    m["life_meeting"] = False
    g = rules.score(m, setting())
    assert g.records == 95 and g.tier == "中" and g.vetoed == ("全年未召开组织生活会的，不能评为好",)
    assert rules.score(m, setting({"veto.life": "0"})).tier == "好"


@pytest.mark.parametrize(("missing", "tier"), [(10, "好"), (11, "中"), (40, "中"), (41, "差")])
def test_tier_boundaries(missing: int, tier: str) -> None:
    """Each missing meeting costs 1 of the 30 for 三会一课; quality absorbs the rest."""
    m = perfect()
    cells = [{"rule": "MTG-ZTDR", "label": "主题党日（每月）", "period": f"2025-{i % 12 + 1:02d}", "group": ""}
             for i in range(min(missing, 30))]
    m["compliance_missing"] = cells
    m["late"] = [record()] * (2 * max(0, missing - 30))  # 0.5 each
    g = rules.score(m, setting())
    assert g.records == 100 - missing and g.tier == tier


def test_judged_part_and_edited_weights() -> None:
    m = perfect()
    m["late"] = [record()] * 8  # −4
    g = rules.score(m, setting(), judged=50)
    assert g.records == 96 and g.total == round(96 * 0.7 + 50 * 0.3, 1) and g.tier == "中"
    stricter = rules.score(m, setting({"grade.quality.late": "2"}))
    assert stricter.records == 84
    halved = rules.score(copy.deepcopy(m), setting({"grade.area.quality": "10"}))
    # quality has only 10 points now: 8 × 0.5 = 4 lost of 90 in all, shown out of 100
    assert halved.records == pytest.approx(round((90 - 4) * 100 / 90, 1), abs=0.05)


def test_points_settings_accept_typing_variants() -> None:
    assert rules.points_value("０．５") == 0.5
    assert rules.points_value("2") == 2
    assert rules.points_value("很多") == 0.0
    assert rules.points_value("-1") == 0.0


def test_a_rule_the_rulebook_marks_unconfirmed_costs_nothing_unless_the_committee_turns_it_on() -> None:
    m = perfect()
    m["dev_findings"] = [{"rule": "DEV-OATH", "severity": "warning", "person": "王某",
                          "message": "批准后3个月内应组织入党宣誓（2026年修订的规定，未经核实）"}]
    g = rules.score(m, setting())
    [d] = g.deductions
    assert (d.rule, d.points, g.records, g.tier) == ("dev.unconfirmed", 0, 100, "好")
    assert "DEV" not in d.reason and "入党宣誓时限" in d.reason  # the rule in Chinese, no code
    on = rules.score(m, setting({"grade.dev.unconfirmed": "1"}))
    assert on.records == pytest.approx(100 - 100 / sum(float(DEFAULTS[f"grade.area.{a.key}"]) for a in rules.AREAS))


def test_deductions_name_the_rules_in_chinese() -> None:
    m = perfect()
    m["dev_findings"] = [{"rule": "DEV-ACT-MIN", "severity": "error", "person": "李某", "message": "培养不满一年"}]
    m["branch_warnings"] = [{"rule": "BR-TERM", "level": "error", "message": "支部委员会换届逾期"}]
    reasons = [d.reason for d in rules.score(m, setting()).deductions]
    assert reasons == ["发展党员：确定发展对象前培养教育满一年", "组织设置：支部委员会按期换届"]


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                         st.sampled_from(["meetings", "by_kind_month", "支委会", "03", "13", "x", "members",
                                          "at_year_end", "total", "dues", "year", "paid_fen"]), inner, max_size=4),
                     max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(summary=_JSON)
def test_a_summary_of_any_shape_is_compared_in_words(summary) -> None:
    """summary.json is whatever the branch's program wrote: compared with the records, a part of the
    wrong shape is a disagreement named in words, never an error or a Python value shown."""
    records = {"by_kind_month": {"支委会": {"03": 1}}, "members_end": 30,
               "dues_months": [{"paid_fen": 12000}]}
    found = compare(summary, records)
    assert found  # nothing this loose agrees with every part of the records
    for line in found:
        assert not any(bad in line for bad in ("None", "True", "False", "[", "{"))
