"""The committee's side: its own kind of file, enrolment (one by one and from Excel, all or
nothing), receiving bundles (accepted, superseded, duplicate, every refusal changing nothing),
grades computed from the branch's records with reasons and evidence, and the notice that goes
back to the branch and comes back in the next summary."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.bundle import keys
from app.committee import receive, reports
from app.committee.enroll_excel import apply, read
from app.committee.notices import make_notice
from app.committee.session import CommitteeSession
from app.common.clock import Clock
from app.common.errors import UserError, ValidationError
from app.session import Session
from db.errors import StorageError, WrongKindOfDatabase

TODAY = "2026-06-15"  # the demo database's own "today"
CLOCK = Clock(TODAY)
BRANCH_PASS, COMMITTEE_PASS = "支部口令-2026", "党委口令-2026"
YEAR = 2025


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


def committee_and_branch(tmp_path: Path, demo_file: Path) -> tuple[CommitteeSession, Session]:
    """A new committee and a copy of the demo branch, keys exchanged and the branch enrolled as CZ02
    (both files open)."""
    committee_session = CommitteeSession.open(tmp_path / "工委.sqlite", CLOCK)
    committee = committee_session.services
    committee.init("中共测试市直机关工委", COMMITTEE_PASS)
    shutil.copyfile(demo_file, tmp_path / "branch.sqlite")
    branch_session = Session.open(tmp_path / "branch.sqlite", CLOCK)
    bundle = branch_session.services.bundle
    bundle.init_key(BRANCH_PASS)
    bundle.import_committee_key(committee.public_key(), committee.public_key().fingerprint)
    bundle.set_setting("bundle.branch_code", "CZ02")
    committee.enroll("CZ02", "市财政局机关第二党支部", keys.grouped(bundle.branch_key().fingerprint), "市财政局")
    return committee_session, branch_session


@pytest.fixture
def world(tmp_path: Path, _demo_year_file: Path):
    """A committee and the demo branch, keys exchanged and the branch enrolled."""
    committee_session, branch_session = committee_and_branch(tmp_path, _demo_year_file)
    committee, bundle = committee_session.services, branch_session.services.bundle
    out = tmp_path / "usb"
    out.mkdir()
    yield {"committee": committee, "branch": bundle, "out": out, "tmp": tmp_path, "session": committee_session}
    branch_session.close()
    with contextlib.suppress(Exception):  # a test may have closed it to let the CLI open the file
        committee_session.close()


def _export(world) -> Path:
    return world["branch"].export(YEAR, world["out"], BRANCH_PASS).path


def _ingest(world, *paths) -> list[dict]:
    committee = world["committee"]
    return receive.run(committee, paths or [world["out"]], committee.unlock(COMMITTEE_PASS), workers=1)


def test_files_of_the_other_kind_are_refused(world) -> None:
    with pytest.raises(WrongKindOfDatabase, match="branchbook --committee"):
        Session.open(_copy(world["tmp"] / "工委.sqlite"))
    with pytest.raises(WrongKindOfDatabase, match="支部台账数据库"):
        CommitteeSession.open(_copy(world["tmp"] / "branch.sqlite"))
    not_a_database = world["tmp"] / "名单.txt"
    not_a_database.write_text("张三\n", encoding="utf-8")
    with pytest.raises(StorageError, match="不是上级党委的报送接收数据库"):  # not "not a branch's file"
        CommitteeSession.open(not_a_database)
    assert not_a_database.read_text(encoding="utf-8") == "张三\n"


def _copy(path: Path) -> Path:
    target = path.with_name("copy-" + path.name)
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def test_a_bundle_is_received_graded_and_a_newer_one_supersedes_it(world) -> None:
    first = _export(world)
    [result] = _ingest(world, first)
    assert result["outcome"] == receive.ACCEPTED and result["branch_id"] == "CZ02"
    assert "支部名称" in result["reason"]  # the header's name differs from the enrolled one: a warning
    grade = world["committee"].grade("CZ02", YEAR)
    assert grade.grade is not None and grade.bundle.seq == 1
    # The demo branch held every meeting; its leader member gave no 党课, its 谈心谈话 missed some
    # members and committee pairs, and it has no 先锋岗 or 双报到 (listed, not scored by default).
    lecture, posts, talks = grade.grade.deductions
    assert lecture.rule == "mtg.lecture" and lecture.points == 3 and "全年讲0次，应讲2次" in lecture.evidence
    assert posts.rule == "org.posts" and posts.points == 0
    assert talks.rule == "year.talks" and talks.points == 2 and "名党员全年未谈" in talks.evidence
    assert (grade.grade.records, grade.tier) == (95, "好")
    assert _ingest(world, first)[0]["outcome"] == receive.DUPLICATE
    second = _export(world)
    assert _ingest(world, second)[0]["outcome"] == receive.SUPERSEDED
    assert world["committee"].grade("CZ02", YEAR).bundle.seq == 2
    copy = world["tmp"] / "older.bbx"
    shutil.copyfile(first, copy)
    copy.write_bytes(first.read_bytes())
    older = _ingest(world, copy)[0]
    assert older["outcome"] == receive.DUPLICATE  # the very same file: already received


def test_refused_bundles_change_nothing(world, tmp_path) -> None:
    path = _export(world)
    damaged = tmp_path / "damaged.bbx"
    data = bytearray(path.read_bytes())
    data[-100] ^= 1
    damaged.write_bytes(bytes(data))
    cut = tmp_path / "cut.bbx"
    cut.write_bytes(path.read_bytes()[:-70000])
    stranger = keys.CommitteePrivate.generate("别的党委", 2026)
    world["branch"].import_committee_key(stranger.public(), stranger.public().fingerprint)
    other = world["branch"].export(YEAR, tmp_path / "other.bbx", BRANCH_PASS).path
    results = {Path(r["file"]).name: r for r in _ingest(world, damaged, cut, other)}
    assert results["damaged.bbx"]["outcome"] == receive.REFUSED and "签名不符" in results["damaged.bbx"]["reason"]
    assert "不完整" in results["cut.bbx"]["reason"]
    assert "不是发给本党委" in results["other.bbx"]["reason"]
    assert world["committee"].grade("CZ02", YEAR).grade is None
    log = world["committee"].conn.execute("SELECT outcome, count(*) FROM ingest_log GROUP BY outcome").fetchall()
    assert dict(log) == {receive.REFUSED: 3}


def test_an_unknown_branch_and_a_replay_are_refused(world) -> None:
    first = _export(world)
    second = _export(world)
    assert _ingest(world, second)[0]["outcome"] == receive.ACCEPTED
    replay = _ingest(world, first)[0]
    assert replay["outcome"] == receive.REFUSED and "重复或过期" in replay["reason"]
    world["committee"].conn.execute("DELETE FROM enrollment")  # the committee lost this branch's key
    third = _export(world)
    assert "不是该支部登记的密钥" in _ingest(world, third)[0]["reason"]  # CZ02 is known: another key?
    world["branch"].set_setting("bundle.branch_code", "ZZ99")
    fourth = _export(world)
    assert "未登记的支部密钥" in _ingest(world, fourth)[0]["reason"]


def test_grade_follows_the_records_not_the_summary(world) -> None:
    """Deleting a signed 支委会 is impossible; a branch whose March 支委会 is a draft loses a point."""
    branch_services = world["branch"].s
    march = next(r for r in branch_services.meetings.list(year=YEAR, kind="支委会") if r.date[5:7] == "03")
    _ingest(world, _export(world))
    before = world["committee"].grade("CZ02", YEAR).grade
    branch_services.conn.execute("DROP TRIGGER IF EXISTS meeting_signed_no_update")
    triggers = [r[0] for r in branch_services.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'meeting'")]
    for name in triggers:
        branch_services.conn.execute(f"DROP TRIGGER {name}")
    branch_services.conn.execute("UPDATE meeting SET status = '草稿', signed_at = NULL WHERE id = ?", (march.id,))
    _ingest(world, _export(world))
    after = world["committee"].grade("CZ02", YEAR).grade
    new = [d for d in after.deductions if d not in before.deductions]
    # the signed record turned back into a draft outside the program also differs from the first bundle
    assert {d.rule for d in new} == {"mtg.missing", "quality.draft", "quality.tampered"}
    missing = next(d for d in new if d.rule == "mtg.missing")
    assert missing.evidence == "2025年3月" and missing.points == 1
    tampered = next(d for d in new if d.rule == "quality.tampered")
    assert f"会议记录（编号 {march.id}）" in tampered.evidence and "没有更正记录" in tampered.evidence
    # −1 (no signed March 支委会) −0.5 (a draft left unsigned more than 3 working days) − the finding
    assert after.records == pytest.approx(before.records - 1.5 - tampered.points)
    summary_vs_records = world["committee"].grade("CZ02", YEAR).bundle.metrics["summary_mismatch"]
    assert summary_vs_records == []  # the branch's own summary agrees with its records


def test_settings_judged_part_and_dues_view(world) -> None:
    committee = world["committee"]
    _ingest(world, _export(world))
    base = committee.grade("CZ02", YEAR).grade
    committee.set_setting("grade.year.talks", "5")
    assert committee.grade("CZ02", YEAR).grade.records == pytest.approx(base.records - 3)
    committee.set_setting("grade.area.year", "4")  # the area now has only 4 points to lose (of 94 in all)
    lecture = 3  # the leader member's missing 党课, in 三会一课
    assert committee.grade("CZ02", YEAR).grade.records == pytest.approx(round((94 - 4 - lecture) * 100 / 94, 1))
    with pytest.raises(ValidationError):
        committee.set_setting("grade.year.talks", "许多")
    committee.set_judged("CZ02", YEAR, 100, "现场检查良好")
    g = committee.grade("CZ02", YEAR).grade
    assert g.judged == 100 and g.total == pytest.approx(round(g.records * 0.7 + 30, 1))
    [row] = committee.dues_view(YEAR, 2)
    assert row["received"] and row["paid_fen"] > 0 and row["due_fen"] >= row["paid_fen"]


def test_report_and_notice_round_trip_to_the_branch(world) -> None:
    committee = world["committee"]
    _ingest(world, _export(world))
    xlsx, pdf = world["tmp"] / "r.xlsx", world["tmp"] / "r.pdf"
    reports.export(committee, YEAR, xlsx)
    reports.export(committee, YEAR, pdf)
    ws = openpyxl.load_workbook(xlsx).active
    tier = committee.grade("CZ02", YEAR).tier
    assert ws.cell(6, 1).value == "CZ02" and ws.cell(6, 4).value == tier
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert f"评为“{tier}”的支部（1个）" in text and "CZ02" in text
    notice_file = world["tmp"] / "督办.bbn"
    body = make_notice(committee, "CZ02", YEAR, COMMITTEE_PASS, notice_file)
    assert body["items"] and any("谈心谈话" in i["problem"] for i in body["items"])
    notices = world["branch"].s.notices
    notices.import_file(notice_file)
    with pytest.raises(UserError, match="已经导入过"):
        notices.import_file(notice_file)
    tampered = world["tmp"] / "改.bbn"
    tampered.write_bytes(notice_file.read_bytes().replace("全年未谈".encode(), "全年已谈".encode()))
    with pytest.raises(UserError, match="签名不符"):
        notices.import_file(tampered)
    flipped = world["tmp"] / "坏.bbn"  # a bit flipped in the body's first character: it no longer parses
    data = bytearray(notice_file.read_bytes())
    data[len(b"BRANCHBOOK-NOTICE/1\n") + 4] ^= 1
    flipped.write_bytes(bytes(data))
    with pytest.raises(UserError, match="签名不符"):  # damaged, not "no committee key imported"
        notices.import_file(flipped)
    committee.enroll("JG01", "市教育局机关党支部", "ABCD" * 16, "市教育局")
    other = world["tmp"] / "别的支部.bbn"
    make_notice(committee, "JG01", YEAR, COMMITTEE_PASS, other, ["另一个支部的整改事项"])
    with pytest.raises(UserError, match="是发给支部“JG01”"):
        notices.import_file(other)
    first, *others = notices.items(open_only=True)
    to_do = lambda: [line for line in world["branch"].s.reminders.summary().to_do if "督办" in line]  # noqa: E731
    assert to_do() and first.problem in to_do()[0]  # on the home page until done
    notices.mark(first.id, True, "已逐一谈话")
    for item in others:
        notices.mark(item.id, True, "已整改")
    assert not to_do()
    second = _export(world)
    _ingest(world, second)
    summary = world["committee"].grade("CZ02", YEAR).bundle.summary
    [sent] = summary["notices"]
    assert sent["notice_id"] == body["notice_id"]
    assert {i["no"]: i["status"] for i in sent["items"]}[first.no] == "已整改"


def test_enrolment_from_excel_is_all_or_nothing(world, tmp_path) -> None:
    committee = world["committee"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["各支部报送密钥登记汇总"])
    ws.append(["支部代码", "支部名称", "上级单位", "书记", "密钥指纹"])
    good = keys.fingerprint(b"a" * 32)
    ws.append(["JG01", "机关第一党支部", "市直机关", "张三", keys.grouped(good)])
    ws.append(["JG02", "机关第二党支部", "市直机关", "李四", "12AB"])
    ws.append(["JG01", "机关第三党支部", "", "", keys.fingerprint(b"b" * 32)])
    path = tmp_path / "登记.xlsx"
    wb.save(path)
    preview = read(path)
    problems = [str(p) for p in preview.problems]
    assert any(p.startswith("第4行“密钥指纹”列") for p in problems)
    assert any(p.startswith("第5行“支部代码”列") and "重复" in p for p in problems)
    with pytest.raises(ValidationError):
        apply(committee, preview)
    assert [b.branch_id for b in committee.branches()] == ["CZ02"]
    ws.delete_rows(4, 2)
    wb.save(path)
    assert apply(committee, read(path)) == 1
    assert {b.branch_id for b in committee.branches()} == {"CZ02", "JG01"}


def test_the_committee_cli(world, capsys) -> None:
    from app.cli import main

    db = str(world["tmp"] / "工委.sqlite")
    secret = world["tmp"] / "p.txt"
    secret.write_text(COMMITTEE_PASS, encoding="utf-8")
    world["branch"].export(YEAR, world["out"], BRANCH_PASS)
    world["session"].close()  # the CLI opens the committee's file itself
    run = lambda *a: main(["--today", TODAY, "committee", "--db", db, *a])  # noqa: E731
    assert run("ingest", str(world["out"]), "--passphrase-file", str(secret), "--json") == 0
    [r] = json.loads(capsys.readouterr().out)
    assert r["outcome"] == receive.ACCEPTED
    assert run("ingest", str(world["out"]), "--passphrase-file", str(secret)) == 0  # received before: fine
    capsys.readouterr()
    [bundle] = world["out"].glob("*.bbx")
    junk = world["tmp"] / "junk"
    junk.mkdir()
    (junk / "broken.bbx").write_bytes(bundle.read_bytes()[:-500])
    assert run("ingest", str(junk), "--passphrase-file", str(secret)) == 5  # a refusal is not a success
    assert "拒收" in capsys.readouterr().out
    empty = world["tmp"] / "empty"
    empty.mkdir()
    assert run("ingest", str(empty), "--passphrase-file", str(secret)) == 2
    assert "没有找到报送包" in capsys.readouterr().err
    assert run("grades", "--year", str(YEAR), "--json") == 0
    [g] = json.loads(capsys.readouterr().out)
    assert g["branch_id"] == "CZ02" and g["tier"] == "好" and g["deductions"]
    assert run("show", "NOPE", "--year", str(YEAR)) == 2
    assert "没有登记代码" in capsys.readouterr().err
    assert run("key", "show", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["fingerprint"]) == 64
    assert main(["--today", TODAY, "committee", "--db", str(world["tmp"] / "none.sqlite"), "grades",
                 "--year", "2025"]) == 2
    assert "找不到党委数据库" in capsys.readouterr().err


def test_report_pdf_has_a_chart_and_lists(world) -> None:
    _ingest(world, _export(world))
    data = reports._pdf(world["committee"], reports.overview(world["committee"], YEAR))
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    assert "各等次支部数" in reader.pages[0].extract_text()
    for page in reader.pages:  # every font embedded: no Helvetica from the chart
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object(), font.get_object()
    text = "".join(p.extract_text() for p in reader.pages)
    assert "（盖章）" in text and "日期" in text
    assert "0.5" not in reader.pages[0].extract_text()  # whole branches on the axis


def test_outside_edits_and_rewritten_history_cost_the_branch(world) -> None:
    """A record changed behind the program's back is found in the snapshot; a branch that rewrites
    its log and seals between two bundles (the clever way, recomputing every hash) is caught by
    the checkpoint its previous bundle signed."""
    from db import integrity

    first = _export(world)
    [accepted] = _ingest(world, first)
    assert accepted["outcome"] == receive.ACCEPTED
    assert not world["committee"].grade("CZ02", YEAR).grade.vetoed
    conn = world["branch"].conn
    # rewrite history: drop the oldest log rows, then re-chain and re-seal as the program would
    outside = sqlite3.connect(world["tmp"] / "branch.sqlite", isolation_level=None)
    outside.execute("DELETE FROM change_log WHERE id <= 3")
    integrity.chain_all(outside)
    outside.close()
    assert conn.execute("SELECT count(*) FROM change_log WHERE id <= 3").fetchone()[0] == 0
    second = _export(world)
    [result] = _ingest(world, second)
    assert result["outcome"] == receive.SUPERSEDED
    grade = world["committee"].grade("CZ02", YEAR).grade
    tampered = [d for d in grade.deductions if d.rule == "quality.tampered"]
    assert any("第1版报送时签名确认的操作日志" in d.evidence for d in tampered)
    assert grade.vetoed and grade.tier != "好"


def test_versions_of_one_year_arriving_out_of_order_in_one_batch(world) -> None:
    """Checked in parallel, an older version can arrive after a newer one of the same batch: it is
    kept on record as superseded, not refused; sent again in a later batch, it is a replay."""
    first = _export(world)
    second = _export(world)
    results = _ingest(world, second, first)  # the newer one first
    assert [r["outcome"] for r in results] == [receive.ACCEPTED, receive.SUPERSEDED]
    assert "只作记录" in results[1]["reason"]
    assert world["committee"].grade("CZ02", YEAR).bundle.seq == 2
    again = _ingest(world, first)[0]  # in a later batch: an older version than the one kept
    assert again["outcome"] == receive.REFUSED and again["code"] == "replay"


def test_a_batch_checked_by_worker_processes_several_files_a_task(world) -> None:
    """What the committee's window and CLI use: worker processes, each given a few files at a time.
    Every file gets its outcome, in file order; progress counts each file once, up to the whole."""
    bundle = _export(world)
    usb = world["tmp"] / "batch"
    usb.mkdir()
    copies = [shutil.copyfile(bundle, usb / f"copy{i}.bbx") for i in range(4)]
    damaged = bytearray(bundle.read_bytes())
    damaged[-100] ^= 1
    (usb / "damaged.bbx").write_bytes(bytes(damaged))
    for i in range(12):
        (usb / f"junk{i:02d}.bbx").write_bytes(b"not a bundle %d" % i)
    files = sorted(usb.iterdir())
    seen: list[tuple[int, int]] = []
    committee = world["committee"]
    results = receive.run(committee, [usb], committee.unlock(COMMITTEE_PASS),
                          progress=lambda done, total: seen.append((done, total)), workers=2)
    assert [Path(r["file"]) for r in results] == files
    assert seen == [(n, len(files)) for n in range(1, len(files) + 1)]
    outcomes = {Path(r["file"]).name: r["outcome"] for r in results}
    assert sorted(outcomes[c.name] for c in copies) == sorted([receive.ACCEPTED] + [receive.DUPLICATE] * 3)
    assert outcomes["damaged.bbx"] == receive.REFUSED
    assert all(outcomes[f"junk{i:02d}.bbx"] == receive.REFUSED for i in range(12))
    assert committee.grade("CZ02", YEAR).grade is not None


def test_a_finished_year_is_graded_whole(_demo_year_file: Path, tmp_path: Path) -> None:
    """The committee's facts of a year that is over count its December and fourth quarter like any
    other period: a December 支委会 and the fourth quarter's 党课 that were not held are missing, not
    'still due' (the issue's branch that skipped both scored 100)."""
    from app.committee.metrics import compute

    db = tmp_path / "b.sqlite"
    shutil.copyfile(_demo_year_file, db)
    conn = sqlite3.connect(db)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("DELETE FROM meeting WHERE (kind = '支委会' AND date LIKE '2025-12-%') "
                 "OR (kind = '党课' AND date >= '2025-10-01' AND date <= '2025-12-31') "
                 "OR (also_counts LIKE '%党课%' AND date >= '2025-10-01' AND date <= '2025-12-31')")
    conn.commit()
    conn.close()

    def missing(today: str) -> set[tuple[str, str]]:
        with Session.open(db, Clock(today), read_only=True) as s:
            facts = compute(s.services, YEAR, "2025-12-31")
        return {(m["rule"], m["period"]) for m in facts["compliance_missing"]}

    assert {("MTG-ZWH", "2025-12"), ("MTG-DK", "2025-Q4")} <= missing("2026-01-05")  # the year is over
    assert not {("MTG-ZWH", "2025-12"), ("MTG-DK", "2025-Q4")} & missing("2025-12-31")  # still open that day


_REUSE = """
import resource, sys
from app.committee import ingest
kept = ingest.keep_freed_memory() if sys.argv[1] == "kept" else None
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(40):  # a bundle's buffers (the file, the payload, the snapshot...): made, written, freed
    data = [b"x" * (2 * 1024**2) for _ in range(8)]
    del data
print(kept, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_receiving_worker_reuses_the_memory_of_the_bundle_before() -> None:
    """A worker checks two thousand bundles: each one's buffers reuse the memory of the last
    instead of being mapped afresh from the system (a tenth of the worker's time otherwise)."""
    def faults(mode: str) -> tuple[str, int]:
        out = subprocess.run([sys.executable, "-c", _REUSE, mode], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parents[2]).stdout.split()
        return out[0], int(out[1])

    kept, with_reuse = faults("kept")
    _, without = faults("plain")
    assert kept == "True"
    pages = 40 * 8 * 2 * 1024**2 // 4096
    assert without > pages // 2  # every buffer mapped anew: a fault for each page it writes
    assert with_reuse < pages // 10
