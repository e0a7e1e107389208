"""Demo and benchmark data sets, built through the services (so every rule is applied).

``fill_demo`` is the demo branch of ``branchbook --demo``: about 40 members, last year and this
year of records, dues and development cases. ``build`` makes a branch of any size and age for
benchmarks and checks (``branchbook demo create PATH --members 300 --years 10``).
"""

from __future__ import annotations

from app.demo.development import fill_development
from app.demo.dues import fill_dues
from app.demo.large import fill_large_roster
from app.demo.meetings import fill_records
from app.demo.roster import fill_roster
from app.services import Services


def fill_demo(services: Services, seed: int = 2025, records: bool = True) -> None:
    """Write the demo branch into an empty database (one transaction per service call),
    with a year and a half of work record, development and dues unless ``records`` is False."""

    fill_roster(services, seed)
    if records:
        fill_history(services, seed)


def fill_history(services: Services, seed: int = 2025, first_year: int | None = None) -> None:
    """Records, development cases and dues from ``first_year`` (default: last year) to today."""

    this_year = services.clock.year()
    fill_records(services, seed, first_year)
    fill_development(services, years=this_year - (first_year or this_year - 1))
    fill_dues(services, seed, start=f"{first_year}-01" if first_year else None)


def build(services: Services, members: int | None = None, years: int | None = None, seed: int = 2025) -> None:
    """The demo branch (no size given), or a branch of ``members`` members with ``years``
    years of history: roster turnover, every meeting kind, dues paid and in arrears,
    development cases at every stage."""
    if members is None and years is None:
        fill_demo(services, seed)
        return

    years = years or 2
    fill_large_roster(services, members or 42, years, seed)
    fill_history(services, seed, first_year=services.clock.year() - years + 1)
