"""Branch set-up (支部概况): profile, committee terms, party groups, and the section-1 warnings."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from app import dates, rules
from app.errors import UserError, ValidationError
from db import repo
from db.connection import transaction
from db.records import Branch, CommitteeSeat, CommitteeTerm, PartyGroup

#: Warn this many days before the committee's term runs out.
TERM_WARNING_DAYS = 90


@dataclass(frozen=True)
class Warning:
    """A finding about the branch set-up.

    Attributes:
        rule: the rulebook key (BR-COMMITTEE, BR-TERM …).
        level: "error" (a rule is broken now) or "warning" (attention needed).
        message: a plain Chinese sentence.
    """

    rule: str
    level: str
    message: str


class BranchService:
    """Use cases of the branch profile, committee and groups."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- profile ------------------------------------------------------------------------

    def get(self) -> Branch | None:
        return repo.get_branch(self.conn)

    def exists(self) -> bool:
        return repo.get_branch(self.conn) is not None

    def validate(self, branch: Branch) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not branch.name.strip():
            errors["name"] = "请填写支部全称（从上级党委写起）"
        if branch.kind not in rules.BRANCH_KINDS:
            errors["kind"] = "支部类型应为“党支部”或“联合党支部”"
        units = [u for u in branch.covered_units if u.strip()]
        if branch.kind == "联合党支部" and len(units) < 2:
            errors["covered_units"] = "联合党支部请填写所覆盖的单位（至少2个）"
        if branch.founded_on and (
            not dates.is_valid_iso(branch.founded_on) or branch.founded_on > dates.today()
        ):
            errors["founded_on"] = "成立日期不正确"
        return errors

    def save(self, branch: Branch) -> None:
        branch = replace(
            branch,
            name=branch.name.strip(),
            supervising_committee=branch.supervising_committee.strip(),
            covered_units=tuple(u.strip() for u in branch.covered_units if u.strip()),
        )
        errors = self.validate(branch)
        if errors:
            raise ValidationError(errors)
        with transaction(self.conn):
            before = repo.get_branch(self.conn)
            repo.save_branch(self.conn, branch)
            repo.log_change(
                self.conn, "branch", 1, "修改" if before else "新建",
                before.__dict__ if before else None,
                {**branch.__dict__, "covered_units": list(branch.covered_units)},
            )

    # -- groups -------------------------------------------------------------------------

    def groups(self, include_dissolved: bool = False) -> list[PartyGroup]:
        return repo.list_groups(self.conn, include_dissolved)

    def group_sizes(self) -> dict[int, int]:
        return repo.group_member_counts(self.conn)

    def add_group(self, name: str, leader_member_id: int | None = None,
                  founded_on: str | None = None) -> int:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "请填写党小组名称"})
        with transaction(self.conn):
            if repo.group_by_name(self.conn, name):
                raise ValidationError({"name": f"已有名为“{name}”的党小组"})
            order = len(repo.list_groups(self.conn, True))
            gid = repo.insert_group(
                self.conn, {"name": name, "founded_on": founded_on, "sort_order": order}
            )
            if leader_member_id is not None:
                self._set_leader(gid, leader_member_id)
            repo.log_change(self.conn, "party_group", gid, "新建", None, {"name": name})
            return gid

    def update_group(self, group_id: int, name: str, leader_member_id: int | None) -> None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "请填写党小组名称"})
        with transaction(self.conn):
            group = repo.get_group(self.conn, group_id)
            if group is None:
                raise UserError("党小组不存在")
            other = repo.group_by_name(self.conn, name)
            if other and other.id != group_id:
                raise ValidationError({"name": f"已有名为“{name}”的党小组"})
            repo.update_group(self.conn, group_id, {"name": name})
            if leader_member_id != group.leader_member_id:
                if leader_member_id is None:
                    repo.update_group(self.conn, group_id, {"leader_member_id": None})
                else:
                    self._set_leader(group_id, leader_member_id)
            repo.log_change(
                self.conn, "party_group", group_id, "修改",
                {"name": group.name, "leader_member_id": group.leader_member_id},
                {"name": name, "leader_member_id": leader_member_id},
            )

    def _set_leader(self, group_id: int, member_id: int) -> None:
        member = repo.get_member(self.conn, member_id)
        if member is None or not member.active:
            raise ValidationError({"leader": "组长须是本支部在册党员"})
        current = repo.current_group_membership(self.conn, member_id)
        if current is None or current["group_id"] != group_id:
            raise ValidationError({"leader": f"{member.name}不是该党小组成员，请先把其编入该小组"})
        repo.update_group(self.conn, group_id, {"leader_member_id": member_id})

    def dissolve_group(self, group_id: int, on: str) -> None:
        with transaction(self.conn):
            members = repo.group_member_ids_on(self.conn, group_id, on)
            if members:
                raise UserError("该党小组还有成员，请先把成员调整到其他党小组")
            repo.update_group(self.conn, group_id, {"dissolved_on": on})
            repo.log_change(self.conn, "party_group", group_id, "撤销", None, {"date": on})

    # -- committee ----------------------------------------------------------------------

    def current_term(self) -> CommitteeTerm | None:
        return repo.current_term(self.conn)

    def terms(self) -> list[CommitteeTerm]:
        return repo.list_terms(self.conn)

    def seats(self, term_id: int) -> list[CommitteeSeat]:
        return repo.list_seats(self.conn, term_id)

    def default_term_years(self) -> int:
        branch = self.get()
        return 5 if branch and branch.village_or_community else 3

    def start_term(
        self,
        election_date: str,
        term_years: int | None = None,
        variance_months: int = 0,
        variance_approval: str = "",
        seats: list[tuple[int, str]] = (),  # type: ignore[assignment]
    ) -> int:
        """Record an election (换届): the previous term ends that day, the new one starts."""
        years = term_years or self.default_term_years()
        errors = _term_errors(election_date, years, variance_months, variance_approval)
        roles = [r for _, r in seats]
        if roles.count("书记") > 1:
            errors["seats"] = "书记只能有一名"
        if roles.count("副书记") > 1:
            errors["seats"] = "副书记一般只设一名"
        if len({m for m, _ in seats}) != len(seats):
            errors["seats"] = "同一人不能在委员会中重复任职"
        if errors:
            raise ValidationError(errors)
        with transaction(self.conn):
            previous = repo.current_term(self.conn)
            if previous:
                if election_date <= previous.election_date:
                    raise ValidationError({"election_date": "新一届的选举日期须晚于上一届"})
                repo.update_term(self.conn, previous.id, {"ended_on": election_date})
                for seat in repo.list_seats(self.conn, previous.id):
                    repo.end_seat(self.conn, seat.id, election_date)
            term_id = repo.insert_term(
                self.conn,
                {"election_date": election_date, "term_years": years,
                 "variance_months": variance_months, "variance_approval": variance_approval},
            )
            for member_id, role in seats:
                self._add_seat(term_id, member_id, role, election_date)
            repo.log_change(self.conn, "committee_term", term_id, "换届", None,
                            {"election_date": election_date, "term_years": years})
            return term_id

    def update_term(self, term_id: int, election_date: str, term_years: int,
                    variance_months: int, variance_approval: str) -> None:
        errors = _term_errors(election_date, term_years, variance_months, variance_approval)
        if errors:
            raise ValidationError(errors)
        with transaction(self.conn):
            repo.update_term(
                self.conn, term_id,
                {"election_date": election_date, "term_years": term_years,
                 "variance_months": variance_months, "variance_approval": variance_approval},
            )
            repo.log_change(self.conn, "committee_term", term_id, "修改", None,
                            {"election_date": election_date, "term_years": term_years,
                             "variance_months": variance_months})

    def add_seat(self, term_id: int, member_id: int, role: str, start_date: str) -> int:
        with transaction(self.conn):
            return self._add_seat(term_id, member_id, role, start_date)

    def _add_seat(self, term_id: int, member_id: int, role: str, start_date: str) -> int:
        if role not in rules.COMMITTEE_ROLES:
            raise ValidationError({"role": "职务应为：" + "、".join(rules.COMMITTEE_ROLES)})
        member = repo.get_member(self.conn, member_id)
        if member is None or not rules.is_member_on(member, start_date):
            raise ValidationError({"member": "支部委员须是当时在册的党员"})
        if rules.class_on(member, start_date) != "正式":
            raise ValidationError({"member": f"{member.name}是预备党员，没有被选举权"})
        seats = repo.list_seats(self.conn, term_id)
        if any(s.member_id == member_id for s in seats):
            raise ValidationError({"member": f"{member.name}已在本届委员会中"})
        if role in ("书记", "副书记") and any(s.role == role for s in seats):
            raise ValidationError({"role": f"本届委员会已有{role}"})
        return repo.insert_seat(
            self.conn,
            {"term_id": term_id, "member_id": member_id, "role": role, "start_date": start_date},
        )

    def end_seat(self, seat_id: int, end_date: str, reason: str = "") -> None:
        with transaction(self.conn):
            seat = repo.get_seat(self.conn, seat_id)
            if seat is None:
                raise UserError("该委员任职记录不存在")
            if end_date < seat["start_date"]:
                raise ValidationError({"date": "离任日期不能早于任职日期"})
            repo.end_seat(self.conn, seat_id, end_date)
            repo.log_change(self.conn, "committee_member", seat_id, "离任", None,
                            {"date": end_date, "reason": reason})

    def committee_member_ids_on(self, on: str) -> list[int]:
        return repo.committee_member_ids_on(self.conn, on)

    @staticmethod
    def term_due_date(term: CommitteeTerm) -> str:
        """换届 due: election date + term length, moved by the approved variance."""
        return dates.add_months(term.election_date, 12 * term.term_years + term.variance_months)

    # -- warnings (rulebook section 1) ----------------------------------------------------

    def warnings(self, on: str | None = None) -> list[Warning]:
        on = on or dates.today()
        out: list[Warning] = []
        members = [m for m in repo.list_members(self.conn) if rules.is_member_on(m, on)]
        full = [m for m in members if rules.class_on(m, on) == "正式"]
        term = repo.current_term(self.conn)
        seats = repo.list_seats(self.conn, term.id) if term else []
        if members and len(full) < rules.MIN_FULL_MEMBERS:
            out.append(Warning(
                "BR-SIZE-MIN", "warning",
                f"正式党员只有{len(full)}名，不足3名，按规定应与邻近单位成立联合党支部"))
        if len(members) > rules.MAX_BRANCH_SIZE:
            out.append(Warning(
                "BR-SIZE-MAX", "warning",
                f"支部党员{len(members)}名，超过50名，一般应考虑分设支部或成立党总支"))
        if len(full) >= rules.COMMITTEE_REQUIRED_AT and not seats:
            out.append(Warning(
                "BR-COMMITTEE", "error",
                f"正式党员{len(full)}名，已满7名，应当设立支部委员会，但尚未登记支委会"))
        if len(seats) > rules.MAX_COMMITTEE:
            out.append(Warning(
                "BR-COMMITTEE", "warning",
                f"支部委员会有{len(seats)}名委员，一般不超过7人"))
        if term and seats and not any(s.role == "书记" for s in seats):
            out.append(Warning("BR-COMMITTEE", "warning", "本届支部委员会没有登记书记"))
        if term:
            due = self.term_due_date(term)
            days = dates.days_between(on, due)
            if days < 0:
                out.append(Warning(
                    "BR-TERM", "error",
                    f"支部委员会任期已于{dates.fmt_cn(due)}届满，已超期{-days}天，请及时换届"
                    "（延期须经上级党组织批准）"))
            elif days <= TERM_WARNING_DAYS:
                out.append(Warning(
                    "BR-TERM", "warning",
                    f"支部委员会任期将于{dates.fmt_cn(due)}届满（还有{days}天），"
                    "请提前向上级党组织报送换届请示"))
        return out


def _term_errors(election_date: str, years: int, variance: int, approval: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not dates.is_valid_iso(election_date) or len(election_date) != 10:
        errors["election_date"] = "请填写选举日期（年月日）"
    elif election_date > dates.today():
        errors["election_date"] = "选举日期不能晚于今天"
    if years not in (3, 5):
        errors["term_years"] = "任期一般为3年（村、社区党支部为5年）"
    if not -12 <= variance <= 12:
        errors["variance_months"] = "经批准延长或提前换届的期限一般不超过1年（12个月）"
    elif variance and not approval.strip():
        errors["variance_approval"] = "延期或提前换届须填写上级党组织的批准文号"
    return errors
