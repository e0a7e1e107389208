"""Branch organisation rules (rulebook section 1): sizes, the committee, the term.
Pure functions over already-loaded facts; no storage, no clock."""

from __future__ import annotations

from app.branch.model import BranchKind, BranchWarning, CommitteeRole
from app.common import dates

# Thresholds of rulebook section 1.
MIN_FULL_MEMBERS = 3
COMMITTEE_REQUIRED_AT = 7
MAX_COMMITTEE = 7
MAX_BRANCH_SIZE = 50
#: Warn this many days before the committee's term runs out.
TERM_WARNING_DAYS = 90


def term_due_date(election_date: str, term_years: int, variance_months: int) -> str:
    """换届 due: election date + term length, moved by the approved variance."""
    return dates.add_months(election_date, 12 * term_years + variance_months)


def term_errors(election_date: str, years: int, variance: int, approval: str, today: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not dates.is_valid_iso(election_date) or len(election_date) != 10:
        errors["election_date"] = "请填写选举日期（年月日）"
    elif election_date > today:
        errors["election_date"] = "选举日期不能晚于今天"
    if years not in (3, 5):
        errors["term_years"] = "任期一般为3年（村、社区党支部为5年）"
    if not -12 <= variance <= 12:
        errors["variance_months"] = "经批准延长或提前换届的期限一般不超过1年（12个月）"
    elif variance and not approval.strip():
        errors["variance_approval"] = "延期或提前换届须填写上级党组织的批准文号"
    return errors


def profile_errors(name: str, kind: str, units: tuple[str, ...], founded_on: str | None,
                   today: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写支部全称（从上级党委写起）"
    if kind not in tuple(BranchKind):
        errors["kind"] = "支部类型应为“党支部”或“联合党支部”"
    if kind == BranchKind.JOINT and len([u for u in units if u.strip()]) < 2:
        errors["covered_units"] = "联合党支部请填写所覆盖的单位（至少2个）"
    if founded_on and (not dates.is_valid_iso(founded_on) or founded_on > today):
        errors["founded_on"] = "成立日期不正确"
    return errors


def warnings(members: int, full: int, seat_roles: list[str], term_due: str | None, on: str) -> list[BranchWarning]:
    """The section-1 findings for a branch with ``members`` on the roster (``full`` 正式),
    a committee whose seats hold ``seat_roles``, and a term due on ``term_due``."""
    out: list[BranchWarning] = []
    if members and full < MIN_FULL_MEMBERS:
        out.append(BranchWarning(
            "BR-SIZE-MIN", "warning",
            f"正式党员只有{full}名，不足3名，按规定应与邻近单位成立联合党支部"))
    if members > MAX_BRANCH_SIZE:
        out.append(BranchWarning(
            "BR-SIZE-MAX", "warning",
            f"支部党员{members}名，超过50名，一般应考虑分设支部或成立党总支"))
    if full >= COMMITTEE_REQUIRED_AT and not seat_roles:
        out.append(BranchWarning(
            "BR-COMMITTEE", "error",
            f"正式党员{full}名，已满7名，应当设立支部委员会，但尚未登记支委会"))
    if len(seat_roles) > MAX_COMMITTEE:
        out.append(BranchWarning(
            "BR-COMMITTEE", "warning", f"支部委员会有{len(seat_roles)}名委员，一般不超过7人"))
    if seat_roles and CommitteeRole.SECRETARY not in seat_roles:
        out.append(BranchWarning("BR-COMMITTEE", "warning", "本届支部委员会没有登记书记"))
    if term_due:
        days = dates.days_between(on, term_due)
        if days < 0:
            out.append(BranchWarning(
                "BR-TERM", "error",
                f"支部委员会任期已于{dates.fmt_cn(term_due)}届满，已超期{-days}天，请及时换届"
                "（延期须经上级党组织批准）"))
        elif days <= TERM_WARNING_DAYS:
            out.append(BranchWarning(
                "BR-TERM", "warning",
                f"支部委员会任期将于{dates.fmt_cn(term_due)}届满（还有{days}天），"
                "请提前向上级党组织报送换届请示"))
    return out
