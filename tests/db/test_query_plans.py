"""The queries behind the screens a secretary uses all day run on indexes: EXPLAIN QUERY PLAN of
every SELECT issued while the home page, the dues ledger and arrears, a member's payments, the
meeting list and search, a meeting, the compliance view and the development checks are computed
shows no full scan of a table that grows with the years, unless the query says it reads all rows
on purpose (``/* all rows */``: whole-table reads kept for all the questions of one screen)."""

from __future__ import annotations

import re

#: Tables that grow with every year on file.
GROWING = {"meeting", "meeting_attendance", "meeting_agenda", "meeting_speech", "meeting_vote",
           "meeting_observer", "rectification_item", "evaluation_grade", "meeting_revision", "change_log",
           "dues_payment", "dues_payment_month", "dues_assessment", "dues_remittance", "membership_period",
           "group_membership", "dev_step", "dev_assessment", "notice_item"}


def _statements(services) -> list[str]:
    seen: list[str] = []
    services.conn.set_trace_callback(seen.append)
    try:
        year = services.clock.year()
        member = services.roster.list()[3]
        services.reminders.summary()
        services.dues.ledger.grid(year)
        services.dues.ledger.arrears()
        services.dues.payments(member.id)
        services.dues.ledger.month_sheet(services.today()[:7])
        services.dues.cash.summary(year)
        rows = services.meetings.list(year=year)
        services.meetings.list(year=year, text="整改")
        services.meetings.get(rows[0].id)
        services.compliance.check(year)
        services.development.check()
        services.notices.items()
    finally:
        services.conn.set_trace_callback(None)
    return list(dict.fromkeys(q for q in seen if q.lstrip().upper().startswith("SELECT")))


def test_hot_queries_do_not_scan_growing_tables(demo_year_session) -> None:
    services = demo_year_session.services
    statements = _statements(services)
    assert len(statements) > 20  # the operations above really ran their queries
    scans = []
    for sql in statements:
        for row in services.conn.execute("EXPLAIN QUERY PLAN " + sql):
            found = re.match(r"SCAN (\w+)", row[3])
            if found and found.group(1) in GROWING and "USING" not in row[3] and "/* all rows */" not in sql:
                scans.append(f"{row[3]}: {' '.join(sql.split())[:160]}")
    assert scans == []
