"""The home page's figures are what the records say, month by month: counted by hand from a small
branch whose every meeting the test writes itself."""

from __future__ import annotations

from app.dashboard import figures
from tests.app.test_meetings import _meeting, build_branch
from tests.conftest import services_of


def test_dashboard_figures_are_the_records(session) -> None:
    build_branch(session.conn)  # 7 full + 2 probationary members, a committee of 3, two groups
    s = session.services
    meetings = services_of(session.conn, s.clock).meetings
    general = _meeting(meetings, "支部党员大会", "2026-03-10")  # 9 due
    for a in general.attendance[:2]:
        a.present, a.absence_reason = False, "病假"
    meetings.save(general)
    meetings.save(_meeting(meetings, "支委会", "2026-03-12"))  # 3 due, all there
    talk = _meeting(meetings, "谈心谈话", "2026-03-20")  # a talk is not a meeting one attends
    talk.attendance = meetings.due_people("支部党员大会", "2026-03-20")[:2]
    meetings.save(talk)
    committee = _meeting(meetings, "支委会", "2026-05-08")
    committee.attendance[2].present, committee.attendance[2].absence_reason = False, "公出"
    meetings.save(committee)

    attendance, compliance, _dues, pipeline, _coverage = figures(s, 2026)

    assert attendance.values[2] == 83.3  # March: 7 + 3 of 9 + 3
    assert attendance.values[4] == 66.7  # May: 2 of 3
    assert attendance.values[3] is None  # April: nothing held, nothing due
    assert attendance.values[6:] == (None,) * 6  # months not reached (today is 2026-06-15) are empty
    assert attendance.note == "全年平均到会率80.0%"  # 12 of 15
    # Each month asks for 4: a 支委会, a 党小组会 in each of the two groups, a 主题党日. March and May
    # held their 支委会 (the 党员大会 is none of the four); the other months held nothing.
    assert compliance.values[:6] == (0.0, 0.0, 25.0, 0.0, 25.0, 0.0)
    assert compliance.values[6:] == (None,) * 6
    assert "已开2次" in compliance.note
    assert pipeline.values == (0.0,) * 5 and pipeline.note == "共0人在发展程序中"
