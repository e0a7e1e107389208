"""Backups that restore: rotation, automatic backups, the second location, restore, and a damaged
file refused with a pointer to the newest good backup."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.common.clock import Clock
from app.common.errors import UserError
from app.session import Session
from db import backup as db_backup
from db.errors import DatabaseCorrupt


def _fake(folder: Path, stem: str, when: dt.datetime, reason: str) -> Path:
    path = folder / f"{stem}-{when:%Y%m%d-%H%M%S}-000000-{reason}.sqlite"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_20_others(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2024, 1, 1, 9)
    autos = [_fake(folder, "b", start + dt.timedelta(days=d, hours=h), "auto") for d in range(730) for h in (0, 5)]
    others = [_fake(folder, "b", start + dt.timedelta(days=d, minutes=1), "before-import") for d in range(30)]
    db_backup.rotate(tmp_path / "b.sqlite")
    kept = {p.name for p in folder.iterdir()}
    kept_auto = sorted(p for p in autos if p.name in kept)
    days = {p.name[2:10] for p in kept_auto}
    newest = autos[-1]
    assert newest.name in kept and autos[-2].name not in kept  # one per day: the newest of that day
    last_days = {(start + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(723, 730)}
    assert last_days <= days  # every one of the last 7 days
    months = {p.name[2:8] for p in kept_auto}
    assert len(months) == 12  # and one for each of the last 12 months
    assert len(kept_auto) <= 7 + 4 + 12
    assert sum(1 for p in others if p.name in kept) == 20 and others[-1].name in kept


def test_commands_back_up_at_most_daily_and_the_gui_on_every_close(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    assert main(["--db", str(db), "init", "--name", "中共测试党支部", "--committee", "中共测试委员会"]) == 0
    assert main(["--db", str(db), "branch", "group", "第一党小组"]) == 0
    autos = [p for p in db_backup.list_backups(db) if p.name.endswith("-auto.sqlite")]
    assert len(autos) == 1  # the second command did not take another one the same day
    first_mtime = autos[0].stat().st_mtime_ns
    with Session.open(db, Clock("2026-06-15")) as s:
        s.services.branch.add_group("第二党小组")
        s.close(auto_backup="always")
    [newer] = [p for p in db_backup.list_backups(db) if p.name.endswith("-auto.sqlite")]  # one per day is kept
    assert newer != autos[0] and newer.stat().st_mtime_ns >= first_mtime
    with Session.open(db, Clock("2026-06-15")) as s:  # nothing written: no backup
        s.close(auto_backup="always")
    assert [p for p in db_backup.list_backups(db) if p.name.endswith("-auto.sqlite")] == [newer]


def test_the_second_location_waits_for_its_stick(tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    with Session.open(tmp_path / "a.sqlite", Clock("2026-06-15")) as s:
        backups = s.services.backups
        with pytest.raises(UserError, match="不存在"):  # set while the stick is in: a mistyped path is refused
            backups.set_second_location(str(stick / "台账备份"))
        (stick / "台账备份").mkdir(parents=True)
        backups.set_second_location(str(stick / "台账备份"))
        shutil.rmtree(stick)  # the stick is pulled out
        backups.auto(force=True)
        assert backups.second_missing_since() == "2026-06-15"
        assert any("第二份备份" in line for line in s.services.reminders.summary().to_do)
        (stick / "台账备份").mkdir(parents=True)
        taken = backups.auto(force=True)
        assert (stick / "台账备份" / taken.name).is_file() and backups.second_missing_since() == ""
        with pytest.raises(UserError, match="完整的文件夹路径"):
            backups.set_second_location("台账备份")


def test_restore_round_trip_keeps_the_current_file_first(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite"
    with Session.open(db, Clock("2026-06-15")) as s:
        s.services.branch.add_group("第一党小组")
        first = s.services.backups.auto(force=True)
        s.services.branch.add_group("第二党小组")
    assert main(["--db", str(db), "backups"]) == 0
    assert first.name in capsys.readouterr().out
    assert main(["--db", str(db), "restore", str(first)]) == 0
    out = capsys.readouterr().out
    assert "恢复前的数据已另存为" in out
    with Session.open(db, Clock("2026-06-15")) as s:
        assert [g.name for g in s.services.branch.groups()] == ["第一党小组"]
        assert s.services.integrity.verify().intact
        assert s.conn.execute("SELECT count(*) FROM change_log WHERE action = '从备份恢复'").fetchone()[0] == 1
    saved = next(p for p in db_backup.list_backups(db) if p.name.endswith("before-restore.sqlite"))
    assert main(["--db", str(db), "restore", str(saved), "--to", str(tmp_path / "新.sqlite")]) == 0
    with Session.open(tmp_path / "新.sqlite", Clock("2026-06-15")) as s:
        assert [g.name for g in s.services.branch.groups()] == ["第一党小组", "第二党小组"]
    assert main(["--db", str(db), "restore", str(tmp_path / "无.sqlite")]) == 2
    assert "找不到备份文件" in capsys.readouterr().err


def test_a_damaged_file_is_refused_pointing_to_the_newest_good_backup(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with Session.open(db, Clock("2026-06-15")) as s:
        for i in range(30):
            s.services.branch.add_group(f"第{i}党小组")
        good = s.services.backups.auto(force=True)
    data = bytearray(db.read_bytes())
    size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
    for offset in range(2 * size + 100, min(len(data), 6 * size), 7):  # scribble over some pages
        data[offset] = 0xFF
    db.write_bytes(bytes(data))
    # opened normally, the damage is found by the check (the GUI runs it after the window opens)
    with Session.open(db, Clock("2026-06-15")) as s:
        report = s.services.integrity.verify()
        assert not report.intact and "已损坏" in report.problems()[0] and str(good) in report.problems()[0]
    # after a session that did not close cleanly (its WAL left behind) it is refused at once
    Path(f"{db}-wal").write_bytes(b"\0" * 64)
    before = db.read_bytes()
    with pytest.raises(DatabaseCorrupt) as info:
        Session.open(db, Clock("2026-06-15"))
    assert str(good) in info.value.user_message() and "restore" in info.value.user_message()
    assert db.read_bytes() == before  # refused, unchanged
    shutil.rmtree(db_backup.backups_dir(db))
