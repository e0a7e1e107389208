"""A closed year is frozen: every book printed for it depends only on records dated in or before
it. Each book of 2025 is printed with the command, records dated 2026 are added with the commands
a secretary uses (a member transferred out, payments for both years, a development step, a new
applicant, a reminder, a new committee member's group), and every book is printed again: the
same bytes, and the same figures in the year's summary draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import TODAY

BOOKS = (
    ("workbook", "--year", "2025"),
    ("dues", "--year", "2025"),
    ("disclosure", "--year", "2025"),
    ("roster", "--on", "2025-12-31"),
    ("assessment", "--year", "2025", "--all"),
)


def _cli(db: Path, capsys: pytest.CaptureFixture[str], *args: str, today: str = TODAY) -> str:
    code = main(["--db", str(db), "--today", today, *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _print_all(db: Path, folder: Path, capsys: pytest.CaptureFixture[str], today: str = TODAY) -> dict[str, bytes]:
    folder.mkdir()
    out = {}
    for kind, *options in BOOKS:
        target = folder / f"{kind}.pdf"
        _cli(db, capsys, "print", kind, *options, "-o", str(target), today=today)
        out[kind] = target.read_bytes()
    out["summary"] = _cli(db, capsys, "summary", "draft", "--year", "2025", "--json", today=today).encode()
    return out


def test_later_records_leave_every_book_of_a_closed_year_as_it_was(demo_year_session, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = demo_year_session.path
    demo_year_session.close()
    before = _print_all(db, tmp_path / "before", capsys)

    members = json.loads(_cli(db, capsys, "members", "list", "--json"))
    _cli(db, capsys, "members", "leave", members[0]["name"], "--kind", "转出", "--date", "2026-05-20",
         "--to-org", "市财政局机关党委")
    # a 2025 month paid in 2026, and a 2026 month
    arrears = json.loads(_cli(db, capsys, "dues", "ledger", "--year", "2025", "--json"))
    unpaid = next((r for r in arrears if any(m["status"] != "paid" and m["due_fen"] for m in r["months"])), None)
    if unpaid is not None:
        month = next(m for m in unpaid["months"] if m["status"] != "paid" and m["due_fen"])
        owed = month["due_fen"] - month.get("paid_fen", 0)
        _cli(db, capsys, "dues", "pay", unpaid["name"], "--months", month["month"], "--amount",
             f"{owed / 100:.2f}", "--date", "2026-06-10",
             "--override-reason", "本人出国期间漏交，回国后补交")
    _cli(db, capsys, "dues", "collect", "--month", "2026-05", "--all", "--date", "2026-05-10")
    people = json.loads(_cli(db, capsys, "dev", "list", "--json"))
    moving = next(p for p in people if p["next_steps"] and p["next_steps"][0]["earliest"] <= TODAY)
    step = moving["next_steps"][0]["step"]
    _cli(db, capsys, "dev", "advance", moving["name"], str(step), "--date", TODAY)
    _cli(db, capsys, "dev", "add", json.dumps({
        "name": "新申请", "gender": "女", "id_number": "11010119900307002X", "birth_date": "1990-03-07",
        "application_written": "2026-03-01", "application_received": "2026-03-03"}, ensure_ascii=False))

    after = _print_all(db, tmp_path / "after", capsys)
    changed = [kind for kind in before if before[kind] != after[kind]]
    assert changed == []
    # and a later day makes no difference either
    later = _print_all(db, tmp_path / "later", capsys, today="2027-02-01")
    assert [kind for kind in before if before[kind] != later[kind]] == []
