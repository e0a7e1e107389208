"""Branch set-up (支部概况): profile, committee terms, party groups, and the section-1 warnings."""

from __future__ import annotations

from app import undo
from app.branch import rules
from app.branch.model import BranchWarning, CommitteeRole
from app.common.errors import UserError, ValidationError
from app.common.service import ServiceBase
from app.roster import rules as roster_rules
from app.roster.model import MemberClass
from db.records.branch import Branch, CommitteeSeat, CommitteeTerm, PartyGroup
from db.repositories import branch as repo
from db.repositories import roster as roster_repo


class BranchService(ServiceBase):
    """Use cases of the branch profile, committee and groups."""

    # -- profile ------------------------------------------------------------------------

    def get(self) -> Branch | None:
        return repo.get_branch(self.conn)

    def exists(self) -> bool:
        return repo.get_branch(self.conn) is not None

    def validate(self, branch: Branch) -> dict[str, str]:
        return rules.profile_errors(branch.name, branch.kind, branch.covered_units, branch.founded_on,
                                    self.today())

    def save(self, branch: Branch) -> None:
        branch = branch._replace(
            name=branch.name.strip(),
            supervising_committee=branch.supervising_committee.strip(),
            covered_units=tuple(u.strip() for u in branch.covered_units if u.strip()),
        )
        errors = self.validate(branch)
        if errors:
            raise ValidationError(errors)
        with self.write():
            before = repo.get_branch(self.conn)
            repo.save_branch(self.conn, branch)
            self.log("branch", 1, "修改" if before else "新建", before._asdict() if before else None,
                     {**branch._asdict(), "covered_units": list(branch.covered_units)})
        if before is not None and before != branch:
            undo.register(self.ctx, "修改支部基本情况", lambda: self.save(before), lambda: self.save(branch))

    # -- groups -------------------------------------------------------------------------

    def groups(self, include_dissolved: bool = False) -> list[PartyGroup]:
        return repo.list_groups(self.conn, include_dissolved)

    def group_by_name(self, name: str) -> PartyGroup | None:
        return repo.group_by_name(self.conn, name)

    def group_sizes(self) -> dict[int, int]:
        return roster_repo.group_member_counts(self.conn)

    def add_group(self, name: str, leader_member_id: int | None = None,
                  founded_on: str | None = None) -> int:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "请填写党小组名称"})
        with self.write():
            if repo.group_by_name(self.conn, name):
                raise ValidationError({"name": f"已有名为“{name}”的党小组"})
            order = len(repo.list_groups(self.conn, True))
            gid = repo.insert_group(
                self.conn, {"name": name, "founded_on": founded_on, "sort_order": order}
            )
            if leader_member_id is not None:
                self._set_leader(gid, leader_member_id)
            self.log("party_group", gid, "新建", None, {"name": name})
            return gid

    def update_group(self, group_id: int, name: str, leader_member_id: int | None) -> None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "请填写党小组名称"})
        with self.write():
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
            self.log("party_group", group_id, "修改",
                     {"name": group.name, "leader_member_id": group.leader_member_id},
                     {"name": name, "leader_member_id": leader_member_id})

    def _set_leader(self, group_id: int, member_id: int) -> None:
        member = roster_repo.get_member(self.conn, member_id)
        if member is None or not member.active:
            raise ValidationError({"leader": "组长须是本支部在册党员"})
        current = roster_repo.current_group_membership(self.conn, member_id)
        if current is None or current.group_id != group_id:
            raise ValidationError({"leader": f"{member.name}不是该党小组成员，请先把其编入该小组"})
        repo.update_group(self.conn, group_id, {"leader_member_id": member_id})

    def dissolve_group(self, group_id: int, on: str) -> None:
        with self.write():
            members = roster_repo.group_member_ids_on(self.conn, group_id, on)
            if members:
                raise UserError("该党小组还有成员，请先把成员调整到其他党小组")
            repo.update_group(self.conn, group_id, {"dissolved_on": on})
            self.log("party_group", group_id, "撤销", None, {"date": on})

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
        errors = rules.term_errors(election_date, years, variance_months, variance_approval, self.today())
        roles = [r for _, r in seats]
        if roles.count(CommitteeRole.SECRETARY) > 1:
            errors["seats"] = "书记只能有一名"
        if roles.count(CommitteeRole.DEPUTY) > 1:
            errors["seats"] = "副书记一般只设一名"
        if len({m for m, _ in seats}) != len(seats):
            errors["seats"] = "同一人不能在委员会中重复任职"
        if errors:
            raise ValidationError(errors)
        with self.write():
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
            self.log("committee_term", term_id, "换届", None,
                     {"election_date": election_date, "term_years": years})
            return term_id

    def update_term(self, term_id: int, election_date: str, term_years: int,
                    variance_months: int, variance_approval: str) -> None:
        errors = rules.term_errors(election_date, term_years, variance_months, variance_approval, self.today())
        if errors:
            raise ValidationError(errors)
        with self.write():
            repo.update_term(
                self.conn, term_id,
                {"election_date": election_date, "term_years": term_years,
                 "variance_months": variance_months, "variance_approval": variance_approval},
            )
            self.log("committee_term", term_id, "修改", None,
                     {"election_date": election_date, "term_years": term_years,
                      "variance_months": variance_months})

    def add_seat(self, term_id: int, member_id: int, role: str, start_date: str) -> int:
        with self.write():
            return self._add_seat(term_id, member_id, role, start_date)

    def _add_seat(self, term_id: int, member_id: int, role: str, start_date: str) -> int:
        if role not in tuple(CommitteeRole):
            raise ValidationError({"role": "职务应为：" + "、".join(CommitteeRole)})
        member = roster_repo.get_member(self.conn, member_id)
        if member is None or not roster_rules.is_member_on(member, start_date):
            raise ValidationError({"member": "支部委员须是当时在册的党员"})
        if roster_rules.class_on(member, start_date) != MemberClass.FULL:
            raise ValidationError({"member": f"{member.name}是预备党员，没有被选举权"})
        seats = repo.list_seats(self.conn, term_id)
        if any(s.member_id == member_id for s in seats):
            raise ValidationError({"member": f"{member.name}已在本届委员会中"})
        if role in (CommitteeRole.SECRETARY, CommitteeRole.DEPUTY) and any(s.role == role for s in seats):
            raise ValidationError({"role": f"本届委员会已有{role}"})
        return repo.insert_seat(
            self.conn,
            {"term_id": term_id, "member_id": member_id, "role": role, "start_date": start_date},
        )

    def end_seat(self, seat_id: int, end_date: str, reason: str = "") -> None:
        with self.write():
            seat = repo.get_seat(self.conn, seat_id)
            if seat is None:
                raise UserError("该委员任职记录不存在")
            if end_date < seat.start_date:
                raise ValidationError({"date": "离任日期不能早于任职日期"})
            repo.end_seat(self.conn, seat_id, end_date)
            self.log("committee_member", seat_id, "离任", None, {"date": end_date, "reason": reason})

    def committee_seats_on(self, on: str) -> list[CommitteeSeat]:
        """The seats held on ``on``, the 书记 first."""
        return [s for t in repo.list_terms(self.conn)
                if t.election_date <= on and (t.ended_on is None or t.ended_on > on)
                for s in repo.list_seats(self.conn, t.id, current_only=False)
                if s.start_date <= on and (s.end_date is None or s.end_date > on)]

    def committee_member_ids_on(self, on: str) -> list[int]:
        return repo.committee_member_ids_on(self.conn, on)

    @staticmethod
    def term_due_date(term: CommitteeTerm) -> str:
        """换届 due: election date + term length, moved by the approved variance."""
        return rules.term_due_date(term.election_date, term.term_years, term.variance_months)

    def secretary(self) -> CommitteeSeat | None:
        term = self.current_term()
        return next((s for s in self.seats(term.id) if s.role == CommitteeRole.SECRETARY), None) if term else None

    # -- warnings (rulebook section 1) ----------------------------------------------------

    def warnings(self, on: str | None = None) -> list[BranchWarning]:
        on = on or self.today()
        members = [m for m in roster_repo.list_members(self.conn) if roster_rules.is_member_on(m, on)]
        full = [m for m in members if roster_rules.class_on(m, on) == MemberClass.FULL]
        term = repo.current_term(self.conn)
        seats = repo.list_seats(self.conn, term.id) if term else []
        return rules.warnings(len(members), len(full), [s.role for s in seats],
                              self.term_due_date(term) if term else None, on)
