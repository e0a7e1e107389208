"""Speed of the core on a large branch, built with ``branchbook demo create --members 300
--years 5`` (roster history, every meeting kind, dues, development cases).

Targets (2-core reference machine): roster list < 0.5 s, compliance year < 0.5 s, record list
for a year < 0.2 s, a 2-character full-text search < 0.2 s, roster export and re-import preview
< 3 s, the dues ledger and arrears < 1 s. Prints each measurement and whether it met its target.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.cli import main as cli
from app.session import Session

TARGETS = {
    "roster list": 0.5,
    "compliance year": 0.5,
    "record list (year)": 0.2,
    "search 整改": 0.2,
    "export + preview": 3.0,
    "dues ledger": 1.0,
    "dues arrears": 1.0,
}


def timed(label: str, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    target = TARGETS[label]
    print(f"{label:24} {took:7.3f} s   target < {target} s   {'OK' if took < target else 'SLOW'}")
    return took


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        start = time.perf_counter()
        if cli(["demo", "create", str(path), "--members", "300", "--years", "5"]) != 0:
            return 1
        print(f"(building 300 members and 5 years took {time.perf_counter() - start:.1f} s)")
        with Session.open(path) as session:
            s = session.services
            year = s.clock.year()
            xlsx = Path(tmp) / "r.xlsx"
            results = [
                timed("roster list", s.roster.list),
                timed("compliance year", lambda: s.compliance.check(year)),
                timed("record list (year)", lambda: s.meetings.list(year=year)),
                timed("search 整改", lambda: s.meetings.list(date_from="2000-01-01", text="整改")),
                timed("export + preview", lambda: (s.roster_excel.export(xlsx), s.roster_excel.read(xlsx, True))),
                timed("dues ledger", lambda: s.dues.ledger.grid(year)),
                timed("dues arrears", s.dues.ledger.arrears),
            ]
    return 0 if all(r < TARGETS[k] for r, k in zip(results, TARGETS, strict=True)) else 1


if __name__ == "__main__":
    sys.exit(main())
