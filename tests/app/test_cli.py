"""The headless command line: output, Chinese errors on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.session import Session
from tests.app.test_roster_excel import HEADER, _good_rows, _sheet

ROOT = Path(__file__).resolve().parents[2]


def test_init_creates_and_registers(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "a.sqlite"
    assert main(["--db", str(db), "init", "--name", "中共某局机关党支部", "--founded", "2010.7.1"]) == 0
    assert "数据库已就绪" in capsys.readouterr().out
    with Session.open(db) as s:
        assert s.conn.execute("SELECT name, founded_on FROM branch").fetchone()[:] == (
            "中共某局机关党支部", "2010-07-01")


def test_import_dry_run_import_list_and_export(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "a.sqlite"
    xlsx = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows())
    assert main(["--db", str(db), "members", "import", str(xlsx), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "共 4 名党员" in out and "未写入" in out
    assert main(["--db", str(db), "members", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", str(db), "members", "import", str(xlsx)]) == 0
    assert "已导入 4 名党员" in capsys.readouterr().out
    assert main(["--db", str(db), "members", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {m["name"] for m in listed} == {"张三", "王䶮", "𠮷祥", "李秀兰"}
    prob = next(m for m in listed if m["name"] == "𠮷祥")
    assert prob["member_class"] == "预备" and prob["expected_full_date"] == "2025-12-18"
    assert main(["--db", str(db), "members", "list", "--on", "2002-01-01", "--json"]) == 0
    assert {m["name"] for m in json.loads(capsys.readouterr().out)} == {"王䶮", "李秀兰"}
    out_file = tmp_path / "out.xlsx"
    assert main(["--db", str(db), "members", "export", str(out_file)]) == 0
    assert out_file.exists() and "已导出 4 名党员" in capsys.readouterr().out


def test_bad_import_is_reported_on_stderr_and_writes_nothing(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "a.sqlite"
    rows = _good_rows()
    rows[2][5] = "123"
    xlsx = _sheet(tmp_path / "坏名册.xlsx", HEADER, rows)
    assert main(["--db", str(db), "members", "import", str(xlsx)]) == 2
    err = capsys.readouterr().err
    assert "坏名册.xlsx 第6行“公民身份号码”列：公民身份号码应为18位" in err
    assert "未导入任何数据" in err
    main(["--db", str(db), "members", "list", "--json"])
    assert json.loads(capsys.readouterr().out) == []


def test_storage_refusals_exit_non_zero(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    other = tmp_path / "note.txt"
    other.write_text("not a database " * 100)
    assert main(["--db", str(other), "members", "list"]) == 3
    assert "不是支部台账" in capsys.readouterr().err
    db = tmp_path / "a.sqlite"
    with Session.open(db):
        assert main(["--db", str(db), "members", "list"]) == 3
        assert "另一个支部台账窗口或进程" in capsys.readouterr().err


def _run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "BRANCHBOOK_HOME": str(env_home)}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120)


def test_python_m_app_and_the_entry_point_do_not_import_qt(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom ui.__main__ import main\n"
        f"code = main(['--db', {str(tmp_path / 'x.sqlite')!r}, 'members', 'list'])\n"
        "assert 'PySide6' not in sys.modules, 'Qt imported for a CLI command'\n"
        "sys.exit(code)\n"
    )
    result = _run("-c", probe, env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "共 0 人" in result.stdout
    result = _run("-m", "app", "--version", env_home=tmp_path)
    assert result.returncode == 0 and "BranchBook" in result.stdout
    result = _run("-m", "app", "--db", str(tmp_path / "x.sqlite"), "members", "import",
                  str(tmp_path / "missing.xlsx"), env_home=tmp_path)
    assert result.returncode == 2 and "找不到文件" in result.stderr


@pytest.mark.parametrize("argv", [["members", "list"], ["init"]])
def test_default_database_lives_in_the_user_data_folder(argv: list[str], tmp_path: Path) -> None:
    result = _run("-m", "app", *argv, env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "branchbook.sqlite").exists()


def test_backup_command_writes_a_usable_copy(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "a.sqlite"
    xlsx = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows())
    assert main(["--db", str(db), "members", "import", str(xlsx)]) == 0
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert main(["--db", str(db), "backup", str(usb)]) == 0
    copies = list(usb.glob("a-备份-*.sqlite"))
    assert len(copies) == 1 and "已备份到" in capsys.readouterr().out
    with Session.open(copies[0]) as s:
        assert s.conn.execute("SELECT count(*) FROM member").fetchone()[0] == 4
    assert main(["--db", str(db), "backup", str(db)]) == 2
    assert "不能是正在使用的数据库本身" in capsys.readouterr().err
