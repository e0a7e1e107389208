"""Bad input of every class the CLI meets — impossible dates, full-width digits, reversed or
absurd ranges, years out of range, numbers too large, control characters, JSON of the wrong
shape or too deep, a read-only file or folder, a full disk, a damaged file — gives a Chinese
message naming what is wrong, exit code 2 or 3, and leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

# Loaded here, before the unprivileged child runs: it could not read the modules under /root.
import app.dues.cli
import app.roster.cli  # noqa: F401 - loaded before the unprivileged child runs (it cannot read /root)  # noqa: F401
from app.cli import main
from app.common import idcard
from app.session import Session
from db.records.branch import Branch
from tests.conftest import CLOCK, TODAY, make_member
from ui.__main__ import main as entry_main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A branch with two members, closed, so its bytes can be compared."""
    path = tmp_path / "branch.sqlite"
    with Session.open(path, CLOCK) as s:
        s.services.branch.save(Branch(name="中共测试支部"))
        for name in ("张三", "李四"):
            s.services.roster.create(make_member(name=name, join_date="2010-07-01"))
        s.services.dues.assess(s.services.roster.find("张三"), 2026, base_fen=480_000)
    return path


# SQLCipher's module has no iterdump(): Python's own dump (plain SQL over any connection) does it
_iterdump = runpy.run_path(str(Path(sysconfig.get_paths()["stdlib"]) / "sqlite3" / "dump.py"))["_iterdump"]


def digest(path: Path) -> str:
    """The database's content (not its bytes: WAL checkpoints may move pages)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(_iterdump(conn)).encode()).hexdigest()
    finally:
        conn.close()


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--today", TODAY, *args])


def refused(capsys: pytest.CaptureFixture[str], db: Path, *args: str, code: int = 2) -> str:
    """Run, expect ``code`` and an unchanged database; return the Chinese message."""
    before = digest(db)
    try:
        got = run(db, *args)
    except SystemExit as exc:  # refused by the argument parser
        got = exc.code
    err = capsys.readouterr().err
    assert got == code, err
    assert digest(db) == before
    assert "错误" in err and "Traceback" not in err
    return err


def test_impossible_dates_are_refused_naming_the_argument(capsys, db: Path) -> None:
    err = refused(capsys, db, "members", "leave", "张三", "--kind", "转出", "--date", "2025-02-30", "--to-org", "x")
    assert "--date" in err and "2025年2月没有30日" in err
    err = refused(capsys, db, "dues", "close", "--month", "2026-13", "--by", "张三")
    assert "--month" in err and "月份 13 不存在" in err
    err = refused(capsys, db, "members", "list", "--on", "明天")
    assert "--on" in err and "不是可识别的日期" in err


def test_full_width_digits_are_accepted(capsys, db: Path) -> None:
    assert run(db, "dues", "close", "--month", "２０２６-０５", "--by", "张三") == 0
    with Session.open(db, CLOCK) as s:
        assert s.services.dues.cash.closed_months() == ["2026-05"]
    assert main(["--db", str(db), "--today", "２０２６-０６-１５", "members", "list", "--on", "２０２６．６．１"]) == 0
    assert "张三" in capsys.readouterr().out


def test_reversed_and_absurd_ranges(capsys, db: Path) -> None:
    err = refused(capsys, db, "dues", "pay", "张三", "--months", "2026-05..2026-01", "--amount", "48")
    assert "结束早于开始" in err
    err = refused(capsys, db, "dues", "pay", "张三", "--months", "1921-01..2100-12", "--amount", "48")
    assert "过长" in err


def test_years_outside_1921_to_2100(capsys, db: Path) -> None:
    for year in ("1900", "2101", "99999", "-5", "二〇二六"):
        err = refused(capsys, db, "meetings", "list", "--year", year)
        assert "--year" in err


def test_numbers_too_large(capsys, db: Path) -> None:
    err = refused(capsys, db, "meetings", "sign", "99999999999999999999", "--by", "张三")
    assert "过大" in err
    err = refused(capsys, db, "dues", "pay", "张三", "--months", "2026-01", "--amount", "99999999999999999")
    assert "金额过大" in err
    err = refused(capsys, db, "dues", "pay", "张三", "--months", "2026-01", "--amount", "1e30")
    assert "不是金额" in err
    err = refused(capsys, db, "dues", "settings", "dues.cap_fen", "9" * 40)
    assert "dues.cap_fen" in err or "上限" in err


def test_nul_and_control_characters(capsys, db: Path) -> None:
    err = refused(capsys, db, "branch", "set", "--name", "中共\x01支部")
    assert "控制字符" in err
    member = json.dumps({"name": "王\x00五", "id_number": "x"})
    err = refused(capsys, db, "members", "add", member)
    assert "控制字符" in err or "NUL" in err


def test_json_of_the_wrong_type(capsys, db: Path, tmp_path: Path) -> None:
    err = refused(capsys, db, "members", "add", "[1, 2]")
    assert "应是一个 JSON 对象" in err
    err = refused(capsys, db, "members", "add", '{"name": "王五", "is_leader_cadre": "也许"}')
    assert "is_leader_cadre" in err
    err = refused(capsys, db, "members", "edit", "张三", '{"salary": 1}')
    assert "未知字段" in err
    for body, words in ((
            {"kind": "支委会", "date": "2026-03-05", "votes": "很多"}, "votes"),
            ({"kind": "支部党员大会", "date": "2026-03-05", "votes": [{"subject": "x", "yes": "全票"}]},
             "votes[0].yes"),
            ({"kind": "支部党员大会", "date": "2026-02-30"}, "2026年2月没有30日"),
            ({"kind": "开会", "date": "2026-03-05"}, "会议类型"),
            ("不是对象", "JSON 对象")):
        path = tmp_path / "m.json"
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        err = refused(capsys, db, "meetings", "add", str(path))
        assert (words in err and "未添加任何记录" in err) or "JSON 对象" in err


def test_deep_and_broken_json(capsys, db: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "嵌套过深" in refused(capsys, db, "meetings", "add", str(deep))
    err = refused(capsys, db, "members", "add", "[" * 50 + "]" * 50)
    assert "嵌套过深" in err or "JSON 对象" in err
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"kind": "\xff"}')
    assert "UTF-8" in refused(capsys, db, "meetings", "add", str(broken))
    broken.write_text('{"kind": "支委会",}', encoding="utf-8")
    assert "不是有效的 JSON" in refused(capsys, db, "meetings", "add", str(broken))


def test_unknown_command_is_an_error_not_the_gui(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        entry_main(["frobnicate"])
    assert info.value.code == 2
    assert "无效的选项" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--db"], ["--db="], ["--demo", "--db"], ["--db", "--demo"]])
def test_db_without_a_file_is_refused_before_any_window(capsys, args: list[str]) -> None:
    assert entry_main(args) == 2
    err = capsys.readouterr().err
    assert "--db 后面应写数据库文件的路径" in err and "Traceback" not in err


def test_dues_close_writes_nothing_on_a_bad_month(capsys, db: Path) -> None:
    refused(capsys, db, "dues", "close", "--month", "2026-1x", "--by", "张三")
    with Session.open(db, CLOCK) as s:
        assert s.services.dues.cash.closed_months() == []


def test_full_disk_is_reported_and_changes_nothing(capsys, db: Path, monkeypatch) -> None:
    """SQLITE_FULL, as a full disk or USB stick gives it: SQLite's page limit makes it real."""
    import db.connection as connection

    real = connection.apply_pragmas

    def tiny(conn: sqlite3.Connection) -> None:
        real(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr("app.session.apply_pragmas", tiny)
    notes = "备注" * 999
    for i in range(40):  # fill until the page limit is reached
        before = digest(db)
        code = run(db, "members", "add", json.dumps(make_member(name=f"新党员{i}", notes=notes)))
        if code != 0:
            break
    err = capsys.readouterr().err
    assert code == 3 and "磁盘空间不足" in err and "Traceback" not in err, err
    assert digest(db) == before  # the write that failed left nothing behind


def test_damaged_file_points_to_the_backups(capsys, db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, after the header
    db.write_bytes(bytes(data))
    assert run(db, "members", "list") == 3
    err = capsys.readouterr().err
    assert "已损坏" in err and "备份" in err and "不是支部台账" not in err


def test_not_a_database_is_said_so(capsys, tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite"
    other.write_text("会议纪要", encoding="utf-8")
    assert run(other, "members", "list") == 3
    assert "不是支部台账" in capsys.readouterr().err
    assert other.read_text(encoding="utf-8") == "会议纪要"


def _as_nobody(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a forked child as an unprivileged user (root ignores file permissions).

    The child is forked, not executed, so the interpreter it runs in is already loaded: an
    unprivileged user could not start the virtual environment's Python under /root.
    """
    out_path, err_path = tmp_path / "out.txt", tmp_path / "err.txt"
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            with open(out_path, "w", encoding="utf-8") as out, open(err_path, "w", encoding="utf-8") as err:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout, sys.stderr = out, err
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                os.environ["BRANCHBOOK_HOME"] = str(tmp_path / "home")
                code = main(["--today", TODAY, *args])
                out.flush()
                err.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return subprocess.CompletedProcess(args, os.waitstatus_to_exitcode(status),
                                       out_path.read_text(encoding="utf-8"), err_path.read_text(encoding="utf-8"))


@pytest.fixture
def shared_tmp(tmp_path: Path) -> Path:
    """A folder the unprivileged user can reach."""
    tmp_path.chmod(0o755)
    for parent in tmp_path.parents:
        if parent == Path("/tmp") or parent == parent.parent:
            break
        parent.chmod(parent.stat().st_mode | 0o005)
    return tmp_path


def test_read_only_file_lists_but_refuses_writes(shared_tmp: Path, db: Path) -> None:
    folder = shared_tmp / "data"
    folder.mkdir()
    target = folder / "branch.sqlite"
    shutil.copy(db, target)
    (shared_tmp / "home").mkdir(mode=0o777)
    folder.chmod(0o777)
    target.chmod(0o444)
    before = digest(target)
    listed = _as_nobody(shared_tmp, "--db", str(target), "members", "list")
    assert listed.returncode == 0 and "张三" in listed.stdout, listed.stderr
    wrote = _as_nobody(shared_tmp, "--db", str(target), "members", "edit", "张三", '{"phone": "13900000000"}')
    assert wrote.returncode == 3 and "只读" in wrote.stderr and "Traceback" not in wrote.stderr
    assert digest(target) == before


def test_unwritable_folder_lists_but_refuses_writes(shared_tmp: Path, db: Path) -> None:
    folder = shared_tmp / "locked"
    folder.mkdir()
    target = folder / "branch.sqlite"
    shutil.copy(db, target)
    (shared_tmp / "home").mkdir(mode=0o777)
    target.chmod(0o666)
    folder.chmod(0o555)
    try:
        before = digest(target)
        listed = _as_nobody(shared_tmp, "--db", str(target), "members", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert {m["name"] for m in json.loads(listed.stdout)} == {"张三", "李四"}
        wrote = _as_nobody(shared_tmp, "--db", str(target), "dues", "close", "--month", "2026-05", "--by", "张三")
        assert wrote.returncode == 3 and "只读" in wrote.stderr
        created = _as_nobody(shared_tmp, "--db", str(folder / "new.sqlite"), "init", "--name", "新支部")
        assert created.returncode == 3 and "只读" in created.stderr
        assert not (folder / "new.sqlite").exists()
        assert digest(target) == before
    finally:
        folder.chmod(0o755)


def test_signers_must_be_members_or_committee_roles(capsys, db: Path) -> None:
    for who in ("不存在的人", "'; DROP TABLE member;--"):
        err = refused(capsys, db, "dues", "close", "--month", "2026-05", "--by", who)
        assert "不是本支部党员" in err
    assert run(db, "dues", "close", "--month", "2026-05", "--by", "张三") == 0


def test_json_fields_are_checked_for_their_type_and_written_once(capsys, db: Path) -> None:
    err = refused(capsys, db, "members", "edit", "张三", '{"name": 1}')
    assert "name" in err and "应是文字" in err
    err = refused(capsys, db, "members", "edit", "张三", '{"phone": "13900000000", "phone": "13800000000"}')
    assert "“phone”出现了不止一次" in err
    err = refused(capsys, db, "members", "edit", "张三", '{"birth_date": 19800512}')
    assert "应是日期文字" in err


def test_a_date_with_a_trailing_newline_or_space_is_refused(capsys, db: Path) -> None:
    for date in ("2026-05-10\n", "2026-05-10 ", " 2026-05-10"):
        err = refused(capsys, db, "members", "leave", "张三", "--kind", "转出", "--date", date, "--to-org", "某单位")
        assert "多余的空格或换行" in err


def test_a_name_longer_than_any_person_s_is_refused_and_a_long_minority_name_is_kept(db: Path, capsys) -> None:
    member = {"id_number": idcard.make("650102", "19880512", 31, "男"), "join_date": "2012-07-01"}
    message = refused(capsys, db, "members", "add", json.dumps({**member, "name": "张" * 31}, ensure_ascii=False))
    assert "姓名过长（31 个字，最多 30 个字）" in message
    assert run(db, "members", "add", json.dumps({**member, "name": "阿卜杜热合曼·艾合买提江"}, ensure_ascii=False)) == 0
    assert "阿卜杜热合曼·艾合买提江" in capsys.readouterr().out
