"""Speed benchmarks for a large branch: 300 members (the upper end seen in 机关 branches that
have not yet been split), 3 groups, five years of monthly records and of dues payments.

Targets (on the 2-core reference machine): roster list < 0.5 s, compliance year < 0.5 s,
record list for a year < 0.2 s, a 2-character full-text search < 0.2 s, roster export and
re-import preview of 300 rows < 3 s, the dues ledger and arrears of 300 members < 1 s. Prints each measurement and whether it met its target.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import dates, idcard  # noqa: E402
from app.services.branch import BranchService  # noqa: E402
from app.services.compliance import ComplianceService  # noqa: E402
from app.services.dues import DuesService  # noqa: E402
from app.services.meetings import MeetingService  # noqa: E402
from app.services.members import Arrival, MemberService  # noqa: E402
from app.services.roster_excel import export_roster, read_roster  # noqa: E402
from app.session import Session  # noqa: E402
from db.records import Branch  # noqa: E402

TARGETS = {"roster list": 0.5, "compliance year": 0.5, "record list (year)": 0.2,
           "search 整改": 0.2, "export + preview 300": 3.0, "dues ledger 300": 1.0, "dues arrears 300": 1.0}


def build(conn) -> None:  # noqa: ANN001
    branch = BranchService(conn)
    members = MemberService(conn)
    branch.save(Branch(name="中共基准测试支部"))
    groups = [branch.add_group(f"第{i}党小组") for i in range(1, 4)]
    ids = []
    for i in range(300):
        birth = f"{1950 + i % 30}{1 + i % 12:02d}{1 + i % 28:02d}"
        number = idcard.make("110101", birth, i, "男" if i % 2 else "女")
        ids.append(members.create({
            "name": f"党员{i:03d}", "id_number": number, "join_date": "2000-07-01",
            "full_date": "2001-07-01", "member_class": "正式", "personnel_category": "在职",
        }, groups[i % 3], Arrival(date="2000-07-01")))
    branch.start_term("2020-01-10", 3, seats=[(ids[0], "书记"), (ids[1], "组织委员"), (ids[2], "宣传委员")])
    branch.start_term("2023-01-12", 3, seats=[(ids[0], "书记"), (ids[1], "组织委员"), (ids[2], "宣传委员")])
    from app.services.dues import DuesService

    dues = DuesService(conn)
    this_year = int(dates.today()[:4])
    for year in range(this_year - 4, this_year + 1):
        for mid in ids:
            dues.assess(mid, year, base_fen=400_000 + mid * 1000)
        for month in range(1, 13):
            m = f"{year}-{month:02d}"
            if m > dates.today()[:7]:
                break
            dues.collect_month(m, ids[: 280], paid_on=f"{m}-20")
    service = MeetingService(conn)
    for year in range(this_year - 4, this_year + 1):
        for month in range(1, 13):
            on = f"{year}-{month:02d}-10"
            if on > dates.today():
                break
            for kind, group in [("支委会", None), ("主题党日", None)] + [("党小组会", g) for g in groups]:
                m = service.new_from_last(kind, on, group)
                m.title, m.host, m.recorder = f"{kind}{on}", "党员000", "党员001"
                m.content = "学习文件，研究整改措施" if month % 4 == 0 else "集中学习"
                service.save(m)


def timed(label: str, fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    target = TARGETS[label]
    print(f"{label:24} {took:7.3f} s   target < {target} s   {'OK' if took < target else 'SLOW'}")
    return took


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        session = Session.open(Path(tmp) / "bench.sqlite")
        start = time.perf_counter()
        build(session.conn)
        print(f"(building 300 members and 5 years of records took {time.perf_counter() - start:.1f} s)")
        conn = session.conn
        year = int(dates.today()[:4])
        results = [
            timed("roster list", lambda: MemberService(conn).list()),
            timed("compliance year", lambda: ComplianceService(conn).check(year)),
            timed("record list (year)", lambda: MeetingService(conn).list(year=year)),
            timed("search 整改", lambda: MeetingService(conn).list(date_from="2000-01-01", text="整改")),
            timed("export + preview 300", lambda: read_roster(export_roster(conn, Path(tmp) / "r.xlsx") and Path(tmp) / "r.xlsx", conn, True)),
            timed("dues ledger 300", lambda: DuesService(conn).ledger(year)),
            timed("dues arrears 300", lambda: DuesService(conn).arrears()),
        ]
        session.close()
    return 0 if all(r < TARGETS[k] for r, k in zip(results, TARGETS, strict=True)) else 1


if __name__ == "__main__":
    sys.exit(main())
