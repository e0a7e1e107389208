"""The home page's figures equal what the records say, month by month."""

from __future__ import annotations

from app.dashboard import figures
from app.dues.reports import month_totals


def test_dashboard_figures_are_the_records(demo_year_session) -> None:
    s = demo_year_session.services
    year = int(s.today()[:4])
    attendance, compliance, dues, pipeline, coverage = figures(s, year)
    march = [r for r in s.meetings.list(year=year) if r.date[5:7] == "03" and r.kind != "谈心谈话" and r.due]
    assert attendance.values[2] == round(sum(r.present for r in march) * 100 / sum(r.due for r in march), 1)
    cells = [c for c in s.compliance.check(year) if c.period == f"{year}-03"]
    assert compliance.values[2] == round(sum(c.status == "held" for c in cells) * 100 / len(cells), 1)
    due, paid = month_totals(s.dues.ledger(year, s.today()), year)
    assert dues.values[0] == paid[f"{year}-01"] / 100 and dues.second[0] == due[f"{year}-01"] / 100
    in_progress = [p for p in s.development.people() if p.status in ("进行中", "预备党员")]
    assert sum(pipeline.values) == len(in_progress)
    assert coverage.values == (0.0, 0.0) and coverage.page == "posts"
    future = [v for v, label in zip(attendance.values, attendance.labels, strict=True)
              if int(label[:-1]) > int(s.today()[5:7])]
    assert all(v is None for v in future)  # months not reached are empty, not zero
