"""The file as it stood at the end of a day: a private in-memory copy with every record dated
after that day taken out, and what those records had changed put back.

A closed year's books, summary and grades are made from such a copy (the year's end), so that
what is printed, bundled or graded for a year depends only on records dated in or before it: a
transfer recorded next November, a payment, a development step or a new applicant leave the
year's books byte for byte as they were. Corrections of the year's own records (更正, with their
reasons) stay: they are part of the year's record. So do the committee's 督办 notices and what was
done about them: they follow up the year and go back with its bundle whenever they arrive.

The copy is never written back; its sealing triggers and the schema's own guards are dropped so
that the cut can be made, and it holds no sealed private key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from db import engine
from db.connection import BranchConnection
from db.images import copy_plain, trigger_drops

if TYPE_CHECKING:
    import sqlite3

#: Records that did not exist yet at the end of the day ``:end`` (``:month`` its month, ``:year``).
_GONE: tuple[str, ...] = (
    "DELETE FROM meeting WHERE date > :end",
    "DELETE FROM life_meeting_step WHERE done_on > :end",
    "DELETE FROM membership_period WHERE start_date > :end",
    "DELETE FROM committee_term WHERE election_date > :end",
    "DELETE FROM committee_member WHERE start_date > :end",
    "DELETE FROM party_group WHERE founded_on > :end",
    "DELETE FROM group_membership WHERE start_date > :end",
    "DELETE FROM dev_person WHERE application_received > :end",
    "DELETE FROM dev_step WHERE done_on > :end",
    "DELETE FROM dev_milestone WHERE date > :end",
    "DELETE FROM dev_assessment WHERE period_start > :end",
    "DELETE FROM dev_contact WHERE from_date > :end",
    "DELETE FROM dues_payment WHERE paid_on > :end",
    "DELETE FROM dues_assessment WHERE effective_from > :month",
    "DELETE FROM dues_month_close WHERE month > :month",
    "DELETE FROM dues_reminder WHERE given_on > :end",
    "DELETE FROM dues_remittance WHERE remitted_on > :end",
    "DELETE FROM dues_arrears_reason WHERE recorded_on > :end",
    "DELETE FROM community_report WHERE reported_on > :end",
    "DELETE FROM community_activity WHERE done_on > :end",
    "DELETE FROM vanguard_post WHERE set_up_on > :end",
    "DELETE FROM vanguard_holder WHERE from_date > :end",
    "DELETE FROM vanguard_award WHERE awarded_on > :end",
    "DELETE FROM year_text WHERE year > :year",
    "DELETE FROM submission_item WHERE year > :year",
)

#: What a later record had ended or finished, open again at the end of the day.
_REOPENED: tuple[str, ...] = (
    "UPDATE membership_period SET end_date = NULL, end_kind = NULL, end_org = '', end_letter = '', "
    "end_reason = '' WHERE end_date > :end",
    "UPDATE committee_term SET ended_on = NULL WHERE ended_on > :end",
    "UPDATE committee_member SET end_date = NULL WHERE end_date > :end",
    "UPDATE party_group SET dissolved_on = NULL WHERE dissolved_on > :end",
    "UPDATE group_membership SET end_date = NULL WHERE end_date > :end",
    "UPDATE dev_milestone SET end_date = NULL WHERE end_date > :end",
    "UPDATE community_report SET ended_on = NULL WHERE ended_on > :end",
    "UPDATE vanguard_post SET closed_on = NULL WHERE closed_on > :end",
    "UPDATE vanguard_holder SET to_date = NULL WHERE to_date > :end",
    "UPDATE rectification_item SET done_on = NULL WHERE done_on > :end",
)

#: Rows whose parent went with the cut.
_ORPHANS: tuple[tuple[str, str, str], ...] = (
    *((child, "meeting_id", "meeting") for child in (
        "meeting_agenda", "meeting_speech", "meeting_attendance", "meeting_observer", "meeting_vote",
        "evaluation_grade", "life_meeting_step", "rectification_item", "meeting_attachment", "meeting_revision",
        "meeting_search")),
    ("committee_member", "term_id", "committee_term"),
    ("group_membership", "group_id", "party_group"),
    *((child, "person_id", "dev_person") for child in (
        "dev_step", "dev_contact", "dev_assessment", "dev_milestone", "dev_step_revision")),
    ("dev_assessment_amendment", "assessment_id", "dev_assessment"),
    ("dues_payment_month", "payment_id", "dues_payment"),
    ("vanguard_holder", "post_id", "vanguard_post"),
    ("vanguard_award", "post_id", "vanguard_post"),
    ("community_activity_member", "activity_id", "community_activity"),
)

#: Children of a child (an amendment of a 考察 record of a removed case): the second round, as
#: only a table the first round took rows from can have left children behind.
_GRANDCHILDREN = tuple(o for o in _ORPHANS if o[2] in {child for child, _, _ in _ORPHANS})

#: Members who had not joined yet, and what named them.
_NOT_YET_MEMBERS: tuple[str, ...] = (
    "DELETE FROM member WHERE NOT EXISTS (SELECT 1 FROM membership_period p WHERE p.member_id = member.id)",
    *(f"DELETE FROM {t} WHERE member_id NOT IN (SELECT id FROM member)" for t in (
        "group_membership", "committee_member", "meeting_attendance", "evaluation_grade", "dues_assessment",
        "dues_payment", "dues_payment_month", "dues_arrears_reason", "dues_reminder", "dev_contact",
        "vanguard_holder", "community_report", "community_activity_member")),
    "UPDATE party_group SET leader_member_id = NULL WHERE leader_member_id NOT IN (SELECT id FROM member)",
    "UPDATE meeting SET speaker_member_id = NULL WHERE speaker_member_id NOT IN (SELECT id FROM member)",
    "UPDATE dev_person SET member_id = NULL WHERE member_id NOT IN (SELECT id FROM member)",
    "UPDATE dev_step SET meeting_id = NULL WHERE meeting_id NOT IN (SELECT id FROM meeting)",
    "UPDATE community_activity SET meeting_id = NULL WHERE meeting_id NOT IN (SELECT id FROM meeting)",
)

#: Development cases as their remaining steps leave them (service._into_roster, end_case).
_CASES: tuple[str, ...] = (
    # not yet ended
    "UPDATE dev_person SET status = '进行中', outcome = '', ended_on = NULL, end_reason = '' "
    "WHERE ended_on > :end",
    # 转正 (step 24) not yet approved: still 预备党员, and a 预备党员 in the roster
    "UPDATE member SET member_class = '预备', full_date = NULL WHERE id IN (SELECT member_id FROM dev_person d "
    "WHERE d.status = '正式党员' AND NOT EXISTS (SELECT 1 FROM dev_step s WHERE s.person_id = d.id "
    "AND s.step_no = 24))",
    "UPDATE dev_person SET status = '预备党员', outcome = '' WHERE status = '正式党员' "
    "AND NOT EXISTS (SELECT 1 FROM dev_step s WHERE s.person_id = dev_person.id AND s.step_no = 24)",
    # 取消预备党员资格 (step 23) not yet decided
    "UPDATE dev_person SET status = '预备党员', outcome = '' WHERE status = '已终止' AND ended_on IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM dev_step s WHERE s.person_id = dev_person.id AND s.step_no = 23)",
    # not yet approved as 预备党员 (step 17): not in the roster at all, unless the branch already
    # counted the person (dues paid or a meeting attended by the day)
    "DELETE FROM membership_period WHERE member_id IN (SELECT member_id FROM dev_person d WHERE d.member_id "
    "IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dev_step s WHERE s.person_id = d.id AND s.step_no = 17) "
    "AND NOT EXISTS (SELECT 1 FROM dues_payment p WHERE p.member_id = d.member_id) "
    "AND NOT EXISTS (SELECT 1 FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id "
    "WHERE a.member_id = d.member_id))",
    "UPDATE dev_person SET status = '进行中', outcome = '' WHERE status = '预备党员' "
    "AND NOT EXISTS (SELECT 1 FROM dev_step s WHERE s.person_id = dev_person.id AND s.step_no = 17) "
    "AND NOT EXISTS (SELECT 1 FROM membership_period p WHERE p.member_id = dev_person.member_id)",
)


def copy(conn: sqlite3.Connection) -> BranchConnection:
    """A private in-memory copy of ``conn``'s database (no sealed private key in it)."""
    target = cast(BranchConnection, engine.connect(":memory:", factory=BranchConnection, isolation_level=None,
                                                   check_same_thread=False))
    target.row_factory = engine.Row
    copy_plain(conn, target)  # an encrypted file too
    target.execute("UPDATE branch_key SET sealed_private = x'', kdf = '{}'")
    return target


def cut(conn: sqlite3.Connection, end: str) -> None:
    """Take out of ``conn`` (a copy: see :func:`copy`) every record dated after ``end``
    ('YYYY-MM-DD'), and undo what those records had changed."""
    conn.execute("PRAGMA foreign_keys = OFF")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    params = {"end": end, "month": end[:7], "year": int(end[:4])}

    def run(sql: str) -> None:
        table = sql.split()[2] if sql.startswith("DELETE") else sql.split()[1]
        if table in tables:  # a committee may hold a snapshot made before a table existed
            conn.execute(sql, params)

    # one transaction from here on; the triggers dropped as one script (each alone costs a commit)
    conn.executescript(f"BEGIN;{trigger_drops(conn)}")
    for sql in (*_GONE, *_REOPENED, *_CASES):
        run(sql)
    for links in (_ORPHANS, _GRANDCHILDREN):
        for child, column, parent in links:
            if child in tables and parent in tables:
                conn.execute(f"DELETE FROM {child} WHERE {column} IS NOT NULL AND {column} NOT IN "
                             f"(SELECT id FROM {parent})")
    for sql in _NOT_YET_MEMBERS:
        run(sql)
    conn.execute("COMMIT")


def as_of(conn: sqlite3.Connection, end: str) -> BranchConnection:
    """A copy of ``conn``'s database as it stood at the end of ``end``."""
    target = copy(conn)
    try:
        cut(target, end)
    except BaseException:
        target.close()
        raise
    return target
