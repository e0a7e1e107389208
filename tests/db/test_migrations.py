"""Schema creation, migration steps, refusals, and backups."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.session import Session
from db import backup, engine, migrate
from db.connection import APPLICATION_ID, connect
from db.errors import (
    DatabaseLocked,
    DatabaseTooNew,
    MigrationFailed,
    NotBranchBookDatabase,
)
from tests.conftest import services_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "db"


def test_new_file_gets_the_whole_schema(db_path: Path) -> None:
    with Session.open(db_path) as s:
        assert migrate.user_version(s.conn) == migrate.SCHEMA_VERSION
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"branch", "member", "membership_period", "party_group", "committee_term"} <= tables
        assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    # A new file has nothing worth backing up.
    assert backup.list_backups(db_path) == []


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [m.version for m in migrate.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))


def _fake_step(version: int, sql: str) -> migrate.Migration:
    return migrate.Migration(version, f"test_{version}", migrate._sql_runner(sql))


def test_a_later_migration_keeps_data_and_backs_up_first(db_path: Path, tmp_path: Path) -> None:
    from tests.conftest import make_member, services_of

    with Session.open(db_path) as s:
        services_of(s.conn).roster.create(make_member(name="李四"))
    conn = connect(db_path)
    steps = [*migrate.MIGRATIONS, _fake_step(migrate.SCHEMA_VERSION + 1,
                                             "ALTER TABLE member ADD COLUMN nickname TEXT NOT NULL DEFAULT '';")]
    assert migrate.migrate(conn, str(db_path), steps) == 1
    assert migrate.user_version(conn) == migrate.SCHEMA_VERSION + 1
    assert conn.execute("SELECT name, nickname FROM member").fetchall()[0][:] == ("李四", "")
    conn.close()
    copies = backup.list_backups(db_path)
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == migrate.SCHEMA_VERSION
    assert old.execute("SELECT name FROM member").fetchone()[0] == "李四"
    old.close()


def test_a_failing_step_rolls_back_and_keeps_the_version(db_path: Path) -> None:
    Session.open(db_path).close()
    conn = connect(db_path)
    bad = _fake_step(migrate.SCHEMA_VERSION + 1,
                     "ALTER TABLE member ADD COLUMN x TEXT;\nTHIS IS NOT SQL;")
    with pytest.raises(MigrationFailed) as info:
        migrate.migrate(conn, str(db_path), [*migrate.MIGRATIONS, bad])
    assert "升级失败" in info.value.user_message()
    assert migrate.user_version(conn) == migrate.SCHEMA_VERSION
    columns = [r[1] for r in conn.execute("PRAGMA table_info(member)")]
    assert "x" not in columns
    conn.close()


def test_fixture_of_schema_v1_migrates_to_head(tmp_path: Path) -> None:
    """The database shape of release 0.1 (schema 1), with data, opens in this version."""
    target = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", target)
    with Session.open(target) as s:
        assert migrate.user_version(s.conn) == migrate.SCHEMA_VERSION
        names = [r[0] for r in s.conn.execute("SELECT name FROM member ORDER BY id")]
        assert names[:2] == ["王䶮", "𠮷祥"]
        assert s.conn.execute("SELECT name FROM branch").fetchone()[0].startswith("中共")


def test_a_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    Session.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrate.SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew) as info:
        Session.open(db_path)
    assert "更新版本" in info.value.user_message()
    assert db_path.read_bytes() == before


def test_another_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(NotBranchBookDatabase) as info:
        Session.open(other)
    assert "不是支部台账" in info.value.user_message()
    assert other.read_bytes() == before
    assert not Path(str(other) + "-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    text = tmp_path / "名册.xlsx"
    text.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 40)
    before = text.read_bytes()
    with pytest.raises(NotBranchBookDatabase):
        Session.open(text)
    assert text.read_bytes() == before


def test_a_database_open_elsewhere_is_refused(db_path: Path) -> None:
    first = Session.open(db_path)
    try:
        with pytest.raises(DatabaseLocked) as info:
            Session.open(db_path)
        assert "另一个" in info.value.user_message()
    finally:
        first.close()
    Session.open(db_path).close()  # free again once the first one closed


def test_backups_keep_the_newest_twenty(session) -> None:
    for _ in range(backup.KEEP_BACKUPS + 5):
        backup.take_backup(session.conn, session.path, "test")
    copies = backup.list_backups(session.path)
    assert len(copies) == backup.KEEP_BACKUPS
    assert copies[0].parent == session.path.parent / "backups"


def test_migration_2_adds_the_work_record_to_a_v1_database(tmp_path: Path) -> None:
    """From the schema-1 fixture (a branch with members): the roster is untouched, the
    meeting tables work, including the Chinese full-text index and the sign-off lock."""
    target = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", target)
    before = sqlite3.connect(target)
    members_before = before.execute("SELECT id, name, id_number FROM member ORDER BY id").fetchall()
    assert before.execute("PRAGMA user_version").fetchone()[0] == 1
    before.close()
    with Session.open(target) as s:
        assert s.migrated >= 1
        after = [tuple(r) for r in s.conn.execute("SELECT id, name, id_number FROM member ORDER BY id")]
        assert after == members_before

        service = services_of(s.conn).meetings
        m = service.new_from_last("支部党员大会", "2025-06-30")
        m.title, m.host, m.recorder, m.content = "半年工作总结", "书记", "委员", "布置整改工作"
        mid = service.save(m)
        assert [r.id for r in service.list(text="整改")] == [mid]
        assert len(service.get(mid).attendance) > 30
    assert len(backup.list_backups(target)) == 1


def test_migration_5_adds_the_year_texts_to_a_v4_database(tmp_path: Path) -> None:
    """From the schema-4 fixture (a year of records): everything is kept, and the year's plan
    and summary can be written and read back."""
    from app.common.clock import Clock

    target = tmp_path / "v4.sqlite"
    shutil.copy(FIXTURES / "schema_v4.sqlite", target)
    before = sqlite3.connect(target)
    counts = {t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("member", "meeting", "meeting_attendance", "change_log")}
    assert before.execute("PRAGMA user_version").fetchone()[0] == 4
    before.close()
    with Session.open(target, Clock("2026-01-05")) as s:
        assert s.migrated >= 1
        for table, n in counts.items():
            assert s.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
        service = s.services.meetings
        assert service.year_text(2025, "年度工作总结") == ""
        service.set_year_text(2025, "年度工作总结", "全年召开支委会12次。", "书记")
        assert service.year_text(2025, "年度工作总结") == "全年召开支委会12次。"
    assert list((tmp_path / "backups").glob("v4-*before-migrate-v4.sqlite"))


def test_migration_6_adds_the_bundle_tables_to_a_v5_database(tmp_path: Path, monkeypatch) -> None:
    """From the schema-5 fixture (the full demo): every record is kept, and the branch can make
    its key, import a committee key and export the year's bundle."""
    from app.bundle import keys
    from app.common.clock import Clock

    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)
    target = tmp_path / "v5.sqlite"
    shutil.copy(FIXTURES / "schema_v5.sqlite", target)
    before = sqlite3.connect(target)
    assert before.execute("PRAGMA user_version").fetchone()[0] == 5
    counts = {t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("member", "meeting", "dues_payment", "dev_person", "year_text", "change_log")}
    before.close()
    with Session.open(target, Clock("2026-01-05")) as s:
        assert s.migrated >= 1
        for table, n in counts.items():
            if table != "change_log":
                assert s.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
        service = s.services.bundle
        service.init_key("迁移后的口令-1")
        committee = keys.CommitteePrivate.generate("工委", 2026).public()
        service.import_committee_key(committee, committee.fingerprint)
        result = service.export(2025, tmp_path, "迁移后的口令-1")
        assert result.path.exists() and service.exports(2025)[0].seq == 1
    assert list((tmp_path / "backups").glob("v5-*before-migrate-v5.sqlite"))


def test_migration_7_adds_notices_to_a_v6_database(tmp_path: Path, monkeypatch) -> None:
    """From the schema-6 fixture (the demo with its branch key): the key still opens with its
    passphrase, and a notice from the trusted committee can be imported and worked through."""
    from app.bundle import keys, notice
    from app.common.clock import Clock

    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)
    target = tmp_path / "v6.sqlite"
    shutil.copy(FIXTURES / "schema_v6.sqlite", target)
    with Session.open(target, Clock("2026-01-05")) as s:
        assert s.migrated >= 1
        service = s.services.bundle
        service.unlock("fixture-passphrase")
        committee = keys.CommitteePrivate.generate("工委", 2026)
        service.import_committee_key(committee.public(), committee.public().fingerprint)
        service.set_setting("bundle.branch_code", "CZ02")
        body = {"notice_id": "n1", "committee": "工委", "committee_fingerprint": committee.public().fingerprint,
                "branch_id": "CZ02", "branch_name": "x", "year": 2025, "created": "2026-01-05T09:00:00",
                "due_on": "2026-02-05", "items": [{"no": 1, "problem": "支委会记录缺会议内容", "due_on": "2026-02-05"}]}
        path = tmp_path / "n.bbn"
        path.write_bytes(notice.write(body, committee.signer()))
        s.services.notices.import_file(path)
        [item] = s.services.notices.items(open_only=True)
        s.services.notices.mark(item.id, True, "已补全")
        assert s.services.notices.items(open_only=True) == []
    assert list((tmp_path / "backups").glob("v6-*before-migrate-v6.sqlite"))


def test_migration_8_adds_indexes_to_a_v7_database(tmp_path: Path) -> None:
    """From the schema-7 fixture: the indexes exist, every row is kept, a year's payments are
    found by date through the new index."""
    from app.common.clock import Clock

    target = tmp_path / "v7.sqlite"
    shutil.copy(FIXTURES / "schema_v7.sqlite", target)
    before = sqlite3.connect(target)
    payments = before.execute("SELECT count(*) FROM dues_payment").fetchone()[0]
    before.close()
    with Session.open(target, Clock("2026-01-05")) as s:
        assert s.migrated >= 1
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"dues_payment_month_payment", "dues_payment_paid_on", "meeting_vote_meeting"} <= names
        assert s.conn.execute("SELECT count(*) FROM dues_payment").fetchone()[0] == payments > 0
        plan = " ".join(r[3] for r in s.conn.execute(
            "EXPLAIN QUERY PLAN SELECT sum(amount_fen) FROM dues_payment WHERE paid_on BETWEEN '2025-01-01' AND "
            "'2025-12-31'"))
        assert "dues_payment_paid_on" in plan
        assert s.services.dues.cash.summary(2025)["year"][0]["collected_fen"] > 0


def test_a_failed_backup_leaves_nothing_that_looks_like_a_backup(session, monkeypatch) -> None:
    """Written to a temporary name, checked, then renamed: a copy that does not check out (a full
    disk, a crash) is never left under a backup's name, and leftovers are cleaned up."""
    from db import backup

    folder = backup.backups_dir(session.path)
    before = set(folder.glob("*")) if folder.exists() else set()
    real = backup.table_counts
    monkeypatch.setattr(backup, "table_counts", lambda conn: {**real(conn), "x": id(conn)})  # never equal
    with pytest.raises(engine.DatabaseError):
        backup.take_backup(session.conn, session.path, "test")
    assert set(folder.glob("*")) == before
    monkeypatch.setattr(backup, "table_counts", real)
    (folder / "stale.sqlite.partial").write_bytes(b"")
    made = backup.take_backup(session.conn, session.path, "test")
    assert not list(folder.glob("*.partial"))
    check = sqlite3.connect(made)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
