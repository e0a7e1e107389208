"""Encryption at rest: with it on, nothing in the file or its backups is readable without the
passphrase; the program still reads, verifies, backs up and restores; off again, all is plain."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.common.clock import Clock
from app.integrity import encryption
from app.session import Session
from db.connection import SQLITE_HEADER, forget_passphrases
from db.errors import PassphraseRequired, WrongPassphrase
from tests.conftest import TODAY

SECRET = "书记的口令'1234"


#: each test stands for a program started afresh: it knows no passphrase yet
pytestmark = pytest.mark.usefixtures("no_known_passphrases")


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    from app.demo import fill_demo

    path = tmp_path / "台账.sqlite"
    with Session.open(path, Clock(TODAY)) as session:
        fill_demo(session.services)
        session.services.backups.auto(force=True)
    return path


def _plain_facts(path: Path) -> list[bytes]:
    with Session.open(path, Clock(TODAY), read_only=True) as session:
        rows = session.conn.execute("SELECT name, id_number FROM member LIMIT 5").fetchall()
    return [r[1].encode() for r in rows] + [r[0].encode() for r in rows]


def _passfile(tmp_path: Path, text: str, name: str = "pw.txt") -> str:
    file = tmp_path / name
    file.write_text(text + "\n", encoding="utf-8")
    return str(file)


def test_encrypted_file_and_backups_hold_no_readable_record(demo_file: Path, tmp_path: Path, capsys) -> None:
    facts = _plain_facts(demo_file)
    assert any(f in demo_file.read_bytes() for f in facts)
    assert main(["--db", str(demo_file), "--today", TODAY, "encrypt",
                 "--new-passphrase-file", _passfile(tmp_path, SECRET)]) == 0
    assert "加密数据库完成" in capsys.readouterr().out
    backups = list((demo_file.parent / "backups").glob("*.sqlite"))
    assert len(backups) >= 2  # the one taken before, and the older one converted
    for file in (demo_file, *backups):
        raw = file.read_bytes()
        assert not raw.startswith(SQLITE_HEADER)
        assert not any(fact in raw for fact in facts), file.name
    forget_passphrases()
    with pytest.raises(PassphraseRequired):
        Session.open(demo_file)
    with pytest.raises(WrongPassphrase):
        Session.open(demo_file, passphrase="不是这个口令123")
    with Session.open(demo_file, Clock(TODAY), passphrase=SECRET) as session:
        assert session.services.integrity.verify().intact  # the hash chain survived the re-encryption
        assert any(e["action"] == "加密数据库" for e in session.services.integrity.log_entries("", 5))
        infos = session.services.backups.list()
        assert infos and all(i.ok for i in infos) and infos[0].counts["members"] > 0
        # the automatic backup of an encrypted file is encrypted with the same passphrase
        taken = session.services.backups.auto(force=True)
        assert not taken.read_bytes().startswith(SQLITE_HEADER)


def test_command_line_needs_the_passphrase_and_says_how(demo_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(demo_file), "encrypt", "--new-passphrase-file", _passfile(tmp_path, SECRET)]) == 0
    capsys.readouterr()
    forget_passphrases()
    assert main(["--db", str(demo_file), "members", "list"]) == 3
    assert "已加密" in capsys.readouterr().err
    bad = _passfile(tmp_path, "wrong-passphrase", "bad.txt")
    assert main(["--db", str(demo_file), "--db-passphrase-file", bad, "members", "list"]) == 3
    assert "口令不对" in capsys.readouterr().err
    good = _passfile(tmp_path, SECRET)
    assert main(["--db", str(demo_file), "--db-passphrase-file", good, "members", "list", "--json"]) == 0
    assert "id_number" in capsys.readouterr().out
    assert main(["--db", str(demo_file), "--db-passphrase-file", good, "verify"]) == 0


def test_change_passphrase_then_decrypt_round_trip(demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    facts = _plain_facts(demo_file)
    before = _counts(demo_file, None)
    assert main(["--db", str(demo_file), "encrypt", "--new-passphrase-file", _passfile(tmp_path, SECRET)]) == 0
    monkeypatch.setenv("BRANCHBOOK_DB_PASSPHRASE", SECRET)
    assert main(["--db", str(demo_file), "encrypt", "--new-passphrase-file",
                 _passfile(tmp_path, "另一个口令abcd", "new.txt")]) == 0
    forget_passphrases()
    with pytest.raises(WrongPassphrase):
        Session.open(demo_file, passphrase=SECRET)
    monkeypatch.setenv("BRANCHBOOK_DB_PASSPHRASE", "另一个口令abcd")
    assert main(["--db", str(demo_file), "decrypt"]) == 0
    assert demo_file.read_bytes().startswith(SQLITE_HEADER)
    assert any(f in demo_file.read_bytes() for f in facts)
    assert all(b.read_bytes().startswith(SQLITE_HEADER) for b in (demo_file.parent / "backups").glob("*.sqlite"))
    after = _counts(demo_file, None)
    assert after == {**before, "change_log": before["change_log"] + 3}  # the three changes are logged


def _counts(path: Path, passphrase: str | None) -> dict[str, int]:
    with Session.open(path, Clock(TODAY), read_only=True, passphrase=passphrase) as session:
        return {t: session.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("member", "meeting", "dues_payment", "change_log")}


def test_refusals_change_nothing(demo_file: Path, tmp_path: Path, capsys) -> None:
    before = demo_file.read_bytes()
    assert main(["--db", str(demo_file), "encrypt", "--new-passphrase-file", _passfile(tmp_path, "short")]) == 2
    assert "口令太短" in capsys.readouterr().err
    assert main(["--db", str(demo_file), "decrypt"]) == 2
    assert "没有加密" in capsys.readouterr().err
    assert demo_file.read_bytes() == before
    assert not list(demo_file.parent.glob("*.rekey"))


def test_restoring_an_encrypted_backup_into_the_encrypted_file(demo_file: Path) -> None:
    from tests.conftest import make_member

    with Session.open(demo_file, Clock(TODAY)) as session:
        encryption.change(session, SECRET)
    with Session.open(demo_file, Clock(TODAY), passphrase=SECRET) as session:
        backup = session.services.backups.list()[0].path
        members = session.conn.execute("SELECT count(*) FROM member").fetchone()[0]
        session.services.roster.create(make_member(name="后来者", join_date="2020-07-01"))
        session.restore_from(backup)
        assert session.conn.execute("SELECT count(*) FROM member").fetchone()[0] == members
    assert not demo_file.read_bytes().startswith(SQLITE_HEADER)


def test_handover_can_set_the_receivers_passphrase(demo_file: Path, tmp_path: Path, capsys) -> None:
    args = ["--db", str(demo_file), "--today", TODAY, "handover", "--to-name", "李新书记",
            "-o", str(tmp_path / "移交清单.pdf")]
    assert main([*args, "--new-passphrase-file", _passfile(tmp_path, "short")]) == 2
    assert "口令太短" in capsys.readouterr().err and not (tmp_path / "移交清单.pdf").exists()
    assert main([*args, "--new-passphrase-file", _passfile(tmp_path, "新书记的口令2026", "new.txt")]) == 0
    assert "已改用接收人的口令加密" in capsys.readouterr().out
    forget_passphrases()
    with Session.open(demo_file, Clock(TODAY), passphrase="新书记的口令2026") as session:
        assert session.services.integrity.operator() == "李新书记"
        assert session.services.integrity.verify().intact


def test_an_encrypted_file_prints_a_closed_year_and_exports_its_bundle(demo_file: Path, tmp_path: Path, capsys,
                                                                       monkeypatch) -> None:
    """The closed year's view and the bundle's snapshot are plain copies made through SQLCipher's
    export (the backup API cannot copy an encrypted file into a plain one)."""
    from app.bundle import keys
    from app.committee.session import CommitteeSession

    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)
    plain = tmp_path / "plain.pdf"
    base = ["--db", str(demo_file), "--today", TODAY]
    assert main([*base, "print", "workbook", "--year", "2025", "-o", str(plain)]) == 0
    passfile = _passfile(tmp_path, SECRET)
    assert main([*base, "encrypt", "--new-passphrase-file", passfile]) == 0
    forget_passphrases()
    encrypted = tmp_path / "encrypted.pdf"
    base = [*base, "--db-passphrase-file", passfile]
    assert main([*base, "print", "workbook", "--year", "2025", "-o", str(encrypted)]) == 0
    assert encrypted.read_bytes() == plain.read_bytes()  # the same year, the same book
    with CommitteeSession.open(tmp_path / "工委.sqlite", Clock(TODAY)) as committee:
        committee.services.init("中共测试工委", "党委口令-2026")
        pub = tmp_path / "committee.pub"
        pub.write_bytes(committee.services.public_key().to_file())
        fingerprint = committee.services.public_key().fingerprint
    key_pass = _passfile(tmp_path, "支部口令-2026", "key.txt")
    assert main([*base, "keys", "init", "--passphrase-file", key_pass]) == 0
    assert main([*base, "committee-key", "import", str(pub), "--fingerprint", fingerprint]) == 0
    out = tmp_path / "usb"
    out.mkdir()
    capsys.readouterr()
    assert main([*base, "bundle", "export", "--year", "2025", "-o", str(out), "--passphrase-file", key_pass,
                 "--yes"]) == 0, capsys.readouterr().err
    assert len(list(out.glob("*.bbx"))) == 1
    forget_passphrases()
