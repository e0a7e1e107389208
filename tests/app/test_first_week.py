"""What a new secretary types and expects to be understood: meeting times as people write them,
meeting kinds by their full names (#26)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.meetings.rules import normalize_time
from tests.app.test_cli import branch_db  # noqa: F401 - the fixture


@pytest.mark.parametrize(("typed", "stored"), [
    ("9:30", "09:30"), ("09:30", "09:30"), ("0930", "09:30"), ("930", "09:30"), ("9：30", "09:30"),
    ("９:３０", "09:30"), ("9点30", "09:30"), ("9点30分", "09:30"), ("9点半", "09:30"), ("14点", "14:00"),
    ("14时05分", "14:05"), (" 14:30 ", "14:30"), ("", "")])
def test_times_as_people_type_them(typed: str, stored: str) -> None:
    assert normalize_time(typed) == stored


@pytest.mark.parametrize("typed", ["25:00", "9:75", "下午", "9.30.1", "12345"])
def test_what_is_not_a_time_stays_as_typed_to_be_refused(typed: str) -> None:
    assert normalize_time(typed) == typed


def test_meetings_add_and_list_understand_times_and_full_kind_names(branch_db: Path, tmp_path: Path,  # noqa: F811
                                                                    capsys) -> None:
    records = [{"kind": "支部委员会", "date": "2025-03-05", "title": "研究三月工作", "host": "正式0",
                "recorder": "正式1", "start_time": "0930", "end_time": "11点半"}]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(branch_db), "meetings", "add", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", str(branch_db), "meetings", "list", "--year", "2025", "--kind", "支部委员会", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["kind"] == "支委会" and (row["start_time"], row["end_time"]) == ("09:30", "11:30")
    records[0]["start_time"] = "早上"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(branch_db), "meetings", "add", str(path)]) == 2
    assert "9点30" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # the parser refuses it, naming the kinds
        main(["--db", str(branch_db), "meetings", "list", "--year", "2025", "--kind", "座谈会"])
    assert refused.value.code == 2 and "会议类型应为" in capsys.readouterr().err


def _cli(db: Path, capsys, *args: str, today: str) -> str:
    code = main(["--db", str(db), "--today", today, *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_dues_start_where_the_branch_starts_and_gaps_before_a_payment_are_owed(branch_db: Path,  # noqa: F811
                                                                               capsys) -> None:
    today = "2026-12-07"
    for name in ("正式0", "正式1", "正式2"):  # dues set up in December, assessed from January
        _cli(branch_db, capsys, "dues", "assess", "--year", "2026", "--member", name, "--base", "4800",
             "--approved-by", "正式0", today=today)
    assert json.loads(_cli(branch_db, capsys, "dues", "arrears", "--json", today=today)) == []  # no false arrears
    assert main(["--db", str(branch_db), "--today", today, "dues", "remind"]) in (0, 2)
    assert "正式0" not in capsys.readouterr().out  # and no reminder for months before the ledger began
    shown = _cli(branch_db, capsys, "dues", "settings", "dues.start_month", today=today)
    assert "2026-12" in shown  # the start month in force, shown
    # the secretary starts the ledger in January and enters what was paid: 正式1 paid only November
    _cli(branch_db, capsys, "dues", "settings", "dues.start_month", "2026-01", today=today)
    _cli(branch_db, capsys, "dues", "pay", "正式1", "--months", "2026-11", "--amount", "48", "--date", "2026-11-20",
         today=today)
    found = {a["name"]: a for a in json.loads(_cli(branch_db, capsys, "dues", "arrears", "--json", today=today))}
    assert found["正式1"]["count"] == 10 and found["正式1"]["longest"] == 10 and found["正式1"]["level"] == "alert"
    assert found["正式0"]["count"] == 11  # January to November, nothing paid
    text = _cli(branch_db, capsys, "dues", "arrears", today=today)
    assert "正式1\t连续10个月（2026年1月至10月）未交足" in text
    assert main(["--db", str(branch_db), "--today", today, "dues", "settings", "dues.start_month", "2026-13"]) == 2
    assert "建账月份" in capsys.readouterr().err  # not a month: refused, nothing changed
    assert "2026-01" in _cli(branch_db, capsys, "dues", "settings", "dues.start_month", today=today)


def test_months_not_paid_in_between_are_counted_with_the_longest_run(branch_db: Path, capsys) -> None:  # noqa: F811
    today = "2026-12-07"
    _cli(branch_db, capsys, "dues", "assess", "--year", "2026", "--member", "正式2", "--base", "4800",
         "--approved-by", "正式0", today="2026-01-05")
    for month in ("2026-03", "2026-07", "2026-08"):
        _cli(branch_db, capsys, "dues", "pay", "正式2", "--months", month, "--amount", "48", "--date",
             f"{month}-20", today=f"{month}-20")
    [row] = [a for a in json.loads(_cli(branch_db, capsys, "dues", "arrears", "--json", today=today))
             if a["name"] == "正式2"]
    assert row["count"] == 8 and row["longest"] == 3 and row["level"] == "warning"
    assert "8个月（2026年1月至2月、2026年4月至6月、2026年9月至11月，最长连续3个月）" in _cli(
        branch_db, capsys, "dues", "arrears", today=today)


def test_the_change_log_speaks_chinese() -> None:
    from app.integrity import logtext

    names = {5: "张三"}.get
    text = logtext.change_text('{"step": 3, "date": "2025-03-01", "at": "2026-12-07T07:16:29"}',
                               '{"from": "2026-01", "election_date": "2026-01-10", "term_years": 3, '
                               '"member_id": 5, "months": ["2026-10", "2026-11"], "amount_fen": 4800, "id": 9}',
                               names)
    assert text == ("原为 步骤：3，日期：2025年3月1日，时间：2026年12月7日 07:16；改为 起始：2026年1月，"
                    "选举日期：2026年1月10日，任期（年）：3，党员：张三，月份：2026年10月、2026年11月，金额：¥48.00")
    for raw in ("step:", "at:", "2026-12-07T", "election_date", "term_years", "['", "党员编号"):
        assert raw not in text


def test_undo_labels_read_naturally() -> None:
    from app.undo import label_of

    assert label_of("核定", "党费核定") == "党费核定" and label_of("签发", "会议记录") == "签发会议记录"
    assert label_of("登记张三的党费", "党费") == "登记张三的党费"


def test_an_item_raised_every_year_is_one_line_with_its_years(branch_db: Path, tmp_path: Path,  # noqa: F811
                                                              capsys) -> None:
    from app.common.clock import Clock
    from app.session import Session

    records = [{"kind": "组织生活会", "date": f"{y}-12-10", "title": f"{y}年度组织生活会", "host": "正式0",
                "recorder": "正式1", "sign_off": {"by": "正式0", "on": f"{y}-12-10"},
                "rectifications": [{"item": "理论学习不够深入", "owner": "正式0", "due_on": f"{y + 1}-03-31"}]}
               for y in (2022, 2023, 2024)]
    path = tmp_path / "life.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(branch_db), "--today", "2025-06-15", "meetings", "add", str(path)]) == 0
    capsys.readouterr()
    with Session.open(branch_db, Clock("2025-06-15")) as s:
        lines = [t for t, _ in s.services.reminders.to_do_items("2025-06-15", ()) if "理论学习不够深入" in t]
    assert len(lines) == 1 and "2022年至2024年组织生活会提出，共3次" in lines[0]
