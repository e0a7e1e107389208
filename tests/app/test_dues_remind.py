"""催缴提醒: exactly the members in arrears without a valid reason; logged; in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.common.errors import ValidationError
from app.common.money import yuan
from tests.conftest import TODAY


def test_a_reminder_for_exactly_the_members_in_arrears(demo_year_session) -> None:
    dues = demo_year_session.services.dues
    arrears = dues.ledger.arrears()
    assert arrears, "the demo has members in arrears"
    excused = arrears[0]
    dues.ledger.record_arrears_reason(excused.member_id, excused.months[0], "长期病休，经支部研究同意缓交")
    expected = {a.member_id: a for a in dues.ledger.arrears() if not a.reason}
    found = dues.reminders.due()
    assert {r.member_id for r in found} == set(expected) and excused.member_id not in expected
    for r in found:
        a = expected[r.member_id]
        assert r.months == a.months and r.owed_fen == a.owed_fen
        assert r.text.startswith(f"{a.name}同志") and yuan(a.owed_fen) in r.text and f"共{a.count}个月" in r.text
        assert "连续6个月不交纳党费的，按自行脱党处理" in r.text and "交纳方式" in r.text


def test_a_reminder_given_is_logged_and_shown(demo_year_session) -> None:
    dues = demo_year_session.services.dues
    r = dues.reminders.due()[0]
    dues.reminders.record(r.member_id, "微信", note="已读")
    [given] = dues.reminders.given(r.member_id)
    assert (given.how, given.owed_fen, given.months) == ("微信", r.owed_fen, r.months)
    assert dues.reminders.due(member_id=r.member_id)[0].last_given == demo_year_session.services.today()
    with pytest.raises(ValidationError, match="提醒方式"):
        dues.reminders.record(r.member_id, "飞鸽传书")
    paid_up = next(m for m in demo_year_session.services.roster.list(include_left=False)
                   if m.id not in {x.member_id for x in dues.ledger.arrears()})
    with pytest.raises(ValidationError, match="无需催缴"):
        dues.reminders.record(paid_up.id, "短信")


def test_reminders_print_and_the_cli(demo_year_session, tmp_path: Path, capsys) -> None:
    services = demo_year_session.services
    names = [r.name for r in services.dues.reminders.due()]
    services.printing.reminders(target=tmp_path / "r.pdf")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert all(n in text for n in names) and text.count("党费催缴提醒") >= len(names)
    assert text.count("沿此线剪开") == len(names) - 1 and "（盖章）" in text
    path = demo_year_session.path
    demo_year_session.close()
    assert main(["--db", str(path), "--today", TODAY, "dues", "remind", "--given", "打印"]) == 0
    assert f"已登记 {len(names)} 人" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:  # refused by the parser, with the choices named
        main(["--db", str(path), "dues", "remind", "--given", "飞鸽"])
    assert info.value.code == 2 and "可选" in capsys.readouterr().err
