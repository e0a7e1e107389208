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
from tests.conftest import services_of

ROOT = Path(__file__).resolve().parents[2]


def test_init_creates_and_registers(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite"
    assert main(["--db", str(db), "init", "--name", "中共某局机关党支部", "--founded", "2010.7.1"]) == 0
    assert "数据库已就绪" in capsys.readouterr().out
    with Session.open(db) as s:
        assert s.conn.execute("SELECT name, founded_on FROM branch").fetchone()[:] == (
            "中共某局机关党支部", "2010-07-01")


def test_import_dry_run_import_list_and_export(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite"
    xlsx = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows())
    assert main(["--db", str(db), "init", "--name", "中共某局机关党支部"]) == 0
    assert main(["--db", str(db), "members", "import", str(xlsx), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "共 4 名党员" in out and "未写入" in out
    assert main(["--db", str(db), "members", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", str(db), "members", "import", str(xlsx), "--new-groups"]) == 0
    assert "已导入：新增 4 名，更新 0 名党员" in capsys.readouterr().out
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


def test_bad_import_is_reported_on_stderr_and_writes_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite"
    rows = _good_rows()
    rows[2][5] = "123"
    xlsx = _sheet(tmp_path / "坏名册.xlsx", HEADER, rows)
    assert main(["--db", str(db), "init", "--name", "中共某局机关党支部"]) == 0
    assert main(["--db", str(db), "members", "import", str(xlsx)]) == 2
    err = capsys.readouterr().err
    assert "坏名册.xlsx 第6行“公民身份号码”列：公民身份号码应为18位" in err
    assert "未导入任何数据" in err
    main(["--db", str(db), "members", "list", "--json"])
    assert json.loads(capsys.readouterr().out) == []


def test_storage_refusals_exit_non_zero(tmp_path: Path, capsys) -> None:
    other = tmp_path / "note.txt"
    other.write_text("not a database " * 100)
    assert main(["--db", str(other), "members", "list"]) == 3
    assert "不是支部台账" in capsys.readouterr().err
    db = tmp_path / "a.sqlite"
    with Session.open(db):
        assert main(["--db", str(db), "init", "--name", "中共某局机关党支部"]) == 3
        assert "另一个支部台账窗口或进程" in capsys.readouterr().err


def test_listing_reads_beside_the_open_program_and_changes_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite"
    xlsx = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows())
    assert main(["--db", str(db), "init", "--name", "中共某局机关党支部"]) == 0
    assert main(["--db", str(db), "members", "import", str(xlsx), "--new-groups"]) == 0
    capsys.readouterr()
    before = db.read_bytes()
    assert main(["--db", str(db), "members", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 4
    wal = Path(f"{db}-wal")
    assert db.read_bytes() == before and (not wal.exists() or wal.stat().st_size == 0)
    with Session.open(db) as session:  # the program has the file open (and a WAL beside it)
        session.conn.execute("UPDATE member SET phone = '13800000000' WHERE name = '张三'")
        session.conn.commit()
        assert main(["--db", str(db), "members", "list", "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert next(m for m in listed if m["name"] == "张三")["phone"] == "13800000000"


def _run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "BRANCHBOOK_HOME": str(env_home)}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120)


def test_python_m_app_and_the_entry_point_do_not_import_qt(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom ui.__main__ import main\n"
        f"main(['--db', {str(tmp_path / 'x.sqlite')!r}, 'init', '--name', '中共某局机关党支部'])\n"
        f"code = main(['--db', {str(tmp_path / 'x.sqlite')!r}, 'members', 'list'])\n"
        "assert 'PySide6' not in sys.modules, 'Qt imported for a CLI command'\n"
        # a roster command loads no meeting records: their model alone cost 25 ms of every command
        "assert 'app.meetings.model' not in sys.modules, 'the meetings loaded for a roster command'\n"
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


def test_help_wraps_to_the_terminal_width(capsys, monkeypatch) -> None:
    def help_lines(columns: int) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(columns))
        with pytest.raises(SystemExit):
            main(["members", "add", "--help"])
        return capsys.readouterr().out.splitlines()

    narrow, wide = help_lines(50), help_lines(120)
    example = [line for line in narrow if '"id_number"' in line or '"name"' in line]
    assert len(narrow) > len(wide) and example and all(len(line) <= 50 for line in example)


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    result = _run("-m", "app", "members", "list", env_home=tmp_path)
    assert result.returncode == 2 and "找不到数据库文件" in result.stderr and "init" in result.stderr
    assert not (tmp_path / "branchbook.sqlite").exists()  # only init makes a database
    result = _run("-m", "app", "init", env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "branchbook.sqlite").exists()


def test_backup_command_writes_a_usable_copy(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite"
    xlsx = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows())
    assert main(["--db", str(db), "init", "--name", "中共某局机关党支部"]) == 0
    assert main(["--db", str(db), "members", "import", str(xlsx), "--new-groups"]) == 0
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert main(["--db", str(db), "backup", str(usb)]) == 0
    copies = list(usb.glob("a-备份-*.sqlite"))
    assert len(copies) == 1 and "已备份到" in capsys.readouterr().out
    with Session.open(copies[0]) as s:
        assert s.conn.execute("SELECT count(*) FROM member").fetchone()[0] == 4
    assert main(["--db", str(db), "backup", str(db)]) == 2
    assert "不能是正在使用的数据库本身" in capsys.readouterr().err


@pytest.fixture
def branch_db(tmp_path: Path) -> Path:
    """A closed database file with the branch of tests.app.test_meetings.branch."""
    from tests.app.test_meetings import build_branch

    db = tmp_path / "branch.sqlite"
    with Session.open(db) as s:
        from db.records.branch import Branch

        services_of(s.conn).branch.save(Branch(name="中共测试局机关党支部"))
        build_branch(s.conn)
    return db


def test_meetings_add_list_and_check(branch_db: Path, tmp_path: Path, capsys) -> None:
    records = [
        {"kind": "支委会", "date": "2025-03-05", "title": "研究三月工作", "host": "正式0", "recorder": "正式1",
         "agenda": ["研究发展党员工作"], "absent": [{"member": "正式2", "reason": "公出"}],
         "votes": [{"subject": "确定发展对象", "yes": 2}], "sign_off": {"by": "正式0", "on": "2025-03-06"}},
        {"kind": "党小组会", "group": "第一党小组", "date": "2025-03-10", "title": "学习研讨",
         "host": "正式3", "recorder": "正式1", "content": "讨论整改措施"},
        {"kind": "谈心谈话", "date": "2025-03-11", "title": "谈心谈话", "participants": ["正式0", "预备0"]},
    ]
    path = tmp_path / "三月.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(branch_db), "meetings", "add", str(path)]) == 0
    assert "已添加 3 条会议记录" in capsys.readouterr().out
    assert main(["--db", str(branch_db), "meetings", "list", "--year", "2025", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["status"], r["due"], r["present"]) for r in rows] == [
        ("支委会", "已签发", 3, 2), ("党小组会", "草稿", 4, 4), ("谈心谈话", "草稿", 2, 2)]
    assert main(["--db", str(branch_db), "meetings", "list", "--year", "2025", "--search", "整改"]) == 0
    assert "学习研讨" in capsys.readouterr().out
    assert main(["--db", str(branch_db), "meetings", "check", "--year", "2025", "--as-of", "2025-04-02",
                 "--json"]) == 0
    cells = json.loads(capsys.readouterr().out)
    assert all({"rule", "period", "group", "status"} <= set(c) for c in cells)
    find = {(c["rule"], c["period"], c["group"]): c["status"] for c in cells}
    assert find[("MTG-ZWH", "2025-03", None)] == "held"
    assert find[("MTG-ZWH", "2025-02", None)] == "missing"
    assert find[("MTG-ZWH", "2025-04", None)] == "due"
    assert find[("MTG-ZWH", "2025-05", None)] == "future"
    assert find[("MTG-XZH", "2025-03", "第一党小组")] == "held"
    assert find[("MTG-XZH", "2025-03", "第二党小组")] == "missing"
    assert find[("MTG-DYDH", "2025-Q1", None)] == "missing"
    assert find[("MTG-ZZSHH", "2025", None)] == "due"
    xzh = next(c for c in cells if c["rule"] == "MTG-XZH")
    assert isinstance(xzh["group_id"], int)
    assert all(c["group"] is None for c in cells if c["rule"] != "MTG-XZH")
    assert main(["--db", str(branch_db), "meetings", "check", "--year", "2025", "--as-of", "2025-04-02"]) == 0
    assert "党小组会（每月）·第一党小组" in capsys.readouterr().out


def test_meetings_add_is_all_or_nothing(branch_db: Path, tmp_path: Path, capsys) -> None:
    records = [
        {"kind": "支委会", "date": "2025-03-05", "title": "好记录", "host": "正式0", "recorder": "正式1"},
        {"kind": "支部党员大会", "date": "2025-03-20", "title": "坏记录", "host": "正式0", "recorder": "正式1",
         "absent": [{"member": "正式3", "reason": "其他"}]},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(branch_db), "meetings", "add", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.json 第2条记录：出席情况：正式3的缺席原因为“其他”，请写明具体原因" in err
    main(["--db", str(branch_db), "meetings", "list", "--year", "2025", "--json"])
    assert json.loads(capsys.readouterr().out) == []
    path.write_text("{not json", encoding="utf-8")
    assert main(["--db", str(branch_db), "meetings", "add", str(path)]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err


def test_dues_rate_needs_no_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "none.sqlite"
    assert main(["--db", str(db), "dues", "rate", "--category", "在职", "--base", "4800", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["amount_fen"] == 4800
    assert not db.exists()
    assert main(["--db", str(db), "dues", "rate", "--category", "离退休", "--base", "6200"]) == 0
    assert "¥62.00" in capsys.readouterr().out
    assert main(["--db", str(db), "dues", "rate", "--category", "在职"]) == 2
    assert "计算基数" in capsys.readouterr().err


def test_dues_assess_pay_ledger_and_arrears(branch_db: Path, tmp_path: Path, capsys) -> None:
    def run(*args: str) -> int:
        return main(["--db", str(branch_db), "dues", *args])

    assert run("assess", "--year", "2025", "--member", "正式0", "--base", "4800", "--approved-by", "正式0") == 0
    assert "2025年1月起每月 ¥48.00" in capsys.readouterr().out
    assert run("assess", "--year", "2025") == 2  # nobody else has a base from last year
    assert "没有上年基数" in capsys.readouterr().err
    assert run("pay", "正式0", "--months", "2025-01..2025-03", "--amount", "144.00", "--date", "2025-03-05") == 0
    capsys.readouterr()
    assert run("pay", "正式0", "--months", "2025-04", "--amount", "50", "--date", "2025-04-05") == 2
    assert "超过所选月份应交的¥48.00" in capsys.readouterr().err
    assert run("ledger", "--year", "2025", "--as-of", "2025-10-15", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    mine = next(r for r in rows if r["name"] == "正式0")
    assert [m["status"] for m in mine["months"][:10]] == ["paid"] * 3 + ["overdue"] * 6 + ["due"]
    assert mine["paid_fen"] == 14_400
    assert run("arrears", "--as-of", "2025-10-15", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert [(a["name"], a["count"], a["level"]) for a in found] == [("正式0", 6, "alert")]
    out = tmp_path / "党费.xlsx"
    assert run("export", "--year", "2025", str(out)) == 0
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["党费收缴登记表", "党费收缴公示", "欠缴名单", "上缴汇总"]
    sheet = wb["党费收缴登记表"]
    names = [sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row + 1)]
    assert "正式0" in names


def test_branch_and_member_commands(branch_db: Path, capsys) -> None:
    def run(*args: str) -> int:
        return main(["--db", str(branch_db), *args])

    assert run("branch", "set", "--committee", "中共测试局机关委员会", "--founded", "2012-07-01") == 0
    assert run("branch", "group", "第三党小组") == 0
    assert run("members", "edit", "正式3", '{"phone": "13912345678"}', "--group", "第三党小组",
               "--group-date", "2025-06-01", "--reason", "调整") == 0
    assert run("branch", "group", "第三党小组", "--leader", "正式3") == 0
    assert run("members", "leave", "正式5", "--kind", "转出", "--date", "2025-06-30") == 2
    assert "党组织：转出时请填写转往的党组织" in capsys.readouterr().err
    assert run("members", "leave", "正式5", "--kind", "转出", "--date", "2025-06-30", "--to-org", "中共某局党支部") == 0
    assert run("members", "rejoin", "正式5", "--date", "2025-09-01", "--from-org", "中共某局党支部") == 0
    capsys.readouterr()
    assert run("branch", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["branch"]["supervising_committee"] == "中共测试局机关委员会"
    assert {"name": "第三党小组", "members": 1} in shown["groups"]
    assert [s["role"] for s in shown["term"]["seats"]] == ["书记", "组织委员", "宣传委员"]
    assert run("members", "add", '{"name": "新同志", "id_number": "110101199001011238", "join_date": "2020.7.1"}') == 2
    assert "公民身份号码" in capsys.readouterr().err


def test_meeting_sign_correct_and_dues_extras(branch_db: Path, tmp_path: Path, capsys) -> None:
    def run(*args: str) -> int:
        return main(["--db", str(branch_db), *args])

    record = {"kind": "支委会", "date": "2025-03-05", "title": "研究工作", "host": "正式0", "recorder": "正式1",
              "resolutions": "同意甲"}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run("meetings", "add", str(path)) == 0
    assert run("meetings", "sign", "1", "--by", "正式0") == 0
    assert run("meetings", "delete", "1") == 2
    record["resolutions"] = "同意乙"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run("meetings", "correct", "1", str(path), "--by", "正式0", "--reason", "录入有误") == 0

    with Session.open(branch_db) as s:
        assert services_of(s.conn).meetings.get(1).resolutions == "同意乙"
        assert len(services_of(s.conn).meetings.revisions(1)) == 1
    capsys.readouterr()
    assert run("dues", "settings", "dues.prepay", "none") == 0
    assert "dues.prepay = none" in capsys.readouterr().out
    assert run("dues", "settings", "dues.prepay", "sometimes") == 2
    assert run("dues", "assess", "--year", "2025", "--member", "正式0", "--base", "4800") == 0
    assert run("dues", "collect", "--month", "2025-03", "正式0", "--date", "2025-03-20") == 0
    capsys.readouterr()
    assert run("dues", "payments", "正式0", "--json") == 0
    payments = json.loads(capsys.readouterr().out)
    assert payments[0]["amount_fen"] == 4800
    assert run("dues", "reverse", str(payments[0]["id"]), "--reason", "重复登记") == 0
    assert run("dues", "reason", "正式0", "--from", "2025-01", "--reason", "长期病假") == 0


def test_dev_commands(branch_db: Path, capsys) -> None:
    from app.common import idcard

    def run(*args: str) -> int:
        return main(["--db", str(branch_db), "dev", *args])

    number = idcard.make("110101", "19980506", 7, "女")
    assert run("add", json.dumps({"name": "申请人甲", "id_number": number, "application_written": "2022-03-01",
                                  "application_received": "2022-03-02"}, ensure_ascii=False)) == 0
    assert run("advance", "申请人甲", "3", "--date", "2022-03-20") == 2
    assert "须先办理第2步" in capsys.readouterr().err
    assert run("advance", "申请人甲", "2", "--date", "2022-03-20") == 0
    assert run("advance", "申请人甲", "3", "--date", "2022-04-10") == 0
    assert run("advance", "申请人甲", "5", "--date", "2022-04-10", "--contact", "预备0") == 2
    assert "DEV-INTRO" in capsys.readouterr().err
    assert run("advance", "申请人甲", "5", "--date", "2022-04-10", "--contact", "正式0") == 0
    assert run("advance", "申请人甲", "4", "--date", "2022-04-10") == 0
    assert run("advance", "申请人甲", "6", "--date", "2023-04-09") == 2
    assert "DEV-ACT-MIN" in capsys.readouterr().err
    capsys.readouterr()
    assert run("list", "--json") == 0
    people = json.loads(capsys.readouterr().out)
    assert people[0]["stage"] == 2 and people[0]["next_steps"][0]["step"] == 6
    assert people[0]["next_steps"][0]["earliest"] == "2023-04-10"
    assert run("check", "--as-of", "2022-10-11", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert {"rule": "DEV-ACT-EVAL", "person": "申请人甲", "severity": "warning"}.items() <= found[0].items()
    assert all({"rule", "person", "severity", "message"} <= set(f) for f in found)
