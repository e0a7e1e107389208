"""Branch set-up rules of rulebook section 1 and the committee term."""

from __future__ import annotations

import pytest

from app.branch.service import BranchService
from app.common import dates
from app.common.errors import ValidationError
from app.roster.model import Arrival
from db.records.branch import Branch
from tests.conftest import TODAY, make_member, services_of


def _add(conn, n: int, **kw) -> list[int]:
    members = services_of(conn).roster
    return [members.create(make_member(name=f"党员{i}", join_date="2010-01-01", **kw),
                           arrival=Arrival(date="2015-01-01")) for i in range(n)]


def _rules(conn) -> list[tuple[str, str]]:
    return [(w.rule, w.level) for w in services_of(conn).branch.warnings()]


def test_fewer_than_three_full_members(branch_conn) -> None:
    _add(branch_conn, 2)
    assert ("BR-SIZE-MIN", "warning") in _rules(branch_conn)
    _add(branch_conn, 1)
    assert not any(r == "BR-SIZE-MIN" for r, _ in _rules(branch_conn))


def test_probationary_members_do_not_count_as_full(branch_conn) -> None:
    _add(branch_conn, 2)
    services_of(branch_conn).roster.create(make_member(
        join_date=dates.add_months(TODAY, -2), full_date=None, member_class="预备"))
    assert ("BR-SIZE-MIN", "warning") in _rules(branch_conn)


def test_seven_full_members_need_a_committee(branch_conn) -> None:
    ids = _add(branch_conn, 6)
    assert not any(r == "BR-COMMITTEE" for r, _ in _rules(branch_conn))
    ids += _add(branch_conn, 1)
    assert ("BR-COMMITTEE", "error") in _rules(branch_conn)
    services_of(branch_conn).branch.start_term("2024-01-10", 3, seats=[(ids[0], "书记"), (ids[1], "组织委员"),
                                                                 (ids[2], "宣传委员")])
    assert not any(r == "BR-COMMITTEE" for r, _ in _rules(branch_conn))


def test_committee_over_seven(branch_conn) -> None:
    ids = _add(branch_conn, 9)
    service = services_of(branch_conn).branch
    term = service.start_term("2024-01-10", 3, seats=[(ids[0], "书记")])
    for mid in ids[1:7]:
        service.add_seat(term, mid, "委员", "2024-01-10")
    assert not any(r == "BR-COMMITTEE" for r, _ in _rules(branch_conn))
    service.add_seat(term, ids[7], "委员", "2024-01-10")
    assert ("BR-COMMITTEE", "warning") in _rules(branch_conn)


def test_more_than_fifty_members(branch_conn) -> None:
    _add(branch_conn, 50)
    assert not any(r == "BR-SIZE-MAX" for r, _ in _rules(branch_conn))
    _add(branch_conn, 1)
    assert ("BR-SIZE-MAX", "warning") in _rules(branch_conn)


def test_term_due_date_warning_and_overdue(branch_conn) -> None:
    ids = _add(branch_conn, 3)
    service = services_of(branch_conn).branch
    today = TODAY
    service.start_term(dates.add_months(today, -30), 3, seats=[(ids[0], "书记")])
    assert not any(r == "BR-TERM" for r, _ in _rules(branch_conn))
    term = service.current_term()
    service.update_term(term.id, dates.add_months(today, -35), 3, 0, "")
    assert ("BR-TERM", "warning") in _rules(branch_conn)
    service.update_term(term.id, dates.add_months(today, -37), 3, 0, "")
    assert ("BR-TERM", "error") in _rules(branch_conn)
    # An approved postponement moves the due date.
    service.update_term(term.id, dates.add_months(today, -37), 3, 6, "某组字〔2025〕3号")
    assert BranchService.term_due_date(service.current_term()) == dates.add_months(today, 5)
    assert ("BR-TERM", "error") not in _rules(branch_conn)


def test_village_branches_serve_five_years(conn) -> None:
    service = services_of(conn).branch
    service.save(Branch(name="中共某某村支部委员会", village_or_community=True))
    ids = _add(conn, 3)
    term_id = service.start_term("2022-03-01", seats=[(ids[0], "书记")])
    term = next(t for t in service.terms() if t.id == term_id)
    assert term.term_years == 5
    assert BranchService.term_due_date(term) == "2027-03-01"


def test_term_variance_limits(branch_conn) -> None:
    service = services_of(branch_conn).branch
    with pytest.raises(ValidationError) as info:
        service.start_term("2024-01-10", 3, variance_months=13, variance_approval="x")
    assert "不超过1年" in info.value.field_errors["variance_months"]
    with pytest.raises(ValidationError) as info:
        service.start_term("2024-01-10", 3, variance_months=6)
    assert "批准文号" in info.value.field_errors["variance_approval"]


def test_probationary_members_cannot_be_elected(branch_conn) -> None:
    ids = _add(branch_conn, 3)
    prob = services_of(branch_conn).roster.create(make_member(
        join_date=dates.add_months(TODAY, -2), full_date=None, member_class="预备"))
    service = services_of(branch_conn).branch
    term = service.start_term(dates.add_months(TODAY, -1), 3, seats=[(ids[0], "书记")])
    with pytest.raises(ValidationError) as info:
        service.add_seat(term, prob, "委员", TODAY)
    assert "预备党员" in info.value.message


def test_new_election_ends_previous_term_and_committee_history_stays(branch_conn) -> None:
    ids = _add(branch_conn, 4)
    service = services_of(branch_conn).branch
    service.start_term("2020-01-10", 3, seats=[(ids[0], "书记"), (ids[1], "委员")])
    service.start_term("2023-01-12", 3, seats=[(ids[2], "书记"), (ids[3], "委员")])
    assert set(service.committee_member_ids_on("2022-06-01")) == {ids[0], ids[1]}
    assert set(service.committee_member_ids_on("2023-01-12")) == {ids[2], ids[3]}


def test_joint_branch_needs_its_units(conn) -> None:
    service = services_of(conn).branch
    with pytest.raises(ValidationError) as info:
        service.save(Branch(name="中共某某联合党支部", kind="联合党支部", covered_units=("甲单位",)))
    assert "覆盖的单位" in info.value.field_errors["covered_units"]
    service.save(Branch(name="中共某某联合党支部", kind="联合党支部", covered_units=("甲单位", "乙单位")))
    assert service.get().covered_units == ("甲单位", "乙单位")
