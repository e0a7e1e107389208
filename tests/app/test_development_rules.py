"""Whether a development step may be recorded, decided without a database (app.development.rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.development import rules as R


@dataclass
class Step:
    step_no: int
    done_on: str
    seq: int = 1
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    name: str = "李明"
    activist_since: str | None = None
    steps: list[Step] = field(default_factory=list)

    def done(self, no: int) -> Step | None:
        hits = [s for s in self.steps if s.step_no == no]
        return hits[-1] if hits else None


LIMITS = {"activist_min_months": 12, "training_hours": 24, "training_days": 3, "extension_min": 6,
          "extension_max": 12}
FACTS = R.StepFacts(today="2025-06-30", limits=LIMITS)


def _case(*done: tuple[int, str], **data: dict[str, Any]) -> Case:
    return Case(steps=[Step(no, on, data=data.get(f"s{no}", {})) for no, on in done])


def test_steps_come_in_order_and_on_real_dates() -> None:
    p = _case((1, "2023-01-05"))
    assert R.validate_step(p, R.StepRequest(2, "2023-01-20"), FACTS) == {}
    assert R.validate_step(p, R.StepRequest(3, "2023-01-20"), FACTS) == {
        "step": "须先办理第2步“党组织派人谈话”，才能办理第3步“推荐和确定入党积极分子”"}
    assert R.validate_step(p, R.StepRequest(2, "2023-01-04"), FACTS)["date"].startswith("办理日期不能早于第1步")
    assert R.validate_step(p, R.StepRequest(2, "2025-07-01"), FACTS) == {"date": "办理日期不能晚于今天"}
    assert R.validate_step(p, R.StepRequest(2, "2023-02-30"), FACTS) == {"date": "请填写办理日期（年月日）"}
    assert R.validate_step(p, R.StepRequest(1, "2023-01-06"), FACTS) == {
        "step": "第1步“递交入党申请书”已于2023年1月5日办理"}
    assert R.validate_step(p, R.StepRequest(26, "2023-01-06"), FACTS) == {"step": "步骤编号应为1到25"}


def test_a_year_as_activist_before_becoming_a_candidate() -> None:
    p = _case((1, "2022-01-05"), (2, "2022-01-20"), (3, "2022-03-01"), (5, "2022-03-05"))
    early = R.validate_step(p, R.StepRequest(6, "2023-02-28"), FACTS)
    assert early["date"].endswith("2023年3月1日起方可完成培养教育考察（DEV-ACT-MIN）")
    assert R.validate_step(p, R.StepRequest(6, "2023-03-01"), FACTS) == {}


def test_introducers_two_full_members_on_the_day() -> None:
    p = _case(*((n, "2023-01-01") for n in range(1, 9)))
    assert R.validate_step(p, R.StepRequest(9, "2024-01-10", introducers=(4,)), FACTS) == {
        "introducers": "入党介绍人须为2名正式党员（DEV-INTRO）"}
    facts = R.StepFacts(today="2025-06-30", limits=LIMITS, not_full={7: "王五"})
    assert R.validate_step(p, R.StepRequest(9, "2024-01-10", introducers=(4, 7)), facts) == {
        "members": "王五在2024年1月10日不是本支部正式党员，不能担任入党介绍人（DEV-INTRO）"}
    assert R.validate_step(p, R.StepRequest(9, "2024-01-10", introducers=(4, 5)), facts) == {}


def test_training_vetting_and_the_vote() -> None:
    p = _case(*((n, "2023-01-01") for n in range(1, 11)), s10={"conclusion": "合格", "qualified": True})
    assert "DEV-TRAIN" in R.validate_step(p, R.StepRequest(11, "2024-01-10", hours=20, days=2), FACTS)["training"]
    assert R.validate_step(p, R.StepRequest(11, "2024-01-10", days=3), FACTS) == {}
    p.steps += [Step(n, "2024-02-01") for n in range(11, 15)]
    meeting = R.GeneralMeeting("支部党员大会", "2024-03-01", (("接收李明为预备党员", False, "赞成3票，未过半数"),))
    facts = R.StepFacts(today="2025-06-30", limits=LIMITS, meeting=meeting)
    assert R.validate_step(p, R.StepRequest(15, "2024-03-01"), facts) == {
        "meeting": "表决未通过：赞成3票，未过半数（DEV-VOTE）"}
    assert "应是2024年3月2日召开的支部党员大会" in R.validate_step(p, R.StepRequest(15, "2024-03-02"), facts)["meeting"]


def test_probation_is_extended_once_by_six_to_twelve_months() -> None:
    p = _case(*((n, "2023-01-01") for n in range(1, 23)), s10={"conclusion": "合格"})
    assert R.validate_step(p, R.StepRequest(23, "2024-03-01", outcome="延长预备期", extension_months=3), FACTS) == {
        "extension_months": "延长预备期应为6至12个月（DEV-PROB）"}
    p.steps.append(Step(23, "2024-03-01", data={"outcome": "延长预备期"}))
    assert R.repeatable(p) == {23}
    assert R.validate_step(p, R.StepRequest(23, "2024-09-01", outcome="延长预备期", extension_months=6), FACTS) == {
        "outcome": "预备期只能延长一次（DEV-PROB）"}
    assert R.validate_step(p, R.StepRequest(24, "2024-09-05"), FACTS)["step"].startswith("支部大会尚未作出转正决议")
