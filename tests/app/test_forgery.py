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
from app.committee import receive
from app.common.clock import Clock
from app.session import Session
from db import integrity
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
