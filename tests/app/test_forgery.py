"""Forgeries the committee must see: someone with the program's own source edits the branch's file
with other tools, recomputes the seals (and the log's chain), and exports the year again. Each
bundle is internally consistent; it is the committee's comparison with the bundle it already holds
that finds the change (quality.tampered, a veto on 好) — the bundle is still stored so both can be
seen."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from pathlib import Path

import pytest

from app.bundle import keys
from app.committee import ingest, receive
from app.common.clock import Clock
from app.session import Session
from db import images, integrity
from tests.app.test_committee import committee_and_branch

CLOCK = Clock("2026-06-15")
BRANCH_PASS, COMMITTEE_PASS = "支部口令-2026", "党委口令-2026"
YEAR = 2025


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


@pytest.fixture
def world(tmp_path: Path, _demo_year_file: Path):
    committee_session, branch = committee_and_branch(tmp_path, _demo_year_file)
    branch.close()  # each step opens the branch's file itself (some change it behind the program)
    yield {"committee": committee_session.services, "db": branch.path, "tmp": tmp_path}
    with contextlib.suppress(Exception):
        committee_session.close()


def _export_and_ingest(world, name: str) -> dict:
    out = world["tmp"] / name
    out.mkdir()
    with Session.open(world["db"], CLOCK) as branch:
        branch.services.bundle.export(YEAR, out, BRANCH_PASS)
    committee = world["committee"]
    [result] = receive.run(committee, [out], committee.unlock(COMMITTEE_PASS), workers=1)
    return result


def _signed_meeting(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT id FROM meeting WHERE status = '已签发' AND date LIKE '2025-%' "
                        "AND resolutions != '' ORDER BY id LIMIT 1").fetchone()[0]


def _rewrite_resolution(db: Path, *, rewrite_log: bool) -> int:
    """As a forger with the source would: outside the program, change a signed meeting's
    resolution and recompute its seal; with ``rewrite_log``, also delete the log rows about it and
    re-chain the log (and drop the checkpoints that would show it), so the branch's own check
    finds nothing."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    mid = _signed_meeting(conn)
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                            "(tbl_name = 'meeting' OR tbl_name = 'checkpoint' OR tbl_name = 'change_log')").fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("UPDATE meeting SET resolutions = '会议决定：本年度党费全部免交。' WHERE id = ?", (mid,))
    conn.execute("UPDATE record_seal SET digest = ? WHERE entity = 'meeting' AND key = ?",
                 (integrity.digest(conn, "meeting", str(mid)), str(mid)))
    if rewrite_log:
        conn.execute("DELETE FROM change_log WHERE entity = 'meeting' AND entity_id = ?", (mid,))
        integrity.chain_all(conn)
        conn.execute("DELETE FROM checkpoint")
    for _, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return mid


@pytest.mark.parametrize("rewrite_log", [False, True], ids=["seal-recomputed", "log-rewritten-too"])
def test_a_signed_record_rewritten_between_two_bundles_is_a_committee_finding(world, rewrite_log: bool) -> None:
    first = _export_and_ingest(world, "first")
    assert first["outcome"] == receive.ACCEPTED
    clean = world["committee"].grade("CZ02", YEAR)
    assert not [d for d in clean.grade.deductions if d.rule == "quality.tampered"]
    mid = _rewrite_resolution(world["db"], rewrite_log=rewrite_log)
    second = _export_and_ingest(world, "second")
    assert second["outcome"] == receive.SUPERSEDED  # stored, so the committee can see both versions
    grade = world["committee"].grade("CZ02", YEAR)
    assert grade.bundle is not None and grade.bundle.seq == 2
    tampered = [d for d in grade.grade.deductions if d.rule == "quality.tampered"]
    evidence = " ".join(d.evidence for d in tampered)
    assert tampered and "不能评为好" in " ".join(grade.grade.vetoed)
    if rewrite_log:
        assert "操作日志" in evidence  # the head the first bundle vouched for is gone
    else:
        assert f"会议记录（编号 {mid}）" in evidence and "没有更正记录" in evidence


def test_a_correction_made_through_the_program_is_not_a_finding(world) -> None:
    _export_and_ingest(world, "first")
    with Session.open(world["db"], CLOCK) as branch:
        meetings = branch.services.meetings
        mid = _signed_meeting(branch.conn)
        record = meetings.get(mid)
        meetings.correct(dataclasses.replace(record, resolutions=record.resolutions + "（补记）"), "孔涛",
                         "会议记录漏记一句")
        member = branch.services.roster.list()[0]
        branch.services.roster.update(member.id, {"phone": "13800000000"}, reason="电话变更")
    _export_and_ingest(world, "second")
    grade = world["committee"].grade("CZ02", YEAR)
    assert not [d for d in grade.grade.deductions if d.rule == "quality.tampered"], grade.grade.deductions


def test_a_roster_row_changed_outside_the_program_and_resealed_is_a_finding(world) -> None:
    _export_and_ingest(world, "first")
    conn = sqlite3.connect(world["db"])
    member = conn.execute("SELECT id FROM member ORDER BY id LIMIT 1").fetchone()[0]
    conn.execute("UPDATE member SET id_number = '110101199001011234' WHERE id = ?", (member,))
    conn.execute("UPDATE record_seal SET digest = ? WHERE entity = 'member' AND key = ?",
                 (integrity.digest(conn, "member", str(member)), str(member)))
    conn.commit()
    conn.close()
    _export_and_ingest(world, "second")
    grade = world["committee"].grade("CZ02", YEAR)
    evidence = " ".join(d.evidence for d in grade.grade.deductions if d.rule == "quality.tampered")
    assert f"党员信息（含组织关系、党小组）（编号 {member}）" in evidence


# -- files made to stop the committee's program ----------------------------------------------


def test_a_snapshot_holding_a_view_is_refused_and_nothing_is_stored(world) -> None:
    """A view (or a virtual table) is never in a branch's file; where a table should be it could
    hold an endless computation. The bundle is refused in words, before any query reads it."""
    conn = sqlite3.connect(world["db"])
    conn.execute("CREATE VIEW attendance_stats AS SELECT meeting_id, count(*) AS n FROM meeting_attendance "
                 "GROUP BY meeting_id")
    conn.commit()
    conn.close()
    result = _export_and_ingest(world, "usb")
    assert result["outcome"] == receive.REFUSED
    assert "视图“attendance_stats”" in result["reason"] and "未评定" in result["reason"]
    assert world["committee"].grade("CZ02", YEAR).bundle is None


def test_a_snapshot_still_being_read_after_the_time_allowed_is_refused(world, monkeypatch) -> None:
    """Whatever a crafted file makes SQLite do, the committee's reading of it stops in time: here
    the time allowed is none at all, and the clock is looked at every thousand SQLite steps (not
    every million), so the first look stops it."""
    monkeypatch.setattr(ingest, "SNAPSHOT_SECONDS", 0.0)
    monkeypatch.setattr(images, "_TICKS", 1000)
    result = _export_and_ingest(world, "usb")
    assert result["outcome"] == receive.REFUSED and "仍未完成" in result["reason"], result
    assert world["committee"].grade("CZ02", YEAR).bundle is None
    monkeypatch.setattr(ingest, "SNAPSHOT_SECONDS", 120.0)
    again = _export_and_ingest(world, "usb-again")
    assert again["outcome"] == receive.ACCEPTED


def test_a_snapshot_s_own_triggers_do_nothing_at_the_committee() -> None:
    """The triggers a file brings (a branch's locks, or anything a crafted file put there) are
    dropped from the committee's copy before a query runs."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a)")
    conn.execute("CREATE TABLE log (a)")
    conn.execute("CREATE TRIGGER spin AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (new.a); END")
    conn.execute("INSERT INTO t VALUES (1)")
    images.untrusted(conn, 60)
    conn.execute("UPDATE t SET a = 2")
    assert conn.execute("SELECT count(*) FROM log").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0


def test_an_endless_query_on_a_snapshot_is_stopped_when_its_time_is_up() -> None:
    conn = sqlite3.connect(":memory:")
    expired = images.untrusted(conn, 0.3)
    with pytest.raises(sqlite3.OperationalError, match="interrupt"):
        conn.execute("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c")
    assert expired()
