"""Tamper evidence: edits made with another SQLite tool are found by ``verify`` and named; what
the program writes itself always verifies clean; the older file is sealed by its migration."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.common.clock import Clock
from app.session import Session
from db import engine, integrity, migrate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"


def _outside(path: Path) -> sqlite3.Connection:
    """A connection as the sqlite3 shell or DB Browser would open it (no program triggers)."""
    return sqlite3.connect(path, isolation_level=None)


@pytest.fixture
def year_file(demo_year_session) -> Path:
    """The full demo (signed records, payments, a closed month), closed so others may edit it."""
    s = demo_year_session
    if not s.conn.execute("SELECT count(*) FROM dues_month_close").fetchone()[0]:
        s.services.dues.cash.close_month("2026-01", "书记")
    path = s.path
    s.close()
    return path


def _verify(path: Path) -> list[integrity.Finding]:
    with Session.open(path, Clock("2026-06-30")) as s:
        return list(s.services.integrity.verify().findings)


def test_an_untouched_file_verifies_clean_and_the_cli_says_so(year_file: Path, capsys) -> None:
    assert _verify(year_file) == []
    assert main(["--db", str(year_file), "verify"]) == 0
    assert "数据完整" in capsys.readouterr().out


def test_a_signed_meeting_unlocked_changed_and_relocked_is_found(year_file: Path, capsys) -> None:
    assert _verify(year_file) == []  # opened and checked clean once: the report says since when
    c = _outside(year_file)
    mid = c.execute("SELECT id FROM meeting WHERE locked = 1 LIMIT 1").fetchone()[0]
    c.execute("UPDATE meeting SET locked = 0 WHERE id = ?", (mid,))
    c.execute("UPDATE meeting SET resolutions = '会议决定：另行处理' WHERE id = ?", (mid,))
    c.execute("UPDATE meeting SET locked = 1 WHERE id = ?", (mid,))
    c.close()
    found = _verify(year_file)
    assert [(f.entity, f.key, f.what) for f in found] == [("meeting", str(mid), "changed")]
    assert main(["--db", str(year_file), "verify"]) == 4
    out = capsys.readouterr().out
    assert f"会议记录（编号 {mid}）在程序之外被改动" in out and "上次核验一致的时间" in out


def test_a_payment_changed_behind_dropped_triggers_is_found(year_file: Path) -> None:
    c = _outside(year_file)
    triggers = c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                         "('dues_payment', 'dues_payment_month')").fetchall()
    pid = c.execute("SELECT id FROM dues_payment WHERE amount_fen > 100 LIMIT 1").fetchone()[0]
    for name, _ in triggers:
        c.execute(f"DROP TRIGGER {name}")
    c.execute("UPDATE dues_payment SET amount_fen = 1 WHERE id = ?", (pid,))
    for _, sql in triggers:  # recreated identically: the schema looks untouched
        c.execute(sql)
    c.close()
    assert [(f.entity, f.key, f.what) for f in _verify(year_file)] == [("dues_payment", str(pid), "changed")]


def test_a_fake_payment_is_found(year_file: Path) -> None:
    c = _outside(year_file)
    member = c.execute("SELECT id FROM member LIMIT 1").fetchone()[0]
    cur = c.execute("INSERT INTO dues_payment (member_id, paid_on, amount_fen, method, created_at) "
                    "VALUES (?, '2026-03-01', 10200, '现金', '2026-03-01T10:00:00')", (member,))
    c.execute("INSERT INTO dues_payment_month (payment_id, member_id, month, amount_fen) "
              "VALUES (?, ?, '2026-02', 10200)", (cur.lastrowid, member))
    c.close()
    found = _verify(year_file)
    assert [(f.entity, f.key, f.what) for f in found] == [("dues_payment", str(cur.lastrowid), "added")]
    assert "不是由本程序写入的" in found[0].message


def test_a_deleted_closed_month_and_an_edited_log_row_are_found(year_file: Path) -> None:
    c = _outside(year_file)
    month = c.execute("SELECT month FROM dues_month_close LIMIT 1").fetchone()[0]
    c.execute("DELETE FROM dues_month_close WHERE month = ?", (month,))
    log_id = c.execute("SELECT id FROM change_log ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
    c.execute("UPDATE change_log SET reason = '无' WHERE id = ?", (log_id,))
    c.close()
    found = {(f.entity, f.what): f for f in _verify(year_file)}
    assert found[("dues_month_close", "deleted")].key == month
    assert found[("change_log", "chain")].key == str(log_id)


def test_the_programs_own_writes_keep_the_seals(year_file: Path) -> None:
    with Session.open(year_file, Clock("2026-06-30")) as s:
        member = s.services.roster.list(include_left=False)[0]
        s.services.dues.reverse(s.services.dues.payments(member.id)[-1].id, "录入错误")
        meetings = s.services.meetings
        draft = meetings.new_from_last("支委会", "2026-06-20")
        draft.title, draft.host, draft.recorder = "临时支委会", "某人", "某人"
        mid = meetings.save(draft)
        meetings.delete(mid)  # a draft created and deleted: the seal of its rows goes with them
        assert s.conn.execute("SELECT count(*) FROM meeting WHERE id = ?", (mid,)).fetchone()[0] == 0
        assert s.services.integrity.verify().intact


def test_the_seals_are_put_on_with_the_first_write_and_a_failed_first_write_keeps_them(year_file: Path) -> None:
    from app.common.errors import UserError

    def triggers(s: Session) -> int:
        return s.conn.execute("SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'").fetchone()[0]

    with Session.open(year_file, Clock("2026-06-30")) as s:
        assert triggers(s) == 0  # opening (and reading) pays nothing for them
        s.services.roster.list(include_left=False)
        assert triggers(s) == 0
        member = s.services.roster.list(include_left=False)[0]
        with pytest.raises(UserError):  # the first write is refused and rolled back …
            s.services.dues.reverse(10**9, "录入错误")  # no such payment
        assert triggers(s) > 0  # … and the triggers stay
        s.services.dues.reverse(s.services.dues.payments(member.id)[-1].id, "录入错误")
        assert s.services.integrity.verify().intact


def test_migration_9_seals_a_v8_file(tmp_path: Path) -> None:
    target = tmp_path / "v8.sqlite"
    shutil.copy(FIXTURES / "schema_v8.sqlite", target)
    before = sqlite3.connect(target)
    meetings, payments, logs = (before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                for t in ("meeting", "dues_payment", "change_log"))
    before.close()
    with Session.open(target, Clock("2026-01-05")) as s:
        # 9: seals and the chain; 10: dues reminders; 11: development corrections; 12: posts and community;
        # 13: meeting kinds as rows
        assert s.migrated == migrate.SCHEMA_VERSION - 8
        c = s.conn
        assert c.execute("SELECT count(*) FROM vanguard_post").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM dues_reminder").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM dev_step_revision").fetchone()[0] == 0
        people = c.execute("SELECT count(*) FROM dev_person WHERE ended_on IS NULL AND end_reason = ''").fetchone()[0]
        assert people == c.execute("SELECT count(*) FROM dev_person").fetchone()[0] > 0
        assert s.services.development.people(include_closed=True)  # the older cases still read
        assert c.execute("SELECT count(*) FROM change_log WHERE hash IS NULL").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM change_log").fetchone()[0] >= logs
        assert c.execute("SELECT count(*) FROM record_seal WHERE entity = 'meeting'").fetchone()[0] == meetings
        assert c.execute("SELECT count(*) FROM record_seal WHERE entity = 'dues_payment'").fetchone()[0] == payments
        assert len(integrity.checkpoints(c)) == 1
        report = s.services.integrity.verify()
        assert report.intact and report.signed_checkpoints == 0


def test_the_operator_is_named_in_the_log(session, capsys) -> None:
    assert main(["--db", str(session.path), "operator"]) == 3  # the session holds the file
    session.services.integrity.set_operator("组织委员 张三")
    session.services.branch.add_group("第一党小组")
    row = session.conn.execute("SELECT operator FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "组织委员 张三"


def test_a_committee_file_of_schema_1_gets_the_log_chain(tmp_path: Path) -> None:
    from db import migrate
    from db.connection import connect

    path = tmp_path / "c.sqlite"
    conn = connect(path)
    first = migrate.Schema("committee", migrate.COMMITTEE.application_id, migrate.COMMITTEE.migrations[:1], "")
    migrate.migrate(conn, str(path), schema=first)
    conn.execute("INSERT INTO change_log (at, entity, entity_id, action) VALUES ('2026-01-01T09:00:00', 'branch', 1, "
                 "'登记')")
    conn.close()
    conn = connect(path)
    assert migrate.migrate(conn, str(path), schema=migrate.COMMITTEE) == len(migrate.COMMITTEE.migrations) - 1
    row = conn.execute("SELECT operator, hash FROM change_log").fetchone()
    assert row[0] == "" and row[1] == integrity.link(integrity.GENESIS, {
        "id": 1, "at": "2026-01-01T09:00:00", "operator": "", "entity": "branch", "entity_id": 1, "action": "登记",
        "before": None, "after": None, "reason": ""})
    conn.close()


def test_handover_verifies_backs_up_prints_and_changes_the_operator(year_file: Path, tmp_path: Path) -> None:
    import os

    from pypdf import PdfReader

    from app.integrity.handover import hand_over

    with Session.open(year_file, Clock("2026-06-30")) as s:
        s.services.integrity.set_operator("组织委员 张三")
        result = hand_over(s, "李新书记", tmp_path / "移交清单.pdf", tmp_path / "原书记副本.sqlite")
        assert s.services.integrity.operator() == "李新书记"
        meetings = s.conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
        assert ("会议记录", meetings) == next((w, n) for w, n, _ in result.rows if w == "会议记录")
        assert result.backup.is_file() and not result.verify_lines
        assert not os.access(tmp_path / "原书记副本.sqlite", os.W_OK) or os.geteuid() == 0
        assert (os.stat(tmp_path / "原书记副本.sqlite").st_mode & 0o222) == 0  # read-only
        last = s.conn.execute("SELECT action, operator FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        assert tuple(last) == ("工作移交", "李新书记")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "移交清单.pdf").pages)
    assert "党支部台账移交清单" in text and result.backup_sha256 in text and "李新书记" in text


def test_a_handover_to_a_missing_folder_changes_nothing(year_file: Path, tmp_path: Path) -> None:
    from app.common.errors import UserError
    from app.integrity.handover import hand_over
    from db import backup as db_backup

    with Session.open(year_file, Clock("2026-06-30")) as s:
        before = db_backup.list_backups(year_file)
        with pytest.raises(UserError, match="文件夹不存在"):
            hand_over(s, "李新书记", tmp_path / "没有" / "清单.pdf")
        assert db_backup.list_backups(year_file) == before and s.services.integrity.operator() == ""


@pytest.mark.parametrize("edit, entity", [
    ("UPDATE member SET id_number = '110101199001011234' WHERE id = (SELECT min(id) FROM member)", "member"),
    ("DELETE FROM group_membership WHERE id = (SELECT max(id) FROM group_membership)", "member"),
    ("UPDATE dues_assessment SET base_fen = base_fen + 100 WHERE id = (SELECT min(id) FROM dues_assessment)",
     "dues_assessment"),
    ("DELETE FROM dues_remittance WHERE id = (SELECT min(id) FROM dues_remittance)", "dues_remittance"),
    ("UPDATE dev_step SET done_on = '2024-01-02' WHERE id = (SELECT min(id) FROM dev_step)", "dev_person"),
    ("UPDATE branch SET name = '中共某某局机关党支部'", "branch"),
    ("UPDATE committee_member SET start_date = '2023-01-01' WHERE id = (SELECT min(id) FROM committee_member)",
     "committee_term"),
])
def test_outside_edits_to_every_official_record_are_found_and_named(year_file: Path, edit: str, entity: str,
                                                                    capsys) -> None:
    c = _outside(year_file)
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        c.execute(f'DROP TRIGGER "{name}"')  # as a determined editor would
    c.execute(edit)
    c.close()
    found = _verify(year_file)
    assert [f.entity for f in found] == [entity]
    assert main(["--db", str(year_file), "verify"]) == 4
    assert integrity.ENTITY_LABELS[entity] in capsys.readouterr().out


@pytest.mark.parametrize("cut", ["DELETE FROM change_log WHERE id > (SELECT max(id) - 3 FROM change_log)",
                                 "DELETE FROM change_log"])
def test_rows_cut_off_the_end_of_the_log_are_found_against_the_automatic_backups(year_file: Path, cut: str,
                                                                               capsys) -> None:
    with Session.open(year_file, Clock("2026-06-30")) as s:
        s.services.roster.update(s.services.roster.list()[0].id, {"phone": "13800000000"}, reason="电话变更")
        s.services.backups.auto(force=True)  # the daily automatic backup holds the log as it is now
    c = _outside(year_file)
    c.execute(cut)  # the chain of what is left is still whole: only an anchor can tell
    c.execute("DROP TRIGGER checkpoint_no_delete")
    c.execute("DELETE FROM checkpoint")
    c.close()
    found = _verify(year_file)
    assert [(f.entity, f.what) for f in found] == [("change_log", "chain")]
    assert "操作日志末尾被删除" in found[0].message and "自动备份" in found[0].message
    assert main(["--db", str(year_file), "verify"]) == 4
    assert "操作日志末尾被删除" in capsys.readouterr().out


#: Values SQLite and Python might write differently as JSON: control characters, a NUL inside
#: text, quotes and backslashes, characters beyond the BMP, the largest integers.
_AWKWARD = ["".join(chr(i) for i in range(0x20)) + "\"\\/\x7f", "甲\x00乙", "𠮷䶮😀\u2028\ufeff", "  ", ""]


def test_digests_written_by_sqlites_json_match_pythons_for_every_kind_of_value(year_file: Path) -> None:
    """The seals are checked with each row written as JSON by SQLite (faster); a record holding a
    value it writes otherwise (a real number, a file's bytes) goes through Python. Both must give
    the program's own digests, whatever the records hold."""
    c = _outside(year_file)
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        c.execute(f'DROP TRIGGER "{name}"')
    meetings = [r[0] for r in c.execute("SELECT id FROM meeting ORDER BY id LIMIT 6")]
    for mid, text in zip(meetings, _AWKWARD, strict=False):
        c.execute("UPDATE meeting SET content = ? WHERE id = ?", (text, mid))
    c.execute("UPDATE dues_payment SET amount_fen = ? WHERE id = (SELECT max(id) FROM dues_payment)", (2**63 - 1,))
    c.execute("INSERT INTO meeting_attachment (meeting_id, filename, sha256, size, data, added_at) "
              "VALUES (?, 'a.pdf', 'x', 3, ?, '2026-01-01T00:00:00')", (meetings[0], b"\x00\x01\x02"))
    for n, value in enumerate((3000.5, 1e20, 0.1 + 0.2)):  # SQLite writes the last two otherwise
        c.execute("UPDATE dues_payment SET amount_fen = ? WHERE id = (SELECT min(id) + ? FROM dues_payment)",
                  (value, n))
    c.execute("UPDATE change_log SET entity_id = 1.25 WHERE id = (SELECT max(id) FROM change_log)")
    # rows that name no record of their kind: a key that is text, and one that is a real number
    c.execute("UPDATE meeting_agenda SET meeting_id = 'x' || meeting_id "
              "WHERE id = (SELECT min(id) FROM meeting_agenda)")
    c.execute("UPDATE meeting_speech SET meeting_id = meeting_id + 0.5 "
              "WHERE id = (SELECT min(id) FROM meeting_speech)")
    conn = engine.connect(str(year_file))  # the program's engine, as the program reads
    try:
        for entity in integrity.PROTECTED:
            assert integrity._digests_from_json(conn, entity) == integrity._digests_from_rows(conn, entity), entity
            by_one = {key: integrity.digest(conn, entity, key) for key in integrity._digests_from_rows(conn, entity)}
            assert integrity.all_digests(conn, entity) == by_one
        # a file's bytes where text belongs: SQLite's JSON refuses it, Python reads the table instead
        c.execute("UPDATE meeting SET title = ? WHERE id = ?", (b"\xff", meetings[1]))
        assert integrity.all_digests(conn, "meeting") == integrity._digests_from_rows(conn, "meeting")
        assert integrity._first_broken_in_json(conn) == integrity._first_broken_in_rows(conn)
    finally:
        conn.close()
        c.close()


@pytest.mark.parametrize("edit, entity", [
    ("UPDATE dues_payment SET amount_fen = amount_fen + 0.25 WHERE id = (SELECT min(id) FROM dues_payment)",
     "dues_payment"),
    # the bytes of "甲" where the text was: SQLite's JSON cannot write them, Python reads the table
    ("UPDATE meeting_attendance SET absence_note = x'e794b2' WHERE id = (SELECT min(id) FROM meeting_attendance)",
     "meeting"),
    ("UPDATE meeting SET content = content || char(0) || '另加的内容' WHERE id = (SELECT min(id) FROM meeting)",
     "meeting"),
])
def test_values_of_another_type_slipped_into_a_record_are_found(year_file: Path, edit: str, entity: str) -> None:
    c = _outside(year_file)
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        c.execute(f'DROP TRIGGER "{name}"')
    c.execute(edit)
    c.close()
    assert [f.entity for f in _verify(year_file)] == [entity]


def test_a_log_row_changed_to_a_real_number_breaks_the_chain_there(year_file: Path) -> None:
    c = _outside(year_file)
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        c.execute(f'DROP TRIGGER "{name}"')
    log_id = c.execute("SELECT min(id) FROM change_log WHERE entity_id IS NOT NULL").fetchone()[0]
    c.execute("UPDATE change_log SET entity_id = entity_id + 0.25 WHERE id = ?", (log_id,))
    c.close()
    found = _verify(year_file)
    assert [(f.entity, f.key, f.what) for f in found] == [("change_log", str(log_id), "chain")]


def test_seals_read_through_sqlites_json_are_the_seals_row_by_row_and_a_key_of_bytes_is_found(
        year_file: Path) -> None:
    """The seals are read one JSON object per kind of record; a key that is not text (written with
    another tool) makes them be read row by row, as they are: the record no longer matches its seal."""
    conn = engine.connect(str(year_file))
    try:
        by_rows: dict[str, dict[str, str]] = {}
        for entity, key, value in conn.execute("SELECT entity, key, digest FROM record_seal"):
            by_rows.setdefault(entity, {})[key] = value
        assert integrity._seals_by_entity(conn) == by_rows
    finally:
        conn.close()
    c = _outside(year_file)
    mid = c.execute("SELECT min(CAST(key AS INTEGER)) FROM record_seal WHERE entity = 'meeting'").fetchone()[0]
    c.execute("UPDATE record_seal SET key = CAST(key AS BLOB) WHERE entity = 'meeting' AND key = ?", (str(mid),))
    c.close()
    found = [(f.entity, f.key, f.what) for f in _verify(year_file)]
    assert ("meeting", str(mid), "added") in found
    assert not [f for f in found if f[2] == "changed"]
