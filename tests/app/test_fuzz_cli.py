"""Property tests: the CLI's argument parsers and ``meetings add`` JSON fed with generated junk.
Whatever comes in, the program answers with its own messages (never an internal error, exit
code 1) and a refusal leaves the database exactly as it was."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.session import Session
from db.records.branch import Branch
from tests.app.test_bad_input import digest
from tests.conftest import CLOCK, TODAY, make_member

#: More examples with FUZZ_EXAMPLES=800 (a longer local run); CI runs 60 of each.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Text a person or a script might pass: anything, things shaped like dates, months, amounts
#: and numbers (with full-width digits), JSON, control characters.
full_width = st.text(alphabet="０１２３４５６７８９－．／年月日", max_size=12)
date_like = st.from_regex(r"\A-?\d{0,6}[-./年]\d{0,3}[-./月]?\d{0,3}日?\Z", fullmatch=True)
number_like = st.from_regex(r"\A[-+]?\d{0,25}(\.\d{0,4})?(e\d{1,3})?\Z", fullmatch=True)
junk = st.one_of(st.text(max_size=40), full_width, date_like, number_like,
                 st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5),
                 st.sampled_from(["", " ", "2026-02-30", "2026-13", "9999-99-99", "0", "-1", "1" * 30,
                                  "2026-05..2026-01", "1921-01..2100-12", "[]", "{}", "null", '{"a":[[[[]]]]}']))

COMMANDS: list[Callable[[str], list[str]]] = [
    lambda v: ["dues", "close", "--month", v, "--by", "书记"],
    lambda v: ["dues", "pay", "张三", "--months", v, "--amount", "48"],
    lambda v: ["dues", "pay", "张三", "--months", "2026-05", "--amount", v],
    lambda v: ["dues", "assess", "--year", "2026", "--member", "李四", "--base", v],
    lambda v: ["dues", "settings", "dues.backpay_months", v],
    lambda v: ["members", "list", "--on", v],
    lambda v: ["members", "edit", "张三", v],
    lambda v: ["members", "add", v],
    lambda v: ["members", "leave", "李四", "--kind", "转出", "--date", v, "--to-org", "某支部"],
    lambda v: ["meetings", "list", "--year", v],
    lambda v: ["meetings", "sign", v, "--by", "书记"],
    lambda v: ["branch", "term", "--elected", v],
    lambda v: ["branch", "set", "--name", v],
    lambda v: ["dev", "advance", v, "3", "--date", "2026-01-01"],
]


@pytest.fixture
def base_db(tmp_path: Path) -> Path:
    path = tmp_path / "fuzz.sqlite"
    with Session.open(path, CLOCK) as s:
        s.services.branch.save(Branch(name="中共测试支部"))
        for name in ("张三", "李四", "王五", "赵六"):
            s.services.roster.create(make_member(name=name, join_date="2010-07-01"))
        s.services.dues.assess(s.services.roster.find("张三"), 2026, base_fen=480_000)
    return path


def _run(db: Path, args: list[str]) -> int:
    try:
        return main(["--db", str(db), "--today", TODAY, *args])
    except SystemExit as exc:  # refused by the argument parser
        return int(exc.code or 0)


@FUZZ
@given(which=st.integers(0, len(COMMANDS) - 1), value=junk)
def test_arguments_never_crash_and_refusals_change_nothing(base_db: Path, which: int, value: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(base_db)
    code = _run(base_db, COMMANDS[which](value))
    err = capsys.readouterr().err
    assert code in (0, 2, 3), err
    assert "Traceback" not in err and "程序内部错误" not in err
    if code != 0:
        assert err.strip(), "a refusal says why"
        assert digest(base_db) == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)

VALID = {"kind": "支部党员大会", "date": "2026-03-20", "title": "第一季度支部党员大会", "start_time": "14:30",
         "end_time": "16:00", "place": "第一会议室", "host": "张三", "recorder": "李四", "agenda": ["听取报告"],
         "content": "学习", "resolutions": "通过", "absent": [{"member": "王五", "reason": "病假"}],
         "votes": [{"subject": "通过工作报告", "method": "举手", "yes": 3, "no": 0, "abstain": 0}]}


@st.composite
def records(draw: st.DrawFn) -> object:
    """A valid record with some fields replaced by junk, or junk of any shape."""
    if draw(st.booleans()):
        return draw(json_values)
    record = dict(VALID)
    for key in draw(st.lists(st.sampled_from([*VALID, "group", "grades", "steps", "sign_off", "participants",
                                              "observers", "speeches", "also_counts", "unknown"]), max_size=4)):
        record[key] = draw(json_values)
    return record if draw(st.booleans()) else [record, draw(json_values)]


@FUZZ
@given(payload=records())
def test_meetings_add_json_never_crashes_and_refusals_change_nothing(base_db: Path, tmp_path: Path, payload: object,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    before = digest(base_db)
    code = _run(base_db, ["meetings", "add", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 2), err
    assert "Traceback" not in err and "程序内部错误" not in err
    if code != 0:
        assert "未添加任何记录" in err or "JSON" in err or "记录" in err, err
        assert digest(base_db) == before
